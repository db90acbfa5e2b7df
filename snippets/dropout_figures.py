"""Figures of the Dropout article, each drawn from the same code the article shows."""

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Circle
from matplotlib.ticker import FuncFormatter, NullLocator

from snippets.dropout import (
    apply_mask,
    dropped_and_mean,
    keep_mask,
    mean_of_passes,
)
from snippets.plotting import Slider, Theme, panels, themed, wrap


def sample_input(
    shape: tuple[int, int] = (4, 6), *, seed: int = 0
) -> np.ndarray:
    """Small float32 activations in [0.1, 0.9], one decimal each, easy to read in a cell."""
    rng = np.random.default_rng(seed)
    return (rng.integers(1, 10, size=shape) / 10).astype(np.float32)


def _cells(
    ax: Axes,
    values: np.ndarray,
    labels: np.ndarray,
    inks: np.ndarray,
    title: str,
    colours: Theme,
    cmap: ListedColormap,
    norm: Normalize,
) -> None:
    """Draw ``values`` as a grid of coloured cells, each with its label in its ink."""
    rows, cols = values.shape
    ax.pcolormesh(
        np.arange(cols + 1) - 0.5,
        np.arange(rows + 1) - 0.5,
        values,
        cmap=cmap,
        norm=norm,
        edgecolors=colours.muted,
        linewidth=1,
    )
    for (row, col), label in np.ndenumerate(labels):
        ax.text(
            col,
            row,
            label,
            ha="center",
            va="center",
            fontsize=11,
            color=inks[row, col],
            in_layout=False,  # inside its cell: no need to measure it
        )
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)  # first row on top, as the array prints
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title)


def _value_inks(values: np.ndarray, cmap: ListedColormap) -> np.ndarray:
    """Dark or white text, whichever reads on each value's cell colour."""
    red, green, blue, _ = np.moveaxis(cmap(values), -1, 0)
    bright = 0.299 * red + 0.587 * green + 0.114 * blue > 0.55
    return np.where(bright, "#1f2328", "#ffffff")


def mask_figure(
    theme: str | Theme = "light",
    *,
    rate: float = 0.5,
    seed: int = 0,
    layout: str = "desktop",
) -> Figure:
    """Input, keep-mask and scaled output side by side (stacked on a phone); dropped cells are
    blank with a 0."""
    x = sample_input(seed=seed)
    mask = keep_mask(x.shape, rate, rng=seed)
    y = apply_mask(x, mask, rate)
    with themed(theme) as colours:
        fig, axes = panels(layout, 3, height=2.9, phone_height=2.5)
        values = ListedColormap(
            ["#fde9c9", "#f7c873", "#e69f00", "#b35806", "#7f3b08"]
        ).with_extremes(bad=colours.paper)
        norm = Normalize(0.0, float(y.max()))
        _cells(
            axes[0],
            x,
            np.vectorize("{:.1f}".format)(x),
            _value_inks(norm(x), values),
            "input x",
            colours,
            values,
            norm,
        )
        _cells(
            axes[1],
            mask.astype(int),
            np.where(mask, "keep", "drop"),
            np.where(mask, colours.on_first, colours.ink),
            f"mask: p = {rate:g}\nthis draw dropped {int(mask.size - mask.sum())} of {mask.size}",
            colours,
            ListedColormap([colours.paper, colours.first]),
            Normalize(0, 1),
        )
        _cells(
            axes[2],
            np.ma.masked_where(~mask, y),
            np.where(mask, np.vectorize("{:.2g}".format)(y), "0"),
            np.where(mask, _value_inks(norm(y), values), colours.muted),
            f"output: kept × 1/(1 − p) = {1 / (1 - rate):.3g}",
            colours,
            values,
            norm,
        )
    return fig


def network_masks(
    hidden: tuple[int, ...], rate: float, steps: int, *, seed: int = 0
) -> list[list[np.ndarray]]:
    """Keep-masks of each hidden layer at each training step, drawn from one Generator."""
    rng = np.random.default_rng(seed)
    return [
        [keep_mask((size,), rate, rng=rng) for size in hidden]
        for _ in range(steps)
    ]


