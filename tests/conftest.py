"""Shared fixtures: the project root, a built site, and throw-away copies of the project."""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scripts.project import copy_project

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/ml/"  # as the Pages workflow sets it: absolute preview URLs


def build_env() -> dict[str, str]:
    """The environment of a test build: reproducible dates, the published address."""
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
        "SITE_URL": SITE_URL,
    }


def run_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project`` into ``site``; the result, whatever it is."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` makes it from this checkout."""
    out = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's build inputs (with its build caches) to break on purpose."""
    return copy_project(tmp_path / "project", caches=("figures", "notebooks", "reference", "pages", "results", "numbers"))


def snippet_sections() -> dict[str, str]:
    """Every named section of snippets/*.py as ``{"file.py:name": text}``, as the site includes it."""
    from hooks.notebooks import read_sections

    return {
        f"{path.name}:{name}": text
        for path in sorted((ROOT / "snippets").glob("*.py"))
        for name, text in read_sections(path).items()
    }


def site_pages() -> list[str]:
    """Every page the site has, as paths under the site root, read from the sources."""
    pages = ["reference/"]
    for md in (ROOT / "docs").rglob("*.md"):
        relative = md.relative_to(ROOT / "docs").with_suffix("").as_posix()
        pages.append("" if relative == "index" else relative.removesuffix("/index") + "/")
    pages += [f"notebooks/{p.stem}/" for p in (ROOT / "notebooks").glob("*.py")]
    return sorted(pages)


def assert_build_fails(project: Path, tmp_path: Path, *fragments: str) -> None:
    """Building ``project`` must fail, and its error output must name every fragment."""
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0, "the build passed"
    for fragment in fragments:
        assert fragment in result.stderr, (
            f"{fragment!r} not in the build's errors:\n{result.stderr[-3000:]}"
        )


def append_to(path: Path, text: str) -> None:
    """Add ``text`` at the end of ``path`` (to break a copy of the project on purpose)."""
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


@contextlib.contextmanager
def cached_experiments(module_name: str):
    """Inside: the experiments of ``module_name`` use the build's cache (``.cache/results``), as
    its figures do when the site is built; outside, the original functions again."""
    import importlib

    from hooks.results import memoize

    module = importlib.import_module(module_name)
    saved = {
        (loaded.__name__, name): value
        for loaded in list(sys.modules.values())
        if getattr(loaded, "__name__", "").startswith("snippets.")
        for name, value in vars(loaded).items()
        if callable(value)
    }
    memoize(module)
    try:
        yield
    finally:
        for (name, attribute), value in saved.items():
            setattr(sys.modules[name], attribute, value)
