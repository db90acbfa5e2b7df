"""MkDocs hook: do not convert a page's Markdown again when nothing it is made from changed.

Converting Markdown to HTML (highlighting every code block) is most of a build. This hook keeps
what MkDocs' ``Page.render`` produces for each page (HTML, table of contents, title, anchors,
links to other pages' anchors) in ``.cache/pages``, under a key that hashes everything the
conversion reads:

- the page's Markdown (after every ``on_page_markdown`` hook; a notebook page's is its
  executed notebook) and where it lives;
- what its ``--8<--`` lines include (the section, where one is named), and every file its
  mkdocstrings ``::: package.module.name`` lines document: the module, the package's
  ``__init__.py`` and the package modules the module imports, so a saved module re-renders
  only the reference pages that show it (a page that includes or documents something this hook
  cannot resolve is never cached);
- the Markdown configuration, the plugins' settings, link validation settings and URL style;
- the site's files and their URLs (links are checked and rewritten against them);
- every hook, and the versions of MkDocs, Material, Markdown, pymdown-extensions, Pygments,
  mkdocs-jupyter, nbconvert, mkdocstrings and what they render with.

A conversion that logged a warning is not kept, so a cached page never hides a broken link;
anchor links across pages are still checked at every build from the kept anchors, and the
anchors a conversion registered with autorefs (mkdocstrings' cross-references) are registered
again from the cache.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import re
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.toc import get_toc

from hooks import internals

DISTRIBUTIONS = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "pygments",
    "mkdocs-jupyter",
    "nbconvert",
    "mistune",
    "beautifulsoup4",
    "latex2mathml",
    "mkdocstrings",
    "mkdocstrings-python",
    "mkdocs-autorefs",
    "griffelib",
)
VERSIONS = " ".join(f"{d}=={importlib.metadata.version(d)}" for d in DISTRIBUTIONS)
INCLUDE = re.compile(r"""--8<--\s+(?:"([^"]*)"|'([^']*)'|(\S+))""")
AUTODOC = re.compile(r"^:::\s+([\w.]+)", re.M)  # a mkdocstrings block
SITE: dict[str, str] = {}  # what every page's key shares, computed once per build
USED: set[str] = set()  # cache files this build read or wrote


