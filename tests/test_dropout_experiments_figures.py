"""The figures of the dropout experiments draw the runs they claim to draw (data, not pixels)."""

import numpy as np
import pytest
from snippets.dropout_experiments import (
    PAIRED_SEEDS,
    RATES,
    REMOVED,
    SEEDS,
    WIDTHS,
    curves_over_seeds,
    early_stopping_scores,
    final_accuracy,
    removal_runs,
    width_runs,
)
from snippets.dropout_experiments_figures import (
    SLIDERS,
    numbers,
    rate_curves_alt,
    rate_curves_figure,
    removal_figure,
    sweep_figure,
    width_figure,
)
from snippets.paired import compare, describe

from tests.conftest import cached_experiments


@pytest.fixture(scope="module", autouse=True)
def _cached():
    with cached_experiments("snippets.dropout_experiments_figures"):
        yield


def test_sweep_figure_plots_the_mean_accuracy_and_gap_at_every_rate():
    final = final_accuracy(RATES, PAIRED_SEEDS)
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
    final = final_accuracy(RATES, PAIRED_SEEDS)
    mean = final["validation"].mean(axis=1)
    assert values["best_validation"] == mean.max()
    assert values["validation_highest"] == mean[-1] < mean.max()
    assert values["best_test"] == final["test"][int(np.argmax(mean))].mean()
    assert values["paired_seeds"] == len(PAIRED_SEEDS) >= 20  # headline comparisons (issue 23)
    early = early_stopping_scores(PAIRED_SEEDS)["test_at_best"]  # the baseline stopped early
    assert values["early_test_00"] == early.mean()
    assert values["rate_list"].split(", ") == [format(rate, "g") for rate in RATES]


def test_each_claim_the_page_makes_holds_seed_by_seed():
    """The page's headings and sentences around the rendered claims say: the gap closes,
    validation improves at 0.5 and 0.9, the rate chosen on validation wins on test, too much
    dropout underfits, the best rate is far above 0.1 to 0.5, and the wide network with dropout
    beats the best narrow one on test. Each must hold with its interval clear of zero."""
    values = numbers()
    final = final_accuracy(RATES, PAIRED_SEEDS)
    at = {rate: i for i, rate in enumerate(RATES)}
    validation, test = final["validation"], final["test"]
    gap = final["train"] - validation
    best = int(np.argmax(validation.mean(axis=1)))
    for rate in (0.5, 0.9):
        key = f"{round(rate * 10):02d}"
        shrinks = compare(gap[at[0.0]], gap[at[rate]])
        assert shrinks.high < 0 and values[f"claim_gap_{key}"] == describe(shrinks)
        lifts = compare(validation[at[0.0]], validation[at[rate]])
        assert lifts.low > 0 and values[f"claim_validation_{key}"] == describe(lifts)
    chosen = compare(test[0], test[best])
    assert chosen.low > 0 and values["claim_best_test"] == describe(chosen)
    assert values["claim_best_test"].startswith("is higher on")
    underfits = compare(test[best], test[-1])  # chosen on validation, judged on test
    assert underfits.high < 0 and values["claim_highest_test"] == describe(underfits)
    assert RATES[best] > 0.5  # "far above the usual 0.1 to 0.5"
    widths = width_runs()
    narrow = max(
        (name for name in widths if "rate" not in name),
        key=lambda name: widths[name]["validation"].mean(),
    )
    wide = compare(widths[narrow]["test"], test[best])  # each chosen on validation
    assert wide.low > 0 and values["claim_wide_test"] == describe(wide)
    removal = removal_runs()
    half = REMOVED.index(values["removed_half"])
    lost = {rate: runs[:, 0] - runs[:, half] for rate, runs in removal.items()}
    assert values["claim_removal"] == describe(compare(lost[0.0], lost[0.5]))


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
    assert (
        f"training accuracy is {train.mean():.0%} and validation accuracy {val.mean():.0%}" in alt
    )
    assert alt.endswith(f"a gap of {gap}.")


def test_the_sentence_beside_the_curves_slider_holds_at_every_frame():
    """docs/dropout.md: "watch the gap close: training accuracy falls towards validation
    accuracy as more of the hidden layer is dropped" must hold from each frame to the next."""
    gaps, trains = [], []
    for rate in SLIDERS["dropout-curves"].values:
        curves = curves_over_seeds(SEEDS, dropout_rate=float(rate))
        trains.append(curves["train"][:, -1].mean())
        gaps.append(trains[-1] - curves["validation"][:, -1].mean())
    assert all(np.diff(gaps) < 0) and all(np.diff(trains) < 0), (gaps, trains)


def test_the_narrower_the_network_the_smaller_its_mean_gap_as_the_page_says():
    runs = width_runs()
    gaps = [(runs[f"{w} units"]["train"] - runs[f"{w} units"]["validation"]).mean() for w in WIDTHS]
    assert gaps == sorted(gaps) and len(set(gaps)) == len(gaps)
    values = numbers()
    assert values["gap_00"] - values["gap_01"] < 2  # "too low and it does little": rate 0.1
