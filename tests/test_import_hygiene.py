"""The core never loads the UI: every module outside `reader.ui`, and the commands that do not
open the app (`reader parse`, `reader search`), leave Textual and Rich unloaded."""

import subprocess
import sys

from tests.conftest import ROOT, SEEDS

CODE = f"""
import contextlib, io, pkgutil, sys
import reader
for module in pkgutil.walk_packages(reader.__path__, "reader."):
    ui = module.name.startswith(("reader.ui", "reader.bench.typing", "reader.bench.startup"))
    training = module.name in ("reader.tagger.train_neural", "reader.tagger.train_lstm")  # need torch
    if not ui and not training and not module.name.endswith("__main__"):
        __import__(module.name)
from reader.cli import run
with contextlib.redirect_stdout(io.StringIO()):
    run(["parse", "--json", {str(SEEDS)!r}])
    run(["search", "乔俊杰", {str(SEEDS)!r}])
print(sorted(m for m in ("textual", "rich") if m in sys.modules))
"""


def test_the_core_and_the_commands_never_load_textual_or_rich():
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
