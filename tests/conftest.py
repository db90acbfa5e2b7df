"""Shared fixtures: the project root, a built site, and throw-away copies of the project."""

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock
from scripts.check_site import page_of
from scripts.project import EVERY_CACHE, copy_project

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


def run_build(project: Path, site: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project`` into ``site`` (with ``environment`` added to
    the environment); the result, whatever it is."""
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
        env={**build_env(), **environment},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The site as `mkdocs build --strict` makes it from this checkout: built once for the
    whole run, whichever pytest-xdist worker gets there first (the others wait for it)."""
    if worker_id == "master":  # one process, no workers
        shared = tmp_path_factory.getbasetemp()
    else:  # the run's folder, above each worker's own
        shared = tmp_path_factory.getbasetemp().parent
    out, done = shared / "site", shared / "site.built"
    with FileLock(shared / "site.lock"):
        if not done.is_file():
            result = run_build(ROOT, out)
            assert result.returncode == 0, result.stderr
            done.touch()
    return out


@pytest.fixture(scope="session", autouse=True)
def _site_before_copies(request: pytest.FixtureRequest, worker_id: str) -> None:
    """With pytest-xdist workers, every test waits for the site's build: it fills this
    checkout's ``.cache``, which copies of the project share, and a copy made while another
    worker builds could be torn."""
    if worker_id != "master":
        request.getfixturevalue("site")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's build inputs (with its build caches) to break on purpose."""
    return copy_project(tmp_path / "project", caches=EVERY_CACHE)


def read_sections(path: Path) -> dict[str, str]:
    """Every named section of ``path`` by name, as an include shows it (hooks/sources.py)."""
    from hooks.sources import Sources

    sources = Sources(ROOT)
    return {name: sources.section(path, name) for name in sources.section_names(path)}


def snippet_sections() -> dict[str, str]:
    """Every named section of snippets/*.py as ``{"file.py:name": text}``, as the site includes it."""
    return {
        f"{path.name}:{name}": text
        for path in sorted((ROOT / "snippets").glob("*.py"))
        for name, text in read_sections(path).items()
    }


def nav_sources(project: Path = ROOT) -> list[str]:
    """Every path ``project``'s nav lists, in order."""
    import yaml
    from hooks.sources import nav_paths

    class Loader(yaml.SafeLoader):
        """YAML that reads MkDocs' tags (``!relative`` ...) as nothing: only nav matters."""

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    with (project / "mkdocs.yml").open(encoding="utf-8") as file:
        return nav_paths(yaml.load(file, Loader=Loader).get("nav", []))


def nav_notebooks(project: Path = ROOT) -> list[str]:
    """The notebooks of ``project``'s ``docs/`` that its nav lists (they become pages)."""
    docs = project / "docs"
    return [
        p for p in nav_sources(project) if p.endswith((".ipynb", ".py")) and (docs / p).is_file()
    ]


def articles(project: Path = ROOT) -> list[str]:
    """The articles, in nav's order, as their names (``docs/<name>.md``): the Markdown pages
    of ``docs/`` that nav lists, but the home page and pages whose front matter says
    ``article: false`` (README.md, 'Pages that are not articles')."""
    docs = project / "docs"
    return [
        p.removesuffix(".md")
        for p in nav_sources(project)
        if p.endswith(".md") and p != "index.md" and (docs / p).is_file() and is_article(docs / p)
    ]


def is_article(page: Path) -> bool:
    """Whether ``page`` is an article: its front matter does not say ``article: false``."""
    import yaml

    text = page.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return True
    meta = yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}
    return meta.get("article", True) is not False


def page_path(source: str) -> str:
    """The site path of the page made from ``source`` (a path under ``docs/``)."""
    return page_of(source).removesuffix("index.html")


def notebook_pages(project: Path = ROOT) -> list[str]:
    """Every notebook page, as paths under the site root, read from the sources."""
    pages = [f"notebooks/{p.stem}/" for p in (project / "notebooks").glob("*.py")]
    return sorted(pages + [page_path(path) for path in nav_notebooks(project)])


