"""Run every notebook ahead of its page; mkdocs-jupyter renders the executed notebook.

A notebook is ``notebooks/<name>.py`` (a jupytext percent script, paged at
``notebooks/<name>.ipynb``) or an ``.ipynb``/``.py`` of ``docs/`` that ``nav`` lists. A cell
holding only ``# --8<-- "snippets/<file>.py:<section>"`` becomes that section, so a notebook
carries the tested code and imports nothing from this repository. Each runs in a fresh kernel
(nbclient, in a thread started in ``on_config``), is checked (``check_outputs``) and kept in
``.cache/notebooks/<page>/<key>/``. ``render_page`` makes mkdocs-jupyter's HTML a light Material
page. README.md ("Notebook pages and the reference") says what a writer sees; ARCHITECTURE.md
the keys.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import html
import importlib.metadata
import os
import posixpath
import re
import secrets
import shutil
import struct
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from hooks import internals, state, store, workers
from hooks.sources import Sources, nav_paths
from hooks.workers import WORKER_ENV

KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
# Set in every kernel's environment, whatever the build's environment says: with
# MPLBACKEND=Agg (as many CI images set) `plt.show()` draws nothing and pages lose their plots.
KERNEL_ENV = {"MPLBACKEND": "module://matplotlib_inline.backend_inline"}
RUNTIME = ("numpy", "matplotlib", "matplotlib-inline", "ipython", "ipykernel", "nbclient", "nbformat", "jupytext")
VERSIONS = " ".join(f"{d}=={importlib.metadata.version(d)}" for d in RUNTIME)
# The kernel's own log (not the notebook's output) at errors only: where there are no Unix
# sockets (``kernel_manager``), it warns on every start that it talks over local TCP.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
IMAGES = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}
NOT_SHOWN = "non-interactive, and thus cannot be shown"  # matplotlib's warning on plt.show()
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # terminal colour codes


def read_source(source: Path) -> Any:
    """The notebook of ``source``: an ``.ipynb`` file, or a jupytext script (``.py``)."""
    import jupytext
    import nbformat

    if source.suffix == ".ipynb":
        return nbformat.read(source, as_version=4)
    return jupytext.read(source)


def build_notebook(source: Path, sources: Sources) -> Any:
    """The notebook (an ``nbformat.NotebookNode``) of ``source``, outputs cleared and every
    include replaced by its section; a cell's ``alt`` metadata is kept, other metadata dropped."""
    import nbformat

    notebook = read_source(source)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"{source.stem}-{index:02d}"
        alt = cell.metadata.get("alt")  # `# %% alt="..."`: the description of the cell's plot
        cell.metadata = {"alt": alt} if alt else {}
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        includes = sources.includes(cell.source)
        if len(includes) == 1 and "\n" not in cell.source.strip():
            (include,) = includes
            where = f"{sources.relative(source)}: cell {index}"
            cell.source = sources.included_text(include, where)
            cell.metadata["snippet"] = f"{include.file}:{include.section}"
        elif "--8<--" in cell.source:
            raise PluginError(
                f"{source}: cell {index} has an include that is not alone in its cell"
            )
    notebook.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    nbformat.validate(notebook)
    return notebook


