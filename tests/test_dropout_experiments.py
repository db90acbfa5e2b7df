"""Behaviour of snippets/dropout_experiments.py: runs over seeds, silenced units, the report."""

import numpy as np
import pytest
from snippets.dropout_experiments import (
    SEEDS,
    accuracy_without_units,
    curves_over_seeds,
    final_accuracy,
    report,
    units_removed_curve,
)
from snippets.overfitting import accuracy, init_params, training_curves


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
