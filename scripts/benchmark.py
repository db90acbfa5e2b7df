"""Measure the site and the snippets: build times, serve reload, page weight, dropout, training.

Usage: bash scripts/benchmark.sh [--runs N]        (N runs per timing, median printed; default 3)
       bash scripts/benchmark.sh --articles 2 10 20  (how builds grow with scaffolded articles)
       bash scripts/benchmark.sh --accelerations     (serve reloads with each acceleration off)

``--articles N ...`` scaffolds N articles with scripts/new_article.py in a throwaway copy of the
project, for each N, and times a cold build, a warm build and a serve reload after a snippet
edit, against the same copy without them (N = 0), measured in the same run.

Every ratio is against a baseline measured in the same run:
- builds: a bare Material site made of the same Markdown pages without figures or notebooks;
- dropout: np.copyto of the same array (memory bandwidth), and torch.nn.functional.dropout on
  the CPU when torch is installed (`.venv/bin/pip install torch==2.13.0`).
"""

import argparse
import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from snippets.dropout import dropout, dropout_fast  # noqa: E402
from snippets.overfitting import training_curves  # noqa: E402

from new_article import new_article  # noqa: E402
from project import EVERY_CACHE, copy_project  # noqa: E402
from static_server import built_pages, serve  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
BARE_CONFIG = """site_name: bare
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: [{root}]
"""


