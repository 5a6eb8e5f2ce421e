"""The defaults in the Python signatures of the portfolio, plan and explanation functions are
kam's C++ defaults (kam._kam.option_defaults reads them from the options structs)."""

import inspect

import pytest

import kam
from kam import _kam

CPP = _kam.option_defaults()

# (function, C++ struct, {Python parameter: C++ member})
CASES = [
    (kam.focus, "focus", {k: k for k in CPP["focus"]}),
    (kam.preferencing, "preferencing", {"value_edges": "value_edges",
                                        "high_value_from": "high_value_from"}),
    (kam.maturity, "maturity", {"scale_low": "scale_low", "scale_high": "scale_high",
                                "stage_edges": "stage_edges"}),
    (kam.relationship, "relationship", {"active_days": "active_days",
                                        "breadth_target": "breadth_target",
                                        "stage_edges": "stage_edges"}),
    (kam.score_plans, "plan", {"objectives_weight": "objectives_weight",
                               "review_interval_days": "review_interval_days"}),
    (kam.whitespace, "whitespace", {"smoothing": "smoothing"}),
    (kam.next_best_play, "play_rules", {k: k for k in CPP["play_rules"]}),
    (kam.review_objectives, "review", {k: k for k in CPP["review"]}),
    (kam.review_kpi, "kpi", {k: k for k in CPP["kpi"]}),
    (kam.track_health, "health", {"band_edges": "band_edges", "band_names": "band_names",
                                  "dead_band": "dead_band"}),
    (kam.find_at_risk, "health", {"window": "window", "fall_threshold": "fall_threshold",
                                  "churn_rise_threshold": "churn_rise_threshold",
                                  "band_edges": "band_edges", "band_names": "band_names"}),
    (kam.explain_health_change, "health", {"tolerance": "tolerance", "dead_band": "dead_band"}),
    (kam.weight_sensitivity, "sensitivity", {k: k for k in CPP["sensitivity"]}),
]


def _plain(v):
    return list(v) if isinstance(v, (tuple, list)) else v


@pytest.mark.parametrize("function,struct,members", CASES,
                         ids=[c[0].__name__ for c in CASES])
def test_python_defaults_are_kams(function, struct, members):
    params = inspect.signature(function).parameters
    for parameter, member in members.items():
        assert _plain(params[parameter].default) == _plain(CPP[struct][member]), (
            function.__name__, parameter)
