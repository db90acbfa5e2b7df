"""hooks/internals.py: an acceleration runs only with the library versions it was written for."""

import logging

import pytest
from hooks import internals


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(internals, "WARNED", set())
    monkeypatch.delenv("ENGINE_ACCELERATIONS", raising=False)


def test_every_acceleration_is_on_with_the_locked_versions():
    # requirements.txt pins the versions WRITTEN_FOR names: update both together.
    assert all(internals.on(name) for name in internals.ACCELERATIONS)
    for library, version in internals.WRITTEN_FOR.items():
        assert internals.installed(library) == version, library


def test_another_version_turns_it_off_with_one_warning_that_says_what_to_do(monkeypatch, caplog):
    versions = {**internals.WRITTEN_FOR, "nbconvert": "8.0.0"}
    monkeypatch.setattr(internals, "installed", versions.get)
    with caplog.at_level(logging.WARNING, logger="engine.internals"):
        assert not internals.on("nbconvert_template_cache")
        assert not internals.on("nbconvert_template_cache")
        assert internals.on("kept_conversions")  # touches no nbconvert
    (record,) = caplog.records
    assert "nbconvert 7.17.2 and 8.0.0 is installed" in record.getMessage()
    assert "update WRITTEN_FOR in hooks/internals.py" in record.getMessage()


def test_the_environment_turns_off_all_or_the_ones_it_names(monkeypatch):
    monkeypatch.setenv("ENGINE_ACCELERATIONS", "off")
    assert not any(internals.on(name) for name in internals.ACCELERATIONS)
    monkeypatch.setenv("ENGINE_ACCELERATIONS", "hard_links,fast_watcher")
    assert not internals.on("hard_links") and not internals.on("fast_watcher")
    assert internals.on("kept_conversions")


def test_an_unknown_name_is_a_key_error_that_lists_the_names():
    with pytest.raises(KeyError, match="kept_conversions"):
        internals.on("kept_templates")


def test_nbconvert_compiles_its_templates_once_then_loads_them_from_the_cache(
    tmp_path, monkeypatch
):
    import jinja2
    import nbformat
    from mkdocs_jupyter.nbconvert2 import nb2html
    from nbconvert.exporters.templateexporter import TemplateExporter

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A title")])
    path = tmp_path / "a.ipynb"
    nbformat.write(notebook, path)
    unwrapped = TemplateExporter._create_environment
    plain = nb2html(str(path))
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    try:
        internals.keep_compiled_templates(tmp_path / "jinja")
        internals.keep_compiled_templates(tmp_path / "jinja")  # once: not wrapped twice
        first = nb2html(str(path))
        assert compiled and list((tmp_path / "jinja").iterdir())
        compiled.clear()
        second = nb2html(str(path))  # a new exporter, as for every notebook page
        assert compiled == []
        assert plain == first == second
    finally:
        TemplateExporter._create_environment = getattr(
            TemplateExporter._create_environment, "__wrapped__", unwrapped
        )