def median_time(action, runs: int) -> float:
    """Median wall time of ``runs`` calls of ``action``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build(project: Path, site: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    subprocess.run(command, cwd=project, env=ENV, check=True, capture_output=True)


def bare_project(target: Path) -> Path:
    """The same Markdown pages in a plain Material site: no figures, notebooks or hooks."""
    (target / "docs").mkdir(parents=True)
    for page in (ROOT / "docs").glob("*.md"):
        text = re.sub(
            r"^!\[.*?\]\(figures/.*?\)\n", "", page.read_text(encoding="utf-8"), flags=re.M | re.S
        )
        (target / "docs" / page.name).write_text(text, encoding="utf-8")
    (target / "mkdocs.yml").write_text(BARE_CONFIG.format(root=ROOT), encoding="utf-8")
    return target


def build_times(tmp: Path, runs: int) -> dict[str, float]:
    # Cold means cold: the experiments' training runs too.
    ours, bare = copy_project(tmp / "ours", share_results=False), bare_project(tmp / "bare")

    def cold() -> None:
        shutil.rmtree(ours / ".cache", ignore_errors=True)
        build(ours, tmp / "site-cold")

    actions = {
        "bare": lambda: build(bare, tmp / "site-bare"),
        "cold": cold,
        "warm": lambda: build(ours, tmp / "site-warm"),  # with the caches the cold build left
    }
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):  # interleaved, so a slow spell of the machine slows all three alike
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


IDLE = 3.0  # seconds the server is left alone before each edit, as between a writer's saves


def notebooks_alone(runs: int) -> float:
    """Median seconds to run every notebook in a fresh kernel, side by side, and nothing else:
    the least any cold build that runs them in fresh kernels can take."""
    from concurrent.futures import ThreadPoolExecutor

    from hooks.notebooks import build_notebook, execute
    from hooks.sources import Sources

    sources = sorted((ROOT / "notebooks").glob("*.py"))

    def run(source: Path) -> None:
        execute(build_notebook(source, Sources(ROOT)), str(source))

    def all_of_them() -> None:
        with ThreadPoolExecutor(len(sources)) as pool:
            list(pool.map(run, sources))

    return median_time(all_of_them, runs)


def serve_reload(tmp: Path, runs: int, project: Path | None = None, only: tuple[str, ...] = ("snippet", "prose"), env: dict[str, str] | None = None) -> dict[str, float]:
    """Median seconds from a save to the served page showing it, under ``mkdocs serve``:

    - ``snippet``: a save of snippets/dropout.py that changes the docstring of ``dropout``,
      which the Dropout page, its notebook page and the reference show; the figures depend on
      the file's bytes, so everything is redone, and the time is until all of those show it;
    - ``prose``: a save of docs/dropout.md, until the Dropout page shows it;
    - ``notebook`` (asked for by name): a code cell added to notebooks/dropout.py, until its page
      shows the cell's output: the notebook runs again (in a spare kernel).

    It waits as the writer's open page does: on MkDocs' livereload request, which answers when
    a newer build is served; then it loads the pages. (Loading them over and over instead kept
    the server busy while it rebuilt, in the same process: measured, 1 s more with 20
    scaffolded articles.)
    """
    project = project or tmp / "ours"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env or ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"

    def get(path: str) -> str:
        try:
            with urllib.request.urlopen(url + path, timeout=5) as response:
                return response.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def shown(marker: str, paths: list[str]) -> bool:
        return all(marker in get(path) for path in paths) and "<svg" in get(
            "figures/dropout-mask-light.svg"
        )

    def served_epoch() -> str:
        """The build the server shows now, as its pages' livereload script says."""
        return re.search(r"livereload\((\d+), \d+\)", get("dropout/"))[1]

    def newer_than(epoch: str) -> str:
        """Wait, as a page's livereload script does, for a build newer than ``epoch``."""
        with urllib.request.urlopen(f"{url}livereload/{epoch}/1", timeout=130) as response:
            return response.read().decode()

    edits = {  # name: (file, how the marker goes in, pages that must show it)
        "snippet": (
            project / "snippets" / "dropout.py",
            lambda text, marker: text.replace("Never modified.", f"Never modified. {marker}"),
            ["dropout/", "notebooks/dropout/", "reference/dropout/"],
        ),
        "prose": (
            project / "docs" / "dropout.md",
            lambda text, marker: text.replace("\n## ", f"\n{marker}\n\n## ", 1),
            ["dropout/"],
        ),
        "notebook": (
            project / "notebooks" / "dropout.py",
            lambda text, marker: text + f'\n# %%\nprint("{marker}")\n',
            ["notebooks/dropout/"],
        ),
    }
    try:
        deadline = time.time() + 120
        while "Dropout" not in get("dropout/"):
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError("mkdocs serve did not come up")
            time.sleep(0.2)
        time.sleep(IDLE)  # as a writer would: read the page, then edit
        medians = {}
        for name, (source, edit, paths) in edits.items():
            if name not in only:
                continue
            original = source.read_text(encoding="utf-8")
            times = []
            for run in range(runs):
                marker = f"benchmark-change-{run}-{time.time_ns()}"
                epoch = served_epoch()
                start = time.perf_counter()
                source.write_text(edit(original, marker), encoding="utf-8")
                while True:
                    epoch = newer_than(epoch)
                    if shown(marker, paths):
                        break
                    if time.perf_counter() - start > 120:
                        raise RuntimeError(f"mkdocs serve did not show the {name} edit in 120 s")
                times.append(time.perf_counter() - start)
                time.sleep(IDLE)
            source.write_text(original, encoding="utf-8")
            time.sleep(IDLE)
            medians[name] = statistics.median(times)
        return medians
    finally:
        server.terminate()
        server.wait(timeout=30)


