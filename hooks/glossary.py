"""The glossary page, from the file ``pymdownx.snippets`` appends to every page (``auto_append``).

Each line there is an abbreviation ``*[term]: definition``, which ``abbr`` makes a tooltip
wherever a page says ``term``. A page that says ``{{ glossary }}`` gets them as a sorted
definition list. A line that is not an abbreviation (it would show on every page) or a term
defined twice fails the build. No term is marked inside a link.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from hooks import state

MARKER = "{{ glossary }}"
ENTRY = re.compile(r"\*\[([^\]]+)\]:[ \t]*(\S.*)")
ABBR = re.compile(r"<abbr title=\"[^\"]*\">(.*?)</abbr>", re.S)
LINK = re.compile(r"<a\b[^>]*>.*?</a>", re.S)


def entries(path: Path, text: str) -> dict[str, str]:
    """The abbreviations of ``path``, term -> definition; raise PluginError on a line that is
    not one (it would show at the end of every page) or on a term defined twice."""
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = ENTRY.fullmatch(line.strip())
        if match is None:
            raise PluginError(
                f"{path.name}:{number}: {line!r} is not an abbreviation '*[term]: definition'; "
                "every line of the glossary is appended to every page"
            )
        if match[1] in found:
            raise PluginError(f"{path.name}:{number}: {match[1]!r} is defined twice")
        found[match[1]] = match[2]
    return found


def definition_list(glossary: dict[str, str]) -> str:
    """The glossary as a Markdown definition list, sorted by term."""
    return "\n\n".join(
        f"{term}\n:   {glossary[term]}" for term in sorted(glossary, key=str.casefold)
    )


def on_page_markdown(markdown: str, *, page, config: MkDocsConfig, **kwargs) -> str:
    """Write the glossary where a page says ``{{ glossary }}``."""
    if MARKER not in markdown:
        return markdown
    state.build.glossary_pages.add(page.file.src_uri)
    files = state.build.sources.appended()
    if not files:
        raise PluginError(
            f"{page.file.src_uri}: {MARKER} but pymdownx.snippets appends no glossary "
            "(auto_append in mkdocs.yml)"
        )
    glossary: dict[str, str] = {}
    for path in files:
        glossary |= entries(path, state.build.sources.text(path))
    return markdown.replace(MARKER, definition_list(glossary))


def on_page_content(html: str, *, page, config: MkDocsConfig, **kwargs) -> str:
    """No term inside a link (``overfitting.zip``, a title that links): a link takes the focus,
    and a tooltip on it would hide where it goes. None on the glossary page, which says each
    definition beside its term."""
    if page.file.src_uri in state.build.glossary_pages:
        return ABBR.sub(r"\1", html)
    return LINK.sub(lambda link: ABBR.sub(r"\1", link[0]), html)
