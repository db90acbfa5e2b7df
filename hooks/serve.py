"""Under ``mkdocs serve`` only: a faster file watcher, the theme's files listed once, the cache's
files hard-linked into the site. Each is a switch of ``hooks/internals.py`` (ARCHITECTURE.md).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from hooks import internals, state, store


def on_startup(*, command: str, dirty: bool) -> None:
    """Under ``mkdocs serve``, list the theme's files once."""
    if command == "serve":
        internals.list_theme_once(state.process.theme_files, lambda: state.process.watch_theme)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Under ``mkdocs serve``, link the files of ``.cache/`` into the site, not copy them."""
    if state.process.serving:
        cache = store.folder(Path(config.config_file_path).resolve().parent)
        for file in files:
            if file.abs_src_path and Path(file.abs_src_path).is_relative_to(cache):
                internals.hard_link(file)
    return files


def on_serve(server, *, config: MkDocsConfig, builder):
    """Watch the docs and the config with a faster observer (``watch:`` paths come after)."""
    if not internals.fast_watcher(server, [config.docs_dir, config.config_file_path]):
        state.process.watch_theme = True
    return server
