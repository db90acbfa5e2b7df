"""Shared fixtures: the project root, a built site, and throw-away copies of the project."""

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project`` into ``site``; the result, whatever it is."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
    }
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
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` makes it from this checkout."""
    out = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's build inputs (with its build caches) to break on purpose."""
    copy = tmp_path / "project"
    for name in ("docs", "snippets", "hooks", "notebooks", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(
                ROOT / name,
                copy / name,
                ignore=shutil.ignore_patterns("__pycache__"),
            )
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    if (ROOT / ".cache" / "figures").exists():
        shutil.copytree(ROOT / ".cache" / "figures", copy / ".cache" / "figures")
    return copy


SECTION = re.compile(r"^\s*# --8<-- \[(start|end):(\w+)\]\s*$")


def snippet_sections() -> dict[str, str]:
    """Every named section of snippets/*.py as ``{"file.py:name": text}``, dedented."""
    sections = {}
    for path in sorted((ROOT / "snippets").glob("*.py")):
        open_sections: dict[str, list[str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            marker = SECTION.match(line)
            if marker and marker[1] == "start":
                open_sections[marker[2]] = []
            elif marker:
                body = open_sections.pop(marker[2])
                sections[f"{path.name}:{marker[2]}"] = textwrap.dedent("\n".join(body)).strip("\n")
            else:
                for body in open_sections.values():
                    body.append(line)
        assert not open_sections, f"{path}: unclosed sections {sorted(open_sections)}"
    return sections


def site_pages() -> list[str]:
    """Every page the site has, as paths under the site root, read from the sources."""
    pages = ["reference/"]
    for md in (ROOT / "docs").rglob("*.md"):
        relative = md.relative_to(ROOT / "docs").with_suffix("").as_posix()
        pages.append("" if relative == "index" else relative.removesuffix("/index") + "/")
    pages += [f"notebooks/{p.stem}/" for p in (ROOT / "notebooks").glob("*.py")]
    return sorted(pages)