def cache_key(source: Path, sources: Sources) -> str:
    """Hash of what a notebook's run and page depend on: its text and the sections it includes
    (not the rest of their files: a docstring saved elsewhere in snippets/dropout.py re-ran the
    Overfitting notebook, 5.3 s of a reload instead of 2.3 s), this file, the kernel's settings
    and the versions."""
    text = sources.text(source)
    if source.suffix == ".ipynb":  # its includes are in JSON strings: hashed as built
        import nbformat

        text = nbformat.writes(build_notebook(source, sources))
    where = sources.relative(source)
    digest = hashlib.sha256(f"{where}\0{text}\0{sources.data_digest()}".encode())
    for include in sources.includes(text):
        try:
            digest.update(b"\0" + sources.included_text(include, where).encode())
        except PluginError:  # build_notebook says which cell, or it is not in a code cell
            digest.update(f"\0missing {include.file}:{include.section}".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(f"{sorted(KERNEL_ENV.items())} {sys.version} {VERSIONS}".encode())
    return digest.hexdigest()[:20]


def execute(notebook: Any, where: str, kernel: Any = None, preamble: str = "") -> None:
    """Run ``notebook`` in place in a fresh kernel started in an empty folder (or in ``kernel``,
    a started ``KernelManager`` nothing has run in), which is shut down afterwards; a cell that
    raises fails the build with the cell's error. ``preamble`` runs first, as a cell that the
    executed notebook does not keep (its cells are numbered as if it had never run)."""
    import nbformat
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    if preamble:
        notebook.cells.insert(0, nbformat.v4.new_code_cell(preamble))

    with tempfile.TemporaryDirectory() as empty:
        started = kernel is not None
        kernel = kernel or kernel_manager(empty)
        client = NotebookClient(
            notebook,
            km=kernel,
            extra_arguments=KERNEL_ARGUMENTS,
            timeout=300,
            kernel_name=KERNEL["name"],
            resources={"metadata": {"path": empty}},
            record_timing=False,  # no timestamps: the same notebook gives the same bytes
            # One output per stream: how the kernel splits a print into messages is timing.
            coalesce_streams=True,
        )
        try:
            client.execute(env=kernel_env())
        except CellExecutionError as error:
            message = ANSI.sub("", str(error))  # IPython colours its tracebacks
            raise PluginError(f"{where}: a cell raised while the notebook ran:\n{message}") from error
        finally:  # not waited for: the outputs are all in
            if started and client.kc is not None:
                client.kc.stop_channels()
            POOL.submit(run_sync(kernel.shutdown_kernel), now=True)
            if preamble:
                drop_first_cell(notebook)


def drop_first_cell(notebook: Any) -> None:
    """Remove the first cell of an executed ``notebook`` (a code cell) and number the other
    code cells and their results from 1 again."""
    del notebook.cells[0]
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.get("execution_count"):
            cell.execution_count -= 1
            for output in cell.get("outputs", []):
                if output.get("execution_count"):
                    output.execution_count -= 1


def kernel_env() -> dict[str, str]:
    """The environment a kernel starts with: this process's, with ``KERNEL_ENV`` on top, one
    BLAS thread unless the environment says otherwise (kernels run beside the figure workers:
    ``hooks.workers.WORKER_ENV``), and no ``PYTHONPATH``: in an empty folder, the kernel sees
    no more of this repository than a reader's does, so a notebook that builds runs anywhere."""
    environment = {**WORKER_ENV, **os.environ, **KERNEL_ENV}
    environment.pop("PYTHONPATH", None)
    return environment


class Plot(NamedTuple):
    """One image output of a notebook, as the page shows it."""

    name: str  # file name beside the page
    data: bytes
    alt: str
    width: int | None
    height: int | None


def image_size(data: bytes, kind: str) -> tuple[int | None, int | None]:
    """Pixel size of a PNG (its header) or an SVG (its ``width``/``height`` in pt or px)."""
    if kind == "png":
        return struct.unpack(">II", data[16:24])
    if kind == "svg":
        size = re.search(
            rb'<svg[^>]*?width="([\d.]+)(pt|px)?"[^>]*?height="([\d.]+)(pt|px)?"', data
        )
        if size:
            scale = 4 / 3 if size[2] == b"pt" else 1
            return round(float(size[1]) * scale), round(float(size[3]) * scale)
    return None, None


def plots(notebook: Any, stem: str) -> list[Plot]:
    """Every image output of the executed ``notebook``, named ``<stem>-NN.<ext>``."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for mime, kind in IMAGES.items():
                if mime in output.get("data", {}):
                    value = output.data[mime]
                    data = value.encode() if kind == "svg" else base64.b64decode(value)
                    name = f"{stem}-{len(found):02d}.{kind}"
                    found.append(
                        Plot(name, data, cell.metadata.get("alt", ""), *image_size(data, kind))
                    )
                    break
    return found


def check_outputs(notebook: Any, where: str) -> None:
    """Fail on a plot without alt text, alt text without a plot (a plot that was not drawn),
    and an HTML output that runs a script or loads from another host."""
    hint = 'describe it with `# %% alt="..."` (jupytext) or the cell\'s "alt" metadata (.ipynb)'
    for index, cell in enumerate(notebook.cells):
        outputs = cell.get("outputs", [])
        drawn = [out for out in outputs if set(IMAGES) & set(out.get("data", {}))]
        if drawn and not cell.metadata.get("alt"):
            raise PluginError(f"{where}: cell {index} draws a plot but has no alt text: {hint}")
        stderr = "".join(out.get("text", "") for out in outputs if out.get("name") == "stderr")
        if NOT_SHOWN in stderr or (cell.metadata.get("alt") and not drawn):
            raise PluginError(
                f"{where}: cell {index} should show a plot, but the kernel drew none "
                f"(its output: {stderr.strip()[-300:] or 'nothing'}); the page is not published "
                "without it"
            )
        for out in outputs:
            page = out.get("data", {}).get("text/html", "")
            if re.search(r"<script|<iframe|<link|\b(src|href)=[\"']?(https?:)?//", page, re.I):
                raise PluginError(
                    f"{where}: cell {index} has an HTML output that runs a script or loads "
                    "something from another host; the site calls no third party"
                )


def make(source: Path, sources: Sources, folder: Path, spare: Future | None = None) -> None:
    """Build, run and check the notebook of ``source``; write it and its plots into the cache
    folder ``folder``, which appears whole or not at all and replaces the notebook's older
    cache folders. Runs in the ``spare`` kernel if one is starting; does not run at all when
    the run before had the same code (``run_key``), whose outputs it takes."""
    import nbformat

    notebook = build_notebook(source, sources)
    key = run_key(notebook, sources.data_digest())
    earlier = [path / f"{source.stem}.ipynb" for path in folder.parent.glob("*")]
    earlier = [path for path in earlier if (path.parent / "run-key").is_file()]
    same = [path for path in earlier if (path.parent / "run-key").read_text() == key]
    if same and internals.on("reused_runs"):
        if spare is not None:  # not needed: the next run takes it
            state.process.spare_kernels.append(spare)
        take_outputs(notebook, nbformat.read(same[0], as_version=4))
    else:
        try:
            kernel = spare.result() if spare is not None else None
        except Exception:  # a spare that failed to start: run in a fresh kernel instead
            kernel = None
        execute(notebook, str(source), kernel, preamble(sources))
    check_outputs(notebook, str(source))
    partial = store.new_folder(folder)
    (partial / "plots").mkdir()
    (partial / f"{source.stem}.ipynb").write_text(nbformat.writes(notebook) + "\n", "utf-8")
    (partial / "run-key").write_text(key)
    for plot in plots(notebook, source.stem):
        (partial / "plots" / plot.name).write_bytes(plot.data)
    store.publish(partial, folder)


def preamble(sources: Sources) -> str:
    """The cell a notebook's kernel runs first at build, which the executed notebook does not
    keep: the files of ``data/`` copied into the kernel's folder (where a reader who runs the
    downloaded notebook saves them, data/README.md), then the build's cached experiments
    (``hooks.results.kernel_preamble``)."""
    from hooks.results import kernel_preamble

    files = [str(path) for path in sources.data_files()]
    copies = f"import shutil as _shutil\nfor _file in {files!r}:\n    _shutil.copy(_file, '.')\n"
    return copies + "del _shutil\n" + kernel_preamble(sources)


# A cell that may read docstrings or comments: its outputs then depend on them.
READS_DOCSTRINGS = re.compile(r"__doc__|\bhelp\(|\bgetdoc\b|\bgetsource|\bgetcomments\b")


def run_key(notebook: Any, data: str = "") -> str:
    """Hash of what a run's outputs depend on: the code cells without docstrings and comments
    (unless a cell may read them), the ``data`` files' hash, the kernel's settings and versions,
    this file. A docstring saved in a section a notebook shows changes its page, not its outputs
    (``reused_runs``)."""
    from hooks.kernel_cache import strip_docstrings

    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    keep_docstrings = any(READS_DOCSTRINGS.search(text) for text in code)
    digest = hashlib.sha256(f"{sorted(KERNEL_ENV.items())} {sys.version} {VERSIONS} {data}".encode())
    digest.update(Path(__file__).read_bytes())
    for text in code:
        try:
            tree = ast.parse(text)
            text = ast.dump(tree if keep_docstrings else strip_docstrings(tree))
        except SyntaxError:  # IPython's own syntax (magics): as written
            pass
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()[:24]


def take_outputs(notebook: Any, executed: Any) -> None:
    """Give ``notebook``'s code cells the outputs of ``executed``'s (a run of the same code),
    and the notebook what the kernel said of itself."""
    notebook.metadata = executed.metadata
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    done = [cell for cell in executed.cells if cell.cell_type == "code"]
    for cell, run in zip(cells, done, strict=True):
        cell.outputs, cell.execution_count = run.outputs, run.execution_count


# --- The page: mkdocs-jupyter's HTML made a light, accessible Material page ------------------

DATA_URI = re.compile(r'src="data:(image/[\w+.-]+);base64,([^"]+)"')
INPUT_CODE = re.compile(r'(<div class="highlight-ipynb[^"]*"><pre>)(.*?)(</pre>)', re.S)  # a code cell's


class Where(NamedTuple):
    """A notebook page: its source's URI, its URL, its file's stem and its download's name."""

    uri: str
    url: str
    stem: str
    download: str

    @classmethod
    def of(cls, file: File) -> Where:
        return cls(file.src_uri, file.url, file.name, Path(file.abs_src_path).name)


