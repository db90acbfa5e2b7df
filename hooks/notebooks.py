"""MkDocs hook: turn ``notebooks/*.py`` into executed notebooks and their pages.

Each source is a jupytext "percent" script. A code cell that holds only
``# --8<-- "snippets/<file>.py:<section>"`` is replaced by that section's text, exactly as
pymdownx.snippets includes it in an article, so a notebook carries the tested code itself and
imports nothing from this repository. The hook runs each notebook in a fresh Jupyter kernel with
nbclient (a raising cell fails the build), in a background thread while the rest of the site
builds, and keeps in ``.cache/notebooks/<name>/<key>/``:

- ``<name>.ipynb``, the executed notebook that readers download;
- ``page.md``, its page: Markdown cells as written, code cells as Python blocks (highlighted and
  copyable like an article's), and under each its text output and its plots, PNG files with the
  alt text of the cell's ``# %% alt="..."``.

``<key>`` hashes the script, the snippets files it includes, this file and the versions of what
runs it: an unchanged notebook never runs again, and a changed one can never be shown stale.
Under ``mkdocs serve``, a spare kernel per notebook waits between builds with numpy and
matplotlib imported, so re-running a notebook after an edit does not wait for a kernel to start.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.metadata
import re
import shutil
import struct
import tempfile
import textwrap
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

INCLUDE = re.compile(r'# --8<-- "(snippets/\w+\.py):(\w+)"')
MARKER = re.compile(r"^\s*# --8<-- \[(start|end):(\w+)\]\s*$")
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
RUNTIME = ("numpy", "matplotlib", "ipykernel", "nbclient", "nbformat", "jupytext")
VERSIONS = " ".join(f"{d}=={importlib.metadata.version(d)}" for d in RUNTIME)
PAGE = "page.md"
# The kernel's own log (not the notebook's output) at errors only: it otherwise warns on every
# start that it talks to this process over local TCP, which is how Jupyter works.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


def read_sections(path: Path) -> dict[str, str]:
    """Every named section of ``path``, dedented and without surrounding blank lines."""
    sections: dict[str, str] = {}
    open_sections: dict[str, list[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        marker = MARKER.match(line)
        if marker and marker[1] == "start":
            open_sections[marker[2]] = []
        elif marker:
            if marker[2] not in open_sections:
                raise PluginError(
                    f"{path}:{number}: end of section {marker[2]!r} that never started"
                )
            body = open_sections.pop(marker[2])
            sections[marker[2]] = textwrap.dedent("\n".join(body)).strip("\n")
        else:
            for body in open_sections.values():
                body.append(line)
    if open_sections:
        raise PluginError(f"{path}: sections never ended: {sorted(open_sections)}")
    return sections


def build_notebook(source: Path, root: Path) -> Any:
    """The notebook (an ``nbformat.NotebookNode``) of ``source``, every include replaced by its
    section; a cell's ``alt`` metadata is kept, every other piece of metadata dropped."""
    import jupytext
    import nbformat

    notebook = jupytext.read(source, fmt="py:percent")
    for index, cell in enumerate(notebook.cells):
        cell.id = f"{source.stem}-{index:02d}"
        alt = cell.metadata.get("alt")  # `# %% alt="..."`: the description of the cell's plot
        cell.metadata = {"alt": alt} if alt else {}
        include = INCLUDE.fullmatch(cell.source.strip()) if cell.cell_type == "code" else None
        if include:
            file = root / include[1]
            sections = read_sections(file) if file.is_file() else {}
            if include[2] not in sections:
                raise PluginError(
                    f"{source}: cell {index} includes {include[0]}, which does not exist"
                )
            cell.source = sections[include[2]]
            cell.metadata["snippet"] = f"{include[1]}:{include[2]}"
        elif "--8<--" in cell.source:
            raise PluginError(
                f"{source}: cell {index} has an include that is not alone in its cell"
            )
    notebook.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    nbformat.validate(notebook)
    return notebook


def cache_key(source: Path, root: Path) -> str:
    """Hash of everything a notebook's outputs and page depend on: its script, the snippets
    files it includes, this hook, and the versions of what runs it."""
    text = source.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode())
    for name in sorted({file for file, _ in INCLUDE.findall(text)}):
        path = root / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"\0"))
    digest.update(Path(__file__).read_bytes())
    digest.update(VERSIONS.encode())
    return digest.hexdigest()[:20]


