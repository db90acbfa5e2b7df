"""Behaviour of snippets/overfitting.py: the split, the two fits, the network and its run."""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from snippets.dropout import keep_mask
from snippets.overfitting import (
    accuracy,
    classification_parts,
    fit_models,
    fit_polynomial,
    forward,
    init_params,
    loss_and_gradients,
    noisy_classes,
    noisy_sample,
    rmse,
    softmax,
    target,
    train,
    train_validation_split,
    training_curves,
)

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


def test_the_too_simple_model_underfits_training_and_held_out_data_alike():
    for seed in range(10):
        fits = fit_models(seed)
        assert fits.too_simple.degree() == 1
        simple_train = rmse(fits.too_simple, *fits.train)
        simple_out = rmse(fits.too_simple, *fits.held_out)
        # Far above the noise (0.15) on both, and about as bad on one as on the other.
        assert simple_train > 2 * 0.15 and simple_out > 2 * 0.15, seed
        assert 0.6 < simple_out / simple_train < 1.6, seed
        assert simple_train > rmse(fits.model_b, *fits.train), seed


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


def assert_gradients_match_central_differences(params, loss, grads):
    """Each gradient against central finite differences of ``loss(params)``: relative error
    below 1e-6 (float64 central differences agree to ~1e-9 when correct)."""
    eps = 1e-6
    for name, value in params.items():
        numeric = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus = {**params, name: value.copy()}
            minus = {**params, name: value.copy()}
            plus[name][index] += eps
            minus[name][index] -= eps
            numeric[index] = (loss(plus) - loss(minus)) / (2 * eps)
        error = np.abs(numeric - grads[name]).max() / max(np.abs(numeric).max(), 1e-12)
        assert error < 1e-6, (name, error)


def test_gradients_match_central_finite_differences():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(12, 5)), rng.integers(0, 3, size=12)
    params = init_params((5, 7, 3), rng)
    params = {
        k: v + rng.normal(scale=0.1, size=v.shape) for k, v in params.items()
    }  # non-zero biases
    _, grads = loss_and_gradients(params, X, y)
    assert_gradients_match_central_differences(
        params, lambda p: loss_and_gradients(p, X, y)[0], grads
    )


@pytest.mark.parametrize("rate", [0.3, 0.5])
def test_gradients_through_a_dropout_mask_match_central_finite_differences(rate):
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(12, 5)), rng.integers(0, 3, size=12)
    params = init_params((5, 7, 3), rng)
    # The same integer seed gives the same mask at every call: the loss is a function of the
    # parameters alone, and its finite differences can be compared with the gradients.
    seed = 11
    _, grads = loss_and_gradients(params, X, y, dropout_rate=rate, rng=seed)
    assert_gradients_match_central_differences(
        params, lambda p: loss_and_gradients(p, X, y, dropout_rate=rate, rng=seed)[0], grads
    )
    # A dropped hidden unit gets no gradient into its incoming weights, for this mask.
    dropped = ~keep_mask((12, 7), rate, rng=seed)
    silent = dropped.all(axis=0)  # units dropped for every sample of the batch
    if silent.any():
        assert np.all(grads["W1"][:, silent] == 0) and np.all(grads["W2"][silent] == 0)


def test_loss_with_dropout_is_the_loss_of_the_masked_and_scaled_network():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(6, 4)), np.array([0, 1, 2, 0, 1, 2])
    params = init_params((4, 5, 3), rng)
    keep = keep_mask((6, 5), 0.4, rng=7)
    hidden = np.tanh(X @ params["W1"]) * keep / 0.6
    probs = softmax(hidden @ params["W2"])
    loss, _ = loss_and_gradients(params, X, y, dropout_rate=0.4, rng=7)
    assert loss == pytest.approx(-np.log(probs[np.arange(6), y]).mean(), rel=1e-12)
    assert loss_and_gradients(params, X, y, dropout_rate=0.0)[0] != loss


def test_softmax_is_stable_and_sums_to_one():
    logits = np.array([[1000.0, 1000.0, -1000.0], [0.0, np.log(3.0), -np.inf]])
    probs = softmax(logits)
    np.testing.assert_allclose(probs, [[0.5, 0.5, 0.0], [0.25, 0.75, 0.0]])


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
    X_train, X_val, y_train, y_val = train_validation_split(X, y, 0.5, rng=rng)
    parts = {"train": (X_train, y_train), "validation": (X_val, y_val)}
    params = init_params((10, 16, 3), rng)
    start = loss_and_gradients(params, X_train, y_train)[0]
    curves = train(params, parts, epochs=60, learning_rate=0.1)
    assert loss_and_gradients(params, X_train, y_train)[0] < start
    validation = curves.accuracy["validation"]
    assert validation[curves.best_epoch - 1] == validation.max()
    assert accuracy(curves.best_params, X_val, y_val) == validation.max()
    assert curves.params is params
    assert accuracy(params, X_val, y_val) == validation[-1]
    assert accuracy(params, X_train, y_train) == curves.accuracy["train"][-1]


