"""The Overfitting figures draw the data they claim to draw (checked on data, not pixels)."""

import numpy as np
from snippets.overfitting import fit_models, rmse, target, training_curves
from snippets.overfitting_figures import accuracy_figure, models_figure


def test_accuracy_figure_plots_both_curves_and_marks_the_best_epoch():
    curves = training_curves(0)
    (ax,) = accuracy_figure(seed=0).axes
    train_line, val_line = ax.lines[:2]
    np.testing.assert_array_equal(train_line.get_ydata(), 100 * curves.train_accuracy)
    np.testing.assert_array_equal(val_line.get_ydata(), 100 * curves.validation_accuracy)
    np.testing.assert_array_equal(train_line.get_xdata(), np.arange(1, 401))
    marker = ax.lines[2]  # the dashed vertical line at the best epoch
    assert list(marker.get_xdata()) == [curves.best_epoch] * 2
    assert f"epoch {curves.best_epoch}" in ax.texts[0].get_text()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "training data (seen while learning)",
        "validation data (held out)",
    ]


def test_models_figure_draws_target_fits_points_and_the_errors_it_states():
    fits = models_figure.__kwdefaults__["seed"]
    data = fit_models(fits)
    (x, y), (x_out, y_out) = data.train, data.held_out
    for ax, model, name in zip(
        models_figure().axes,
        (data.model_a, data.model_b),
        ("Model A", "Model B"),
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
