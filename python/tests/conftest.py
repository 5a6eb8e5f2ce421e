"""Shared data for kam's Python tests."""

from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "examples" / "data" / "sample_portfolio.csv"


@pytest.fixture
def small():
    """The README's four accounts: revenue, growth (benefit), effort (cost); weights 40/35/25."""
    x = np.array([[100, 0.10, 3], [400, 0.05, 5], [250, 0.20, 2], [50, 0.25, 2]], dtype=float)
    w = np.array([40.0, 35.0, 25.0])
    return x, w


@pytest.fixture
def wide():
    """60 accounts x 5 criteria of positive values (a fixed seed), two of them cost criteria."""
    rng = np.random.default_rng(17)
    x = rng.uniform(1.0, 10.0, size=(60, 5))
    w = np.array([5.0, 4.0, 3.0, 2.0, 1.0])
    directions = ["benefit", "cost", "benefit", "cost", "benefit"]
    return x, w, directions
