"""kam's C++ errors as Python exceptions: the class, the built-in base a caller already catches,
and the site (function, field, row) as attributes."""

import numpy as np
import pytest

import kam

C = [kam.benefit("revenue", 40), kam.benefit("growth", 35), kam.cost("effort", 25)]


def data():
    return np.array([[100, 0.10, 3], [400, 0.05, 5], [250, 0.20, 2], [50, 0.25, 2]], dtype=float)


def test_nan_names_criterion_and_row():
    x = data()
    x[2, 1] = np.nan
    with pytest.raises(kam.NonFiniteValueError) as info:
        kam.score(x, C)
    e = info.value
    assert isinstance(e, kam.InvalidInputError) and isinstance(e, ValueError)
    assert (e.function, e.field, e.row, e.index) == ("kam::score", "growth", 2, None)
    assert "missing_policy is reject" in e.reason
    assert str(e).startswith("kam::score: 'growth', row 2:")


def test_frame_errors_carry_the_index_label():
    pd = pytest.importorskip("pandas")
    x = data()
    x[1, 0] = np.inf
    frame = pd.DataFrame(x, columns=["revenue", "growth", "effort"], index=list("wxyz"))
    with pytest.raises(kam.NonFiniteValueError) as info:
        kam.score(frame, C, missing="renormalize")
    assert info.value.row == 1 and info.value.label == "x" and "'x'" in str(info.value)
    with pytest.raises(kam.UnknownNameError) as info:
        kam.score(frame.drop(columns="growth"), C)
    assert isinstance(info.value, KeyError) and info.value.field == "growth"
    assert info.value.known == ["revenue", "effort"]


def test_out_of_scale_is_out_of_bounds():
    x = data()
    crit = [C[0], C[1], kam.cost("effort", 25).on_scale(1, 4)]
    with pytest.raises(kam.OutOfBoundsError) as info:
        kam.score(x, crit)
    e = info.value
    assert isinstance(e, IndexError) and isinstance(e, ValueError)
    assert (e.field, e.row) == ("effort", 1)


def test_unknown_option_lists_the_known_names():
    with pytest.raises(kam.UnknownNameError) as info:
        kam.score(data(), C, missing="drop")
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, KeyError)
    assert (e.function, e.field, e.name) == ("kam::score", "missing", "drop")
    assert e.known == ["reject", "renormalize", "impute"] == kam.ENUMS["missing"]
    with pytest.raises(kam.UnknownNameError) as info:
        kam.score(data(), C, method="electre")
    assert info.value.known == ["wsm", "wpm", "topsis"]


def test_wsm_options_are_not_silently_ignored_by_other_methods():
    for method in ("wpm", "topsis"):
        with pytest.raises(kam.InvalidInputError) as info:
            kam.score(data(), C, method, missing="renormalize")
        assert (info.value.function, info.value.field) == ("kam.score", "missing")
    with pytest.raises(kam.InvalidInputError) as info:
        kam.score(data(), C, normalization="vector")
    assert info.value.field == "normalization"


def test_shape_empty_duplicate_and_threads():
    with pytest.raises(kam.ShapeMismatchError) as info:
        kam.score(data()[:, :2], C)
    assert info.value.function == "kam::score"
    with pytest.raises(kam.EmptyInputError):
        kam.score(np.empty((0, 3)), C)
    with pytest.raises(kam.DuplicateNameError):
        kam.score(data(), [C[0], C[1], kam.cost("revenue", 1)])
    with pytest.raises(kam.OutOfBoundsError) as info:
        kam.score(data(), C, threads=5000)
    assert info.value.field == "threads"
    for bad in (-1, 1.5, True):
        with pytest.raises(kam.OutOfBoundsError) as info:
            kam.score(data(), C, threads=bad)
        assert (info.value.function, info.value.field) == ("kam.score", "threads")
    with pytest.raises(kam.ShapeMismatchError):
        kam.score(np.zeros(3), C)


def test_weights_errors():
    with pytest.raises(kam.InvalidInputError) as info:
        kam.ahp(np.array([[1.0, 3.0], [3.0, 1.0]]))  # not reciprocal
    assert info.value.function == "kam::ahp"
    with pytest.raises(kam.OutOfBoundsError) as info:
        kam.rank_order_centroid_weights([1, 5])
    assert info.value.field.startswith("ranks")
    with pytest.raises(kam.InvalidInputError) as info:
        kam.entropy_weights(np.array([[1.0, -1.0], [2.0, 3.0]]))
    assert info.value.row == 0
    with pytest.raises(kam.InvalidInputError) as info:
        kam.tiers_by_bands(np.array([0.5]), [0.7, 0.4])
    assert info.value.field == "edges[1]"


def test_every_error_is_a_kam_error():
    for cls in (kam.InvalidInputError, kam.ShapeMismatchError, kam.EmptyInputError,
                kam.NonFiniteValueError, kam.DuplicateNameError, kam.OutOfBoundsError,
                kam.UnknownNameError):
        assert issubclass(cls, kam.Error)
