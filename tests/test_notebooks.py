"""Notebooks: generated from the snippets, standalone, executed at build, light on the page."""

import re

import nbformat
import pytest
from bs4 import BeautifulSoup
from hooks.notebooks import build_notebook, read_sections
from nbclient import NotebookClient
from snippets.overfitting import training_curves

from tests.conftest import ROOT, append_to, assert_build_fails, run_build

NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.py"))


def test_every_article_has_a_notebook_and_they_link_each_other(site):
    assert NOTEBOOKS == ["dropout", "overfitting"]
    for name in NOTEBOOKS:
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
    assert len(included) >= 3
    for cell in included:
        file, section = cell.metadata["snippet"].split(":")
        assert cell.source == read_sections(ROOT / file)[section], cell.metadata["snippet"]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not re.search(r"^\s*(from|import)\s+snippets\b", cell.source, re.M), cell.source
    assert [cell.id for cell in notebook.cells] == [
        f"{name}-{i:02d}" for i in range(len(notebook.cells))
    ]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_a_clean_kernel_away_from_the_repository(name, tmp_path, monkeypatch):
    notebook = build_notebook(ROOT / "notebooks" / f"{name}.py", ROOT)
    # The kernel starts in an empty folder and cannot see this repository.
    monkeypatch.delenv("PYTHONPATH", raising=False)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    outputs = [out for cell in notebook.cells for out in cell.get("outputs", [])]
    assert not [out for out in outputs if out.output_type == "error"]
    images = [out for out in outputs if "image/png" in out.get("data", {})]
    assert len(images) >= 2
    text = "".join(out.get("text", "") for out in outputs)
    if name == "overfitting":
        curves = training_curves(0)
        best = f"{curves.accuracy['validation'][curves.best_epoch - 1]:.1%}"
        assert f"best validation accuracy:  {best} at epoch {curves.best_epoch}" in text
        assert f"test at the best epoch:       {curves.accuracy['test'][curves.best_epoch - 1]:.1%}" in text
    else:
        assert "TypeError: x must be a floating-point array, got dtype int64" in text


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_shows_executed_outputs_and_stays_light(site, name):
    html = (site / "notebooks" / name / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    wrapper = soup.select_one("article")
    plots = wrapper.select(".nb-plot img")
    assert len(plots) >= 2
    for img in plots:  # each plot is a file beside the page, sized, lazy, described
        assert (site / "notebooks" / name / img["src"]).read_bytes().startswith(b"\x89PNG")
        assert img["loading"] == "lazy" and int(img["width"]) > 0 and int(img["height"]) > 0
        assert len(img["alt"].split()) >= 12
    assert wrapper.select("pre.nb-output")
    assert "cdnjs" not in html and "mathjax" not in html.lower()
    assert not soup.find_all("style")  # no inline stylesheet: the theme's CSS styles the page
    # The overfitting notebook, with its exercises and their solutions, measured 143 KB.
    assert len(html) < 160_000
    code = wrapper.select("div.highlight pre code")  # highlighted and copyable like an article
    assert len(code) == sum(cell.cell_type == "code" for cell in notebook_of(site, name).cells)
    assert wrapper.select_one("h1").get_text().rstrip("¶").endswith("run it yourself")
    assert [a["href"] for a in soup.select(".md-sidebar--secondary nav a")]  # a table of contents


def notebook_of(site, name):
    return nbformat.read(site / "notebooks" / name / f"{name}.ipynb", as_version=4)


@pytest.mark.parametrize(
    "cell, error",
    [
        ('raise RuntimeError("a broken cell")', "a broken cell"),  # a cell that raises
        ('# --8<-- "snippets/dropout.py:nowhere"', "nowhere"),  # an include of a missing section
    ],
)
def test_a_broken_notebook_cell_fails_the_build(project_copy, tmp_path, cell, error):
    append_to(project_copy / "notebooks" / "dropout.py", f"\n# %%\n{cell}\n")
    assert_build_fails(project_copy, tmp_path, error)


def test_changing_a_snippet_changes_the_next_builds_notebook_output(project_copy, tmp_path):
    first = run_build(project_copy, tmp_path / "one")
    assert first.returncode == 0, first.stderr
    dropout = project_copy / "snippets" / "dropout.py"
    dropout.write_text(
        dropout.read_text(encoding="utf-8").replace(
            "must be a floating-point array", "must hold floats"
        ),
        encoding="utf-8",
    )
    second = run_build(project_copy, tmp_path / "two")
    assert second.returncode == 0, second.stderr
    old = (tmp_path / "one" / "notebooks" / "dropout" / "index.html").read_text(encoding="utf-8")
    new = (tmp_path / "two" / "notebooks" / "dropout" / "index.html").read_text(encoding="utf-8")
    assert "TypeError: x must be a floating-point array" in old
    assert "TypeError: x must hold floats, got dtype int64" in new


def test_notebook_sources_are_plain_percent_scripts():
    for name in NOTEBOOKS:
        text = (ROOT / "notebooks" / f"{name}.py").read_text(encoding="utf-8")
        assert text.startswith("# %% [markdown]\n# # "), name


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
