"""Figures and numbers of docs/survey_bias.md, drawn from the code it shows."""

import numpy as np
from matplotlib.figure import Figure

from snippets.plotting import Theme, panels, themed, wrap
from snippets.survey_bias import example, report, rescale


def histograms_figure(
    theme: str | Theme = "light", *, layout: str = "desktop"
) -> Figure:
    """Histograms of ``example()`` before and after ``rescale``."""
    x = example()
    with themed(theme) as colours:
        fig, axes = panels(
            layout, 2, height=3.4, phone_height=3.0, sharey=True
        )
        for ax, values, name in zip(
            axes, (x, rescale(x)), ("x", "rescale(x)"), strict=True
        ):
            ax.hist(values, bins=30, color=colours.first)
            ax.set_title(
                wrap(
                    f"{name}: from {values.min():.2f} to {values.max():.2f}",
                    layout,
                )
            )
            ax.set(xlabel="value", ylabel="samples")
            ax.grid(True, axis="y")
    return fig


FIGURES = {"survey_bias-histograms": histograms_figure}


def numbers() -> dict[str, float | int | str]:
    """What docs/survey_bias.md states, computed by the build."""
    x = example()
    return {
        "report": report(),
        "size": int(x.size),
        "low": float(np.min(x)),
        "high": float(np.max(x)),
    }
