"""MkDocs hook: an article that includes a missing section fails the build, saying which file
it looked in and which sections that file has.

pymdownx.snippets (``check_paths: true``) fails too, but its message ("Snippet section 'x'
could not be located") names neither the page nor the file. This hook checks every
``--8<-- "<file>:<section>"`` of a page before pymdownx.snippets includes it, with the rules
the notebooks use (``hooks/notebooks.py``, ``section_text``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

INCLUDE = re.compile(r'^[ \t]*--8<-- "([^":]+\.\w+):(\w+)"', re.M)


def on_page_markdown(markdown: str, *, page, config: MkDocsConfig, files) -> str:
    """Fail on an include of a section that does not exist."""
    root = Path(config.config_file_path).resolve().parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from hooks.notebooks import section_text

    where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    for match in INCLUDE.finditer(markdown):
        section_text(match[1], match[2], root, where)
    return markdown
