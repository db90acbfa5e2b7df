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


def test_a_reference_page_is_keyed_on_its_module_and_the_outline_of_what_it_imports(tmp_path):
    from hooks.pages import documented_files
    from hooks.sources import Sources

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "base.py").write_text("def one():\n    return 1\n")
    (package / "uses.py").write_text("from pkg.base import one\n\n\ndef two():\n    return one()\n")
    (package / "other.py").write_text("def three():\n    return 3\n")
    (package / "chain.py").write_text("from .uses import two\n")
    files = lambda markdown: {p.name: whole for p, whole in documented_files(markdown, Sources(tmp_path)).items()}  # noqa: E731
    assert files("::: pkg.base.one\n") == {"__init__.py": True, "base.py": True}
    assert files("::: pkg.uses.two\n") == {"__init__.py": True, "base.py": False, "uses.py": True}
    assert files("::: pkg.chain\n") == {"__init__.py": True, "base.py": False, "chain.py": True, "uses.py": False}
    assert files("::: pkg.uses.two\n::: pkg.base\n")["base.py"] is True  # documented itself too
    assert len(files("::: pkg\n")) == 5  # the package itself: all of it
    assert documented_files("::: elsewhere.name\n", Sources(tmp_path)) is None  # never cached
    # An outline changes with what an importer's page can show of the module (where a name
    # comes from, which names there are, their kind), not with code or docstrings.
    outline = lambda: Sources(tmp_path).outline(package / "base.py")  # noqa: E731
    before = outline()
    (package / "base.py").write_text('def one():\n    """One."""\n    return 1 + 0  # edited\n')
    assert outline() == before
    for edited in ("def one():\n    return 1\n\n\ndef four():\n    return 4\n",
                   "from pkg.other import three as one\n", "class one:\n    pass\n", "one = 1\n"):
        (package / "base.py").write_text(edited)
        assert outline() != before, edited


def test_a_page_is_keyed_on_the_sections_it_includes_not_the_rest_of_their_file(tmp_path):
    from types import SimpleNamespace

    from hooks import pages
    from hooks.sources import Sources

    code = tmp_path / "code.py"
    code.write_text(
        "# --8<-- [start:one]\ndef one():\n    return 1\n# --8<-- [end:one]\n\n"
        "# --8<-- [start:two]\ndef two():\n    return 2\n# --8<-- [end:two]\n"
    )
    def keys() -> dict[str, str]:
        sources = Sources(tmp_path)  # a new build reads the files again
        return {
            markdown: pages.page_key(
                SimpleNamespace(markdown=markdown, url="p/", file=SimpleNamespace(src_uri="p.md")),
                sources,
                "site",
            )
            for markdown in ('--8<-- "code.py:one"', '--8<-- "code.py:two"', '--8<-- "code.py"')
        }

    def edit(old: str, new: str) -> None:
        code.write_text(code.read_text().replace(old, new))

    first = keys()
    assert None not in first.values() and len(set(first.values())) == 3
    edit("return 2", "return 22")  # inside section two
    second = keys()
    assert second['--8<-- "code.py:one"'] == first['--8<-- "code.py:one"']
    assert second['--8<-- "code.py:two"'] != first['--8<-- "code.py:two"']
    assert second['--8<-- "code.py"'] != first['--8<-- "code.py"']  # the whole file
    edit("# --8<-- [end:one]", "    # a comment\n# --8<-- [end:one]")  # just before one's end
    assert keys()['--8<-- "code.py:one"'] != second['--8<-- "code.py:one"']
    edit("[start:two]", "[start:other]")  # no section two: keyed on the whole file
    third = keys()
    edit("return 1", "return 11")  # in section one only
    assert keys()['--8<-- "code.py:two"'] != third['--8<-- "code.py:two"']


def test_a_page_is_keyed_on_the_files_appended_to_every_page(tmp_path):
    """An edit to the glossary (pymdownx.snippets' auto_append) changes every page's key, so
    no kept page shows an old definition."""
    from types import SimpleNamespace

    from hooks import pages, state

    (tmp_path / "includes").mkdir()
    glossary = tmp_path / "includes" / "glossary.md"
    glossary.write_text("*[epoch]: One pass over the training data.\n", encoding="utf-8")
    snippets = {"base_path": [str(tmp_path)], "auto_append": ["includes/glossary.md"]}
    config = SimpleNamespace(
        config_file_path=str(tmp_path / "mkdocs.yml"),
        markdown_extensions=["abbr", "pymdownx.snippets"],
        mdx_configs={"pymdownx.snippets": snippets},
        plugins={},
        hooks={},
        validation={},
        use_directory_urls=True,
    )
    page = SimpleNamespace(markdown="Each epoch.", url="p/", file=SimpleNamespace(src_uri="p.md"))

    def key() -> str:
        state.start(config)  # a new build
        pages.on_files([], config=config)
        return pages.page_key(page, state.build.sources, state.build.site_key)

    first = key()
    assert key() == first  # nothing changed, the same key
    glossary.write_text("*[epoch]: One pass over every training example.\n", encoding="utf-8")
    assert key() != first