def execute(notebook: Any, where: str, kernel: Any = None) -> None:
    """Run ``notebook`` in place in a fresh kernel started in an empty folder (or in ``kernel``,
    a started ``KernelManager`` nothing has run in, which is shut down afterwards); a cell that
    raises fails the build with the cell's error."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    with tempfile.TemporaryDirectory() as empty:
        client = NotebookClient(
            notebook,
            km=kernel,
            extra_arguments=KERNEL_ARGUMENTS,
            timeout=300,
            kernel_name=KERNEL["name"],
            resources={"metadata": {"path": empty}},
            record_timing=False,  # no timestamps: the same notebook gives the same bytes
        )
        try:
            client.execute()
        except CellExecutionError as error:
            raise PluginError(f"{where}: a cell raised while the notebook ran:\n{error}") from error
        finally:
            if kernel is not None:  # not waited for: the outputs are all in
                from jupyter_core.utils import run_sync

                POOL.submit(run_sync(kernel.shutdown_kernel), now=True)


def _fence(code: str) -> str:
    """A backtick fence longer than any run of backticks in ``code``."""
    return "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", code))])


def page_markdown(notebook: Any, name: str, where: str) -> tuple[str, list[bytes]]:
    """The page of the executed ``notebook`` and the PNG files of its plots, in order.

    The page is the notebook's Markdown with a download button for ``<name>/<name>.ipynb``
    under its title; each code cell becomes a Python block followed by its text outputs
    (``pre.nb-output``) and plots (``<name>-NN.png`` beside the page, sized and lazy). A plot
    without alt text, or an output of a kind the page cannot show, fails the build.
    """
    cells = notebook.cells
    if not cells or cells[0].cell_type != "markdown" or not cells[0].source.startswith("# "):
        raise PluginError(f"{where}: the first cell must be Markdown starting with a '# ' title")
    title, _, rest = cells[0].source.partition("\n")
    button = (
        f"[Download {name}.ipynb]({name}/{name}.ipynb)"
        f'{{ .md-button .md-button--primary download="{name}.ipynb" }}'
    )
    parts, plots = [f"{title}\n\n{button}\n\n{rest}"], []
    for index, cell in enumerate(cells[1:], 1):
        if cell.cell_type == "markdown":
            parts.append(cell.source)
            continue
        fence = _fence(cell.source)
        parts.append(f"{fence}python\n{cell.source}\n{fence}")
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if output.output_type == "stream":
                text = output.text
            elif "image/png" in data:
                png = base64.b64decode(data["image/png"])
                alt = cell.metadata.get("alt")
                if not alt:
                    raise PluginError(
                        f'{where}: cell {index} draws a plot but has no alt text (`# %% alt="..."`)'
                    )
                width, height = struct.unpack(">II", png[16:24])  # from the PNG header
                plots.append(png)
                parts.append(
                    f'<p class="nb-plot"><img src="{name}-{len(plots) - 1:02d}.png" '
                    f'alt="{html.escape(alt)}" loading="lazy" decoding="async" '
                    f'width="{width}" height="{height}"></p>'
                )
                continue
            elif "text/plain" in data:
                text = data["text/plain"]
            else:
                raise PluginError(
                    f"{where}: cell {index} has a {output.output_type} output with "
                    f"{sorted(data) or 'no data'}; the page shows text and PNG plots only"
                )
            parts.append(f'<pre class="nb-output">{html.escape(text.rstrip())}</pre>')
    return "\n\n".join(parts) + "\n", plots


def make(source: Path, root: Path, folder: Path, spare: Future | None = None) -> None:
    """Build, run and render the notebook of ``source`` into the cache folder ``folder``, in the
    ``spare`` kernel if one is starting; the folder appears whole or not at all, and replaces
    the notebook's older cache folders."""
    import nbformat

    notebook = build_notebook(source, root)
    try:
        kernel = spare.result() if spare is not None else None
    except Exception:  # a spare that failed to start: run in a fresh kernel instead
        kernel = None
    execute(notebook, str(source), kernel)
    page, plots = page_markdown(notebook, source.stem, str(source))
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    (partial / f"{source.stem}.ipynb").write_text(nbformat.writes(notebook) + "\n", "utf-8")
    (partial / PAGE).write_text(page, encoding="utf-8")
    for number, png in enumerate(plots):
        (partial / f"{source.stem}-{number:02d}.png").write_bytes(png)
    for stale in folder.parent.iterdir():
        if stale != partial:
            shutil.rmtree(stale)
    partial.rename(folder)


