"""MkDocs hook: numbers in the prose computed by the build, and experiments cached by their code.

**Numbers.** A ``snippets/<name>_figures.py`` module may define ``numbers() -> dict``; a page
writes ``{{ <name>.<key> }}`` or ``{{ <name>.<key>:<format spec> }}`` (``{{ overfitting.peak:.0% }}``)
and gets that value, formatted. Another snippets module may define one too, under its own name
(``snippets/dropout_exercises.py`` gives ``{{ dropout_exercises.<key> }}``: what the exercise
solutions print). A value of several lines keeps, on each line, the indentation of the line it is
written on, so it stays inside an indented block (a fenced block in a collapsed solution). An
unknown module or key fails the build and lists what exists.
The values are computed in a worker (forked like the figure workers) while the site builds, and
kept in ``.cache/numbers/<module>/<key>.json``, ``<key>`` hashing the module, every snippets module
it imports, this file and the numpy version.

**Experiments.** A figure module may list slow functions in ``CACHED`` (``CACHED = (training_curves,)``).
In the workers that draw figures and compute numbers, each call of such a function is kept in
``.cache/results/<function>/<key>.pkl``, ``<key>`` hashing its arguments and the code it actually
runs: its own definition and every snippets function, class and constant it reaches, docstrings and
comments left out. Editing prose, a figure's colours or an unrelated function re-runs no
experiment; editing the training code re-runs every run that uses it. Measured: the experiments of
the two articles take about 25 s of CPU from cold, and nothing once cached.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib
import importlib.metadata
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from hooks.kernel_cache import definition_hash, kept, strip_docstrings

VERSIONS = f"numpy=={importlib.metadata.version('numpy')}"
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\.(\w+)\s*(?::([^}]*?))?\s*\}\}")


# Code keys --------------------------------------------------------------------------------------


def _module_names(path: Path) -> tuple[dict[str, ast.AST], dict[str, tuple[str, str]]]:
    """Top-level definitions of a module (name -> node) and its imports from ``snippets``
    (local name -> (module, name)), parsed once per text of the file."""
    return _parsed_names(str(path), path.read_text(encoding="utf-8"))


@functools.cache
def _parsed_names(
    path: str, text: str
) -> tuple[dict[str, ast.AST], dict[str, tuple[str, str]]]:
    definitions: dict[str, ast.AST] = {}
    imports: dict[str, tuple[str, str]] = {}
    # This tree is this function's own (not hooks.parsed's, which others read docstrings from).
    for node in strip_docstrings(ast.parse(text, path)).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            definitions[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        definitions[name.id] = node
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("snippets."):
            for alias in node.names:
                imports[alias.asname or alias.name] = (node.module.split(".")[1], alias.name)
    return definitions, imports


# (package, module, name) -> (hash of each file its code reaches, code key). Under ``mkdocs
# serve`` every build asks for every key again; a key is computed again only when a file its
# code reaches changed. Measured with 20 scaffolded articles, a snippet save spent 3 s of its
# reload recomputing keys of modules that do not use the saved file.
_CODE_KEYS: dict[tuple[str, str, str], tuple[dict[str, str], str]] = {}
CODE_KEY_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


# path -> ((mtime in ns, size), hash of its bytes): every code key asks for the hashes of every
# module, and a build asks for a key per figure, page and experiment (measured with 20
# scaffolded articles: 7,000 reads and 0.2 s of each build). A file is read again when its
# modification time or size changed, as make and git decide.
_HASHED: dict[Path, tuple[tuple[int, int], str]] = {}


# package -> _file_hashes, for one build (``new_build`` forgets it): every code key asks, and
# with 20 scaffolded articles a build asks 70 times (measured: 0.07 s of each rebuild).
_THIS_BUILD: dict[Path, dict[str, str]] = {}


def new_build() -> None:
    """A build starts: files may have changed since the last one."""
    _THIS_BUILD.clear()


def _file_hashes(package: Path) -> dict[str, str]:
    """Hash of each module of ``package``, by module name."""
    if package in _THIS_BUILD:
        return _THIS_BUILD[package]
    hashes = {}  # whole before another thread can see it
    for path in package.glob("*.py"):
        stat = path.stat()
        known = _HASHED.get(path)
        if known is None or known[0] != (stat.st_mtime_ns, stat.st_size):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            known = _HASHED[path] = ((stat.st_mtime_ns, stat.st_size), digest)
        hashes[path.stem] = known[1]
    _THIS_BUILD[package] = hashes
    return hashes


def code_key(package: Path, module: str, name: str) -> str:
    """Hash of the code ``module.name`` runs within ``package``: its definition and every
    definition of ``package`` it reaches by name, without docstrings. Computed again only when
    a file it reaches changed. Safe to call from several threads (the notebooks' runs ask)."""
    with _KEYS_LOCK:
        return _locked_code_key(package, module, name)


_KEYS_LOCK = threading.Lock()


def _locked_code_key(package: Path, module: str, name: str) -> str:
    hashes = _file_hashes(package)
    stored = _stored_key(package, module, name)
    known = _CODE_KEYS.get((str(package), module, name))
    if known is None and stored.is_file():  # from an earlier build
        known = _CODE_KEYS[(str(package), module, name)] = tuple(json.loads(stored.read_text()))
    if known is not None and all(hashes.get(m) == h for m, h in known[0].items()):
        return known[1]
    key, modules = _code_key(package, module, name)
    known = _CODE_KEYS[(str(package), module, name)] = ({m: hashes.get(m, "") for m in modules}, key)
    stored.parent.mkdir(parents=True, exist_ok=True)
    partial = stored.with_suffix(f".{os.getpid()}.{threading.get_ident()}.partial")
    partial.write_text(json.dumps(known), encoding="utf-8")
    partial.replace(stored)
    return key


def _stored_key(package: Path, module: str, name: str) -> Path:
    """Where the code key of ``module.name`` is kept between builds, with the hash of every
    file it read (a warm build of 20 scaffolded articles spent 0.3 s working them out again).
    They are kept per version of this file: a change to how keys are made forgets them all."""
    digest = hashlib.sha256(f"{package.name}\0{module}\0{name}".encode())  # moved: still found
    return _code_keys_folder(package) / CODE_KEY_VERSION[:16] / f"{digest.hexdigest()[:24]}.json"


def _code_keys_folder(package: Path) -> Path:
    return package.parent / ".cache" / "code-keys"


def forget_other_code_keys(package: Path) -> None:
    """Delete the code keys kept by other versions of this file (each edit of it leaves a
    folder of them that nothing reads again)."""
    folder = _code_keys_folder(package)
    for path in folder.iterdir() if folder.is_dir() else ():
        if path.name == CODE_KEY_VERSION[:16]:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:  # kept before keys had a folder per version
            path.unlink(missing_ok=True)


def _code_key(package: Path, module: str, name: str) -> tuple[str, set[str]]:
    """The code key, and every module whose file it read."""
    seen: set[tuple[str, str]] = set()
    todo = [(module, name)]
    digest = hashlib.sha256()
    while todo:
        item = todo.pop()
        if item in seen:
            continue
        seen.add(item)
        definitions, imports = _module_names(package / f"{item[0]}.py")
        if item[1] in imports:
            todo.append(imports[item[1]])
            continue
        node = definitions.get(item[1])
        if node is None:
            continue  # a builtin, or a name from numpy: its version is in VERSIONS
        digest.update(f"{item[0]}.{item[1]}\0".encode())
        digest.update(_dumped(node).encode())
        for child in ast.walk(node):
            if isinstance(child, ast.Name):
                todo.append((item[0], child.id))
    return digest.hexdigest()[:20], {m for m, _ in seen}


@functools.lru_cache(maxsize=4096)  # by node: those of an unchanged file are dumped once
def _dumped(node: ast.AST) -> str:
    """A definition (docstrings already stripped by ``_parsed_names``), as text."""
    return ast.dump(node)


# Cached experiments (in the workers) ------------------------------------------------------------


def cached(function: Callable[..., Any], store: Path) -> Callable[..., Any]:
    """``function`` with every result kept in ``store`` by its arguments and its code. Workers
    that ask for the same result at once compute it once (a lock per result)."""
    package = Path(sys.modules[function.__module__].__file__).parent
    code = code_key(package, function.__module__.split(".")[-1], function.__name__)
    return kept(function, code, VERSIONS, store)


def memoize(module: Any) -> None:
    """Replace every function of ``module.CACHED`` by its cached version, wherever a loaded
    ``snippets`` module refers to it."""
    root = Path(module.__file__).resolve().parent.parent
    for function in getattr(module, "CACHED", ()):
        if getattr(function, "cached", False):
            continue  # a module imported after an earlier memoize got the cached one already
        wrapper = cached(function, root / ".cache" / "results")
        wrapper.cached = True
        for loaded in list(sys.modules.values()):
            if getattr(loaded, "__name__", "").startswith("snippets."):
                for name, value in list(vars(loaded).items()):
                    if value is function:
                        setattr(loaded, name, wrapper)


def kernel_preamble(root: Path, store: Path | None = None) -> str:
    """The cell a notebook's kernel runs first at build (``hooks/kernel_cache.py``): every
    function a snippets module lists in ``CACHED``, with its code key and definition, so the
    kernel reads and keeps the same results as the workers (in ``store``, by default theirs)."""
    package = root / "snippets"
    functions: dict[str, tuple[str, str]] = {}
    classes: dict[str, str] = {}
    for path in sorted(package.glob("*.py")):
        definitions, imports = _module_names(path)
        for name, node in definitions.items():
            if isinstance(node, ast.ClassDef):
                classes[name] = f"snippets.{path.stem}"
        listed = definitions.get("CACHED")
        for item in ast.walk(listed) if listed is not None else ():
            if isinstance(item, ast.Name) and item.id != "CACHED":
                module, name = imports.get(item.id, (path.stem, item.id))
                node = _module_names(package / f"{module}.py")[0][name]
                functions[name] = (code_key(package, module, name), definition_hash(node))
    source = (Path(__file__).parent / "kernel_cache.py").read_text(encoding="utf-8")
    store = str(store or root / ".cache" / "results")
    return (
        "import types as _types\n"
        '_kernel_cache = _types.ModuleType("kernel_cache")\n'
        f"exec({source!r}, _kernel_cache.__dict__)\n"
        f"_kernel_cache.install({store!r}, {functions!r}, {classes!r}, {VERSIONS!r})\n"
        "del _types, _kernel_cache\n"
    )


def compute_numbers(module_name: str, out: Path) -> None:
    """Write ``numbers()`` of ``module_name`` to ``out`` as JSON (in a worker)."""
    module = importlib.import_module(module_name)
    memoize(module)
    values = module.numbers()
    for key, value in values.items():
        if not re.fullmatch(r"\w+", key) or not isinstance(value, (int, float, str)):
            raise PluginError(
                f"{module_name}.numbers(): {key!r} must be a word and its value an int, float "
                f"or str, got {type(value).__name__}"
            )
    partial = out.with_suffix(".partial")
    partial.write_text(json.dumps(values, indent=1, sort_keys=True), encoding="utf-8")
    partial.replace(out)


# The hook (in the build) ------------------------------------------------------------------------


def defines_numbers(module: Path) -> bool:
    """Whether ``module`` has a top-level ``def numbers``, read from its source."""
    return isinstance(_module_names(module)[0].get("numbers"), ast.FunctionDef)


def numbers_modules(package: Path) -> dict[str, Path]:
    """Every module of ``package`` that defines ``numbers()``, by the name pages use:
    ``x_figures.py`` is ``x``, any other module (``x_exercises.py``) its own name."""
    found: dict[str, Path] = {}
    for module in sorted(package.glob("*.py")):
        if not defines_numbers(module):
            continue
        name = module.stem.removesuffix("_figures")
        if name in found:
            raise PluginError(
                f"{found[name].name} and {module.name} both define numbers() for "
                f"{{{{ {name}.<key> }}}}: keep one"
            )
        found[name] = module
    return found


class Numbers:
    """The numbers of one build: a future per snippets module that defines ``numbers()``."""

    def __init__(self, root: Path) -> None:
        if str(root) not in sys.path:
            sys.path.insert(0, str(root))
        package = root / "snippets"
        new_build()
        forget_other_code_keys(package)
        self.files: dict[str, Path] = {}
        todo = []
        for name, module in numbers_modules(package).items():
            # The code numbers() reaches, as for an experiment: a docstring edit recomputes nothing.
            digest = hashlib.sha256(VERSIONS.encode() + Path(__file__).read_bytes())
            digest.update(code_key(package, module.stem, "numbers").encode())
            path = root / ".cache" / "numbers" / name / f"{digest.hexdigest()[:20]}.json"
            self.files[name] = path
            if not path.is_file():
                shutil.rmtree(path.parent, ignore_errors=True)
                path.parent.mkdir(parents=True)
                todo.append((f"snippets.{module.stem}", path))
        self.values: dict[str, dict[str, Any]] = {}
        self.task: Future | None = None
        if todo:
            self.task = ThreadPoolExecutor(max_workers=1).submit(self._compute, root, todo)

    @staticmethod
    def _compute(root: Path, todo: list[tuple[str, Path]]) -> None:
        from concurrent.futures import ProcessPoolExecutor

        from hooks.figures import _server

        # One worker per core at most: with dozens of articles, more would only share them.
        with ProcessPoolExecutor(
            max_workers=min(len(todo), os.cpu_count() or 2), mp_context=_server(root)
        ) as pool:
            worker = importlib.import_module("hooks.results").compute_numbers
            for task in [pool.submit(worker, module, path) for module, path in todo]:
                task.result()

    def get(self) -> dict[str, dict[str, Any]]:
        """Every module's numbers, once computed."""
        if self.task is not None:
            task, self.task = self.task, None
            try:
                task.result()
            except Exception as error:
                raise PluginError(
                    f"computing the numbers of snippets/*.py failed: "
                    f"{type(error).__name__}: {error}"
                ) from error
        if not self.values:
            self.values = {
                name: json.loads(path.read_text(encoding="utf-8"))
                for name, path in self.files.items()
            }
        return self.values


NUMBERS: Numbers | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start computing the numbers that are not cached."""
    global NUMBERS
    NUMBERS = Numbers(Path(config.config_file_path).resolve().parent)
    return config


def render_numbers(markdown: str, values: dict[str, dict[str, Any]], where: str) -> str:
    """``markdown`` with every ``{{ module.key[:spec] }}`` replaced by its formatted value."""

    def value(match: re.Match[str]) -> str:
        module, key, spec = match[1], match[2], match[3] or ""
        if module not in values:
            raise PluginError(
                f"{where}: {match[0]} names no numbers: modules with numbers() are "
                f"{sorted(values)} (define numbers() in snippets/{module}_figures.py, or in "
                f"snippets/{module}.py)"
            )
        if key not in values[module]:
            raise PluginError(
                f"{where}: {match[0]}: {module} numbers() has no {key!r} "
                f"(it has {sorted(values[module])})"
            )
        try:
            text = format(values[module][key], spec)
        except ValueError as error:
            raise PluginError(f"{where}: {match[0]}: {error}") from error
        line = markdown[markdown.rfind("\n", 0, match.start()) + 1 : match.start()]
        indent = line[: len(line) - len(line.lstrip())]
        return text.replace("\n", "\n" + indent)

    return PLACEHOLDER.sub(value, markdown)


def on_page_markdown(markdown: str, *, page: Page, **kwargs: Any) -> str:
    """Put the computed numbers into the page."""
    if "{{" not in markdown:
        return markdown
    return render_numbers(markdown, NUMBERS.get(), page.file.src_uri)


def on_build_error(*, error: Exception) -> None:
    """Forget unfinished work."""
    global NUMBERS
    NUMBERS = None
