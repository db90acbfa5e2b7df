"""``mkdocs serve``: saving a snippet rebuilds what shows it, figures and notebook included."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import run_build


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(condition, what: str, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert server.poll() is None, f"mkdocs serve stopped while waiting for {what}"
        assert time.monotonic() < deadline, f"mkdocs serve never showed {what}"
        time.sleep(0.1)


def test_saving_a_snippet_rebuilds_its_page_figures_and_notebook(project_copy, tmp_path):
    warm = run_build(project_copy, tmp_path / "site")  # fill the caches, as a first serve would
    assert warm.returncode == 0, warm.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=project_copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: "Never modified." in get(url + "dropout/"), "the Dropout page", server)
        figure = get(url + "figures/dropout-mask-light.svg")
        assert "keep" in figure and "#0072b2" in figure.lower()
        # One save changes code the page shows and the colour every dropout figure uses.
        dropout = project_copy / "snippets" / "dropout.py"
        dropout.write_text(
            dropout.read_text(encoding="utf-8").replace("Never modified.", "Left untouched."),
            encoding="utf-8",
        )
        plotting = project_copy / "snippets" / "plotting.py"
        plotting.write_text(
            plotting.read_text(encoding="utf-8").replace('"#0072B2"', '"#1F77B4"'),
            encoding="utf-8",
        )
        wait_for(
            lambda: "#1f77b4" in get(url + "figures/dropout-mask-light.svg").lower(),
            "the redrawn figure",
            server,
        )
        assert "#0072b2" not in get(url + "figures/dropout-mask-light.svg").lower()
        page = get(url + "dropout/")
        assert "Left untouched." in page and "Never modified." not in page
        assert "Left untouched." in get(url + "notebooks/dropout/")  # run again
        assert "Left untouched." in get(url + "reference/dropout/")
        # The docs are still watched (hooks/serve.py swaps the watcher mkdocs starts with).
        index = project_copy / "docs" / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\nA new line.\n", "utf-8")
        wait_for(lambda: "A new line." in get(url), "the edited home page", server)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "ERROR" not in output, output


def cached_file(tmp_path):
    """A File whose source is in the project's ``.cache``, and the hook's config for it."""
    from types import SimpleNamespace

    from mkdocs.structure.files import File, Files

    (tmp_path / ".cache" / "figures").mkdir(parents=True)
    source = tmp_path / ".cache" / "figures" / "a.svg"
    source.write_text("<svg>cached</svg>")
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    file = File("figures/a.svg", str(tmp_path / "docs"), str(tmp_path / "site"), True)
    file.abs_src_path = str(source)
    return source, file, Files([file]), config


def test_under_serve_cached_files_are_linked_and_a_stale_link_is_replaced_not_written(tmp_path):
    from hooks import serve

    source, file, files, config = cached_file(tmp_path)
    serve.on_startup(command="serve", dirty=False)
    try:
        serve.on_files(files, config=config)
        destination = tmp_path / "site" / "figures" / "a.svg"
        destination.parent.mkdir(parents=True)
        destination.write_text("an older build's copy")
        file.copy_file()
        assert destination.read_text() == "<svg>cached</svg>"
        assert destination.stat().st_ino == source.stat().st_ino  # linked, not copied
        file.copy_file()  # again over its own link: the cache keeps its bytes
        assert source.read_text() == "<svg>cached</svg>"
    finally:
        serve.on_startup(command="build", dirty=False)


def test_where_links_fail_serve_copies_and_a_build_always_copies(tmp_path, monkeypatch):
    from hooks import serve

    source, file, files, config = cached_file(tmp_path)
    serve.on_startup(command="build", dirty=False)
    serve.on_files(files, config=config)
    file.copy_file()
    destination = tmp_path / "site" / "figures" / "a.svg"
    assert destination.stat().st_ino != source.stat().st_ino  # site/ shares nothing
    destination.unlink()

    def no_links(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(serve.os, "link", no_links)
    _, file, files, config = cached_file(tmp_path / "other")
    serve.on_startup(command="serve", dirty=False)
    try:
        serve.on_files(files, config=config)
        file.copy_file()
        assert (tmp_path / "other" / "site" / "figures" / "a.svg").read_text() == "<svg>cached</svg>"
    finally:
        serve.on_startup(command="build", dirty=False)


# Rebuilds ``project`` as ``mkdocs serve`` does (one process, the config loaded again before
# each build), after each of the edits below; after each rebuild it builds again with nothing
# kept, and prints how many page templates were kept and every page that differs.
REBUILDS = r"""
import filecmp, json, os, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