# Run silently in a spare kernel: import what the notebooks import and draw one throw-away
# figure, closed before the cell ends, so fonts and the math-text parser are loaded; nothing is
# shown and nothing is left in the namespace a notebook sees.
WARM_UP = """
import io as _io, numpy as _np, matplotlib.pyplot as _plt
_figure = _plt.figure()
_figure.text(0, 0, "$10^{1}$ 0.5")
_figure.savefig(_io.BytesIO(), format="png")
_plt.close(_figure)
del _io, _np, _plt, _figure
"""


def start_spare_kernel() -> Any:
    """A started kernel in an empty folder, warmed up with ``WARM_UP`` (silently: nothing
    shows in a notebook later run in it); an ``AsyncKernelManager``."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    kernel = AsyncKernelManager(kernel_name=KERNEL["name"])
    run_sync(kernel.start_kernel)(
        cwd=tempfile.mkdtemp(prefix="notebook-kernel-"), extra_arguments=KERNEL_ARGUMENTS
    )
    client = kernel.blocking_client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive(WARM_UP, silent=True, store_history=False, timeout=60)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"warming up a spare kernel failed: {reply['content']}")
    finally:
        client.stop_channels()
    return kernel


RUNS: dict[str, Future] = {}  # notebooks/<name>.md -> its run, started in on_config
FOLDERS: dict[str, Path] = {}  # notebooks/<name>.md -> its cache folder
SPARES: dict[str, Future] = {}  # notebook name -> a spare kernel starting (mkdocs serve only)
SERVING = False
POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="notebooks")


def on_startup(*, command: str, dirty: bool) -> None:
    """Remember whether this is ``mkdocs serve``, where spare kernels are worth keeping."""
    global SERVING
    SERVING = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start running, side by side, every notebook that is not cached: first thing in the
    build, as the notebooks are what it waits for longest."""
    root = Path(config.config_file_path).resolve().parent
    sources = sorted((root / "notebooks").glob("*.py"))
    if not sources:
        raise PluginError(f"no notebook sources in {root / 'notebooks'}")
    RUNS.clear()
    FOLDERS.clear()
    for source in sources:
        uri = f"notebooks/{source.stem}.md"
        folder = root / ".cache" / "notebooks" / source.stem / cache_key(source, root)
        if not (folder / PAGE).is_file():
            RUNS[uri] = POOL.submit(make, source, root, folder, SPARES.pop(source.stem, None))
        FOLDERS[uri] = folder
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the page ``notebooks/<name>.md`` and the download ``notebooks/<name>/<name>.ipynb`` of
    every ``notebooks/<name>.py``, from the cache folder its run fills."""
    for uri, folder in FOLDERS.items():
        name = Path(uri).stem
        files.append(File.generated(config, uri, abs_src_path=str(folder / PAGE)))
        download = f"notebooks/{name}/{name}.ipynb"
        files.append(File.generated(config, download, abs_src_path=str(folder / f"{name}.ipynb")))
    return files


def on_nav(nav, *, config: MkDocsConfig, files: Files):
    """Put the notebook pages last in the files, so the other pages are converted while the
    notebooks run (pages are converted in the order of the files)."""
    for uri in FOLDERS:
        file = files.get_file_from_path(uri)
        files.remove(file)
        files.append(file)
    return nav


def on_pre_page(page, *, config: MkDocsConfig, files: Files):
    """Wait for the page's notebook to finish running before its page is read."""
    if (run := RUNS.get(page.file.src_uri)) is not None:
        run.result()  # re-raises a failed run as the build's error
    return page


def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    """Put a notebook page's plots beside it."""
    if (folder := FOLDERS.get(page.file.src_uri)) is not None:
        out = Path(page.file.abs_dest_path).parent
        for plot in folder.glob("*.png"):
            shutil.copyfile(plot, out / plot.name)
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    """Under ``mkdocs serve``, start a spare kernel for every notebook that has none."""
    if SERVING:
        POOL.submit(_import_runners)
        for source in sorted((Path(config.config_file_path).parent / "notebooks").glob("*.py")):
            if source.stem not in SPARES:
                SPARES[source.stem] = POOL.submit(start_spare_kernel)


def _import_runners() -> None:
    """Import what building and running a notebook needs, ahead of the first edit."""
    import jupytext  # noqa: F401
    import nbclient  # noqa: F401
    import nbformat  # noqa: F401
