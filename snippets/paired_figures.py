"""Figure and numbers of the page on how the numbers are made: why runs that share a seed are
compared seed by seed.

The runs are those of the Dropout article's sweep (``PAIRED_SEEDS``, validation accuracy after
the last epoch), without dropout and at rate 0.5.
"""

import numpy as np
from matplotlib.figure import Figure

from snippets.dropout_experiments import PAIRED_SEEDS, SEEDS, final_accuracy
from snippets.overfitting import training_curves
from snippets.paired import compare, describe, sign_test
from snippets.plotting import Theme, panels, themed, wrap

CACHED = (
    training_curves,
)  # the build keeps each run's result (hooks/results.py)
RATES = (0.0, 0.5)  # the pair of settings the figure compares


def paired_runs() -> tuple[np.ndarray, np.ndarray]:
    """Validation accuracy after the last epoch per seed, without dropout and at rate 0.5."""
    final = final_accuracy(RATES, PAIRED_SEEDS)["validation"]
    return final[0], final[1]


def pairs_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Left: each seed's two runs joined by a line. Right: the differences, their mean and interval."""
    before, after = paired_runs()
    c = compare(before, after)
    difference = 100 * (after - before)
    order = np.argsort(difference)
    with themed(theme) as colours:
        fig, (left, right) = panels(layout, 2, height=4.4, phone_height=4.2)
        for a, b in zip(100 * before, 100 * after, strict=True):
            colour = colours.first if b > a else colours.muted
            left.plot(
                [0, 1], [a, b], "-o", color=colour, alpha=0.7, markersize=4
            )
        left.set_xticks([0, 1], ["no dropout", "rate 0.5"])
        left.set_xlim(-0.3, 1.3)
        left.set(ylabel="validation accuracy after 400 epochs (%)")
        left.set_title(wrap("Each line is one seed: its two runs", layout))
        right.axvspan(
            100 * c.low,
            100 * c.high,
            color=colours.first,
            alpha=0.2,
            linewidth=0,
        )
        right.axvline(100 * c.mean, color=colours.first, linewidth=2)
        right.axvline(0, color=colours.ink, linewidth=1, linestyle="--")
        right.plot(
            difference[order], np.arange(len(order)), "o", color=colours.second
        )
        right.set_yticks([])
        right.set(
            xlabel="rate 0.5 minus no dropout (points)", ylabel="seeds, sorted"
        )
        right.set_title(
            wrap(
                f"Differences: mean {100 * c.mean:+.1f}, {c.confidence:.0%} interval shaded",
                layout,
            )
        )
        for ax in (left, right):
            ax.grid(True)
    return fig


def numbers() -> dict[str, float | int | str]:
    """The numbers "How the numbers are made" states."""
    before, after = paired_runs()
    c = compare(before, after)
    return {
        "seeds": len(SEEDS),
        "paired_seeds": len(PAIRED_SEEDS),
        "smallest_p_seeds": sign_test(np.ones(len(SEEDS))),
        "smallest_p_paired": sign_test(np.ones(len(PAIRED_SEEDS))),
        "none_low": float(before.min()),
        "none_high": float(before.max()),
        "rate_low": float(after.min()),
        "rate_high": float(after.max()),
        "wins": c.wins,
        "mean": 100 * c.mean,
        "claim": describe(c),
    }


FIGURES = {"paired-dropout": pairs_figure}
