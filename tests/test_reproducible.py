"""Two clean builds of the same sources, with SOURCE_DATE_EPOCH set, are byte-identical, and so
is a build that takes everything from the caches."""

import os
import subprocess
import sys
from pathlib import Path

from scripts.project import copy_project


def all_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_clean_builds_are_byte_identical(tmp_path):
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    # No caches but the experiments' training runs (about 120, 25 s of CPU each build): that
    # cache is keyed on the code they run, and a run is the same for the same seed (tested in
    # test_overfitting.py). Both builds draw every figure and run every notebook, side by side.
    projects = [copy_project(tmp_path / name, caches=("results",)) for name in ("first", "second")]
    builds = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "-d",
                str(p / "site"),
            ],
            cwd=p,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for p in projects
    ]
    for build in builds:
        output, _ = build.communicate(timeout=600)
        assert build.returncode == 0, output
    first, second = (all_files(p / "site") for p in projects)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    # The checks cover the files most likely to drift.
    assert {
        "sitemap.xml.gz",
        "figures/dropout-mask-light.svg",
        "notebooks/dropout/index.html",
    } <= first.keys()
    # Build the first project again: every figure, notebook, reference and page from its cache.
    rebuilt = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "warm")],
        cwd=projects[0],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert all((projects[0] / ".cache" / cache).is_dir() for cache in ("pages", "figures"))
    warm = all_files(tmp_path / "warm")
    assert warm.keys() == second.keys()
    assert [name for name in warm if warm[name] != second[name]] == []