def rebuild(site):
    global serve
    config = load_config("mkdocs.yml", site_dir=site)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    serve = config.hooks["hooks/serve.py"]  # the module MkDocs loaded, kept between builds

def pages(site):
    return sorted(str(p.relative_to(site)) for p in Path(site).rglob("*.html"))

def edit(path, old, new):
    text = Path(path).read_text(encoding="utf-8")
    assert old in text, (path, old)
    Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")

edits = json.loads(sys.argv[1])
rebuild("kept")
for path, old, new in [(None, None, None)] + edits:
    if path is not None:
        edit(path, old, new)
    rebuild("kept")
    counts = dict(serve.COUNTS)
    kept = dict(serve.KEPT)
    serve.KEPT.clear()
    rebuild("fresh")
    serve.KEPT.clear()
    serve.KEPT.update(kept)  # as if the fresh build had not happened
    assert pages("kept") == pages("fresh")
    differ = [p for p in pages("kept") if not filecmp.cmp(Path("kept", p), Path("fresh", p), shallow=False)]
    print(json.dumps({"counts": counts, "differ": differ}), flush=True)
"""


def test_under_serve_a_page_keeps_its_output_only_while_nothing_its_template_reads_changed(
    project_copy,
):
    """A rebuild under serve renders again only the pages whose template reads something that
    changed, and gives byte for byte the pages a build with nothing kept gives: after no edit,
    an edit of one page's prose, of its meta, and of a nav title (which every page shows)."""
    import json

    edits = [
        ["docs/dropout.md", "\n## ", "\nA sentence the kept output lacks.\n\n## "],
        ["docs/dropout.md", "Dropout in a few lines", "Dropout, edited, in a few lines"],
        ["mkdocs.yml", "- Overfitting: overfitting.md", "- Overfitting, renamed: overfitting.md"],
    ]
    result = subprocess.run(
        [sys.executable, "-c", REBUILDS, json.dumps(edits)],
        cwd=project_copy,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    runs = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(runs) == 4
    for run in runs:
        assert run["differ"] == []  # kept or not, the same pages
    nothing, prose, meta, nav = (run["counts"] for run in runs)
    assert nothing["rendered"] == 0 and nothing["kept"] > 0
    assert prose["rendered"] == 1 and meta["rendered"] == 1  # docs/dropout.md only
    assert nav["kept"] == 0 and nav["rendered"] == nothing["kept"]  # every page shows the nav


def test_under_serve_a_build_freezes_what_is_alive_and_tidy_collects_it_all_later():
    import gc
    import weakref

    from hooks import serve

    class Cycle:
        """Garbage only the cycle collector frees."""

    def garbage() -> weakref.ref:
        cycle = Cycle()
        cycle.self = cycle
        return weakref.ref(cycle)

    try:
        serve.on_startup(command="build", dirty=False)
        serve.on_config(None)
        assert gc.get_freeze_count() == 0  # mkdocs build: the collector as usual
        serve.on_startup(command="serve", dirty=False)
        left = garbage()  # what a last build left
        serve.on_config(None)  # a build starts
        assert gc.get_freeze_count() > 0
        gc.collect()
        assert left() is not None  # frozen: not walked during the build
        serve.tidy()  # after the build
        assert gc.get_freeze_count() == 0 and left() is None
    finally:
        gc.unfreeze()
        serve.on_startup(command="build", dirty=False)
