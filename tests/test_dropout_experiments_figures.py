"""The figures of the dropout experiments draw the runs they claim to draw (data, not pixels)."""

import numpy as np
import pytest
from snippets.dropout_experiments import (
    RATES,
    SEEDS,
    curves_over_seeds,
    final_accuracy,
)
from snippets.dropout_experiments_figures import (
    REMOVED,
    SLIDERS,
    WIDTHS,
    numbers,
    rate_curves_alt,
    rate_curves_figure,
    removal_figure,
    removal_runs,
    sweep_figure,
    width_figure,
    width_runs,
)

from tests.conftest import cached_experiments


@pytest.fixture(scope="module", autouse=True)
def _cached():
    with cached_experiments("snippets.dropout_experiments_figures"):
        yield


def test_sweep_figure_plots_the_mean_accuracy_and_gap_at_every_rate():
    final = final_accuracy(RATES, SEEDS)
    left, right = sweep_figure().axes
    np.testing.assert_allclose(left.lines[0].get_xdata(), RATES)
    np.testing.assert_allclose(left.lines[1].get_ydata(), 100 * final["validation"].mean(axis=1))
    gap = 100 * (final["train"] - final["validation"]).mean(axis=1)
    np.testing.assert_allclose(right.lines[0].get_ydata(), gap)
    best = RATES[int(np.argmax(final["validation"].mean(axis=1)))]
    assert f"at rate {best:g}" in left.texts[0].get_text()


def test_width_figure_has_a_row_per_network_with_every_seed():
    runs = width_runs()
    left, right = width_figure().axes
    assert [t.get_text() for t in left.get_yticklabels()] == list(runs)
    assert list(runs)[: len(WIDTHS)] == [f"{w} units" for w in WIDTHS]
    dots = left.lines[0::2]
    for dot, name in zip(dots, runs, strict=True):
        np.testing.assert_allclose(dot.get_xdata(), 100 * runs[name]["validation"])


def test_removal_figure_plots_the_accuracy_lost_against_the_intact_network():
    runs = removal_runs()
    (ax,) = removal_figure().axes
    for line, rate in zip(ax.lines, runs, strict=True):
        lost = runs[rate][:, :1] - runs[rate]
        np.testing.assert_allclose(line.get_ydata(), 100 * lost.mean(axis=0))
        np.testing.assert_array_equal(line.get_xdata(), REMOVED)
        assert line.get_ydata()[0] == 0


def test_numbers_match_the_sweep_and_show_where_too_much_dropout_hurts():
    values = numbers()
    final = final_accuracy(RATES, SEEDS)
    mean = final["validation"].mean(axis=1)
    assert values["best_validation"] == mean.max()
    assert values["validation_highest"] == mean[-1] < mean.max()  # too much dropout underfits
    assert values["gap_05"] < values["gap_00"]
    assert values["seeds_with_smaller_gap"] == len(SEEDS)


@pytest.mark.parametrize("rate", SLIDERS["dropout-curves"].values)
def test_each_rate_curves_frame_draws_the_mean_runs_at_that_rate_and_its_alt_states_them(rate):
    curves = curves_over_seeds(SEEDS, dropout_rate=rate)
    (ax,) = rate_curves_figure(rate=rate).axes
    training, validation = ax.lines[:2]
    np.testing.assert_allclose(training.get_ydata(), 100 * curves["train"].mean(axis=0))
    np.testing.assert_allclose(validation.get_ydata(), 100 * curves["validation"].mean(axis=0))
    train, val = curves["train"][:, -1], curves["validation"][:, -1]
    gap = f"{100 * (train - val).mean():.0f} points"
    assert f"Dropout rate {rate:g}: " in ax.get_title() and f"gap {gap}" in ax.get_title()
    alt = rate_curves_alt(rate=rate)
    assert f"dropout rate {rate:g}," in alt
    assert f"training accuracy is {train.mean():.0%} and validation accuracy {val.mean():.0%}" in alt
    assert alt.endswith(f"a gap of {gap}.")
