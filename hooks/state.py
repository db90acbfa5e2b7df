"""The state events hand on: one ``Build`` per build, one ``Process`` per ``mkdocs`` run.

``hooks/entry.py`` makes a ``Build`` in ``on_config`` (``state.build``) and every module reads
and fills its own fields; nothing else carries state between events. ``Process`` holds what
outlives a build under ``mkdocs serve``: memory of earlier builds and the spare kernels. (Memos
keyed by content stay where they are computed: ``Sources.hashed``, the ``lru_cache``s.)
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hooks import store
from hooks.sources import Sources


@dataclass
class Process:
    command: str = "build"  # or "serve"
    spare_kernels: list[Future] = field(default_factory=list)  # notebooks: started kernels
    search_entries: dict[str, list] = field(default_factory=dict)  # search: by page key
    theme_files: dict[tuple, list] = field(default_factory=dict)  # serve: the theme's listing
    watch_theme: bool = False  # serve: --watch-theme (the theme is listed at every build)
    nb2html_arguments: dict[str, Any] = field(default_factory=dict)  # notebooks: mkdocs-jupyter's
    converted: dict[str, tuple[dict, str]] = field(default_factory=dict)  # notebooks: by a worker

    @property
    def serving(self) -> bool:
        return self.command == "serve"


@dataclass
class Build:
    root: Path
    sources: Sources
    notebook_runs: dict[str, Future] = field(default_factory=dict)  # page URI -> running
    notebook_folders: dict[str, Path] = field(default_factory=dict)  # page URI -> cache folder
    notebook_html: dict[str, Future] = field(default_factory=dict)  # page URI -> converting
    converter: Any = None  # notebooks: the worker that converts them (a process pool)
    drawing: Any = None  # figures.Drawing
    figure_sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    numbers: Any = None  # results.Numbers
    # module -> (file, modules it holds, data files it holds)
    downloads: dict[str, tuple[str, list[str], list[str]]] = field(default_factory=dict)
    placeholders: dict[str, str] = field(default_factory=dict)  # downloads: {{ name }} values
    site_key: str = ""  # pages: what every page's key shares
    pages_used: set[str] = field(default_factory=set)
    search_used: set[str] = field(default_factory=set)
    glossary_pages: set[str] = field(default_factory=set)  # pages that show the glossary

    def cache(self, kind: str) -> Path:
        """``.cache/<kind>`` of this project, created."""
        folder = store.folder(self.root, kind)
        folder.mkdir(parents=True, exist_ok=True)
        return folder


process = Process()
build: Build | None = None


def start(config: Any) -> Build:
    """A new build of ``config`` (``on_config``)."""
    global build
    root = Path(config.config_file_path).resolve().parent
    snippets = config.mdx_configs.get("pymdownx.snippets", {})
    build = Build(root, Sources(root, snippets))
    return build
