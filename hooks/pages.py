"""Keep each page's conversion (HTML, table of contents, title, anchors, links, autorefs anchors)
in ``.cache/pages`` by a key over everything it reads, and convert only what changed.

The key (``page_key``) hashes the page's Markdown after every hook, what its ``--8<--`` lines
include, the files its ``::: name`` blocks document (the outline only of the modules they
import), and what all pages share (``on_files``: settings, versions, every module of
``hooks/``, the site's files and URLs, the files appended to every page). A page that includes
or documents what this cannot resolve is never kept, nor a conversion that warned.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from hooks import internals, state, store
from hooks.sources import Sources

DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments", "mkdocs-jupyter",
                 "nbconvert", "mistune", "beautifulsoup4", "latex2mathml", "mkdocstrings",
                 "mkdocstrings-python", "mkdocs-autorefs", "griffelib", "prune-source")
VERSIONS = " ".join(f"{d}=={importlib.metadata.version(d)}" for d in DISTRIBUTIONS)
AUTODOC = re.compile(r"^:::\s+([\w.]+)", re.M)  # a mkdocstrings block


def included(markdown: str, sources: Sources) -> list[tuple[str, str]] | None:
    """What each ``--8<--`` line of ``markdown`` shows, by its file and section (a section the
    file lacks: the whole file), or None if a file is missing or includes more files itself."""
    found = []
    for include in sources.includes(markdown):
        if include.path is None or sources.includes(sources.text(include.path)):
            return None
        try:
            text = sources.section(include.path, include.section) if include.section else None
        except KeyError:
            text = None
        text = sources.text(include.path) if text is None else text
        found.append((f"{sources.relative(include.path)}:{include.section or ''}", text))
    return found


def documented_files(markdown: str, sources: Sources) -> dict[Path, bool] | None:
    """Every file that ``markdown``'s ``::: name`` blocks document, and whether its whole text
    counts (True) or only its outline (``Sources.outline``): for a name in a module of a
    package, that module and the package's ``__init__.py`` whole, and the outline of each
    module of the package it imports (transitively), whose code and docstrings the page does
    not show; for any other name of a package, the whole package. None if a name is not in the
    project."""
    found: dict[Path, bool] = {}
    for name in set(AUTODOC.findall(markdown)):
        package, *rest = name.split(".")
        top = sources.root / package
        module = top / f"{rest[0]}.py" if rest else None
        if module is not None and module.is_file():
            for path in sources.imported(module):
                found[path] = found.get(path, False)
            found[module] = found[top / "__init__.py"] = True
        elif top.is_dir():
            found.update(dict.fromkeys(top.rglob("*.py"), True))
        elif top.with_suffix(".py").is_file():
            found[top.with_suffix(".py")] = True
        else:
            return None
    return {path: found[path] for path in sorted(found) if path.is_file()}


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
    for path in state.build.sources.appended():  # e.g. the glossary, appended to every page
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    state.build.site_key = digest.hexdigest()
    if (plugin := config.plugins.get("mkdocstrings")) is not None:
        # Its handler's templates too: each build makes a new handler, which compiled them all
        # again whenever a reference page converted (measured: 0.3 s of a snippet save's reload).
        handler = plugin.get_handler(plugin.config.default_handler)
        handler.env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(state.build.cache("jinja")))
    return files


def _name(extension: object) -> str:
    """A Markdown extension's name, or its class for an instance a plugin added."""
    if isinstance(extension, str):
        return extension
    return f"{type(extension).__module__}.{type(extension).__qualname__}"


def _plain(value: object) -> str:
    """A setting as text: a path for ``!relative`` placeholders, else its repr."""
    return os.fspath(value) if isinstance(value, os.PathLike) else repr(value)


def page_key(page, sources: Sources, site_key: str) -> str | None:
    """The key of ``page``'s conversion, or None if it cannot be cached."""
    includes = included(page.markdown, sources)
    documented = documented_files(page.markdown, sources)
    if includes is None or documented is None:
        return None
    digest = hashlib.sha256(site_key.encode())
    digest.update(f"{page.file.src_uri}\0{page.url}\0".encode() + page.markdown.encode())
    for where, text in includes:
        digest.update(f"\0{where}\0{text}".encode())
    for path, whole in documented.items():
        text = sources.text(path) if whole else sources.outline(path)
        digest.update(f"\0{sources.relative(path)}\0{whole}\0{text}".encode())
    return digest.hexdigest()[:24]


def on_pre_page(page, *, config: MkDocsConfig, files: Files):
    """Give the page a ``render`` that reads the cache, or converts and fills it."""
    if not internals.on("kept_conversions"):
        return page
    convert = page.render

    def render(config: MkDocsConfig, files: Files) -> None:
        build = state.build
        key = page_key(page, build.sources, build.site_key)
        path = build.cache("pages") / f"{key}.json"
        if key is not None:
            build.pages_used.add(path.name)
        if key is not None and path.is_file():
            internals.restore(page, json.loads(path.read_text(encoding="utf-8")), config, files)
            return
        kept = internals.convert_and_record(page, convert, config, files)
        if key is not None and kept is not None:
            store.write(path, json.dumps(kept))

    page.render = render
    return page


def on_env(env, *, config: MkDocsConfig, files: Files):
    """Keep the theme's compiled templates too (Jinja's own cache, keyed by each template's
    source), so a build does not compile them again."""
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(state.build.cache("jinja")))
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    """Forget the conversions this build did not use."""
    if internals.on("kept_conversions"):
        store.prune(state.build.cache("pages"), state.build.pages_used, "*.json")