def render_page(content: str, notebook: Any, page: Where, urls: dict[str, str]) -> str:
    """mkdocs-jupyter's HTML of ``notebook`` as this site shows it (README.md, "Notebook pages
    and the reference"); ``urls`` maps each file of the site to its URL."""
    from bs4 import BeautifulSoup, Comment

    # Inline styles (~570 KB of JupyterLab CSS), the plugin's scripts and its copy buttons go;
    # Material's stylesheet and extra.css style the cells.
    content = re.sub(r"<style\b.*?</style>|<script\b.*?</script>", "", content, flags=re.S)
    by_data = {hashlib.sha256(p.data).digest(): p for p in plots(notebook, page.stem)}

    def plot_file(match: re.Match) -> str:
        data = base64.b64decode(match[2])
        plot = by_data.get(hashlib.sha256(data).digest())
        if plot is None:  # not an output (an image attached to a Markdown cell): left inline
            return match[0]
        size = f' width="{plot.width}" height="{plot.height}"' if plot.width else ""
        return (
            f'src="{plot.name}" alt="{html.escape(plot.alt)}"{size} loading="lazy" decoding="async"'
        )

    content = DATA_URI.sub(plot_file, content)
    # The code cells' highlighted code is set aside and put back in a <code> (Material's copy
    # button needs one) after: it is most of the page, and parsing and writing it out made this
    # function take 0.55 s on the Dropout notebook (0.05 s without), at every snippet save.
    aside: list[str] = []
    token = secrets.token_hex(8)  # no cell can hold it

    def set_aside(match: re.Match) -> str:
        aside.append(match[2])
        return f'{match[1]}<code data-kept="{token}-{len(aside) - 1}"></code>{match[3]}'

    content = INPUT_CODE.sub(set_aside, content)
    soup = BeautifulSoup(content, "html.parser")
    names = {plot.name for plot in by_data.values()}  # the plots, beside the page
    # find_all, not CSS selectors: soupsieve took 40% of this function (measured), which runs
    # on every save of a snippet a notebook shows.
    for junk in soup.find_all(class_=["zeroclipboard-container", "clipboard-copy-txt"]):
        junk.decompose()
    for area in soup.find_all(class_="jp-InputArea"):  # Material's copy button needs <code>
        for block in area.find_all(class_="highlight"):
            for pre in block.find_all("pre"):
                if pre.code is None:  # markup ``INPUT_CODE`` did not match
                    wrapper = soup.new_tag("code")
                    wrapper.extend(list(pre.contents))
                    pre.append(wrapper)
    for anchor in soup.find_all("a", class_="anchor-link"):  # Material's heading permalinks
        anchor["class"] = ["headerlink"]
        anchor["title"] = "Permanent link"
    for output in soup.find_all(class_="jp-OutputArea-output"):  # not code to highlight
        output["class"] = [c for c in output["class"] if c != "highlight"]
        # One Tab stop per output, to scroll a wide one: its text when that is all it holds (as
        # Material's code blocks), else the output itself, unless it holds links (a plot's too).
        pres = output.find_all("pre")
        linked = output.find("a") or output.find("img", src=lambda src: src in names)
        if len(pres) == 1 and not output.find(["a", "img"]):
            pres[0]["tabindex"] = "0"
            output.attrs.pop("tabindex", None)
        elif linked:
            output.attrs.pop("tabindex", None)
        else:
            output["tabindex"] = "0"
    for cell in soup.find_all(id=re.compile("^cell-id=")):  # Material makes code block ids
        cell["id"] = cell["id"].replace("cell-id=", "cell-")  # from these, and copies by CSS
    for image in soup.find_all("img", alt=False):  # as nbconvert's own parse does
        image["alt"] = "No description has been provided for this image"
    for wrapper in soup.find_all(class_="jp-Cell-inputWrapper", tabindex=True):  # one Tab
        del wrapper["tabindex"]  # stop per cell is noise; scrollable outputs keep theirs
    for element in soup.find_all(class_=True):
        if not element["class"] or element["class"] == [""]:
            del element["class"]
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for link in soup.find_all("a", href=True):
        link["href"] = page_link(link["href"], page, urls)
    for image in soup.find_all("img", src=lambda src: src in names):  # beside the page: zoomed by mkdocs-glightbox
        image.wrap(soup.new_tag("a", href=image["src"], attrs={"class": "glightbox", "data-type": "image"}))
    title = soup.find("h1")
    if title is None:
        raise PluginError(f"{page.uri}: the first cell must be Markdown with a '# ' title")
    name = page.download  # what include_source puts beside the page
    button = soup.new_tag(
        "a", href=name, download=name, attrs={"class": "md-button md-button--primary"}
    )
    button.string = f"Download {name}"
    paragraph = soup.new_tag("p")
    paragraph.append(button)
    title.insert_after(paragraph)
    math_to_mathml(soup)
    kept = re.compile(f'<code data-kept="{token}-(\\d+)"></code>')
    return kept.sub(lambda match: f"<code>{aside[int(match[1])]}</code>", str(soup))


