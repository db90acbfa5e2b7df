"""Behaviour of snippets/validation_reuse_exercises.py: each solution's claim holds, and
numbers() says what the solutions print."""

import math

import numpy as np
import pytest
from snippets.validation_reuse import (
    SEEDS,
    best_of_k,
    expected_best_independent,
    selection_bound,
)
from snippets.validation_reuse_exercises import (
    best_of_two_report,
    numbers,
    points_needed,
    points_needed_report,
    weak_signal_report,
)


def test_points_needed_inverts_the_bound():
    n = points_needed(100, 0.01)
    assert n == math.ceil(2 * math.log(100) * 0.25 / 0.01**2) == 23026
    assert selection_bound(100, n) <= 0.01 < selection_bound(100, n - 1)


def test_with_the_points_the_bound_asks_for_the_measured_gap_is_below_it():
    report = points_needed_report()
    measured = float(report.rsplit("measured gap ", 1)[1].rstrip("%")) / 100
    assert 0 < measured < 0.01


def test_weak_signal_winner_is_better_but_validation_flatters_it():
    lines = weak_signal_report().splitlines()
    assert lines[0] == "candidates  validation  true accuracy" and len(lines) == 5
    runs = [best_of_k((1, 10, 100, 1000), seed, signal=0.3) for seed in SEEDS]
    fresh = np.mean([f for _, f in runs], axis=0)
    val = np.mean([v for v, _ in runs], axis=0)
    assert fresh[-1] > fresh[0] and np.all(val[1:] > fresh[1:])
    assert lines[-1].split()[-1] == f"{fresh[-1]:.1%}"


def test_refreshing_before_every_candidate_leaves_about_the_best_of_two():
    report = best_of_two_report()
    measured = float(report.split("gap ")[1].split("%")[0]) / 100
    # Five seeds of one final round on 200 points: within 4 standard errors (0.035 / sqrt(5)).
    assert measured == pytest.approx(
        expected_best_independent(2, 200), abs=4 * 0.035 / math.sqrt(5)
    )


def test_numbers_are_what_the_solutions_print():
    values = numbers()
    assert values["points_needed"] == points_needed_report()
    assert values["weak_signal"] == weak_signal_report()
    assert values["best_of_two"] == best_of_two_report()
    assert values["n_for_1pc"] == 23026
