"""The snippets reference: generated from the code, complete, and linked to the articles."""

import ast

from bs4 import BeautifulSoup
from hooks.reference import public_names

from tests.conftest import ROOT, append_to, assert_build_fails

MODULES = sorted(p for p in (ROOT / "snippets").glob("*.py") if p.name != "__init__.py")


def test_every_public_function_and_class_has_a_docstring():
    for module in MODULES:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                assert ast.get_docstring(node), f"{module.name}: {node.name} has no docstring"


def test_reference_page_lists_every_public_name_with_signature_and_docstring(
    site,
):
    soup = BeautifulSoup(
        (site / "reference" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    for module in MODULES:
        for name, _ in public_names(module):
            entry = soup.find(id=f"snippets.{module.stem}.{name}")
            assert entry is not None, f"snippets.{module.stem}.{name} is missing from the reference"
    entry = soup.find(id="snippets.dropout.dropout")
    text = ""
    for element in entry.find_next_siblings():
        if element.name in ("h2", "h3"):
            break
        text += element.get_text(" ")
    signature = entry.find_next_sibling("p").find("code", class_="signature").get_text()
    assert signature.startswith("def dropout(") and "training: bool = True" in signature
    assert "Parameters" in text and "Raises" in text and "ValueError" in text
    assert "rate must be" not in text  # the docstring, not the code


def test_reference_links_each_function_to_the_article_section_that_shows_it(
    site,
):
    soup = BeautifulSoup(
        (site / "reference" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    hrefs = {a["href"] for a in soup.select("article a")}
    assert "../dropout/#what-the-layer-does" in hrefs
    assert "../overfitting/#hold-some-data-out" in hrefs
    assert "../notebooks/overfitting/" in hrefs


def test_a_public_function_without_a_docstring_fails_the_build(project_copy, tmp_path):
    append_to(project_copy / "snippets" / "dropout.py", "\n\ndef undocumented(x):\n    return x\n")
    assert_build_fails(project_copy, tmp_path, "public undocumented has no docstring")
