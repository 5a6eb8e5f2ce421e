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
                     "[18, 112, 170]", "0.0032 True", "AC-000156",
                     # the retention walk-through
                     "2               1.0   1.714286  38.857143          11.770",
                     "converged 0.2426 4.4136 0.7929 2.4259", "509 1162.87",
                     "fin       -0.379      0.684  0.191  0.047", "0.64 33.27",
                     "1  0.688  0.412", "3.84 0.05", "0.736 None",
                     # segmentation and the other retention models
                     "True 4", "converged 300 4", "float64 [300 300 300]",
                     "{'5-5-1': 13}", "[1500.0, 18300.0, 33900.0]",
                     "{'protect': 22, 'expand': 22, 'develop': 29, 'nurture': 227}",
                     "converged 9", "[3.89, 2.27, 3.43, 2.62]", "0.704 1.182 None",
                     "[0.627 0.935] 3.695", "[1.204, 0.75, 0.657, 2.783] -33225.6",
                     "[0.55, 10.58, 0.61, 11.67] -9595.0", "Mar     Apr      0.308  0.308",
                     "['expansion', 'churned', 'reactivated']", "Feb     1.0  1.0  1.0  NaN",
                     "0.2153",
                     # portfolio position and account plans
                     "['strategic', 'leverage', 'bottleneck', 'non_critical']",
                     "['partner', 'harvest_cautiously', 'secure_and_broaden', 'develop']",
                     "['X'] 66.7",
                     "0.562 developing ['weak: the right people in the right roles scores 0.125 "
                     "(initial)']", "0.25 at_risk amber"):
        assert expected in printed, printed
    assert os.getcwd() == str(REPO)
