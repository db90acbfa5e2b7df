"""scripts/new_article.py: it refuses an existing or invalid slug, writing nothing, and its
skeleton, untouched, builds strictly and passes the site's, the notebooks' and the browser's
tests."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scripts.project import EVERY_CACHE, copy_project

from tests.conftest import ROOT, articles, build_env

SLUG = "scaffolded"
# The tests of the whole site that a new article changes (the others are parametrized by page
# or article, and selected by the slug in their ids).
SITE_WIDE = [
    "test_home_page_says_what_the_site_is_and_lists_every_article",
    "test_the_site_has_exactly_the_pages_the_sources_define",
    "test_every_section_the_articles_include_is_exercised_by_a_test",
    "test_every_article_has_a_notebook_and_they_link_each_other",
    "test_no_broken_link_anchor_or_image_anywhere",
    "test_search_finds_every_article_by_its_title",
    "test_every_page_sets_the_readers_scheme_before_its_content",
]


def project_with_tests(target: Path) -> Path:
    """A copy of the project with its tests, scripts and build caches (only the new article is
    then built from scratch)."""
    project = copy_project(
        target, caches=EVERY_CACHE
    )
    for folder in ("tests", "scripts"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def new_article(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/new_article.py", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "slug, title, error",
    [
        (None, "Again", "already exists: snippets/{slug}.py"),
        ("Batch-Norm", "Batch norm", "the slug must be a Python module name"),
        ("class", "Class", "the slug must be a Python module name"),
        ("x_figures", "X", "not ending in '_figures'"),
        ("reference", "Reference", "is a name the site already uses"),
        ("batch_norm", 'Say "hi"', "the title must be one line"),
        ("batch_norm", "", "the title must be one line"),
    ],
)
def test_an_existing_or_invalid_slug_or_title_is_refused_and_nothing_is_written(
    tmp_path, slug, title, error
):
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "scripts", project / "scripts")
    shutil.copytree(ROOT / "tests", project / "tests")
    slug = slug or articles()[0]
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = new_article(project, slug, title)
    assert result.returncode == 2
    assert error.format(slug=slug) in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_a_new_article_builds_strictly_and_passes_the_site_tests_untouched(tmp_path):
    project = project_with_tests(tmp_path / "project")
    made = new_article(project, SLUG, "A scaffolded article")
    assert made.returncode == 0, made.stderr
    for path in ("docs/{s}.md", "snippets/{s}.py", "snippets/{s}_figures.py", "notebooks/{s}.py"):
        assert (project / path.format(s=SLUG)).is_file(), path
    assert SLUG in articles(project)
    # Its card is the last of the home page's grid, with its thumbnails, title and reading time.
    home = (project / "docs" / "index.md").read_text(encoding="utf-8")
    grid = home[home.index('<div class="grid cards" markdown>') :]
    grid = grid[: grid.index("\n</div>")]
    card = grid[grid.rindex("\n-   ") :]
    for shown in (
        f"![](figures/{SLUG}-histograms-thumb-light.png#only-light)",
        f"![](figures/{SLUG}-histograms-thumb-dark.png#only-dark)",
        f"**[A scaffolded article]({SLUG}.md)**",
        f"{{{{ reading_time.{SLUG} }}}} min read",
    ):
        assert shown in card, f"{shown!r} not in the new card:\n{card}"
    # It follows the house style, as scripts/test.sh checks it.
    ruff = Path(sys.executable).with_name("ruff")
    for command in (["check", "snippets", "tests", "notebooks"], ["format", "--check", "snippets", "notebooks"]):
        checked = subprocess.run([str(ruff), *command], cwd=project, capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    # The site's tests, run in the copy: its strict build (the `site` fixture), and every test
    # of the new article's pages and of the site as a whole.
    env = {**build_env(), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    selected = " or ".join([SLUG, *SITE_WIDE])
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            selected,
            f"tests/test_{SLUG}.py",
            f"tests/test_{SLUG}_figures.py",
            "tests/test_plotting.py",
            "tests/test_site.py",
            "tests/test_notebooks.py",
            "tests/test_browser.py",
        ],
        cwd=project,
        env={**env, "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary, summary
