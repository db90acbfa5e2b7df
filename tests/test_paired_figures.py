"""The pairs figure draws each seed's two runs and their differences (data, not pixels)."""

import numpy as np
import pytest
from snippets.dropout_experiments import PAIRED_SEEDS, final_accuracy
from snippets.paired import compare, describe
from snippets.paired_figures import RATES, numbers, paired_runs, pairs_figure

from tests.conftest import cached_experiments


@pytest.fixture(scope="module", autouse=True)
def _cached():
    with cached_experiments("snippets.paired_figures"):
        yield


def test_paired_runs_are_the_sweeps_runs_at_the_two_rates():
    before, after = paired_runs()
    final = final_accuracy(RATES, PAIRED_SEEDS)["validation"]
    np.testing.assert_array_equal(before, final[0])
    np.testing.assert_array_equal(after, final[1])
    assert len(before) == len(PAIRED_SEEDS)


def test_figure_joins_each_seeds_two_runs_and_shows_the_sorted_differences_and_interval():
    before, after = paired_runs()
    left, right = pairs_figure().axes
    pairs = sorted(tuple(line.get_ydata()) for line in left.lines)
    assert pairs == sorted(zip(100 * before, 100 * after, strict=True))
    dots = right.lines[-1]
    np.testing.assert_allclose(dots.get_xdata(), np.sort(100 * (after - before)))
    c = compare(before, after)
    means = [line.get_xdata()[0] for line in right.lines[:-1]]
    assert means[0] == pytest.approx(100 * c.mean) and means[1] == 0
    assert f"mean {100 * c.mean:+.1f}" in right.get_title()


def test_numbers_state_the_overlap_the_claim_and_what_five_seeds_can_show():
    values = numbers()
    before, after = paired_runs()
    assert values["claim"] == describe(compare(before, after))
    # The page says the ranges overlap, and shows the pairs moving together anyway.
    assert values["rate_low"] < values["none_high"]
    # "...because the seeds differ far more from each other than the two settings do."
    spread = values["none_high"] - values["none_low"]
    assert spread > 3 * abs(float(np.mean(after - before)))
    assert values["wins"] == int(np.sum(after > before))
    assert values["smallest_p_seeds"] == 2 / 2**5 > 0.05  # five seeds cannot reach 0.05
    assert values["smallest_p_paired"] == 2 / 2**20
