"""The validation-reuse figures draw the runs they claim to draw (data, not pixels)."""

import math

import numpy as np
import pytest
from snippets.paired import compare, describe
from snippets.validation_reuse import (
    ATTACK_KS,
    ATTACK_SEEDS,
    SEEDS,
    expected_best_independent,
    final_reports,
    selection_bound,
)
from snippets.validation_reuse_figures import (
    EVERY,
    KS,
    N_VALS,
    climb_figure,
    climb_runs,
    gap_figure,
    gap_runs,
    numbers,
    remedy_figure,
    remedy_runs,
)

from tests.conftest import cached_experiments


@pytest.fixture(scope="module", autouse=True)
def _cached():
    with cached_experiments("snippets.validation_reuse_figures"):
        yield


def test_climb_figure_plots_validation_test_and_truth_means_over_the_seeds():
    runs = climb_runs()
    assert runs["validation"].shape == (len(SEEDS), len(KS))
    (ax,) = climb_figure().axes
    validation, test, fresh = ax.lines
    np.testing.assert_array_equal(validation.get_xdata(), KS)
    np.testing.assert_allclose(validation.get_ydata(), 100 * runs["validation"].mean(axis=0))
    np.testing.assert_allclose(test.get_ydata(), 100 * runs["test"].mean(axis=0))
    np.testing.assert_allclose(fresh.get_ydata(), 50.0)  # coin-flip labels: every rule is at 50%
    assert validation.get_ydata()[-1] > 55 > validation.get_ydata()[0]


def test_gap_figure_plots_the_bound_the_exact_independent_gap_and_the_measured_ones():
    runs = gap_runs()
    left, right = gap_figure().axes
    bound, exact, independent, shared, cv = left.lines
    np.testing.assert_allclose(bound.get_ydata(), [100 * selection_bound(k, 200) for k in KS])
    np.testing.assert_allclose(
        exact.get_ydata(), [100 * expected_best_independent(k, 200) for k in KS]
    )
    np.testing.assert_allclose(shared.get_ydata(), 100 * runs["shared"].mean(axis=0))
    np.testing.assert_allclose(cv.get_ydata(), 100 * runs["cross_validation"].mean(axis=0))
    assert np.all(shared.get_ydata()[1:] < bound.get_ydata()[1:])
    right_bound, measured = right.lines
    np.testing.assert_array_equal(measured.get_xdata(), N_VALS)
    np.testing.assert_allclose(measured.get_ydata(), 100 * runs["by_n_val"].mean(axis=0))
    assert np.all(measured.get_ydata() < right_bound.get_ydata())


def test_remedy_figure_plots_the_refresh_cost_and_both_attacks():
    runs = remedy_runs()
    left, right = remedy_figure().axes
    (refresh,) = left.lines
    np.testing.assert_array_equal(refresh.get_xdata(), [1000 // every * 200 for every in EVERY])
    np.testing.assert_allclose(refresh.get_ydata(), 100 * runs["refresh_gap"].mean(axis=0))
    vote_plain, vote_guarded = right.lines[:2]
    np.testing.assert_array_equal(vote_plain.get_xdata(), ATTACK_KS)
    np.testing.assert_allclose(vote_plain.get_ydata(), 100 * runs["vote_holdout"].mean(axis=0))
    np.testing.assert_allclose(
        vote_guarded.get_ydata(), 100 * runs["vote_thresholdout"].mean(axis=0)
    )


def test_numbers_are_the_figures_numbers_and_say_what_the_prose_says():
    values = numbers()
    gaps, remedies = gap_runs(), remedy_runs()
    assert values["gap_1000"] == pytest.approx(100 * gaps["shared"][:, -1].mean())
    assert values["gap_1000"] < values["independent_1000"] < values["bound_1000"]
    assert values["cv_1000"] < values["gap_1000"]
    assert values["refresh_gap_1"] < values["refresh_gap_1000"]
    assert values["refresh_points_always"] == 1000 * values["refresh_points_never"]
    assert values["vote_thresholdout"] < values["vote_holdout"]
    assert values["vote_thresholdout"] == remedies["vote_thresholdout"][:, -1].mean()
    assert values["report"].splitlines()[0].startswith("candidates")
    assert values["from_holdout_min"] == remedies["from_holdout"][:, -1].min()
    assert values["from_holdout_max"] == remedies["from_holdout"][:, -1].max()
    best = compare(remedies["best_holdout"][:, -1], remedies["best_thresholdout"][:, -1])
    assert values["claim_best_thresholdout"] == describe(best)
    assert not best.high < 0  # "does not help": its reported best is no closer to the truth (50%)
    reports = final_reports(ATTACK_SEEDS)
    np.testing.assert_array_equal(reports["vote_thresholdout"], remedies["vote_thresholdout"][:, -1])
    for name, (before, after) in {
        "vote_thresholdout": ("vote_holdout", "vote_thresholdout"),
        "best_thresholdout": ("best_holdout", "best_thresholdout"),
        "best_budget": ("best_holdout", "best_budget"),
    }.items():
        claim = compare(reports[before], reports[after])
        assert claim.n == len(ATTACK_SEEDS) == values["attack_seeds"] == 20
        assert values[f"claim_{name}"] == describe(claim)
    assert values["best_per_seed"].count(";") == len(ATTACK_SEEDS) - 1
    assert values["vote_budget_unanswered"] == np.isnan(remedies["vote_budget"][:, -1]).sum()
    assert values["vote_thresholdout_max"] == reports["vote_thresholdout"].max()
    # arXiv:1506.02629, Theorem 25: sigma = tau / (96 ln(4m / beta)), tau = 0.05, m = 1000, beta = 0.05
    assert values["theorem_sigma"] == pytest.approx(0.05 / (96 * math.log(80_000)))
    assert values["theorem_ratio"] == pytest.approx(0.01 / values["theorem_sigma"])
    # "the noise on its threshold ... more than the threshold itself": Laplace(0.02) + Laplace(0.04)
    assert values["gate_noise_sd"] == pytest.approx(math.sqrt(2 * (0.02**2 + 0.04**2)))
    assert values["gate_noise_sd"] > 0.04 and values["scaled_sigma"] == pytest.approx(0.0316, abs=1e-4)
