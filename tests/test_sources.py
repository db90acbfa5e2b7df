"""The one reader of the sources: includes and sections mean what pymdownx.snippets makes of
them on the page, and each file is read once per build."""

import markdown
import pytest
from hooks.sources import Sources

CODE = (
    "# --8<-- [start:outer]\n"
    "def outer():\n"
    "    # --8<-- [start:inner]\n"
    "    return 1\n"
    "    # --8<-- [end:inner]\n"
    "# --8<-- [end:outer]\n"
)


def included_by_pymdownx(root, text: str) -> str:
    """What pymdownx.snippets itself puts on a page for ``text``, with the site's settings."""
    settings = {"base_path": [str(root)], "check_paths": True, "dedent_subsections": True}
    converter = markdown.Markdown(
        extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": settings}
    )
    return "\n".join(converter.preprocessors["snippet"].run(text.split("\n"))).strip("\n")


@pytest.mark.parametrize("section", ["outer", "inner"])
def test_a_section_is_what_pymdownx_snippets_includes(tmp_path, section):
    (tmp_path / "code.py").write_text(CODE, encoding="utf-8")
    sources = Sources(tmp_path)
    [include] = sources.includes(f'--8<-- "code.py:{section}"')
    assert (include.file, include.section, include.path) == ("code.py", section, tmp_path / "code.py")
    shown = sources.included_text(include, "page.md")
    assert shown == included_by_pymdownx(tmp_path, f'--8<-- "code.py:{section}"')
    assert sources.section_names(tmp_path / "code.py") == ["outer", "inner"]


def test_includes_are_read_as_pymdownx_reads_them_in_pages_and_notebook_cells(tmp_path):
    (tmp_path / "code.py").write_text(CODE, encoding="utf-8")
    sources = Sources(tmp_path)
    text = (
        '--8<-- "code.py:outer"\n'
        '  --8<-- "code.py"\n'  # indented (in a list or an admonition), whole file
        ';--8<-- "code.py:inner"\n'  # escaped: shown as written, not included
        '# --8<-- "code.py:inner"\n'  # a notebook cell's include
        '--8<-- "missing.py:x"\n'
        "--8<-- [start:marker]\n"  # a section marker, not an include
    )
    found = [(i.file, i.section, i.path is not None) for i in sources.includes(text)]
    assert found == [
        ("code.py", "outer", True),
        ("code.py", None, True),
        ("code.py", "inner", True),
        ("missing.py", "x", False),
    ]


def test_a_missing_section_or_file_fails_naming_the_file_and_its_sections(tmp_path):
    from mkdocs.exceptions import PluginError

    (tmp_path / "code.py").write_text(CODE, encoding="utf-8")
    sources = Sources(tmp_path)
    [missing_section, missing_file] = sources.includes('--8<-- "code.py:gone"\n--8<-- "no.py"')
    with pytest.raises(PluginError, match=r"page\.md includes code\.py:gone, .*outer, inner"):
        sources.included_text(missing_section, "page.md")
    with pytest.raises(PluginError, match=r"page\.md includes no\.py, but there is no such file"):
        sources.included_text(missing_file, "page.md")


def test_each_file_is_read_once_per_build(tmp_path):
    path = tmp_path / "code.py"
    path.write_text(CODE, encoding="utf-8")
    sources = Sources(tmp_path)
    assert sources.section(path, "inner") == "return 1"
    path.write_text(CODE.replace("return 1", "return 2"), encoding="utf-8")
    assert sources.section(path, "inner") == "return 1"  # this build read it already
    assert Sources(tmp_path).section(path, "inner") == "return 2"  # the next build


def test_paths_in_keys_are_relative_to_the_project(tmp_path):
    sources = Sources(tmp_path)
    assert sources.relative(tmp_path / "snippets" / "a.py") == "snippets/a.py"
