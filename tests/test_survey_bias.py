"""rescale: onto [0, 1] exactly, shape and dtype kept, input untouched, bad input refused;
the example and the report the page prints."""

import numpy as np
import pytest
from snippets.survey_bias import example, report, rescale


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rescale_maps_the_minimum_to_0_the_maximum_to_1_and_keeps_shape_and_dtype(dtype):
    x = np.random.default_rng(0).normal(size=(3, 4)).astype(dtype)
    y = rescale(x)
    assert y.shape == x.shape and y.dtype == x.dtype
    assert y.min() == 0 and y.max() == 1
    reference = (x.astype(np.float64) - x.min()) / (float(x.max()) - x.min())
    np.testing.assert_allclose(y, reference, rtol=1e-6, atol=1e-7)


def test_rescale_is_exact_on_a_small_case_and_leaves_its_input_alone():
    x = np.array([3.0, -1.0, 2.0])
    before = x.copy()
    np.testing.assert_array_equal(rescale(x), [1.0, 0.0, 0.75])
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize(
    "x, error, message",
    [
        (np.arange(3), TypeError, "x must be a floating-point array, got dtype int64"),
        (np.array([]), ValueError, "x must be non-empty and finite"),
        (np.array([1.0, np.nan]), ValueError, "x must be non-empty and finite"),
        (np.ones(3), ValueError, "x must hold two different values, got only 1.0"),
    ],
)
def test_rescale_refuses_bad_input_and_says_why(x, error, message):
    with pytest.raises(error, match=message):
        rescale(x)


def test_example_is_seeded_normal_samples_with_mean_5_and_sd_2():
    x = example(0)
    assert x.shape == (1000,)
    np.testing.assert_array_equal(x, example(0))
    assert not np.array_equal(x, example(1))
    # standard error of the mean: 2 / sqrt(1000) = 0.063; 5 of them
    assert abs(x.mean() - 5.0) < 0.32
    assert abs(x.std() - 2.0) < 0.2


def test_report_prints_the_examples_range_before_and_after():
    x = example(0)
    before, after = report(0).splitlines()
    assert before.split() == ["before:", "min", f"{x.min():.2f},", "max", f"{x.max():.2f}"]
    assert after == "after:  min  0.00, max  1.00"
