"""Offer each article's tested module for download, and say what it is tested with.

Every ``snippets/<module>.py`` a page includes is offered as ``downloads/<module>.py``, byte for
byte, or, when it imports other snippets modules or names a file of ``data/``, as
``downloads/<module>.zip`` (a ``snippets/`` folder with what it needs, the data files and their
README, the licence; fixed dates: the same bytes at every build). A module that imports more
than the standard library and numpy fails the build. ``{{ download }}`` links a page's downloads,
``{{ tested_with }}`` names the Python and numpy the suite runs; a module's reference page links
its download under each heading.
"""

from __future__ import annotations

import io
import platform
import re
import sys
import tomllib
import zipfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from hooks import state
from hooks.sources import Sources

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="snippets\.(\w+)(?:\.\w+)?"[^>]*>.*?</h\1>', re.S)
PACKAGE = "snippets"
FOLDER = "downloads"
DATA = "data"  # data files that modules read by name, with README.md: their source and licence
REFERENCE = "reference/{}.md"  # a module's reference page (hooks/reference.py)
ALLOWED = {"numpy", PACKAGE, "__future__", *sys.stdlib_module_names}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build time in the bytes


def included_modules(markdown: str, sources: Sources) -> list[str]:
    """Names of the snippets modules ``markdown`` includes, in order of first include."""
    package = sources.root / PACKAGE
    paths = [include.path for include in sources.includes(markdown)]
    return list(dict.fromkeys(p.stem for p in paths if p and p.parent == package and p.suffix == ".py"))


def needs(name: str, folder: Path, sources: Sources | None = None) -> list[str]:
    """``name`` and every snippets module it imports, directly or not, sorted; a module that
    imports a package a numpy-only reader lacks, or a missing module, fails the build."""
    sources = sources or Sources(folder.parent)
    found: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        path = folder / f"{current}.py"
        if not path.is_file():
            raise PluginError(
                f"{FOLDER}: {name}.py needs {PACKAGE}/{current}.py, which does not exist"
            )
        local, other = sources.imports(path)
        if extra := sorted(other - ALLOWED):
            raise PluginError(
                f"{path}: imports {extra}; a module an article includes is downloaded to run with "
                "numpy alone: move that code to a figure module or the notebook"
            )
        found.add(current)
        todo += sorted(local - found)
    return sorted(found)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip of ``members`` (path -> bytes) that is the same bytes at every build."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(members.items()):
            info = zipfile.ZipInfo(path, ZIP_DATE)
            info.create_system = 3  # Unix, whatever system builds: the same bytes everywhere
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def data_files(modules: list[str], sources: Sources) -> list[str]:
    """The files of ``data/`` that ``modules`` name in a string, as paths from the root, sorted,
    and ``data/README.md`` after them (none if they name none)."""
    folder = sources.root / DATA
    names = {path.name for path in sources.data_files()}
    named = set().union(*(sources.strings(sources.root / PACKAGE / f"{m}.py") for m in modules)) & names
    if named and not (folder / "README.md").is_file():
        raise PluginError(
            f"{DATA}/README.md is missing: a data file travels with its source, licence and "
            f"citation ({', '.join(sorted(named))} is read by {', '.join(modules)})"
        )
    return [f"{DATA}/{n}" for n in sorted(named)] + ([f"{DATA}/README.md"] if named else [])


def download_of(name: str, sources: Sources) -> tuple[str, bytes, list[str]]:
    """(file name, bytes, modules it holds) of the download that offers module ``name``."""
    root = sources.root
    folder = root / PACKAGE
    modules = needs(name, folder, sources)
    data = data_files(modules, sources)
    if modules == [name] and not data:
        return f"{name}.py", (folder / f"{name}.py").read_bytes(), modules
    members = {f"{PACKAGE}/{m}.py": (folder / f"{m}.py").read_bytes() for m in modules}
    members[f"{PACKAGE}/__init__.py"] = (folder / "__init__.py").read_bytes()
    members["LICENSE"] = (root / "LICENSE").read_bytes()
    members.update({path: (root / path).read_bytes() for path in data})
    return f"{name}.zip", zip_bytes(members), modules


