"""Worker processes start under the app, whose sys.stderr has no file descriptor."""

import subprocess
import sys
import textwrap

from tests.conftest import ROOT


def test_process_pool_starts_when_stderr_is_textuals_capture():
    # A fresh interpreter, so multiprocessing's resource tracker is not running yet.
    code = textwrap.dedent(
        """
        import sys
        from concurrent.futures import ProcessPoolExecutor
        import multiprocessing
        from reader.indexer import _start_resource_tracker

        class Capture:  # what Textual puts in sys.stderr while the app runs
            def write(self, text): return len(text)
            def flush(self): pass
            def fileno(self): return -1

        sys.stderr = Capture()
        _start_resource_tracker()
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            print(pool.submit(abs, -3).result())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.stdout.strip() == "3", result.stderr
