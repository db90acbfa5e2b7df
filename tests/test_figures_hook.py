"""The figure hook: draws what snippets define, fails loudly, and its cache is never stale."""

import importlib.util
from pathlib import Path

import pytest
from hooks.sources import Sources

from tests.conftest import ROOT, append_to, assert_build_fails, run_build


def load_hook(project: Path):
    spec = importlib.util.spec_from_file_location("figures_hook", project / "hooks" / "figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synthetic_package(tmp_path: Path) -> Path:
    """A package ``snippets`` whose figure module imports two modules, one of them another."""
    package = tmp_path / "snippets"
    package.mkdir()
    files = {
        "a_figures.py": (
            "import numpy\nfrom snippets.b import f\nfrom snippets import c\n\n"
            "def x():\n    return f\n\nFIGURES = {'x': x}\n"
        ),
        "b.py": "import os\nfrom snippets.d import g\n\nf = g\n",
        "c.py": "",
        "d.py": "g = 1\n",
        "e.py": "",
        "e_figures.py": "from snippets.e import *\n\nFIGURES = {}\n",
        "plotting.py": "",
    }
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    return package


def test_cache_key_changes_with_code_a_figure_reaches_and_only_for_its_dependants(tmp_path):
    from hooks.sources import Sources  # a new one per build: each edit is seen by the next

    hook = load_hook(ROOT)
    package = synthetic_package(tmp_path)

    def key(module: str) -> str:
        return hook.cache_key(package / f"{module}.py", Sources(tmp_path))

    before = {m: key(m) for m in ("a_figures", "e_figures")}
    (package / "d.py").write_text("g = 1  # a comment changes no figure\n", encoding="utf-8")
    assert key("a_figures") == before["a_figures"]
    (package / "d.py").write_text("g = 2\n", encoding="utf-8")  # reached by a's figure, via b
    assert key("a_figures") != before["a_figures"]
    assert key("e_figures") == before["e_figures"]
    again = key("a_figures")
    (package / "a_figures.py").write_text(
        (package / "a_figures.py").read_text(encoding="utf-8") + "SLIDERS = {'x': f}\n",
        encoding="utf-8",
    )
    assert key("a_figures") != again  # a slider's frames
    again = key("a_figures")
    (package / "plotting.py").write_text("INK = 'black'\n", encoding="utf-8")  # draws every figure
    assert key("a_figures") != again and key("e_figures") != before["e_figures"]


def test_changing_a_snippet_redraws_its_figures_and_no_other(project_copy, tmp_path):
    """The build wires ``cache_key`` (tested above, with plotting.py) to the drawings: an edit
    of one figure module redraws its figures, and every other figure is the cached one."""
    first = run_build(project_copy, tmp_path / "one")
    assert first.returncode == 0, first.stderr
    module = project_copy / "snippets" / "paired_figures.py"
    text = module.read_text(encoding="utf-8")
    assert text.count("alpha=0.2,") == 1
    module.write_text(text.replace("alpha=0.2,", "alpha=0.25,"), encoding="utf-8")
    second = run_build(project_copy, tmp_path / "two")
    assert second.returncode == 0, second.stderr
    drawn = sorted((tmp_path / "one" / "figures").glob("*.svg"))
    changed = {
        svg.name for svg in drawn if svg.read_bytes() != (tmp_path / "two" / "figures" / svg.name).read_bytes()
    }
    assert changed == {svg.name for svg in drawn if svg.name.startswith("paired-dropout")}
    for svg in changed:
        assert b"opacity: 0.25" in (tmp_path / "two" / "figures" / svg).read_bytes(), svg


def test_a_figure_that_raises_fails_the_build_and_says_where(project_copy, tmp_path):
    (project_copy / "snippets" / "broken_figures.py").write_text(
        'def boom(theme, *, layout="desktop"):\n    """Fail."""\n    raise RuntimeError(\'figure code is broken\')\n\n\nFIGURES = {\'broken\': boom}\n',
        encoding="utf-8",
    )
    assert_build_fails(
        project_copy,
        tmp_path,
        "drawing figure 'broken' of snippets.broken_figures (snippets/broken_figures.py, "
        "FIGURES['broken']) failed: RuntimeError: figure code is broken",
        "Traceback (most recent call last):",
        "line 3, in boom",
    )


def test_a_figure_module_without_figures_fails_the_build(project_copy, tmp_path):
    (project_copy / "snippets" / "empty_figures.py").write_text("FIGURES = {}\n", encoding="utf-8")
    assert_build_fails(project_copy, tmp_path, "must define FIGURES")


SMALL_FIGURES = """
from snippets.plotting import panels, themed


def line(theme="light", *, layout="desktop"):
    \"\"\"A line through three points.\"\"\"
    with themed(theme) as colours:
        fig, (ax,) = panels(layout, 1, height=2.0, phone_height=2.0)
        ax.plot([0, 1, 2], [0, 1, 4], color=colours.first)
    return fig


FIGURES = {"spawned-line": line}
"""


def test_without_a_forkserver_workers_are_spawned_and_draw_the_same(
    site, project_copy, monkeypatch
):
    """Windows has no forkserver: each worker then starts a fresh Python. (Drawn: one small
    module's figure; every other module's figures come from the copied cache, which the
    session's build (`site`) fills.)"""
    import hooks.figures
    from snippets.plotting import THEMES, svg_bytes

    (project_copy / "snippets" / "spawned_figures.py").write_text(SMALL_FIGURES, "utf-8")
    from hooks import workers
    from hooks.sources import Sources

    monkeypatch.setattr(workers, "FORKSERVER", False)
    drawing = hooks.figures.Drawing(Sources(project_copy))
    assert [module for module, *_ in drawing.todo] == ["snippets.spawned_figures"]
    drawing.wait()
    path = project_copy / "snippets" / "spawned_figures.py"
    spec = importlib.util.spec_from_file_location("spawned_figures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    draw = module.FIGURES["spawned-line"]
    for theme in THEMES:
        drawn = drawing.files[f"figures/spawned-line-{theme}.svg"].read_bytes()
        assert drawn == svg_bytes(draw(theme)), theme
        drawn = drawing.files[f"figures/spawned-line-phone-{theme}.svg"].read_bytes()
        assert drawn == svg_bytes(draw(theme, layout="phone")), theme


def test_cards_are_drawn_of_the_first_figure_of_each_page_only(project_copy):
    hook = load_hook(project_copy)
    docs = project_copy / "docs"
    (docs / "extra.md").write_text(
        "# Extra\n\n![b](figures/b-dark.svg#only-dark) ![b](figures/b-light.svg#only-light)\n"
        "![a](figures/a-light.svg#only-light)\n",
        encoding="utf-8",
    )
    from hooks.sources import Sources

    sources = Sources(project_copy)
    cards = hook.card_figures(sources)
    assert "b" in cards and "a" not in cards
    module = sorted((project_copy / "snippets").glob("*_figures.py"))[0]
    name = hook.figure_names(module, sources)[0]
    assert hook.cache_key(module, sources, [name]) != hook.cache_key(module, sources)


def test_every_figure_becomes_desktop_and_phone_svgs_in_each_theme_and_a_card(tmp_path):
    from snippets.plotting import card_png, svg_bytes

    from tests.test_plotting import line_figure as mask_figure

    hook = load_hook(ROOT)
    hook.draw_variants(mask_figure, "mask", tmp_path, card=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(hook.variants("mask", True))
    assert "mask-card.png" not in hook.variants("mask", False)
    assert (tmp_path / "mask-phone-dark.svg").read_bytes() == svg_bytes(
        mask_figure("dark", layout="phone")
    )
    assert (tmp_path / "mask-card.png").read_bytes() == card_png(mask_figure("light"))


def test_a_figure_without_a_layout_or_too_wide_for_a_phone_is_refused_with_the_contract(
    tmp_path,
):
    from matplotlib.figure import Figure
    from snippets.plotting import themed

    hook = load_hook(ROOT)

    def old(theme):
        return Figure()

    def wide(theme, *, layout="desktop"):
        with themed(theme):
            fig = Figure(figsize=(10, 3))  # whatever the layout
            fig.subplots().set_title("t")
        return fig

    with pytest.raises(TypeError, match="old has no layout argument; a figure function takes"):
        hook.draw_variants(old, "old", tmp_path, card=False)
    with pytest.raises(ValueError, match=r"phone layout of wide is 10 inches wide, more than 4;"):
        hook.draw_variants(wide, "wide", tmp_path, card=False)
    assert "README.md, 'Writing an article'" in hook.CONTRACT


def test_a_figure_function_without_a_layout_fails_the_build_and_says_what_to_write(
    project_copy, tmp_path
):
    (project_copy / "snippets" / "old_figures.py").write_text(
        "from matplotlib.figure import Figure\n\n\ndef old(theme):\n    \"\"\"Old.\"\"\"\n"
        "    return Figure()\n\n\n"
        "FIGURES = {'old': old}\n",
        encoding="utf-8",
    )
    assert_build_fails(project_copy, tmp_path, "snippets.old_figures", "(theme, *, layout='desktop')")


def test_sliders_read_from_the_source_are_the_modules_sliders():
    import importlib

    hook = load_hook(ROOT)
    found = 0
    for module in sorted((ROOT / "snippets").glob("*_figures.py")):
        sliders = importlib.import_module(f"snippets.{module.stem}").__dict__.get("SLIDERS", {})
        specs = hook.slider_specs(module, Sources(ROOT))
        assert sorted(specs) == sorted(sliders)
        for name, spec in specs.items():
            slider = sliders[name]
            assert spec == (
                slider.key,
                slider.label,
                slider.parameter,
                tuple(format(v, "g") for v in slider.values),
            )
            found += 1
    assert found


def test_a_frame_is_what_the_figure_function_draws_at_that_setting_with_its_alt_text(tmp_path):
    import json

    from snippets.dropout_figures import FIGURES, SLIDERS
    from snippets.plotting import THEMES, svg_bytes

    hook = load_hook(ROOT)
    slider, draw = SLIDERS["dropout-mask"], FIGURES["dropout-mask"]
    index = 2
    value = slider.values[index]
    hook.render_frame("snippets.dropout_figures", "dropout-mask", index, tmp_path)
    stem = f"dropout-mask-rate-{value:g}"
    for theme in THEMES:
        assert (tmp_path / f"{stem}-{theme}.svg").read_bytes() == svg_bytes(
            draw(theme, rate=value)
        )
        assert (tmp_path / f"{stem}-phone-{theme}.svg").read_bytes() == svg_bytes(
            draw(theme, rate=value, layout="phone")
        )
    info = json.loads((tmp_path / f"{stem}.json").read_text(encoding="utf-8"))
    assert info == {"alt": slider.alt(rate=value), "default": False}
    assert svg_bytes(draw("light", rate=value)) != svg_bytes(draw("light"))


def test_every_frame_of_the_built_site_has_the_size_of_its_figure(site):
    hook = load_hook(ROOT)
    for module in sorted((ROOT / "snippets").glob("*_figures.py")):
        for name, spec in hook.slider_specs(module, Sources(ROOT)).items():
            for variant in ("light", "dark", "phone-light", "phone-dark"):
                figure = (site / "figures" / f"{name}-{variant}.svg").read_bytes()
                size = hook.SVG_SIZE.search(figure[:2000]).groups()
                for value in spec.values:
                    frame = site / "figures" / f"{hook.frame_name(name, spec, value)}-{variant}.svg"
                    assert hook.SVG_SIZE.search(frame.read_bytes()[:2000]).groups() == size


def test_an_unknown_slider_in_a_page_fails_the_build_and_lists_the_sliders(project_copy, tmp_path):
    append_to(project_copy / "docs" / "index.md", "\n<!-- slider: no-such-figure -->\n")
    assert_build_fails(
        project_copy, tmp_path, "index.md", "<!-- slider: no-such-figure --> names no slider",
        "dropout-mask",
    )


def test_a_slider_written_so_the_build_cannot_read_it_fails_the_build_with_the_contract(
    project_copy, tmp_path
):
    append_to(
        project_copy / "snippets" / "dropout_figures.py",
        "\nVALUES = (0.1, 0.2)\nSLIDERS = {'dropout-mask': Slider('k', 'Rate', 'rate', VALUES, mask_alt)}\n",
    )
    assert_build_fails(project_copy, tmp_path, "SLIDERS cannot be read", "written as literals")


def test_a_slider_whose_values_miss_the_default_fails_the_build(project_copy, tmp_path):
    module = project_copy / "snippets" / "dropout_figures.py"
    text = module.read_text(encoding="utf-8")
    signature = 'def mask_figure(\n    theme: str | Theme = "light",\n    *,\n    rate: float = 0.5,'
    assert signature in text
    module.write_text(text.replace(signature, signature.replace("0.5", "0.55")), encoding="utf-8")
    assert_build_fails(
        project_copy, tmp_path, "dropout-mask: the default of the figure function's 'rate'"
    )
