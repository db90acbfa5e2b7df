"""MkDocs hook: draw every figure of ``snippets/*_figures.py`` at build time, light and dark.

Each module's ``FIGURES`` maps a name to a function ``(theme) -> Figure``; the site gets
``figures/<name>-light.svg`` and ``figures/<name>-dark.svg``. The SVGs are cached under
``.cache/figures`` by a key made of the module's source, the sources of every ``snippets`` module
it imports, this file, and the numpy and matplotlib versions: a cache hit cannot be stale.

What is not cached is drawn while the rest of the site builds, one figure per task, by worker
processes forked from a server that has imported numpy and matplotlib once (multiprocessing's
"forkserver"). Each build forks new workers, and the snippets are imported in the worker, so
``mkdocs serve`` always draws with the code on disk, without paying for matplotlib's import again.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.metadata
import multiprocessing
import multiprocessing.forkserver
import os
import re
import shutil
import sys
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

THEMES = ("light", "dark")
FORKSERVER = "forkserver" in multiprocessing.get_all_start_methods()  # not on Windows
SERVING = False  # set by on_startup: is this `mkdocs serve`?
# Workers yield the CPU to the build and its notebooks, which take longer and are waited for first.
NICENESS = 5
VERSIONS = " ".join(f"{d}=={importlib.metadata.version(d)}" for d in ("numpy", "matplotlib"))
# What the server imports once: the workers' libraries, this hook (the workers run its render),
# and mkdocs' command line, which multiprocessing imports again in each worker as its main module.
PRELOAD = [
    "numpy",
    "matplotlib.figure",
    "matplotlib.backends.backend_svg",
    "hooks.figures",
    "mkdocs.__main__",
]


def snippet_dependencies(module: Path, package: Path) -> list[Path]:
    """``module`` and every module of ``package`` it imports, directly or not, sorted."""
    seen: set[Path] = set()
    todo = [module]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == package.name and len(parts) == 2:
                    candidate = package / f"{parts[1]}.py"
                    if candidate.is_file():
                        todo.append(candidate)
    return sorted(seen)


def cache_key(module: Path, package: Path) -> str:
    """Hash of everything a module's figures depend on."""
    digest = hashlib.sha256()
    for dependency in [*snippet_dependencies(module, package), Path(__file__)]:
        digest.update(dependency.name.encode() + b"\0" + dependency.read_bytes() + b"\0")
    digest.update(VERSIONS.encode())
    return digest.hexdigest()[:20]


def figure_names(module: Path) -> list[str]:
    """The keys of the module's ``FIGURES``, read from its source: a dict written out with
    string keys, so the figures are known without importing the module."""
    for node in ast.parse(module.read_text(encoding="utf-8"), str(module)).body:
        if (
            isinstance(node, ast.Assign)
            and [getattr(target, "id", None) for target in node.targets] == ["FIGURES"]
            and isinstance(node.value, ast.Dict)
            and node.value.keys
            and all(
                isinstance(key, ast.Constant) and isinstance(key.value, str)
                for key in node.value.keys
            )
        ):
            return [key.value for key in node.value.keys]
    raise PluginError(
        f"{module} must define FIGURES = {{'name': draw, ...}}: a dict literal with string keys"
    )


def render(module_name: str, name: str, out: Path) -> None:
    """Draw figure ``name`` of ``module_name`` into ``out`` in every theme (in a worker): once,
    in placeholder colours, then recoloured for each theme."""
    import matplotlib

    if hasattr(os, "setpriority"):  # Unix
        os.setpriority(os.PRIO_PROCESS, 0, NICENESS)
    matplotlib.use("svg")
    from snippets.plotting import TEMPLATE, recolour, svg_bytes

    module = importlib.import_module(module_name)
    importlib.import_module("hooks.results").memoize(module)  # experiments cached by their code
    template = svg_bytes(module.FIGURES[name](TEMPLATE))
    for theme in THEMES:
        (out / f"{name}-{theme}.svg").write_bytes(recolour(template, theme))