def site_urls(files: Files) -> dict[str, str]:
    """Each file of the site (its source's URI) and its URL, as ``page_link`` reads them."""
    return {file.src_uri: file.url for file in files}


def page_link(href: str, page: Where, urls: dict[str, str]) -> str:
    """``href`` as the page links it: a relative link to a source file (``x.md``,
    ``x.ipynb``, ...) becomes that file's URL; a link to a file the site lacks fails."""
    if re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", href, re.I):
        return href
    path, _, anchor = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.uri), path))
    if target not in urls:
        raise PluginError(f"{page.uri}: a link to {path}, which is not in the site")
    url = get_relative_url(urls[target], page.url)
    return url + ("#" + anchor if anchor else "")


MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|(?<![\\$])\$(.+?)(?<![\\$])\$|\\\((.+?)\\\)", re.S)


def math_to_mathml(soup: Any) -> None:
    """Typeset the TeX math of Markdown cells and LaTeX outputs as MathML, which browsers
    render natively: no script, no font, nothing loaded."""
    from bs4 import BeautifulSoup, NavigableString
    from latex2mathml.converter import convert

    for block in soup.find_all(class_=["jp-RenderedMarkdown", "jp-RenderedLatex"]):
        for text in list(block.find_all(string=MATH)):
            if text.find_parent(["code", "pre", "script"]) or not isinstance(text, NavigableString):
                continue
            parts, end = [], 0
            for match in MATH.finditer(text):
                parts.append(html.escape(text[end : match.start()]))
                display = match[1] is not None or match[2] is not None
                tex = next(group for group in match.groups() if group is not None)
                try:
                    parts.append(convert(tex.strip(), display="block" if display else "inline"))
                except Exception as error:
                    raise PluginError(f"cannot typeset the math {tex!r}: {error}") from error
                end = match.end()
            parts.append(html.escape(text[end:]))
            text.replace_with(BeautifulSoup("".join(parts), "html.parser"))


