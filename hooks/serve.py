"""Under ``mkdocs serve``, notice a saved file within a tenth of a second, and do
not list the theme's files again at every rebuild.

MkDocs polls the files it watches every half second, so a rebuild starts a quarter of a second
after a save on average. This hook swaps the server's observer for one that polls every
``POLL`` seconds, before the server starts, and watches the same paths with it. Polling (not
inotify) is kept, as MkDocs chose it for editors that save by renaming and for mounted folders.

Every build also walks the theme's folders (Material's holds thousands of icons) to find the
files to copy: measured, 0.2 s of each rebuild, more than half of a rebuild after a prose edit.
The theme does not change while it is served (unless ``--watch-theme``), so under
``mkdocs serve`` the listing is made once per set of theme folders and reused; what is listed
is still added, and copied, at every build, exactly as MkDocs would.

And every build copies every file into the site folder, which MkDocs empties first: the
figures alone are 200 files and 9 MB, 0.15 s of each rebuild (measured), most of a rebuild
after a prose edit. Under ``mkdocs serve`` (whose site folder is a temporary one, served and
then deleted) the files of ``.cache/`` are hard-linked there instead, or copied where they
cannot be; ``mkdocs build`` still copies them, so that ``site/`` shares nothing with the cache.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from watchdog.observers.polling import PollingObserver

from hooks import internals, state

POLL = 0.1


def remembered(add_files_from_theme):
    """``Files.add_files_from_theme`` that lists the theme's folders once per process."""

    @functools.wraps(add_files_from_theme)
    def wrapper(self: Files, env, config: MkDocsConfig) -> None:
        if state.process.watch_theme:
            return add_files_from_theme(self, env, config)
        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
        listings = state.process.theme_files
        if key not in listings:
            listed = Files([])
            add_files_from_theme(listed, env, config)  # MkDocs' own choice of files
            listings[key] = [(file.src_uri, file.src_dir) for file in listed]
        for path, folder in listings[key]:
            if self.get_file_from_path(path) is None:  # docs/ files win, as in MkDocs
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    wrapper.remembered = True
    return wrapper


def linked(file: File):
    """A ``copy_file`` for ``file`` that hard-links it into the site folder, or copies it."""
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

    return link


def on_startup(*, command: str, dirty: bool) -> None:
    """Under ``mkdocs serve``, list the theme's files once."""
    listed = getattr(Files.add_files_from_theme, "remembered", False)
    if command == "serve" and not listed and internals.on("theme_listed_once"):
        Files.add_files_from_theme = remembered(Files.add_files_from_theme)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Under ``mkdocs serve``, link the files of ``.cache/`` into the site, not copy them."""
    if state.process.serving and internals.on("hard_links"):
        cache = Path(config.config_file_path).resolve().parent / ".cache"
        for file in files:
            if file.abs_src_path and Path(file.abs_src_path).is_relative_to(cache):
                file.copy_file = linked(file)
    return files


def on_serve(server, *, config: MkDocsConfig, builder):
    """Watch the docs and the config with a faster observer (``watch:`` paths come after)."""
    ours = [config.docs_dir, config.config_file_path]
    if not internals.on("fast_watcher"):
        return server
    if len(server.observer.emitters) > len(ours):  # more is watched (--watch-theme): leave it
        state.process.watch_theme = True
        return server
    for path in ours:
        server.unwatch(path)
    server.observer = PollingObserver(timeout=POLL)
    for path in ours:
        server.watch(path)
    return server
