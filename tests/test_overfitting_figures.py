"""The Overfitting figures draw the data they claim to draw (checked on data, not pixels)."""

import numpy as np
import pytest
from snippets.dropout_experiments import (
    PAIRED_SEEDS,
    PATIENCE,
    SEEDS,
    curves_over_seeds,
)
from snippets.early_stopping import early_stopping
from snippets.overfitting import fit_models, fit_polynomial, rmse, target
from snippets.overfitting_figures import (
    REMEDY_RATES,
    SLIDERS,
    accuracy_figure,
    best_possible_accuracy,
    degree_alt,
    degree_figure,
    models_figure,
    numbers,
    remedy_figure,
)
from snippets.paired import compare, describe, sign_test

from tests.conftest import cached_experiments


@pytest.fixture(scope="module", autouse=True)
def _cached():
    with cached_experiments("snippets.overfitting_figures"):
        yield


def test_accuracy_figure_plots_the_mean_over_the_seeds_and_marks_its_peak():
    curves = curves_over_seeds(SEEDS)
    (ax,) = accuracy_figure().axes
    train_line, val_line = ax.lines[:2]
    np.testing.assert_allclose(train_line.get_ydata(), 100 * curves["train"].mean(axis=0))
    np.testing.assert_allclose(val_line.get_ydata(), 100 * curves["validation"].mean(axis=0))
    np.testing.assert_array_equal(train_line.get_xdata(), np.arange(1, 401))
    best = int(np.argmax(curves["validation"].mean(axis=0))) + 1
    assert list(ax.lines[2].get_xdata()) == [best] * 2
    assert f"at epoch {best}" in ax.texts[0].get_text()
    # The bands span the runs: lowest and highest of the seeds at every epoch.
    band = ax.collections[1].get_paths()[0].vertices[:, 1]
    assert band.min() == pytest.approx(100 * curves["validation"].min())
    assert band.max() == pytest.approx(100 * curves["validation"].max())


def test_remedy_figure_shows_no_dropout_then_each_rate_with_its_final_gap():
    axes = remedy_figure().axes
    assert len(axes) == 1 + len(REMEDY_RATES)
    for ax, rate in zip(axes, (0.0, *REMEDY_RATES), strict=True):
        curves = curves_over_seeds(SEEDS, dropout_rate=rate)
        np.testing.assert_allclose(ax.lines[1].get_ydata(), 100 * curves["validation"].mean(axis=0))
        gap = 100 * (curves["train"][:, -1] - curves["validation"][:, -1]).mean()
        assert ax.get_title().endswith(f"final gap {gap:.0f} points")
        assert ("no dropout" in ax.get_title()) == (rate == 0.0)


def test_models_figure_draws_target_fits_points_and_the_errors_it_states():
    data = fit_models(models_figure.__kwdefaults__["seed"])
    assert models_figure.__kwdefaults__["seed"] == fit_models.__defaults__[0]  # no chosen seed
    (x, y), (x_out, y_out) = data.train, data.held_out
    for ax, model, name in zip(
        models_figure().axes,
        (data.too_simple, data.model_b, data.model_a),
        ("Too simple", "Model B", "Model A"),
        strict=True,
    ):
        target_line, fit_line, held_line, train_points = ax.lines
        grid = target_line.get_xdata()
        np.testing.assert_allclose(target_line.get_ydata(), target(grid))
        np.testing.assert_allclose(fit_line.get_ydata(), model(grid))
        np.testing.assert_array_equal(train_points.get_xdata(), x)
        np.testing.assert_array_equal(held_line.get_ydata(), y_out)
        title = ax.get_title()
        assert title.startswith(name)
        assert f"training error {rmse(model, x, y):.2f}" in title
        assert f"held-out {rmse(model, x_out, y_out):.2f}" in title


def test_numbers_are_the_figures_numbers():
    values = numbers()
    curves = curves_over_seeds(SEEDS)
    mean = curves["validation"].mean(axis=0)
    assert values["peak"] == mean.max() and values["peak_epoch"] == np.argmax(mean) + 1
    assert values["final"] == mean[-1]
    fits = fit_models()
    assert values["ratio"] == pytest.approx(
        rmse(fits.model_a, *fits.held_out) / rmse(fits.model_b, *fits.held_out)
    )
    assert values["ratio_min"] <= values["ratio"] <= values["ratio_max"]
    assert values["gap_05"] < values["gap"] and values["gap_09"] < values["gap_05"]
    assert values["test_best"] > values["test_last"]