# --- Which notebooks, and when -----------------------------------------------------------------


def notebook_sources(config: MkDocsConfig) -> dict[str, Path]:
    """Page source URI -> notebook source: ``notebooks/*.py``, and the ``.ipynb``/``.py`` files
    of ``docs/`` that ``nav`` lists."""
    root = Path(config.config_file_path).resolve().parent
    sources = {f"notebooks/{p.stem}.ipynb": p for p in sorted((root / "notebooks").glob("*.py"))}
    if not sources:
        raise PluginError(f"no notebook sources in {root / 'notebooks'}")
    check_notebook_sources(root / "notebooks", nav_paths(config.nav or []))
    for uri in nav_paths(config.nav or []):
        if uri.endswith((".ipynb", ".py")) and (Path(config.docs_dir) / uri).is_file():
            sources[uri] = Path(config.docs_dir) / uri
    return sources


def check_notebook_sources(folder: Path, nav: list[str]) -> None:
    """Fail on a file of ``notebooks/`` the build would not pick up, on a source that is not a
    jupytext percent script with a title, and on a notebook page that ``nav`` does not list."""
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name == "__pycache__":
            continue
        where = f"notebooks/{path.name}"
        if path.suffix != ".py" or not path.is_file():
            raise PluginError(
                f"{where} is not a notebook source the build knows: write notebooks/<name>.py, a "
                "jupytext percent script (`# %%` cells), or put a .ipynb in docs/ and list it in "
                "nav; anything else does not belong in notebooks/"
            )
        if not path.read_text(encoding="utf-8").startswith("# %% [markdown]\n# # "):
            raise PluginError(
                f"{where} must be a jupytext percent script that starts with its title: a first "
                "cell `# %% [markdown]` whose first line is `# # <title>` (see any notebooks/*.py)"
            )
        if f"notebooks/{path.stem}.ipynb" not in nav:
            raise PluginError(
                f"{where} is not in nav: list its page in mkdocs.yml under 'Run it yourself' as "
                f"`- <Title> notebook: notebooks/{path.stem}.ipynb`"
            )


