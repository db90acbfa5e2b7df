"""Figures and numbers of docs/digits.md, drawn from the code it shows.

Curves show the mean and the range of ``SEEDS``; comparisons are made seed
by seed over ``PAIRED`` (ten seeds, not the site's usual twenty: each run
trains on real images, and the build's budget for this page is 120 s of CPU).
"""

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as Outline

from snippets.digits import (
    MORE,
    NOISE_LEVELS,
    NOISY,
    PAIRED,
    RATES,
    SEEDS,
    digit_parts,
    digits_findings,
    digits_run,
    load_digits,
    over_seeds,
    report,
)
from snippets.overfitting import forward
from snippets.paired import describe
from snippets.plotting import Slider, Theme, panels, spread, themed, wrap

CACHED = (digits_run,)  # the build keeps each run's result (hooks/results.py)
PARTS = {
    "train": "training",
    "validation": "validation",
    "test": "test (true labels)",
}
SHOWN = 20  # digits in each grid


def draw_digits(
    ax: Axes, images: np.ndarray, colour: str, columns: int, gap: int = 1
) -> None:
    """Draw 8x8 ``images`` (values 0 to 16) in a grid, ink as opacity,
    ``gap`` pixels apart. The squares of one grey level are one path: a
    small SVG.
    """
    rows, step = -(-len(images) // columns), 8 + gap
    for level in range(1, 17):
        squares = []
        for k, image in enumerate(images):
            top, left = step * (k // columns), step * (k % columns)
            for i, j in zip(
                *np.nonzero(image.reshape(8, 8) == level), strict=False
            ):
                x, y = left + j, top + i
                squares.append(
                    [(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1)]
                )
        if squares:
            ax.add_patch(
                PathPatch(
                    Outline.make_compound_path(
                        *(Outline(s, closed=False) for s in squares)
                    ),
                    facecolor=colour,
                    alpha=level / 16,
                    linewidth=0,
                )
            )
    ax.set(xlim=(-0.5, step * columns - 0.5), ylim=(step * rows, -0.5))
    ax.set_aspect("equal")
    ax.axis("off")


def samples() -> tuple[np.ndarray, np.ndarray]:
    """The first two images of each digit in the file: (20, 64), labels."""
    X, y = load_digits()
    rows = [np.flatnonzero(y == d)[:2] for d in range(10)]
    order = np.array(rows).T.ravel()
    return X[order], y[order]


def samples_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Two handwritten examples of each digit, as the network sees them."""
    images, _ = samples()
    with themed(theme) as colours:
        fig, (ax,) = panels(layout, 1, height=2.2, phone_height=3.6)
        draw_digits(ax, images, colours.ink, 10 if layout == "desktop" else 5)
        ax.set_title(wrap("Two of each digit, 0 to 9: 8 x 8 pixels", layout))
    return fig


def mistakes(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Test images that ``digits_run(seed)`` gets wrong: images, true
    labels, predicted labels (in test order)."""
    X, y = digit_parts(seed)["test"]
    predicted = forward(digits_run(seed).params, X)[1].argmax(axis=1)
    wrong = predicted != y
    return 16 * X[wrong], y[wrong], predicted[wrong]


def mistakes_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """The first test digits the seed-0 network gets wrong, with labels."""
    images, true, predicted = mistakes()
    columns = 10 if layout == "desktop" else 5
    shown = min(SHOWN, len(true))
    with themed(theme) as colours:
        fig, (ax,) = panels(layout, 1, height=2.7, phone_height=4.6)
        draw_digits(ax, images[:shown], colours.ink, columns, gap=5)
        for k in range(shown):
            x, y = 13 * (k % columns) + 4, 13 * (k // columns) + 8.4
            ax.text(
                x,
                y,
                f"{true[k]} → {predicted[k]}",
                ha="center",
                va="top",
                fontsize=11,
                color=colours.second,
            )
        ax.set_title(
            wrap(
                f"{len(true)} of 600 test digits wrong (seed 0); the first "
                f"{shown}, true → predicted",
                layout,
            )
        )
    return fig


def curves_figure(
    theme: str | Theme = "light",
    *,
    label_noise: float = 0.0,
    layout: str = "desktop",
) -> Figure:
    """Accuracy and loss per epoch on the three splits, over ``SEEDS``
    (clean labels unless ``label_noise`` says otherwise)."""
    runs = over_seeds(SEEDS, label_noise=label_noise)
    with themed(theme) as colours:
        fig, axes = panels(layout, 2, height=4.0, phone_height=3.6)
        hues = (colours.second, colours.first, colours.third)
        for ax, kind in zip(axes, ("accuracy", "loss"), strict=True):
            for (part, name), hue in zip(PARTS.items(), hues, strict=True):
                scale = 100 if kind == "accuracy" else 1
                spread(ax, runs["epochs"], scale * runs[kind][part], hue, name)
            ax.set(xlabel="epoch", xlim=(0, runs["epochs"][-1]))
            ax.grid(True)
        axes[0].set(ylabel="accuracy (%)", ylim=(0, 102))
        axes[1].set(ylabel="cross-entropy loss", ylim=(0, 2.6))
        axes[0].set_title(
            wrap(f"{label_noise:.0%} of labels random: accuracy", layout)
        )
        axes[1].set_title(wrap("Loss: lower is better", layout))
        axes[0].legend(loc="lower right", fontsize=10)
    return fig


def curves_alt(label_noise: float) -> str:
    """The alt text of one frame of the curves slider."""
    runs = over_seeds(SEEDS, label_noise=label_noise)
    accuracy = runs["accuracy"]
    test = accuracy["test"].mean(axis=0)
    return (
        f"Accuracy and loss over {runs['epochs'][-1]} epochs with {label_noise:.0%} of the "
        f"training and validation labels random, mean and range of "
        f"{len(SEEDS)} seeds. Training accuracy ends at "
        f"{accuracy['train'][:, -1].mean():.0%}; test accuracy, on true "
        f"labels, peaks at {test.max():.0%} and ends at {test[-1]:.0%}."
    )


def _sweep(label_noise: float, seeds=PAIRED) -> dict[str, np.ndarray]:
    """Final accuracy per part, shape (rates, seeds), over ``RATES``."""
    runs = [
        over_seeds(seeds, label_noise=label_noise, dropout_rate=r)
        for r in RATES
    ]
    return {
        part: np.array([r["accuracy"][part][:, -1] for r in runs])
        for part in PARTS
    }


def dropout_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Gap and test accuracy after the last epoch against the dropout rate."""
    with themed(theme) as colours:
        fig, axes = panels(layout, 2, height=3.8, phone_height=3.4)
        for noise, hue in ((0.0, colours.first), (NOISY, colours.second)):
            final = _sweep(noise)
            name = "clean labels" if noise == 0 else f"{noise:.0%} random"
            gap = 100 * (final["train"] - final["validation"])
            spread(axes[0], np.array(RATES), gap.T, hue, name)
            spread(axes[1], np.array(RATES), 100 * final["test"].T, hue, name)
        axes[0].set(ylabel="training − validation (points)")
        axes[0].set_title(wrap("Gap after the last epoch", layout))
        axes[1].set(ylabel="test accuracy (%)")
        axes[1].set_title(wrap("Test accuracy after the last epoch", layout))
        for ax in axes:
            ax.set(xlabel="dropout rate", xticks=RATES)
            ax.grid(True)
        axes[0].legend(fontsize=10)
    return fig


DIFFERENCES = (  # (label, comparison name), drawn top to bottom
    ("rate 0.5\n− none", "test_{}_05"),
    ("rate 0.8\n− none", "test_{}_08"),
    ("early\n− last", "early_{}"),
    (f"{MORE} images\n− 300", "data_{}"),
)


def differences_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Test accuracy differences seed by seed: dropout, early stopping,
    more data; mean and 95% interval for each."""
    _, found = digits_findings()
    with themed(theme) as colours:
        fig, axes = panels(
            layout, 2, height=3.6, phone_height=3.4, sharex=True
        )
        for ax, c in zip(axes, ("clean", "noisy"), strict=True):
            for row, (_, name) in enumerate(DIFFERENCES):
                comparison = found[name.format(c)]
                _difference_row(
                    ax, row, _seed_differences(name, c), comparison, colours
                )
            ax.axvline(0, color=colours.ink, linewidth=1, linestyle="--")
            ax.set_yticks(range(len(DIFFERENCES)), [d[0] for d in DIFFERENCES])
            ax.set_ylim(len(DIFFERENCES) - 0.5, -0.5)
            ax.grid(True, axis="x")
            ax.set_xlabel(wrap("test accuracy difference (points)", layout))
            title = "Clean labels" if c == "clean" else f"{NOISY:.0%} random"
            ax.set_title(wrap(f"{title}: each dot a seed", layout))
    return fig


def _difference_row(ax, row, values, comparison, colours) -> None:
    ax.plot(
        [100 * comparison.low, 100 * comparison.high],
        [row, row],
        color=colours.first,
        linewidth=6,
        alpha=0.35,
        solid_capstyle="butt",
    )
    ax.plot(
        100 * values,
        np.full(len(values), row) + 0.12,
        "o",
        color=colours.second,
        markersize=4,
        alpha=0.8,
    )
    ax.plot(
        [100 * comparison.mean],
        [row],
        "|",
        color=colours.first,
        markersize=16,
        markeredgewidth=3,
    )


def _seed_differences(name: str, condition: str) -> np.ndarray:
    """The per-seed differences behind a comparison of ``DIFFERENCES``."""
    noise = 0.0 if condition == "clean" else NOISY
    base = over_seeds(PAIRED, label_noise=noise)["accuracy"]
    last = base["test"][:, -1]
    if name.startswith("test_"):
        rate = int(name[-2:]) / 10
        other = over_seeds(PAIRED, label_noise=noise, dropout_rate=rate)
        return other["accuracy"]["test"][:, -1] - last
    if name.startswith("early"):
        at = base["validation"].argmax(axis=1)
        return base["test"][np.arange(len(at)), at] - last
    more = over_seeds(PAIRED, label_noise=noise, n_train=MORE)
    return more["accuracy"]["test"][:, -1] - last


def perfect_reader(seed: int) -> float:
    """The training accuracy, against its noisy labels, of a reader who
    reads every digit of ``seed``'s training images right."""
    true = digit_parts(seed)["train"][1]
    return float(
        np.mean(digit_parts(seed, label_noise=NOISY)["train"][1] == true)
    )


FIGURES = {
    "digits-samples": samples_figure,
    "digits-curves": curves_figure,
    "digits-mistakes": mistakes_figure,
    "digits-dropout": dropout_figure,
    "digits-differences": differences_figure,
}
SLIDERS = {
    "digits-curves": Slider(
        "label-noise",
        "Share of labels made random",
        "label_noise",
        (0.0, 0.1, 0.2, 0.3, 0.4),
        curves_alt,
    ),
}


def numbers() -> dict[str, float | int | str]:
    """What docs/digits.md states, computed by the build."""
    chosen, found = digits_findings()
    values: dict[str, float | int | str] = {
        "report": report(),
        "seeds": len(SEEDS),
        "paired": len(PAIRED),
        "noisy": NOISY,
        # Validation labels left as they were, and the points a random label
        # scores by chance (right one time in ten).
        "clean_share": 1 - NOISY,
        "chance_points": 100 * NOISY / 10,
        "more": MORE,
        "wrong": len(mistakes()[1]),
        **chosen,
    }
    for name, c in found.items():
        values[f"claim_{name}"] = describe(c)
        values[f"mean_{name}"] = 100 * c.mean
    for noise, c in ((0.0, "clean"), (NOISY, "noisy")):
        scored = over_seeds(SEEDS, label_noise=noise)
        runs = scored["accuracy"]
        test = runs["test"].mean(axis=0)
        values[f"train_{c}"] = float(runs["train"][:, -1].mean())
        values[f"peak_{c}"] = float(test.max())
        values[f"last_{c}"] = float(test[-1])
        values[f"peak_epoch_{c}"] = int(scored["epochs"][np.argmax(test)])
    scored = over_seeds(SEEDS)
    clean = scored["loss"]["validation"].mean(axis=0)
    values["loss_low_clean"] = float(clean.min())
    values["loss_last_clean"] = float(clean[-1])
    noisy = over_seeds(SEEDS, label_noise=NOISY)["loss"]["validation"]
    values["loss_low_noisy"] = float(noisy.mean(axis=0).min())
    values["loss_low_epoch_noisy"] = int(
        scored["epochs"][np.argmin(noisy.mean(axis=0))]
    )
    values["loss_last_noisy"] = float(noisy.mean(axis=0)[-1])
    values["reader_noisy"] = float(
        np.mean([perfect_reader(seed) for seed in SEEDS])
    )
    values["loss_low_epoch_clean"] = int(scored["epochs"][np.argmin(clean)])
    values["epochs"] = int(scored["epochs"][-1])
    values["every"] = int(scored["epochs"][0])
    values["noise_levels"] = ", ".join(f"{n:.0%}" for n in NOISE_LEVELS)
    return values
