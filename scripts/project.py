"""The project's build inputs, and copies of them to build elsewhere (tests and the benchmark)."""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    "docs",
    "includes",
    "snippets",
    "hooks",
    "notebooks",
    "overrides",
    "data",
    "mkdocs.yml",
    "pyproject.toml",
    "requirements.txt",
    "LICENSE",
)


# The experiments' training runs (hooks/results.py), keyed on the code each one runs: about 25 s
# of CPU to remake, and safe to share with any copy, so tests share them unless told otherwise.
SHARED_CACHES = ("results",)
# Every cache a build keeps (each keyed on what it is made of, with paths relative to the
# project): a copy with all of them builds about as fast as a warm build here.
EVERY_CACHE = ("code-keys", "figures", "jinja", "notebooks", "numbers", "pages", "results", "search")


def copy_project(target: Path, *, caches: tuple[str, ...] = (), share_results: bool = True) -> Path:
    """Copy the build inputs to ``target``, with the ``.cache/<name>`` folders named in
    ``caches`` (their keys hash their sources, so a copy can share them safely) and, unless
    ``share_results`` is False, the experiments' runs."""
    target.mkdir(parents=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)
    shared = SHARED_CACHES if share_results else ()
    for cache in dict.fromkeys((*shared, *caches)):
        if (ROOT / ".cache" / cache).exists():
            shutil.copytree(ROOT / ".cache" / cache, target / ".cache" / cache)
    return target
