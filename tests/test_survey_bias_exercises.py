"""The exercises of docs/survey_bias.md: each solution's claim holds, and numbers() says what
the solutions print."""

import numpy as np
import pytest
from snippets.survey_bias import example
from snippets.survey_bias_exercises import (
    inside_report,
    numbers,
    outlier_report,
    rescale_to,
    rescale_to_report,
)


def test_values_already_between_0_and_1_are_still_stretched_to_fill_it():
    assert inside_report() == "rescale([0.25, 0.5, 0.75]) = [0.0, 0.5, 1.0]"


def test_rescale_to_maps_onto_the_interval_asked_for_and_refuses_an_empty_one():
    y = rescale_to(np.array([3.0, -1.0, 2.0]), -1.0, 1.0)
    np.testing.assert_allclose(y, [1.0, -1.0, 0.5])
    assert rescale_to_report() == "min -1.00, max 1.00"
    with pytest.raises(ValueError, match="low must be below high, got 1.0 and 1.0"):
        rescale_to(np.array([0.0, 1.0]), 1.0, 1.0)


def test_one_outlier_squeezes_the_other_samples_into_a_small_part_of_the_range():
    x = example(0)
    top = (x.max() - x.min()) / (100.0 - x.min())  # where the largest sample lands
    assert top < 0.2
    assert outlier_report().endswith(f"[0.000, {top:.3f}]")


def test_numbers_are_what_the_solutions_print():
    assert numbers() == {
        "inside": inside_report(),
        "rescale_to": rescale_to_report(),
        "outlier": outlier_report(),
    }
