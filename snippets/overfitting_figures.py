"""Figures and numbers of the Overfitting article, drawn from the code the article shows.

Every experiment runs over ``SEEDS``; a figure shows the mean and the range over them.
"""

import inspect

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from snippets.dropout_experiments import (
    PAIRED_SEEDS,
    PATIENCE,
    SEEDS,
    curves_over_seeds,
    early_stopping_scores,
    overfitting_comparisons,
)
from snippets.overfitting import (
    Fits,
    fit_models,
    fit_polynomial,
    noisy_classes,
    rmse,
    target,
    training_curves,
)
from snippets.paired import describe
from snippets.plotting import Slider, Theme, panels, spread, themed, wrap

CACHED = (
    training_curves,
)  # the build keeps each run's result (hooks/results.py)
REMEDY_RATES = (
    0.5,
    0.9,
)  # the common default, and the best of the Dropout sweep


def _epochs(curves: dict[str, np.ndarray]) -> np.ndarray:
    return np.arange(1, curves["train"].shape[1] + 1)


def _accuracy_axes(ax, curves: dict[str, np.ndarray], colours: Theme) -> None:
    """Training and validation accuracy over the seeds: mean line and range band."""
    epochs = _epochs(curves)
    spread(
        ax,
        epochs,
        100 * curves["train"],
        colours.second,
        "training data (seen while learning)",
    )
    spread(
        ax,
        epochs,
        100 * curves["validation"],
        colours.first,
        "validation data (held out)",
    )
    ax.set(
        xlabel="epoch",
        ylabel="accuracy (%)",
        ylim=(0, 102),
        xlim=(0, epochs[-1]),
    )
    ax.grid(True)


def accuracy_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Training and validation accuracy per epoch over ``SEEDS``, the mean's peak marked."""
    curves = curves_over_seeds(SEEDS)
    mean = curves["validation"].mean(axis=0)
    best = int(np.argmax(mean)) + 1
    with themed(theme) as colours:
        fig, (ax,) = panels(layout, 1, height=4.2, phone_height=4.6)
        _accuracy_axes(ax, curves, colours)
        ax.axvline(best, color=colours.ink, linestyle="--", linewidth=1)
        ax.plot(
            [best],
            [100 * mean[best - 1]],
            "o",
            color=colours.first,
            markersize=7,
        )
        ax.annotate(
            wrap(
                f"mean validation peaks: {100 * mean[best - 1]:.0f}% at epoch {best}",
                layout,
                chars=22,
            ),
            (best, 100 * mean[best - 1]),
            xytext=(12, -40),
            textcoords="offset points",
            va="top",
        )
        ax.set_title(
            wrap(
                f"Training accuracy keeps climbing; validation peaks, then falls "
                f"(mean and range of {len(SEEDS)} runs)",
                layout,
            )
        )
        if layout == "phone":  # under the chart, clear of the label
            fig.legend(loc="outside lower center")
        else:
            ax.legend(loc="lower right")
    return fig


def remedy_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """The same runs without and with dropout on the hidden layer, over ``SEEDS``."""
    runs = {
        rate: curves_over_seeds(SEEDS, dropout_rate=rate)
        for rate in (0.0, *REMEDY_RATES)
    }
    with themed(theme) as colours:
        fig, axes = panels(
            layout, len(runs), height=4.2, phone_height=3.4, sharey=True
        )
        for ax, (rate, curves) in zip(axes, runs.items(), strict=True):
            _accuracy_axes(ax, curves, colours)
            gap = curves["train"][:, -1] - curves["validation"][:, -1]
            ax.set_title(
                wrap(
                    f"{'no dropout' if rate == 0 else f'dropout rate {rate:g}'}: "
                    f"final gap {100 * gap.mean():.0f} points",
                    layout,
                )
            )
        for ax in axes[1:]:
            ax.set_ylabel("")
        axes[0].legend(loc="lower right", fontsize=10)
    return fig


def _fit_panel(
    ax: Axes,
    fits: Fits,
    model: np.polynomial.Chebyshev,
    colour: str,
    colours: Theme,
) -> None:
    """The target, one fit, the held-out and the training points on ``ax``."""
    (x, y), (x_out, y_out) = fits.train, fits.held_out
    grid = np.linspace(0.0, 1.0, 600)
    ax.plot(
        grid,
        target(grid),
        color=colours.ink,
        linewidth=1.5,
        linestyle="--",
        label="target function",
    )
    ax.plot(grid, model(grid), color=colour, linewidth=2.5, label="the fit")
    ax.plot(
        x_out,
        y_out,
        ".",
        color=colours.muted,
        markersize=4,
        label="held-out points",
    )
    ax.plot(
        x, y, "o", color=colours.ink, markersize=6, label="training points"
    )


