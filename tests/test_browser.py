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
from playwright.sync_api import Browser, Page
from scripts.static_server import serve

from tests.conftest import (
    ROOT,
    articles,
    notebook_pages,
    page_path,
    read_sections,
    site_pages,
)

SCHEMES = ["light", "dark"]
WRITER_PAGES = [page_path("rich.ipynb"), page_path("walkthrough.py")]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTICLES = articles()  # read from nav
NOTEBOOK_PAGES = notebook_pages()


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
    context = browser.new_context(
        color_scheme=scheme,
        viewport={"width": width, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )
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
    settle(page)
    return page, trouble, requested


def settle(page: Page) -> None:
    """Wait until docs/javascripts/a11y.js has named every code block's buttons (once per
    animation frame: on a loaded machine, after the network is idle)."""
    page.wait_for_function("!document.querySelector('.md-code__nav:not([aria-label])')")


@pytest.fixture(scope="session")
def writer_url(writer_site):
    """The site with a writer's notebooks (Markdown math, HTML, LaTeX, SVG plots), served."""
    url, server = serve(writer_site[1])
    yield url
    server.shutdown()


EXERCISE_PAGES = {
    f"{md.relative_to(ROOT / 'docs').with_suffix('').as_posix()}/"
    for md in (ROOT / "docs").rglob("*.md")
    if '??? success "Solution"' in md.read_text(encoding="utf-8")
}
PHONE = {"width": 375, "height": 800}
BUDGET = 120 * 1024  # bytes of gzip a first view of a page may fetch (README, Page weight)
# What the page fetched from this site so far, as transferred (gzip), by the browser's own
# Resource Timing: the page, its styles, scripts, figures in view and the search worker.
WEIGHT = """() => [performance.getEntriesByType('navigation')[0],
                   ...performance.getEntriesByType('resource')]
    .filter(e => new URL(e.name).origin === location.origin)
    .reduce((sum, e) => sum + e.encodedBodySize, 0)"""


def check_weight(page: Page, page_path: str) -> None:
    """The first view of the page is within ``BUDGET`` (before anything scrolls)."""
    weight = page.evaluate(WEIGHT)
    assert 0 < weight <= BUDGET, (
        f"{page_path or '/'}: a first view fetches {weight / 1024:.1f} KB of gzip, over the "
        f"{BUDGET // 1024} KB budget (README, Page weight)"
    )


@pytest.mark.parametrize("page_path", site_pages())
def test_every_page_in_a_browser_light_then_dark_then_on_a_phone(browser, base_url, page_path):
    """One load per page checks everything a reader meets there (see ``check_page``)."""
    check_page(browser, base_url, page_path)


@pytest.mark.parametrize("page_path", WRITER_PAGES)
def test_a_writers_notebook_page_in_a_browser(browser, writer_url, page_path):
    check_page(browser, writer_url, page_path)


def check_page(browser: Browser, base_url: str, page_path: str) -> None:
    """Open ``page_path`` once, as a first-time reader in the light scheme at 1280 px, then:
    the first view within the weight budget; no console error, failed or off-site request; the light desktop figures only, all loaded;
    solutions hidden until opened with the keyboard; axe finds nothing (solutions open).
    Switched to dark with the palette toggle: the dark figures load, axe finds nothing (its
    rules of structure alone, ``SCHEME_FREE``, ran in light), and
    every copy button copies its code. Narrowed to a 375-pixel phone: nothing scrolls sideways, each
    figure is its phone drawing of the scheme, fits and keeps 80% of its size or more (its
    text stays readable), and every other image fits. One load instead of one per scheme and
    width: the scheme at first load and what a phone downloads are checked once, on a
    representative page, by ``test_a_first_load_in_dark_on_a_phone_...`` (the markup that
    drives them is checked on every page by tests/test_site.py)."""
    page, trouble, requested = open_page(browser, base_url + page_path, "light")
    try:
        check_weight(page, page_path)  # first, before any figure is scrolled into view
        check_figures(page, "light", requested)
        if page_path in EXERCISE_PAGES:
            check_solutions_open_with_the_keyboard(page)
        check_axe(page)
        page.locator('label[for="__palette_1"]').click()  # the moon icon: switch to dark
        settle_tooltips(page)
        check_figures(page, "dark", requested)
        check_axe(page, SCHEME_FREE)
        check_copy_buttons(page, base_url, page_path)  # last: it opens a "Copied" dialog
        page.set_viewport_size(PHONE)
        check_phone(page, page_path, "dark")
        assert trouble == []
    finally:
        page.context.close()


def settle_tooltips(page: Page) -> None:
    """Move the mouse off what it clicked, take the focus off it and wait until no tooltip
    shows (Material's content.tooltips shows one on hover and on focus, after a delay): one that
    is fading in or out is half transparent, and axe measures its text's contrast as it is."""
    page.mouse.move(0, PHONE["height"] - 1)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(500)  # longer than Material's delay before a tooltip shows
    page.wait_for_function(
        """() => [...document.querySelectorAll('.md-tooltip, .md-tooltip2')]
            .every(tip => getComputedStyle(tip).opacity === '0')"""
    )


def check_figures(page: Page, scheme: str, requested: list[str]) -> None:
    """The page shows ``scheme``: its figures (desktop drawings) and no other's are shown, each
    loaded; before any switch, nothing of the other scheme and no phone drawing was fetched."""
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == {"light": "default", "dark": "slate"}[scheme]
    images = page.evaluate(LOADED)
    for image in images:
        variant = image["src"].partition("#")[2]
        if variant in ("only-light", "only-dark"):
            assert image["visible"] == (variant == f"only-{scheme}"), image
        if image["visible"]:
            assert image["natural"] > 0, f"image did not load: {image['src']}"
        if image["visible"] and variant:  # a figure: its desktop drawing, at 1280 px
            name = image["src"].split("#")[0].rsplit("/", 1)[1]
            assert image["current"].split("#")[0].endswith("/figures/" + name), image
    if scheme == "light":  # the first load
        assert not [url for url in requested if url.endswith("-dark.svg")], (
            "the other scheme's figures were downloaded"
        )
        assert not [url for url in requested if "-phone-" in url], "a desktop loaded a phone figure"


# Each visible image of the article, brought into view as a reader scrolls (figures are lazy)
# and waited for until its current source (which a scheme switch or a narrower screen changes)
# has loaded.
LOADED = """async () => {
    const shown = [];
    for (const img of document.querySelectorAll('article img')) {
        const visible = img.getClientRects().length > 0;
        if (visible) {
            img.scrollIntoView();
            for (let i = 0; i < 200 && !(img.complete && img.naturalWidth > 0); i++)
                await new Promise(done => setTimeout(done, 25));
        }
        const box = img.getBoundingClientRect();
        let parent = img.parentElement, scrolls = false;
        for (; parent; parent = parent.parentElement)
            scrolls ||= parent.scrollWidth > parent.clientWidth + 1
                && getComputedStyle(parent).overflowX !== 'visible';
        shown.push({src: img.getAttribute('src'), current: img.currentSrc, visible,
            natural: img.naturalWidth, width: box.width, left: box.left, right: box.right,
            scrolls, zoomable: !!img.closest('a.glightbox')});
    }
    return shown;
}"""


# Rules that read only the page's structure, never its colours or what a scheme shows: checked
# in the light scheme, not again in the dark one. "region" (is all content inside landmarks) is
# 45% of axe's time on a page.
SCHEME_FREE = ("region",)


def check_axe(page: Page, skip: tuple[str, ...] = ()) -> None:
    """axe finds nothing on the page as it is, its ``skip`` rules aside."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # Only the violations come back: axe's whole result (every pass, with its nodes) is 4 MB on
    # a notebook page, and handing it to Python took 5 of the 7 s that a check took.
    violations = page.evaluate(
        "async (skip) => (await axe.run(document, {rules: Object.fromEntries("
        "skip.map(rule => [rule, {enabled: false}]))})).violations"
        ".map(v => [v.id, v.nodes.slice(0, 3).map(n => n.target)])",
        list(skip),
    )
    assert violations == []


def check_phone(page: Page, page_path: str, scheme: str) -> None:
    """At 375 px: nothing scrolls sideways; each figure (and home page thumbnail) is its phone
    drawing in ``scheme``, fits the screen and is shown at 80% of its size or more; any other
    image fits, and one shown smaller than that opens full size (a notebook plot's link)."""
    page.wait_for_timeout(100)
    images = page.evaluate(LOADED)
    viewport = page.evaluate("document.documentElement.clientWidth")
    for image in [i for i in images if i["visible"]]:
        assert image["natural"] > 0, f"image did not load: {image['src']}"
        assert image["left"] >= 0 and image["right"] <= viewport, image
        assert not image["scrolls"], f"{image['src']} sits in a box that scrolls sideways"
        if "#only-" in image["src"]:  # a figure (or a thumbnail) of the figure hook
            desktop = image["src"].split("#")[0].rsplit("/", 1)[1]
            phone = re.sub(r"-(light|dark)\.(svg|png)$", rf"-phone-{scheme}.\2", desktop)
            assert image["current"].split("#")[0].endswith("/figures/" + phone), image
            assert image["width"] >= 0.8 * image["natural"], (
                f"{phone} is shown at {image['width']:.0f} px of its {image['natural']} px"
            )
        elif image["width"] < 0.8 * image["natural"]:
            assert image["zoomable"], (
                f"{image['src']} is shown at {image['width']:.0f} px of its {image['natural']} "
                "px and cannot be opened full size"
            )
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{page_path} is {scroll}px wide on a {client}px screen"


def check_solutions_open_with_the_keyboard(page: Page) -> None:
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


def check_copy_buttons(page: Page, base_url: str, page_path: str) -> None:
    """Each copy button copies exactly its code: on an article the included snippets section
    (solutions' blocks too), on a notebook page the code cell of the downloadable notebook."""
    buttons = page.locator('article button.md-code__button[data-md-type="copy"]')
    source = ROOT / "docs" / f"{page_path.rstrip('/')}.md"
    if page_path in NOTEBOOK_PAGES:
        import nbformat

        (download,) = page.locator("article a.md-button[download]").all()
        with urllib.request.urlopen(base_url + page_path + download.get_attribute("href")) as file:
            notebook = nbformat.reads(file.read().decode("utf-8"), as_version=4)
        expected = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    elif page_path.rstrip("/") in ARTICLES:
        page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
        # The page's fenced blocks, in order (solutions' indented ones too): an included
        # section, or None for any other block.
        fences = re.findall(r"^ *```\w+\n(.*?)^ *```", source.read_text("utf-8"), re.S | re.M)
        include = re.compile(r'--8<-- "snippets/(\w+\.py):(\w+)"')
        expected = [
            read_sections(ROOT / "snippets" / m[1])[m[2]] if (m := include.search(f)) else None
            for f in fences
        ]
    else:
        return
    assert buttons.count() == len(expected)
    if not expected:
        return
    buttons.first.scroll_into_view_if_needed()  # one as a reader clicks it
    buttons.first.click(force=True)
    copied = [page.evaluate("navigator.clipboard.readText()")]
    copied += page.evaluate(COPY_EACH)[1:]  # and every one in a single call (30 clicks: 2.8 s to 0.9 s)
    for index, code in enumerate(expected):
        if code is not None:
            assert copied[index].strip("\n") == code, f"copy button {index}"


# Click each copy button of the article in turn, and read what it put on the clipboard.
COPY_EACH = """async () => {
    const copied = [];
    for (const button of document.querySelectorAll('article button.md-code__button[data-md-type="copy"]')) {
        await navigator.clipboard.writeText('');
        button.click();
        copied.push(await navigator.clipboard.readText());
    }
    return copied;
}"""


def test_a_first_load_in_dark_on_a_phone_shows_dark_and_fetches_only_its_phone_drawings(
    browser, base_url
):
    """A reader whose system is dark opens an article on a phone: the page is dark before the
    figures are laid out, and only the phone drawings of the dark scheme are fetched."""
    article = next(a for a in ARTICLES if "figures/" in (ROOT / "docs" / f"{a}.md").read_text())
    page, trouble, requested = open_page(browser, base_url + article + "/", "dark", PHONE["width"])
    try:
        page.set_viewport_size(PHONE)
        check_weight(page, article + "/")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        images = page.evaluate(LOADED)
        figures = [url.rsplit("/", 1)[1] for url in requested if "/figures/" in url]
        assert figures and all(re.fullmatch(r"[\w-]+-phone-dark\.svg", f) for f in figures), figures
        shown = {i["current"] for i in images if i["visible"] and "#only-" in i["src"]}
        assert len(figures) == len(shown)
        check_phone(page, article + "/", "dark")
        assert trouble == []
    finally:
        page.context.close()


@pytest.mark.parametrize("notebook", NOTEBOOK_PAGES[:1])
def test_a_notebook_plot_opens_full_size_with_the_keyboard_on_a_phone(browser, base_url, notebook):
    """A plot drawn wider than a phone opens full size (mkdocs-glightbox) with Enter, axe finds
    nothing with it open, and Escape closes it and gives the focus back to the plot."""
    page, trouble, _ = open_page(browser, base_url + notebook, "dark", PHONE["width"])
    try:
        page.set_viewport_size(PHONE)
        link = page.locator("article a.glightbox").first
        link.scroll_into_view_if_needed()
        image = link.locator("img")
        page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=image.element_handle())
        shown = image.evaluate("i => i.getBoundingClientRect().width")
        link.focus()
        page.keyboard.press("Enter")
        opened = page.locator(".glightbox-container .gslide.current .gslide-image img")
        opened.wait_for(state="visible", timeout=5_000)
        page.wait_for_timeout(600)  # the opening animation
        assert opened.get_attribute("src").endswith(link.get_attribute("href"))
        assert opened.evaluate("i => i.getBoundingClientRect().width") > shown
        check_axe(page)
        page.keyboard.press("Escape")
        page.wait_for_selector(".glightbox-container", state="detached", timeout=5_000)
        assert page.evaluate("document.activeElement.classList.contains('glightbox')")
        assert trouble == []
    finally:
        page.context.close()


def test_a_glossary_term_shows_its_definition_on_keyboard_focus(browser, base_url):
    """The first use of a glossary term on an article is a Tab stop, and focusing it shows its
    definition in Material's tooltip (on a tap as well: every use can take the focus)."""
    from tests.test_glossary import TERMS, prose, uses

    article = next(a for a in ARTICLES if any(uses(prose(f"{a}.md"), t) for t in TERMS))
    page, trouble, _ = open_page(browser, base_url + article + "/", "light")
    try:
        term = page.locator("article abbr[tabindex='0']").first
        definition = term.get_attribute("title")
        assert definition and page.locator("article abbr:not([tabindex])").count() == (
            page.locator("article summary abbr").count()
        )
        term.focus()
        tooltip = page.locator(".md-tooltip2--active")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert tooltip.inner_text().strip() == definition
        assert trouble == []
    finally:
        page.context.close()


def test_search_finds_every_article_by_its_title(browser, base_url):
    """And the index loads only once the reader opens search (overrides/main.html): a page
    view that never searches does not fetch it."""
    page, trouble, requested = open_page(browser, base_url, "light")
    try:
        index = "search/search_index.json"
        assert not [url for url in requested if url.endswith(index)], "loaded before search"
        search = page.locator("input.md-search__input")
        with page.expect_response(lambda response: response.url.endswith(index)):
            search.click()
        for article in ARTICLES:
            query, wanted = title(article), urlsplit(base_url).path + article + "/"
            search.fill("")
            page.keyboard.type(query)  # Material searches on key events, as a reader types
            # Results follow each keystroke ("m", "me", ...): wait for those of the whole word.
            found = page.wait_for_function(
                """([query, wanted]) => document.querySelector('.md-search__input').value === query
                    && [...document.querySelectorAll('.md-search-result__item a')]
                           .some(a => new URL(a.href).pathname === wanted)""",
                arg=[query, wanted],
                timeout=10_000,
            )
            assert found.json_value(), article
        assert trouble == []
    finally:
        page.context.close()


def test_on_a_phone_the_search_button_loads_the_index_and_search_answers(browser, base_url):
    page, trouble, requested = open_page(browser, base_url, "dark", 375)
    try:
        index = "search/search_index.json"
        assert not [url for url in requested if url.endswith(index)]
        with page.expect_response(lambda response: response.url.endswith(index)):
            page.locator("label.md-header__button[for=__search]").click()
        page.keyboard.type(title(ARTICLES[0]))
        page.wait_for_selector(".md-search-result__item a", timeout=10_000)
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
            # A loaded machine answers slowly, not wrongly: fewer requests at once, and one
            # that got no answer at all (not a 404) is asked again.
            "--concurrency",
            "20",
            "--retry-errors",
            "--retry-errors-count",
            "3",
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
