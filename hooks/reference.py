"""MkDocs hook: generate ``reference.md``, the reference of every public name in ``snippets/``.

mkdocstrings (with mkdocstrings-python, which reads the code with griffe, without importing it)
renders each public function and class from its signature and numpy-style docstring; this hook
writes the page that asks for them, one ``::: snippets.<module>.<name>`` block each, and under
each one the links to the article sections and notebooks that include it (found by reading the
``--8<--`` includes in ``docs/`` and ``notebooks/``). A public function or class without a
docstring fails the build (mkdocstrings would leave it out silently). ``hooks/pages.py`` keeps
the page's conversion, keyed on the snippets it documents.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from markdown.extensions.toc import slugify
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

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
                    f"notebooks/{notebook.stem}.ipynb",
                    title[1] if title else notebook.stem,
                )
            )
    return found


def reference_markdown(root: Path) -> str:
    """The whole reference page: a mkdocstrings block (``::: snippets.<module>.<name>``) for
    each public name, each followed by the links to what shows it."""
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
        lines += [
            f"::: snippets.{module.stem}",
            "    options:",
            "      heading_level: 2",
            "      members: false",
            "      show_root_full_path: true",
            "",
        ]
        for name, line in names:
            lines += [f"::: snippets.{module.stem}.{name}", ""]
            links = used.get((module.name, sections.get(line, "")), [])
            if links:
                lines += [
                    "Shown in: " + ", ".join(f"[{label}]({link})" for link, label in links) + ".",
                    "",
                ]
    return "\n".join(lines) + "\n"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated ``reference.md``."""
    root = Path(config.config_file_path).resolve().parent
    files.append(File.generated(config, "reference.md", content=reference_markdown(root)))
    return files


# mkdocstrings links its stylesheet from every page; only pages it rendered need it (1.7 KB of
# gzip on every other page's first load, where the budget is 120 KB).
STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">\s*')


def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    """Drop mkdocstrings' stylesheet from pages without anything it rendered."""
    if 'class="doc doc-' in output:
        return output
    return STYLESHEET.sub("", output, count=1)
