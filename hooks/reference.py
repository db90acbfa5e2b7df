"""MkDocs hook: generate the snippets reference, a page per module of ``snippets/``.

mkdocstrings (with mkdocstrings-python, which reads the code with griffe, without importing it)
renders each public function and class from its signature and numpy-style docstring; this hook
writes the pages that ask for them:

- ``reference/index.md``, which lists every module with the first paragraph of its docstring;
- ``reference/<module>.md``, one ``::: snippets.<module>.<name>`` block per public name, and
  under each one the links to the article sections and notebooks that include it (found by
  reading the ``--8<--`` includes in ``docs/`` and ``notebooks/``).

The index is in ``nav`` (``mkdocs.yml`` must list it); the module pages are linked from it,
not from ``nav``, which every page carries. A page per module, not one page for the package: a
saved module re-renders its own pages only (``hooks/pages.py`` keys each page on the module it
documents), and no page grows with the number of articles. A public function or class without
a docstring fails the build (mkdocstrings would leave it out silently).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from markdown.extensions.toc import slugify
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from hooks.parsed import parse

INDEX = "reference/index.md"
# The module pages stay out of nav: every page carries the whole nav, and three modules per
# article listed there would make every page heavier and slower to render as the site grows.
APART = InclusionLevel.NOT_IN_NAV
INCLUDE = re.compile(r'--8<-- "snippets/(\w+\.py):(\w+)"')
MARKER = re.compile(r"^\s*# --8<-- \[(start|end):(\w+)\]\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def modules(root: Path) -> list[Path]:
    """The modules of ``snippets/`` that get a reference page, by name."""
    return sorted(p for p in (root / "snippets").glob("*.py") if p.name != "__init__.py")


def page_of(module: Path) -> str:
    """The reference page (under ``docs/``) of ``module``."""
    return f"reference/{module.stem}.md"


def summary(module: Path) -> str:
    """The first paragraph of ``module``'s docstring, on one line ("" without one)."""
    docstring = ast.get_docstring(parse(module))
    return " ".join((docstring or "").strip().split("\n\n")[0].split())


def public_names(module: Path) -> list[tuple[str, int]]:
    """Public top-level functions and classes of ``module`` with their line numbers; each must
    have a docstring."""
    names = []
    for node in parse(module).body:
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
    """(file, section) -> [(link, label)] for every include in the articles and notebooks; links
    are relative to ``docs/``."""
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


def _dependencies(root: Path) -> str:
    """Which modules need matplotlib (themselves or through a module they import), read from
    their imports; the others need numpy alone."""
    from hooks.downloads import imports

    package = root / "snippets"

    def needs_matplotlib(module: Path, seen: frozenset[Path] = frozenset()) -> bool:
        local, other = imports(module, package.name)
        return "matplotlib" in other or any(
            needs_matplotlib(package / f"{name}.py", seen | {module})
            for name in local
            if (package / f"{name}.py").is_file() and package / f"{name}.py" not in seen
        )

    heavy = [module.stem for module in modules(root) if needs_matplotlib(module)]
    if not heavy:
        return "Every module needs numpy alone."
    listed = ", ".join(f"`{name}`" for name in heavy)
    return f"These draw with matplotlib and need it: {listed}. The others need numpy alone."


def index_markdown(root: Path) -> str:
    """The reference's first page: what it is, and every module with its summary."""
    lines = [
        "---",
        "description: Every public function and class of the snippets package, with its signature,",
        "  docstring and the articles that use it. Generated from the code at each build.",
        "---",
        "",
        "# Snippets reference",
        "",
        "Every public function and class of the `snippets` package, generated from the code each",
        "time the site is built, a page per module. Under a function an article or notebook",
        "shows, links lead to the sections that show it.",
        "",
        _dependencies(root),
        "",
    ]
    for module in modules(root):
        about = summary(module)
        lines.append(f"- [snippets.{module.stem}]({module.stem}.md)" + (f": {about}" if about else ""))
    return "\n".join(lines) + "\n"


def module_markdown(module: Path, used: dict[tuple[str, str], list[tuple[str, str]]]) -> str:
    """The reference page of ``module``: a mkdocstrings block (``::: snippets.<module>.<name>``)
    for each public name, each followed by the links to what shows it."""
    sections = section_of_lines(module)
    names = public_names(module)  # checks every docstring first
    lines = [
        "---",
        f"title: snippets.{module.stem}",  # else MkDocs names it after the file: "Dropout"
        f"description: {json.dumps(summary(module) or f'The snippets.{module.stem} module.')}",
        "---",
        "",
        f"::: snippets.{module.stem}",
        "    options:",
        "      heading_level: 1",
        "      members: false",
        "      show_root_full_path: true",
        "",
    ]
    for name, line in names:
        lines += [f"::: snippets.{module.stem}.{name}", ""]
        if links := used.get((module.name, sections.get(line, "")), []):
            shown = ", ".join(f"[{label}](../{link})" for link, label in links)
            lines += [f"Shown in: {shown}.", ""]
    lines.append("Every module: [the snippets reference](index.md).")  # not in nav: a way back
    return "\n".join(lines) + "\n"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated reference pages: the index, which ``nav`` lists, and the module
    pages, which it does not."""
    from hooks.notebooks import nav_paths

    if INDEX not in nav_paths(config.nav or []):
        raise PluginError(
            f"mkdocs.yml: nav has no entry for {INDEX} (e.g. '- Snippets reference: {INDEX}'); "
            "hooks/reference.py writes it, and it links a page per snippets module"
        )
    root = Path(config.config_file_path).resolve().parent
    used = usages(root)
    files.append(File.generated(config, INDEX, content=index_markdown(root)))
    for module in modules(root):
        content = module_markdown(module, used)
        files.append(File.generated(config, page_of(module), content=content, inclusion=APART))
    return files


# mkdocstrings links its stylesheet from every page; only pages it rendered need it (1.7 KB of
# gzip on every other page's first load, where the budget is 120 KB).
STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">\s*')


def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    """Drop mkdocstrings' stylesheet from pages without anything it rendered."""
    if 'class="doc doc-' in output:
        return output
    return STYLESHEET.sub("", output, count=1)
