"""Sliders over figures, in a real browser: every slider the articles show, moved with the
keyboard in both schemes, on a desktop and on a phone; a page opened with a setting in its URL
fragment; a hostile fragment. The sliders are read from the sources: the ``<!-- slider: ... -->``
markers of docs/ and the ``SLIDERS`` of snippets/*_figures.py."""

import importlib
import re

import pytest
from hooks.figures import SLIDER_MARKER, slider_specs
from hooks.sources import Sources

from tests.conftest import ROOT, cached_experiments
from tests.test_browser import SCHEMES, open_page, settle

WIDTHS = {"desktop": 1280, "phone": 375}


def sliders() -> list[tuple[str, str, str]]:
    """(page path, figure module, figure name) of every slider an article shows."""
    modules = {
        name: module.stem
        for module in sorted((ROOT / "snippets").glob("*_figures.py"))
        for name in slider_specs(module, Sources(ROOT))
    }
    found = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        page = md.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/"
        for name in SLIDER_MARKER.findall(md.read_text(encoding="utf-8")):
            found.append((page.removeprefix("index/"), modules[name], name))
    return found


def alt_texts(module_name: str, name: str) -> list[str]:
    """The alt text of each frame, from the slider's own function (experiments from the
    build's cache, as the figures are drawn)."""
    with cached_experiments(f"snippets.{module_name}"):
        slider = importlib.import_module(f"snippets.{module_name}").SLIDERS[name]
        return [" ".join(slider.alt(**{slider.parameter: v}).split()) for v in slider.values]


def test_every_slider_a_page_shows_has_distinct_frames():
    found = sliders()
    assert found, "no page shows a slider: the tests below would test nothing"
    for _, module, name in found:
        alts = alt_texts(module, name)
        assert len(set(alts)) == len(alts), f"{name}: two frames share an alt text"


SHOWN = """box => {
    const img = [...box.querySelectorAll('img')].find(i => i.getClientRects().length > 0);
    const input = box.querySelector('input[type=range]');
    return {src: img.getAttribute('src'), current: img.currentSrc, alt: img.alt,
            complete: img.complete, natural: img.naturalWidth, width: img.width,
            value: input.value, valuetext: input.getAttribute('aria-valuetext'),
            output: box.querySelector('output').textContent, hash: location.hash};
}"""


def shown(page, box) -> dict:
    """What a slider shows once its image has loaded."""
    box.locator("img:visible").scroll_into_view_if_needed()
    page.wait_for_function(
        "box => [...box.querySelectorAll('img')].every(i => i.getClientRects().length === 0"
        " || (i.complete && i.naturalWidth > 0))",
        arg=box.element_handle(),
        timeout=10_000,
    )
    return box.evaluate(SHOWN)


