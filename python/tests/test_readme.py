"""The walk-through in python/README.md runs as written, and prints what the README says."""

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

from conftest import REPO

pytest.importorskip("pandas")


def test_walk_through_runs(monkeypatch):
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    monkeypatch.chdir(REPO)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, "python/README.md", "exec"), {})
    printed = out.getvalue()
    # The comments after print(...) calls in the README are its output.
    for expected in ("AC-000187   Pellucid Systems AB   80.0     1", "90 60 False",
                     "[18, 112, 170]", "0.0032 True", "AC-000156"):
        assert expected in printed, printed
    assert os.getcwd() == str(REPO)
