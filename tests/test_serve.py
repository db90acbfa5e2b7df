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
        assert ">keep<" in figure and ">kept<" not in figure
        # One save changes code the page shows, another the words of a figure module's drawing.
        dropout = project_copy / "snippets" / "dropout.py"
        dropout.write_text(
            dropout.read_text(encoding="utf-8").replace("Never modified.", "Left untouched."),
            encoding="utf-8",
        )
        figures = project_copy / "snippets" / "dropout_figures.py"
        figures.write_text(
            figures.read_text(encoding="utf-8").replace('"keep", "drop"', '"kept", "drop"'),
            encoding="utf-8",
        )
        wait_for(
            lambda: ">kept<" in get(url + "figures/dropout-mask-light.svg"),
            "the redrawn figure",
            server,
        )
        assert ">keep<" not in get(url + "figures/dropout-mask-light.svg")
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
    from hooks import serve, state

    source, file, files, config = cached_file(tmp_path)
    state.process.command = "serve"
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
        state.process.command = "build"


def test_where_links_fail_serve_copies_and_a_build_always_copies(tmp_path, monkeypatch):
    from hooks import internals, serve, state

    source, file, files, config = cached_file(tmp_path)
    state.process.command = "build"
    serve.on_files(files, config=config)
    file.copy_file()
    destination = tmp_path / "site" / "figures" / "a.svg"
    assert destination.stat().st_ino != source.stat().st_ino  # site/ shares nothing
    destination.unlink()

    def no_links(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(internals.os, "link", no_links)
    _, file, files, config = cached_file(tmp_path / "other")
    state.process.command = "serve"
    try:
        serve.on_files(files, config=config)
        file.copy_file()
        assert (tmp_path / "other" / "site" / "figures" / "a.svg").read_text() == "<svg>cached</svg>"
    finally:
        state.process.command = "build"
