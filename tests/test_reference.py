"""The snippets reference: generated from the code, complete, and linked to the articles."""

import ast

from bs4 import BeautifulSoup
from hooks.reference import public_names
from hooks.sources import Sources

from tests.conftest import ROOT, append_to, assert_build_fails, run_build

MODULES = sorted(p for p in (ROOT / "snippets").glob("*.py") if p.name != "__init__.py")


def test_every_public_function_and_class_has_a_docstring():
    for module in MODULES:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                assert ast.get_docstring(node), f"{module.name}: {node.name} has no docstring"


def reference_page(site, module: str) -> BeautifulSoup:
    path = site / "reference" / module / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_each_module_has_a_page_with_every_public_name_signature_and_docstring(site):
    for module in MODULES:
        soup = reference_page(site, module.stem)
        assert soup.find("h1", id=f"snippets.{module.stem}") is not None
        assert soup.title.get_text().startswith(f"snippets.{module.stem} - ")  # not "Dropout"
        for name, _ in public_names(module, Sources(ROOT)):
            entry = soup.find(id=f"snippets.{module.stem}.{name}")
            assert entry is not None, f"snippets.{module.stem}.{name} is missing from the reference"
        # Few code blocks (each brings a copy button): signatures are inline code in headings.
        assert len(soup.select("article pre")) <= 10
    entry = reference_page(site, "dropout").find(id="snippets.dropout.dropout")
    signature = entry.find("code").get_text()
    assert signature.startswith("dropout(") and "training: bool = True" in signature
    text = entry.find_next_sibling("div", class_="doc-contents").get_text(" ")
    assert "Parameters" in text and "Raises" in text and "ValueError" in text
    assert "rate must be" not in text  # the docstring, not the code


def test_the_reference_index_links_every_module_page_with_its_summary(site):
    soup = BeautifulSoup((site / "reference" / "index.html").read_text("utf-8"), "html.parser")
    items = {a["href"]: a.find_parent("li").get_text() for a in soup.select("article li a")}
    for module in MODULES:
        first = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8"))).split()[:4]
        assert " ".join(first) in " ".join(items[f"{module.stem}/"].split()), module.name


def test_reference_links_each_function_to_the_article_section_that_shows_it(site):
    hrefs = {a["href"] for a in reference_page(site, "dropout").select("article a")}
    assert "../../dropout/#what-the-layer-does" in hrefs
    assert "../../notebooks/dropout/" in hrefs
    overfitting = reference_page(site, "overfitting")
    assert "../../overfitting/#hold-some-data-out" in {a["href"] for a in overfitting("a")}
    shown = reference_page(site, "dropout").find(id="snippets.dropout.dropout")
    shown = shown.find_parent(class_="doc-function")
    assert "../../dropout/#what-the-layer-does" in {
        a["href"] for a in shown.find_next_sibling("p").select("a")
    }


def test_the_reference_follows_an_edited_docstring(project_copy, tmp_path):
    first = run_build(project_copy, tmp_path / "one")  # fills the page cache
    assert first.returncode == 0, first.stderr
    dropout = project_copy / "snippets" / "dropout.py"
    dropout.write_text(
        dropout.read_text(encoding="utf-8").replace("Never modified.", "Left as it is."),
        encoding="utf-8",
    )
    second = run_build(project_copy, tmp_path / "two")
    assert second.returncode == 0, second.stderr
    page = (tmp_path / "two" / "reference" / "dropout" / "index.html").read_text("utf-8")
    assert "Left as it is." in page and "Never modified." not in page


def test_a_public_function_without_a_docstring_fails_the_build(project_copy, tmp_path):
    append_to(project_copy / "snippets" / "dropout.py", "\n\ndef undocumented(x):\n    return x\n")
    assert_build_fails(project_copy, tmp_path, "public undocumented has no docstring")


def test_a_nav_without_the_reference_fails_the_build_saying_what_to_add(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = next(line for line in text.splitlines() if "reference/index.md" in line)
    config.write_text(text.replace(entry + "\n", ""), encoding="utf-8")
    assert_build_fails(project_copy, tmp_path, "nav has no entry for reference/index.md")


def test_the_index_says_which_modules_need_matplotlib_and_the_others_import_without_it(site):
    import re
    import subprocess
    import sys

    text = BeautifulSoup(
        (site / "reference" / "index.html").read_text(encoding="utf-8"), "html.parser"
    ).get_text(" ")
    listed = re.search(r"need it: (.*?)\. The others need numpy alone", text)[1]
    heavy = {name.strip(" `") for name in listed.split(",")}
    for module in sorted(p.stem for p in (ROOT / "snippets").glob("*.py") if p.stem != "__init__"):
        blocked = subprocess.run(  # matplotlib made unimportable, as where it is not installed
            [
                sys.executable,
                "-c",
                f"import sys; sys.modules['matplotlib'] = None; import snippets.{module}",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert (blocked.returncode != 0) == (module in heavy), (module, blocked.stderr[-300:])
