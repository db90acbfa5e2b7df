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
        assert not internals.on("nbconvert_parse_skipped")
        assert not internals.on("nbconvert_parse_skipped")
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


def test_an_unknown_name_is_a_key_error_that_lists_the_names(monkeypatch):
    with pytest.raises(KeyError, match="kept_conversions"):
        internals.on("kept_templates")
    # A switch the environment names that no longer exists: measuring it would measure nothing.
    monkeypatch.setenv("ENGINE_ACCELERATIONS", "kept_conversions,nbconvert_template_cache")
    with pytest.raises(KeyError, match=r"\['nbconvert_template_cache'\], not in"):
        internals.on("hard_links")