def test_the_ceiling_is_the_nearest_centre_rule_blurred_by_the_label_noise():
    """With the centres known the nearest centre is the best guess; 45% of the labels are random
    (right 1 time in 4), so the ceiling is 0.55 * A + 0.45 / 4 with A the rule's clean accuracy.
    No trained network beats it on test, over the paired seeds."""
    ceiling = best_possible_accuracy(0)
    assert 0.45 / 4 < ceiling <= 0.55 + 0.45 / 4 + 1e-12
    clean = (ceiling - 0.45 / 4) / 0.55
    assert clean == pytest.approx(round(clean * 20_000) / 20_000)  # a share of the 20,000 points
    values = numbers()
    assert values["ceiling_min"] <= values["ceiling"] <= values["ceiling_max"]
    test = curves_over_seeds(PAIRED_SEEDS)["test"]
    assert test.max(axis=1).mean() < values["ceiling"]


def test_the_pages_comparisons_are_made_seed_by_seed_over_the_paired_seeds():
    """Early stopping (the epoch chosen on validation, judged on test), its optimism, and
    dropout at rate 0.5; and "five seeds cannot settle so small a change"."""
    values = numbers()
    runs = curves_over_seeds(PAIRED_SEEDS)
    chosen = runs["validation"].argmax(axis=1)
    seeds = np.arange(len(PAIRED_SEEDS))
    test_best, test_last = runs["test"][seeds, chosen], runs["test"][:, -1]
    early = compare(test_last, test_best)
    assert early.low > 0 and values["claim_early"] == describe(early)
    optimism = compare(test_best, runs["validation"][seeds, chosen])
    assert values["claim_optimism"] == describe(optimism)
    assert values["optimism"] == pytest.approx(100 * optimism.mean)
    dropout = curves_over_seeds(PAIRED_SEEDS, dropout_rate=0.5)["validation"][:, -1]
    assert values["claim_dropout_05"] == describe(compare(runs["validation"][:, -1], dropout))
    # Early stopping with patience: "costs nothing measurable here, and saves most of the
    # training" (the kept model against the whole run's best epoch, and the stopping epochs).
    stops = np.array([early_stopping(v, PATIENCE) for v in runs["validation"]])
    kept = runs["test"][seeds, stops[:, 1] - 1]
    against_best = compare(test_best, kept)
    assert against_best.low <= 0 <= against_best.high
    assert values["claim_patience_best"] == describe(against_best)
    assert values["claim_patience_last"] == describe(compare(test_last, kept))
    assert values["stop_mean"] == stops[:, 0].mean() < values["epochs"] / 2
    five = curves_over_seeds(SEEDS, dropout_rate=0.5)["validation"][:, -1]
    assert sign_test(five - curves_over_seeds(SEEDS)["validation"][:, -1]) > 0.05


@pytest.mark.parametrize("degree", SLIDERS["overfitting-degree"].values)
def test_each_degree_frame_draws_that_fit_and_states_both_errors_in_title_and_alt(degree):
    fits = fit_models(0)
    model = fit_polynomial(*fits.train, degree)
    (ax,) = degree_figure(degree=degree).axes
    target_line, fit_line, held_out, training = ax.lines
    np.testing.assert_allclose(fit_line.get_ydata(), model(fit_line.get_xdata()))
    np.testing.assert_allclose(target_line.get_ydata(), target(target_line.get_xdata()))
    np.testing.assert_array_equal(training.get_xdata(), fits.train[0])
    np.testing.assert_array_equal(held_out.get_ydata(), fits.held_out[1])
    errors = (
        f"training error {rmse(model, *fits.train):.2f}, "
        f"held-out error {rmse(model, *fits.held_out):.2f}"
    )
    assert ax.get_title() == f"Degree {degree}: {errors}"
    assert f"degree {degree} fitted" in degree_alt(degree=degree)
    assert errors in degree_alt(degree=degree)


def test_the_degree_slider_runs_from_underfitting_to_memorising():
    fits = fit_models(0)
    held_out = {
        d: rmse(fit_polynomial(*fits.train, d), *fits.held_out)
        for d in SLIDERS["overfitting-degree"].values
    }
    lowest, highest = min(held_out), max(held_out)
    assert held_out[lowest] > held_out[3] < held_out[highest]  # too rigid, right, too flexible
    assert rmse(fit_polynomial(*fits.train, highest), *fits.train) < 1e-6  # every point hit