# Each scheme and each width once (light on a desktop, dark on a phone), not every pair: the
# frames of both schemes and layouts are drawn by one function (tests/test_plotting.py).
@pytest.mark.parametrize("scheme, layout", [("light", "desktop"), ("dark", "phone")])
@pytest.mark.parametrize("page_path, module, name", sliders())
def test_keyboard_moves_the_slider_and_the_frame_alt_output_and_fragment_follow(
    browser, base_url, page_path, module, name, scheme, layout
):
    spec = slider_specs(ROOT / "snippets" / f"{module}.py", Sources(ROOT))[name]
    alts = alt_texts(module, name)
    page, trouble, requested = open_page(browser, base_url + page_path, scheme, WIDTHS[layout])
    try:
        box = page.locator(f'.figure-slider[data-slider="{name}"]')
        slider = box.locator("input[type=range]")
        label = box.locator(f'label[for="{slider.get_attribute("id")}"]')
        assert label.is_visible() and label.inner_text().strip(), "the slider has no visible label"
        start = shown(page, box)
        default = int(start["value"])
        assert start["alt"] == alts[default] and start["output"] == spec.values[default]
        variant = ("-phone-" if layout == "phone" else "-") + scheme + ".svg"
        assert start["current"].split("#")[0].endswith(f"/figures/{name}{variant}"), start
        last = len(spec.values) - 1
        seen = {}
        for key, expected in [
            ("Home", 0),
            ("ArrowRight", 1),
            ("ArrowUp", 2),
            ("ArrowLeft", 1),
            ("End", last),
            ("ArrowDown", last - 1),
            ("PageDown", None),  # a larger step down: somewhere below
            ("Home", 0),
            ("PageUp", None),
        ]:
            before = int(slider.input_value())
            previous = box.evaluate(SHOWN)
            slider.press(key)
            now = shown(page, box)
            index = int(now["value"])
            if index == before == expected:  # at an end already: nothing moves, nothing changes
                assert now == previous, key
                continue
            if expected is None:
                expected = index
                assert (index < before) if key == "PageDown" else (index > before), (key, index)
            assert index == expected, (key, now)
            value = spec.values[index]
            frame = f"{name}-{spec.parameter}-{value}"
            assert now["current"].split("#")[0].endswith(f"/figures/{frame}{variant}"), now
            assert now["natural"] > 0, f"{frame}{variant} did not load"
            assert now["width"] == start["width"], "a frame is not the size of the figure"
            assert now["alt"] == alts[index]
            assert now["output"] == value
            assert now["valuetext"] == f"{spec.parameter} {value}"
            assert re.fullmatch(rf"#{re.escape(spec.key)}={re.escape(value)}", now["hash"]), now
            seen[index] = now["current"]
        assert len(set(seen.values())) == len(seen), "two settings showed the same frame"
        figures = [u.rsplit("/", 1)[1] for u in requested if "/figures/" in u]
        assert all(f.endswith(variant) for f in figures), f"another variant was loaded: {figures}"
        assert trouble == []  # no console error, no failed or off-site request
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_page_opened_with_settings_in_its_fragment_shows_those_frames(browser, base_url, scheme):
    by_page: dict[str, list[tuple[str, str]]] = {}
    for page_path, module, name in sliders():
        by_page.setdefault(page_path, []).append((module, name))
    for page_path, shown_sliders in by_page.items():
        settings, wanted = [], {}
        for module, name in shown_sliders:
            spec = slider_specs(ROOT / "snippets" / f"{module}.py", Sources(ROOT))[name]
            index = len(spec.values) - 2  # not the default of any slider here
            settings.append(f"{spec.key}={spec.values[index]}")
            wanted[name] = (index, spec, alt_texts(module, name)[index])
        url = f"{base_url}{page_path}#{'&'.join(settings)}"
        page, trouble, _ = open_page(browser, url, scheme)
        try:
            for name, (index, spec, alt) in wanted.items():
                now = shown(page, page.locator(f'.figure-slider[data-slider="{name}"]'))
                frame = f"{name}-{spec.parameter}-{spec.values[index]}-{scheme}.svg"
                assert now["current"].split("#")[0].endswith(f"/figures/{frame}"), now
                assert (now["value"], now["alt"], now["output"]) == (
                    str(index),
                    alt,
                    spec.values[index],
                )
            assert trouble == []
        finally:
            page.context.close()


HOSTILE = [
    '#mask-rate=<img src=x onerror="window.pwned=1">&degree=3"><script>window.pwned=1</script>',
    "#mask-rate=0.5%22%3E%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E",
    "#mask-rate=../../etc/passwd&curves-rate=1e9&degree=-1&expectation-rate=%E0%A4%A",
]


def test_a_hostile_fragment_changes_no_markup_and_no_setting(browser, base_url):
    """Each page with sliders, opened once, then at each ``HOSTILE`` fragment and reloaded."""
    for page_path in sorted({page for page, _, _ in sliders()}):
        page, trouble, requested = open_page(browser, base_url + page_path, "light")
        try:
            before = page.evaluate("document.querySelector('article').innerHTML")
            for fragment in HOSTILE:
                page.goto(base_url + page_path + fragment, wait_until="networkidle")
                page.reload(wait_until="networkidle")
                settle(page)
                assert page.evaluate("window.pwned") is None, fragment
                assert page.evaluate("document.querySelector('article').innerHTML") == before, fragment
            # (a request cut short by a reload is no fault: off-site requests and errors are)
            assert [t for t in trouble if t.startswith(("request to", "page error"))] == []
        finally:
            page.context.close()


def test_without_javascript_each_slider_shows_its_default_frame_and_no_dead_control(
    browser, base_url
):
    for page_path in sorted({page for page, _, _ in sliders()}):
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        try:
            page.goto(base_url + page_path, wait_until="networkidle")
            for _, module, name in [s for s in sliders() if s[0] == page_path]:
                box = page.locator(f'.figure-slider[data-slider="{name}"]')
                image = box.locator("img:visible")
                assert image.get_attribute("src").endswith(f"figures/{name}-light.svg#only-light")
                default = int(box.locator("input").get_attribute("value"))
                assert image.get_attribute("alt") == alt_texts(module, name)[default]
                assert not box.locator(".figure-slider__control").is_visible()
        finally:
            context.close()
