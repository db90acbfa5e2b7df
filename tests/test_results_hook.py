"""The results hook: numbers in the prose come from the code, experiments are cached by the code
they run, and a page that asks for a number nobody computes fails the build."""

import importlib
import json
import re
from pathlib import Path

import pytest
from hooks import results
from hooks.sources import CODE_KEY_VERSION, Sources, forget_other_code_keys
from mkdocs.exceptions import PluginError

from tests.conftest import ROOT, append_to, assert_build_fails, page_path, run_build

MODULE = '''
from snippets.helper import shift

LIMIT = 3


def used(x):
    """Docstring."""
    return shift(x) + LIMIT


def unrelated():
    return 0
'''
HELPER = "def shift(x):\n    return x + 1\n"


def package(tmp_path: Path) -> Path:
    (tmp_path / "experiment.py").write_text(MODULE, encoding="utf-8")
    (tmp_path / "helper.py").write_text(HELPER, encoding="utf-8")
    return tmp_path


def key_after(tmp_path: Path, file: str, old: str, new: str) -> str:
    """The code key of ``experiment.used`` after an edit, in this process's next build (as
    under serve)."""
    path = tmp_path / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return Sources(tmp_path.parent).code_key(tmp_path, "experiment", "used")


def test_code_key_follows_the_code_a_function_runs_and_nothing_else(tmp_path):
    pkg = package(tmp_path)
    key = Sources(tmp_path.parent).code_key(pkg, "experiment", "used")
    assert key_after(pkg, "experiment.py", '"""Docstring."""', '"""Other words."""') == key
    assert key_after(pkg, "experiment.py", "return 0", "return 1") == key
    changed = key_after(pkg, "helper.py", "x + 1", "x + 2")  # a function it calls, elsewhere
    assert changed != key
    sources = Sources(tmp_path.parent)  # one build
    assert sources.code_key(pkg, "experiment", "used") == changed
    path = pkg / "helper.py"  # within one build, the files are read and hashed once
    path.write_text(path.read_text(encoding="utf-8").replace("x + 2", "x + 3"), encoding="utf-8")
    assert sources.code_key(pkg, "experiment", "used") == changed
    assert key_after(pkg, "helper.py", "", "") != changed  # the next build sees the edit
    assert key_after(pkg, "experiment.py", "LIMIT = 3", "LIMIT = 4") != changed  # a constant


def test_cached_results_are_computed_once_per_arguments_and_code(tmp_path):
    calls = []

    def experiment(seed, *, rate=0.0):
        calls.append((seed, rate))
        return {"seed": seed, "rate": rate}

    importlib.import_module("snippets.overfitting")
    experiment.__module__ = "snippets.overfitting"  # its code key is looked up there
    cached = results.cached(experiment, tmp_path)
    assert cached(1, rate=0.5) == {"seed": 1, "rate": 0.5}
    assert cached(1, rate=0.5) == {"seed": 1, "rate": 0.5}
    assert cached(2) == {"seed": 2, "rate": 0.0}
    # Defaults are part of the key: the same run asked for in other words is the same run.
    assert cached(2, rate=0.0) == cached(seed=2) == {"seed": 2, "rate": 0.0}
    assert calls == [(1, 0.5), (2, 0.0)]
    assert len(list((tmp_path / "experiment").glob("*.pkl"))) == 2


def test_numbers_are_formatted_with_their_spec():
    values = {"overfitting": {"peak": 0.6085, "epoch": 49, "name": "x"}}
    text = "{{ overfitting.peak:.0% }} at epoch {{overfitting.epoch}}, {{ overfitting.peak:.3f }}"
    assert results.render_numbers(text, values, "page.md") == "61% at epoch 49, 0.609"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ nowhere.peak }}", "modules with numbers() are ['overfitting']"),
        ("{{ overfitting.nothing }}", "numbers() has no 'nothing' (it has ['peak'])"),
        ("{{ overfitting.peak:.2q }}", "Unknown format code"),
    ],
)
def test_a_number_nobody_computes_is_an_error_that_says_what_exists(text, message):
    with pytest.raises(PluginError, match=re.escape(message)):
        results.render_numbers(text, {"overfitting": {"peak": 0.5}}, "page.md")


def test_a_value_of_several_lines_keeps_the_indentation_of_its_line():
    values = {"ex": {"report": "a\nb"}}
    text = "??? success\n\n    ```text\n    {{ ex.report }}\n    ```\n"
    rendered = "??? success\n\n    ```text\n    a\n    b\n    ```\n"
    assert results.render_numbers(text, values, "page.md") == rendered
    assert results.render_numbers("x {{ ex.report }}", values, "page.md") == "x a\nb"


