"""The one store of everything slow: ``.cache/<kind>/``, content-addressed, written atomically.

Keys hash paths relative to the project, so a copied or moved checkout reuses the store. A file
is written beside its place and renamed into it; a folder is filled beside its place and renamed
in whole, replacing the older entries of its kind; what a build did not use is pruned after it.
ARCHITECTURE.md lists the kinds and what each is keyed on.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path


def folder(root: Path, kind: str = "") -> Path:
    """``.cache/<kind>`` of the project at ``root`` (``.cache`` itself without a kind)."""
    return root / ".cache" / kind


def write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    if isinstance(data, str):
        partial.write_text(data, encoding="utf-8")
    else:
        partial.write_bytes(data)
    partial.replace(path)


def new_folder(final: Path) -> Path:
    """An empty folder to fill for ``final``; ``publish`` puts it in place."""
    partial = final.with_name(final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    return partial


def publish(partial: Path, final: Path) -> None:
    """Move the filled ``partial`` to ``final``, replacing every other entry of its folder (the
    older versions of the same thing)."""
    for stale in final.parent.iterdir():
        if stale != partial:
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    partial.rename(final)


def prune(folder: Path, used: Iterable[str], pattern: str = "*") -> None:
    """Delete the entries of ``folder`` matching ``pattern`` whose names are not in ``used``
    (files being written are left alone)."""
    keep = set(used)
    for path in folder.glob(pattern) if folder.is_dir() else ():
        if path.name not in keep and not path.name.endswith(".partial"):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