def link_text(name: str, file_name: str, modules: list[str], data: list[str] = ()) -> str:
    """How a page offers the download of module ``name`` (Markdown), and the ``data`` files the
    zip holds."""
    link = f'[{file_name}]({FOLDER}/{file_name}){{ download="{file_name}" }}'
    if file_name.endswith(".py"):
        return link
    others = " and ".join(f"`{m}.py`" for m in modules if m != name)
    held = f"`{name}.py` with {others}, which it imports," if others else f"`{name}.py`"
    files = " and ".join(f"`{Path(p).name}`" for p in data)
    beside = f", and {files} in `{DATA}/` beside it" if data else ""
    return f"{link} ({held} in a folder `{PACKAGE}/`{beside})"


def versions_tested(root: Path) -> str:
    """ "Python X.Y and numpy A.B.C": the building interpreter and numpy's pin in the lock."""
    requires = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "requires-python"
    ]
    from packaging.specifiers import SpecifierSet

    python = platform.python_version()
    if python not in SpecifierSet(requires):
        raise PluginError(f"the build runs Python {python}, outside requires-python {requires!r}")
    pins = re.findall(r"^numpy==(\S+)$", (root / "requirements.txt").read_text(), re.M)
    if len(pins) != 1:
        raise PluginError("requirements.txt does not pin numpy exactly once (numpy==X.Y.Z)")
    return f"Python {'.'.join(python.split('.')[:2])} and numpy {pins[0]}"


def substitute(markdown: str, values: dict[str, str], where: str) -> str:
    """``markdown`` with every ``{{ name }}`` replaced from ``values``; an unknown name fails."""

    def value(match: re.Match[str]) -> str:
        if match[1] not in values:
            raise PluginError(
                f"{where}: unknown placeholder {match[0]}; hooks/downloads.py knows "
                + ", ".join(f"{{{{ {name} }}}}" for name in sorted(values))
            )
        return values[match[1]]

    return PLACEHOLDER.sub(value, markdown)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add ``downloads/`` with a download for every module the pages include, and the licence."""
    build = state.build
    root, downloads = build.root, build.downloads
    for text in build.sources.pages().values():
        for name in included_modules(text, build.sources):
            if name not in downloads:
                file_name, data, modules = download_of(name, build.sources)
                files.append(File.generated(config, f"{FOLDER}/{file_name}", content=data))
                needed = data_files(modules, build.sources)
                downloads[name] = (file_name, modules, needed)
                for path in needed[:-1]:  # each data file alone too (not its README)
                    uri = f"{FOLDER}/{Path(path).name}"
                    if files.get_file_from_path(uri) is None:
                        content = (root / path).read_bytes()
                        files.append(File.generated(config, uri, content=content))
    licence = (root / "LICENSE").read_bytes()
    files.append(File.generated(config, f"{FOLDER}/LICENSE.txt", content=licence))
    for name in downloads:
        if files.get_file_from_path(REFERENCE.format(name)) is None:
            raise PluginError(
                f"no {REFERENCE.format(name)}: hooks/downloads.py links the download of "
                f"snippets/{name}.py from it"
            )
    build.placeholders["tested_with"] = versions_tested(root)
    return files


def on_page_markdown(markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
    """Replace the placeholders of a page written in ``docs/`` (generated pages show code,
    where ``{{`` may mean something else)."""
    if page.file.generated_by:
        return markdown
    where = page.file.src_uri
    build = state.build
    names = included_modules(markdown, build.sources)
    if not names and "download" in {match[1] for match in PLACEHOLDER.finditer(markdown)}:
        raise PluginError(f"{where}: {{{{ download }}}} on a page that includes no snippets module")
    download = ", ".join(link_text(name, *build.downloads[name]) for name in names)
    return substitute(markdown, {**build.placeholders, "download": download}, where)


def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    """On a module's reference page, link each module's and function's heading to its
    download."""
    module = page.file.src_uri.removeprefix("reference/").removesuffix(".md")
    if page.file.src_uri != REFERENCE.format(module):
        return output
    seen: set[str] = set()
    downloads = state.build.downloads

    def add_link(match: re.Match[str]) -> str:
        name = match[2]
        if name not in downloads:
            return match[0]
        seen.add(name)
        file_name = downloads[name][0]
        href = get_relative_url(f"{FOLDER}/{file_name}", page.url)
        return (
            f'{match[0]}\n<div class="snippet-download">Download: '
            f'<a href="{href}" download="{file_name}">{file_name}</a></div>'
        )

    # A <div>, not a <p>: what follows a heading (the signature) stays its first paragraph.
    output = HEADING.sub(add_link, output)
    if module in downloads and module not in seen:
        raise PluginError(
            f"{page.file.src_uri}: no heading with id snippets.{module}; hooks/downloads.py "
            "links the module's download from it"
        )
    return output
