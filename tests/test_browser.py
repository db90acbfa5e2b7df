"""The built site in a real browser (Debian's chromium via playwright), every page, both schemes.

Chromium is found on PATH (scripts/setup-browser.sh installs it); playwright never downloads one.
"""

import json
import re
import shutil
import subprocess
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest
from hooks.notebooks import read_sections
from playwright.sync_api import Browser, Page
from scripts.static_server import serve

from tests.conftest import (
    ROOT,
    articles,
    notebook_pages,
    page_path,
    reference_pages,
    site_pages,
)

SCHEMES = ["light", "dark"]
WRITER_PAGES = [page_path("rich.ipynb"), page_path("walkthrough.py")]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTICLES = articles()  # read from nav


def title(article: str) -> str:
    """The title (first ``# `` heading) of ``docs/<article>.md``."""
    markdown = (ROOT / "docs" / f"{article}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", markdown, re.M)[1].strip()


def first_figure(article: str) -> str:
    """The name of the first figure ``docs/<article>.md`` shows."""
    markdown = (ROOT / "docs" / f"{article}.md").read_text(encoding="utf-8")
    return re.search(r"figures/([\w-]+)-light\.svg", markdown)[1]


def open_page(
    browser: Browser, url: str, scheme: str, width: int = 1280
) -> tuple[Page, list[str], list[str]]:
    """Open ``url``; return the page, every console error, failed request and off-site request
    (``trouble``), and every URL the page asked for from its first request on."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    trouble: list[str] = []
    origin = url.split("/", 3)[:3]
    page.on(
        "console",
        lambda m: m.type == "error" and trouble.append(f"console error: {m.text}"),
    )
    page.on("pageerror", lambda e: trouble.append(f"page error: {e}"))
    page.on(
        "requestfailed",
        lambda r: trouble.append(f"request failed: {r.url} {r.failure}"),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and trouble.append(f"HTTP {r.status}: {r.url}"),
    )
    page.on(
        "request",
        lambda r: r.url.split("/", 3)[:3] != origin
        and not r.url.startswith(("data:", "blob:"))
        and trouble.append(f"request to another host: {r.url}"),
    )
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url.split("#")[0]))
    page.goto(url, wait_until="networkidle")
    return page, trouble, requested


@pytest.fixture(scope="session")
def writer_url(writer_site):
    """The site with a writer's notebooks (Markdown math, HTML, LaTeX, SVG plots), served."""
    url, server = serve(writer_site[1])
    yield url
    server.shutdown()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_path", site_pages())
