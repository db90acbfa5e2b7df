"""Downloads: each article offers its tested modules byte for byte, with what they import, runnable
with numpy alone; the articles say what the code is tested with, from the lock file."""

import io
import platform
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hooks.downloads import (
    data_files,
    download_of,
    included_modules,
    link_text,
    needs,
    substitute,
    versions_tested,
)
from hooks.sources import Sources
from mkdocs.exceptions import PluginError

from tests.conftest import ROOT, append_to, assert_build_fails

ARTICLES = sorted(
    page for page in (ROOT / "docs").rglob("*.md") if included_modules(page.read_text("utf-8"), Sources(ROOT))
)


def html_of(site: Path, page: Path) -> BeautifulSoup:
    relative = page.relative_to(ROOT / "docs").with_suffix("")
    folder = site if relative.as_posix() == "index" else site / relative
    return BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")


def downloads(site: Path) -> list[Path]:
    return sorted(p for p in (site / "downloads").iterdir() if p.suffix in {".py", ".zip"})


def test_the_sources_have_articles_to_offer():
    assert ARTICLES, "no page of docs/ includes a snippets module"


@pytest.mark.parametrize("page", ARTICLES, ids=lambda p: p.stem)
def test_each_article_offers_a_download_holding_every_module_it_includes(site, page):
    soup = html_of(site, page)
    offered = set()
    for link in soup.select('article a[href*="downloads/"][download]'):
        path = (site / page.stem / link["href"]).resolve()
        assert path.is_file(), f"{page.name}: {link['href']} is not in the built site"
        if path.suffix == ".py":
            offered.add(path.stem)
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                offered |= {Path(n).stem for n in archive.namelist() if n.endswith(".py")}
    assert set(included_modules(page.read_text(encoding="utf-8"), Sources(ROOT))) <= offered


def test_every_download_is_byte_for_byte_its_source(site):
    files = downloads(site)
    assert files
    for path in files:
        if path.suffix == ".py":
            assert path.read_bytes() == (ROOT / "snippets" / path.name).read_bytes(), path.name
            continue
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            assert f"snippets/{path.stem}.py" in names and "LICENSE" in names, names
            for name in names:
                assert archive.read(name) == (ROOT / name).read_bytes(), f"{path.name}: {name}"
    assert (site / "downloads" / "LICENSE.txt").read_bytes() == (ROOT / "LICENSE").read_bytes()


# Run in a folder holding only the download: its module must come from there, and every module
# importing it loads from an installed distribution must be numpy's.
CHECK = """
import importlib, sys, sysconfig
before = set(sys.modules)
module = importlib.import_module(sys.argv[1])
assert module.__file__.startswith(sys.path[0]), module.__file__
installed = (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"])
loaded = {
    name.split(".")[0]
    for name in set(sys.modules) - before
    if (getattr(sys.modules[name], "__file__", None) or "").startswith(installed)
}
assert loaded <= {"numpy"}, sorted(loaded)
"""


