"""MkDocs hook: under ``mkdocs serve``, notice a saved file within a tenth of a second, and do
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

And every build renders the theme's template for every page, each with the whole nav: 3 ms a
page, 0.33 s of a reload with 20 scaffolded articles (measured), though a save changes a few
pages. Under ``mkdocs serve`` each page's template output is kept (``KEPT``) with a key of
everything the template reads (``template_key``): the page (its HTML, table of contents, title,
meta, URLs, neighbours and sections), the nav's titles and URLs, the configuration and the
theme's own templates; a page whose key has not changed gets its last output, and every
``on_post_page`` hook still runs on it. Not with ``--watch-theme``, nor under ``mkdocs build``.

And Python's cycle collector walked the whole heap (a quarter of a million objects the served
site keeps between builds) about twice per rebuild: 0.14 s each, measured. Under
``mkdocs serve`` what is alive when a build starts is frozen (``gc.freeze``), so the collector
walks only what the build makes; ``TIDY`` seconds after each build, everything is unfrozen and
collected once, off the path of the reload, so memory stays what one build needs.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingObserver

POLL = 0.1
TIDY = 2.0  # seconds after a build to collect its garbage (and the last build's)
THEME_FILES: dict[tuple, list[tuple[str, str]]] = {}  # theme folders -> [(path, folder)]
WATCHED = {"theme": False}  # --watch-theme: the theme may change, list it every time
SERVING = {"now": False}
KEPT: dict[str, tuple[str, str]] = {}  # page source -> (template_key, output), last build's
SHARED: dict[str, Any] = {}  # this build's digest of what every page's template reads
COUNTS = {"kept": 0, "rendered": 0}  # this build's page templates (tests read it)


def remembered(add_files_from_theme):
    """``Files.add_files_from_theme`` that lists the theme's folders once per process."""

    @functools.wraps(add_files_from_theme)
    def wrapper(self: Files, env, config: MkDocsConfig) -> None:
        if WATCHED["theme"]:
            return add_files_from_theme(self, env, config)
        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
        if key not in THEME_FILES:
            listed = Files([])
            add_files_from_theme(listed, env, config)  # MkDocs' own choice of files
            THEME_FILES[key] = [(file.src_uri, file.src_dir) for file in listed]
        for path, folder in THEME_FILES[key]:
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
    SERVING["now"] = command == "serve"
    if command == "serve" and not getattr(Files.add_files_from_theme, "remembered", False):
        Files.add_files_from_theme = remembered(Files.add_files_from_theme)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Under ``mkdocs serve``, freeze what is alive: the collector skips it during this build."""
    if SERVING["now"]:
        gc.freeze()
    return config


def on_post_build(*, config: MkDocsConfig) -> None:
    """Under ``mkdocs serve``, collect once, ``TIDY`` seconds after the build."""
    if SERVING["now"]:
        timer = threading.Timer(TIDY, tidy)
        timer.daemon = True
        timer.start()


def tidy() -> None:
    """Unfreeze everything and collect the garbage of the builds since the last collection."""
    gc.unfreeze()
    gc.collect()


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Under ``mkdocs serve``, link the files of ``.cache/`` into the site, not copy them."""
    if SERVING["now"]:
        cache = Path(config.config_file_path).resolve().parent / ".cache"
        for file in files:
            if file.abs_src_path and Path(file.abs_src_path).is_relative_to(cache):
                file.copy_file = linked(file)
    return files


def on_serve(server, *, config: MkDocsConfig, builder):
    """Watch the docs and the config with a faster observer (``watch:`` paths come after)."""
    ours = [config.docs_dir, config.config_file_path]
    if len(server.observer.emitters) > len(ours):  # more is watched (--watch-theme): leave it
        WATCHED["theme"] = True
        return server
    for path in ours:
        server.unwatch(path)
    server.observer = PollingObserver(timeout=POLL)
    for path in ours:
        server.watch(path)
    return server