def first_load_bytes(browser, url: str, base: str, width: int, site: Path) -> tuple[int, int]:
    """Bytes a page fetches from ``base`` until the network is idle, ``width`` pixels wide:
    (raw, as transferred). Playwright reports no transfer size for a web worker's script
    (Material's search worker; sometimes no body either): it counts as that file, gzipped."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    raw = sent = 0
    for response in (r for r in responses if r.url.startswith(base)):
        body = response.body()
        size = response.request.sizes()["responseBodySize"]
        if not body:
            path = site / urllib.parse.urlsplit(response.url).path.lstrip("/")
            path = path / "index.html" if path.is_dir() else path
            body = path.read_bytes() if path.is_file() else b""
        if body and not size:  # the worker: its transfer is not reported either
            size = len(gzip.compress(body))
        raw, sent = raw + len(body), sent + size
    context.close()
    return raw, sent


def page_weights(site: Path) -> dict[str, tuple[int, int, int, int]]:
    """Bytes (raw, as transferred with gzip) each page fetches when first loaded, light scheme,
    on a desktop (1280 px) and then on a phone (375 px)."""
    from playwright.sync_api import sync_playwright

    base, server = serve(site)
    pages = built_pages(site)
    weights = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        for page_path in pages:
            weights["/" + page_path] = (
                *first_load_bytes(browser, base + page_path, base, 1280, site),
                *first_load_bytes(browser, base + page_path, base, 375, site),
            )
        browser.close()
    server.shutdown()
    return weights


def per_element(action, size: int, runs: int) -> float:
    """Median nanoseconds per element of ``action``."""
    action()  # warm up
    return median_time(action, max(runs, 5)) / size * 1e9


def dropout_candidates(x: np.ndarray, torch) -> dict[str, object]:
    """What is timed on one array: the copy baseline, our two versions, and torch if present."""
    out = np.empty_like(x)
    rng = np.random.default_rng(1)
    candidates = {
        "np.copyto (baseline)": lambda: np.copyto(out, x),
        "dropout (readable)": lambda: dropout(x, 0.5, rng=rng),
        "dropout_fast rate 0.5": lambda: dropout_fast(x, 0.5, rng=rng, out=out),
        "dropout_fast rate 0.3": lambda: dropout_fast(x, 0.3, rng=rng, out=out),
    }
    if torch is not None:
        tensor = torch.from_numpy(x)
        candidates["torch dropout"] = lambda: torch.nn.functional.dropout(
            tensor, 0.5, training=True
        )
    return candidates


def dropout_speed(runs: int) -> list[tuple[int, str, float]]:
    try:
        import torch
    except ImportError:
        torch = None
    rows = []
    for size in (10**5, 10**7):
        x = np.random.default_rng(0).normal(size=size).astype(np.float32)
        rows += [
            (size, name, per_element(action, size, runs))
            for name, action in dropout_candidates(x, torch).items()
        ]
    return rows


def scaffolded(target: Path, count: int) -> Path:
    """A copy of the project (no caches) with ``count`` articles made by new_article.py."""
    project = copy_project(target)
    shutil.copytree(ROOT / "tests", project / "tests")  # new_article writes tests too
    for index in range(count):
        new_article(f"article_{index:02d}", f"Scaffolded article {index}", project)
    return project


def growth(tmp: Path, counts: list[int], runs: int) -> dict[int, dict[str, float]]:
    """For each count (and 0): median seconds of a cold build (no cache), a warm build (the
    caches the cold one left) and a serve reload after a snippet edit."""
    results = {}
    for count in [0, *counts]:
        project = scaffolded(tmp / f"articles-{count}", count)
        site = tmp / f"site-{count}"

        def cold(project: Path = project, site: Path = site) -> None:
            shutil.rmtree(project / ".cache", ignore_errors=True)
            build(project, site)

        times = {"cold": median_time(cold, runs)}
        times["warm"] = median_time(lambda project=project, site=site: build(project, site), runs)
        times["reload"] = serve_reload(tmp, runs, project, only=("snippet",))["snippet"]
        results[count] = times
        print(
            f"  {count:3d} articles added   cold {times['cold']:6.2f} s   warm {times['warm']:6.2f} s"
            f"   serve reload {times['reload']:5.2f} s"
        )
    return results


def accelerations(tmp: Path, runs: int) -> dict[str, dict[str, float]]:
    """Median serve reloads with every acceleration on, and with each switched off in turn
    (``ENGINE_ACCELERATIONS=<name>``): a copy of the project each, every cache kept, the runs of
    all of them interleaved (the machine drifts from one minute to the next)."""
    from hooks.internals import ACCELERATIONS

    variants = ["", *ACCELERATIONS]
    projects = {name: copy_project(tmp / f"variant-{name or 'all'}", caches=EVERY_CACHE) for name in variants}
    times: dict[str, dict[str, list[float]]] = {name: {} for name in variants}
    for run in range(runs):
        for name in variants[run % len(variants) :] + variants[: run % len(variants)]:
            got = serve_reload(tmp, 1, projects[name], ("snippet", "prose", "notebook"), {**ENV, "ENGINE_ACCELERATIONS": name})
            for kind, seconds in got.items():
                times[name].setdefault(kind, []).append(seconds)
    return {name: {kind: statistics.median(t) for kind, t in kinds.items()} for name, kinds in times.items()}


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--articles",
        type=int,
        nargs="+",
        metavar="N",
        help="only measure how builds grow with N scaffolded articles",
    )
    parser.add_argument(
        "--accelerations",
        action="store_true",
        help="only measure serve reloads with each acceleration of hooks/internals.py off in turn",
    )
    arguments = parser.parse_args()
    runs = arguments.runs
    if arguments.accelerations:
        print(f"benchmark: serve reloads, each acceleration off in turn, medians of {runs} interleaved runs")
        with tempfile.TemporaryDirectory() as tmp:
            results = accelerations(Path(tmp), runs)
        base = results[""]
        print(f"  {'switched off':26} {'snippet save':>14} {'prose save':>12} {'notebook save':>15}")
        for name, times in results.items():
            cells = "".join(
                f"{times[kind]:9.2f} s {times[kind] / base[kind]:4.2f}x" for kind in ("snippet", "prose", "notebook")
            )
            print(f"  {name or '(none: all on)':26}{cells}")
        return
    if arguments.articles:
        print(
            f"benchmark: growth with scaffolded articles, medians of {runs} runs on "
            f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}"
        )
        with tempfile.TemporaryDirectory() as tmp:
            results = growth(Path(tmp), arguments.articles, runs)
        base = results[0]
        print("\nadded to the site without them (targets for 20: cold <= +40 s, warm <= +1 s; reload <= 2 s)")
        for count, times in results.items():
            if count:
                print(
                    f"  {count:3d} articles   cold {times['cold'] - base['cold']:+6.2f} s   "
                    f"warm {times['warm'] - base['warm']:+6.2f} s   serve reload {times['reload']:5.2f} s"
                )
        return
    print(
        f"benchmark: medians of {runs} runs on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        times = build_times(tmp, runs)
        print("builds (seconds; ratio to the bare Material build of the same pages)")
        print(f"  bare Material build   {times['bare']:6.2f} s")
        print(
            f"  cold build (no cache) {times['cold']:6.2f} s  {times['cold'] / times['bare']:5.2f}x   target <= 3x"
        )
        print(
            f"  warm rebuild          {times['warm']:6.2f} s  {times['warm'] / times['bare']:5.2f}x   target <= 1.3x"
        )
        alone = notebooks_alone(runs)
        print(
            f"  the notebooks alone   {alone:6.2f} s  {alone / times['bare']:5.2f}x   (fresh kernels, side by side: the floor of a cold build)"
        )
        reload = serve_reload(tmp, runs)
        print(
            f"  serve: save snippets/dropout.py -> page, notebook, reference, figures  {reload['snippet']:5.2f} s   target <= 2 s"
        )
        print(
            f"  serve: save docs/dropout.md -> page rebuilt                         {reload['prose']:5.2f} s   target <= 0.5 s\n"
        )
        weights = page_weights(tmp / "site-warm")
    print("page weight as first loaded (HTML, CSS, JS, figures, search index; light scheme)")
    print(f"  {'':26} {'desktop (1280 px)':>28}  {'phone (375 px)':>28}   target <= 120 KB gzip")
    for page, (raw, sent, phone_raw, phone_sent) in weights.items():
        print(
            f"  {page:26} {raw / 1024:7.1f} KB raw {sent / 1024:6.1f} KB gzip"
            f"  {phone_raw / 1024:7.1f} KB raw {phone_sent / 1024:6.1f} KB gzip"
        )
    print()
    rows = dropout_speed(runs)
    print("dropout on float32 arrays (ns per element; x = ratio to np.copyto of the same array)")
    for size in sorted({row[0] for row in rows}):
        base = next(ns for s, name, ns in rows if s == size and name.startswith("np.copyto"))
        torch_ns = next((ns for s, name, ns in rows if s == size and name == "torch dropout"), None)
        for s, name, ns in rows:
            if s == size:
                vs_torch = f"  torch/this {torch_ns / ns:5.2f}" if torch_ns else ""
                print(f"  {size:>9,} {name:24} {ns:6.2f} ns  {ns / base:5.2f}x copy{vs_torch}")
    if not any(name == "torch dropout" for _, name, _ in rows):
        print("  (torch not installed: `.venv/bin/pip install torch==2.13.0` adds its row)")
    print()
    seconds = median_time(training_curves, max(runs, 3))
    print(f"overfitting: training_curves() (400 epochs) {seconds:5.2f} s   target <= 1 s")


if __name__ == "__main__":
    main()