# Kernels started ahead under `mkdocs serve`; not one per notebook (README.md, "What makes builds fast").
SPARE_KERNELS = 2
POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="notebooks")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start running, side by side, every notebook that is not cached: first thing in the
    build, as the notebooks are what it waits for longest."""
    build, spares = state.build, state.process.spare_kernels
    internals.skip_nbconvert_parse()
    internals.reuse_conversions(state.process.nb2html_arguments, state.process.converted)
    for uri, source in notebook_sources(config).items():
        page = uri.rpartition(".")[0].replace("/", "--")
        folder = build.cache("notebooks") / page / cache_key(source, build.sources)
        if not (folder / f"{source.stem}.ipynb").is_file():
            spare = spares.pop(0) if spares else None
            build.notebook_runs[uri] = POOL.submit(make, source, build.sources, folder, spare)
        build.notebook_folders[uri] = folder
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Make each notebook page's source its executed notebook in the cache (mkdocs-jupyter
    renders it and, with ``include_source``, copies it beside the page for download)."""
    for uri, folder in state.build.notebook_folders.items():
        if (listed := files.get_file_from_path(uri)) is not None:
            files.remove(listed)
        executed = folder / f"{Path(uri).stem}.ipynb"
        files.append(File.generated(config, uri, abs_src_path=str(executed)))
    return files


