"""Start a new article: ``python scripts/new_article.py SLUG "Title"``.

Copies ``scripts/article_template/`` (the code and its tests, the figures and ``numbers()``, the
exercises, the page and the notebook) with the article's name in it, and lists the article in
``nav`` and on the home page: a skeleton that follows README.md's "Writing an article", so that
the strict build and the whole test suite pass before anything is edited.

Then replace the placeholder concept (min-max scaling) with the article's own, step by step as
the README's checklist says. A SLUG is a Python module name (``batch_norm``); an existing or
invalid one is refused and nothing is written. ``--root`` scaffolds in another copy of the
project (the tests and the benchmark use it). The templates' paths and texts name the article
``__SLUG__`` and ``__TITLE__``: edit them there (ruff lints them as their copies will be).
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = re.compile(r"[a-z][a-z0-9_]{1,29}")
# Names the site or the package already uses for something else.
RESERVED = {"index", "reference", "plotting", "downloads", "figures", "notebooks", "snippets"}
RESERVED |= {"stylesheets", "javascripts", "assets", "search", "glossary", "reading_time"}
NAV_NOTEBOOKS = "  - Run it yourself:"  # the nav section that lists the notebooks
HOME_ARTICLES = "## Articles"  # the home page's cards of articles
HOME_GRID = '<div class="grid cards" markdown>'  # where the cards are, under that heading

# The skeleton's files, as files (ruff lints them): their paths and texts name the article
# __SLUG__ and __TITLE__. home_entry.md is the article's card on the home page.
TEMPLATE = Path(__file__).resolve().parent / "article_template"
HOME_ENTRY = "home_entry.md"


def check_slug(slug: str, root: Path) -> None:
    """Raise ValueError saying why ``slug`` cannot name a new article in ``root``."""
    if (
        not SLUG.fullmatch(slug)
        or keyword.iskeyword(slug)
        or slug.endswith(("_figures", "_exercises"))
    ):
        raise ValueError(
            f"the slug must be a Python module name of 2 to 30 characters: a lowercase letter, "
            f"then lowercase letters, digits or '_', not ending in '_figures' or '_exercises' and not a Python "
            f"keyword (for example batch_norm), got {slug!r}"
        )
    if slug in RESERVED or slug.startswith("test_"):
        raise ValueError(f"the slug {slug!r} is a name the site already uses; choose another")
    taken = [path for path in planned(slug, root) if path.exists()]
    if taken:
        names = ", ".join(str(path.relative_to(root)) for path in taken)
        raise ValueError(f"an article {slug!r} already exists: {names}; choose another slug")


def check_title(title: str) -> None:
    """Raise ValueError unless ``title`` is one line of plain words."""
    if not title.strip() or len(title) > 60 or re.search(r'[\n"\\\[\]{}<>`*_#|]', title):
        raise ValueError(
            "the title must be one line of at most 60 characters without quotes, backslashes, "
            f"brackets, braces or Markdown marks (for example 'Batch normalisation'), "
            f"got {title!r}"
        )


def templates() -> list[Path]:
    """The template of each file of a new article, in the order they are written."""
    order = ["snippets", "tests", "docs", "notebooks"]  # the code first, as the README's steps
    found = sorted(
        (p for p in TEMPLATE.rglob("*") if "__SLUG__" in p.name and p.is_file()),
        key=lambda p: (order.index(p.relative_to(TEMPLATE).parts[0]), p),
    )
    if not found:
        raise ValueError(f"no templates in {TEMPLATE}: the scaffold needs its template folder")
    return found


def planned(slug: str, root: Path) -> list[Path]:
    """The files a new article ``slug`` is made of."""
    return [
        root / template.relative_to(TEMPLATE).as_posix().replace("__SLUG__", slug)
        for template in templates()
    ]


def fill(template: str, slug: str, title: str) -> str:
    """``template`` with ``__SLUG__`` and ``__TITLE__`` filled in. Consecutive
    ``from snippets.`` imports are sorted again, as ruff (isort) orders them for this slug."""
    lines = template.replace("__SLUG__", slug).replace("__TITLE__", title).split("\n")
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and lines[end].startswith("from snippets.") and "(" not in lines[end]:
            end += 1
        lines[start:end] = sorted(lines[start:end])
        start = end + 1
    return "\n".join(lines)


def yaml_text(title: str) -> str:
    """``title`` as a YAML mapping key: plain if it can be, else double-quoted."""
    plain = re.fullmatch(r"[A-Za-z0-9][^:#'&*!%@,\[\]{}]*", title) and not title.endswith(" ")
    return title if plain else f'"{title}"'


def add_to_nav(config: str, slug: str, title: str) -> str:
    """``mkdocs.yml``'s text with the article listed before the notebooks' section of ``nav``
    and its notebook at the end of that section."""
    lines = config.splitlines(keepends=True)
    try:
        nav = lines.index("nav:\n")
        section = lines.index(NAV_NOTEBOOKS + "\n", nav)
    except ValueError:
        raise ValueError(
            f"mkdocs.yml: no 'nav:' with a line {NAV_NOTEBOOKS!r} (the notebooks' section): "
            "add the article and its notebook to nav by hand"
        ) from None
    end = section + 1
    while end < len(lines) and lines[end].startswith("      - "):
        end += 1
    key = yaml_text(title)
    lines.insert(end, f"      - {yaml_text(title + ' notebook')}: notebooks/{slug}.ipynb\n")
    lines.insert(section, f"  - {key}: {slug}.md\n")
    return "".join(lines)


def add_to_home(home: str, slug: str, title: str) -> str:
    """The home page's text with the article's card last in the grid of cards under its
    heading "Articles" (Material's grid cards: a list in ``<div class="grid cards" markdown>``)."""
    start = home.find(f"\n{HOME_ARTICLES}\n")
    grid = home.find(HOME_GRID, start) if start >= 0 else -1
    end = home.find("\n</div>", grid) if grid >= 0 else -1
    section_end = home.find("\n## ", start + 1) if start >= 0 else -1
    if end < 0 or (0 <= section_end < end):
        raise ValueError(
            f"docs/index.md: no heading {HOME_ARTICLES!r} followed by a {HOME_GRID!r} block: "
            "add the article's card to the home page by hand"
        )
    body = home[:end].rstrip("\n") + "\n\n"
    entry = (TEMPLATE / HOME_ENTRY).read_text(encoding="utf-8")
    return body + fill(entry, slug, title).rstrip("\n") + "\n" + home[end:]


def new_article(slug: str, title: str, root: Path = ROOT) -> list[Path]:
    """Write the skeleton of article ``slug`` titled ``title`` into the project ``root``; the
    files written or changed. Raises ValueError, writing nothing, if it cannot."""
    check_slug(slug, root)
    check_title(title)
    config, home = root / "mkdocs.yml", root / "docs" / "index.md"
    new_config = add_to_nav(config.read_text(encoding="utf-8"), slug, title)
    new_home = add_to_home(home.read_text(encoding="utf-8"), slug, title)
    written = planned(slug, root)
    for path, template in zip(written, templates(), strict=True):
        path.write_text(fill(template.read_text(encoding="utf-8"), slug, title), encoding="utf-8")
    config.write_text(new_config, encoding="utf-8")
    home.write_text(new_home, encoding="utf-8")
    return [*written, config, home]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Create a working skeleton of a new article (see README.md)."
    )
    parser.add_argument("slug", help="Python module name of the article, e.g. batch_norm")
    parser.add_argument("title", help='the title, e.g. "Batch normalisation"')
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this one)")
    args = parser.parse_args(argv)
    try:
        written = new_article(args.slug, args.title, args.root.resolve())
    except ValueError as error:
        print(f"new_article: {error}", file=sys.stderr)
        return 2
    root = args.root.resolve()
    print(f"new article {args.slug!r}: wrote")
    for path in written:
        print(f"  {path.relative_to(root)}")
    print(
        "The build and the tests pass as it is. Next: replace the placeholder (min-max scaling) "
        "step by step, following README.md, 'Writing an article'; `bash scripts/serve.sh` shows "
        f"the page at http://127.0.0.1:8000/{args.slug}/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
