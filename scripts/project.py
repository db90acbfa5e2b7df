"""The project's build inputs, and copies of them to build elsewhere (tests and the benchmark)."""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    "docs",
    "snippets",
    "hooks",
    "notebooks",
    "overrides",
    "mkdocs.yml",
    "pyproject.toml",
    "requirements.txt",
    "LICENSE",
)


def copy_project(target: Path, *, caches: tuple[str, ...] = ()) -> Path:
    """Copy the build inputs to ``target``, with the ``.cache/<name>`` folders named in
    ``caches`` (their keys hash their sources, so a copy can share them safely)."""
    target.mkdir(parents=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)
    for cache in caches:
        if (ROOT / ".cache" / cache).exists():
            shutil.copytree(ROOT / ".cache" / cache, target / ".cache" / cache)
    return target
