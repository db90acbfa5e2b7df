"""Figure themes and SVG output: reproducible bytes, transparent background, known themes."""

import pytest
from matplotlib.figure import Figure
from snippets.dropout_figures import mask_figure
from snippets.plotting import THEMES, get_theme, svg_bytes, themed


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
