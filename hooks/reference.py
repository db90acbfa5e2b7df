"""MkDocs hook: generate ``reference.md``, the reference of every public name in ``snippets/``.

The page is written from the code: griffe (mkdocstrings' parser) reads each public function's
signature and numpy-style docstring without importing anything, and this hook writes them as
Markdown (the signature, then lists of parameters, returns and errors), with links under
each one to the article sections and notebooks that include it (found by reading the
``--8<--`` includes in ``docs/`` and ``notebooks/``). A public function or class without a
docstring fails the build. The page is cached in ``.cache/reference`` by a hash of everything it
is made from, so a build where none of that changed does not even import griffe.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import re
import threading
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

GRIFFE = f"griffelib=={importlib.metadata.version('griffelib')}"
INCLUDE = re.compile(r'--8<-- "snippets/(\w+\.py):(\w+)"')
MARKER = re.compile(r"^\s*# --8<-- \[(start|end):(\w+)\]\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def public_names(module: Path) -> list[tuple[str, int]]:
    """Public top-level functions and classes of ``module`` with their line numbers; each must
    have a docstring."""
    tree = ast.parse(module.read_text(encoding="utf-8"), str(module))
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            if not ast.get_docstring(node):
                raise PluginError(f"{module}:{node.lineno}: public {node.name} has no docstring")
            names.append((node.name, node.lineno))
    return names


def section_of_lines(module: Path) -> dict[int, str]:
    """Line number -> name of the section that line is in (innermost, if nested)."""
    where, stack = {}, []
    for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1):
        marker = MARKER.match(line)
        if marker and marker[1] == "start":
            stack.append(marker[2])
        elif marker:
            stack.pop()
        elif stack:
            where[number] = stack[-1]
    return where


def usages(root: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(file, section) -> [(link, label)] for every include in the articles and notebooks."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for page in sorted((root / "docs").rglob("*.md")):
        title, heading = page.stem, None
        for line in page.read_text(encoding="utf-8").splitlines():
            if match := HEADING.match(line):
                if len(match[1]) == 1:
                    title = match[2]
                else:
                    heading = match[2]
            for include in INCLUDE.finditer(line):
                link = page.relative_to(root / "docs").as_posix()
                if heading:
                    link += "#" + slugify(heading, "-")
                label = f"{title} › {heading}" if heading else title
                found.setdefault((include[1], include[2]), []).append((link, label))
    for notebook in sorted((root / "notebooks").glob("*.py")):
        text = notebook.read_text(encoding="utf-8")
        title = re.search(r"^# # (.+)$", text, re.M)
        for include in INCLUDE.finditer(text):
            found.setdefault((include[1], include[2]), []).append(
                (
                    f"notebooks/{notebook.stem}.md",
                    title[1] if title else notebook.stem,
                )
            )
    return found


def _one_line(text: str) -> str:
    """Docstring text for a list item: one line."""
    return " ".join(text.split())


def docstring_markdown(obj: Any) -> list[str]:
    """The parsed numpy docstring of ``obj`` as Markdown lines."""
    lines: list[str] = []
    for section in obj.docstring.parse("numpy"):
        kind = section.kind.value
        if kind == "text":
            lines += [section.value, ""]
        elif kind == "parameters":  # lists, not tables: they read on a phone too
            lines += ["**Parameters**", ""]
            for item in section.value:
                default = "" if item.default is None else f", default `{item.default}`"
                lines.append(
                    f"- `{item.name}` (`{item.annotation}`{default}): {_one_line(item.description)}"
                )
            lines.append("")
        elif kind in ("returns", "raises", "yields"):
            lines += [f"**{kind.capitalize()}**", ""]
            for item in section.value:
                lines.append(f"- `{item.annotation}`: {_one_line(item.description)}")
            lines.append("")
        elif kind == "examples":
            lines += ["**Examples**", ""]
            for example_kind, text in section.value:
                if example_kind.value == "examples":
                    lines += ["```pycon", text, "```", ""]
                else:
                    lines += [text, ""]
        else:
            lines += [f"**{section.title or kind.capitalize()}**", "", str(section.value), ""]
    return lines


def reference_markdown(root: Path) -> str:
    """The whole reference page."""
    import griffe

    package = griffe.load("snippets", search_paths=[str(root)], docstring_parser="numpy")
    used = usages(root)
    lines = [
        "---",
        "description: Every public function and class of the snippets package, with its signature,",
        "  docstring and the articles that use it. Generated from the code at each build.",
        "---",
        "",
        "# Snippets reference",
        "",
        "Every public function and class of the `snippets` package, generated from the code each",
        "time the site is built. Under each one, links lead to the article sections and notebooks",
        "that show it. The modules ending in `_figures` draw the site's figures; they need",
        "matplotlib, the others numpy alone.",
        "",
    ]
    for module in sorted((root / "snippets").glob("*.py")):
        if module.name == "__init__.py":
            continue
        sections = section_of_lines(module)
        names = public_names(module)  # checks every docstring first
        members = package[module.stem]
        lines += [f"## `snippets.{module.stem}` {{ #snippets.{module.stem} }}", ""]
        lines += [members.docstring.value if members.docstring else "", ""]
        for name, line in names:
            obj = members[name]
            lines += [f"### `{name}` {{ #snippets.{module.stem}.{name} }}", ""]
            if obj.is_class:
                bases = ", ".join(str(base) for base in obj.bases)
                head = f"class {name}({bases})" if bases else f"class {name}"
            else:
                head = f"def {obj.signature()}"
            # Inline code, not a code block: it wraps on a phone, and fifty highlighted blocks
            # with copy buttons made this page the slowest of the site to become interactive.
            lines += [f"`{head}`{{ .signature }}", ""]
            lines += docstring_markdown(obj)
            fields = [
                member
                for member in obj.members.values()
                if obj.is_class and member.is_attribute and not member.name.startswith("_")
            ]
            if fields:
                lines += ["**Fields**", ""]
                lines += [f"- `{field.name}` (`{field.annotation}`)" for field in fields]
                lines.append("")
            links = used.get((module.name, sections.get(line, "")), [])
            if links:
                lines += [
                    "Shown in: " + ", ".join(f"[{label}]({link})" for link, label in links) + ".",
                    "",
                ]
    return "\n".join(lines) + "\n"


def cache_key(root: Path) -> str:
    """Hash of everything the page is made from: the snippets, the pages and notebooks that
    include them, this hook and griffe's version."""
    digest = hashlib.sha256(GRIFFE.encode())
    digest.update(Path(__file__).read_bytes())
    for folder, pattern in (("snippets", "*.py"), ("docs", "*.md"), ("notebooks", "*.py")):
        for path in sorted((root / folder).rglob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def on_startup(*, command: str, dirty: bool) -> None:
    """Under ``mkdocs serve``, import griffe now rather than at the first edit of a snippet."""
    if command == "serve":
        threading.Thread(target=importlib.import_module, args=("griffe",), daemon=True).start()


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated ``reference.md``."""
    root = Path(config.config_file_path).resolve().parent
    cached = root / ".cache" / "reference" / f"{cache_key(root)}.md"
    if not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        for stale in cached.parent.glob("*.md"):
            stale.unlink()
        partial = cached.with_suffix(".partial")
        partial.write_text(reference_markdown(root), encoding="utf-8")
        partial.replace(cached)
    files.append(File.generated(config, "reference.md", abs_src_path=str(cached)))
    return files
