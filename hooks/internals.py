"""Every touch of a library's internals, each acceleration behind its switch (ARCHITECTURE.md).

An acceleration runs only with the library versions it was written for (``WRITTEN_FOR``) and
turns itself off with one warning otherwise: an upgrade makes the build slower, not wrong.
``ENGINE_ACCELERATIONS=off`` (or a comma-separated list of names) turns them off.
"""

from __future__ import annotations

import functools
import html
import importlib.metadata
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

WRITTEN_FOR = {
    "mkdocs": "1.6.1",
    "mkdocs-autorefs": "1.4.5",
    "mkdocs-material": "9.8.1",
    "nbconvert": "7.17.2",
    "mkdocs-jupyter": "0.26.3",
}
# name -> (where, the libraries whose internals it touches)
ACCELERATIONS = {
    "kept_conversions": ("hooks/pages.py", ("mkdocs", "mkdocs-autorefs")),
    "kept_search_entries": ("hooks/search.py", ("mkdocs-material",)),
    "theme_listed_once": ("hooks/serve.py", ("mkdocs",)),
    "hard_links": ("hooks/serve.py", ("mkdocs",)),
    "fast_watcher": ("hooks/serve.py", ("mkdocs",)),
    "converted_in_worker": ("hooks/notebooks.py", ("mkdocs-jupyter",)),
    "nbconvert_parse_skipped": ("hooks/notebooks.py", ("nbconvert",)),
    "reused_runs": ("hooks/notebooks.py", ()),  # touches no library: a switch to compare with
}
WARNED: set[str] = set()
# Not under "mkdocs": a warning there would fail `mkdocs build --strict`, and the point is that
# an upgrade slows the build down without stopping it. Python prints it to stderr all the same.
log = logging.getLogger("engine.internals")


@functools.cache  # once per process: asked for every file and page of every build
def installed(library: str) -> str | None:
    try:
        return importlib.metadata.version(library)
    except importlib.metadata.PackageNotFoundError:
        return None


def on(name: str) -> bool:
    """Whether the acceleration ``name`` runs in this build."""
    if name not in ACCELERATIONS:
        raise KeyError(f"{name!r} is not one of hooks/internals.py's {sorted(ACCELERATIONS)}")
    wanted = os.environ.get("ENGINE_ACCELERATIONS", "")
    if unknown := set(wanted.split(",")) - set(ACCELERATIONS) - {"", "off"}:
        raise KeyError(f"ENGINE_ACCELERATIONS names {sorted(unknown)}, not in {sorted(ACCELERATIONS)}")
    if wanted == "off" or name in wanted.split(","):
        return False
    where, libraries = ACCELERATIONS[name]
    for library in libraries:
        version = installed(library)
        if version != WRITTEN_FOR[library]:
            if name not in WARNED:
                WARNED.add(name)
                log.warning(
                    f"{where}: {name} is off: it was written for {library} "
                    f"{WRITTEN_FOR[library]} and {version} is installed (check it against the "
                    "new version, then update WRITTEN_FOR in hooks/internals.py)"
                )
            return False
    return True


# --- MkDocs' pages: what a conversion leaves on a Page ------------------------------------------


