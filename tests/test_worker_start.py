"""Worker processes: they start under the app (whose sys.stderr has no file descriptor), from a
script with no `__main__` guard and from `python -`, and never run the user's script again."""

import subprocess
import sys
import textwrap

from tests.conftest import SEED_PAGE


def _pages(directory, count=24):
    """Enough pages for several jobs: worth worker processes."""
    directory.mkdir(exist_ok=True)
    for n in range(count):
        (directory / f"{n:02d}.txt").write_bytes(SEED_PAGE.read_bytes())
    return directory


def _run(code: str, cwd, *, stdin: str | None = None):
    command = [sys.executable, "-"] if stdin is not None else [sys.executable, "-c", code]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=cwd, timeout=180)


def test_workers_start_when_stderr_is_textuals_capture(tmp_path):
    pages = _pages(tmp_path / "pages")
    code = textwrap.dedent(
        f"""
        import sys
        from reader.indexer import Notice, Finished, index_corpus

        class Capture:  # what Textual puts in sys.stderr while the app runs
            def write(self, text): return len(text)
            def flush(self): pass
            def fileno(self): return -1

        sys.stderr = Capture()
        for event in index_corpus([{str(pages)!r}], cache=False, workers=2):
            if isinstance(event, (Notice, Finished)):
                print(type(event).__name__, getattr(event, "tagged", ""), getattr(event, "workers", ""))
        """
    )
    result = _run(code, tmp_path)
    assert result.stdout.split() == ["Finished", "24", "2"], result.stderr


def test_a_script_without_a_main_guard_runs_once(tmp_path):
    pages = _pages(tmp_path / "pages")
    script = tmp_path / "script.py"
    script.write_text(
        textwrap.dedent(
            f"""
            from reader import load_corpus
            print("script ran")
            corpus = load_corpus([{str(pages)!r}], workers=2)
            print(len(corpus.articles), corpus.notices, corpus.report.workers)
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=180
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["script ran", "96 [] 2"]
    assert result.stdout.count("script ran") == 1


def test_a_script_piped_to_python_uses_workers_too(tmp_path):
    pages = _pages(tmp_path / "pages")
    script = textwrap.dedent(
        f"""
        from reader.indexer import index_corpus, Finished, Notice
        for event in index_corpus([{str(pages)!r}], cache=False, workers=2):
            if isinstance(event, (Finished, Notice)):
                print(type(event).__name__, getattr(event, "tagged", ""), getattr(event, "workers", ""))
        """
    )
    result = _run("", tmp_path, stdin=script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Finished", "24", "2"]