def on_nav(nav, *, config: MkDocsConfig, files: Files):
    """Put the notebook pages last in the files, so the other pages are converted while the
    notebooks run (pages are converted in the order of the files), and give each the path of
    its executed notebook (``internals.set_notebook_path``)."""
    for uri, folder in state.build.notebook_folders.items():
        file = files.get_file_from_path(uri)
        if not file.is_documentation_page():
            raise PluginError(f"{uri}: mkdocs-jupyter did not take it as a page (its `include`?)")
        internals.set_notebook_path(file, folder / f"{Path(uri).stem}.ipynb")
        files.remove(file)
        files.append(file)
    convert_in_worker(files, config)
    return nav


def convert_in_worker(files: Files, config: MkDocsConfig) -> None:
    """(``converted_in_worker``) Have a worker convert each notebook that runs in this build,
    while this process converts the other pages (the notebook pages come last): a save of a
    snippet the Dropout notebook shows waited 1.3 s here for nbconvert and ``render_page``."""
    build = state.build
    if not build.notebook_runs or not internals.on("converted_in_worker"):
        return
    build.converter = workers.pool(build.root, 1)  # under serve, nbconvert already imported
    urls = site_urls(files)
    for uri, run in build.notebook_runs.items():
        file = files.get_file_from_path(uri)
        if (arguments := internals.nb2html_arguments(config, file.abs_src_path)) is not None:
            build.notebook_html[uri] = POOL.submit(
                converted, run, file.abs_src_path, arguments, Where.of(file), urls
            )


def converted(run: Future, path: str, arguments: dict, page: Where, urls: dict) -> tuple:
    """When ``run`` is done: (``arguments``, mkdocs-jupyter's HTML, ``render_page``'s), made by
    the worker."""
    run.result()
    worker = state.build.converter
    return arguments, *worker.submit(convert_notebook, path, arguments, page, urls).result()


def convert_notebook(path: str, arguments: dict, page: Where, urls: dict[str, str]) -> tuple[str, str]:
    """(In a worker) mkdocs-jupyter's HTML of the executed notebook at ``path``, and the page's."""
    import nbformat
    from mkdocs_jupyter import convert

    internals.skip_nbconvert_parse()
    body = convert.nb2html(path, **arguments)
    return body, render_page(body, nbformat.read(path, as_version=4), page, urls)


def on_pre_page(page, *, config: MkDocsConfig, files: Files):
    """Stop the build when a notebook has failed to run; on a notebook page, wait for its
    notebook to finish running, and give the page a ``render`` that makes mkdocs-jupyter's
    HTML light (``render_page``). When a worker converted the page (``convert_in_worker``):
    its HTML is handed to mkdocs-jupyter's ``nb2html`` (``state.process.converted``, which
    ``internals.reuse_conversions`` reads), and its light page is used if the plugin's
    arguments were the worker's (``state.process.nb2html_arguments``, as the call noted them);
    else the page is made here."""
    for run in state.build.notebook_runs.values():
        if workers.failed(run):
            run.result()  # raises its error
    uri = page.file.src_uri
    if uri not in state.build.notebook_folders:
        return page
    if (run := state.build.notebook_runs.get(uri)) is not None:
        run.result()  # re-raises a failed run as the build's error
    convert = page.render  # mkdocs-jupyter's, set in its on_pre_page

    def render(config: MkDocsConfig, files: Files) -> None:
        import nbformat

        made = state.build.notebook_html.pop(uri, None)  # by a worker (``convert_in_worker``)
        if made is not None:
            arguments, body, light = made.result()
            state.process.converted[page.file.abs_src_path] = (arguments, body)
        convert(config, files)  # mkdocs-jupyter's nb2html takes ``body`` if made as it would
        if made is None or arguments != state.process.nb2html_arguments:
            notebook = nbformat.read(page.file.abs_src_path, as_version=4)
            light = render_page(page.content, notebook, Where.of(page.file), site_urls(files))
        internals.set_content(page, light)

    page.render = render
    return page


