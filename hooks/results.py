"""Numbers in the prose computed by the build, and experiments cached by their code.

A snippets module's ``numbers() -> dict`` gives ``{{ <name>.<key>[:<format spec>] }}`` in the
pages (``x_figures.py`` is ``x``, any other module its own name); an unknown module or key fails
the build, listing what exists. The values are computed in a worker and kept in
``.cache/numbers/<name>/``. Each function a module lists in ``CACHED`` is kept per call in
``.cache/results/<function>/``, keyed on its arguments and the code it runs (its code key): only
an edit of that code runs it again. README.md, "Writing an article"; ARCHITECTURE.md, the keys.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.metadata
import json
import re
import shutil
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from hooks import state, workers
from hooks.kernel_cache import definition_hash, kept
from hooks.sources import Sources, forget_other_code_keys
from hooks.store import folder, prune, write

VERSIONS = f"numpy=={importlib.metadata.version('numpy')}"
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\.(\w+)\s*(?::([^}]*?))?\s*\}\}")


# Cached experiments (in the workers) ------------------------------------------------------------


def cached(function: Callable[..., Any], store: Path) -> Callable[..., Any]:
    """``function`` with every result kept in ``store`` by its arguments and its code. Workers
    that ask for the same result at once compute it once (a lock per result)."""
    package = Path(sys.modules[function.__module__].__file__).parent
    code = Sources(package.parent).code_key(package, function.__module__.split(".")[-1], function.__name__)
    return kept(function, code, VERSIONS, store)


def memoize(module: Any) -> None:
    """Replace every function of ``module.CACHED`` by its cached version, wherever a loaded
    ``snippets`` module refers to it."""
    root = Path(module.__file__).resolve().parent.parent
    for function in getattr(module, "CACHED", ()):
        if getattr(function, "cached", False):
            continue  # a module imported after an earlier memoize got the cached one already
        wrapper = cached(function, folder(root, "results"))
        wrapper.cached = True
        for loaded in list(sys.modules.values()):
            if getattr(loaded, "__name__", "").startswith("snippets."):
                for name, value in list(vars(loaded).items()):
                    if value is function:
                        setattr(loaded, name, wrapper)


def kernel_preamble(sources: Sources, store: Path | None = None, namespace: str = "") -> str:
    """The cell a notebook's kernel runs first at build (``hooks/kernel_cache.py``): every
    function a snippets module lists in ``CACHED``, with its code key and definition, so the
    kernel reads and keeps the same results as the workers (in ``store``, by default theirs).
    Given the name of a script's ``namespace``, it sets ``after_block`` to call after each block
    the script runs in it."""
    package = sources.root / "snippets"
    functions: dict[str, tuple[str, str]] = {}
    classes: dict[str, str] = {}
    for path in sorted(package.glob("*.py")):
        definitions = sources.definitions(path)
        for name, node in definitions.items():
            if isinstance(node, ast.ClassDef):
                classes[name] = f"snippets.{path.stem}"
        listed = definitions.get("CACHED")
        for item in ast.walk(listed) if listed is not None else ():
            if isinstance(item, ast.Name) and item.id != "CACHED":
                module, name = sources.snippets_imports(path).get(item.id, (path.stem, item.id))
                node = sources.definitions(package / f"{module}.py")[name]
                functions[name] = (sources.code_key(package, module, name), definition_hash(node))
    source = (Path(__file__).parent / "kernel_cache.py").read_text(encoding="utf-8")
    store = str(store or folder(sources.root, "results"))
    install = f"_kernel_cache.install({store!r}, {functions!r}, {classes!r}, {VERSIONS!r}, {namespace or None})"
    return (
        "import types as _types\n"
        '_kernel_cache = _types.ModuleType("kernel_cache")\n'
        f"exec({source!r}, _kernel_cache.__dict__)\n"
        f"{'after_block = ' if namespace else ''}{install}\n"
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
    write(out, json.dumps(values, indent=1, sort_keys=True))


# The hook (in the build) ------------------------------------------------------------------------


def numbers_modules(package: Path, sources: Sources) -> dict[str, Path]:
    """Every module of ``package`` that defines ``numbers()``, by the name pages use:
    ``x_figures.py`` is ``x``, any other module (``x_exercises.py``) its own name."""
    found: dict[str, Path] = {}
    for module in sorted(package.glob("*.py")):
        if not isinstance(sources.definitions(module).get("numbers"), ast.FunctionDef):
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

    def __init__(self, sources: Sources) -> None:
        root = sources.root
        if str(root) not in sys.path:
            sys.path.insert(0, str(root))
        package = root / "snippets"
        self.files: dict[str, Path] = {}
        todo = []
        for name, module in numbers_modules(package, sources).items():
            # The code numbers() reaches, as for an experiment: a docstring edit recomputes nothing.
            digest = hashlib.sha256(VERSIONS.encode() + Path(__file__).read_bytes())
            digest.update(sources.code_key(package, module.stem, "numbers").encode())
            path = folder(root, "numbers") / name / f"{digest.hexdigest()[:20]}.json"
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
        with workers.pool(root, len(todo)) as pool:
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


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start computing the numbers that are not cached."""
    state.build.numbers = Numbers(state.build.sources)
    return config


def on_pre_page(page: Page, **kwargs: Any) -> Page:
    """Stop the build at once when computing the numbers has failed."""
    if workers.failed(state.build.numbers.task):
        state.build.numbers.get()
    return page


def on_post_build(**kwargs: Any) -> None:
    """Forget the numbers of modules that no longer define ``numbers()``, and the code keys of
    other versions of ``hooks/sources.py``."""
    prune(state.build.cache("numbers"), state.build.numbers.files)
    forget_other_code_keys(state.build.root)


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
    return render_numbers(markdown, state.build.numbers.get(), page.file.src_uri)
