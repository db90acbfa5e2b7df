"""Behaviour of snippets/overfitting.py: the split, the two fits, the network and its run."""

import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from snippets.overfitting import (
    accuracy,
    fit_models,
    fit_polynomial,
    forward,
    init_params,
    loss_and_gradients,
    noisy_classes,
    noisy_sample,
    rmse,
    target,
    train,
    train_validation_split,
    training_curves,
)

ARTICLE = Path(__file__).resolve().parent.parent / "docs" / "overfitting.md"


# The split ----------------------------------------------------------------------------------


@given(
    n=st.integers(2, 300),
    fraction=st.floats(0.001, 0.999),
    seed=st.integers(0, 2**32 - 1),
)
def test_split_is_disjoint_complete_aligned_and_sized_as_asked(n, fraction, seed):
    n_val = math.ceil(fraction * n)
    assume(0 < n_val < n)
    X = np.arange(n * 2).reshape(n, 2)
    y = np.arange(n) * 10
    X_train, X_val, y_train, y_val = train_validation_split(X, y, fraction, rng=seed)
    assert len(X_val) == len(y_val) == n_val and len(X_train) == len(y_train) == n - n_val
    ids = np.concatenate([X_train[:, 0], X_val[:, 0]]) // 2
    np.testing.assert_array_equal(np.sort(ids), np.arange(n))  # every sample exactly once
    np.testing.assert_array_equal(y_train, X_train[:, 0] // 2 * 10)  # rows stay paired
    np.testing.assert_array_equal(y_val, X_val[:, 0] // 2 * 10)


def test_split_is_reproducible_shuffled_and_leaves_inputs_alone():
    X, y = np.arange(100.0), np.arange(100)
    before = X.copy()
    first = train_validation_split(X, y, 0.25, rng=3)
    again = train_validation_split(X, y, 0.25, rng=3)
    other = train_validation_split(X, y, 0.25, rng=4)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[1], other[1])
    assert not np.array_equal(first[1], np.arange(25.0))  # shuffled, not the first rows
    np.testing.assert_array_equal(X, before)


def test_split_rounds_the_validation_size_up_like_scikit_learn():
    parts = train_validation_split(np.arange(10), np.arange(10), 0.25, rng=0)
    assert [len(p) for p in parts] == [7, 3, 7, 3]


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.2, 1.5, float("nan"), float("inf")])
def test_split_fraction_outside_open_unit_interval_is_a_value_error(fraction):
    with pytest.raises(ValueError, match=r"validation_fraction must be in \(0, 1\)"):
        train_validation_split(np.arange(10), np.arange(10), fraction)


@pytest.mark.parametrize("fraction", ["0.2", None, True, [0.2]])
def test_split_fraction_that_is_not_a_number_is_a_type_error(fraction):
    with pytest.raises(TypeError, match="validation_fraction must be a number"):
        train_validation_split(np.arange(10), np.arange(10), fraction)


@pytest.mark.parametrize("n, fraction", [(2, 0.9), (1, 0.5), (5, 0.99), (0, 0.5)])
def test_split_that_leaves_a_side_empty_is_a_value_error(n, fraction):
    with pytest.raises(ValueError, match="leaves"):
        train_validation_split(np.arange(n), np.arange(n), fraction)


def test_split_needs_equal_lengths():
    with pytest.raises(ValueError, match="X and y must have the same length, got 10 and 9"):
        train_validation_split(np.arange(10), np.arange(9), 0.2)


@pytest.mark.parametrize(
    "X, y, name",
    [
        ([1, 2, 3], np.arange(3), "X"),
        (np.arange(3), (1, 2, 3), "y"),
        (np.float64(1), np.arange(1), "X"),
    ],
)
def test_split_needs_numpy_arrays(X, y, name):
    with pytest.raises(TypeError, match=f"{name} must be a numpy array"):
        train_validation_split(X, y, 0.5)


# Model A and Model B ------------------------------------------------------------------------


def test_model_a_memorises_and_model_b_generalises():
    noise, ratios, b_errors = 0.15, [], []
    for seed in range(10):
        fits = fit_models(seed, noise=noise)
        assert rmse(fits.model_a, *fits.train) < 1e-8  # passes through every training point
        assert rmse(fits.model_b, *fits.train) > 0.3 * noise  # a cubic cannot
        a_out, b_out = (
            rmse(fits.model_a, *fits.held_out),
            rmse(fits.model_b, *fits.held_out),
        )
        ratios.append(a_out / b_out)
        b_errors.append(b_out / noise)
    # Model B stays near the noise level, the floor for any model (its cubic bias adds a little).
    assert 0.8 < min(b_errors) and max(b_errors) < 2.0 and np.median(b_errors) < 1.35
    # Model A is worse on held-out points for every seed, typically several times worse.
    assert min(ratios) > 1.25 and np.median(ratios) > 3


def test_the_figure_seed_shows_model_a_far_worse_than_model_b():
    fits = fit_models(2)
    assert rmse(fits.model_a, *fits.held_out) > 10 * rmse(fits.model_b, *fits.held_out)


def test_target_and_noisy_sample():
    np.testing.assert_allclose(target(np.array([0.0, 0.25, 0.5, 0.75])), [0, 1, 0, -1], atol=1e-12)
    x, y = noisy_sample(20_000, 0.3, np.random.default_rng(0))
    np.testing.assert_array_equal(np.floor(x * 20_000), np.arange(20_000))  # one x in each bin
    assert np.std(y - target(x)) == pytest.approx(0.3, rel=0.03)  # 0.03 is >6 standard errors


