"""MkDocs hook: draw every figure of ``snippets/*_figures.py`` at build time, light and dark.

Each module's ``FIGURES`` maps a name to a function ``(theme) -> Figure``; the site gets
``figures/<name>-light.svg`` and ``figures/<name>-dark.svg``. Drawing runs in a fresh Python
process, so ``mkdocs serve`` always draws with the code on disk, and its SVGs are cached under
``.cache/figures`` by a key made of the module's source, the sources of every ``snippets`` module
it imports, this file, and the numpy and matplotlib versions: a cache hit cannot be stale.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

THEMES = ("light", "dark")
MANIFEST = "manifest.json"


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
    for distribution in ("numpy", "matplotlib"):
        digest.update(f"{distribution}=={importlib.metadata.version(distribution)}".encode())
    return digest.hexdigest()[:20]


def render(module_name: str, out: Path) -> None:
    """Draw every figure of ``module_name`` in every theme into ``out``, then list them."""
    import matplotlib

    matplotlib.use("svg")
    from snippets.plotting import svg_bytes

    module = importlib.import_module(module_name)
    figures = getattr(module, "FIGURES", None)
    if not isinstance(figures, dict) or not figures:
        raise SystemExit(f"{module_name} must define a non-empty dict FIGURES")
    written = []
    for name, draw in figures.items():
        for theme in THEMES:
            path = out / f"{name}-{theme}.svg"
            path.write_bytes(svg_bytes(draw(theme)))
            written.append(path.name)
    (out / MANIFEST).write_text(json.dumps(written), encoding="utf-8")


def _start(module: Path, root: Path, out: Path) -> subprocess.Popen[str]:
    """Start a process that renders ``module`` into ``out``."""
    paths = [str(root), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}  # render() picks the backend
    command = [sys.executable, __file__, f"snippets.{module.stem}", str(out)]
    return subprocess.Popen(
        command,
        cwd=root,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def figure_dirs(root: Path) -> list[Path]:
    """Render what is not cached (in parallel) and return the cache folder of every module."""
    package = root / "snippets"
    modules = sorted(package.glob("*_figures.py"))
    if not modules:
        raise PluginError(f"no figure modules found in {package}")
    cache = root / ".cache" / "figures"
    dirs, running = [], []
    for module in modules:
        final = cache / module.stem / cache_key(module, package)
        dirs.append(final)
        if not (final / MANIFEST).is_file():
            partial = final.with_name(final.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            running.append((module, partial, final, _start(module, root, partial)))
    for module, partial, final, process in running:
        output, _ = process.communicate()
        if process.returncode != 0:
            raise PluginError(f"drawing the figures of {module} failed:\n{output}")
        for stale in final.parent.iterdir():
            if stale != partial:
                shutil.rmtree(stale)
        partial.rename(final)
    return dirs


SIZES: dict[str, tuple[int, int]] = {}  # figures/<name>.svg -> (width, height) in CSS pixels
SVG_SIZE = re.compile(rb'<svg[^>]*? width="([\d.]+)pt" height="([\d.]+)pt"')
FIGURE_IMG = re.compile(r'<img (?=[^>]*src="(?:\.\./)*(figures/[\w-]+\.svg)#only-(?:light|dark)")')


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add every figure SVG to the site as ``figures/<name>-<theme>.svg``."""
    root = Path(config.config_file_path).resolve().parent
    SIZES.clear()
    for folder in figure_dirs(root):
        for name in json.loads((folder / MANIFEST).read_text(encoding="utf-8")):
            uri = f"figures/{name}"
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"figure {uri} is defined twice (again in {folder.parent.name})")
            content = (folder / name).read_bytes()
            size = SVG_SIZE.search(content)
            if size is None:
                raise PluginError(f"{folder / name}: no width and height in points")
            SIZES[uri] = (
                round(float(size[1]) * 4 / 3),
                round(float(size[2]) * 4 / 3),
            )
            files.append(File.generated(config, uri, content=content))
    return files


def on_page_content(html: str, **kwargs) -> str:
    """Give every figure its size (no layout shift) and load it lazily: the variant of the other
    colour scheme is hidden, and a hidden lazy image is not downloaded until the scheme changes."""

    def attributes(match: re.Match[str]) -> str:
        width, height = SIZES[match[1]]
        return f'<img loading="lazy" decoding="async" width="{width}" height="{height}" '

    return FIGURE_IMG.sub(attributes, html)


if __name__ == "__main__":
    render(sys.argv[1], Path(sys.argv[2]))
