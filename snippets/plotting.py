"""Light and dark figure themes with a colour-blind-safe palette, desktop and phone layouts,
and reproducible SVG output.

A figure drawn once with ``TEMPLATE``, whose colours are placeholders, becomes the SVG of any
theme by ``recolour``: the site draws each figure once for both schemes.

The figure contract: every function in a ``FIGURES`` dict takes ``(theme, *, layout="desktop")``
and draws the same data in either layout. ``"desktop"`` is ``WIDTHS["desktop"]`` inches wide,
panels side by side; ``"phone"`` is at most ``WIDTHS["phone"]`` inches wide, panels stacked and
long text wrapped (``panels`` and ``wrap`` do both). The site serves the phone drawing to narrow
screens, where it is shown at or near the size it is drawn at, so its text stays readable.
"""

import contextlib
import io
import re
import textwrap
from collections.abc import Callable, Iterator
from typing import NamedTuple

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine


class Theme(NamedTuple):
    """Colours of one scheme. Okabe-Ito hues, lightened for the dark scheme."""

    name: str
    ink: str  # text, axes, lines that carry no data
    muted: str  # grid, dropped units, secondary text
    paper: str  # background under cells and units
    first: str  # first data series (training, kept units)
    second: str  # second data series (validation, scaled output)
    third: str  # third data series (references)
    on_first: str  # text drawn on an area filled with ``first``


THEMES = {
    "light": Theme(
        "light",
        "#1f2328",
        "#8c959f",
        "#ffffff",
        "#0072B2",
        "#D55E00",
        "#009E73",
        "#ffffff",
    ),
    "dark": Theme(
        "dark",
        "#e6edf3",
        "#7d8590",
        "#1e2129",
        "#56B4E9",
        "#E69F00",
        "#5fd3b3",
        "#1f2328",
    ),
}

# Placeholder colours, one per role, that no figure uses for anything else: a figure drawn
# with TEMPLATE can be recoloured into any theme (see ``recolour``).
TEMPLATE = Theme(
    "template", *(f"#fe00{i:02x}" for i in range(1, len(Theme._fields)))
)

SVG_SALT = "ml-in-numpy"

# Width in inches (96 CSS pixels each) a figure is drawn at, by layout. On a 375-pixel phone the
# content column is 343 px: a 4-inch (384 px) drawing is shown at 89% of its size.
WIDTHS = {"desktop": 10.0, "phone": 4.0}
LAYOUTS = tuple(WIDTHS)
# A link preview card: 1200 x 630 pixels, the desktop drawing at its width, taller.
CARD_INCHES = (10.0, 5.25)
CARD_DPI = 120
# A home page card's thumbnail, by layout: pixels wide (the card's width on a 1280-pixel
# screen, and on a 375-pixel phone) and the colours of its palette (a few KB each).
THUMB_WIDTHS = {"desktop": 360, "phone": 320}
THUMB_COLOURS = 32


def get_theme(theme: "str | Theme") -> Theme:
    """Return the Theme named ``theme`` ('light' or 'dark'), or raise ValueError; a Theme is
    returned as it is."""
    if isinstance(theme, Theme):
        return theme
    if theme not in THEMES:
        raise ValueError(
            f"theme must be one of {sorted(THEMES)}, got {theme!r}"
        )
    return THEMES[theme]


def check_layout(layout: str) -> str:
    """Return ``layout`` if it is one of ``LAYOUTS``, or raise ValueError."""
    if layout not in LAYOUTS:
        raise ValueError(
            f"layout must be one of {list(LAYOUTS)}, got {layout!r}"
        )
    return layout


def panels(
    layout: str, count: int, *, height: float, phone_height: float, **subplots
) -> tuple[Figure, list[Axes]]:
    """A constrained Figure of ``count`` panels in ``layout``, and its Axes in order.

    Desktop: one row ``height`` inches tall. Phone: one column, ``phone_height`` inches per
    panel. ``subplots`` go to ``Figure.subplots`` (``sharey=True``, ...).
    """
    check_layout(layout)
    stacked = layout == "phone"
    fig = Figure(
        figsize=(WIDTHS[layout], phone_height * count if stacked else height),
        layout="constrained",
    )
    grid = (count, 1) if stacked else (1, count)
    return fig, list(fig.subplots(*grid, squeeze=False, **subplots).flat)


def wrap(text: str, layout: str, chars: int = 34) -> str:
    """``text`` with each line wrapped at ``chars`` characters on a phone; as it is otherwise.

    Only spaces are broken, so the words (and numbers) a test looks for stay whole.
    """
    if check_layout(layout) != "phone":
        return text
    return "\n".join(
        textwrap.fill(
            line, chars, break_on_hyphens=False, break_long_words=False
        )
        for line in text.split("\n")
    )


