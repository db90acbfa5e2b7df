"""Figure themes, layouts and output: reproducible bytes, transparent background, known themes,
a phone layout that shows the desktop's data, and the link preview card."""

import contextlib
import importlib
import io
import re
import struct

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.image import imread
from snippets.plotting import (
    CARD_DPI,
    LAYOUTS,
    TEMPLATE,
    THEMES,
    THUMB_COLOURS,
    THUMB_WIDTHS,
    WIDTHS,
    card_png,
    get_theme,
    panels,
    recolour,
    svg_bytes,
    themed,
    thumbnail_png,
    wrap,
)

from tests.conftest import ROOT, cached_experiments

FIGURE_MODULES = [f"snippets.{m.stem}" for m in sorted((ROOT / "snippets").glob("*_figures.py"))]
# Every figure of every snippets/*_figures.py, as the site's figure hook finds them.
FIGURES = {
    name: draw
    for module in FIGURE_MODULES
    for name, draw in importlib.import_module(module).FIGURES.items()
}


@pytest.fixture(scope="module", autouse=True)
def _cached_experiments():
    """The figures' experiments come from the build's cache, as when the site is built."""
    with contextlib.ExitStack() as stack:
        for module in FIGURE_MODULES:
            stack.enter_context(cached_experiments(module))
        yield


def line_figure(theme="light", *, layout="desktop") -> Figure:
    """A small figure that follows the contract, drawn here: a themed line with markers."""
    with themed(theme) as colours:
        fig, (ax,) = panels(layout, 1, height=3.0, phone_height=3.0)
        ax.plot([0, 1, 2], [0, 1, 4], "o-", color=colours.first, label="squares")
        ax.set_title(wrap("a line through three points", layout))
        ax.legend()
    return fig


def test_svg_bytes_are_identical_for_identical_figures_and_carry_no_date():
    first, second = (
        svg_bytes(line_figure("dark")),
        svg_bytes(line_figure("dark")),
    )
    assert first == second
    assert b"<dc:date>" not in first


def test_light_and_dark_svgs_differ():
    assert svg_bytes(line_figure("light")) != svg_bytes(line_figure("dark"))


def test_themed_figures_have_a_transparent_background_and_the_theme_ink():
    for name, colours in THEMES.items():
        with themed(name) as got:
            fig = Figure()
            ax = fig.subplots()
            ax.set_title("t")
        assert got is colours
        assert fig.get_facecolor()[3] == 0.0
        assert ax.title.get_color() == colours.ink


def test_palettes_keep_data_colours_apart_from_the_background():
    for colours in THEMES.values():
        data = {colours.first, colours.second, colours.third}
        assert len(data) == 3 and colours.paper not in data


def test_unknown_theme_is_a_value_error_naming_the_themes():
    with pytest.raises(
        ValueError,
        match=r"theme must be one of \['dark', 'light'\], got 'sepia'",
    ):
        get_theme("sepia")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_a_template_drawing_recoloured_is_byte_for_byte_the_themes_drawing(site, name, layout):
    """What lets the site draw each figure once for both schemes; and each drawing is the
    build's file byte for byte (drawn here, in another process with another hash seed: the
    same code makes the same file)."""
    template = svg_bytes(FIGURES[name](TEMPLATE, layout=layout))
    prefix = name if layout == "desktop" else f"{name}-phone"
    for theme in THEMES:
        drawn = svg_bytes(FIGURES[name](theme, layout=layout))
        assert recolour(template, theme) == drawn, theme
        assert (site / "figures" / f"{prefix}-{theme}.svg").read_bytes() == drawn, theme
    assert not re.search(rb"#fe00[0-9a-f]{2}", recolour(template, "dark"))


SLIDERS = [
    (module, name, slider)
    for module in FIGURE_MODULES
    for name, slider in getattr(importlib.import_module(module), "SLIDERS", {}).items()
]


