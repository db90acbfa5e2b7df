"""Run inside a notebook's kernel at build: the experiments the workers kept, reused.

The build runs this file's text as a first cell, then ``install(...)``, and drops that cell from
the executed notebook (a reader's download never has it). After every cell, each function of
``cached`` (name -> (code key, definition hash)) that the notebook defined as the snippets do
(docstrings aside) is replaced by ``kept``, the wrapper ``hooks.results.cached`` gives the
workers: same keys, same lock per result, so a 20-seed notebook does not train again what the
figures trained. Only the standard library: the kernel sees no more of the repository than a
reader's does.
"""

from __future__ import annotations

import ast
import fcntl
import functools
import hashlib
import importlib
import inspect
import os
import pickle
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any


def strip_docstrings(node: ast.AST) -> ast.AST:
    """``node`` without the docstrings of the functions and classes in it (in place)."""
    for child in ast.walk(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = child.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                child.body = body[1:] or [ast.Pass()]
    return node


def definition_hash(node: ast.AST) -> str:
    """Hash of one definition whose docstrings ``strip_docstrings`` removed."""
    return hashlib.sha256(ast.dump(node).encode()).hexdigest()[:20]


def result_key(code: str, function: Callable[..., Any], versions: str, *args, **kwargs) -> str:
    """The name of one call's result: its code, its arguments by name (defaults included:
    ``f(0)``, ``f(0, rate=0.0)`` and ``f(seed=0)`` are one run) and the versions."""
    bound = inspect.signature(function).bind(*args, **kwargs)
    bound.apply_defaults()
    call = repr(sorted(bound.arguments.items()))
    return hashlib.sha256(f"{code}\0{call}\0{versions}".encode()).hexdigest()[:24]


def kept(
    function: Callable[..., Any],
    code: str,
    versions: str,
    store: str | Path,
    unpickler: type = pickle.Unpickler,
    pickler: type = pickle.Pickler,
) -> Callable[..., Any]:
    """``function`` with every result kept in ``store`` by ``result_key``. Whoever asks for a
    result first (a worker or a kernel) computes it; the others wait on its lock and read it."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = result_key(code, function, versions, *args, **kwargs)
        path = Path(store) / function.__name__ / f"{key}.pkl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.is_file():
                with open(path, "rb") as stored:
                    return unpickler(stored).load()
            result = function(*args, **kwargs)
            partial = path.with_suffix(f".{os.getpid()}.partial")
            with open(partial, "wb") as out:
                pickler(out).dump(result)
            partial.replace(path)
            return result

    wrapper.kept_by_the_build = True
    return wrapper


class _Module:
    """A snippets module named in a pickle: imported where the pickle is read."""

    def __init__(self, name: str) -> None:
        self.name = name


class _Pickler(pickle.Pickler):
    """Pickles a notebook's copy of a snippets class as the snippets class itself."""

    classes: dict[str, str] = {}  # class name -> snippets module

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, _Module):
            return importlib.import_module, (obj.name,)
        if isinstance(obj, type) and obj.__module__ == "__main__" and obj.__name__ in self.classes:
            return getattr, (_Module(self.classes[obj.__name__]), obj.__name__)
        return NotImplemented


def install(store: str, cached: dict[str, tuple[str, str]], classes: dict[str, str],
            versions: str, namespace: dict[str, Any] | None = None) -> Callable[[], None]:
    """Replace, after every cell, each function of ``cached`` the notebook defines; given a
    script's ``namespace`` (the test suite's runs of a page's blocks), after each call of the
    function returned."""
    shell = None
    if namespace is None:
        from IPython import get_ipython

        shell = get_ipython()
        namespace = shell.user_ns
    _Pickler.classes = classes

    class Notebook:
        """A snippets module, as the notebook defines its names."""

        def __getattr__(self, name: str) -> Any:
            return namespace[name]

    def import_module(name: str) -> Any:
        return Notebook() if name.startswith("snippets.") else importlib.import_module(name)

    class Unpickler(pickle.Unpickler):
        """Reads a snippets class (by name, as the workers pickle it, or through
        ``import_module``, as ``_Pickler`` does) as the notebook's copy of it."""

        def find_class(self, module: str, name: str) -> Any:
            if module.startswith("snippets.") and name in namespace:
                return namespace[name]
            if (module, name) == ("importlib", "import_module"):
                return import_module
            return super().find_class(module, name)

    def same_code(function: Any, expected: str) -> bool:
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
        except (OSError, TypeError, SyntaxError):
            return False
        return bool(tree.body) and definition_hash(strip_docstrings(tree.body[0])) == expected

    def after_cell(*_: Any) -> None:
        for name, (code, expected) in cached.items():
            function = namespace.get(name)
            if (
                inspect.isfunction(function)
                and not getattr(function, "kept_by_the_build", False)
                and same_code(function, expected)
            ):
                namespace[name] = kept(function, code, versions, store, Unpickler, _Pickler)

    if shell is not None:
        shell.events.register("post_run_cell", after_cell)
    return after_cell