def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Under ``mkdocs serve``, load the theme's templates as ``KeptTemplate`` objects."""
    SHARED.clear()
    COUNTS.update(kept=0, rendered=0)
    if SERVING["now"] and not WATCHED["theme"]:
        env.template_class = KeptTemplate
        SHARED["config"] = config
    return env


class KeptTemplate(jinja2.Template):
    """A template that gives a page its last output when nothing the template reads changed.
    Only a top-level ``render`` with a page is kept: ``extends`` and ``include`` do not call it,
    and the theme's other templates (404, sitemap) have no page."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        page = context.get("page")
        if not isinstance(page, Page) or "config" not in SHARED:
            return super().render(context)
        key = template_key(str(self.name), context)
        kept = KEPT.get(page.file.src_uri)
        if kept is not None and kept[0] == key:
            COUNTS["kept"] += 1
            return kept[1]
        output = super().render(context)
        KEPT[page.file.src_uri] = (key, output)
        COUNTS["rendered"] += 1

        return output


def template_key(name: str, context: dict[str, Any]) -> str:
    """Hash of what template ``name`` reads to render ``context``'s page."""
    if "site" not in SHARED or SHARED["nav"] is not context["nav"]:
        SHARED["nav"] = context["nav"]
        SHARED["site"] = _site_digest(SHARED["config"], context["nav"])
    page = context["page"]
    digest = hashlib.sha256(SHARED["site"].encode() + b"\0" + name.encode())
    # build_date_utc changes at every build, and no page template of the theme reads it
    # (MkDocs' sitemap does, which is not kept); config, nav and pages are in the site digest.
    rest = {
        key: value
        for key, value in context.items()
        if key not in ("config", "nav", "pages", "page", "build_date_utc")
    }
    described = {
        "context": rest,
        "source": page.file.src_uri,
        "url": page.url,
        "canonical_url": page.canonical_url,
        "edit_url": page.edit_url,
        "homepage": page.is_homepage,
        "title": page.title,
        "meta": page.meta,
        "toc": [_toc(item) for item in page.toc],
        "previous": _link(page.previous_page),
        "next": _link(page.next_page),
        "ancestors": [_link(item) for item in page.ancestors],
        "content": page.content,
    }
    digest.update(json.dumps(described, sort_keys=True, default=_plain).encode())
    return digest.hexdigest()


def _site_digest(config: MkDocsConfig, nav: Any) -> str:
    """Hash of the configuration, the nav's titles and URLs, and the theme's own templates
    (its ``custom_dir``; the theme's package is covered by its version in the config's repr)."""
    digest = hashlib.sha256()
    digest.update(json.dumps(dict(config), sort_keys=True, default=_plain).encode())
    digest.update(json.dumps([_link(item) for item in nav], default=_plain).encode())
    digest.update(str(getattr(nav.homepage, "url", None)).encode())
    custom = config.theme.custom_dir
    for path in sorted(Path(custom).rglob("*")) if custom else []:
        if path.is_file():
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    import material  # the theme's templates change only with its version

    digest.update(str(getattr(material, "__version__", "")).encode())
    return digest.hexdigest()


def _link(item: Any) -> Any:
    """A nav item (page, section or link) as its kind, title, URL and children."""
    if item is None:
        return None
    return [
        type(item).__name__,
        item.title,
        getattr(item, "url", None),
        [_link(child) for child in getattr(item, "children", None) or []],
    ]


def _toc(item: Any) -> list:
    return [item.level, item.id, item.title, [_toc(child) for child in item.children]]


def _plain(value: object) -> object:
    """A value JSON cannot write, as data: mappings and collections by their items; plugins
    by their settings; anything else by its repr, or its type if the repr is only an address."""
    from mkdocs.plugins import BasePlugin

    if isinstance(value, BasePlugin):
        return [type(value).__qualname__, dict(value.config)]
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(value, key=repr) if isinstance(value, (set, frozenset)) else list(value)
    text = repr(value)
    if " at 0x" in text:
        return f"{type(value).__module__}.{type(value).__qualname__}"
    return text