def _server(root: Path) -> multiprocessing.context.BaseContext:
    """The context of a server that imports ``PRELOAD`` once and forks workers from then on; it
    lives as long as this process (all of ``mkdocs serve``). Where there is no forkserver,
    each worker starts a fresh Python ("spawn") and imports everything itself."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))  # the server and its workers import snippets from here
    if not FORKSERVER:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _workers(root: Path) -> ProcessPoolExecutor:
    """Worker processes for one build, forked from the server."""
    return ProcessPoolExecutor(max_workers=os.cpu_count() or 2, mp_context=_server(root))


class Drawing:
    """The figures of one build: which files they are, and the tasks still drawing them."""

    def __init__(self, root: Path) -> None:
        package = root / "snippets"
        modules = sorted(package.glob("*_figures.py"))
        if not modules:
            raise PluginError(f"no figure modules found in {package}")
        self.svgs: dict[str, Path] = {}  # figures/<name>-<theme>.svg -> its file in the cache
        todo: list[tuple[str, list[str], Path, Path]] = []  # (module, figures, partial, final)
        for module in modules:
            final = root / ".cache" / "figures" / module.stem / cache_key(module, package)
            names = figure_names(module)
            for name in names:
                for theme in THEMES:
                    uri = f"figures/{name}-{theme}.svg"
                    if uri in self.svgs:
                        raise PluginError(f"figure {uri} is defined twice (again in {module})")
                    self.svgs[uri] = final / f"{name}-{theme}.svg"
            if not final.is_dir():
                partial = final.with_name(final.name + ".partial")
                shutil.rmtree(partial, ignore_errors=True)
                partial.mkdir(parents=True)
                todo.append((f"snippets.{module.stem}", names, partial, final))
        self.todo = todo
        # Starting the workers waits for the server to import matplotlib: not on this thread.
        self.started = ThreadPoolExecutor(max_workers=1).submit(self._start, root) if todo else None

    def _start(self, root: Path) -> tuple[ProcessPoolExecutor, list[list[Future]]]:
        pool = _workers(root)
        worker = importlib.import_module("hooks.figures").render  # importable by the workers
        tasks = [
            [pool.submit(worker, module, name, partial) for name in names]
            for module, names, partial, _ in self.todo
        ]
        return pool, tasks

    def stop(self) -> None:
        """Stop drawing: the build failed elsewhere."""
        if self.started is not None:
            pool, _ = self.started.result()
            self.started = None
            pool.shutdown(cancel_futures=True)

    def wait(self) -> None:
        """Wait for every figure; move each module's figures into place once all are drawn."""
        if self.started is None:
            return
        pool, tasks = self.started.result()
        self.started = None
        try:
            for (module, _, partial, final), module_tasks in zip(self.todo, tasks, strict=True):
                for task in module_tasks:
                    try:
                        task.result()
                    except Exception as error:
                        raise PluginError(
                            f"drawing the figures of {module} failed: "
                            f"{type(error).__name__}: {error}"
                        ) from error
                for stale in final.parent.iterdir():
                    if stale != partial:
                        shutil.rmtree(stale)
                partial.rename(final)
        finally:
            pool.shutdown(cancel_futures=True)


DRAWING: Drawing | None = None
SIZES: dict[str, tuple[int, int]] = {}  # figures/<name>.svg -> (width, height) in CSS pixels
SVG_SIZE = re.compile(rb'<svg[^>]*? width="([\d.]+)pt" height="([\d.]+)pt"')
FIGURE_IMG = re.compile(r'<img (?=[^>]*src="(?:\.\./)*(figures/[\w-]+\.svg)#only-(?:light|dark)")')


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start drawing the figures that are not cached, early in the build."""
    global DRAWING
    DRAWING = Drawing(Path(config.config_file_path).resolve().parent)
    SIZES.clear()
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add every figure SVG to the site as ``figures/<name>-<theme>.svg``."""
    for uri, path in DRAWING.svgs.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"figure {uri} would replace a file of the same name in docs/")
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def figure_sizes() -> dict[str, tuple[int, int]]:
    """Width and height of every figure, once all are drawn."""
    if not SIZES and DRAWING is not None:
        DRAWING.wait()
        for uri, path in DRAWING.svgs.items():
            size = SVG_SIZE.search(path.read_bytes()[:2000])
            if size is None:
                raise PluginError(f"{path}: no width and height in points")
            SIZES[uri] = (round(float(size[1]) * 4 / 3), round(float(size[2]) * 4 / 3))
    return SIZES


def on_post_page(html: str, **kwargs) -> str:
    """Give every figure its size (no layout shift) and load it lazily: the variant of the other
    colour scheme is hidden, and a hidden lazy image is not downloaded until the scheme changes.
    (Done on the finished page, so converting pages does not wait for the figures.)"""

    def attributes(match: re.Match[str]) -> str:
        width, height = figure_sizes()[match[1]]
        return f'<img loading="lazy" decoding="async" width="{width}" height="{height}" '

    return FIGURE_IMG.sub(attributes, html)


def on_env(env, *, config: MkDocsConfig, files: Files):
    """Every figure is drawn before the site's files are copied."""
    figure_sizes()
    return env


def on_startup(*, command: str, dirty: bool) -> None:
    """Remember whether this is ``mkdocs serve``."""
    global SERVING
    SERVING = command == "serve"


def on_post_build(*, config: MkDocsConfig) -> None:
    """Under ``mkdocs serve``, have the server import matplotlib now, not at the first edit."""
    if SERVING and FORKSERVER:
        _server(Path(config.config_file_path).resolve().parent)
        multiprocessing.forkserver.ensure_running()  # starts it, if not running, and returns


def on_build_error(*, error: Exception) -> None:
    """Stop the workers when the build fails."""
    if DRAWING is not None:
        DRAWING.stop()