def models_figure(
    theme: str | Theme = "light", *, seed: int = 0, layout: str = "desktop"
) -> Figure:
    """Target, training and held-out points, and three fits from too simple to too flexible."""
    fits = fit_models(seed)
    (x, y), (x_out, y_out) = fits.train, fits.held_out
    with themed(theme) as colours:
        fig, axes = panels(
            layout, 3, height=4.2, phone_height=3.4, sharey=True
        )
        for ax, model, name, colour in (
            (axes[0], fits.too_simple, "Too simple", colours.third),
            (axes[1], fits.model_b, "Model B", colours.first),
            (axes[2], fits.model_a, "Model A", colours.second),
        ):
            _fit_panel(ax, fits, model, colour, colours)
            ax.set_title(
                f"{name} (degree {model.degree()})\ntraining error "
                f"{rmse(model, x, y):.2f}, held-out {rmse(model, x_out, y_out):.2f}"
            )
            ax.set(xlabel="x", xlim=(0, 1), ylim=(-2.2, 2.2))
            ax.grid(True)
        axes[0].set_ylabel("y")
        axes[0].legend(loc="lower left", fontsize=10)
    return fig


def degree_figure(
    theme: str | Theme = "light",
    *,
    degree: int = 3,
    seed: int = 0,
    layout: str = "desktop",
) -> Figure:
    """The data of ``models_figure`` and one least-squares polynomial of ``degree``."""
    fits = fit_models(seed)
    (x, y), (x_out, y_out) = fits.train, fits.held_out
    model = fit_polynomial(x, y, degree)
    with themed(theme) as colours:
        fig, (ax,) = panels(layout, 1, height=4.2, phone_height=4.4)
        _fit_panel(ax, fits, model, colours.first, colours)
        ax.set_title(
            wrap(
                f"Degree {degree}: training error {rmse(model, x, y):.2f}, "
                f"held-out error {rmse(model, x_out, y_out):.2f}",
                layout,
            )
        )
        ax.set(xlabel="x", ylabel="y", xlim=(0, 1), ylim=(-2.2, 2.2))
        ax.grid(True)
        fig.legend(  # under the chart: the fits swing through every corner
            loc="outside lower center",
            ncols=2 if layout == "phone" else 4,
            fontsize=10,
        )
    return fig


def degree_alt(*, degree: int = 3, seed: int = 0) -> str:
    """Alt text of ``degree_figure`` at ``degree``: both errors, from the same fit."""
    fits = fit_models(seed)
    (x, y), (x_out, y_out) = fits.train, fits.held_out
    model = fit_polynomial(x, y, degree)
    train, held_out = rmse(model, x, y), rmse(model, x_out, y_out)
    return (
        f"The dashed sine-wave target, {len(x)} training points and {len(x_out)} faint "
        f"held-out points, and the polynomial of degree {degree} fitted to the training "
        f"points by least squares: training error {train:.2f}, held-out error "
        f"{held_out:.2f}."
    )


def best_possible_accuracy(seed: int, points: int = 20_000) -> float:
    """The accuracy of the best possible classifier on the data of ``seed``, against its labels.

    ``noisy_classes`` draws the class centres first, from the seed's generator: with them known,
    the best guess is the nearest centre (equal priors, unit variance). A label is then kept
    with probability 1 - label_noise, or replaced by a random class (right by chance 1 in C).
    """
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(
            noisy_classes
        ).parameters.items()
    }
    classes, features = defaults["classes"], defaults["features"]
    centres = np.random.default_rng(seed).normal(
        0.0, defaults["spread"], size=(classes, features)
    )
    rng = np.random.default_rng([seed, 3])  # fresh points, not the seed's data
    y = rng.integers(0, classes, size=points)
    X = centres[y] + rng.normal(size=(points, features))
    distances = ((X[:, None, :] - centres[None]) ** 2).sum(axis=2)
    clean = float(np.mean(distances.argmin(axis=1) == y))
    noise = defaults["label_noise"]
    return (1 - noise) * clean + noise / classes


