"""Generate the snippets reference for mkdocstrings: ``reference/index.md`` (in ``nav``) lists
every module with its summary, and ``reference/<module>.md`` (not in ``nav``) has one
``::: snippets.<module>.<name>`` block per public name, each followed by links to the sections
and notebooks that include it. A page per module: a saved module re-renders its own page only.
A public name without a docstring fails the build (mkdocstrings would leave it out silently).
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

from hooks import state
from hooks.sources import Sources, nav_paths

INDEX = "reference/index.md"
# The module pages stay out of nav: every page carries the whole nav, and three modules per
# article listed there would make every page heavier and slower to render as the site grows.
APART = InclusionLevel.NOT_IN_NAV
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def modules(root: Path) -> list[Path]:
    """The modules of ``snippets/`` that get a reference page, by name."""
    return sorted(p for p in (root / "snippets").glob("*.py") if p.name != "__init__.py")


def page_of(module: Path) -> str:
    """The reference page (under ``docs/``) of ``module``."""
    return f"reference/{module.stem}.md"


def summary(module: Path, sources: Sources) -> str:
    """The first paragraph of ``module``'s docstring, on one line ("" without one)."""
    docstring = ast.get_docstring(sources.tree(module))
    return " ".join((docstring or "").strip().split("\n\n")[0].split())


def public_names(module: Path, sources: Sources) -> list[tuple[str, int]]:
    """Public top-level functions and classes of ``module`` with their line numbers; each must
    have a docstring."""
    names = []
    for node in sources.tree(module).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            if not ast.get_docstring(node):
                raise PluginError(f"{module}:{node.lineno}: public {node.name} has no docstring")
            names.append((node.name, node.lineno))
    return names


def usages(sources: Sources) -> dict[tuple[Path, str], list[tuple[str, str]]]:
    """(file, section) -> [(link, label)] for every include in the articles and notebooks; links
    are relative to ``docs/``."""
    root = sources.root
    found: dict[tuple[Path, str], list[tuple[str, str]]] = {}
    for page, text in sources.pages().items():
        title, heading = page.stem, None
        for line in text.splitlines():
            if match := HEADING.match(line):
                if len(match[1]) == 1:
                    title = match[2]
                else:
                    heading = match[2]
            for include in sources.includes(line) if "8<-" in line else ():
                link = page.relative_to(root / "docs").as_posix()
                if heading:
                    link += "#" + slugify(heading, "-")
                label = f"{title} › {heading}" if heading else title
                found.setdefault((include.path, include.section), []).append((link, label))
    for notebook in sorted((root / "notebooks").glob("*.py")):
        text = sources.text(notebook)
        title = re.search(r"^# # (.+)$", text, re.M)
        for include in sources.includes(text):
            link = (f"notebooks/{notebook.stem}.ipynb", title[1] if title else notebook.stem)
            found.setdefault((include.path, include.section), []).append(link)
    return found


def _dependencies(sources: Sources) -> str:
    """Which modules need matplotlib (themselves or through a module they import), read from
    their imports; the others need numpy alone."""
    heavy = [
        module.stem
        for module in modules(sources.root)
        if any("matplotlib" in sources.imports(path)[1] for path in sources.imported(module))
    ]
    if not heavy:
        return "Every module needs numpy alone."
    listed = ", ".join(f"`{name}`" for name in heavy)
    return f"These draw with matplotlib and need it: {listed}. The others need numpy alone."


def index_markdown(sources: Sources) -> str:
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
        _dependencies(sources),
        "",
    ]
    for module in modules(sources.root):
        about = summary(module, sources)
        lines.append(f"- [snippets.{module.stem}]({module.stem}.md)" + (f": {about}" if about else ""))
    return "\n".join(lines) + "\n"


def module_markdown(
    module: Path, used: dict[tuple[Path, str], list[tuple[str, str]]], sources: Sources
) -> str:
    """The reference page of ``module``: a mkdocstrings block (``::: snippets.<module>.<name>``)
    for each public name, each followed by the links to what shows it."""
    sections = sources.section_of_lines(module)
    names = public_names(module, sources)  # checks every docstring first
    lines = [
        "---",
        f"title: snippets.{module.stem}",  # else MkDocs names it after the file: "Dropout"
        f"description: {json.dumps(summary(module, sources) or f'The snippets.{module.stem} module.')}",
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
        if links := used.get((module, sections.get(line, "")), []):
            shown = ", ".join(f"[{label}](../{link})" for link, label in links)
            lines += [f"Shown in: {shown}.", ""]
    lines.append("Every module: [the snippets reference](index.md).")  # not in nav: a way back
    return "\n".join(lines) + "\n"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated reference pages: the index, which ``nav`` lists, and the module
    pages, which it does not."""
    if INDEX not in nav_paths(config.nav or []):
        raise PluginError(
            f"mkdocs.yml: nav has no entry for {INDEX} (e.g. '- Snippets reference: {INDEX}'); "
            "hooks/reference.py writes it, and it links a page per snippets module"
        )
    sources = state.build.sources
    used = usages(sources)
    files.append(File.generated(config, INDEX, content=index_markdown(sources)))
    for module in modules(sources.root):
        content = module_markdown(module, used, sources)
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