@pytest.mark.parametrize("module, name, slider", SLIDERS, ids=[s[1] for s in SLIDERS])
def test_a_slider_frame_drawn_here_is_the_builds_byte_for_byte(site, module, name, slider):
    """The last of a slider's values (never a default here), in the light scheme on a desktop."""
    value = slider.values[-1]
    drawn = svg_bytes(FIGURES[name]("light", layout="desktop", **{slider.parameter: value}))
    frame = f"{name}-{slider.parameter}-{format(value, 'g')}-light.svg"
    assert (site / "figures" / frame).read_bytes() == drawn


def test_the_card_and_thumbnails_drawn_here_are_the_builds_byte_for_byte(site):
    """Of the first figure with a card (every card and thumbnail is drawn by the same code)."""
    name = min(p.name.removesuffix("-card.png") for p in (site / "figures").glob("*-card.png"))
    assert (site / "figures" / f"{name}-card.png").read_bytes() == card_png(FIGURES[name]("light"))
    for layout, suffix in (("desktop", ""), ("phone", "-phone")):
        for theme in THEMES:
            drawn = thumbnail_png(FIGURES[name](theme, layout=layout), theme, layout)
            assert (site / "figures" / f"{name}-thumb{suffix}-{theme}.png").read_bytes() == drawn


def words(text: str) -> str:
    """Text with its line breaks undone: a phone wraps lines the desktop keeps whole."""
    return " ".join(text.split())


def shown_data(fig: Figure) -> list:
    """What a figure shows, panel by panel, whatever its layout: the data of every line,
    mesh, collection and patch, every text with its line breaks undone, and the legends."""
    shown = [words(fig._suptitle.get_text()) if fig._suptitle else None]
    shown += [[words(t.get_text()) for t in legend.get_texts()] for legend in fig.legends]
    for ax in fig.axes:
        shown.append(words(ax.get_title()))
        labels = (words(ax.get_xlabel()), words(ax.get_ylabel()))  # labels may wrap too
        shown += [(*labels, ax.get_xscale(), ax.get_yscale())]
        shown += [(line.get_xdata(), line.get_ydata(), line.get_label()) for line in ax.lines]
        for collection in ax.collections:
            values = collection.get_array()
            shown.append(
                (
                    collection.get_gid(),
                    None if values is None else np.ma.filled(values, np.nan),
                    None if values is None else np.ma.getmaskarray(values),
                    [np.asarray(s) for s in getattr(collection, "get_segments", list)()],
                )
            )
        shown += [patch.get_gid() for patch in ax.patches]
        shown += [words(text.get_text()) for text in ax.texts]
        if ax.get_legend() is not None:
            shown.append([words(t.get_text()) for t in ax.get_legend().get_texts()])
    return shown


def legends(fig: Figure) -> list[list[str]]:
    """The entries of every legend of ``fig``, on its panels or the figure itself."""
    found = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)
    return [[t.get_text() for t in legend.get_texts()] for legend in found]


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_the_phone_layout_shows_the_same_data_as_the_desktop_one(name):
    desktop, phone = (FIGURES[name]("light", layout=layout) for layout in ("desktop", "phone"))
    assert len(phone.axes) == len(desktop.axes)
    assert legends(phone) == legends(desktop)  # a legend may move: same entries
    for fig in (desktop, phone):  # compared where they are, below
        fig.legends.clear()
        for ax in fig.axes:
            if ax.get_legend():
                ax.get_legend().remove()
    expected, got = shown_data(desktop), shown_data(phone)
    assert len(got) == len(expected)
    for want, have in zip(expected, got, strict=True):
        np.testing.assert_equal(have, want)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_layout_is_drawn_at_its_width_and_a_phone_stacks_its_panels(name):
    desktop, phone = (FIGURES[name]("light", layout=layout) for layout in ("desktop", "phone"))
    assert desktop.get_size_inches()[0] == WIDTHS["desktop"]
    assert phone.get_size_inches()[0] <= WIDTHS["phone"]
    for fig in (desktop, phone):
        fig.canvas.draw()  # constrained layout places the panels
    columns = {round(ax.get_position().x0, 2) for ax in phone.axes}
    assert len(columns) == 1 or len(phone.axes) == 1, columns  # one column on a phone


