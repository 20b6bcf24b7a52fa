"""Benchmarks: `python -m reader.bench NAME` runs `reader.bench.NAME.main()`.

Each reports its numbers against a baseline measured in the same run, because
these machines are shared and noisy: ratios travel, absolute times do not.
"""
