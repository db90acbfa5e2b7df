"""hooks/entry.py: one entry, every engine module loaded once, the order written in one place."""

import json
import subprocess
import sys

import pytest
from hooks import entry
from mkdocs.exceptions import PluginError
from scripts.project import EVERY_CACHE, copy_project

from tests.conftest import ROOT, build_env

# Builds the project in one process, as `mkdocs build` does, then prints, for every module file
# of hooks/, the names it is loaded under.
LOADED = r"""
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config("mkdocs.yml", site_dir=sys.argv[1])
config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
build(config)
folder = Path("hooks").resolve()
names = {}
for name, module in list(sys.modules.items()):
    path = getattr(module, "__file__", None)
    if path and Path(path).resolve().parent == folder:
        names.setdefault(Path(path).name, []).append(name)
print(json.dumps(names))
"""


def test_mkdocs_lists_one_hook_and_each_engine_module_is_loaded_once(tmp_path):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = config.split("\nhooks:\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split("#")[0].strip() for line in hooks.splitlines()] == ["- hooks/entry.py"]
    project = copy_project(tmp_path / "project", caches=EVERY_CACHE)  # the checkout's untouched
    result = subprocess.run(
        [sys.executable, "-c", LOADED, str(tmp_path / "site")],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    names = json.loads(result.stdout.splitlines()[-1])
    assert names.pop("entry.py") == ["hooks/entry.py"]  # as MkDocs loads a hook file
    engine = {path.name for path in (project / "hooks").glob("*.py")} - {"entry.py"}
    assert set(names) <= engine
    assert names.pop("__init__.py") == ["hooks"]
    for file, loaded in names.items():
        assert loaded == [f"hooks.{file.removesuffix('.py')}"], (file, loaded)
    assert {f"{module.__name__.split('.')[1]}.py" for module in entry.ORDER} <= set(names)


def test_a_module_that_handles_events_outside_the_order_fails_the_build(tmp_path):
    for module in entry.ORDER:
        (tmp_path / f"{module.__name__.split('.')[1]}.py").write_text("def on_config(c): ...\n")
    (tmp_path / "helper.py").write_text("def parse(text): ...\n")  # no events: not listed
    entry.check_order(tmp_path)
    (tmp_path / "badges.py").write_text("def on_page_markdown(markdown, **kwargs): ...\n")
    with pytest.raises(PluginError, match=r"hooks/badges.py handles MkDocs events \(on_page_mark"):
        entry.check_order(tmp_path)


def test_dispatch_hands_each_handler_the_last_ones_result_as_mkdocs_does():
    class First:
        @staticmethod
        def on_page_markdown(markdown, *, page):
            return markdown + " first"

    class Silent:
        @staticmethod
        def on_page_markdown(markdown, *, page):
            return None  # changes nothing

    class Second:
        @staticmethod
        def on_page_markdown(markdown, *, page):
            return f"{markdown} second on {page}"

    got = entry.dispatch("page_markdown", "text", (First, Silent, Second), page="p")
    assert got == "text first second on p"