class _Warnings(logging.Handler):
    """Counts the warnings logged while a page converts."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _included_files(markdown: str, bases: list[Path]) -> list[tuple[Path, str]] | None:
    """Every file ``markdown`` includes with ``--8<--``, each with the section it includes
    ("" for the whole file), or None if one cannot be found or includes more files itself."""
    found = []
    for match in INCLUDE.finditer(markdown):
        target = next(group for group in match.groups() if group is not None)
        if target.startswith(("[start:", "[end:")):
            continue  # a section marker, not an include
        name = re.sub(r"(?::[\w,-]+)+$", "", target)  # "file.py:section" -> "file.py"
        section = target[len(name) + 1 :]
        paths = [base / name for base in bases if (base / name).is_file()]
        if not paths or _included_files(_read(paths[0]).decode("utf-8"), []) != []:
            return None
        found.append((paths[0], section if SECTION_NAME.fullmatch(section) else ""))
    return found


SECTION_NAME = re.compile(r"[a-z][-_0-9a-z]*", re.I)  # pymdownx.snippets' (not line ranges)


def _included_text(path: Path, section: str) -> bytes:
    """What an include of ``path`` (``section`` of it, if not "") can show: from the section's
    first start marker to its last end marker, markers within it included, or the whole file
    where there is no such section. A page that includes the ``dropout`` section of a file is
    not converted again when another section of it changes (measured: with the Dropout and
    Overfitting articles, a docstring edit in ``dropout`` converted both)."""
    data = _read(path)
    if not section:
        return data
    starts, ends = _markers(path).get(section.lower(), ([], []))
    if not starts or not ends:
        return data
    return data[starts[0] : ends[-1]]


# A section marker of pymdownx.snippets, "--8<-- [start:name]", through the end of its line.
MARKER = re.compile(rb"-+8<-+[ \t]+\[[ \t]*(start|end)[ \t]*:[ \t]*([-\w]+)[ \t]*\][^\n]*")


def _markers(path: Path) -> dict[str, tuple[list[int], list[int]]]:
    """Where each section of ``path`` starts (its start marker) and ends (after its end
    marker), by lower-case name: read once per build."""
    if path not in MARKERS:
        found: dict[str, tuple[list[int], list[int]]] = {}
        for match in MARKER.finditer(_read(path)):
            starts, ends = found.setdefault(match[2].decode().lower(), ([], []))
            (starts if match[1] == b"start" else ends).append(
                match.start() if match[1] == b"start" else match.end()
            )
        MARKERS[path] = found
    return MARKERS[path]


# path -> its bytes, for one build (cleared in on_files): each page's key reads every file it
# includes, and pages include the same files many times over (measured with 20 scaffolded
# articles: 35,000 reads and 1 s of each serve reload).
READ: dict[Path, bytes] = {}
MARKERS: dict[Path, dict[str, tuple[list[int], list[int]]]] = {}  # _markers, for one build


def _read(path: Path) -> bytes:
    if path not in READ:
        READ[path] = path.read_bytes()
    return READ[path]


def _documented_files(markdown: str, root: Path) -> list[Path] | None:
    """Every file that ``markdown``'s ``::: name`` blocks document: for a name in a module of a
    package, that module, the package's ``__init__.py`` and the package's modules it imports
    (transitively); for any other name of a package, the whole package. None if a name is not
    in ``root``."""
    found: set[Path] = set()
    for name in set(AUTODOC.findall(markdown)):
        package, *rest = name.split(".")
        top = root / package
        module = top / f"{rest[0]}.py" if rest else None
        if module is not None and module.is_file():
            found |= _imported_closure(module, top) | {top / "__init__.py"}
        elif top.is_dir():
            found.update(top.rglob("*.py"))
        elif top.with_suffix(".py").is_file():
            found.add(top.with_suffix(".py"))
        else:
            return None
    return sorted(path for path in found if path.is_file())


# module -> it and the modules it imports, for one build (cleared in on_files): every reference
# page asks, and most modules import the same few.
CLOSURES: dict[Path, set[Path]] = {}


def _imported_closure(module: Path, package: Path) -> set[Path]:
    """``module`` and every module of ``package`` it imports, directly or not."""
    if module not in CLOSURES:
        CLOSURES[module] = _walk_imports(module, package)
    return CLOSURES[module]


def _walk_imports(module: Path, package: Path) -> set[Path]:
    from hooks.downloads import imports  # the same reading of imports the downloads use

    seen: set[Path] = set()
    todo = [module]
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        todo += [package / f"{name}.py" for name in imports(path, package.name)[0]]
    return seen


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Hash what every page's conversion shares: settings, versions, the engine (every module
    of ``hooks/``), files and URLs."""
    digest = hashlib.sha256(VERSIONS.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    settings = {
        "extensions": [_name(extension) for extension in config.markdown_extensions],
        "configs": config.mdx_configs,
        "plugins": {
            name: dict(plugin.config)
            for name, plugin in config.plugins.items()
            if name not in config.hooks
        },
        "validation": config.validation,
        "use_directory_urls": config.use_directory_urls,
    }
    # Paths under the project are hashed relative to it: a copied or moved checkout keeps its cache.
    root = str(Path(config.config_file_path).resolve().parent)
    digest.update(json.dumps(settings, sort_keys=True, default=_plain).replace(root, ".").encode())
    for file in sorted(files, key=lambda file: file.src_uri):
        digest.update(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\n".encode())
    for path in _appended_files(config):  # e.g. the glossary, appended to every page
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    SITE["digest"] = digest.hexdigest()
    SITE["root"] = root
    USED.clear()
    READ.clear()
    MARKERS.clear()
    CLOSURES.clear()
    if (plugin := config.plugins.get("mkdocstrings")) is not None:
        # Its handler's templates too: each build makes a new handler, which compiled them all
        # again whenever a reference page converted (measured: 0.3 s of a snippet save's reload).
        handler = plugin.get_handler(plugin.config.default_handler)
        handler.env.bytecode_cache = _bytecode_cache()
    return files


def _appended_files(config: MkDocsConfig) -> list[Path]:
    """The files ``pymdownx.snippets`` appends to every page (``auto_append``), as it finds
    them: under the first of its ``base_path`` folders that has each. Its settings name them,
    but their text is part of every page."""
    settings = config.mdx_configs.get("pymdownx.snippets", {})
    root = Path(config.config_file_path).resolve().parent
    bases = [root / base for base in settings.get("base_path", ["."])]  # an absolute base stays
    found = ([base / name for base in bases if (base / name).is_file()][:1] for name in settings.get("auto_append", []))
    return [path for paths in found for path in paths]


def _name(extension: object) -> str:
    """A Markdown extension's name, or its class for an instance a plugin added."""
    if isinstance(extension, str):
        return extension
    return f"{type(extension).__module__}.{type(extension).__qualname__}"


def _plain(value: object) -> str:
    """A setting as text: a path for ``!relative`` placeholders, else its repr."""
    return os.fspath(value) if isinstance(value, os.PathLike) else repr(value)


def page_key(page, config: MkDocsConfig) -> str | None:
    """The key of ``page``'s conversion, or None if it cannot be cached."""
    bases = [
        Path(path)
        for path in config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])
    ]
    bases = [base if base.is_absolute() else Path(SITE["root"]) / base for base in bases]
    included = _included_files(page.markdown, bases)
    documented = _documented_files(page.markdown, Path(SITE["root"]))
    if included is None or documented is None:
        return None
    digest = hashlib.sha256(SITE["digest"].encode())
    digest.update(f"{page.file.src_uri}\0{page.url}\0".encode() + page.markdown.encode())
    for path, section in included:
        where = _relative(path)
        digest.update(f"\0{where}:{section}\0".encode() + _included_text(path, section))
    for path in documented:
        digest.update(b"\0" + _relative(path).encode() + b"\0" + _read(path))
    return digest.hexdigest()[:24]


