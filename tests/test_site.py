"""The built site: strict build, code blocks that are the snippets, figures that exist, no drift."""

import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from scripts.static_server import built_pages

from tests.conftest import (
    ROOT,
    SITE_URL,
    append_to,
    articles,
    assert_build_fails,
    read_sections,
    site_pages,
    snippet_sections,
)

ARTICLES = articles()  # read from nav
# Every page of docs/ that shows a figure, article or not (read from the sources); the home
# page shows thumbnails (figures/<name>-thumb-<theme>.png), not figures.
FIGURE_PAGES = sorted(
    md.relative_to(ROOT / "docs").with_suffix("").as_posix()
    for md in (ROOT / "docs").rglob("*.md")
    if re.search(r"figures/[\w-]+-light\.svg|<!-- slider:", md.read_text(encoding="utf-8"))
)
RUNS_ALONE, RUNS_AFTER = "Runs on its own", "Runs after the page's code blocks"


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name / "index.html").read_text(encoding="utf-8"), "html.parser")


def code_blocks(soup, language: str, *, solutions: bool = False) -> list[str]:
    """The text of the page's ``language`` blocks, in order; those inside the collapsed
    solutions (``<details>``) only if ``solutions``."""
    return [
        div.find("code").get_text()
        for div in soup.select(f"article div.language-{language}.highlight")
        if solutions or not div.find_parent("details")
    ]


def python_blocks(soup: BeautifulSoup, *, solutions: bool = False) -> list[str]:
    return code_blocks(soup, "python", solutions=solutions)


def exercises(soup: BeautifulSoup) -> list[tuple]:
    """(question, the element right after it) for each ``!!! question`` of the page."""
    return [
        (question, question.find_next_sibling())
        for question in soup.select("article div.admonition.question")
    ]


def beside_the_script(site: Path, folder: Path) -> None:
    """Save the site's data downloads (what is neither code nor a licence) in ``folder``, as a
    reader who pastes a page's blocks saves them beside the script (hooks/downloads.py)."""
    for path in (site / "downloads").iterdir():
        if path.suffix not in {".py", ".zip", ".txt"}:
            (folder / path.name).write_bytes(path.read_bytes())


@pytest.mark.parametrize("article", ARTICLES)
def test_every_python_block_is_exactly_a_snippets_section(site, article):
    blocks = python_blocks(page(site, article), solutions=True)
    sections = set(snippet_sections().values())
    assert blocks, f"{article} shows no Python code"
    for block in blocks:
        assert block.strip("\n") in sections, (
            f"{article}: a code block is not a snippets section:\n{block[:300]}"
        )


# A page's experiments (the functions of ``CACHED``) read the build's results, as the notebooks'
# kernels do (hooks/kernel_cache.py): the suite does not train them again. A function is replaced
# only where its code is the snippets one, and every global name a page's function uses must be
# defined by the blocks run (what a result read from the cache would otherwise hide).
RUN_BLOCKS = """
import builtins, dis, json, os, sys, types


def run(blocks, scope, stem):
    scope.setdefault("__file__", os.path.abspath(f"{stem}.py"))  # as a script of the blocks has
    exec(open("cache.py").read(), {"scope": scope}, kept := {})
    for index, block in enumerate(blocks):
        name = f"{stem}_{index}.py"  # a file, so that the cache can read a definition's source
        with open(name, "w") as file:
            file.write(block)
        exec(compile(block, name, "exec"), scope)
        kept["after_block"]()
    used = set()

    def walk(code):
        used.update(i.argval for i in dis.get_instructions(code) if i.opname == "LOAD_GLOBAL")
        for constant in code.co_consts:
            if isinstance(constant, types.CodeType):
                walk(constant)

    for value in list(scope.values()):
        for item in [value, *(vars(value).values() if isinstance(value, type) else ())]:
            item = getattr(item, "__wrapped__", item)
            if isinstance(item, types.FunctionType) and item.__globals__ is scope:
                walk(item.__code__)
    undefined = sorted(used - scope.keys() - set(dir(builtins)))
    assert not undefined, f"{stem}: used but never defined: {undefined}"
"""