class _Warnings(logging.Handler):
    """Counts the warnings logged while a page converts."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def convert_and_record(page, convert, config, files) -> dict | None:
    """Run ``convert`` (``page``'s own render) and return what it left on the page, as plain
    data ``restore`` puts back, with the anchors it registered with autorefs; None when it
    logged a warning (a kept conversion must never hide a broken link)."""
    from mkdocs.structure.toc import AnchorLink

    autorefs = config.plugins.get("autorefs")
    warnings = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    registered: list[list] = []
    if autorefs is not None:  # note what the conversion registers, to replay it
        register = autorefs.register_anchor

        def record(page, identifier, anchor=None, *, title=None, primary=True):
            registered.append([identifier, anchor, title, primary])
            register(page, identifier, anchor, title=title, primary=primary)

        autorefs.register_anchor = record
    try:
        convert(config, files)
    finally:
        logger.removeHandler(warnings)
        if autorefs is not None:
            del autorefs.register_anchor  # the plugin's own method again

    def token(item: AnchorLink) -> dict:  # a TOC entry as get_toc makes it from
        children = [token(child) for child in item.children]
        return {"level": item.level, "id": item.id, "name": item.title, "children": children}

    if warnings.count:
        return None
    return {
        "content": page.content,
        "toc": [token(item) for item in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()},
        "autorefs": registered,
    }


def restore(page, kept: dict, config, files) -> None:
    """Put a recorded conversion back on ``page``, as if it had just converted."""
    from mkdocs.structure.toc import get_toc

    page.content = kept["content"]
    page.toc = get_toc(kept["toc"])
    page._title_from_render = kept["title"]
    page.present_anchor_ids = set(kept["anchors"])
    page.links_to_anchors = {
        files.get_file_from_path(uri): links for uri, links in kept["links"].items()
    }
    autorefs = config.plugins.get("autorefs")
    for identifier, anchor, title, primary in kept["autorefs"]:
        autorefs.register_anchor(page, identifier, anchor, title=title, primary=primary)


def set_content(page, content: str) -> None:
    """Give ``page`` HTML made after its conversion: MkDocs checks links to its anchors against
    the ids in it and titles it from its first heading."""
    page.content = content
    page.present_anchor_ids = set(re.findall(r'\bid="([^"]+)"', content))
    title = re.search(r"<h1[^>]*>(.*?)<a", content, re.S)
    page._title_from_render = html.unescape(re.sub("<[^>]+>", "", title[1])) if title else None


def set_notebook_path(file, path: Path) -> None:
    """mkdocs-jupyter 0.26.3 wraps each notebook's ``File`` in its ``NotebookFile``, which loses
    the source path of a generated file (recomputed from ``src_dir``, which generated files
    lack): set it on the wrapper."""
    file.abs_src_path = str(path)


# --- nbconvert and mkdocs-jupyter -------------------------------------------------------------


class _Unparsed:
    """What nbconvert's HTML exporter gets for ``BeautifulSoup`` (``nbconvert_parse_skipped``):
    the HTML as it is, with nothing in it to select."""

    def __init__(self, markup: str, features: str | None = None) -> None:
        self.markup = markup

    def select(self, selector: str) -> list:
        return []

    def __str__(self) -> str:
        return self.markup


def skip_nbconvert_parse() -> None:
    """(``nbconvert_parse_skipped``) nbconvert's HTML exporter parses and writes out the whole
    page again only to add generic alt texts and tabindex, which ``render_page`` adds in its own
    parse: its name for BeautifulSoup is swapped (set back when the switch is off)."""
    from bs4 import BeautifulSoup
    from nbconvert.exporters import html as exporter

    exporter.BeautifulSoup = _Unparsed if on("nbconvert_parse_skipped") else BeautifulSoup


def reuse_conversions(seen: dict[str, Any], made: dict[str, tuple[dict, str]]) -> None:
    """(``converted_in_worker``) Wrap mkdocs-jupyter's ``convert.nb2html`` once per process: note
    each call's keyword arguments in ``seen``, and return the HTML a worker made of the notebook
    (``made``: path -> (arguments, HTML)) when made with the same arguments."""
    from mkdocs_jupyter import convert

    if not on("converted_in_worker") or getattr(convert.nb2html, "reuses", None) is made:
        return
    original = getattr(convert.nb2html, "__wrapped__", convert.nb2html)

    @functools.wraps(original)
    def nb2html(nb_path: str, **arguments: Any) -> str:
        seen.clear()
        seen.update(arguments)
        kept = made.pop(str(nb_path), None)
        return kept[1] if kept and kept[0] == arguments else original(nb_path, **arguments)

    nb2html.reuses = made  # type: ignore[attr-defined]
    convert.nb2html = nb2html


def nb2html_arguments(config: Any, path: str) -> dict[str, Any] | None:
    """The keyword arguments mkdocs-jupyter's page render gives ``convert.nb2html`` for the
    notebook at ``path``, read from its settings as its ``on_pre_page`` reads them (None if the
    plugin is not on); ``reuse_conversions`` checks them against the call it replaces."""
    import pathlib

    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None:
        return None
    settings = plugin.config
    ignored = any(pathlib.PurePath(path).match(p) for p in settings["execute_ignore"] or ())
    names = ("kernel_name", "theme", "allow_errors", "show_input", "no_input", "no_prompt",
             "remove_tag_config", "highlight_extra_classes", "include_requirejs", "custom_mathjax_url")
    return {"execute": settings["execute"] and not ignored, **{n: settings[n] for n in names}}


# --- Material's search index --------------------------------------------------------------------


def index_pages(remember: Callable, summaries: Callable) -> None:
    """Wrap ``SearchIndex.add_entry_from_context`` (once per process) with ``summaries`` (not a
    switch: the reference's entries kept short) and, with ``kept_search_entries``, ``remember``."""
    from material.plugins.search.plugin import SearchIndex

    if not getattr(SearchIndex.add_entry_from_context, "summaries", False):
        SearchIndex.add_entry_from_context = summaries(SearchIndex.add_entry_from_context)
    kept = getattr(SearchIndex.add_entry_from_context, "remembered", False)
    if not kept and on("kept_search_entries"):
        SearchIndex.add_entry_from_context = remember(SearchIndex.add_entry_from_context)


def indexing_remembered() -> bool:
    """Whether this process's search index remembers the pages' entries."""
    from material.plugins.search.plugin import SearchIndex

    return getattr(SearchIndex.add_entry_from_context, "remembered", False)


# --- mkdocs serve ---------------------------------------------------------------------------------

POLL = 0.1  # seconds between two looks at the watched files (MkDocs: 0.5)
# Seconds a rebuild waits after the last change it was told of (MkDocs: 0.1). One look's changes
# arrive within a millisecond; a change seen at the next look starts one more build, as before.
QUIET = 0.02


def list_theme_once(listings: dict, watched: Callable[[], bool]) -> None:
    """(``theme_listed_once``) ``Files.add_files_from_theme`` walks the theme's folders (thousands
    of icons) once per process into ``listings`` (unless ``watched()``: ``--watch-theme``); the
    files are still added and copied at every build, as MkDocs would."""
    from mkdocs.structure.files import File, Files

    add_files_from_theme = Files.add_files_from_theme
    if getattr(add_files_from_theme, "remembered", False) or not on("theme_listed_once"):
        return

    @functools.wraps(add_files_from_theme)
    def wrapper(self: Files, env, config) -> None:
        if watched():
            return add_files_from_theme(self, env, config)
        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
        if key not in listings:
            listed = Files([])
            add_files_from_theme(listed, env, config)  # MkDocs' own choice of files
            listings[key] = [(file.src_uri, file.src_dir) for file in listed]
        for path, folder in listings[key]:
            if self.get_file_from_path(path) is None:  # docs/ files win, as in MkDocs
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    wrapper.remembered = True
    Files.add_files_from_theme = wrapper


def hard_link(file) -> None:
    """(``hard_links``) ``file.copy_file`` hard-links it into the site folder (copies it where it
    cannot): the figures are 200 files and 9 MB."""
    if not on("hard_links"):
        return
    copy = file.copy_file

    def link(dirty: bool = False) -> None:
        destination = file.abs_dest_path
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        if os.path.lexists(destination):
            os.unlink(destination)  # never write through a link into the cache
        try:
            os.link(file.abs_src_path, destination)
        except OSError:  # another file system, or no hard links there
            copy(dirty)

    file.copy_file = link


def fast_watcher(server, paths: list[str]) -> bool:
    """(``fast_watcher``) Watch ``paths`` with an observer that polls every ``POLL`` seconds
    (MkDocs: half a second; polling, as MkDocs chose, for editors that save by renaming), and
    rebuild ``QUIET`` seconds after the last change. False, leaving the server alone, when more
    than ``paths`` is watched (``--watch-theme``)."""
    from watchdog.observers.polling import PollingObserver

    if not on("fast_watcher") or len(server.observer.emitters) > len(paths):
        return False
    for path in paths:
        server.unwatch(path)
    server.observer = PollingObserver(timeout=POLL)
    server.build_delay = QUIET
    for path in paths:
        server.watch(path)
    return True
