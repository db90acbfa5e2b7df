"""Behaviour of snippets/dropout_experiments.py: runs over seeds, silenced units, the report."""

import numpy as np
import pytest
from snippets.dropout_experiments import (
    PAIRED_SEEDS,
    PATIENCE,
    RATES,
    REMOVAL_RATE,
    REMOVED,
    SEEDS,
    SUBJECTS,
    WIDE,
    WIDTHS,
    Findings,
    accuracy_without_units,
    curves_over_seeds,
    dropout_findings,
    early_stopping_scores,
    final_accuracy,
    overfitting_comparisons,
    removal_runs,
    report,
    units_removed_curve,
    width_runs,
)
from snippets.early_stopping import early_stopping
from snippets.overfitting import accuracy, init_params, training_curves
from snippets.paired import compare

from tests.conftest import cached_experiments


@pytest.fixture
def kept_runs():
    """The site's runs, read from the build's cache (the figures train them)."""
    with cached_experiments("snippets.dropout_experiments_figures"):
        yield


def test_curves_over_seeds_stacks_each_seeds_run():
    curves = curves_over_seeds([3, 1], epochs=20, hidden=8)
    assert set(curves) == {"train", "validation", "test"}
    assert curves["train"].shape == (2, 20)
    for row, seed in enumerate([3, 1]):
        run = training_curves(seed, epochs=20, hidden=8)
        np.testing.assert_array_equal(curves["validation"][row], run.accuracy["validation"])


def test_final_accuracy_is_the_last_epoch_per_rate_and_seed():
    final = final_accuracy([0.0, 0.5], range(2), epochs=15, hidden=8)
    assert final["train"].shape == (2, 2)
    run = training_curves(1, epochs=15, hidden=8, dropout_rate=0.5)
    assert final["test"][1, 1] == run.accuracy["test"][-1]


@pytest.fixture(scope="module")
def small_network():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 6)), rng.integers(0, 3, size=50)
    params = init_params((6, 10, 3), rng)
    params["b2"] = np.array([0.0, 5.0, 0.0])  # with every unit silenced, class 1 wins
    return params, X, y


def test_silencing_no_unit_is_the_intact_accuracy_and_silencing_all_leaves_the_bias(small_network):
    params, X, y = small_network
    rng = np.random.default_rng(1)
    assert accuracy_without_units(params, X, y, 0, trials=3, rng=rng) == accuracy(params, X, y)
    assert accuracy_without_units(params, X, y, 10, trials=3, rng=rng) == np.mean(y == 1)


def test_silencing_units_leaves_the_parameters_alone(small_network):
    params, X, y = small_network
    before = {name: value.copy() for name, value in params.items()}
    accuracy_without_units(params, X, y, 5, trials=4, rng=np.random.default_rng(2))
    for name, value in params.items():
        np.testing.assert_array_equal(value, before[name])


def test_silencing_one_unit_is_the_mean_over_which_unit(small_network):
    params, X, y = small_network
    exact = []
    for unit in range(10):
        W2 = params["W2"].copy()
        W2[unit] = 0.0
        exact.append(accuracy({**params, "W2": W2}, X, y))
    # Many trials of one random unit each: the mean of the exact values, within 4 standard errors.
    trials = 4000
    measured = accuracy_without_units(
        params, X, y, 1, trials=trials, rng=np.random.default_rng(3)
    )
    assert abs(measured - np.mean(exact)) <= 4 * np.std(exact) / np.sqrt(trials) + 1e-12


@pytest.mark.parametrize("removed", [-1, 11])
def test_silencing_more_units_than_there_are_is_a_value_error(small_network, removed):
    params, X, y = small_network
    with pytest.raises(ValueError, match=r"removed must be in \[0, 10\]"):
        accuracy_without_units(params, X, y, removed, trials=1, rng=np.random.default_rng())


def test_units_removed_curve_starts_at_the_trained_networks_test_accuracy():
    curve = units_removed_curve(2, [0, 4, 8], epochs=20, hidden=8, trials=3)
    run = training_curves(2, epochs=20, hidden=8)
    assert curve.shape == (3,)
    assert curve[0] == run.accuracy["test"][-1]
    assert curve[-1] <= curve[0] + 0.05  # silencing every unit cannot help much


