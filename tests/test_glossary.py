"""The glossary (includes/glossary.md, hooks/glossary.py): the terms the articles use are
defined, every definition is used, pages show them as tooltips and the glossary page lists them."""

import re

import pytest
from bs4 import BeautifulSoup
from hooks.glossary import entries
from hooks.reading_time import NOT_PROSE
from mkdocs.exceptions import PluginError

from tests.conftest import ROOT, articles, notebook_pages, page_path

GLOSSARY = ROOT / "includes" / "glossary.md"
TERMS = entries(GLOSSARY, GLOSSARY.read_text(encoding="utf-8"))
# Terms a learner meets before the articles explain them (README, 'Writing an article'): each
# one an article uses must be defined, in the words the articles use.
REQUIRED = (
    "epoch",
    "epochs",
    "full-batch gradient descent",
    "learning rate",
    "logit",
    "logits",
    "softmax",
    "seed",
    "seeds",
    "training set",
    "validation set",
    "test set",
    "training split",
    "validation split",
    "test split",
    "overfitting",
    "underfitting",
    "early stopping",
    "dropout rate",
    "activations",
    "hidden layer",
    "loss",
    "gradient",
    "cross-entropy",
)


def prose(source: str) -> str:
    """A page's Markdown without front matter, code, includes, comments, images, the numbers'
    placeholders and links (a term inside a link shows no definition: hooks/glossary.py)."""
    text = NOT_PROSE.sub(" ", (ROOT / "docs" / source).read_text(encoding="utf-8"))
    return re.sub(r"\{\{.*?\}\}|\[[^\]]*\]\([^)]*\)", " ", text)


def uses(text: str, term: str) -> bool:
    """Whether ``text`` says ``term`` as the abbr extension matches it: whole words, exactly."""
    return re.search(rf"\b{re.escape(term)}\b", text) is not None


def shown(text: str) -> set[str]:
    """The terms the abbr extension marks in ``text``: the longest first, so "gradient" inside
    "full-batch gradient descent" is that term, not "gradient"."""
    terms = sorted(TERMS, key=len, reverse=True)
    return set(re.findall(rf"\b(?:{'|'.join(re.escape(term) for term in terms)})\b", text))


def glossary_pages() -> list[str]:
    return [
        md.relative_to(ROOT / "docs").as_posix()
        for md in (ROOT / "docs").rglob("*.md")
        if "{{ glossary }}" in md.read_text(encoding="utf-8")
    ]


@pytest.mark.parametrize("article", articles())
def test_every_required_term_an_article_uses_is_defined(article):
    text = prose(f"{article}.md")
    missing = [term for term in REQUIRED if uses(text, term) and term not in TERMS]
    assert not missing, f"docs/{article}.md uses {missing}: define them in includes/glossary.md"


def test_every_term_of_the_glossary_is_used_by_a_page():
    pages = [
        md.relative_to(ROOT / "docs").as_posix()
        for md in (ROOT / "docs").rglob("*.md")
        if md.relative_to(ROOT / "docs").as_posix() not in glossary_pages()
    ]
    texts = [prose(page) for page in pages]
    unused = [term for term in TERMS if not any(uses(text, term) for text in texts)]
    assert not unused, f"includes/glossary.md defines {unused}, which no page uses: remove them"


def test_a_glossary_line_that_is_not_an_abbreviation_or_a_term_twice_fails(tmp_path):
    path = tmp_path / "glossary.md"
    path.write_text("*[seed]: The number that starts a generator.\n\nseed: oops\n", "utf-8")
    with pytest.raises(PluginError, match=r"glossary.md:3: 'seed: oops' is not an abbreviation"):
        entries(path, path.read_text("utf-8"))
    path.write_text("*[seed]: One.\n*[seed]: Two.\n", "utf-8")
    with pytest.raises(PluginError, match="'seed' is defined twice"):
        entries(path, path.read_text("utf-8"))


def test_pages_show_the_terms_and_the_glossary_page_lists_them(site):
    def soup(path: str) -> BeautifulSoup:
        return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")

    for article in articles():
        found = {a.get_text(): a["title"] for a in soup(article).select("article abbr")}
        used = shown(prose(f"{article}.md"))
        assert set(found) <= set(TERMS) and used <= set(found), article
        assert all(found[term] == TERMS[term] for term in found), article
    for notebook in notebook_pages():
        assert not soup(notebook).select("abbr"), f"{notebook}: a notebook page has abbreviations"
    (page,) = glossary_pages()
    listed = soup(page_path(page))
    terms = [dt.get_text() for dt in listed.select("article dl dt")]
    assert terms == sorted(TERMS, key=str.casefold)
    assert [dd.get_text() for dd in listed.select("article dl dd")] == [TERMS[t] for t in terms]
    assert not listed.select("article abbr")  # the definitions are beside their terms
    home = {a["href"] for a in soup(".").select("article a")}
    assert page_path(page) in home, "link the glossary from the home page"