def test_every_download_imports_with_numpy_alone(site, tmp_path):
    for path in downloads(site):
        folder = tmp_path / path.stem
        folder.mkdir()
        if path.suffix == ".py":
            (folder / path.name).write_bytes(path.read_bytes())
            module = path.stem
        else:
            zipfile.ZipFile(path).extractall(folder)
            module = f"snippets.{path.stem}"
        (folder / "check.py").write_text(CHECK, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-E", "-s", "check.py", module],
            cwd=folder,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{path.name}: {result.stderr}"


@pytest.mark.parametrize("page", ARTICLES, ids=lambda p: p.stem)
def test_each_article_says_the_python_and_numpy_it_is_tested_with(site, page):
    numpy = re.search(r"^numpy==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)[1]
    python = ".".join(platform.python_version_tuple()[:2])
    text = " ".join(html_of(site, page).select_one("article").get_text().split())
    assert f"tested with Python {python} and numpy {numpy}" in text


def test_the_reference_links_each_downloadable_function_to_its_download(site):
    offered = {p.stem: p.name for p in downloads(site)}
    headings = []
    for page in (site / "reference").glob("*/index.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        headings += soup.find_all(id=re.compile(r"^snippets\.\w+\.\w+$"))
    checked = 0
    for heading in headings:
        module = heading["id"].split(".")[1]
        if module in offered:
            link = heading.find_next_sibling(class_="snippet-download").find("a")
            assert link["href"].endswith(f"downloads/{offered[module]}"), heading["id"]
            checked += 1
    assert checked, "no function of a downloadable module on the reference page"


def test_imports_finds_every_way_of_naming_a_snippets_module(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os.path\nimport numpy as np\nimport snippets.a\nfrom snippets.b import f\n"
        "from snippets import c\nfrom .d import g\nfrom . import e\nfrom scipy import stats\n",
        encoding="utf-8",
    )
    imports = Sources(tmp_path).imports(module)
    assert imports == ({"a", "b", "c", "d", "e"}, {"os", "numpy", "scipy"})


def test_needs_follows_imports_and_refuses_what_numpy_alone_cannot_run(tmp_path):
    (tmp_path / "a.py").write_text("from snippets.b import f\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("import numpy\nfrom .c import g\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("import math\n", encoding="utf-8")
    assert needs("a", tmp_path) == ["a", "b", "c"]
    assert needs("c", tmp_path) == ["c"]
    (tmp_path / "c.py").write_text("import matplotlib.pyplot\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"c\.py: imports \['matplotlib'\]"):
        needs("a", tmp_path)
    (tmp_path / "c.py").write_text("from snippets.gone import g\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"snippets/gone\.py, which does not exist"):
        needs("a", tmp_path)


def test_a_module_that_imports_another_is_offered_as_a_package_that_imports(tmp_path):
    # The same shape as the site's own modules, whatever they import today.
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "snippets" / "base.py").write_text("VALUE = 3\n", encoding="utf-8")
    (tmp_path / "snippets" / "top.py").write_text(
        "from snippets.base import VALUE\n\nDOUBLE = 2 * VALUE\n", encoding="utf-8"
    )
    (tmp_path / "LICENSE").write_text("MIT\n", encoding="utf-8")
    name, data, modules = download_of("top", Sources(tmp_path))
    assert (name, modules) == ("top.zip", ["base", "top"])
    assert download_of("top", Sources(tmp_path))[1] == data, "a zip must be the same bytes every time"
    out = tmp_path / "unzipped"
    zipfile.ZipFile(io.BytesIO(data)).extractall(out)
    result = subprocess.run(
        [sys.executable, "-E", "-s", "-c", "from snippets.top import DOUBLE; print(DOUBLE)"],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert result.stdout == "6\n", result.stderr
    assert download_of("base", Sources(tmp_path))[:2] == ("base.py", b"VALUE = 3\n")


def test_a_module_that_names_a_data_file_is_offered_with_it_and_its_readme(tmp_path):
    # A module that reads data/<name> by name comes as a zip with the file and its README
    # (source and licence), beside snippets/, where the module finds it; others do not.
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "__init__.py").write_text("", encoding="utf-8")
    reader = (
        "from pathlib import Path\n\nFILE = \"table.csv\"\n\n\ndef read():\n"
        "    here = Path(__file__).resolve().parent.parent\n"
        "    return (here / \"data\" / FILE).read_text()\n"
    )
    (tmp_path / "snippets" / "reader.py").write_text(reader, encoding="utf-8")
    (tmp_path / "snippets" / "plain.py").write_text("NAME = \"other.csv\"\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "table.csv").write_text("1,2\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"data/README\.md is missing.*table\.csv.*reader"):
        data_files(["reader"], Sources(tmp_path))
    (tmp_path / "data" / "README.md").write_text("CC BY 4.0\n", encoding="utf-8")
    assert data_files(["reader"], Sources(tmp_path)) == ["data/table.csv", "data/README.md"]
    assert data_files(["plain"], Sources(tmp_path)) == []
    name, data, modules = download_of("reader", Sources(tmp_path))
    assert (name, modules) == ("reader.zip", ["reader"])
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {"data/table.csv", "data/README.md", "snippets/reader.py", "LICENSE"} <= set(
        archive.namelist()
    )
    archive.extractall(tmp_path / "unzipped")
    result = subprocess.run(
        [sys.executable, "-E", "-s", "-c", "from snippets.reader import read; print(read())"],
        cwd=tmp_path / "unzipped",
        capture_output=True,
        text=True,
    )
    assert result.stdout == "1,2\n\n", result.stderr
    assert download_of("plain", Sources(tmp_path))[0] == "plain.py"
    text = link_text("reader", name, modules, ["data/table.csv", "data/README.md"])
    assert text.endswith("(`reader.py` in a folder `snippets/`, and `table.csv` and `README.md` "
                         "in `data/` beside it)")


def test_substitute_fills_known_placeholders_and_fails_on_others():
    values = {"tested_with": "Python 3.11 and numpy 2.4.6"}
    assert substitute("with {{ tested_with }}.", values, "p.md") == (
        "with Python 3.11 and numpy 2.4.6."
    )
    with pytest.raises(PluginError, match=r"p\.md: unknown placeholder \{\{ tested_wiht \}\}"):
        substitute("with {{ tested_wiht }}", values, "p.md")


def test_tested_versions_reads_the_lock_and_checks_requires_python(tmp_path):
    (tmp_path / "requirements.txt").write_text("numpy==1.2.3\nnumpydoc==9.9\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nrequires-python = ">=3.11"\n', encoding="utf-8"
    )
    python = ".".join(platform.python_version_tuple()[:2])
    assert versions_tested(tmp_path) == f"Python {python} and numpy 1.2.3"
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nrequires-python = ">=4"\n', encoding="utf-8"
    )
    with pytest.raises(PluginError, match="outside requires-python"):
        versions_tested(tmp_path)


def test_an_article_module_that_needs_more_than_numpy_fails_the_build(project_copy, tmp_path):
    module = project_copy / "snippets" / f"{included_modules(ARTICLES[0].read_text('utf-8'), Sources(ROOT))[0]}.py"
    append_to(module, "\nimport matplotlib  # noqa: E402, F401\n")
    assert_build_fails(project_copy, tmp_path, f"{module.name}: imports ['matplotlib']")