def on_page_markdown(markdown: str, *, page, config: MkDocsConfig, **kwargs) -> str:
    """Keep mkdocs-glightbox off every page but the notebook pages with plots: it would add its
    stylesheet and blocking script to each page (18 KB of gzip), and rewrite its HTML."""
    folder = state.build.notebook_folders.get(page.file.src_uri)
    if folder is None or not any((folder / "plots").iterdir()):
        page.meta["glightbox"] = False
    return markdown


def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    """Put a notebook page's plots beside it."""
    if (folder := state.build.notebook_folders.get(page.file.src_uri)) is not None:
        out = Path(page.file.abs_dest_path).parent
        out.mkdir(parents=True, exist_ok=True)
        for plot in (folder / "plots").iterdir():
            shutil.copyfile(plot, out / plot.name)
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    """Forget the runs of notebooks that are gone. Under ``mkdocs serve``, start spare kernels
    up to ``SPARE_KERNELS`` (or one per notebook, if there are fewer)."""
    build = state.build
    if build.converter is not None:  # every page is converted: its work is done
        build.converter.shutdown()
    pages = {folder.parent.name for folder in build.notebook_folders.values()}
    store.prune(build.cache("notebooks"), pages)  # of notebooks that are gone
    if state.process.serving:
        POOL.submit(_import_runners)
        spares = state.process.spare_kernels
        while len(spares) < min(SPARE_KERNELS, len(build.notebook_folders)):
            spares.append(POOL.submit(start_spare_kernel))


def on_build_error(*, error: Exception) -> None:
    """Stop the worker that converts notebook pages when the build fails."""
    if state.build is not None and state.build.converter is not None:
        state.build.converter.shutdown(cancel_futures=True)


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


def kernel_manager(folder: str) -> Any:
    """A kernel manager (``AsyncKernelManager``, not started) whose kernel talks over Unix
    sockets in ``folder`` where there are any: over TCP, kernels started at once can pick the
    same port ("Address already in use")."""
    from jupyter_client.manager import AsyncKernelManager

    if os.name != "posix":
        return AsyncKernelManager(kernel_name=KERNEL["name"])
    return AsyncKernelManager(
        kernel_name=KERNEL["name"], transport="ipc", ip=os.path.join(folder, "kernel")
    )


def start_spare_kernel() -> Any:
    """A started kernel in an empty folder, warmed up with ``WARM_UP`` (silently: nothing
    shows in a notebook later run in it); an ``AsyncKernelManager``."""
    from jupyter_core.utils import run_sync

    folder = tempfile.mkdtemp(prefix="notebook-kernel-")
    kernel = kernel_manager(folder)
    run_sync(kernel.start_kernel)(
        cwd=folder,
        extra_arguments=KERNEL_ARGUMENTS,
        env=kernel_env(),
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


def _import_runners() -> None:
    """Import what building, running and paging a notebook needs, ahead of the first edit."""
    import bs4  # noqa: F401
    import jupytext  # noqa: F401
    import latex2mathml.converter  # noqa: F401
    import nbclient  # noqa: F401
    import nbformat  # noqa: F401