# The default run behind the chart -------------------------------------------------------------

SEEDS = range(5)  # the seeds the article's figures average over (snippets.dropout_experiments)


@pytest.fixture(scope="module")
def runs():
    return {
        rate: [training_curves(seed, dropout_rate=rate) for seed in SEEDS] for rate in (0.0, 0.5)
    }


def test_the_three_parts_are_disjoint_and_the_training_part_is_unchanged_by_the_test_half():
    parts = classification_parts(0)
    assert [len(parts[p][0]) for p in ("train", "validation", "test")] == [120, 140, 140]
    rows = np.concatenate([parts[p][0] for p in parts])
    assert len(np.unique(rows, axis=0)) == 400
    # The test half is carved out of the held-out points: training data are the split's.
    rng = np.random.default_rng(0)
    X, y = noisy_classes(400, rng=rng)
    X_train, X_out, _, _ = train_validation_split(X, y, 0.7, rng=rng)
    np.testing.assert_array_equal(parts["train"][0], X_train)
    np.testing.assert_array_equal(np.concatenate([parts["validation"][0], parts["test"][0]]), X_out)


def test_every_run_overfits_like_the_thread(runs):
    for seed, run in zip(SEEDS, runs[0.0], strict=True):
        train_acc, val_acc = run.accuracy["train"], run.accuracy["validation"]
        best = run.best_epoch
        assert train_acc[-1] >= 0.97, seed
        assert best < len(val_acc), seed
        assert val_acc[best - 1] - val_acc[-1] >= 0.03, seed
        assert train_acc[-1] - train_acc[best - 1] >= 0.15, seed
    # The mean validation curve turns near epoch 50, as in the thread, well above chance (25%).
    mean = np.mean([run.accuracy["validation"] for run in runs[0.0]], axis=0)
    assert 30 <= np.argmax(mean) + 1 <= 80 and 0.5 <= mean.max() <= 0.7


def test_a_run_is_identical_for_the_same_seed_and_differs_for_another(runs):
    again = training_curves(seed=0)
    for part in ("train", "validation", "test"):
        np.testing.assert_array_equal(again.accuracy[part], runs[0.0][0].accuracy[part])
    assert not np.array_equal(runs[0.0][1].accuracy["validation"], again.accuracy["validation"])


def test_dropout_narrows_the_gap_for_every_seed_and_lifts_validation_in_the_mean(runs):
    def final(run, part):
        return run.accuracy[part][-1]

    gaps = {
        rate: np.array([final(r, "train") - final(r, "validation") for r in rs])
        for rate, rs in runs.items()
    }
    assert np.all(gaps[0.5] < gaps[0.0]), gaps
    validation = {rate: np.mean([final(r, "validation") for r in rs]) for rate, rs in runs.items()}
    assert validation[0.5] > validation[0.0]


def test_early_stopping_is_better_on_the_test_half_than_the_last_epoch_on_average(runs):
    best = [run.accuracy["test"][run.best_epoch - 1] for run in runs[0.0]]
    last = [run.accuracy["test"][-1] for run in runs[0.0]]
    assert np.mean(best) > np.mean(last)
    # The validation score at the chosen epoch is optimistic against the test half.
    chosen = [run.accuracy["validation"].max() for run in runs[0.0]]
    assert np.mean(chosen) > np.mean(best)


def test_dropout_masks_come_from_their_own_stream_and_rate_zero_changes_nothing(runs):
    plain = training_curves(0, dropout_rate=0.0, epochs=50)
    np.testing.assert_array_equal(plain.accuracy["train"], runs[0.0][0].accuracy["train"][:50])
    assert not np.array_equal(
        training_curves(0, dropout_rate=0.5, epochs=50).accuracy["train"], plain.accuracy["train"]
    )


@pytest.mark.parametrize("rate", [1.0, 1.5, -0.1, float("nan")])
def test_training_curves_refuses_a_dropout_rate_outside_0_to_1(rate):
    with pytest.raises(ValueError, match="rate"):
        training_curves(0, dropout_rate=rate, epochs=1)


def test_training_curves_refuses_a_dropout_rate_that_is_not_a_number():
    with pytest.raises(TypeError, match="rate must be a real number"):
        training_curves(0, dropout_rate="0.5", epochs=1)


@pytest.mark.parametrize(
    ("rate", "error"),
    [(1.0, ValueError), (-0.5, ValueError), (float("nan"), ValueError), ("0.5", TypeError)],
)
def test_loss_and_gradients_refuses_a_dropout_rate_outside_0_to_1(rate, error):
    params = init_params((2, 4, 2), np.random.default_rng(0))
    X, y = np.ones((3, 2)), np.array([0, 1, 0])
    with pytest.raises(error, match="rate"):
        loss_and_gradients(params, X, y, dropout_rate=rate, rng=0)
