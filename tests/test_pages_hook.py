"""The page cache: a page converts again whenever anything it is made from changes."""

from tests.conftest import assert_build_fails, run_build


def test_changing_an_included_snippet_changes_the_next_builds_page(project_copy, tmp_path):
    first = run_build(project_copy, tmp_path / "one")
    assert first.returncode == 0, first.stderr
    assert list((project_copy / ".cache" / "pages").glob("*.json"))
    dropout = project_copy / "snippets" / "dropout.py"
    text = dropout.read_text(encoding="utf-8")
    assert text.count("Never modified.") == 1
    dropout.write_text(text.replace("Never modified.", "Left as it is."), encoding="utf-8")
    second = run_build(project_copy, tmp_path / "two")
    assert second.returncode == 0, second.stderr
    old = (tmp_path / "one" / "dropout" / "index.html").read_text(encoding="utf-8")
    new = (tmp_path / "two" / "dropout" / "index.html").read_text(encoding="utf-8")
    assert "Never modified." in old and "Left as it is." not in old
    assert "Left as it is." in new and "Never modified." not in new


def test_a_cached_page_whose_link_target_is_gone_still_fails_the_build(project_copy, tmp_path):
    first = run_build(project_copy, tmp_path / "one")
    assert first.returncode == 0, first.stderr
    (project_copy / "docs" / "overfitting.md").unlink()
    config = project_copy / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - Overfitting: overfitting.md\n", ""),
        encoding="utf-8",
    )
    assert_build_fails(project_copy, tmp_path, "index.md", "overfitting.md")


def test_a_reference_page_is_keyed_on_its_module_and_what_the_module_imports(tmp_path):
    from hooks.pages import _documented_files

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "base.py").write_text("def one():\n    return 1\n")
    (package / "uses.py").write_text("from pkg.base import one\n\n\ndef two():\n    return one()\n")
    (package / "other.py").write_text("def three():\n    return 3\n")
    (package / "chain.py").write_text("from .uses import two\n")
    names = lambda markdown: [p.name for p in _documented_files(markdown, tmp_path)]  # noqa: E731
    assert names("::: pkg.base.one\n") == ["__init__.py", "base.py"]
    assert names("::: pkg.uses.two\n") == ["__init__.py", "base.py", "uses.py"]
    assert names("::: pkg.chain\n") == ["__init__.py", "base.py", "chain.py", "uses.py"]
    assert len(names("::: pkg\n")) == 5  # the package itself: all of it
    assert _documented_files("::: elsewhere.name\n", tmp_path) is None  # never cached