def numbers() -> dict[str, float | int | str]:
    """The numbers the Overfitting article states, computed from the same runs as its figures.

    The curves are the mean of ``SEEDS``; comparisons (early stopping, its optimism, dropout)
    are made seed by seed over ``PAIRED_SEEDS`` and rendered as ``claim_*`` sentences.
    """
    curves = curves_over_seeds(SEEDS)
    mean = curves["validation"].mean(axis=0)
    runs = [training_curves(seed) for seed in SEEDS]
    ceiling = np.array([best_possible_accuracy(seed) for seed in PAIRED_SEEDS])
    best = np.array([run.best_epoch for run in runs])
    # Over PAIRED_SEEDS: the epoch chosen on validation, judged on test, and
    # early stopping as it is used (stop after PATIENCE epochs without gain).
    scores = early_stopping_scores(PAIRED_SEEDS, PATIENCE)
    val_best, test_best = scores["validation_at_best"], scores["test_at_best"]
    test_last, test_kept = scores["test_at_last"], scores["test_kept"]
    stops = scores["stop_epoch"]
    per_run_best = curves["validation"].max(axis=1)
    remedy = {
        rate: curves_over_seeds(SEEDS, dropout_rate=rate)
        for rate in REMEDY_RATES
    }
    gap = curves["train"][:, -1] - curves["validation"][:, -1]
    fits = fit_models()
    errors = {
        name: (rmse(model, *fits.train), rmse(model, *fits.held_out))
        for name, model in (
            ("a", fits.model_a),
            ("b", fits.model_b),
            ("simple", fits.too_simple),
        )
    }
    ratios = [
        rmse(f.model_a, *f.held_out) / rmse(f.model_b, *f.held_out)
        for f in map(fit_models, range(10))
    ]
    values = {
        "seeds": len(SEEDS),
        "last_seed": max(SEEDS),
        "epochs": curves["train"].shape[1],
        "peak_epoch": int(np.argmax(mean)) + 1,
        "peak": float(mean.max()),
        "final": float(mean[-1]),
        "train_final": float(curves["train"][:, -1].mean()),
        "train_at_40": float(curves["train"][:, 39].mean()),
        "best_epoch_min": int(best.min()),
        "best_epoch_max": int(best.max()),
        "best_epochs": ", ".join(str(b) for b in best),
        "validation_best_min": float(per_run_best.min()),
        "validation_best_max": float(per_run_best.max()),
        "drop_min": 100
        * float((per_run_best - curves["validation"][:, -1]).min()),
        "drop_max": 100
        * float((per_run_best - curves["validation"][:, -1]).max()),
        "paired_seeds": len(PAIRED_SEEDS),
        "ceiling": float(ceiling.mean()),
        "ceiling_min": float(ceiling.min()),
        "ceiling_max": float(ceiling.max()),
        "validation_at_best": float(val_best.mean()),
        "test_best": float(test_best.mean()),
        "test_last": float(test_last.mean()),
        "test_gain": 100 * float((test_best - test_last).mean()),
        "test_gain_min": 100 * float((test_best - test_last).min()),
        "test_gain_max": 100 * float((test_best - test_last).max()),
        "optimism": 100 * float((val_best - test_best).mean()),
        "patience": PATIENCE,
        "stop_min": int(stops.min()),
        "stop_max": int(stops.max()),
        "stop_mean": float(stops.mean()),
        "test_kept": float(test_kept.mean()),
        "gap": 100 * float(gap.mean()),
        "a_train": errors["a"][0],
        "a_held_out": errors["a"][1],
        "b_train": errors["b"][0],
        "b_held_out": errors["b"][1],
        "simple_train": errors["simple"][0],
        "simple_held_out": errors["simple"][1],
        "ratio": errors["a"][1] / errors["b"][1],
        "ratio_min": float(min(ratios)),
        "ratio_max": float(max(ratios)),
    }
    values.update(
        {
            f"claim_{name}": describe(c)
            for name, c in overfitting_comparisons(PAIRED_SEEDS).items()
        }
    )
    for rate, curves in remedy.items():
        key = f"{round(rate * 10):02d}"
        values[f"rate_{key}"] = rate
        values[f"gap_{key}"] = 100 * float(
            (curves["train"][:, -1] - curves["validation"][:, -1]).mean()
        )
        values[f"final_{key}"] = float(curves["validation"][:, -1].mean())
    return values


FIGURES = {
    "overfitting-accuracy": accuracy_figure,
    "overfitting-remedy": remedy_figure,
    "overfitting-models": models_figure,
    "overfitting-degree": degree_figure,
}

SLIDERS = {
    "overfitting-degree": Slider(
        "degree",
        "Polynomial degree",
        "degree",
        (1, 2, 3, 4, 5, 6, 7, 8, 9),
        degree_alt,
    ),
}