def reference_pages(project: Path = ROOT) -> list[str]:
    """The reference's pages (hooks/reference.py): its index and a page per snippets module."""
    modules = (project / "snippets").glob("*.py")
    return ["reference/"] + sorted(f"reference/{m.stem}/" for m in modules if m.stem != "__init__")


def site_pages() -> list[str]:
    """Every page the site has, as paths under the site root, read from the sources."""
    pages = reference_pages() + notebook_pages()
    for md in (ROOT / "docs").rglob("*.md"):
        pages.append(page_path(md.relative_to(ROOT / "docs").as_posix()))
    return sorted(pages)


def assert_build_fails(project: Path, tmp_path: Path, *fragments: str) -> None:
    """Building ``project`` must fail, and its error output must name every fragment, in plain
    text (no terminal colour codes)."""
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0, "the build passed"
    for fragment in fragments:
        assert fragment in result.stderr, (
            f"{fragment!r} not in the build's errors:\n{result.stderr[-3000:]}"
        )
    assert "\x1b[" not in result.stderr, f"terminal colour codes in:\n{result.stderr[-3000:]}"


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


WALKTHROUGH = """# %% [markdown]
# # A walkthrough
#
# A writer's own jupytext notebook; it includes tested code as the generated ones do.

# %%
# --8<-- "snippets/dropout.py:dropout"

# %% alt="A line falling from one to zero, drawn by a writer's notebook to show a plot"
import matplotlib.pyplot as plt

plt.plot([0, 1], [1, 0])
plt.show()
"""


def rich_notebook() -> str:
    """A writer's ``.ipynb``: Markdown math, an HTML table, a LaTeX output, an SVG plot."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    svg_plot = new_code_cell(
        '%config InlineBackend.figure_formats = ["svg"]\n'
        "import matplotlib.pyplot as plt\n\n"
        "plt.plot([0, 1, 2], [0, 1, 4])\nplt.show()"
    )
    svg_plot.metadata["alt"] = "A rising curve through three points, drawn as an SVG plot"
    notebook = new_notebook(
        cells=[
            new_markdown_cell(
                "# Rich outputs\n\nSurvivors are scaled by $\\frac{1}{1 - p}$, so that\n\n"
                "$$\\operatorname{E}[y] = x$$"
            ),
            new_code_cell(
                "from IPython.display import HTML, Math, display\n\n"
                'display(HTML("<table><thead><tr><th>rate</th><th>kept</th></tr></thead>"\n'
                '             "<tbody><tr><td>0.5</td><td>50%</td></tr></tbody></table>"))'
            ),
            new_code_cell('display(Math(r"\\sqrt{1 - p}"))'),
            svg_plot,
            new_code_cell('print("printed by a writer\'s notebook")'),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    return nbformat.writes(notebook)


def add_writer_notebooks(project: Path) -> None:
    """Put a writer's ``.ipynb`` and jupytext ``.py`` notebooks in ``project``'s docs and nav,
    and a plain module (``helpers.py``, not in nav) beside them."""
    docs = project / "docs"
    (docs / "rich.ipynb").write_text(rich_notebook(), encoding="utf-8")
    (docs / "walkthrough.py").write_text(WALKTHROUGH, encoding="utf-8")
    (docs / "helpers.py").write_text('"""A module readers download."""\n\nX = 1\n', "utf-8")
    append_to(
        project / "mkdocs.yml",
        "  - Rich outputs: rich.ipynb\n  - A walkthrough: walkthrough.py\n",
    )


@pytest.fixture(scope="session")
def writer_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the project with a writer's notebooks in docs/, and its built site."""
    tmp = tmp_path_factory.mktemp("writer")
    project = copy_project(tmp / "project", caches=EVERY_CACHE)
    add_writer_notebooks(project)
    result = run_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return project, tmp / "site"


# The browser tests' fixtures (tests/test_browser.py, tests/test_sliders.py): one chromium and one
# served site for the whole session (playwright's sync API allows one at a time).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The built site served on 127.0.0.1 (gzip, as static hosts serve it) for the whole session."""
    from scripts.static_server import serve

    url, server = serve(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    assert executable, "chromium is not installed: run scripts/setup-browser.sh"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