@contextlib.contextmanager
def themed(theme: "str | Theme") -> Iterator[Theme]:
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
    """Render ``fig`` as SVG with fixed ids and no date, so equal figures give equal bytes.

    matplotlib names markers and clip paths by a hash of their content, colours included; they
    are renamed in order of appearance (m0, m1, ..., p0, ...), so a figure's ids do not depend
    on its colours and a recoloured TEMPLATE drawing is byte for byte the theme's drawing.
    """
    buffer = io.BytesIO()
    with matplotlib.rc_context(
        {"svg.hashsalt": SVG_SALT, "svg.fonttype": "none"}
    ):
        fig.savefig(
            buffer, format="svg", metadata={"Date": None}, transparent=True
        )
    svg = buffer.getvalue()
    hashed = dict.fromkeys(re.findall(rb'id="([mp][0-9a-f]{10})"', svg))
    counts = {b"m": 0, b"p": 0}
    for old in hashed:
        kind = old[:1]
        svg = svg.replace(old, kind + str(counts[kind]).encode())
        counts[kind] += 1
    return PATH_DATA.sub(_rounded_path, svg)


# A path's data, and a number in it: matplotlib writes 6 decimals of a point (1/72 inch), where
# 1 is a tenth of a point, below a screen pixel (0.75 point). Rounded, the Overfitting
# article's first figure went from 13.1 to 9.5 KB of gzip, which every reader of it loads.
PATH_DATA = re.compile(rb' d="([^"]*)"')
DECIMAL = re.compile(rb"-?\d+\.\d+")


def _rounded_path(match: re.Match[bytes]) -> bytes:
    """A path's ``d`` attribute with every number rounded to 1 decimal."""
    numbers = DECIMAL.sub(
        lambda number: (b"%.1f" % float(number[0])).rstrip(b"0").rstrip(b"."),
        match[1],
    )
    return b' d="' + numbers + b'"'


def card_png(fig: Figure) -> bytes:
    """``fig`` (drawn in the light theme) redrawn as a link preview card: a 1200 x 630 PNG on the
    light scheme's opaque paper, as chats and threads show it on a background of their own."""
    fig.set_size_inches(*CARD_INCHES)
    if isinstance(engine := fig.get_layout_engine(), ConstrainedLayoutEngine):
        engine.set(w_pad=0.15, h_pad=0.15)  # inches: no title at the edge
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="png",
        dpi=CARD_DPI,
        transparent=False,
        facecolor=THEMES["light"].paper,
        metadata={"Software": None},
    )
    return buffer.getvalue()


def thumbnail_png(fig: Figure, theme: "str | Theme", layout: str) -> bytes:
    """``fig`` (drawn in ``theme`` and ``layout``) as a home page thumbnail: a PNG
    ``THUMB_WIDTHS[layout]`` pixels wide, on the theme's opaque paper, in ``THUMB_COLOURS``
    colours (measured: 2.6 KB for a desktop drawing, 5 to 8 KB for a phone one)."""
    from PIL import Image

    colours = get_theme(theme)
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="png",
        dpi=THUMB_WIDTHS[layout] / fig.get_size_inches()[0],
        transparent=False,
        facecolor=colours.paper,
        metadata={"Software": None},
    )
    image = Image.open(buffer).convert("RGB").quantize(THUMB_COLOURS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def recolour(svg: bytes, theme: "str | Theme") -> bytes:
    """The SVG of a figure drawn with ``TEMPLATE``, in the colours of ``theme``.

    Raises ValueError if ``svg`` holds none of TEMPLATE's colours, so it was not drawn with it.
    """
    colours = get_theme(theme)
    placeholders = [c.encode() for c in TEMPLATE[1:]]
    if not any(placeholder in svg for placeholder in placeholders):
        raise ValueError(
            "svg must be a figure drawn with TEMPLATE; it has none of its colours: draw "
            "inside `with themed(theme) as colours:` and colour the data with colours.first, "
            ".second and .third, text and axes with .ink and .muted (README.md, 'Writing an "
            "article')"
        )
    for placeholder, colour in zip(placeholders, colours[1:], strict=True):
        svg = svg.replace(placeholder, colour.lower().encode())
    return svg


def spread(
    ax: Axes, x: np.ndarray, runs: np.ndarray, colour: str, label: str
) -> None:
    """Mean of ``runs`` (shape (runs, len(x))) as a line, their range as a band."""
    ax.fill_between(
        x,
        runs.min(axis=0),
        runs.max(axis=0),
        color=colour,
        alpha=0.2,
        linewidth=0,
    )
    ax.plot(x, runs.mean(axis=0), color=colour, linewidth=2, label=label)


class Slider(NamedTuple):
    """A slider over one keyword argument of a figure function, in a module's ``SLIDERS``.

    The site draws one frame per value (both layouts, both schemes) and shows the figure
    with a native range input under it; ``alt(**{parameter: value})`` is that frame's alt text.
    Write ``key``, ``label``, ``parameter`` and ``values`` as literals: the build reads them
    from the source. The function's default for ``parameter`` must be one of ``values``.
    """

    key: str  # the slider's key in the page's URL fragment: #mask-rate=0.5
    label: str  # the visible label of the range input
    parameter: str  # the figure function's keyword argument it sets
    values: tuple  # every setting, in order (numbers)
    alt: Callable[
        ..., str
    ]  # the alt text of a frame: alt(**{parameter: value})