RUN_PAGE = 'run(json.load(open("blocks.json")), {"__name__": "__main__"}, "page")\n'


def run_blocks(folder: Path, blocks: list[str], script: str, site: Path | None = None):
    """Run ``script`` after ``RUN_BLOCKS`` in ``folder`` with ``python -I`` (no PYTHONPATH, so
    no ``snippets`` and no matplotlib), ``blocks`` in ``blocks.json`` beside it, the cache it
    reads, and the site's data downloads if ``site`` is given."""
    from hooks.results import kernel_preamble
    from hooks.sources import Sources

    (folder / "blocks.json").write_text(json.dumps(blocks), encoding="utf-8")
    if site is not None:
        beside_the_script(site, folder)
    (folder / "cache.py").write_text(kernel_preamble(Sources(ROOT), namespace="scope"), "utf-8")
    (folder / "run.py").write_text(RUN_BLOCKS + script, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-I", "run.py"], cwd=folder, env=env, capture_output=True, text=True
    )


def test_blocks_that_use_a_name_no_block_defines_fail_even_if_nothing_calls_it(tmp_path):
    # What a result read from the cache would hide: the function that needed the name never ran.
    blocks = ["import numpy as np\n\ndef run(x):\n    return np.tanh(x) + helper(x)\n", "print(1)\n"]
    result = run_blocks(tmp_path, blocks, RUN_PAGE)
    assert result.returncode == 1 and result.stdout == "1\n"
    assert "page: used but never defined: ['helper']" in result.stderr, result.stderr


@pytest.mark.parametrize("article", ARTICLES)
def test_the_page_code_blocks_run_in_order_with_numpy_alone(site, article, tmp_path):
    result = run_blocks(
        tmp_path,
        python_blocks(page(site, article)),
        RUN_PAGE + "assert not {'snippets', 'matplotlib'} & set(sys.modules), sorted(sys.modules)\n",
        site,
    )
    assert result.returncode == 0, result.stderr
    # The blocks end with the page's main experiment: it prints what the page says it prints.
    printed = result.stdout.strip()
    assert printed, f"{article}: the page's code blocks print nothing"
    shown = [block.strip() for block in code_blocks(page(site, article), "text")]
    assert printed in shown, f"{article} printed:\n{printed}\nbut the page shows:\n{shown}"


@pytest.mark.parametrize("article", ARTICLES)
def test_every_article_has_three_to_five_exercises_each_with_a_collapsed_solution(site, article):
    soup = page(site, article)
    pairs = exercises(soup)
    assert 3 <= len(pairs) <= 5, (
        f"{article} has {len(pairs)} exercises; give it 3 to 5 (README, Writing an article)"
    )
    for question, solution in pairs:
        title = question.select_one(".admonition-title").get_text(strip=True)
        assert solution is not None and solution.name == "details", (
            f"{article}: {title!r} is not followed by a ??? success \"Solution\" box"
        )
        assert "success" in solution["class"] and not solution.has_attr("open"), title
        assert solution.summary.get_text(strip=True) == "Solution", title
        assert solution.select("div.language-python") and solution.select("div.language-text")
    solutions = soup.select("article details.success")  # other collapsed boxes are not solutions
    assert len(solutions) == len(pairs), "a solution without its question"