def test_page_loads_cleanly_passes_axe_and_fits_a_phone(browser, base_url, page_path, scheme):
    check_page(browser, base_url, page_path, scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_path", WRITER_PAGES)
def test_a_writers_notebook_page_loads_cleanly_passes_axe_and_fits_a_phone(
    browser, writer_url, page_path, scheme
):
    check_page(browser, writer_url, page_path, scheme)


def check_page(browser: Browser, base_url: str, page_path: str, scheme: str) -> None:
    """No console error, failed or off-site request; figures of the scheme only, all loaded;
    axe finds nothing; the page fits a phone."""
    page, trouble, requested = open_page(browser, base_url + page_path, scheme)
    try:
        shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == {"light": "default", "dark": "slate"}[scheme]
        # Figures are lazy: bring each visible one into view and wait for it, as a reader would.
        images = page.evaluate(
            """async () => {
                const images = [...document.querySelectorAll('article img')];
                for (const img of images) {
                    if (img.getClientRects().length === 0) continue;
                    img.scrollIntoView();
                    if (!img.complete) await new Promise(done => { img.onload = img.onerror = done; });
                }
                return images.map(img => ({src: img.getAttribute('src'), width: img.naturalWidth,
                    visible: img.getClientRects().length > 0, shown: img.currentSrc}));
            }"""
        )
        for image in images:
            variant = image["src"].partition("#")[2]
            if variant in ("only-light", "only-dark"):
                assert image["visible"] == (variant == f"only-{scheme}"), image
            if image["visible"]:
                assert image["width"] > 0, f"image did not load: {image['src']}"
            if image["visible"] and variant:  # a figure: its desktop drawing, at 1280 px
                name = image["src"].split("#")[0].rsplit("/", 1)[1]
                assert image["shown"].split("#")[0].endswith("/figures/" + name), image
        other = {"light": "-dark.svg", "dark": "-light.svg"}[scheme]
        assert not [url for url in requested if url.endswith(other)], (
            "the other scheme's figures were downloaded"
        )
        assert not [url for url in requested if "-phone-" in url], "a desktop loaded a phone figure"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        violations = [
            (v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]
        ]
        assert violations == []
        # At a 375-pixel phone width the page body does not scroll sideways.
        page.set_viewport_size({"width": 375, "height": 800})
        page.wait_for_timeout(100)
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, f"{page_path} is {scroll}px wide on a {client}px screen"
        assert trouble == []
    finally:
        page.context.close()


PHONE = {"width": 375, "height": 800}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(  # the reference's pages show docstrings, never a figure or plot
    "page_path", sorted(set(site_pages()) - set(reference_pages()))
)
def test_on_a_phone_every_figure_is_its_phone_drawing_fits_and_keeps_its_size(
    browser, base_url, page_path, scheme
):
    """At 375 px: the phone drawing of the reader's scheme, and no other figure, is loaded;
    each figure fits the screen at 80% or more of the size it is drawn at (its text stays
    readable); any other image (a notebook plot) fits the screen; nothing scrolls sideways."""
    page, trouble, requested = open_page(browser, base_url + page_path, scheme, PHONE["width"])
    try:
        page.set_viewport_size(PHONE)
        images = page.evaluate(
            """async () => {
                const shown = [];
                for (const img of document.querySelectorAll('article img')) {
                    if (img.getClientRects().length === 0) continue;
                    img.scrollIntoView();
                    if (!img.complete) await new Promise(done => { img.onload = img.onerror = done; });
                    const box = img.getBoundingClientRect();
                    let parent = img.parentElement, scrolls = false;
                    for (; parent; parent = parent.parentElement)
                        scrolls ||= parent.scrollWidth > parent.clientWidth + 1
                            && getComputedStyle(parent).overflowX !== 'visible';
                    shown.push({src: img.getAttribute('src'), current: img.currentSrc,
                        natural: img.naturalWidth, width: box.width, left: box.left,
                        right: box.right, scrolls});
                }
                return shown;
            }"""
        )
        viewport = page.evaluate("document.documentElement.clientWidth")
        for image in images:
            assert image["natural"] > 0, f"image did not load: {image['src']}"
            assert image["left"] >= 0 and image["right"] <= viewport, image
            assert not image["scrolls"], f"{image['src']} sits in a box that scrolls sideways"
            if "#only-" in image["src"]:  # a figure of the figure hook
                desktop = image["src"].split("#")[0].rsplit("/", 1)[1]
                phone = re.sub(r"-(light|dark)\.svg$", r"-phone-\1.svg", desktop)
                assert image["current"].endswith("/figures/" + phone), image
                assert image["width"] >= 0.8 * image["natural"], (
                    f"{phone} is shown at {image['width']:.0f} px of its {image['natural']} px"
                )
        figures = [url.rsplit("/", 1)[1] for url in requested if "/figures/" in url]
        assert all(re.fullmatch(rf"[\w-]+-phone-{scheme}\.svg", name) for name in figures), figures
        assert len(figures) == len({i["current"] for i in images if "#only-" in i["src"]})
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, f"{page_path} is {scroll}px wide on a {client}px screen"
        assert trouble == []
    finally:
        page.context.close()


@pytest.mark.parametrize("article", ARTICLES)
def test_copy_button_copies_exactly_the_included_snippet(browser, base_url, article):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(base_url + article + "/", wait_until="networkidle")
        page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
        markdown = (ROOT / "docs" / f"{article}.md").read_text(encoding="utf-8")
        # The page's fenced blocks, in order (solutions' indented ones too): an included section,
        # or None for any other block.
        fences = re.findall(r"^ *```\w+\n(.*?)^ *```", markdown, flags=re.S | re.M)
        include = re.compile(r'--8<-- "snippets/(\w+\.py):(\w+)"')
        shown = [include.search(fence) for fence in fences]
        buttons = page.locator('article button.md-code__button[data-md-type="copy"]')
        assert buttons.count() == len(shown)
        for index, match in enumerate(shown):
            if match is None:
                continue
            buttons.nth(index).scroll_into_view_if_needed()
            buttons.nth(index).click(force=True)
            copied = page.evaluate("navigator.clipboard.readText()")
            assert copied.strip("\n") == read_sections(ROOT / "snippets" / match[1])[match[2]]
    finally:
        context.close()


@pytest.mark.parametrize("path", notebook_pages())
def test_every_notebook_code_cell_has_a_copy_button_that_copies_the_cell(browser, base_url, path):
    import nbformat

    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(base_url + path, wait_until="networkidle")
        (download,) = page.locator("article a.md-button[download]").all()
        with urllib.request.urlopen(base_url + path + download.get_attribute("href")) as file:
            notebook = nbformat.reads(file.read().decode("utf-8"), as_version=4)
        cells = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
        buttons = page.locator('article button.md-code__button[data-md-type="copy"]')
        assert buttons.count() == len(cells)
        for index, source in enumerate(cells):
            buttons.nth(index).scroll_into_view_if_needed()
            buttons.nth(index).click(force=True)
            assert page.evaluate("navigator.clipboard.readText()").strip("\n") == source
    finally:
        context.close()


EXERCISE_PAGES = sorted(
    f"{md.relative_to(ROOT / 'docs').with_suffix('').as_posix()}/"
    for md in (ROOT / "docs").rglob("*.md")
    if '??? success "Solution"' in md.read_text(encoding="utf-8")
)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_path", EXERCISE_PAGES)
def test_solutions_stay_hidden_until_opened_with_the_keyboard_and_pass_axe_open(
    browser, base_url, page_path, scheme
):
    page, trouble, _ = open_page(browser, base_url + page_path, scheme)
    try:
        solutions = page.locator("article details.success")
        assert solutions.count() >= 3
        for index in range(solutions.count()):
            solution = solutions.nth(index)
            code = solution.locator("div.language-python").first
            assert not code.is_visible(), f"solution {index + 1} shows before it is opened"
            summary = solution.locator("summary")
            assert summary.evaluate("s => s.tabIndex") >= 0  # in the Tab order
            summary.focus()
            assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
            page.keyboard.press("Enter")
            page.wait_for_function("d => d.open", arg=solution.element_handle())
            code.scroll_into_view_if_needed()
            assert code.is_visible(), f"solution {index + 1} did not open with Enter"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        violations = [
            (v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]
        ]
        assert violations == []
        assert trouble == []
    finally:
        page.context.close()


@pytest.mark.parametrize("article", ARTICLES)
def test_search_finds_each_article_by_its_title(browser, base_url, article):
    query, article = title(article), article + "/"
    page, trouble, requested = open_page(browser, base_url, "light")
    try:
        page.locator("input.md-search__input").click()
        page.keyboard.type(query)  # Material searches on key events, as a reader types
        # Results follow each keystroke ("m", "me", ...): wait for those of the whole word.
        wanted = urlsplit(base_url).path + article
        found = page.wait_for_function(
            """([query, wanted]) => document.querySelector('.md-search__input').value === query
                && [...document.querySelectorAll('.md-search-result__item a')]
                       .some(a => new URL(a.href).pathname === wanted)""",
            arg=[query, wanted],
            timeout=10_000,
        )
        assert found.json_value()
        assert trouble == []
    finally:
        page.context.close()


def broken_links(url: str) -> tuple[list[tuple], list[str]]:
    """Crawl ``url`` with linkinator (anchors included); the broken links and every URL checked."""
    linkinator = ROOT / "node_modules" / ".bin" / "linkinator"
    result = subprocess.run(
        [
            str(linkinator),
            url,
            "--recurse",
            "--check-fragments",
            "--format",
            "json",
            "--skip",
            r"^(?!http://127\.0\.0\.1)",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    checked = [link for link in report["links"] if link["state"] != "SKIPPED"]
    broken = [
        (link["url"], link.get("parent"), link["status"])
        for link in checked
        if link["state"] != "OK"
    ]
    return broken, [link["url"] for link in checked]


def test_no_broken_link_anchor_or_image_anywhere(site, base_url):
    broken, checked = broken_links(base_url)
    assert broken == []
    for page in site_pages():  # it crawled every page, every figure of both layouts
        assert base_url + page in checked
        html = (site / page / "index.html").read_text(encoding="utf-8")
        for image in re.findall(r'<(?:img [^>]*src|source [^>]*srcset)="([^"#]+)', html):
            assert urljoin(base_url + page, image) in checked, (page, image)
    assert sum(url.endswith(".ipynb") for url in checked) == len(notebook_pages())


def test_the_link_crawler_reports_a_missing_page_and_a_missing_anchor(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    index = copy / "index.html"
    html = index.read_text(encoding="utf-8")
    index.write_text(
        html.replace(
            "</article>",
            f'<a href="{ARTICLES[0]}/#no-such-anchor">a</a> <a href="gone/">b</a></article>',
            1,
        ),
        encoding="utf-8",
    )
    url, server = serve(copy)
    try:
        broken, _ = broken_links(url)
    finally:
        server.shutdown()
    urls = {url.split("/", 3)[3] for url, _, _ in broken}
    assert urls == {f"{ARTICLES[0]}/#no-such-anchor", "gone/"}


def test_scheme_toggle_swaps_figures_and_loads_the_other_variant(browser, base_url):
    article = next(a for a in ARTICLES if "figures/" in (ROOT / "docs" / f"{a}.md").read_text())
    figure = first_figure(article)
    page, trouble, requested = open_page(browser, base_url + article + "/", "light")
    try:
        assert not [url for url in requested if url.endswith("-dark.svg")]
        page.locator('label[for="__palette_1"]').click()  # the moon icon: switch to dark
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        dark = page.locator(f'article img[src$="{figure}-dark.svg#only-dark"]')
        dark.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0",
            arg=dark.element_handle(),
        )
        assert not page.locator(
            f'article img[src$="{figure}-light.svg#only-light"]'
        ).is_visible()
        assert trouble == []
    finally:
        page.context.close()
