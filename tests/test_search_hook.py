"""The search hook: a page indexed again gives exactly the plugin's own entries, and a page that
changed is indexed afresh."""

import json
from types import SimpleNamespace

import pytest
from hooks import search, state
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import get_toc

HTML = (
    '<h1 id="title">Title</h1><p>First words.</p>'
    '<h2 id="part">A part</h2><p>More words about <code>dropout</code>.</p>'
)


def page(content: str, url: str = "article/"):
    toc = get_toc(
        [
            {
                "level": 1,
                "id": "title",
                "name": "Title",
                "children": [{"level": 2, "id": "part", "name": "A part", "children": []}],
            }
        ]
    )
    return SimpleNamespace(url=url, title="Title", meta={}, toc=toc, content=content)


def entries(add_entry, *pages) -> list[dict]:
    index = SearchIndex()
    for each in pages:
        add_entry(index, each)
    return index.entries


@pytest.fixture
def build(tmp_path, monkeypatch):
    """A build of an empty project in ``tmp_path``, with nothing remembered from others."""
    from hooks.sources import Sources

    monkeypatch.setattr(state, "process", state.Process())
    monkeypatch.setattr(state, "build", state.Build(tmp_path, Sources(tmp_path)))
    return state.build


def test_a_page_seen_before_gets_the_plugins_own_entries_and_a_changed_one_new_ones(build):
    plain = SearchIndex.add_entry_from_context  # the hook wraps it only in a build's process
    remembered = search.remembered(plain)
    first = entries(remembered, page(HTML))
    assert first == entries(plain, page(HTML))
    assert [e["location"] for e in first] == ["article/", "article/#part"]
    assert entries(remembered, page(HTML)) == first  # from memory
    assert len(state.process.search_entries) == 1
    changed = HTML.replace("More words", "Other words")
    assert "Other words" in entries(remembered, page(changed))[1]["text"]
    assert entries(remembered, page(HTML, url="other/"))[0]["location"] == "other/"
    assert len(state.process.search_entries) == 3
    # Entries handed out are copies: changing them changes nothing kept.
    entries(remembered, page(HTML))[0]["text"] = "tampered"
    assert entries(remembered, page(HTML)) == first


def test_code_blocks_and_outputs_are_marked_to_stay_out_of_the_index_and_prose_is_not():
    html = (
        '<p>Prose with <code>dropout</code>.</p><div class="language-python highlight">'
        '<pre><code>x = 1</code></pre></div><div class="jp-RenderedText jp-OutputArea-output">'
        "<pre>2</pre></div>"
    )
    marked = search.on_page_content(html, page=None)
    assert marked.count(' data-search-exclude="true"') == 2
    index = SearchIndex()
    search.summaries(SearchIndex.add_entry_from_context)(
        index, page("<h1 id='title'>T</h1>" + marked)
    )
    assert "Prose with" in index.entries[0]["text"] and "x = 1" not in index.entries[0]["text"]


def test_reference_entries_keep_the_first_paragraph_of_each_docstring():
    html = '<h1 id="title">Title</h1><p>Summary line.</p><p>Long details.</p>'
    wrapped = search.summaries(SearchIndex.add_entry_from_context)
    kept = entries(wrapped, page(html, "reference/dropout/"))
    assert kept[0]["text"] == "<p>Summary line.</p>"
    for url in ("reference/", "article/"):  # the reference's index lists the modules; an article
        assert "Long details." in entries(wrapped, page(html, url))[0]["text"]


def test_entries_are_kept_between_builds_by_key_and_the_unused_ones_forgotten(build):
    remembered = search.remembered(SearchIndex.add_entry_from_context)
    folder = build.cache("search")
    first = entries(remembered, page(HTML))
    [stored] = folder.glob("*.json")
    assert json.loads(stored.read_text()) == first
    # A later build (a new process: nothing in memory) reads them back, as they are kept.
    stored.write_text(json.dumps([{**first[0], "text": "kept"}]))
    state.process.search_entries.clear()
    assert entries(remembered, page(HTML))[0]["text"] == "kept"
    # Another page, or other plugin settings, are indexed afresh.
    assert entries(remembered, page(HTML, url="other/"))[0]["location"] == "other/"
    other_settings = SearchIndex(separator="[\\s]+")
    remembered(other_settings, page(HTML))
    assert other_settings.entries[0]["text"] != "kept"
    assert len(list(folder.glob("*.json"))) == 3
    build.search_used = {stored.name}  # a build that used only the first page's entries
    original = SearchIndex.add_entry_from_context
    SearchIndex.add_entry_from_context = remembered  # as on_startup installs it
    try:
        search.on_post_build(config=None)
    finally:
        SearchIndex.add_entry_from_context = original
    assert list(folder.glob("*.json")) == [stored]


def test_a_build_that_kept_no_entries_forgets_none_of_the_stored_ones(build, monkeypatch):
    """A script that calls MkDocs' build() without on_startup (nothing remembered) must not
    empty the checkout's .cache/search, which other builds and copies read."""

    def plain(self, page):  # the plugin's method, not remembering
        return None

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", plain)
    stored = build.cache("search") / "entries.json"
    stored.write_text("[]")
    search.on_post_build(config=None)
    assert stored.is_file()
    plain.remembered = True  # a build that did remember: what it did not use goes
    search.on_post_build(config=None)
    assert not stored.exists()


def test_what_the_parser_skips_is_left_out_before_it_parses_and_the_entries_are_the_same(site):
    plain = SearchIndex.add_entry_from_context
    code = '<div class="highlight" data-search-exclude="true"><pre><span>x</span> = 1</pre></div>'
    html = f'<h1 id="title">T</h1><p>Before.</p>{code}<p>After.</p>'
    assert search.without_excluded(html) == '<h1 id="title">T</h1><p>Before.</p><p>After.</p>'
    # Where the plugin's parser does more than skip, the block stays: a nested </div> ends its
    # skip (it compares tags by name), a heading is read even there, a block before the first
    # heading may make the page's first section, an unclosed tag changes what follows.
    for block in (
        '<div class="highlight" data-search-exclude="true"><div><pre>x</pre></div><p>y</p></div>',
        '<div class="jp-OutputArea-output" data-search-exclude="true"><h2 id="in">In</h2></div>',
        '<div class="jp-OutputArea-output" data-search-exclude="true"><p>open</div>',
    ):
        kept = f'<h1 id="title">T</h1><p>Before.</p>{block}<p>After.</p>'
        assert search.without_excluded(kept) == kept
    first = f"{code}<h1 id='title'>T</h1>"
    assert search.without_excluded(first) == first
    pages = sorted(site.rglob("index.html"))
    lighter = 0
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if "<article" not in text:
            continue
        article = search.on_page_content(text[text.index("<article") : text.index("</article>")], page=None)
        light = search.without_excluded(article)
        assert entries(plain, page(light)) == entries(plain, page(article)), path
        lighter += len(light) < len(article)
    assert lighter >= len(list(site.glob("notebooks/*/index.html")))  # every notebook's code left out
