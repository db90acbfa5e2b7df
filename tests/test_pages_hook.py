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
