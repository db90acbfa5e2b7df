"""Light and dark figure themes with a colour-blind-safe palette, and reproducible SVG output."""

import contextlib
import io
from collections.abc import Iterator
from typing import NamedTuple

import matplotlib
from matplotlib.figure import Figure


class Theme(NamedTuple):
    """Colours of one scheme. Okabe-Ito hues, lightened for the dark scheme."""

    name: str
    ink: str  # text, axes, lines that carry no data
    muted: str  # grid, dropped units, secondary text
    paper: str  # background under cells and units
    first: str  # first data series (training, kept units)
    second: str  # second data series (validation, scaled output)
    third: str  # third data series (references)


THEMES = {
    "light": Theme(
        "light",
        "#1f2328",
        "#8c959f",
        "#ffffff",
        "#0072B2",
        "#D55E00",
        "#009E73",
    ),
    "dark": Theme(
        "dark",
        "#e6edf3",
        "#7d8590",
        "#1e2129",
        "#56B4E9",
        "#E69F00",
        "#5fd3b3",
    ),
}

SVG_SALT = "ml-in-numpy"


def get_theme(theme: str) -> Theme:
    """Return the Theme named ``theme`` ('light' or 'dark'), or raise ValueError."""
    if theme not in THEMES:
        raise ValueError(
            f"theme must be one of {sorted(THEMES)}, got {theme!r}"
        )
    return THEMES[theme]


@contextlib.contextmanager
def themed(theme: str) -> Iterator[Theme]:
    """Context in which new figures take the colours of ``theme``; yields the Theme."""
    colours = get_theme(theme)
    rc = {
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.transparent": True,
        "text.color": colours.ink,
        "axes.labelcolor": colours.ink,
        "axes.edgecolor": colours.muted,
        "xtick.color": colours.ink,
        "ytick.color": colours.ink,
        "grid.color": colours.muted,
        "grid.alpha": 0.35,
        "legend.frameon": False,
        "font.size": 12,
        "axes.titlesize": 13,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.fonttype": "none",
        "font.family": ["DejaVu Sans", "sans-serif"],
    }
    with matplotlib.rc_context(rc):
        yield colours


def svg_bytes(fig: Figure) -> bytes:
    """Render ``fig`` as SVG with fixed ids and no date, so equal figures give equal bytes."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(
        {"svg.hashsalt": SVG_SALT, "svg.fonttype": "none"}
    ):
        fig.savefig(
            buffer, format="svg", metadata={"Date": None}, transparent=True
        )
    return buffer.getvalue()
