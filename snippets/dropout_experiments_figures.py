"""Figures and numbers of the Dropout article's experiments: dropout against overfitting.

Every point is a network of the Overfitting article trained over ``PAIRED_SEEDS`` (the rate
curves over ``SEEDS``); a figure shows the mean and the range (or every seed) over them. Two
settings run on the same seed share data and initialisation: every comparison the page states
is made seed by seed (``snippets.paired``), and a setting chosen on validation is judged on test.
"""

import numpy as np
from matplotlib.figure import Figure

from snippets.dropout_experiments import (
    PAIRED_SEEDS,
    RATES,
    REMOVAL_RATE,
    REMOVED,
    SEEDS,
    WIDE,
    WIDE_RATES,
    curves_over_seeds,
    dropout_findings,
    early_stopping_scores,
    final_accuracy,
    removal_runs,
    report,
    units_removed_curve,
    width_runs,
)
from snippets.overfitting import training_curves
from snippets.overfitting_figures import _accuracy_axes
from snippets.paired import describe
from snippets.plotting import Slider, Theme, panels, spread, themed, wrap

# The build keeps each call's result (hooks/results.py): every training run, and each
# network's accuracy with units silenced (400 evaluations per network).
CACHED = (training_curves, units_removed_curve)


def sweep_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Final training and validation accuracy, and their gap, against the dropout rate."""
    final = final_accuracy(RATES, PAIRED_SEEDS)
    rates = np.array(RATES)
    gap = final["train"] - final["validation"]
    best = rates[np.argmax(final["validation"].mean(axis=1))]
    with themed(theme) as colours:
        fig, (left, right) = panels(layout, 2, height=4.2, phone_height=3.6)
        spread(
            left,
            rates,
            100 * final["train"].T,
            colours.second,
            "training accuracy",
        )
        spread(
            left,
            rates,
            100 * final["validation"].T,
            colours.first,
            "validation accuracy",
        )
        left.axvline(best, color=colours.ink, linestyle="--", linewidth=1)
        left.annotate(
            f"best validation\nat rate {best:g}",
            (best, 45),
            xytext=(-8, 0),
            textcoords="offset points",
            ha="right",
        )
        left.set(
            xlabel="dropout rate",
            ylabel="accuracy after 400 epochs (%)",
            ylim=(40, 102),
        )
        left.set_title("Accuracy after training")
        # Clear of the curves and of the label, on a phone too.
        left.legend(loc="center left", fontsize=10)
        spread(
            right,
            rates,
            100 * gap.T,
            colours.third,
            "training minus validation",
        )
        right.set(
            xlabel="dropout rate",
            ylabel="gap (percentage points)",
            ylim=(0, 55),
        )
        right.set_title("The gap closes as the rate rises")
        right.legend(loc="upper right", fontsize=10)
        for ax in (left, right):
            ax.set_xlim(0, 1)
            ax.grid(True)
    return fig


def width_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Validation accuracy and gap of narrow networks against wide ones with dropout."""
    runs = width_runs()
    names = list(runs)
    with themed(theme) as colours:
        fig, (left, right) = panels(
            layout, 2, height=4.2, phone_height=3.8, sharey=True
        )
        for row, name in enumerate(names):
            colour = colours.first if "rate" in name else colours.muted
            validation = 100 * runs[name]["validation"]
            gap = 100 * (runs[name]["train"] - runs[name]["validation"])
            for ax, values in ((left, validation), (right, gap)):
                ax.plot(
                    values,
                    np.full(len(values), row),
                    "o",
                    color=colour,
                    alpha=0.6,
                )
                ax.plot(
                    [values.mean()],
                    [row],
                    "|",
                    color=colours.ink,
                    markersize=18,
                    mew=2.5,
                )
        left.set_yticks(range(len(names)), names)
        left.invert_yaxis()
        left.set(xlabel="validation accuracy after 400 epochs (%)")
        left.set_title(
            wrap("Validation accuracy (dots: seeds, bar: mean)", layout)
        )
        right.set(xlabel="training minus validation (points)")
        right.set_title("Gap")
        for ax in (left, right):
            ax.grid(True, axis="x")
    return fig