@pytest.mark.parametrize("article", ARTICLES)
def test_every_solution_runs_as_it_says_and_prints_what_it_shows(site, article, tmp_path):
    # Each solution runs alone, or after the page's blocks (not after the other solutions), with
    # numpy alone, and prints the text block of its box.
    soup = page(site, article)
    solutions = []
    for _, solution in exercises(soup):
        says = solution.get_text()
        assert (RUNS_ALONE in says) != (RUNS_AFTER in says), (
            f"{article}: a solution must say {RUNS_ALONE!r} or {RUNS_AFTER!r}"
        )
        code = "\n\n".join(
            div.find("code").get_text() for div in solution.select("div.language-python")
        )
        shown = solution.select("div.language-text")[-1].find("code").get_text().strip()
        solutions.append({"alone": RUNS_ALONE in says, "code": code, "shown": shown})
    (tmp_path / "solutions.json").write_text(json.dumps(solutions), encoding="utf-8")
    result = run_blocks(tmp_path, python_blocks(soup), RUN_SOLUTIONS, site)
    assert result.returncode == 0, result.stderr
    printed = json.loads((tmp_path / "printed.json").read_text(encoding="utf-8"))
    for solution, output in zip(solutions, printed, strict=True):
        assert output.strip() == solution["shown"], (
            f"{article}: the solution\n{solution['code'][:300]}\nprinted\n{output}\n"
            f"but its box shows\n{solution['shown']}"
        )


RUN_SOLUTIONS = """
import contextlib, io

page = {"__name__": "__main__"}
with contextlib.redirect_stdout(io.StringIO()):
    run(json.load(open("blocks.json")), page, "page")
printed = []
for index, solution in enumerate(json.load(open("solutions.json"))):
    scope = {"__name__": "__main__"} if solution["alone"] else dict(page)
    with contextlib.redirect_stdout(io.StringIO()) as out:
        run([solution["code"]], scope, f"solution{index + 1}")
    printed.append(out.getvalue())
assert not {"snippets", "matplotlib"} & set(sys.modules), sorted(sys.modules)
json.dump(printed, open("printed.json", "w"))
"""


def test_every_section_the_articles_include_is_exercised_by_a_test():
    # One test module per snippet module, and each included function is named in its tests.
    tests = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py")}
    for key, text in snippet_sections().items():
        module = key.split(".py:")[0]
        assert f"test_{module}" in tests, f"no tests/test_{module}.py for {key}"
        for line in text.splitlines():
            if line.startswith("def "):
                name = line[4:].split("(")[0]
                assert name in tests[f"test_{module}"], (
                    f"{name} ({key}) is not named in tests/test_{module}.py"
                )


@pytest.mark.parametrize("article", FIGURE_PAGES)
def test_every_figure_exists_in_both_schemes_with_alt_text(site, article):
    images = page(site, article).select("article img")
    assert images
    names = set()
    for img in images:
        src = img["src"]
        path, _, scheme = src.partition("#")
        assert scheme in {"only-light", "only-dark"}, src
        assert (site / article / path).resolve().is_file(), f"{src} is not in the built site"
        assert (site / article / path).read_bytes().startswith(b"<?xml"), src
        assert len(img.get("alt", "").split()) >= 12, f"{src}: alt text too short"
        names.add((path.replace("-light.svg", "").replace("-dark.svg", ""), scheme))
    stems = {stem for stem, _ in names}
    assert names == {(stem, scheme) for stem in stems for scheme in ("only-light", "only-dark")}


@pytest.mark.parametrize("article", FIGURE_PAGES)
def test_every_figure_is_a_picture_whose_phone_source_is_its_phone_drawing(site, article):
    from hooks.figures import PHONE_MEDIA

    for img in page(site, article).select("article img"):
        picture = img.parent
        assert picture.name == "picture", img["src"]
        assert picture.select("img") == [img]  # one image, so one alt text, for both layouts
        (source,) = picture.select("source")
        desktop, _, scheme = img["src"].partition("#")
        phone = re.sub(r"-(light|dark)\.svg$", r"-phone-\1.svg", desktop)
        assert source["media"] == PHONE_MEDIA and source["srcset"] == phone
        svg = (site / article / phone).read_text(encoding="utf-8")[:2000]
        width, height = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
        assert (source["width"], source["height"]) == (
            str(round(float(width) * 4 / 3)),
            str(round(float(height) * 4 / 3)),
        )
        assert int(source["width"]) <= 384 < int(img["width"])  # 4 inches at most on a phone
        assert img["loading"] == "lazy"


