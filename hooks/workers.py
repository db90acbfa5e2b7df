"""Worker processes for the figures, the numbers and the notebook pages' HTML, forked from a
server that imported numpy and matplotlib once ("forkserver"; "spawn" where there is none).
Each build forks new workers, so ``mkdocs serve`` always runs the snippets on disk.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from hooks import state

FORKSERVER = "forkserver" in multiprocessing.get_all_start_methods()  # not on Windows
# What the server imports once: the workers' libraries, the hooks they run, and mkdocs' command
# line, which multiprocessing imports again in each worker as its main module.
PRELOAD = ["numpy", "matplotlib.figure", "matplotlib.backends.backend_svg", "matplotlib.backends.backend_agg",
           "hooks.figures", "hooks.results", "mkdocs.__main__"]
# And under `mkdocs serve`, what converts a notebook page (hooks/notebooks.convert_in_worker), so
# that a save does not wait for it: 0.6 s of CPU, which a one-off build pays only in the worker
# that converts, if a notebook runs.
SERVE_PRELOAD = ["hooks.notebooks", "mkdocs_jupyter.convert", "nbformat", "bs4", "latex2mathml.converter"]
# One BLAS thread per process (workers and kernels share the cores: 84 s of a cold build
# against 35 s), and glibc's malloc keeps freed memory (a training step's page faults were 40%
# of its CPU): README.md, "What makes builds fast". The environment may say otherwise.
WORKER_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MALLOC_MMAP_THRESHOLD_": str(32 * 2**20),
    "MALLOC_TRIM_THRESHOLD_": str(64 * 2**20),
}


def context(root: Path) -> multiprocessing.context.BaseContext:
    """The context of the server; it lives as long as this process (all of ``mkdocs serve``)."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))  # the server and its workers import snippets from here
    for name, value in WORKER_ENV.items():  # inherited by the server and every worker
        os.environ.setdefault(name, value)
    if not FORKSERVER:
        return multiprocessing.get_context("spawn")
    made = multiprocessing.get_context("forkserver")
    made.set_forkserver_preload(PRELOAD + (SERVE_PRELOAD if state.process.serving else []))
    return made


def pool(root: Path, tasks: int | None = None) -> ProcessPoolExecutor:
    """Workers for one build: one per core at most (more would only share them)."""
    cores = os.cpu_count() or 2
    return ProcessPoolExecutor(max_workers=min(tasks or cores, cores), mp_context=context(root))


def warm_up(root: Path) -> None:
    """Have the server import its libraries now (under ``mkdocs serve``, not at the first edit)."""
    if FORKSERVER:
        context(root)
        multiprocessing.forkserver.ensure_running()  # starts it, if not running, and returns


def failed(task: Future | None) -> bool:
    """Whether ``task`` has already ended with an error (it is not waited for). Checked before
    each page: a figure, a number or a notebook that fails stops the build at the next page,
    not after every page is converted (a writer sees the error seconds sooner)."""
    return task is not None and task.done() and not task.cancelled() and task.exception() is not None