def _network(
    ax: Axes,
    sizes: tuple[int, ...],
    masks: list[np.ndarray],
    step: int,
    colours: Theme,
) -> None:
    """One network: inputs, hidden layers thinned by ``masks``, outputs; dropped units hollow."""
    kept = [np.ones(sizes[0], bool), *masks, np.ones(sizes[-1], bool)]
    ys = [np.linspace(-(n - 1) / 2, (n - 1) / 2, n) for n in sizes]
    connections = [  # between units that are both kept
        [(layer, ys[layer][i]), (layer + 1, ys[layer + 1][j])]
        for layer in range(len(sizes) - 1)
        for i, j in np.ndindex(sizes[layer], sizes[layer + 1])
        if kept[layer][i] and kept[layer + 1][j]
    ]
    ax.add_collection(
        LineCollection(
            connections,
            colors=colours.muted,
            linewidths=0.8,
            alpha=0.7,
            zorder=1,
            gid=f"connections-{step}",
            in_layout=False,
        )
    )
    for layer, (alive, y) in enumerate(zip(kept, ys, strict=False)):
        for i, on in enumerate(alive):
            state = "kept" if on else "dropped"
            ax.add_patch(
                Circle(
                    (layer, y[i]),
                    0.22,
                    zorder=2,
                    linewidth=1.5,
                    facecolor=colours.first if on else colours.paper,
                    edgecolor=colours.first if on else colours.muted,
                    linestyle="-" if on else (0, (2, 2)),
                    gid=f"unit-{step}-{layer}-{i}-{state}",
                    in_layout=False,  # inside the axes: no need to measure it
                )
            )
            if not on:
                ax.text(
                    layer,
                    y[i],
                    "×",
                    ha="center",
                    va="center",
                    color=colours.muted,
                    fontsize=12,
                    zorder=3,
                    in_layout=False,
                )
    ax.set_xlim(-0.4, len(sizes) - 0.6)
    ax.set_ylim(-max(sizes) / 2, max(sizes) / 2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    hidden = np.concatenate(masks)
    ax.set_title(
        f"step {step + 1}: {hidden.size - hidden.sum()} of {hidden.size} dropped"
    )


def network_figure(
    theme: str | Theme = "light",
    *,
    sizes: tuple[int, ...] = (3, 5, 5, 2),
    rate: float = 0.5,
    steps: int = 3,
    seed: int = 0,
    layout: str = "desktop",
) -> Figure:
    """The same small network at ``steps`` training steps, a fresh set of hidden units dropped each."""
    all_masks = network_masks(sizes[1:-1], rate, steps, seed=seed)
    with themed(theme) as colours:
        fig, axes = panels(layout, steps, height=3.6, phone_height=2.6)
        for step, (ax, masks) in enumerate(zip(axes, all_masks, strict=False)):
            _network(ax, sizes, masks, step, colours)
        fig.suptitle(
            wrap(
                f"Hidden units dropped with p = {rate:g}: each training step draws its own "
                "thinned network",
                layout,
            ),
            fontsize=13,
        )
    return fig


def expectation_figure(
    theme: str | Theme = "light",
    *,
    rate: float = 0.5,
    passes: int = 2000,
    seed: int = 0,
    layout: str = "desktop",
) -> Figure:
    """Running mean of many dropout passes, with and without the 1/(1 - rate) scaling."""
    x = sample_input(seed=seed)
    scaled = mean_of_passes(x, rate, passes, rng=seed, scale=True)
    unscaled = mean_of_passes(x, rate, passes, rng=seed, scale=False)
    at = (
        np.unique(np.geomspace(1, passes, 300).astype(int)) - 1
    )  # log-spaced points to draw
    scaled, unscaled, n = scaled[at], unscaled[at], at + 1
    unit = np.unravel_index(np.argmax(x), x.shape)
    with themed(theme) as colours:
        fig, (left, right) = panels(layout, 2, height=3.8, phone_height=3.4)
        left.plot(
            n,
            scaled[(slice(None), *unit)],
            color=colours.first,
            label="scaled by 1/(1 − p)",
        )
        left.plot(
            n,
            unscaled[(slice(None), *unit)],
            color=colours.second,
            label="not scaled",
        )
        left.axhline(x[unit], color=colours.ink, linestyle="--", linewidth=1)
        left.axhline(
            (1 - rate) * x[unit],
            color=colours.muted,
            linestyle=":",
            linewidth=1,
        )
        for (
            value,
            label,
            offset,
        ) in (  # at the left, where the curves are not yet
            (x[unit], f"input x = {x[unit]:.1f}", 4),
            (
                (1 - rate) * x[unit],
                f"(1 − p)·x = {(1 - rate) * x[unit]:.2f}",
                -4,
            ),
        ):
            left.annotate(
                label,
                (1, value),
                xytext=(4, offset),
                textcoords="offset points",
                ha="left",
                va="bottom" if offset > 0 else "top",
            )
        left.set(
            xscale="log",
            xlabel="passes averaged",
            ylabel="mean output of one unit",
            title=wrap(
                "One unit: the average settles on x only with scaling", layout
            ),
        )
        left.legend(loc="upper right")
        left.margins(y=0.15)  # room for the label under the (1 - p)·x line
        if (
            rate == 0
        ):  # nothing dropped: every pass is x, no gap to draw on log axes
            left.set_ylim(0, 2 * x[unit])  # not a zoom into rounding noise
            _decades(left)
            _nothing_to_average(right, layout)
            return fig
        rms = lambda means: np.sqrt(((means - x) ** 2).mean(axis=(1, 2)))  # noqa: E731
        theory = np.sqrt(
            (x.astype(np.float64) ** 2).mean() * rate / (1 - rate) / n
        )
        right.plot(n, rms(scaled), color=colours.first, label="scaled")
        right.plot(n, rms(unscaled), color=colours.second, label="not scaled")
        right.plot(
            n,
            theory,
            color=colours.ink,
            linestyle="--",
            linewidth=1,
            label="theory: √(x²·p/(1 − p)/n)",
        )
        right.set(
            xscale="log",
            yscale="log",
            xlabel="passes averaged",
            ylabel="RMS gap to x, all units",
            title=wrap("All units: the gap shrinks as 1/√n", layout),
        )
        right.legend(loc="lower left")
        for ax in (left, right):
            _decades(ax)
    return fig


def _decades(ax: Axes) -> None:
    """A grid, and log axes ticked 1, 10, 100 rather than 10⁰, 10¹, 10², once a decade."""
    ax.grid(True, which="major")
    for axis in (ax.xaxis, ax.yaxis):
        if axis.get_scale() == "log":
            axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            axis.set_minor_locator(NullLocator())


def _nothing_to_average(ax: Axes, layout: str) -> None:
    """The right panel of the expectation figure at rate 0, where every pass is x."""
    ax.text(
        0.5,
        0.5,
        "Rate 0 drops nothing:\nevery pass is x,\nthe gap is 0",
        ha="center",
        va="center",
        transform=ax.transAxes,
    )
    ax.set_title(wrap("All units: no gap to shrink", layout))
    ax.set_axis_off()


def mask_alt(*, rate: float = 0.5, seed: int = 0) -> str:
    """Alt text of ``mask_figure`` at ``rate``: what that draw dropped, from the same mask."""
    x = sample_input(seed=seed)
    mask = keep_mask(x.shape, rate, rng=seed)
    y = apply_mask(x, mask, rate)
    rows, cols = x.shape
    dropped = int(mask.size - mask.sum())
    kept = np.flatnonzero(mask)
    example = (
        f"for example {x.flat[kept[0]]:.1f} becomes {y.flat[kept[0]]:.2g}"
        if kept.size
        else "but no cell was kept"
    )
    return (
        f"Three grids of {rows} by {cols} cells. Left, the input: values between "
        f"{x.min():.1f} and {x.max():.1f}. Middle, the keep mask drawn at rate {rate:g}, which "
        f"dropped {dropped} of the {mask.size} cells ({dropped / mask.size:.0%}): blue cells "
        "marked keep, blank cells marked drop. Right, the output: dropped cells are blank and "
        f"show 0, kept cells show their input value multiplied by 1/(1 − {rate:g}) = "
        f"{1 / (1 - rate):.3g}, {example}."
    )


def expectation_alt(
    *, rate: float = 0.5, passes: int = 2000, seed: int = 0
) -> str:
    """Alt text of ``expectation_figure`` at ``rate``: where each mean ends, from the same runs."""
    x = sample_input(seed=seed)
    unit = np.unravel_index(np.argmax(x), x.shape)
    scaled = mean_of_passes(x, rate, passes, rng=seed, scale=True)[-1]
    unscaled = mean_of_passes(x, rate, passes, rng=seed, scale=False)[-1]
    left = (
        f"Two panels at dropout rate {rate:g}. Left: the running mean of one unit with input "
        f"{x[unit]:.1f} over up to {passes} dropout passes; after {passes} passes the scaled "
        f"version is at {scaled[unit]:.2f} and the unscaled version at {unscaled[unit]:.2f}, "
        f"where (1 − p)·x = {(1 - rate) * x[unit]:.2f}."
    )
    if rate == 0:
        return (
            left
            + " Right: no curves; at rate 0 every pass is x and the gap is 0."
        )
    rms = lambda means: np.sqrt(((means - x) ** 2).mean())  # noqa: E731
    theory = np.sqrt(
        (x.astype(np.float64) ** 2).mean() * rate / (1 - rate) / passes
    )
    return left + (
        " Right: on log axes, the root-mean-square gap between the running mean and the "
        f"input, all units: after {passes} passes it is {rms(scaled):.3f} with scaling, "
        f"where the 1/√n theory predicts {theory:.3f}, and {rms(unscaled):.3f} without, "
        "where it levels off."
    )


def numbers() -> dict[str, float | int]:
    """The numbers the Dropout article states about its figures and its example."""
    x = sample_input()
    mask = keep_mask(x.shape, 0.5, rng=0)  # as mask_figure draws it
    values: dict[str, float | int] = {
        "mask_cells": int(mask.size),
        "mask_dropped": int(mask.size - mask.sum()),
    }
    for rate in (0.5, 0.3):
        dropped, mean = dropped_and_mean(rate=rate)
        key = f"{round(rate * 10):02d}"
        values[f"dropped_{key}"] = dropped
        values[f"mean_{key}"] = mean
    return values


FIGURES = {
    "dropout-mask": mask_figure,
    "dropout-network": network_figure,
    "dropout-expectation": expectation_figure,
}

SLIDERS = {
    "dropout-mask": Slider(
        "mask-rate",
        "Dropout rate",
        "rate",
        (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
        mask_alt,
    ),
    "dropout-expectation": Slider(
        "expectation-rate",
        "Dropout rate",
        "rate",
        (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
        expectation_alt,
    ),
}