def test_every_page_sets_the_readers_scheme_before_its_content(site):
    """The markup a first load in dark depends on (tests/test_browser.py loads one page so):
    on every page, overrides/partials/javascripts/palette.html's script runs before the
    article, so a figure is fetched in the reader's scheme only."""
    script = (ROOT / "overrides" / "partials" / "javascripts" / "palette.html").read_text("utf-8")
    script = script[script.index("<script>") :]
    for page_path in site_pages():
        html = (site / page_path / "index.html").read_text(encoding="utf-8")
        assert script.strip() in html, f"{page_path} does not set the scheme before it is laid out"
        assert html.index(script.strip()) < html.index("<article"), page_path


def meta(soup: BeautifulSoup) -> dict[str, str]:
    return {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in soup.select('head meta[property^="og:"], head meta[name^="twitter:"]')
    }


@pytest.mark.parametrize("page_path", site_pages())
def test_every_page_has_a_link_preview_with_the_card_of_its_first_figure(site, page_path):
    soup = page(site, page_path)
    card = meta(soup)
    assert card["og:url"] == SITE_URL + page_path
    assert card["og:title"] and card["og:title"] == card["twitter:title"]
    description = soup.select_one('head meta[name="description"]')["content"]
    assert card["og:description"] == card["twitter:description"] == description
    figures = [img for img in soup.select("article img") if img["src"].endswith(".svg#only-light")]
    if not figures:
        assert card["twitter:card"] == "summary" and "og:image" not in card
        return
    name = re.search(r"figures/([\w-]+)-light\.svg", figures[0]["src"])[1]
    assert card["og:image"] == card["twitter:image"] == f"{SITE_URL}figures/{name}-card.png"
    assert card["twitter:card"] == "summary_large_image"
    assert card["og:image:alt"] == " ".join(figures[0]["alt"].split())
    png = (site / "figures" / f"{name}-card.png").read_bytes()
    assert png.startswith(b"\x89PNG") and struct.unpack(">II", png[16:24]) == (1200, 630)
    assert (card["og:image:width"], card["og:image:height"]) == ("1200", "630")


CREDIT = (
    'start the page with a credit box, `!!! quote "Where this comes from"`, that names the '
    "source's author and links the source (README.md, 'Writing an article')"
)


@pytest.mark.parametrize("article", ARTICLES)
def test_article_credits_and_links_its_source(site, article):
    credit = page(site, article).select_one("article .admonition.quote")
    assert credit is not None, f"docs/{article}.md has no credit box: {CREDIT}"
    title = credit.select_one(".admonition-title").get_text(strip=True)
    assert title == "Where this comes from", f"docs/{article}.md: {CREDIT}"
    links = [a["href"] for a in credit.select("a") if a["href"].startswith("https://")]
    assert links, f"docs/{article}.md: the credit box links nothing: {CREDIT}"


def test_home_page_says_what_the_site_is_and_lists_every_article(site):
    """One Material grid card per article of nav, in nav's order: the thumbnails of its first
    figure (light and dark, each a <picture> with the phone drawing's thumbnail), its title
    linking to it, a sentence with a number and its reading time."""
    from hooks.reading_time import minutes

    soup = page(site, ".")
    text = soup.select_one("article").get_text()
    assert "numpy" in text
    cards = soup.select("article div.grid.cards > ul > li")
    titles = [card.select_one("strong a") for card in cards]
    linked = [a["href"].rstrip("/") for a in titles if a is not None]
    assert linked == ARTICLES, (
        f"docs/index.md's cards link {linked}, nav's articles are {ARTICLES}: one card per "
        "article, in nav's order (README, 'Writing an article')"
    )
    for card, article in zip(cards, ARTICLES, strict=True):
        markdown = (ROOT / "docs" / f"{article}.md").read_text(encoding="utf-8")
        first = re.search(r"figures/([\w-]+)-light\.svg|<!--\s*slider:\s*([\w-]+)", markdown)
        name = first[1] or first[2]
        images = card.select("picture > img")
        assert [img["src"] for img in images] == [
            f"figures/{name}-thumb-{scheme}.png#only-{scheme}" for scheme in ("light", "dark")
        ], article
        for img in images:
            source = img.find_previous_sibling("source")
            assert source["srcset"] == img["src"].split("#")[0].replace("-thumb-", "-thumb-phone-")
            assert img["loading"] == "lazy" and (site / img["src"].split("#")[0]).is_file()
        texts = [p.get_text(" ", strip=True) for p in card.select("p") if not p.select("picture, strong")]
        assert len(texts) == 2 and texts[1] == f"{minutes(markdown)} min read", (article, texts)
        assert re.search(r"\d", texts[0]), f"{article}: the card's result has no number: {texts[0]!r}"


