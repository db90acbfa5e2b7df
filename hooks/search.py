"""Material's search indexes prose, not code, and each page's entries are kept by their content.

Code blocks and notebook cells and outputs are marked ``data-search-exclude`` (the code is in the
notebooks and the reference again: README.md, "Page weight"); the reference's entries keep each
docstring's first paragraph (marking the rest of a docstring excluded breaks the plugin's parser,
which compares tags by name). ``internals.index_pages`` wraps the indexing: a
page's entries are kept in memory and in ``.cache/search`` by a key over all the plugin reads of
it, its settings and version and this file (ARCHITECTURE.md, ``kept_search_entries``).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib.metadata
import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from hooks import internals, state, store

# What else the entries depend on: the plugin's version and this file.
VERSION = importlib.metadata.version("mkdocs-material") + hashlib.sha256(
    Path(__file__).read_bytes()
).hexdigest()
# The opening tag of a code block (Material's, mkdocstrings', a notebook's code cell) or of a
# notebook cell's output.
CODE = re.compile(r'<div class="(?:[^"]*\s)?(?:highlight|jp-OutputArea-output)(?:\s[^"]*)?"')
# The pages whose index entries keep only their first paragraph, each function's summary: the
# module pages of the reference (hooks/reference.py), under this URL.
REFERENCE = "reference/"


def anchors(links: list[AnchorLink]) -> list[tuple[str, str, str, list]]:
    """The table of contents as plain data: (id, url, title, children)."""
    return [(link.id, link.url, link.title, anchors(link.children)) for link in links]


def page_key(page: Page, settings: str = "") -> str:
    """Hash of everything the search plugin reads from ``page``, and of ``settings``."""
    parts = (page.url, page.title, repr(sorted(page.meta.items())), repr(anchors(page.toc)))
    digest = hashlib.sha256(f"{VERSION}\0{settings}\0".encode())
    digest.update("\0".join(str(part) for part in parts).encode())
    digest.update(b"\0" + (page.content or "").encode())
    return digest.hexdigest()[:32]


# A block marked data-search-exclude that holds one <pre> and no other block: a code block, a
# notebook cell's code or text output (written unrolled: the <pre> holds most of a page).
SIMPLE_BLOCK = re.compile(
    r'<div [^>]*data-search-exclude="true"[^>]*>\s*<pre\b[^<]*(?:<(?!/pre>|/?div\b)[^<]*)*</pre>\s*</div>'
)


def without_excluded(html: str) -> str:
    """``html`` without its simple excluded blocks (``SIMPLE_BLOCK``), after its first heading,
    which the plugin's parser walks tag by tag only to skip them: 0.13 s for the Dropout
    notebook's page, 0.008 s without (measured). Other blocks stay: the parser compares tags by
    name, so a nested ``</div>`` ends its skip, and it reads headings even in skipped blocks."""
    first = re.search(r"<h[1-6]\b", html)
    return html if first is None else html[: first.start()] + SIMPLE_BLOCK.sub("", html[first.start() :])


def remembered(add_entry):
    """``SearchIndex.add_entry_from_context`` that reuses the entries of a page seen before,
    in this process or in an earlier build (``.cache/search``)."""

    @functools.wraps(add_entry)
    def wrapper(self, page: Page) -> None:
        key = page_key(page, json.dumps(self.config, sort_keys=True, default=repr))
        entries, build = state.process.search_entries, state.build
        stored = build.cache("search") / f"{key}.json"
        if key not in entries and stored.is_file():
            entries[key] = json.loads(stored.read_text(encoding="utf-8"))
        if key not in entries:
            before, content = len(self.entries), page.content
            page.content = without_excluded(content)  # what the plugin's parser would skip
            try:
                add_entry(self, page)
            finally:
                page.content = content
            entries[key] = copy.deepcopy(self.entries[before:])
            store.write(stored, json.dumps(entries[key]))
        else:
            self.entries.extend(copy.deepcopy(entries[key]))
        build.search_used.add(f"{key}.json")

    wrapper.remembered = True
    return wrapper


def summaries(add_entry):
    """``SearchIndex.add_entry_from_context`` that keeps the reference's entries short."""

    @functools.wraps(add_entry)
    def wrapper(self, page: Page) -> None:
        before = len(self.entries)
        add_entry(self, page)
        if page.url.startswith(REFERENCE) and page.url != REFERENCE:
            for entry in self.entries[before:]:
                first, end, _ = entry["text"].partition("</p>")  # the first paragraph
                entry["text"] = first + end

    wrapper.summaries = True
    return wrapper


def on_startup(*, command: str, dirty: bool) -> None:
    """Wrap the search index's page indexing (once per process): reference entries kept
    short, and each page's entries remembered."""
    internals.index_pages(remembered, summaries)


def on_post_build(*, config: MkDocsConfig) -> None:
    """Forget the entries this build did not use (when it kept them: ``on_startup`` may not
    have run, as when a script calls MkDocs' ``build`` itself, and then nothing was used)."""
    if internals.indexing_remembered():
        store.prune(state.build.cache("search"), state.build.search_used, "*.json")


def on_page_content(html: str, *, page: Page, **kwargs: Any) -> str:
    """Mark the page's code blocks and outputs so that the search index leaves them out."""
    # (with a value: the plugin strips `data-search-*="..."` from the page once it has indexed it)
    return CODE.sub(lambda match: match[0] + ' data-search-exclude="true"', html)