def test_panels_are_a_row_on_a_desktop_and_a_column_on_a_phone():
    fig, axes = panels("desktop", 3, height=3.0, phone_height=2.0)
    assert tuple(fig.get_size_inches()) == (WIDTHS["desktop"], 3.0) and len(axes) == 3
    assert [ax.get_subplotspec().colspan.start for ax in axes] == [0, 1, 2]
    fig, axes = panels("phone", 3, height=3.0, phone_height=2.0, sharey=True)
    assert tuple(fig.get_size_inches()) == (WIDTHS["phone"], 6.0)
    assert [ax.get_subplotspec().rowspan.start for ax in axes] == [0, 1, 2]
    assert axes[1].get_shared_y_axes().joined(axes[0], axes[1])


def test_wrap_breaks_long_lines_at_spaces_on_a_phone_only():
    text = "Training accuracy keeps climbing; validation accuracy peaks, then falls\nat 1/(1 - p)"
    assert wrap(text, "desktop") == text
    wrapped = wrap(text, "phone", chars=20)
    assert words(wrapped) == words(text)
    assert all(len(line) <= 20 for line in wrapped.splitlines())
    assert "at 1/(1 - p)" in wrapped.splitlines()  # an explicit line break is kept
    assert wrap("co-adaptation 0.45", "phone", chars=5) == "co-adaptation\n0.45"  # words whole


def test_an_unknown_layout_is_a_value_error_naming_the_layouts():
    with pytest.raises(ValueError, match=r"layout must be one of \['desktop', 'phone'\], got 'tv'"):
        panels("tv", 2, height=3.0, phone_height=2.0)
    with pytest.raises(ValueError, match="layout must be one of"):
        line_figure(layout="tablet")


def test_a_card_is_a_1200_by_630_opaque_png_of_the_light_drawing():
    png = card_png(line_figure("light"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (width, height) == (1200, 630) and CARD_DPI * 10 == width
    assert colour == 6 and depth == 8  # RGBA, every pixel opaque:
    image = imread(io.BytesIO(png))
    assert image.shape == (630, 1200, 4) and image[..., 3].min() == 1.0
    assert card_png(line_figure("light")) == png  # reproducible bytes


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("theme", list(THEMES))
def test_a_thumbnail_is_a_small_palette_png_of_its_layout_on_its_themes_paper(theme, layout):
    from PIL import Image

    fig = line_figure(theme, layout=layout)
    ratio = fig.get_size_inches()[1] / fig.get_size_inches()[0]
    png = thumbnail_png(fig, theme, layout)
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P" and len(image.getcolors()) <= THUMB_COLOURS
    assert image.width == THUMB_WIDTHS[layout]
    assert abs(image.height - image.width * ratio) <= 1
    paper = tuple(int(THEMES[theme].paper[i : i + 2], 16) for i in (1, 3, 5))
    assert image.convert("RGB").getpixel((0, 0)) == paper  # opaque, the card's background
    assert thumbnail_png(line_figure(theme, layout=layout), theme, layout) == png
    assert len(png) < 12_000


def test_template_colours_are_distinct_and_used_by_no_theme():
    placeholders = set(TEMPLATE[1:])
    assert len(placeholders) == len(TEMPLATE) - 1
    for colours in THEMES.values():
        assert not placeholders & {c.lower() for c in colours[1:]}


def test_recolour_refuses_an_svg_not_drawn_with_the_template():
    with pytest.raises(ValueError, match="svg must be a figure drawn with TEMPLATE"):
        recolour(svg_bytes(line_figure("light")), "dark")


def test_svg_ids_do_not_depend_on_colours():
    ids = [
        re.findall(rb'id="([mp]\d+)"', svg_bytes(line_figure(t)))
        for t in THEMES
    ]
    assert ids[0] == ids[1] and ids[0]
