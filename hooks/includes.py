"""An article that includes a missing section fails the build, saying which file it looked in
and which sections that file has.

pymdownx.snippets (``check_paths: true``) fails too, but its message ("Snippet section 'x'
could not be located") names neither the page nor the file. This checks every ``--8<--`` line
of a page first, through the one reader of the sources (``hooks/sources.py``).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from hooks import state


def on_page_markdown(markdown: str, *, page, config: MkDocsConfig, files) -> str:
    """Fail on an include of a file or section that does not exist."""
    sources = state.build.sources
    where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    for include in sources.includes(markdown):
        sources.included_text(include, where)
    return markdown