def _relative(path: Path) -> str:
    """``path`` as the key hashes it: relative to the project when it is inside it."""
    return os.path.relpath(path, SITE["root"]) if path.is_relative_to(SITE["root"]) else str(path)


def on_pre_page(page, *, config: MkDocsConfig, files: Files):
    """Give the page a ``render`` that reads the cache, or converts and fills it."""
    if not internals.on("kept_conversions"):
        return page
    convert = page.render

    def render(config: MkDocsConfig, files: Files) -> None:
        autorefs = config.plugins.get("autorefs")
        key = page_key(page, config)
        path = _folder("pages") / f"{key}.json"
        if key is not None:
            USED.add(path.name)
        if key is not None and path.is_file():
            kept = json.loads(path.read_text(encoding="utf-8"))
            page.content = kept["content"]
            page.toc = get_toc(kept["toc"])
            page._title_from_render = kept["title"]
            page.present_anchor_ids = set(kept["anchors"])
            page.links_to_anchors = {
                files.get_file_from_path(uri): links for uri, links in kept["links"].items()
            }
            for identifier, anchor, title, primary in kept["autorefs"]:
                autorefs.register_anchor(page, identifier, anchor, title=title, primary=primary)
            return
        warnings = _Warnings()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(warnings)
        registered: list[list] = []
        if autorefs is not None:  # note what the conversion registers, to replay it from cache
            register = autorefs.register_anchor

            def record(page, identifier, anchor=None, *, title=None, primary=True):
                registered.append([identifier, anchor, title, primary])
                register(page, identifier, anchor, title=title, primary=primary)

            autorefs.register_anchor = record
        try:
            convert(config, files)
        finally:
            logger.removeHandler(warnings)
            if autorefs is not None:
                del autorefs.register_anchor  # the plugin's own method again
        if key is None or warnings.count:
            return
        kept = {
            "content": page.content,
            "toc": [_token(item) for item in page.toc],
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()},
            "autorefs": registered,
        }
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(kept), encoding="utf-8")
        partial.replace(path)

    page.render = render
    return page


def on_env(env, *, config: MkDocsConfig, files: Files):
    """Keep the theme's compiled templates too (Jinja's own cache, keyed by each template's
    source), so a build does not compile them again."""
    env.bytecode_cache = _bytecode_cache()
    return env


def _bytecode_cache() -> jinja2.BytecodeCache:
    """Jinja's cache of compiled templates, in ``.cache/jinja``."""
    return jinja2.FileSystemBytecodeCache(str(_folder("jinja")))


def _folder(name: str) -> Path:
    """``.cache/<name>`` of this project, created."""
    folder = Path(SITE["root"]) / ".cache" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def on_post_build(*, config: MkDocsConfig) -> None:
    """Forget the conversions this build did not use."""
    if not internals.on("kept_conversions"):
        return
    for path in _folder("pages").glob("*.json"):
        if path.name not in USED:
            path.unlink()


def _token(item) -> dict:
    """A table-of-contents entry back as the token ``get_toc`` makes it from."""
    return {
        "level": item.level,
        "id": item.id,
        "name": item.title,
        "children": [_token(child) for child in item.children],
    }
