"""MkDocs hook: turn ``notebooks/*.py`` into standalone, executed notebook pages.

Each source is a jupytext "percent" script. A code cell that holds only
``# --8<-- "snippets/<file>.py:<section>"`` is replaced by that section's text, exactly as
pymdownx.snippets includes it in an article, so a notebook carries the tested code itself and
imports nothing from this repository. The hook runs each notebook in a fresh kernel (in
parallel, while the rest of the site builds; a raising cell fails the build), caches the executed
``.ipynb`` by its text, and hands it to mkdocs-jupyter, which renders it and offers it for download.
Cell ids are fixed, so the same sources give the same notebook.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import re
import struct
import tempfile
import textwrap
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import jupytext
import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

INCLUDE = re.compile(r'# --8<-- "(snippets/\w+\.py):(\w+)"')
MARKER = re.compile(r"^\s*# --8<-- \[(start|end):(\w+)\]\s*$")
ALT_TEXTS: dict[str, str] = {}  # cell id -> description of the plot the cell draws
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}


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


def build_notebook(source: Path, root: Path) -> nbformat.NotebookNode:
    """The notebook of ``source`` with every include replaced by its section."""
    notebook = jupytext.read(source, fmt="py:percent")
    for index, cell in enumerate(notebook.cells):
        cell.id = f"{source.stem}-{index:02d}"
        alt = cell.metadata.get("alt")  # `# %% alt="..."`: the description of the cell's plot
        cell.metadata = {"alt": alt} if alt else {}
        if alt:
            ALT_TEXTS[cell.id] = alt
        include = INCLUDE.fullmatch(cell.source.strip()) if cell.cell_type == "code" else None
        if include:
            sections = read_sections(root / include[1])
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
    notebook.metadata = {
        "kernelspec": KERNEL,
        "language_info": {"name": "python"},
    }
    nbformat.validate(notebook)
    return notebook


RUNS: dict[str, Future] = {}  # notebooks/<name>.ipynb -> its execution, started in on_files
CACHED: dict[str, tuple[Path, Path]] = {}  # uri -> (executed notebook in the cache, page source)


def cache_key(text: str) -> str:
    """Key of an executed notebook: its whole text (the snippets' code is inlined in it) and the
    versions of what runs it."""
    digest = hashlib.sha256(text.encode())
    for distribution in ("numpy", "matplotlib", "ipykernel", "nbclient"):
        digest.update(f"{distribution}=={importlib.metadata.version(distribution)}".encode())
    return digest.hexdigest()[:20]


def execute(text: str, target: Path, where: str) -> None:
    """Run the notebook ``text`` in a fresh kernel started in an empty folder, write it, outputs
    and all, to ``target``; a cell that raises fails the build with the cell's error."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.reads(text, as_version=4)
    with tempfile.TemporaryDirectory() as empty:
        try:
            NotebookClient(
                notebook,
                timeout=300,
                kernel_name=KERNEL["name"],
                resources={"metadata": {"path": empty}},
                record_timing=False,  # no timestamps: the same notebook gives the same bytes
            ).execute()
        except CellExecutionError as error:
            raise PluginError(f"{where}: a cell raised while the notebook ran:\n{error}") from error
    partial = target.with_suffix(".partial")
    partial.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
    partial.replace(target)


@event_priority(50)  # before mkdocs-jupyter's on_files, which must see the notebooks
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add ``notebooks/<name>.ipynb`` for every ``notebooks/<name>.py``, executed.

    Notebooks whose text has changed start running at once, side by side and while the rest of
    the site builds; a notebook's page waits for its run in ``on_pre_page``. Executed notebooks
    are cached in ``.cache/notebooks`` by ``cache_key``, so an unchanged one never runs again
    and a changed one can never be served stale.
    """
    root = Path(config.config_file_path).resolve().parent
    sources = sorted((root / "notebooks").glob("*.py"))
    if not sources:
        raise PluginError(f"no notebook sources in {root / 'notebooks'}")
    out = root / ".cache" / "notebooks"
    executed = out / "executed"
    executed.mkdir(parents=True, exist_ok=True)
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    RUNS.clear()
    CACHED.clear()
    pool = ThreadPoolExecutor(max_workers=len(sources))
    for source in sources:
        uri = f"notebooks/{source.stem}.ipynb"
        text = nbformat.writes(build_notebook(source, root)) + "\n"
        cached = executed / f"{source.stem}-{cache_key(text)}.ipynb"
        if not cached.is_file():
            for stale in executed.glob(f"{source.stem}-*.ipynb"):
                stale.unlink()
            RUNS[uri] = pool.submit(execute, text, cached, str(source))
        files.append(File(uri, str(out), config.site_dir, config.use_directory_urls))
        CACHED[uri] = (cached, out / uri)
    pool.shutdown(wait=False)
    return files


@event_priority(50)  # before mkdocs-jupyter reads the notebook
def on_pre_page(page, *, config: MkDocsConfig, files: Files):
    """Wait for the page's notebook to finish running, then put it where mkdocs-jupyter reads."""
    uri = page.file.src_uri
    if uri in CACHED:
        if (run := RUNS.get(uri)) is not None:
            run.result()  # re-raises a failed run as the build's error
        cached, source = CACHED[uri]
        text = cached.read_text(encoding="utf-8")
        if not source.is_file() or source.read_text(encoding="utf-8") != text:
            source.write_text(text, encoding="utf-8")
    return page


# What mkdocs-jupyter puts around the cells that our theme already provides or that loads from
# other hosts: ~580 KB of JupyterLab CSS, two copies of the Pygments CSS, MathJax and Mermaid (from
# a CDN), and its own copy-to-clipboard widget. Each is recognised by a fragment of its text.
DROP_STYLES = (".jupyter-wrapper", "jp-Mermaid", "td.linenos .normal")
DROP_SCRIPTS = ("clipboard-copy", "mermaid", "MathJax", "mathjax")


def slim_notebook_page(html: str, where: str, out_dir: Path) -> str:
    """Rebuild a mkdocs-jupyter page as plain Material content: for each cell its Markdown, or its
    code (a Material code block, with copy button) followed by its text outputs and its plots,
    which become PNG files in ``out_dir`` with their alt text. A download button for the
    ``.ipynb`` (copied beside the page by mkdocs-jupyter) goes under the title."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    wrapper = soup.select_one("div.jupyter-wrapper")
    styles = [s for s in soup.find_all("style") if any(f in s.get_text() for f in DROP_STYLES)]
    scripts = [
        s
        for s in soup.find_all("script")
        if s.get("src") == ""
        or any(f in s.get_text() for f in DROP_SCRIPTS)
        or "mathjax" in s.get("type", "")
    ]
    if wrapper is None or not styles or not scripts:
        raise PluginError(
            f"{where}: not the page mkdocs-jupyter used to make; has its output changed?"
        )
    for element in [*styles, *scripts]:
        element.decompose()
    for comment in soup.find_all(string=lambda text: text.__class__.__name__ == "Comment"):
        comment.extract()

    content = soup.new_tag("div", attrs={"class": "jupyter-wrapper"})
    plots = 0
    for cell in wrapper.select("div.jp-Cell[id]"):
        if "jp-MarkdownCell" in cell["class"]:
            for anchor in cell.select("a.anchor-link"):
                anchor.decompose()
            content.extend(list(cell.select_one(".jp-RenderedMarkdown").contents))
            continue
        source = cell.select_one(".highlight-ipynb pre")
        code = soup.new_tag("code")
        code.extend(list(source.contents))
        block = soup.new_tag("div", attrs={"class": "highlight"})  # styled and copyable by Material
        pre = soup.new_tag("pre")
        pre.append(code)
        block.append(pre)
        content.append(block)
        for output in cell.select(".jp-OutputArea-output"):
            if text := output.find("pre"):
                text["class"] = ["nb-output"]
                content.append(text)
            for img in output.select('img[src^="data:image/png;base64,"]'):
                data = base64.b64decode(img["src"].split(",", 1)[1])
                name = f"output-{plots:02d}.png"
                plots += 1
                (out_dir / name).write_bytes(data)
                width, height = struct.unpack(">II", data[16:24])  # from the PNG header
                cell_id = cell["id"].split("=", 1)[1]
                if cell_id not in ALT_TEXTS:
                    raise PluginError(
                        f'{where}: cell {cell_id} draws a plot but has no alt text (`# %% alt="..."`)'
                    )
                figure = soup.new_tag(
                    "img",
                    attrs={
                        "src": name,
                        "alt": ALT_TEXTS[cell_id],
                        "loading": "lazy",
                        "decoding": "async",
                        "width": str(width),
                        "height": str(height),
                    },
                )
                paragraph = soup.new_tag("p", attrs={"class": "nb-plot"})
                paragraph.append(figure)
                content.append(paragraph)
    title = content.find("h1")
    if title is None:
        raise PluginError(f"{where}: the notebook has no title (a '# ' heading in its first cell)")
    name = Path(where).name
    button = soup.new_tag(
        "a", attrs={"href": name, "download": name, "class": "md-button md-button--primary"}
    )
    button.string = f"Download {name}"
    paragraph = soup.new_tag("p")
    paragraph.append(button)
    title.insert_after(paragraph)
    wrapper.replace_with(content)
    return str(soup)


def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    """Slim every notebook page; leave the others alone."""
    if page.file.src_uri.startswith("notebooks/") and page.file.src_uri.endswith(".ipynb"):
        out_dir = Path(page.file.abs_dest_path).parent
        out_dir.mkdir(parents=True, exist_ok=True)
        return slim_notebook_page(output, page.file.src_uri, out_dir)
    return output
