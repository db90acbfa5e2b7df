"""Behaviour of snippets/dropout.py that readers rely on: statistics, edge cases, errors."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from snippets.dropout import (
    apply_mask,
    check_float_array,
    check_out,
    check_rate,
    check_rng,
    dropout,
    dropout_fast,
    dropped_and_mean,
    keep_mask,
    mean_of_passes,
)

RATES = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9]


@pytest.mark.parametrize("rate", RATES)
def test_dropped_fraction_is_within_a_binomial_bound_of_rate(rate):
    n = 200_000
    y = dropout(np.ones(n, dtype=np.float32), rate, rng=1)
    # 5 standard deviations of a binomial proportion: fails by chance ~1 in 3.5 million.
    bound = 5 * np.sqrt(rate * (1 - rate) / n)
    assert abs(np.mean(y == 0) - rate) <= bound


@pytest.mark.parametrize("rate", RATES)
def test_mean_output_matches_input(rate):
    n, value = 400_000, 1.7
    y = dropout(np.full(n, value), rate, rng=2)
    std_of_mean = value * np.sqrt(rate / (1 - rate) / n)
    assert abs(y.mean() - value) <= 5 * std_of_mean


@pytest.mark.parametrize("rate", RATES)
def test_variance_is_x_squared_rate_over_keep(rate):
    n, value = 1_000_000, -0.8
    y = dropout(np.full(n, value), rate, rng=3)
    expected = value**2 * rate / (1 - rate)
    # The sample variance of n draws is within 2% for these rates (>8 standard errors).
    assert y.var() == pytest.approx(expected, rel=0.02)


def test_survivors_are_scaled_exactly_and_the_rest_are_zero():
    x = np.random.default_rng(0).normal(size=(64, 33)).astype(np.float32)
    mask = keep_mask(x.shape, 0.3, rng=5)
    y = dropout(x, 0.3, rng=5)
    np.testing.assert_array_equal(y, apply_mask(x, mask, 0.3))
    np.testing.assert_array_equal(y[mask], x[mask] * np.float32(1 / 0.7))
    assert np.all(y[~mask] == 0)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape", [(), (0,), (7,), (3, 4, 5)])
def test_shape_and_floating_dtype_are_preserved(dtype, shape):
    x = np.ones(shape, dtype=dtype)
    for rate, training in [
        (0.5, True),
        (0.0, True),
        (1.0, True),
        (0.5, False),
    ]:
        y = dropout(x, rate, rng=0, training=training)
        assert y.shape == shape and y.dtype == dtype


@pytest.mark.parametrize("rate, training", [(0.5, True), (0.0, True), (1.0, True), (0.5, False)])
def test_input_is_never_modified_and_never_returned(rate, training):
    x = np.linspace(-1, 1, 50)
    before = x.copy()
    y = dropout(x, rate, rng=0, training=training)
    np.testing.assert_array_equal(x, before)
    assert not np.shares_memory(x, y)


def test_rate_zero_and_inference_return_the_input_values():
    x = np.array([[1.5, -2.0], [np.inf, 0.25]], dtype=np.float32)
    np.testing.assert_array_equal(dropout(x, 0.0, rng=0), x)
    np.testing.assert_array_equal(dropout(x, 0.7, rng=0, training=False), x)


def test_rate_one_gives_exact_zeros_without_nan_or_warning():
    x = np.array([1.0, -np.inf, np.inf, 3.0], dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = dropout(x, 1.0, rng=0)
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, np.zeros(4, dtype=np.float32))


def test_dropped_infinities_become_nan_as_in_pytorch():
    # Like torch.nn.functional.dropout, the layer multiplies by the mask: 0 * inf is nan.
    x = np.full(1000, np.inf)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        y = dropout(x, 0.5, rng=0)
    dropped = ~keep_mask(x.shape, 0.5, rng=0)
    assert np.isnan(y[dropped]).all() and np.isinf(y[~dropped]).all()


def test_same_seed_same_mask_and_a_generator_gives_fresh_masks():
    x = np.ones(1000)
    np.testing.assert_array_equal(dropout(x, 0.5, rng=7), dropout(x, 0.5, rng=7))
    rng = np.random.default_rng(7)
    first, second = dropout(x, 0.5, rng=rng), dropout(x, 0.5, rng=rng)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, dropout(x, 0.5, rng=7))
    assert not np.array_equal(dropout(x, 0.5), dropout(x, 0.5))


def test_accepts_numpy_scalars_and_lists_of_floats():
    y = dropout([1.0, 2.0, 3.0], np.float32(0.5), rng=np.int64(3))
    assert y.dtype == np.float64 and y.shape == (3,)


@pytest.mark.parametrize("rate", [-0.1, 1.0000001, 2, np.nan, np.inf, -np.inf])
def test_rate_out_of_range_is_a_value_error(rate):
    with pytest.raises(ValueError, match=r"rate must be in \[0, 1\]"):
        dropout(np.ones(3), rate)


@pytest.mark.parametrize("rate", ["0.5", None, True, np.True_, 0.5j, [0.5], np.array([0.5])])
def test_rate_that_is_not_a_real_number_is_a_type_error(rate):
    with pytest.raises(TypeError, match="rate must be a real number"):
        dropout(np.ones(3), rate)


@pytest.mark.parametrize(
    "x, dtype",
    [
        (np.arange(3), "int64"),
        (np.array([True, False]), "bool"),
        (np.array(["a", "b"]), "<U1"),
        (np.array([1.0, None], dtype=object), "object"),
        (np.array([1 + 2j]), "complex128"),
        ([1, 2, 3], "int64"),
    ],
)
def test_non_floating_input_is_a_type_error_naming_x_and_dtype(x, dtype):
    with pytest.raises(
        TypeError,
        match=rf"x must be a floating-point array, got dtype {dtype}",
    ):
        dropout(x, 0.5)


@pytest.mark.parametrize("rng", ["seed", 1.5, True, np.random.RandomState(0)])
def test_bad_rng_is_a_type_error(rng):
    with pytest.raises(TypeError, match="rng must be a numpy Generator, an int seed or None"):
        dropout(np.ones(3), 0.5, rng=rng)


@pytest.mark.parametrize(("rate", "training"), [(0.5, False), (0.0, True), (1.0, True)])
def test_bad_rng_is_a_type_error_even_when_no_mask_is_drawn(rate, training):
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        dropout(np.ones(3), rate, rng="seed", training=training)


@pytest.mark.parametrize("layer", [dropout, dropout_fast])
@given(
    x=hnp.arrays(
        dtype=st.sampled_from([np.float16, np.float32, np.float64]),
        shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=7),
        elements={"allow_nan": False, "allow_infinity": False, "min_value": -500, "max_value": 500},
    ),
    rate=st.floats(0.0, 0.99),
    seed=st.integers(0, 2**32 - 1),
)
def test_every_output_is_zero_or_the_scaled_input_and_x_is_untouched(layer, x, rate, seed):
    before = x.copy()
    y = layer(x, rate, rng=seed)
    assert y.shape == x.shape and y.dtype == x.dtype
    np.testing.assert_array_equal(x, before)
    scaled = x * x.dtype.type(1 / (1 - rate))
    assert np.all((y == 0) | (y == scaled))


def test_keep_mask_is_boolean_with_keep_probability_one_minus_rate():
    mask = keep_mask((500, 400), 0.2, rng=11)
    assert mask.dtype == bool and mask.shape == (500, 400)
    assert abs(mask.mean() - 0.8) <= 5 * np.sqrt(0.8 * 0.2 / mask.size)


def test_mean_of_passes_converges_to_x_with_scaling_and_to_keep_times_x_without():
    x = np.array([0.2, 0.9, 1.5])
    passes, rate = 20_000, 0.5
    scaled = mean_of_passes(x, rate, passes, rng=4)
    unscaled = mean_of_passes(x, rate, passes, rng=4, scale=False)
    tolerance = 5 * x * np.sqrt(rate / (1 - rate) / passes)
    assert scaled.shape == (passes, 3)
    assert np.all(np.abs(scaled[-1] - x) <= tolerance)
    assert np.all(np.abs(unscaled[-1] - (1 - rate) * x) <= tolerance)
    np.testing.assert_allclose(scaled[0], dropout(x, rate, rng=np.random.default_rng(4)))


@pytest.mark.parametrize("passes", [0, -1, 2.5, "3"])
def test_mean_of_passes_rejects_bad_pass_counts(passes):
    with pytest.raises(ValueError, match="passes must be a positive int"):
        mean_of_passes(np.ones(2), 0.5, passes)


def test_matches_pytorch_dropout_statistics_when_torch_is_installed():
    torch = pytest.importorskip("torch")
    x = np.linspace(0.5, 1.5, 200_000, dtype=np.float32)
    torch.manual_seed(0)
    reference = torch.nn.functional.dropout(torch.from_numpy(x), p=0.3, training=True).numpy()
    ours = dropout(x, 0.3, rng=0)
    # Same survivor values and the same dropped fraction (within binomial noise of each other).
    kept = reference != 0
    np.testing.assert_allclose(reference[kept], x[kept] / 0.7, rtol=1e-6)
    np.testing.assert_allclose(ours[ours != 0], x[ours != 0] / 0.7, rtol=1e-6)
    assert abs((ours == 0).mean() - (reference == 0).mean()) <= 10 * np.sqrt(0.21 / x.size)
    eval_ref = torch.nn.functional.dropout(torch.from_numpy(x), p=0.3, training=False).numpy()
    np.testing.assert_array_equal(dropout(x, 0.3, training=False), eval_ref)


def test_checks_return_clean_values_without_copying():
    x = np.ones(3, dtype=np.float32)
    assert check_float_array(x, "x") is x
    assert check_float_array([0.5], "x").dtype == np.float64
    assert check_rate(np.float32(0.25)) == 0.25 and type(check_rate(1)) is float
    generator = np.random.default_rng(0)
    assert check_rng(generator) is generator and check_rng(5) == 5 and check_rng(None) is None
    with pytest.raises(TypeError, match="weights must be a floating-point array"):
        check_float_array(np.arange(2), "weights")


# The fast variant -------------------------------------------------------------------------------

FAST_RATES = [0.001, 0.1, 0.3, 0.5, (77 + 0.5) / 256, 0.9, 0.999]


@pytest.mark.parametrize("rate", FAST_RATES)
def test_fast_drops_with_probability_exactly_rate(rate):
    # 0.001 is below 1/256: rounding the rate to 8 bits would drop nothing at all, and
    # (77.5)/256 sits half-way between two 8-bit thresholds; both need the tie-breaking draw.
    n = 4_000_000
    y = dropout_fast(np.ones(n, dtype=np.float32), rate, rng=5)
    bound = 5 * np.sqrt(rate * (1 - rate) / n)  # 5 binomial standard deviations
    assert abs(np.mean(y == 0) - rate) <= bound


@pytest.mark.parametrize("rate", [0.2, 0.3, 0.7])
def test_fast_mean_and_variance_match_the_readable_layer(rate):
    n, value = 1_000_000, 1.3
    y = dropout_fast(np.full(n, value), rate, rng=6)
    assert abs(y.mean() - value) <= 5 * value * np.sqrt(rate / (1 - rate) / n)
    assert y.var() == pytest.approx(value**2 * rate / (1 - rate), rel=0.02)


def test_fast_spans_many_blocks_and_non_contiguous_input():
    x = np.arange(1.0, 1 + 3 * 70_001).reshape(3, 70_001)[:, ::2]  # not contiguous, > one block
    y = dropout_fast(x, 0.25, rng=1)
    kept = y != 0
    np.testing.assert_array_equal(y[kept], x[kept] * (1 / 0.75))
    assert abs(kept.mean() - 0.75) < 0.01


def test_fast_writes_into_out_and_can_work_in_place():
    x = np.linspace(1, 2, 1000, dtype=np.float32)
    out = np.empty_like(x)
    result = dropout_fast(x, 0.4, rng=3, out=out)
    assert result is out
    np.testing.assert_array_equal(out, dropout_fast(x, 0.4, rng=3))
    in_place = x.copy()
    assert dropout_fast(in_place, 0.4, rng=3, out=in_place) is in_place
    np.testing.assert_array_equal(in_place, out)


def test_fast_same_seed_same_output_and_generator_gives_fresh_masks():
    x = np.ones(5000)
    np.testing.assert_array_equal(dropout_fast(x, 0.3, rng=9), dropout_fast(x, 0.3, rng=9))
    rng = np.random.default_rng(9)
    assert not np.array_equal(dropout_fast(x, 0.3, rng=rng), dropout_fast(x, 0.3, rng=rng))


def test_fast_edge_rates():
    x = np.array([1.0, -np.inf, np.inf, 2.5], dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(dropout_fast(x, 1.0, rng=0), np.zeros(4, np.float32))
        np.testing.assert_array_equal(dropout_fast(x, 0.0, rng=0), x)


@pytest.mark.parametrize(
    "out, error, message",
    [
        (np.empty(9, np.float32), ValueError, r"out must have shape \(10,\) and dtype float32"),
        (np.empty(10, np.float64), ValueError, "out must have shape"),
        (np.empty(20, np.float32)[::2], ValueError, "C-contiguous"),
        ([0.0] * 10, TypeError, "out must be a numpy array, got list"),
    ],
)
def test_fast_rejects_a_bad_out(out, error, message):
    with pytest.raises(error, match=message):
        dropout_fast(np.ones(10, np.float32), 0.5, out=out)


def test_check_out_refuses_an_out_that_overlaps_x_without_being_it():
    memory = np.ones(20)
    with pytest.raises(ValueError, match="out overlaps x without being x"):
        check_out(memory[5:15], memory[:10])
    read_only = np.ones(10)
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match="writeable"):
        check_out(read_only, np.ones(10))


@pytest.mark.parametrize("rate", [-0.5, 1.5, np.nan])
def test_fast_checks_rate_like_the_readable_layer(rate):
    with pytest.raises(ValueError, match=r"rate must be in \[0, 1\]"):
        dropout_fast(np.ones(3), rate)
    with pytest.raises(TypeError, match="x must be a floating-point array"):
        dropout_fast(np.arange(3), 0.5)


@pytest.mark.parametrize("rate", [0.5, 0.3])
def test_dropped_and_mean_are_the_rate_and_one_within_five_standard_errors(rate):
    n = 1_000_000
    dropped, mean = dropped_and_mean(n, rate, seed=0)
    assert abs(dropped - rate) <= 5 * np.sqrt(rate * (1 - rate) / n)
    # Each output is 0 or 1/(1 - rate): its standard deviation is sqrt(rate / (1 - rate)).
    assert abs(mean - 1.0) <= 5 * np.sqrt(rate / (1 - rate) / n)
    assert dropped_and_mean(n, rate, seed=0) == (dropped, mean)
