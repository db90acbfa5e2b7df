"""Figure themes and SVG output: reproducible bytes, transparent background, known themes."""

import re

import pytest
from matplotlib.figure import Figure
from snippets.dropout_figures import FIGURES as DROPOUT_FIGURES
from snippets.dropout_figures import mask_figure
from snippets.overfitting_figures import FIGURES as OVERFITTING_FIGURES
from snippets.plotting import TEMPLATE, THEMES, get_theme, recolour, svg_bytes, themed

FIGURES = {**DROPOUT_FIGURES, **OVERFITTING_FIGURES}


def test_svg_bytes_are_identical_for_identical_figures_and_carry_no_date():
    first, second = (
        svg_bytes(mask_figure("dark")),
        svg_bytes(mask_figure("dark")),
    )
    assert first == second
    assert b"<dc:date>" not in first


def test_light_and_dark_svgs_differ():
    assert svg_bytes(mask_figure("light")) != svg_bytes(mask_figure("dark"))


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


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_a_template_drawing_recoloured_is_byte_for_byte_the_themes_drawing(name):
    """What lets the site draw each figure once for both schemes."""
    template = svg_bytes(FIGURES[name](TEMPLATE))
    for theme in THEMES:
        assert recolour(template, theme) == svg_bytes(FIGURES[name](theme)), theme
    assert not re.search(rb"#fe00[0-9a-f]{2}", recolour(template, "dark"))


def test_template_colours_are_distinct_and_used_by_no_theme():
    placeholders = set(TEMPLATE[1:])
    assert len(placeholders) == len(TEMPLATE) - 1
    for colours in THEMES.values():
        assert not placeholders & {c.lower() for c in colours[1:]}


def test_recolour_refuses_an_svg_not_drawn_with_the_template():
    with pytest.raises(ValueError, match="svg must be a figure drawn with TEMPLATE"):
        recolour(svg_bytes(mask_figure("light")), "dark")


def test_svg_ids_do_not_depend_on_colours():
    ids = [
        re.findall(rb'id="([mp]\d+)"', svg_bytes(FIGURES["overfitting-accuracy"](t)))
        for t in THEMES
    ]
    assert ids[0] == ids[1] and ids[0]
