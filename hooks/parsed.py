"""Python sources parsed once per text, for the hooks that read the snippets modules' code.

Several hooks read the syntax of every snippets module at every build (figure names, sliders,
the reference's names, the code keys). Under ``mkdocs serve`` each save rebuilds everything
while most modules have not changed: measured, parsing them again was 0.1 s of a rebuild after
a prose edit. Not a hook: the hooks import it.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path


@functools.lru_cache(maxsize=1024)
def _parse(text: str, path: str) -> ast.Module:
    return ast.parse(text, path)


def parse(path: Path) -> ast.Module:
    """The syntax tree of ``path``, shared by every caller: copy it before changing it."""
    return _parse(path.read_text(encoding="utf-8"), str(path))
