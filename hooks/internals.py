"""Switches for the accelerations that touch a library's internals (ARCHITECTURE.md lists them).

Each acceleration is on only when every library it touches has the version it was written for
(``WRITTEN_FOR``): after an upgrade it turns itself off, with one warning, so the build gets
slower, not wrong. ``ENGINE_ACCELERATIONS=off`` turns them all off, and a comma-separated list
of names turns off those (a test builds with all of them off and compares the site byte for
byte). What is not an acceleration (mkdocs-jupyter's HTML made a Material page) has no switch.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os

WRITTEN_FOR = {
    "mkdocs": "1.6.1",
    "mkdocs-autorefs": "1.4.5",
    "mkdocs-material": "9.8.1",
    "nbclient": "0.11.0",
    "nbconvert": "7.17.2",
}
# name -> (where, the libraries whose internals it touches)
ACCELERATIONS = {
    "kept_conversions": ("hooks/pages.py", ("mkdocs", "mkdocs-autorefs")),
    "kept_search_entries": ("hooks/search.py", ("mkdocs-material",)),
    "theme_listed_once": ("hooks/serve.py", ("mkdocs",)),
    "hard_links": ("hooks/serve.py", ("mkdocs",)),
    "fast_watcher": ("hooks/serve.py", ("mkdocs",)),
    "nbconvert_template_cache": ("hooks/notebooks.py", ("nbconvert",)),
    "spare_kernel_client": ("hooks/notebooks.py", ("nbclient",)),
}
WARNED: set[str] = set()
# Not under "mkdocs": a warning there would fail `mkdocs build --strict`, and the point is that
# an upgrade slows the build down without stopping it. Python prints it to stderr all the same.
log = logging.getLogger("engine.internals")


def installed(library: str) -> str | None:
    try:
        return importlib.metadata.version(library)
    except importlib.metadata.PackageNotFoundError:
        return None


def on(name: str) -> bool:
    """Whether the acceleration ``name`` runs in this build."""
    if name not in ACCELERATIONS:
        raise KeyError(f"{name!r} is not one of hooks/internals.py's {sorted(ACCELERATIONS)}")
    wanted = os.environ.get("ENGINE_ACCELERATIONS", "")
    if wanted == "off" or name in wanted.split(","):
        return False
    where, libraries = ACCELERATIONS[name]
    for library in libraries:
        version = installed(library)
        if version != WRITTEN_FOR[library]:
            if name not in WARNED:
                WARNED.add(name)
                log.warning(
                    f"{where}: {name} is off: it was written for {library} "
                    f"{WRITTEN_FOR[library]} and {version} is installed (check it against the "
                    "new version, then update WRITTEN_FOR in hooks/internals.py)"
                )
            return False
    return True
