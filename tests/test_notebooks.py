"""Notebooks: generated from the snippets or written in docs/, executed at build, paged by
mkdocs-jupyter, light on the page, never without their plots."""

import gzip
import pickle
import re
import shutil
import subprocess
import sys

import nbformat
import numpy as np
import pytest
from bs4 import BeautifulSoup
from hooks import notebooks as hook
from hooks.notebooks import build_notebook
from hooks.sources import Sources
from scripts.project import EVERY_CACHE, copy_project

from tests.conftest import (
    ROOT,
    WALKTHROUGH,
    add_writer_notebooks,
    append_to,
    articles,
    assert_build_fails,
    build_env,
    nav_notebooks,
    notebook_pages,
    read_sections,
    run_build,
    snippet_sections,
)

INCLUDE = re.compile(r'# --8<-- "(snippets/\w+\.py):(\w+)"')  # a notebook cell's include
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.py"))


def soup_of(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def executed(site, path: str):
    """The executed notebook a notebook page offers for download."""
    (download,) = (site / path).glob("*.ipynb")
    return nbformat.read(download, as_version=4)


def test_every_article_has_a_notebook_and_they_link_each_other(site):
    assert NOTEBOOKS, "no notebooks/*.py"
    for name in NOTEBOOKS:
        assert (ROOT / "docs" / f"{name}.md").is_file(), f"notebooks/{name}.py has no article"
        article = BeautifulSoup(
            (site / name / "index.html").read_text(encoding="utf-8"),
            "html.parser",
        )
        assert article.select_one(f'article a[href="../notebooks/{name}/"]'), name
        notebook = BeautifulSoup(
            (site / "notebooks" / name / "index.html").read_text(encoding="utf-8"),
            "html.parser",
        )
        assert notebook.select_one(f'article a[href="../../{name}/"]'), name
        download = notebook.select_one(f'article a.md-button[href="{name}.ipynb"][download]')
        assert download and (site / "notebooks" / name / f"{name}.ipynb").is_file()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_downloadable_notebook_is_valid_and_its_code_is_the_snippets(site, name):
    notebook = nbformat.read(site / "notebooks" / name / f"{name}.ipynb", as_version=4)
    nbformat.validate(notebook)
    included = [cell for cell in notebook.cells if "snippet" in cell.metadata]
    assert included, (
        f"notebooks/{name}.py includes no snippets section: it holds the article's code"
    )
    for cell in included:
        file, section = cell.metadata["snippet"].split(":")
        assert cell.source == read_sections(ROOT / file)[section], cell.metadata["snippet"]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not re.search(r"^\s*(from|import)\s+snippets\b", cell.source, re.M), cell.source
    assert [cell.id for cell in notebook.cells] == [
        f"{name}-{i:02d}" for i in range(len(notebook.cells))
    ]


def printed(notebook) -> str:
    """Everything an executed notebook's cells printed."""
    return "\n".join(
        output.get("text", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )


@pytest.mark.parametrize("name", articles())
def test_every_comparison_a_page_states_is_printed_by_a_notebook_it_links(site, name):
    """A ``{{ module.claim_* }}`` sentence on an article is printed, word for word, by a notebook
    the article links to, run with its default settings, after a line naming the comparison
    (README: notebooks print the page's comparisons)."""
    from hooks.results import Numbers

    markdown = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
    claims = re.findall(r"\{\{\s*(\w+)\.(claim_\w+)\s*\}\}", markdown)
    linked = sorted(set(re.findall(r"\(notebooks/(\w+)\.ipynb", markdown)))
    output = "\n".join(
        printed(nbformat.read(site / "notebooks" / name / f"{name}.ipynb", as_version=4))
        for name in linked
    )
    values = Numbers(Sources(ROOT)).get()
    for module, claim in claims:  # "<name>, <what it compares>:" then the sentence
        name_line = rf"^{claim.removeprefix('claim_')}, [^\n]+:\n"
        said = re.escape(f"  {values[module][claim]}")
        assert re.search(name_line + said + "$", output, re.M), (
            f"docs/{name}.md: no notebook it links to ({linked}) prints {claim} as the page does"
        )


def test_a_kernel_reads_the_builds_kept_runs_and_keeps_its_own_for_the_build(tmp_path):
    """At build, a notebook's calls of a ``CACHED`` function read ``.cache/results`` and write
    to it, as the figure workers do; a notebook's own version of the function is left alone,
    and the executed notebook does not keep the cell that arranged it."""
    from hooks.results import cached, kernel_preamble
    from snippets.overfitting import training_curves

    store = tmp_path / "results"
    kept = cached(training_curves, store)
    planted = kept(0, epochs=3)._replace(best_epoch=-7)  # what a recomputation cannot give
    (path,) = (store / "training_curves").glob("*.pkl")
    path.write_bytes(pickle.dumps(planted))
    source = tmp_path / "kept.py"
    source.write_text(
        "# %% [markdown]\n# # Kept\n\n"
        '# %%\n# --8<-- "snippets/overfitting.py:curve_fits"\n\n'
        '# %%\n# --8<-- "snippets/overfitting.py:split"\n\n'
        '# %%\n# --8<-- "snippets/dropout.py:mask"\n\n'
        '# %%\n# --8<-- "snippets/dropout.py:checks"\n\n'
        '# %%\n# --8<-- "snippets/overfitting.py:network"\n\n'
        '# %%\n# --8<-- "snippets/overfitting.py:training"\n\n'
        '# %%\n# --8<-- "snippets/overfitting.py:experiment"\n\n'
        "# %%\nprint(training_curves(0, epochs=3).best_epoch)\n"
        "training_curves(seed=1, epochs=2)\n\n"
        "# %%\nfrom_the_snippets = training_curves\n"
        "def training_curves(seed, **settings):\n    return from_the_snippets(seed, **settings)\n"
        "print(getattr(training_curves, 'kept_by_the_build', False))\n",
        encoding="utf-8",
    )
    notebook = build_notebook(source, Sources(ROOT))
    hook.execute(notebook, "kept.py", preamble=kernel_preamble(Sources(ROOT), store))
    assert printed(notebook).split() == ["-7", "False"]
    assert [c.execution_count for c in notebook.cells if c.cell_type == "code"] == [*range(1, 10)]
    assert "kernel_cache" not in nbformat.writes(notebook)
    assert len(list((store / "training_curves").glob("*.pkl"))) == 2  # the kernel kept its run
    again = kept(1, epochs=2)  # read from the kernel's pickle: the build's own class
    fresh = training_curves(1, epochs=2)
    assert type(again) is type(fresh) and again.best_epoch == fresh.best_epoch
    np.testing.assert_array_equal(again.accuracy["test"], fresh.accuracy["test"])
    # Another kernel (another notebook, or the next build) reads what a kernel kept.
    notebook = build_notebook(source, Sources(ROOT))
    notebook.cells[-2].source += "\nprint(training_curves(seed=1, epochs=2).best_epoch)"
    hook.execute(notebook, "kept.py", preamble=kernel_preamble(Sources(ROOT), store))
    assert printed(notebook).split() == ["-7", str(fresh.best_epoch), "False"]


def test_kernels_run_away_from_the_repository_as_a_readers_would(monkeypatch):
    """The build runs each notebook in a fresh kernel, in an empty folder, without this
    repository on its path: every notebook that builds (each draws the plots its cells
    describe, or the build fails) runs for a reader who downloads it."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    environment = hook.kernel_env()
    assert "PYTHONPATH" not in environment
    assert environment["MPLBACKEND"] == hook.KERNEL_ENV["MPLBACKEND"]
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import importlib.util; print(importlib.util.find_spec('snippets'))"
            )
        ]
    )
    hook.execute(notebook, "a test notebook")
    assert notebook.cells[0].outputs[0].text == "None\n"  # `import snippets` would fail


def test_a_notebook_run_in_a_spare_kernel_has_the_outputs_of_a_fresh_kernels_run():
    """Under serve notebooks run in spare kernels, warmed up ahead: nothing of the warm-up may
    show, and every output must arrive, the same as in a kernel of its own."""
    source = sorted((ROOT / "notebooks").glob("*.py"))[0]
    fresh, spare = build_notebook(source, Sources(ROOT)), build_notebook(source, Sources(ROOT))
    # As the build runs them: the data files in the kernel's folder, the build's runs reused.
    preamble = hook.preamble(Sources(ROOT))
    hook.execute(fresh, "fresh", None, preamble)
    hook.execute(spare, "spare", hook.start_spare_kernel(), preamble)
    assert any(cell.get("outputs") for cell in spare.cells)
    assert nbformat.writes(spare) == nbformat.writes(fresh)


REUSED = """# %% [markdown]
# # Reused

# %%
import numpy as np


def double(x):
    \"\"\"Twice x.\"\"\"
    return 2 * x  # doubled


print(double(np.arange(3)))
"""


def test_a_run_of_the_same_code_is_reused_and_its_outputs_are_a_fresh_runs(tmp_path):
    """A docstring or a comment changes a notebook's page, not its outputs: the build takes the
    last run's outputs (``run_key``), which must be what a fresh run gives. Code, or a docstring
    a cell reads, runs it again."""
    source = tmp_path / "reused.py"

    def built(text: str):
        source.write_text(text, encoding="utf-8")
        return build_notebook(source, Sources(ROOT))

    first = built(REUSED)
    hook.execute(first, "first")
    key = hook.run_key(first)
    edited = built(REUSED.replace("Twice x.", "Two times x.").replace("# doubled", "# times 2"))
    assert hook.run_key(edited) == key
    fresh = built(edited_text := source.read_text(encoding="utf-8"))
    hook.execute(fresh, "fresh")
    hook.take_outputs(edited, first)
    assert "Two times x." in nbformat.writes(edited)
    assert nbformat.writes(edited) == nbformat.writes(fresh)
    assert hook.run_key(built(edited_text.replace("2 * x", "x + x"))) != key
    reads = REUSED + "print(double.__doc__)\n"
    assert hook.run_key(built(reads)) != hook.run_key(built(reads.replace("Twice", "Two times")))


@pytest.mark.parametrize("path", notebook_pages())
def test_notebook_page_shows_executed_outputs_and_stays_light(site, path):
    html = (site / path / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    wrapper = soup.select_one("article")
    notebook = executed(site, path)
    outputs = [out for cell in notebook.cells for out in cell.get("outputs", [])]
    images = [out for out in outputs if set(hook.IMAGES) & set(out.get("data", {}))]
    plots = wrapper.select(".jp-OutputArea-output img")
    assert len(plots) == len(images)
    for img in plots:  # each plot is a file beside the page, sized, lazy, described
        assert not img["src"].startswith("data:")
        assert (site / path / img["src"]).stat().st_size > 1000
        assert img["loading"] == "lazy" and int(img["width"]) > 0 and int(img["height"]) > 0
        assert len(img["alt"].split()) >= 8
    texts = [out for out in outputs if out.output_type == "stream"]
    assert len(wrapper.select(".jp-OutputArea-output pre")) >= len(texts)
    assert "cdnjs" not in html and "mathjax" not in html.lower() and "base64" not in html
    assert not wrapper.find_all(["style", "script"])  # the theme's CSS styles the page
    # Light: no inlined JupyterLab stylesheet (570 KB). The rest grows with the notebook's code
    # (highlighted code is markup-heavy: 240 KB, 26 KB gzip, for the Dropout notebook's training
    # code); the reader's budget (120 KB gzip on first load) is measured by the benchmark.
    assert len(html) < 400_000 and len(gzip.compress(html.encode())) < 40_000
    # Every code cell is a Material code block: highlighted, and copyable (<pre><code>).
    code = wrapper.select(".jp-InputArea div.highlight pre > code")
    assert [block.get_text() for block in code] == [
        cell.source + "\n" for cell in notebook.cells if cell.cell_type == "code"
    ]
    assert not wrapper.select("[tabindex].jp-Cell-inputWrapper, clipboard-copy")
    # One Tab stop per output (its text, its plot's link, or the output itself), none in another.
    for output in wrapper.select(".jp-OutputArea-output"):
        stops = output.select("[tabindex]") + ([output] if output.has_attr("tabindex") else [])
        links = output.select("a[href]")
        assert len(stops) + len(links) == 1 or (links and not stops), output.prettify()[:300]
    assert [a["href"] for a in soup.select(".md-sidebar--secondary nav a")]  # a table of contents
    name = f"{notebook.cells[0].id.rsplit('-', 1)[0]}.ipynb"
    assert wrapper.select_one(f'a.md-button[href="{name}"][download]')


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_generated_notebook_pages_are_titled_from_their_notebook(site, name):
    title = soup_of(site, f"notebooks/{name}").select_one("article h1").get_text()
    assert title.rstrip("¶").endswith("run it yourself")


def test_a_writers_notebooks_in_docs_become_pages_with_rich_outputs(writer_site):
    project, site = writer_site
    for source in nav_notebooks(project):
        page = source.rpartition(".")[0]
        notebook = executed(site, page)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code and all(cell.execution_count for cell in code), source  # run at build
        assert soup_of(site, page).select(".jp-OutputArea-output")
    rich = soup_of(site, "rich").select_one("article")
    assert [c.get_text(" ", strip=True) for c in rich.select(".jp-RenderedHTML td")] == [
        "0.5",
        "50%",
    ]
    maths = rich.select("math")  # TeX in Markdown and a LaTeX output, as MathML
    assert len(maths) == 3 and "$" not in rich.select_one(".jp-RenderedMarkdown").get_text()
    assert [m.get("display") for m in maths] == ["inline", "block", "inline"]
    assert rich.select_one("math msqrt") and rich.select_one("math mfrac")
    (svg,) = rich.select(".jp-OutputArea-output img")
    assert (site / "rich" / svg["src"]).read_bytes().lstrip().startswith(b"<?xml")
    assert svg["alt"].startswith("A rising curve") and int(svg["width"]) > 0
    assert "printed by a writer's notebook" in rich.get_text()
    # A module in docs/ that nav does not list stays a plain file, never a page.
    assert (site / "helpers.py").read_text(encoding="utf-8") == (
        project / "docs" / "helpers.py"
    ).read_text(encoding="utf-8")
    assert not (site / "helpers").exists()


@pytest.mark.parametrize(
    "cell, error",
    [
        ('raise RuntimeError("a broken cell")', "a broken cell"),  # a cell that raises
        # a plot without alt text
        ("import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()", "has no alt text"),
        # a cell that should draw, but its plot is not drawn (a non-inline backend)
        (
            '# %% alt="a line"\nimport matplotlib\nmatplotlib.use("agg")\n'
            "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()",
            "the kernel drew none",
        ),
        # an HTML output that loads a script from another host
        (
            "from IPython.display import HTML\n"
            "HTML('<script src=\"https://cdn.example.com/x.js\"></script>')",
            "another host",
        ),
    ],
)
def test_a_broken_notebook_cell_fails_the_build(project_copy, tmp_path, cell, error):
    append_to(project_copy / "notebooks" / f"{NOTEBOOKS[0]}.py", f"\n# %%\n{cell}\n")
    assert_build_fails(project_copy, tmp_path, error)


@pytest.mark.parametrize("kind", ["ipynb", "py"])
def test_a_raising_cell_in_a_writers_notebook_fails_the_build(project_copy, tmp_path, kind):
    add_writer_notebooks(project_copy)
    if kind == "ipynb":
        path = project_copy / "docs" / "rich.ipynb"
        notebook = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        notebook.cells.append(nbformat.v4.new_code_cell('raise ValueError("writer broke it")'))
        path.write_text(nbformat.writes(notebook), encoding="utf-8")
    else:
        append_to(
            project_copy / "docs" / "walkthrough.py",
            '\n# %%\nraise ValueError("writer broke it")\n',
        )
    assert_build_fails(project_copy, tmp_path, f"{kind}: a cell raised", "writer broke it")


def test_with_mplbackend_agg_in_the_environment_every_plot_is_still_drawn(tmp_path, monkeypatch):
    """Many CI images set MPLBACKEND=Agg; leaked into a kernel, plt.show() draws nothing."""
    (tmp_path / "walkthrough.py").write_text(WALKTHROUGH, encoding="utf-8")
    notebook = build_notebook(tmp_path / "walkthrough.py", Sources(ROOT))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    hook.execute(notebook, "walkthrough.py")
    described = [cell for cell in notebook.cells if cell.metadata.get("alt")]
    assert described, "the notebook draws no plot: nothing was tested"
    for cell in described:
        assert [out for out in cell.outputs if "image/png" in out.get("data", {})], cell.source


def test_the_cache_key_covers_the_kernel_settings_and_versions(monkeypatch):
    source = ROOT / "notebooks" / f"{NOTEBOOKS[0]}.py"
    key = hook.cache_key(source, Sources(ROOT))
    assert hook.cache_key(source, Sources(ROOT)) == key
    monkeypatch.setattr(hook, "KERNEL_ENV", {"MPLBACKEND": "agg"})
    assert hook.cache_key(source, Sources(ROOT)) != key
    monkeypatch.undo()
    monkeypatch.setattr(hook, "VERSIONS", hook.VERSIONS.replace("matplotlib==", "matplotlib==0"))
    assert hook.cache_key(source, Sources(ROOT)) != key


def test_the_cache_key_follows_the_included_sections_and_nothing_else_of_their_files(tmp_path):
    source = ROOT / "notebooks" / f"{NOTEBOOKS[0]}.py"
    project = copy_project(tmp_path / "project", share_results=False)
    copied = project / "notebooks" / source.name
    key = hook.cache_key(copied, Sources(project))
    file, section = INCLUDE.search(source.read_text(encoding="utf-8")).groups()
    path = project / file
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n\ndef elsewhere():\n    return 1\n", encoding="utf-8")
    assert hook.cache_key(copied, Sources(project)) == key  # not in a section the notebook includes
    start = f"# --8<-- [start:{section}]\n"
    path.write_text(text.replace(start, start + "# a new first line\n"), encoding="utf-8")
    assert hook.cache_key(copied, Sources(project)) != key


def test_the_cache_key_covers_the_data_files_and_defers_a_missing_include(tmp_path):
    source = ROOT / "notebooks" / f"{NOTEBOOKS[0]}.py"
    project = copy_project(tmp_path / "project", share_results=False)
    copied = project / "notebooks" / source.name
    key = hook.cache_key(copied, Sources(project))
    (project / "data" / "extra.csv").write_text("1,2\n", encoding="utf-8")  # the kernel gets it
    assert hook.cache_key(copied, Sources(project)) != key
    assert hook.run_key(build_notebook(copied, Sources(project)), "a") != hook.run_key(
        build_notebook(copied, Sources(project)), "b"
    )
    # A Markdown cell that quotes an include of nothing: not an include, and no error here.
    text = copied.read_text(encoding="utf-8")
    copied.write_text(text + '\n# %% [markdown]\n# --8<-- "snippets/gone.py:none"\n', "utf-8")
    hook.cache_key(copied, Sources(project))


def test_the_code_set_aside_comes_back_in_its_code_block_and_nothing_else_is_touched():
    code = '<span class="n">x</span> <span class="o">=</span> "&lt;/pre&gt; data-kept"'
    content = (
        '<h1 id="t">T</h1><div class="jp-InputArea"><div class="highlight-ipynb hl-python '
        f'highlight"><pre>{code}</pre></div></div><div class="jp-RenderedMarkdown">'
        '<p>A quoted <code data-kept="0"></code>.</p></div>'
    )
    where = hook.Where("n.ipynb", "n/", "n", "n.ipynb")
    page = hook.render_page(content, nbformat.v4.new_notebook(), where, {})
    assert f"<pre><code>{code}</code></pre>" in page
    assert '<p>A quoted <code data-kept="0"></code>.</p>' in page


def test_changing_a_snippet_changes_the_next_builds_notebook_output(project_copy, tmp_path):
    # The first section the first notebook includes gets a line that prints a marker.
    name = NOTEBOOKS[0]
    source = (ROOT / "notebooks" / f"{name}.py").read_text(encoding="utf-8")
    file, section = INCLUDE.search(source).groups()
    first = run_build(project_copy, tmp_path / "one")
    assert first.returncode == 0, first.stderr
    module = project_copy / file
    end = f"# --8<-- [end:{section}]"
    module.write_text(
        module.read_text(encoding="utf-8").replace(end, f'print("changed by a test")\n{end}'),
        encoding="utf-8",
    )
    second = run_build(project_copy, tmp_path / "two")
    assert second.returncode == 0, second.stderr
    old, new = (
        (tmp_path / build / "notebooks" / name / "index.html").read_text(encoding="utf-8")
        for build in ("one", "two")
    )
    assert "changed by a test" not in old and "changed by a test" in new
    # Each notebook keeps its last run only: the one from before the edit is gone.
    pages = list((project_copy / ".cache" / "notebooks").iterdir())
    assert len(pages) == len(list((project_copy / "notebooks").glob("*.py")))
    assert all(len(list(page.iterdir())) == 1 for page in pages), pages
    # And code keys are kept for this version of hooks/results.py only.
    assert len(list((project_copy / ".cache" / "code-keys").iterdir())) == 1


@pytest.mark.parametrize(
    "file, text, error",
    [
        (
            "extra.ipynb",
            "{}",
            "notebooks/extra.ipynb is not a notebook source the build knows: write "
            "notebooks/<name>.py",
        ),
        (
            "plain.py",
            "print(1)\n",
            "notebooks/plain.py must be a jupytext percent script that starts with its title",
        ),
        (
            "unlisted.py",
            "# %% [markdown]\n# # Unlisted\n",
            "notebooks/unlisted.py is not in nav: list its page in mkdocs.yml under 'Run it "
            "yourself' as `- <Title> notebook: notebooks/unlisted.ipynb`",
        ),
    ],
)
def test_a_notebook_source_the_build_would_not_page_fails_it_saying_what_to_do(
    project_copy, tmp_path, file, text, error
):
    (project_copy / "notebooks" / file).write_text(text, encoding="utf-8")
    assert_build_fails(project_copy, tmp_path, error)


def test_a_notebook_that_includes_a_missing_section_names_the_file_and_its_sections(
    project_copy, tmp_path
):
    key = next(iter(snippet_sections()))
    file = key.partition(":")[0]
    sections = ", ".join(read_sections(ROOT / "snippets" / file))
    append_to(
        project_copy / "notebooks" / f"{NOTEBOOKS[0]}.py",
        f'\n# %%\n# --8<-- "snippets/{file}:nowhere"\n',
    )
    assert_build_fails(
        project_copy,
        tmp_path,
        f"includes snippets/{file}:nowhere, but snippets/{file} has no section 'nowhere' "
        f"(its sections: {sections})",
    )


def test_a_link_to_a_missing_notebook_anchor_or_page_fails_the_build(project_copy, tmp_path):
    name = NOTEBOOKS[0]
    append_to(project_copy / "docs" / "index.md", f"\n[a](notebooks/{name}.ipynb#nowhere)\n")
    append_to(project_copy / "notebooks" / f"{name}.py", "\n# %% [markdown]\n# [gone](gone.md)\n")
    assert_build_fails(project_copy, tmp_path, "gone.md, which is not in the site")
    (project_copy / "notebooks" / f"{name}.py").write_text(
        (ROOT / "notebooks" / f"{name}.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert_build_fails(project_copy, tmp_path, "does not contain an anchor '#nowhere'")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_ends_with_the_articles_exercises_then_their_solutions(name):
    # The solutions the article shows, in a marked section after the exercises, at the end.
    article = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
    shown = list(dict.fromkeys(re.findall(r'--8<-- "(snippets/\w+_exercises\.py:\w+)"', article)))
    assert len(shown) >= 3, f"docs/{name}.md shows no exercise solutions"
    source = (ROOT / "notebooks" / f"{name}.py").read_text(encoding="utf-8")
    exercises, solutions = source.find("\n# ## Exercises\n"), source.find("\n# ## Solutions")
    assert 0 < exercises < solutions, f"notebooks/{name}.py: no '## Exercises' then '## Solutions'"
    assert "\n# ## " not in source[solutions + 1 :], "the solutions are not the last section"
    for section in shown:
        assert source.find(f'# --8<-- "{section}"') > solutions, (
            f"notebooks/{name}.py: {section} is not in its Solutions section"
        )


IN_PROCESS = """
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from hooks import internals, notebooks, state

if __name__ == "__main__":  # the worker imports this script again, as its main module
    made_here = []
    render_page = notebooks.render_page
    notebooks.render_page = lambda *a, **k: made_here.append(a[2].uri) or render_page(*a, **k)
    config = load_config("mkdocs.yml", site_dir=sys.argv[1], strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    path = state.build.notebook_folders[sys.argv[2]] / Path(sys.argv[2]).with_suffix(".ipynb").name
    assert state.process.nb2html_arguments == internals.nb2html_arguments(config, str(path))
    config.plugins.on_shutdown()
    # The notebook that ran was converted by the worker; those from the cache, here.
    assert sys.argv[2] not in made_here and made_here, made_here
"""


def test_a_notebook_that_runs_is_converted_in_a_worker_into_the_same_page(site, tmp_path):
    """hooks/notebooks.convert_in_worker: the page of a notebook run in this build is made by
    the worker (not by this process), with mkdocs-jupyter's own arguments, and is byte
    for byte the page this process makes (the session's site, in a fresh clone; the build with
    every acceleration off, tests/test_reproducible.py)."""
    # Without the kept conversions (a run like the last one would find its page's) and without
    # the notebook's entry: the notebook runs again, and its page is converted.
    project = copy_project(tmp_path / "project", caches=tuple(c for c in EVERY_CACHE if c != "pages"))
    uri = f"notebooks/{NOTEBOOKS[0]}.ipynb"
    shutil.rmtree(project / ".cache" / "notebooks" / uri.removesuffix(".ipynb").replace("/", "--"))
    (project / "build.py").write_text(IN_PROCESS, encoding="utf-8")
    env = {**build_env(), "PYTHONPATH": str(project)}
    result = subprocess.run(
        [sys.executable, "build.py", str(tmp_path / "site"), uri],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    page = f"notebooks/{NOTEBOOKS[0]}/index.html"
    assert (tmp_path / "site" / page).read_bytes() == (site / page).read_bytes()