def test_fit_polynomial_recovers_a_polynomial_exactly():
    x = np.linspace(0, 1, 30)
    y = 2 - x + 3 * x**3
    model = fit_polynomial(x, y, 3)
    np.testing.assert_allclose(
        model(np.array([0.1, 0.77])),
        2 - np.array([0.1, 0.77]) + 3 * np.array([0.1, 0.77]) ** 3,
    )
    assert rmse(model, x, y) < 1e-12


def test_model_a_has_one_coefficient_per_training_point():
    fits = fit_models(0, n_train=12)
    assert fits.model_a.degree() == 11 and fits.model_b.degree() == 3


# The network --------------------------------------------------------------------------------


def test_gradients_match_central_finite_differences():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(12, 5)), rng.integers(0, 3, size=12)
    params = init_params((5, 7, 3), rng)
    params = {
        k: v + rng.normal(scale=0.1, size=v.shape) for k, v in params.items()
    }  # non-zero biases
    _, grads = loss_and_gradients(params, X, y)
    eps = 1e-6
    for name, value in params.items():
        numeric = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus = {**params, name: value.copy()}
            minus = {**params, name: value.copy()}
            plus[name][index] += eps
            minus[name][index] -= eps
            numeric[index] = (
                loss_and_gradients(plus, X, y)[0] - loss_and_gradients(minus, X, y)[0]
            ) / (2 * eps)
        # Relative error below 1e-6: float64 central differences agree to ~1e-9 when correct.
        error = np.abs(numeric - grads[name]).max() / max(np.abs(numeric).max(), 1e-12)
        assert error < 1e-6, (name, error)


def test_forward_gives_probabilities_and_loss_is_cross_entropy():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(6, 4)), np.array([0, 1, 2, 0, 1, 2])
    params = init_params((4, 5, 3), rng)
    hidden, probs = forward(params, X)
    assert hidden.shape == (6, 5) and probs.shape == (6, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    logits = np.tanh(X @ params["W1"]) @ params["W2"]
    log_softmax = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    loss, _ = loss_and_gradients(params, X, y)
    assert loss == pytest.approx(-log_softmax[np.arange(6), y].mean(), rel=1e-12)


def test_training_lowers_the_loss_and_keeps_the_best_validation_parameters():
    rng = np.random.default_rng(2)
    X, y = noisy_classes(200, features=10, classes=3, label_noise=0.2, rng=rng)
    data = train_validation_split(X, y, 0.5, rng=rng)
    params = init_params((10, 16, 3), rng)
    start = loss_and_gradients(params, data[0], data[2])[0]
    curves = train(params, data, epochs=60, learning_rate=0.1)
    assert loss_and_gradients(params, data[0], data[2])[0] < start
    best = curves.validation_accuracy[curves.best_epoch - 1]
    assert best == curves.validation_accuracy.max()
    assert accuracy(curves.best_params, data[1], data[3]) == best
    assert accuracy(params, data[1], data[3]) == curves.validation_accuracy[-1]


# The default run behind the chart -------------------------------------------------------------


@pytest.fixture(scope="module")
def default_run():
    return training_curves()


def test_default_run_overfits_like_the_thread(default_run):
    train_acc, val_acc = (
        default_run.train_accuracy,
        default_run.validation_accuracy,
    )
    best = default_run.best_epoch
    assert train_acc[-1] >= 0.98
    assert best < len(val_acc)
    assert 40 <= best <= 80  # the thread's turn is around epoch 50
    assert 0.45 <= val_acc[best - 1] <= 0.65  # the thread's validation stalls near 50%
    # After its peak, validation ends at least 5 points lower while training still climbs.
    assert val_acc[best - 1] - val_acc[-1] >= 0.05
    assert train_acc[-1] - train_acc[best - 1] >= 0.15


def test_default_run_is_identical_for_the_same_seed(default_run):
    again = training_curves(seed=0)
    np.testing.assert_array_equal(again.train_accuracy, default_run.train_accuracy)
    np.testing.assert_array_equal(again.validation_accuracy, default_run.validation_accuracy)
    assert not np.array_equal(
        training_curves(seed=1).validation_accuracy,
        default_run.validation_accuracy,
    )


def test_the_shape_holds_over_the_seeds_the_article_quotes():
    # The article says: over seeds 0 to 19, the peak is between 52% and 68%, between epochs 30
    # and 91, and validation ends 3 to 15 points below it.
    for seed in range(20):
        curves = training_curves(seed)
        peak = curves.validation_accuracy.max()
        assert 30 <= curves.best_epoch <= 91 and 0.52 <= peak <= 0.68, seed
        assert 0.025 <= peak - curves.validation_accuracy[-1] <= 0.15, seed
        assert curves.train_accuracy[-1] >= 0.97, seed


def test_the_numbers_the_article_quotes_are_the_ones_the_code_gives(
    default_run,
):
    text = " ".join(ARTICLE.read_text(encoding="utf-8").split())
    best = default_run.best_epoch
    peak = round(100 * default_run.validation_accuracy[best - 1])
    final = round(100 * default_run.validation_accuracy[-1])
    assert f"peak of about {peak}% at epoch {best}" in text
    assert f"Around epoch {best} the blue curve stops at about {peak}%" in text
    assert f"falls to about {final}% by epoch {len(default_run.validation_accuracy)}" in text
    assert (
        f"{round(100 * (default_run.validation_accuracy.max() - default_run.validation_accuracy[-1]))} points better"
        in text
    )
    fits = fit_models(2)
    for model, letter in ((fits.model_a, "A"), (fits.model_b, "B")):
        train_error, held_out = (
            rmse(model, *fits.train),
            rmse(model, *fits.held_out),
        )
        assert re.search(
            rf"training error {train_error:.2f},? and (its )?held-out error {held_out:.2f}",
            text,
        ), letter