def removal_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Test accuracy lost as hidden units are silenced, trained without and with dropout."""
    runs = removal_runs()
    removed = np.array(REMOVED)
    with themed(theme) as colours:
        fig, (ax,) = panels(layout, 1, height=4.2, phone_height=4.4)
        for rate, colour, label in (
            (0.0, colours.second, "trained without dropout"),
            (
                REMOVAL_RATE,
                colours.first,
                f"trained with dropout rate {REMOVAL_RATE:g}",
            ),
        ):
            lost = (
                runs[rate][:, :1] - runs[rate]
            )  # each seed against its intact network
            spread(ax, removed, 100 * lost, colour, label)
        ax.set(
            xlabel=wrap(
                f"hidden units silenced at test time (of {WIDE})", layout
            ),
            ylabel="test accuracy lost (points)",
            xlim=(0, removed[-1]),
        )
        ax.set_title(
            wrap(
                "Silencing units after training: what each network loses",
                layout,
            )
        )
        ax.grid(True)
        ax.legend(loc="upper left")
    return fig


def rate_curves_figure(
    theme: str | Theme = "light", *, rate: float = 0.0, layout: str = "desktop"
) -> Figure:
    """Training and validation accuracy per epoch at one dropout ``rate``, over ``SEEDS``."""
    curves = curves_over_seeds(SEEDS, dropout_rate=rate)
    final = {
        part: curves[part][:, -1].mean() for part in ("train", "validation")
    }
    with themed(theme) as colours:
        fig, (ax,) = panels(layout, 1, height=4.2, phone_height=4.6)
        _accuracy_axes(ax, curves, colours)
        ax.set_title(
            wrap(
                f"Dropout rate {rate:g}: training {final['train']:.0%}, validation "
                f"{final['validation']:.0%}, gap "
                f"{100 * (final['train'] - final['validation']):.0f} points "
                f"(mean of {len(SEEDS)} runs)",
                layout,
            )
        )
        if layout == "phone":  # under the chart, clear of the curves
            fig.legend(loc="outside lower center")
        else:
            ax.legend(loc="lower right")
    return fig


def rate_curves_alt(*, rate: float = 0.0) -> str:
    """Alt text of ``rate_curves_figure`` at ``rate``: where the curves end, from the same runs."""
    curves = curves_over_seeds(SEEDS, dropout_rate=rate)
    train, validation = curves["train"][:, -1], curves["validation"][:, -1]
    return (
        f"Training and validation accuracy over {curves['train'].shape[1]} epochs of the network "
        f"trained with dropout rate {rate:g}, mean and range of {len(SEEDS)} runs. After the "
        f"last epoch training accuracy is {train.mean():.0%} and validation accuracy "
        f"{validation.mean():.0%}: a gap of {100 * (train - validation).mean():.0f} points."
    )


def numbers() -> dict[str, float | int | str]:
    """The numbers the Dropout article states about its experiments.

    ``claim_*`` are sentences rendered from paired comparisons over
    ``PAIRED_SEEDS`` (``snippets.paired.describe``): their direction and
    quantifier follow the runs.
    """
    final = final_accuracy(RATES, PAIRED_SEEDS)
    validation, gap = final["validation"], final["train"] - final["validation"]
    test, mean = final["test"], validation.mean(axis=1)
    at = {rate: i for i, rate in enumerate(RATES)}
    found = dropout_findings(
        PAIRED_SEEDS
    )  # chosen on validation, judged on test
    best = at[found.best_rate]
    widths = width_runs()
    best_narrow = f"{found.best_narrow} units"
    removal = removal_runs()
    half = REMOVED.index(64)
    lost = {
        rate: curves[:, 0] - curves[:, half]
        for rate, curves in removal.items()
    }
    values = {
        "seeds": len(SEEDS),
        "paired_seeds": len(PAIRED_SEEDS),
        "rates": len(RATES),
        "rate_list": ", ".join(format(rate, "g") for rate in RATES),
        "report": report(),
        "best_rate": found.best_rate,
        "best_validation": float(mean[best]),
        "best_test": float(test[best].mean()),
        "test_00": float(test[0].mean()),
        "early_test_00": float(
            early_stopping_scores(PAIRED_SEEDS)["test_at_best"].mean()
        ),
        "highest_rate": RATES[-1],
        "validation_highest": float(mean[-1]),
        "train_highest": float(final["train"][-1].mean()),
        "test_highest": float(test[-1].mean()),
        "best_narrow": found.best_narrow,
        "best_narrow_validation": float(
            widths[best_narrow]["validation"].mean()
        ),
        "best_narrow_test": float(widths[best_narrow]["test"].mean()),
        "best_narrow_gap": float(
            (
                widths[best_narrow]["train"]
                - widths[best_narrow]["validation"]
            ).mean()
        ),
        "removed_half": REMOVED[half],
        "removal_rate": REMOVAL_RATE,
    }
    values.update(
        {f"claim_{name}": describe(c) for name, c in found.comparisons.items()}
    )
    for rate in (0.0, 0.1, 0.5, 0.9):
        key = f"{round(rate * 10):02d}"
        values[f"validation_{key}"] = float(mean[at[rate]])
        values[f"gap_{key}"] = float(gap[at[rate]].mean())
        values[f"train_{key}"] = float(final["train"][at[rate]].mean())
    for rate in WIDE_RATES:
        runs = widths[f"{WIDE}, rate {rate:g}"]
        values[f"wide_{round(rate * 10):02d}_validation"] = float(
            runs["validation"].mean()
        )
        values[f"wide_{round(rate * 10):02d}_gap"] = float(
            (runs["train"] - runs["validation"]).mean()
        )
    for rate, name in ((0.0, "plain"), (REMOVAL_RATE, "dropout")):
        values[f"{name}_full"] = float(removal[rate][:, 0].mean())
        values[f"{name}_half_removed"] = float(removal[rate][:, half].mean())
        values[f"{name}_loss"] = float(lost[rate].mean())
    return {
        key: 100 * value
        if ("gap" in key or "loss" in key) and isinstance(value, float)
        else value
        for key, value in values.items()
    }


FIGURES = {
    "dropout-sweep": sweep_figure,
    "dropout-width": width_figure,
    "dropout-removal": removal_figure,
    "dropout-curves": rate_curves_figure,
}

SLIDERS = {
    "dropout-curves": Slider(
        "curves-rate",
        "Dropout rate",
        "rate",
        (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
        rate_curves_alt,
    ),
}