def test_report_has_a_row_per_rate_with_the_runs_numbers():
    text = report([0.0])
    header, row = text.splitlines()
    assert header.split()[0] == "dropout"
    runs = [training_curves(seed) for seed in SEEDS]
    train = np.mean([r.accuracy["train"][-1] for r in runs])
    early = np.mean([r.accuracy["test"][r.best_epoch - 1] for r in runs])
    assert row.split()[1] == f"{train:.0%}" and row.split()[-1] == f"{early:.0%}"


def test_width_runs_are_each_widths_last_epoch_and_the_wide_ones_the_sweeps(kept_runs):
    seeds = PAIRED_SEEDS[:3]
    runs = width_runs(seeds)
    assert list(runs) == [f"{w} units" for w in WIDTHS] + ["128, rate 0.5", "128, rate 0.9"]
    narrow = curves_over_seeds(seeds, hidden=16)
    np.testing.assert_array_equal(runs["16 units"]["test"], narrow["test"][:, -1])
    swept = final_accuracy([0.0, 0.9], seeds)  # WIDE units is the sweep's width
    np.testing.assert_array_equal(runs[f"{WIDE} units"]["validation"], swept["validation"][0])
    np.testing.assert_array_equal(runs[f"{WIDE}, rate 0.9"]["train"], swept["train"][1])


def test_removal_runs_start_from_the_intact_networks_test_accuracy(kept_runs):
    runs = removal_runs(PAIRED_SEEDS[:2])
    assert set(runs) == {0.0, REMOVAL_RATE}
    for rate, curves in runs.items():
        assert curves.shape == (2, len(REMOVED))
        intact = [training_curves(s, dropout_rate=rate).accuracy["test"][-1] for s in (0, 1)]
        np.testing.assert_allclose(curves[:, 0], intact)


def test_dropout_findings_choose_on_validation_and_compare_on_test(kept_runs):
    found = dropout_findings(PAIRED_SEEDS)
    assert isinstance(found, Findings)
    final = final_accuracy(RATES, PAIRED_SEEDS)
    best = int(np.argmax(final["validation"].mean(axis=1)))
    assert found.best_rate == RATES[best]
    widths = width_runs(PAIRED_SEEDS)
    narrow = [w for w in WIDTHS if w != WIDE]
    means = [widths[f"{w} units"]["validation"].mean() for w in narrow]
    assert found.best_narrow == narrow[int(np.argmax(means))]
    assert found.comparisons["best_test"] == compare(final["test"][0], final["test"][best])
    early = early_stopping_scores(PAIRED_SEEDS)["test_at_best"]  # no dropout, stopped early
    assert found.comparisons["early_test"] == compare(early, final["test"][best])
    gap = final["train"] - final["validation"]
    assert found.comparisons["gap_09"] == compare(gap[0], gap[RATES.index(0.9)])
    assert {c.n for c in found.comparisons.values()} == {len(PAIRED_SEEDS)}


def test_early_stopping_scores_read_the_curves_at_the_chosen_and_kept_epochs(kept_runs):
    scores = early_stopping_scores(SEEDS, PATIENCE)
    curves = curves_over_seeds(SEEDS)
    for row, validation in enumerate(curves["validation"]):
        chosen = int(np.argmax(validation)) + 1
        stop, kept = early_stopping(validation, PATIENCE)
        assert scores["best_epoch"][row] == chosen and scores["stop_epoch"][row] == stop
        assert scores["validation_at_best"][row] == validation[chosen - 1]
        assert scores["test_at_best"][row] == curves["test"][row, chosen - 1]
        assert scores["test_kept"][row] == curves["test"][row, kept - 1]
        assert scores["test_at_last"][row] == curves["test"][row, -1]


def test_overfitting_comparisons_pair_the_scores_seed_by_seed(kept_runs):
    found = overfitting_comparisons(SEEDS)
    s = early_stopping_scores(SEEDS)
    assert found["early"] == compare(s["test_at_last"], s["test_at_best"])
    assert found["optimism"] == compare(s["test_at_best"], s["validation_at_best"])
    validation = final_accuracy((0.0, 0.5), SEEDS)["validation"]
    assert found["dropout_05"] == compare(validation[0], validation[1])
    assert set(found) == {"early", "optimism", "patience_best", "patience_last", "dropout_05"}


def test_every_comparison_has_a_subject_for_the_notebooks_to_print(kept_runs):
    names = set(dropout_findings(PAIRED_SEEDS).comparisons) | set(overfitting_comparisons(SEEDS))
    assert set(SUBJECTS) == names
    assert all(", against " in subject for subject in SUBJECTS.values())