def test_glightbox_only_on_notebook_plots_and_served_from_this_site(site):
    """mkdocs-glightbox (manual mode) zooms the notebook plots only: no other page carries its
    stylesheet or script, no figure's <picture> is wrapped, and its files are this site's."""
    from tests.conftest import notebook_pages

    notebooks = set(notebook_pages())
    for page_path in site_pages():
        html = (site / page_path / "index.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        links = soup.select("a.glightbox")
        assert not soup.select("a.glightbox picture, a picture"), page_path
        if page_path in notebooks and links:
            assert all(link.img is not None and link["href"] == link.img["src"] for link in links)
            for asset in ("assets/stylesheets/glightbox.min.css", "assets/javascripts/glightbox.min.js"):
                assert asset in html and (site / asset).is_file(), (page_path, asset)
        else:
            assert not links and "glightbox" not in html, f"{page_path} carries glightbox"


def test_no_page_loads_anything_from_another_host(site):
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
        ):
            for element in soup.find_all(tag):
                url = element.get(attr, "")
                if tag == "link" and not set(element.get("rel", [])) & {
                    "stylesheet",
                    "preload",
                    "preconnect",
                    "icon",
                    "modulepreload",
                }:
                    continue
                assert not url.startswith(("http:", "https:", "//")), f"{html}: {tag} {url}"
    for css in site.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8"), css


def test_a_page_that_includes_a_missing_section_fails_the_build_naming_the_sections_there(
    project_copy, tmp_path
):
    module = next(iter(snippet_sections())).partition(":")[0]  # a module that has sections
    sections = ", ".join(read_sections(ROOT / "snippets" / module))
    append_to(
        project_copy / "docs" / f"{ARTICLES[0]}.md",
        f'\n```python\n--8<-- "snippets/{module}:no_such_section"\n```\n',
    )
    assert_build_fails(
        project_copy,
        tmp_path,
        f"docs/{ARTICLES[0]}.md includes snippets/{module}:no_such_section, but "
        f"snippets/{module} has no section 'no_such_section' (its sections: {sections})",
    )


def test_a_page_that_includes_a_missing_file_fails_the_build(project_copy, tmp_path):
    append_to(
        project_copy / "docs" / f"{ARTICLES[0]}.md",
        '\n```python\n--8<-- "snippets/no_such_file.py:main"\n```\n',
    )
    assert_build_fails(project_copy, tmp_path, "snippets/no_such_file.py")


def test_a_page_that_shows_a_figure_nobody_draws_fails_the_build_naming_those_drawn(
    project_copy, tmp_path
):
    from tests.test_plotting import FIGURES

    figure = "\n![A figure that no code draws](figures/nothing-light.svg#only-light)\n"
    append_to(project_copy / "docs" / f"{ARTICLES[0]}.md", figure)
    assert_build_fails(
        project_copy,
        tmp_path,
        f"docs/{ARTICLES[0]}.md shows figures/nothing-light.svg but no FIGURES entry draws "
        f"'nothing' (drawn: {', '.join(sorted(FIGURES))})",
    )


def test_a_link_to_a_missing_page_or_anchor_fails_the_build(project_copy, tmp_path):
    append_to(
        project_copy / "docs" / "index.md",
        f"\n[gone](gone.md) and [no anchor]({ARTICLES[0]}.md#nowhere)\n",
    )
    assert_build_fails(project_copy, tmp_path, "gone.md")


def test_the_site_has_exactly_the_pages_the_sources_define(site):
    built = built_pages(site)
    assert built == site_pages()
