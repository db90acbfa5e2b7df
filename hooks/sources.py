"""The one reader of the sources: every part of the engine asks it, none reads a source itself.

Includes are parsed, resolved and cut by pymdownx.snippets' own preprocessor, so an include
means here what it means on the page. Each file is read once per build; trees and definitions
are kept by their text, and code keys (what ``.cache/results`` and the figures are keyed on) in
``.cache/code-keys`` with the hash of every file they read (ARCHITECTURE.md).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import NamedTuple

from mkdocs.exceptions import PluginError

from hooks.kernel_cache import strip_docstrings
from hooks.store import folder, prune, write

# A new version of this file may key code differently: its keys live in a folder of their own.
CODE_KEY_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


class Include(NamedTuple):
    """One ``--8<-- "<file>[:<section>]"`` line."""

    file: str  # as written, without the section
    section: str | None
    path: Path | None  # where pymdownx.snippets finds it (None: nowhere)


def once(method):
    """``method`` of ``Sources`` answered once per build for each of its arguments (the sources
    do not change during a build; a page asks for the same includes ~70 times)."""

    @functools.wraps(method)
    def wrapper(self, *args):
        key = (method.__name__, *args)
        if key not in self.kept:
            self.kept[key] = method(self, *args)
        return self.kept[key]

    return wrapper


class Sources:
    """The sources of one build (or of one worker), as ``root``'s pymdownx.snippets settings
    resolve them."""

    # Kept for the whole process (under ``mkdocs serve``, across builds):
    # path -> ((mtime in ns, size), sha256 of its bytes): read again when either changed.
    hashed: dict[Path, tuple[tuple[int, int], str]] = {}
    # (package, module, name) -> ({module: hash of its file}, code key)
    code_keys: dict[tuple[str, str, str], tuple[dict[str, str], str]] = {}
    lock = threading.Lock()

    def __init__(self, root: Path, snippets: dict | None = None) -> None:
        import markdown

        self.root = root
        settings = {"base_path": [str(root)], "check_paths": True, "dedent_subsections": True}
        settings |= {key: value for key, value in (snippets or {}).items() if key != "auto_append"}
        converter = markdown.Markdown(
            extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": settings}
        )
        self.snippets = converter.preprocessors["snippet"]
        self.auto_append = list((snippets or {}).get("auto_append", []))
        self.kept: dict[tuple, object] = {}  # what ``once`` methods found in this build

    # --- Files ------------------------------------------------------------------------------

    @once
    def text(self, path: Path) -> str:
        """The text of ``path``."""
        return path.read_text(encoding="utf-8")

    def pages(self) -> dict[Path, str]:
        """Every Markdown page of ``docs/``, by path, sorted."""
        return {path: self.text(path) for path in sorted((self.root / "docs").rglob("*.md"))}

    @once
    def data_files(self) -> tuple[Path, ...]:
        """The files of ``data/``, sorted, but its README (their source and licence)."""
        found = (self.root / "data").glob("*")
        return tuple(sorted(p for p in found if p.is_file() and p.name != "README.md"))

    @once
    def data_digest(self) -> str:
        """Hash of the names and bytes of ``data_files``."""
        digest = hashlib.sha256()
        for path in self.data_files():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def appended(self) -> list[Path]:
        """The files pymdownx.snippets appends to every page (``auto_append``), where it finds
        them."""
        found = []
        for name in self.auto_append:
            path = self.snippets.get_snippet_path(name)
            if path is None:
                raise PluginError(f"pymdownx.snippets' auto_append names {name}, in no base_path")
            found.append(Path(path))
        return found

    def relative(self, path: Path) -> str:
        """``path`` as keys hash it: relative to the project (a moved checkout keeps its cache)."""
        return os.path.relpath(path, self.root) if path.is_relative_to(self.root) else str(path)

    # --- Includes and sections --------------------------------------------------------------

    @once
    def includes(self, text: str) -> list[Include]:
        """Every include of ``text``: a page's ``--8<-- "..."`` lines, and a notebook cell's
        ``# --8<-- "..."``."""
        found = []
        for line in text.splitlines():
            line = line.strip()
            line = line[2:] if line.startswith("# --8<--") else line
            match = self.snippets.RE_ALL_SNIPPETS.match(line) if "8<-" in line else None
            if match is None or match["escape"] or not match["snippet"]:
                continue
            target = self.snippets.parse_snippet_target(match["snippet"][1:-1])
            if target is None or target["start"]:
                continue  # line ranges: this site names sections
            path = self.snippets.get_snippet_path(target["path"])
            found.append(Include(target["path"], target["section"], Path(path) if path else None))
        return found

    def section_names(self, path: Path) -> list[str]:
        """The sections of ``path``, in order of their start markers."""
        names = []
        for line in self.text(path).split("\n"):
            marker = self.snippets.match_section(line)
            if marker and not marker["escape"] and marker["type"] == "start":
                names.append(marker["name"])
        return list(dict.fromkeys(names))

    @once
    def section(self, path: Path, name: str) -> str:
        """The text an include of section ``name`` of ``path`` shows, without the blank lines
        around it (pymdownx.snippets cuts it; KeyError if there is no such section)."""
        from pymdownx.snippets import SnippetMissingError

        try:
            lines = self.snippets.extract_section(name, self.text(path).split("\n"))
        except SnippetMissingError:
            raise KeyError(name) from None
        return "\n".join(lines).strip("\n")

    def included_text(self, include: Include, where: str) -> str:
        """What ``include`` shows; a missing file or section fails the build, naming the file
        and the sections it has."""
        if include.path is None:
            raise PluginError(f"{where} includes {include.file}, but there is no such file")
        if include.section is None:
            return self.text(include.path)
        try:
            return self.section(include.path, include.section)
        except KeyError:
            names = self.section_names(include.path)
            raise PluginError(
                f"{where} includes {include.file}:{include.section}, but {include.file} has no "
                f"section {include.section!r} (its sections: {', '.join(names) or 'none'}); mark "
                f"one in {include.file} with `# --8<-- [start:{include.section}]` and "
                f"`# --8<-- [end:{include.section}]`"
            ) from None

    @once
    def section_of_lines(self, path: Path) -> dict[int, str]:
        """Line number -> the innermost section that line is in."""
        where, stack = {}, []
        for number, line in enumerate(self.text(path).split("\n"), 1):
            marker = self.snippets.match_section(line)
            if marker and marker["type"] == "start":
                stack.append(marker["name"])
            elif marker:
                stack.pop()
            elif stack:
                where[number] = stack[-1]
        return where

    # --- Modules ----------------------------------------------------------------------------

    def tree(self, path: Path) -> ast.Module:
        """The syntax tree of ``path``, shared by every caller: copy it before changing it."""
        return _parse(self.text(path), str(path))

    def definitions(self, path: Path) -> dict[str, ast.AST]:
        """Top-level definitions of a module (name -> node), docstrings stripped."""
        return _names(self.text(path), str(path))[0]

    def snippets_imports(self, path: Path) -> dict[str, tuple[str, str]]:
        """Names a module imports from ``snippets`` (local name -> (module, name))."""
        return _names(self.text(path), str(path))[1]

    def imports(self, path: Path, package: str = "snippets") -> tuple[frozenset, frozenset]:
        """(modules of ``package``, other top-level packages) that ``path`` imports."""
        return _imports(self.text(path), str(path), package)

    def strings(self, path: Path) -> frozenset[str]:
        """Every string constant of a module (a data file it names is among them)."""
        return _strings(self.text(path), str(path))

    def outline(self, path: Path) -> str:
        """What a module shows the reference pages of the modules that import it: its imports
        and the kind and name of each top-level definition, not their code or docstrings
        (mkdocstrings renders an importer's own source; names it reaches only link here)."""
        parts = []
        for node in self.tree(path).body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                parts.append(ast.dump(node))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                parts.append(f"{type(node).__name__} {node.name}")
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                parts += [f"= {n.id}" for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        return "\n".join(parts)

    @once
    def imported(self, path: Path) -> frozenset[Path]:
        """``path`` and every module of its package it imports, directly or not."""
        seen: set[Path] = set()
        todo = [path]
        while todo:
            current = todo.pop()
            if current in seen or not current.is_file():
                continue
            seen.add(current)
            local = self.imports(current, current.parent.name)[0]
            todo += [current.parent / f"{name}.py" for name in local]
        return frozenset(seen)

    # --- Code keys --------------------------------------------------------------------------

    def code_key(self, package: Path, module: str, name: str) -> str:
        """Hash of the code ``module.name`` runs within ``package``: its definition and every
        definition of ``package`` it reaches by name, without docstrings or comments. Worked
        out again only when a file it reached changed. Safe from several threads."""
        with self.lock:
            hashes = self._hashes(package)
            where = (str(package), module, name)
            digest = hashlib.sha256(f"{package.name}\0{module}\0{name}".encode()).hexdigest()
            stored = folder(package.parent, "code-keys") / CODE_KEY_VERSION / f"{digest[:24]}.json"
            known = self.code_keys.get(where)
            if known is None and stored.is_file():  # from an earlier build
                known = self.code_keys[where] = tuple(json.loads(stored.read_text()))
            if known is not None and all(hashes.get(m) == h for m, h in known[0].items()):
                return known[1]
            key, modules = self._code_key(package, module, name)
            known = self.code_keys[where] = ({m: hashes.get(m, "") for m in modules}, key)
            write(stored, json.dumps(known))
            return key

    @once
    def _hashes(self, package: Path) -> dict[str, str]:
        """Hash of each module of ``package``, by name."""
        hashes = {}
        for path in package.glob("*.py"):
            stat = path.stat()
            known = self.hashed.get(path)
            if known is None or known[0] != (stat.st_mtime_ns, stat.st_size):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                known = self.hashed[path] = ((stat.st_mtime_ns, stat.st_size), digest)
            hashes[path.stem] = known[1]
        return hashes

    def _code_key(self, package: Path, module: str, name: str) -> tuple[str, set[str]]:
        """The code key, and every module whose file it read."""
        seen: set[tuple[str, str]] = set()
        todo = [(module, name)]
        digest = hashlib.sha256()
        while todo:
            item = todo.pop()
            if item in seen:
                continue
            seen.add(item)
            path = package / f"{item[0]}.py"
            if not path.is_file():
                continue
            definitions, imports = _names(self.text(path), str(path))
            if item[1] in imports:
                todo.append(imports[item[1]])
                continue
            node = definitions.get(item[1])
            if node is None:
                continue  # a builtin, or a name from numpy: its version is in each key
            digest.update(f"{item[0]}.{item[1]}\0".encode() + _dumped(node).encode())
            todo += [(item[0], used) for used in _used(node)]
        return digest.hexdigest()[:20], {m for m, _ in seen}


def nav_paths(nav: object) -> list[str]:
    """Every file path listed in a ``nav`` setting."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in nav_paths(value)]
    if isinstance(nav, list):
        return [path for item in nav for path in nav_paths(item)]
    return []


def forget_other_code_keys(root: Path) -> None:
    """Delete the code keys kept by other versions of this file."""
    prune(folder(root, "code-keys"), [CODE_KEY_VERSION])


@functools.lru_cache(maxsize=1024)
def _parse(text: str, path: str) -> ast.Module:
    return ast.parse(text, path)


@functools.lru_cache(maxsize=1024)
def _names(text: str, path: str) -> tuple[dict[str, ast.AST], dict[str, tuple[str, str]]]:
    definitions: dict[str, ast.AST] = {}
    imports: dict[str, tuple[str, str]] = {}
    for node in strip_docstrings(ast.parse(text, path)).body:  # a tree of its own: stripped
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
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


@functools.lru_cache(maxsize=4096)  # by node: walking the definitions a key reaches took 0.2 s
def _used(node: ast.AST) -> tuple[str, ...]:  # of a snippet save, for files that had not changed
    return tuple(child.id for child in ast.walk(node) if isinstance(child, ast.Name))


@functools.lru_cache(maxsize=1024)  # by text: walking a module's tree took 0.3 s of each reload
def _strings(text: str, path: str) -> frozenset[str]:
    return frozenset(
        node.value
        for node in ast.walk(_parse(text, path))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


@functools.lru_cache(maxsize=4096)  # by node: those of an unchanged file are dumped once
def _dumped(node: ast.AST) -> str:
    return ast.dump(node)


@functools.lru_cache(maxsize=1024)
def _imports(text: str, path: str, package: str) -> tuple[frozenset[str], frozenset[str]]:
    local: set[str] = set()
    other: set[str] = set()
    for node in ast.walk(_parse(text, path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top, _, rest = alias.name.partition(".")
                if top == package and rest:
                    local.add(rest.split(".")[0])
                else:
                    other.add(top)
        elif isinstance(node, ast.ImportFrom):
            parts = (node.module or "").split(".") if node.module else []
            if node.level or parts[:1] == [package]:  # `from .x import`, `from snippets.x import`
                rest = parts[1:] if parts[:1] == [package] and not node.level else parts
                local.update(rest[:1] or [alias.name for alias in node.names])
            else:
                other.add(parts[0])
    return frozenset(local), frozenset(other)
