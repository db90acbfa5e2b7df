"""Figures of the Overfitting article, each drawn from the same code the article shows."""

import functools

import numpy as np
from matplotlib.figure import Figure

from snippets.overfitting import fit_models, rmse, target, training_curves
from snippets.plotting import Theme, panels, themed, wrap


@functools.cache
def _training_curves(seed: int):
    """``training_curves(seed)``, run once per process for both themes of the figure."""
    return training_curves(seed)


def accuracy_figure(
    theme: str | Theme = "light", *, seed: int = 0, layout: str = "desktop"
) -> Figure:
    """Training and validation accuracy per epoch of the default run, best epoch marked."""
    curves = _training_curves(seed)
    epochs = np.arange(1, len(curves.train_accuracy) + 1)
    best = curves.best_epoch
    with themed(theme) as colours:
        fig, (ax,) = panels(layout, 1, height=4.2, phone_height=4.4)
        ax.plot(
            epochs,
            100 * curves.train_accuracy,
            color=colours.second,
            linewidth=2,
            label="training data (seen while learning)",
        )
        ax.plot(
            epochs,
            100 * curves.validation_accuracy,
            color=colours.first,
            linewidth=2,
            label="validation data (held out)",
        )
        ax.axvline(best, color=colours.ink, linestyle="--", linewidth=1)
        peak = 100 * curves.validation_accuracy[best - 1]
        ax.plot([best], [peak], "o", color=colours.first, markersize=7)
        ax.annotate(
            wrap(
                f"best validation: {peak:.1f}% at epoch {best}\n(early stopping keeps this model)",
                layout,
                chars=22,
            ),
            (best, peak),
            xytext=(12, -40),
            textcoords="offset points",
            va="top",
        )
        ax.set(
            xlabel="epoch",
            ylabel="accuracy (%)",
            ylim=(0, 102),
            xlim=(0, epochs[-1]),
            title=wrap(
                "Training accuracy keeps climbing; validation accuracy peaks, then falls",
                layout,
            ),
        )
        ax.grid(True)
        if layout == "phone":  # under the chart, clear of the label
            fig.legend(loc="outside lower center")
        else:
            ax.legend(loc="lower right")
    return fig


def models_figure(
    theme: str | Theme = "light", *, seed: int = 2, layout: str = "desktop"
) -> Figure:
    """Target, training and held-out points, Model A and Model B, with each model's errors."""
    fits = fit_models(seed)
    (x, y), (x_out, y_out) = fits.train, fits.held_out
    grid = np.linspace(0.0, 1.0, 600)
    with themed(theme) as colours:
        fig, axes = panels(
            layout, 2, height=4.2, phone_height=3.3, sharey=True
        )
        for ax, model, name, colour in (
            (axes[0], fits.model_a, "Model A", colours.second),
            (axes[1], fits.model_b, "Model B", colours.first),
        ):
            ax.plot(
                grid,
                target(grid),
                color=colours.third,
                linewidth=2,
                linestyle="--",
                label="target function",
            )
            ax.plot(grid, model(grid), color=colour, linewidth=2, label=name)
            ax.plot(
                x_out,
                y_out,
                ".",
                color=colours.muted,
                markersize=4,
                label="held-out points",
            )
            ax.plot(
                x,
                y,
                "o",
                color=colours.ink,
                markersize=6,
                label="training points",
            )
            ax.set_title(
                f"{name} (degree {model.degree()})\ntraining error "
                f"{rmse(model, x, y):.2f}, held-out {rmse(model, x_out, y_out):.2f}"
            )
            ax.set(xlabel="x", xlim=(0, 1), ylim=(-2.2, 2.2))
            ax.grid(True)
        axes[0].set_ylabel("y")
        axes[1].legend(loc="lower left", fontsize=10)
    return fig


FIGURES = {
    "overfitting-accuracy": accuracy_figure,
    "overfitting-models": models_figure,
}
