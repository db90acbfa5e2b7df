"""The build engine's one MkDocs hook: ``mkdocs.yml`` lists this file alone.

MkDocs loads a hook file as a module of its own (``sys.modules["hooks/entry.py"]``), so every
other module of the engine is imported here once, as the package ``hooks``, and each MkDocs
event is handed to them in ``ORDER``, the one place the order is written (ARCHITECTURE.md
draws it). Only ``on_files`` straddles a plugin: the notebooks' handler runs before
mkdocs-jupyter's (which wraps the notebooks as pages), the others after every plugin's.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

# MkDocs puts this file's folder on sys.path while it loads it, not the project's: put the
# project there, so that the engine is the package ``hooks`` (and the workers find it too).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import CombinedEvent, event_priority  # noqa: E402

from hooks import (  # noqa: E402
    downloads,
    figures,
    glossary,
    includes,
    notebooks,
    pages,
    reading_time,
    reference,
    results,
    search,
    serve,
    state,
)

# The one order (ARCHITECTURE.md, "The order of events"), and why where it matters:
ORDER = (
    notebooks,  # first: they start running as soon as the files are known
    figures,
    includes,
    glossary,  # before downloads, which fails on a {{ name }} it does not know
    reading_time,  # before results, which takes {{ reading_time.x }} for a number
    results,
    reference,  # before downloads, which links each download from a reference page
    serve,  # after every module that adds files of .cache/, which it hard-links
    search,
    downloads,
    pages,  # last: its keys cover what every other module adds
)


def dispatch(event: str, item: Any = None, modules: tuple = ORDER, **kwargs: Any) -> Any:
    """Call ``on_<event>`` of each of ``modules`` that has one, in order, as MkDocs calls its
    plugins: each gets the item the last one returned (when it returned one)."""
    for module in modules:
        handler = getattr(module, f"on_{event}", None)
        if handler is None:
            continue
        if item is None:
            handler(**kwargs)
        else:
            result = handler(item, **kwargs)
            item = item if result is None else result
    return item


def on_startup(*, command: str, dirty: bool) -> None:
    state.process.command = command
    dispatch("startup", command=command, dirty=dirty)


def check_order(folder: Path = Path(__file__).parent) -> None:
    """Fail when a module of ``folder`` handles an event but ``ORDER`` does not list it."""
    listed = {Path(module.__file__).name for module in ORDER} | {Path(__file__).name}
    for path in sorted(folder.glob("*.py")):
        handles = re.search(r"^def on_\w+\(", path.read_text(encoding="utf-8"), re.M)
        if handles and path.name not in listed:
            raise PluginError(
                f"hooks/{path.name} handles MkDocs events ({handles[0][4:-1]}) but is not in "
                "ORDER in hooks/entry.py: import it there and put it in ORDER (before pages)"
            )


def on_config(config):
    check_order()
    state.start(config)
    return dispatch("config", config)


@event_priority(50)  # before mkdocs-jupyter's on_files, which wraps the notebooks as pages
def _files_before_the_plugins(files, *, config):
    return notebooks.on_files(files, config=config)


def _files_after_the_plugins(files, *, config):
    later = tuple(module for module in ORDER if module is not notebooks)
    return dispatch("files", files, later, config=config)


on_files = CombinedEvent(_files_before_the_plugins, _files_after_the_plugins)


def forward(event: str):
    """MkDocs' ``on_<event>`` of this hook: ``dispatch`` to the modules in ``ORDER``."""

    def handler(item: Any = None, **kwargs: Any) -> Any:
        return dispatch(event, item, **kwargs)

    handler.__name__ = f"on_{event}"
    return handler


# Every other event a module of ORDER handles, handed over as MkDocs fires it.
EXPLICIT = {"startup", "config", "files"}
for _event in sorted({n[3:] for m in ORDER for n in vars(m) if n.startswith("on_")} - EXPLICIT):
    globals()[f"on_{_event}"] = forward(_event)
