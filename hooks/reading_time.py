"""``{{ reading_time.<page> }}``, the minutes it takes to read ``docs/<page>.md``.

The home page's cards say how long each article takes to read, counted by the build, never
typed: the words of the page's prose (front matter, fenced code, include lines, HTML comments
and images left out; a ``{{ ... }}`` number counts as one word) at ``WORDS_A_MINUTE``, rounded
to the nearest minute, at least 1. A page that does not exist fails the build.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from hooks import state

WORDS_A_MINUTE = 200  # an adult reading technical prose in English
PLACEHOLDER = re.compile(r"\{\{\s*reading_time\.(\w+)\s*\}\}")
NOT_PROSE = re.compile(
    r"\A---\n.*?\n---\n"  # front matter
    r"|^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$"  # a fenced block
    r"|^[^\n]*--8<--[^\n]*$"  # an include
    r"|<!--.*?-->"  # a comment
    r"|!\[(?:[^\[\]]|\[[^\]]*\])*\]\([^)]*\)(\{[^}]*\})?",  # an image, with its alt text
    re.S | re.M,
)
WORD = re.compile(r"\{\{.*?\}\}|[^\W_](?:[\w'’.-]*\w)?")


def minutes(markdown: str) -> int:
    """Minutes to read ``markdown``'s prose."""
    words = len(WORD.findall(NOT_PROSE.sub(" ", markdown)))
    return max(1, round(words / WORDS_A_MINUTE))


def on_page_markdown(markdown: str, *, page, config: MkDocsConfig, **kwargs) -> str:
    """Replace each ``{{ reading_time.<page> }}`` with that page's minutes."""

    def value(match: re.Match[str]) -> str:
        source = Path(config.docs_dir) / f"{match[1]}.md"
        if not source.is_file():
            raise PluginError(
                f"{page.file.src_uri}: {match[0]}: there is no docs/{match[1]}.md"
            )
        return str(minutes(state.build.sources.text(source)))

    return PLACEHOLDER.sub(value, markdown)