def test_numbers_come_from_figure_modules_and_other_modules_under_their_names(tmp_path):
    numbers = 'def numbers():\n    """Numbers."""\n    return {}\n'
    (tmp_path / "topic_figures.py").write_text(numbers, encoding="utf-8")
    (tmp_path / "topic_exercises.py").write_text(numbers, encoding="utf-8")
    (tmp_path / "topic.py").write_text("def other():\n    pass\n", encoding="utf-8")
    assert results.numbers_modules(tmp_path, Sources(tmp_path.parent)) == {
        "topic": tmp_path / "topic_figures.py",
        "topic_exercises": tmp_path / "topic_exercises.py",
    }
    (tmp_path / "topic.py").write_text(numbers, encoding="utf-8")
    with pytest.raises(PluginError, match="topic.py and topic_figures.py both define numbers"):
        results.numbers_modules(tmp_path, Sources(tmp_path.parent))


def test_every_placeholder_of_the_articles_is_rendered(site):
    for md in (ROOT / "docs").rglob("*.md"):
        if results.PLACEHOLDER.search(md.read_text(encoding="utf-8")):
            page = site / page_path(md.relative_to(ROOT / "docs").as_posix()) / "index.html"
            html = page.read_text(encoding="utf-8")
            assert "{{" not in html, f"{page} still has a placeholder"


def test_a_page_asking_for_an_unknown_number_fails_the_build(project_copy, tmp_path):
    append_to(project_copy / "docs" / "dropout.md", "\nIt is {{ dropout.no_such_number }}.\n")
    assert_build_fails(project_copy, tmp_path, "no_such_number", "mask_dropped")


def test_a_changed_number_changes_the_page(project_copy, tmp_path):
    figures = project_copy / "snippets" / "dropout_figures.py"
    text = figures.read_text(encoding="utf-8")
    old = '"mask_cells": int(mask.size),'
    assert old in text
    figures.write_text(text.replace(old, '"mask_cells": int(mask.size) + 1000,'), encoding="utf-8")
    result = run_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    cached = json.loads(next((project_copy / ".cache" / "numbers" / "dropout").glob("*.json")).read_text())
    cells = cached["mask_cells"]
    assert cells > 1000
    html = (tmp_path / "site" / "dropout" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"only\s+{cells} cells", html)


def test_memoizing_twice_wraps_once(tmp_path, monkeypatch):
    # A worker draws figures of several modules: the second module imports the function the
    # first one already cached, and must not cache the cached one (its lock would wait on itself).
    import types

    import snippets.overfitting as overfitting

    original = overfitting.training_curves
    first = types.SimpleNamespace(__file__=str(ROOT / "snippets" / "a.py"), CACHED=(original,))
    try:
        results.memoize(first)
        wrapped = overfitting.training_curves
        assert wrapped is not original and wrapped.cached
        second = types.SimpleNamespace(__file__=first.__file__, CACHED=(wrapped,))
        results.memoize(second)
        assert overfitting.training_curves is wrapped
    finally:
        for module in list(__import__("sys").modules.values()):
            if getattr(module, "__name__", "").startswith("snippets."):
                for name, value in list(vars(module).items()):
                    if value is overfitting.training_curves and name == "training_curves":
                        setattr(module, name, original)


def test_code_keys_of_other_versions_of_the_hook_are_forgotten(tmp_path):
    (tmp_path / "snippets").mkdir()
    pkg = package(tmp_path / "snippets")
    Sources(tmp_path).code_key(pkg, "experiment", "used")
    folder = tmp_path / ".cache" / "code-keys"
    (folder / "0123456789abcdef").mkdir()  # an older results.py's keys
    (folder / "0123456789abcdef" / "key.json").write_text("[{}, \"old\"]")
    (folder / "legacy.json").write_text("[{}, \"old\"]")  # from before keys had folders
    forget_other_code_keys(tmp_path)
    assert [path.name for path in folder.iterdir()] == [CODE_KEY_VERSION]
    assert list((folder / CODE_KEY_VERSION).glob("*.json"))  # this version's


def test_code_keys_asked_for_from_many_threads_at_once_are_all_the_one_key(tmp_path):
    """Notebook runs ask for code keys from several threads while the build asks too: each gets
    the key a lone call gets, and none fails on another's half-written file."""
    import shutil
    import threading

    package = tmp_path / "snippets"
    shutil.copytree(ROOT / "snippets", package, ignore=shutil.ignore_patterns("__pycache__"))
    start, keys, errors = threading.Barrier(8), [], []
    sources = Sources(tmp_path)  # one build's reader, asked from every thread

    def ask() -> None:
        start.wait()
        try:
            keys.append(sources.code_key(package, "overfitting", "training_curves"))
        except Exception as error:  # noqa: BLE001 (collected, then asserted)
            errors.append(error)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    alone = Sources(ROOT).code_key(ROOT / "snippets", "overfitting", "training_curves")
    assert set(keys) == {alone}
