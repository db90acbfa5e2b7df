"""Draw every figure of ``snippets/*_figures.py`` at build time, light and dark, for desktops and
phones, with link preview cards, home page thumbnails and slider frames.

``FIGURES`` maps a name to ``draw(theme, *, layout="desktop") -> Figure`` (``CONTRACT``) and
``SLIDERS`` a figure to a ``snippets.plotting.Slider`` (``SLIDER_CONTRACT``; README.md, "Writing
an article"). A page shows ``![alt](figures/<name>-light.svg#only-light)`` and its dark twin, or
``<!-- slider: <name> -->``; this hook makes each a sized, lazy ``<picture>`` whose phone drawing
only narrow screens load, and gives the page Open Graph meta with the card of its first figure.
What is not in ``.cache/figures/<module>/<key>/`` (``cache_key``) is drawn in
``hooks/workers.py``'s processes while the rest of the site builds.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import html
import importlib
import importlib.metadata
import inspect
import json
import os
import re
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from hooks import state, store, workers
from hooks.sources import Sources

THEMES = ("light", "dark")
# Where Material's layout becomes a phone's (the navigation turns into a drawer); below it a
# figure's phone drawing is shown, drawn at most 4 inches (384 CSS px) wide.
PHONE_MEDIA = "(max-width: 44.9375em)"
# A slider over a figure, in a page's Markdown: <!-- slider: dropout-mask -->
SLIDER_MARKER = re.compile(r"<!--\s*slider:\s*(\S*?)\s*-->")
# The first figure a page's Markdown shows (light, or a slider's), whose card its preview shows.
FIRST_FIGURE = re.compile(
    r"figures/([\w-]+)-light\.svg#only-light|<!--\s*slider:\s*([\w-]+)\s*-->"
)
CONTRACT = (
    "a figure function takes (theme, *, layout='desktop') and draws the same data in either "
    "layout: 'desktop' 10 inches wide, panels side by side; 'phone' at most 4 inches wide, "
    "panels stacked and long text wrapped. snippets.plotting.panels(layout, count, height=..., "
    "phone_height=...) makes the Figure and wrap(text, layout) the titles "
    "(README.md, 'Writing an article')"
)
# Workers yield the CPU to the build and its notebooks, which take longer and are waited for first.
NICENESS = 5
VERSIONS = " ".join(f"{d}=={importlib.metadata.version(d)}" for d in ("numpy", "matplotlib"))


def cache_key(module: Path, sources: Sources, cards: Sequence[str] = ()) -> str:
    """Hash of everything a module's figures depend on, and of which of them get a card: the
    code its ``FIGURES`` and ``SLIDERS`` reach (``Sources.code_key``: a docstring edit redraws
    nothing), all of plotting.py (this hook draws with it), this file and the versions."""
    package = module.parent
    digest = hashlib.sha256()
    for name in ("FIGURES", "SLIDERS"):  # the figures, and the frames and alt texts of sliders
        digest.update(sources.code_key(package, module.stem, name).encode())
    for dependency in (package / "plotting.py", Path(__file__)):
        digest.update(dependency.name.encode() + b"\0" + dependency.read_bytes() + b"\0")
    digest.update(VERSIONS.encode() + b"\0" + " ".join(sorted(cards)).encode())
    return digest.hexdigest()[:20]


def card_figures(sources: Sources) -> set[str]:
    """The figure each page shows first: the ones drawn as link preview cards (a card takes
    about as long to draw as both layouts' SVGs, so only these are drawn)."""
    found = (FIRST_FIGURE.search(text) for text in sources.pages().values())
    return {match[1] or match[2] for match in found if match}


def figure_names(module: Path, sources: Sources) -> list[str]:
    """The keys of the module's ``FIGURES``, read from its source: a dict written out with
    string keys, so the figures are known without importing the module."""
    node = sources.definitions(module).get("FIGURES")
    keys = node.value.keys if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict) else []
    if keys and all(isinstance(key, ast.Constant) and isinstance(key.value, str) for key in keys):
        return [key.value for key in keys]
    raise PluginError(
        f"{module} must define FIGURES = {{'name': draw, ...}}: a dict literal with string keys"
    )


SLIDER_CONTRACT = (
    "a module's SLIDERS maps a name of its FIGURES to Slider(key, label, parameter, values, "
    "alt) (snippets.plotting.Slider), with key, label, parameter and values written as "
    "literals: SLIDERS = {'dropout-mask': Slider('mask-rate', 'Dropout rate', 'rate', "
    "(0.0, 0.1, 0.2), mask_alt)}; keys are unique words of the URL fragment (README.md, "
    "'Writing an article')"
)


class SliderSpec(NamedTuple):
    """A slider as the build knows it without importing its module."""

    key: str  # its key in the URL fragment
    label: str  # the visible label
    parameter: str  # the keyword argument of the figure function
    values: tuple[str, ...]  # each value as its frame's name and the fragment write it


def slider_specs(module: Path, sources: Sources) -> dict[str, SliderSpec]:
    """The ``SLIDERS`` of a figure module, read from its source (empty if it has none); raise
    PluginError, with the contract, if they are not written as the build can read them."""
    node = sources.definitions(module).get("SLIDERS")  # the last assignment, as in the module
    if node is None:
        return {}
    specs = {}
    try:
        for key, call in zip(node.value.keys, node.value.values, strict=True):
            fields = dict(zip(SliderSpec._fields, call.args, strict=False))
            fields |= {k.arg: k.value for k in call.keywords if k.arg != "alt"}
            spec = {field: ast.literal_eval(fields[field]) for field in SliderSpec._fields}
            values = spec["values"]
            if not (
                len(values) >= 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
                and re.fullmatch(r"[A-Za-z][\w-]*", spec["key"])
                and spec["parameter"].isidentifier()
            ):
                raise ValueError(spec)
            texts = tuple(format(v, "g") for v in values)
            if len(set(texts)) != len(texts):
                raise ValueError(texts)
            specs[ast.literal_eval(key)] = SliderSpec(
                spec["key"], spec["label"], spec["parameter"], texts
            )
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise PluginError(
            f"{module}: SLIDERS cannot be read ({type(error).__name__}: {error}); "
            f"{SLIDER_CONTRACT}"
        ) from error
    return specs


def frame_name(name: str, spec: SliderSpec, value: str) -> str:
    """The name of the frame of figure ``name`` at ``value``: dropout-mask-rate-0.3."""
    return f"{name}-{spec.parameter}-{value}"


def variants(name: str, card: bool) -> list[str]:
    """The files figure ``name`` becomes: desktop and phone SVGs in each theme, and its card
    and home page thumbnails."""
    svgs = [f"{name}{suffix}-{theme}.svg" for suffix in ("", "-phone") for theme in THEMES]
    thumbs = [f"{name}-thumb{suffix}-{theme}.png" for suffix in ("", "-phone") for theme in THEMES]
    return svgs + ([f"{name}-card.png", *thumbs] if card else [])


def render(module_name: str, name: str, out: Path, card: bool) -> None:
    """Draw figure ``name`` of ``module_name`` into ``out`` (in a worker): each layout once, in
    placeholder colours, then recoloured for each theme; and the card, from a light drawing."""
    draw_variants(_worker_module(module_name).FIGURES[name], name, out, card)


def _worker_module(module_name: str):
    """Import ``module_name`` in a worker, at a lower priority, its experiments cached."""
    import matplotlib

    if hasattr(os, "setpriority"):  # Unix
        os.setpriority(os.PRIO_PROCESS, 0, NICENESS)
    matplotlib.use("svg")
    module = importlib.import_module(module_name)
    importlib.import_module("hooks.results").memoize(module)  # experiments cached by their code
    return module


def render_frame(module_name: str, name: str, index: int, out: Path) -> None:
    """Draw the frame of slider ``name`` at its value number ``index`` into ``out`` (in a
    worker), like ``render``, and write its alt text and whether it is the default."""
    module = _worker_module(module_name)
    slider, draw = module.SLIDERS[name], module.FIGURES[name]
    value = slider.values[index]
    parameter = inspect.signature(draw).parameters.get(slider.parameter)
    if parameter is None or parameter.kind != parameter.KEYWORD_ONLY:
        raise TypeError(
            f"{name}: {draw.__name__} has no keyword argument {slider.parameter!r}; "
            f"{SLIDER_CONTRACT}"
        )
    stem = f"{name}-{slider.parameter}-{format(value, 'g')}"
    frame = functools.update_wrapper(functools.partial(draw, **{slider.parameter: value}), draw)
    draw_variants(frame, stem, out, card=False)
    alt = slider.alt(**{slider.parameter: value})
    if not isinstance(alt, str) or not alt.strip():
        raise TypeError(f"{name}: {slider.alt.__name__} gave {alt!r} at {value}, not a text")
    info = {"alt": " ".join(alt.split()), "default": value == parameter.default}
    (out / f"{stem}.json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


def draw_variants(draw, name: str, out: Path, card: bool) -> None:
    """Write every file of ``variants(name, card)`` into ``out``, drawn by ``draw``; raise
    TypeError or ValueError, saying what the contract is, if ``draw`` does not follow it."""
    from snippets.plotting import TEMPLATE, WIDTHS, card_png, recolour, svg_bytes, thumbnail_png

    if "layout" not in inspect.signature(draw).parameters:
        raise TypeError(f"{name}: {draw.__name__} has no layout argument; {CONTRACT}")
    for layout, prefix in (("desktop", name), ("phone", f"{name}-phone")):
        fig = draw(TEMPLATE, layout=layout)
        width = fig.get_size_inches()[0]
        if layout == "phone" and width > WIDTHS["phone"] + 1e-6:
            raise ValueError(
                f"{name}: the phone layout of {draw.__name__} is {width:g} inches wide, more "
                f"than {WIDTHS['phone']:g}; {CONTRACT}"
            )
        template = svg_bytes(fig)
        for theme in THEMES:
            (out / f"{prefix}-{theme}.svg").write_bytes(recolour(template, theme))
    if card:
        (out / f"{name}-card.png").write_bytes(card_png(draw("light", layout="desktop")))
        for layout, suffix in (("desktop", ""), ("phone", "-phone")):
            for theme in THEMES:
                thumbnail = thumbnail_png(draw(theme, layout=layout), theme, layout)
                (out / f"{name}-thumb{suffix}-{theme}.png").write_bytes(thumbnail)


class Drawing:
    """The figures of one build: which files they are, and the tasks still drawing them."""

    def __init__(self, sources: Sources) -> None:
        root = sources.root
        package = root / "snippets"
        cards = card_figures(sources)
        modules = sorted(package.glob("*_figures.py"))
        if not modules:
            raise PluginError(f"no figure modules found in {package}")
        self.files: dict[str, Path] = {}  # figures/<file> -> its file in the cache
        self.names: set[str] = set()  # every name of every FIGURES
        # figure -> its slider, and the folder of its frames' alt texts
        self.sliders: dict[str, tuple[SliderSpec, Path]] = {}
        self._frames: dict[str, tuple[int, list[str]]] = {}
        # (module, [(figure, card?)], [(figure, value index)], partial, final)
        todo: list[tuple[str, list[tuple[str, bool]], list[tuple[str, int]], Path, Path]] = []
        keys: dict[str, str] = {}
        for module in modules:
            names = figure_names(module, sources)
            self.names.update(names)
            sliders = slider_specs(module, sources)
            carded = sorted(cards.intersection(names))
            final = store.folder(root, "figures") / module.stem / cache_key(module, sources, carded)
            files = {name: variants(name, name in cards) for name in names}
            for name, spec in sliders.items():
                if name not in names:
                    raise PluginError(
                        f"{module}: SLIDERS has {name!r}, which is not in its FIGURES {names}"
                    )
                if spec.key in keys:
                    raise PluginError(
                        f"{module}: the slider key {spec.key!r} of {name} is also {keys[spec.key]}'s"
                    )
                keys[spec.key] = name
                self.sliders[name] = (spec, final)
                for value in spec.values:
                    files[frame_name(name, spec, value)] = variants(frame_name(name, spec, value), card=False)
            for name_files in files.values():
                for file in name_files:
                    uri = f"figures/{file}"
                    if uri in self.files:
                        raise PluginError(f"figure {uri} is defined twice (again in {module})")
                    self.files[uri] = final / file
            if not final.is_dir():
                drawn = [(n, n in cards) for n in names]
                frames = [(n, i) for n, spec in sliders.items() for i in range(len(spec.values))]
                todo.append((f"snippets.{module.stem}", drawn, frames, store.new_folder(final), final))
        self.todo = todo
        # Starting the workers waits for the server to import matplotlib: not on this thread.
        self.started = ThreadPoolExecutor(max_workers=1).submit(self._start, root) if todo else None

    def _start(self, root: Path) -> tuple[ProcessPoolExecutor, list[list[Future]]]:
        pool = workers.pool(root)
        hook = importlib.import_module("hooks.figures")  # importable by the workers
        tasks = [
            [pool.submit(hook.render, module, name, partial, card) for name, card in names]
            + [pool.submit(hook.render_frame, module, name, i, partial) for name, i in frames]
            for module, names, frames, partial, _ in self.todo
        ]
        return pool, tasks

    def stop(self) -> None:
        """Stop drawing: the build failed elsewhere."""
        if self.started is not None:
            pool, _ = self.started.result()
            self.started = None
            pool.shutdown(cancel_futures=True)

    def wait(self) -> None:
        """Wait for every figure; move each module's figures into place once all are drawn."""
        if self.started is None:
            return
        pool, tasks = self.started.result()
        self.started = None
        try:
            for (module, names, frames, partial, final), module_tasks in zip(
                self.todo, tasks, strict=True
            ):
                labels = [name for name, _ in names] + [
                    f"{name} (slider frame {i})" for name, i in frames
                ]
                for name, task in zip(labels, module_tasks, strict=True):
                    try:
                        task.result()
                    except Exception as error:
                        raise PluginError(failure(module, name, error)) from error
                store.publish(partial, final)
        finally:
            pool.shutdown(cancel_futures=True)

    def check(self) -> None:
        """Raise now if a figure has already failed (``workers.failed``): ``wait`` says which."""
        if self.started is not None and self.started.done():
            if any(workers.failed(task) for tasks in self.started.result()[1] for task in tasks):
                self.wait()

    def frames(self, name: str) -> tuple[int, list[str]]:
        """The slider of figure ``name``: which of its values is the default, and the alt text
        of each frame, once drawn."""
        if name not in self._frames:
            self.wait()
            spec, folder = self.sliders[name]
            infos = [
                json.loads((folder / f"{frame_name(name, spec, v)}.json").read_text("utf-8"))
                for v in spec.values
            ]
            defaults = [i for i, info in enumerate(infos) if info["default"]]
            if len(defaults) != 1:
                raise PluginError(
                    f"{name}: the default of the figure function's {spec.parameter!r} must be "
                    f"one of the slider's values {list(spec.values)}; {SLIDER_CONTRACT}"
                )
            self._frames[name] = (defaults[0], [info["alt"] for info in infos])
        return self._frames[name]


def failure(module: str, name: str, error: BaseException) -> str:
    """What to say when figure ``name`` of ``module`` raised ``error`` in a worker: where it
    is, and the worker's traceback (which multiprocessing keeps as the error's cause)."""
    path = "snippets/" + module.rpartition(".")[2] + ".py"
    remote = error.__cause__  # concurrent.futures' _RemoteTraceback: the worker's traceback
    trace = str(remote).strip().strip('"').strip() if remote is not None else ""
    return (
        f"drawing figure {name!r} of {module} ({path}, FIGURES[{name!r}]) failed: "
        f"{type(error).__name__}: {error}" + (f"\n{trace}" if trace else "")
    )


SVG_SIZE = re.compile(rb'<svg[^>]*? width="([\d.]+)pt" height="([\d.]+)pt"')
# A figure as Python-Markdown writes it: <img alt="..." src="[../]figures/<name>-<theme>.svg#only-<theme>" />
FIGURE_IMG = re.compile(
    r'<img (?=[^>]*src="((?:\.\./)*)figures/([\w-]+)-(light|dark)\.svg#only-(light|dark)")'
    r"[^>]*>"
)
ALT = re.compile(r'alt="([^"]*)"')
# A home page thumbnail as Python-Markdown writes it: src="[../]figures/<name>-thumb-<theme>.png#only-<theme>"
THUMB_IMG = re.compile(
    r'<img (?=[^>]*src="((?:\.\./)*)figures/([\w-]+)-thumb-(light|dark)\.png#only-(light|dark)")'
    r"[^>]*>"
)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start drawing the figures that are not cached, early in the build."""
    state.build.drawing = Drawing(state.build.sources)
    return config


# A figure an article's Markdown shows: figures/<name>[-phone]-<theme>.svg
FIGURE_REF = re.compile(r"figures/([\w-]+?)(-phone)?-(light|dark)\.svg")


def check_figures(markdown: str, page, config: MkDocsConfig) -> str:
    """Fail on a figure no ``FIGURES`` entry draws, saying which figures there are."""
    drawing = state.build.drawing
    for match in FIGURE_REF.finditer(markdown):
        if match[0] not in drawing.files:
            where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
            raise PluginError(
                f"{where} shows {match[0]} but no FIGURES entry draws {match[1]!r} (drawn: "
                f"{', '.join(sorted(drawing.names)) or 'none'}); add it to FIGURES in a "
                "snippets/*_figures.py, or show one of those"
            )
    return markdown


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add every figure's files to the site under ``figures/``."""
    drawing = state.build.drawing
    if drawing.sliders and files.get_file_from_path(SLIDER_SCRIPT) is None:
        raise PluginError(f"docs/{SLIDER_SCRIPT}, which moves the sliders, is missing")
    for uri, path in drawing.files.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"figure {uri} would replace a file of the same name in docs/")
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def figure_sizes() -> dict[str, tuple[int, int]]:
    """Width and height of every figure SVG, once all are drawn."""
    build = state.build
    if not build.figure_sizes:
        build.drawing.wait()
        for uri, path in build.drawing.files.items():
            if not uri.endswith(".svg"):
                continue
            size = SVG_SIZE.search(path.read_bytes()[:2000])
            if size is None:
                raise PluginError(f"{path}: no width and height in points")
            build.figure_sizes[uri] = (round(float(size[1]) * 4 / 3), round(float(size[2]) * 4 / 3))
    return build.figure_sizes


def picture(match: re.Match[str], where: str) -> str:
    """A figure's ``<img>`` inside a ``<picture>`` whose source for narrow screens is its phone
    drawing. Both are sized (no layout shift) and lazy: Material hides the image of the other
    colour scheme, and a hidden lazy image is not downloaded, whichever source it would use."""
    up, name, theme, shown = match.groups()
    if theme != shown:
        raise PluginError(f"{where}: figures/{name}-{theme}.svg is marked #only-{shown}")
    sizes = figure_sizes()
    desktop, phone = f"figures/{name}-{theme}.svg", f"figures/{name}-phone-{theme}.svg"
    if desktop not in sizes or phone not in sizes:
        raise PluginError(
            f"{where}: {desktop} is not a figure of snippets/*_figures.py; show a figure as "
            f"![alt](figures/<name>-light.svg#only-light) and ![alt](figures/<name>-dark.svg"
            "#only-dark), where <name> is a key of a FIGURES dict (its phone drawing is added "
            "by hooks/figures.py)"
        )
    return lazy_picture(match[0], up + phone, sizes[desktop], sizes[phone])


def lazy_picture(img: str, phone_src: str, size: tuple[int, int], phone: tuple[int, int]) -> str:
    """``img``, sized and lazy, in a ``<picture>`` whose narrow-screen source is ``phone_src``."""
    lazy = f'<img loading="lazy" decoding="async" width="{size[0]}" height="{size[1]}" '
    return (
        f'<picture><source media="{PHONE_MEDIA}" srcset="{phone_src}" width="{phone[0]}" '
        f'height="{phone[1]}">{img.replace("<img ", lazy, 1)}</picture>'
    )


def png_size(uri: str, where: str) -> tuple[int, int]:
    """Width and height of the PNG ``uri`` (``figures/...``) in pixels, from its header."""
    if uri not in state.build.drawing.files:
        raise PluginError(
            f"{where}: no {uri}; thumbnails are drawn for the first figure of each page only "
            "(show ![](figures/<name>-thumb-light.png#only-light) with <name> an article's first)"
        )
    header = state.build.drawing.files[uri].read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")


def thumbnail(match: re.Match[str], where: str) -> str:
    """A home page thumbnail's ``<img>`` in a ``<picture>`` whose narrow-screen source is the
    thumbnail of the phone drawing; sized and lazy, as a figure is."""
    up, name, theme, shown = match.groups()
    if theme != shown:
        raise PluginError(f"{where}: figures/{name}-thumb-{theme}.png is marked #only-{shown}")
    desktop, phone = f"figures/{name}-thumb-{theme}.png", f"figures/{name}-thumb-phone-{theme}.png"
    return lazy_picture(match[0], up + phone, png_size(desktop, where), png_size(phone, where))


def card_meta(page, config: MkDocsConfig, figure: re.Match[str] | None) -> str:
    """Open Graph and Twitter meta for a link to ``page``: its title and description, and the
    card of its first ``figure``, all at absolute URLs under ``site_url``."""
    title = config.site_name if page.is_homepage else page.title
    description = page.meta.get("description") or config.site_description or ""
    meta = {
        "og:type": "website" if page.is_homepage else "article",
        "og:site_name": config.site_name,
        "og:title": title,
        "og:description": description,
        "og:url": config.site_url + page.url,
        "twitter:card": "summary",
        "twitter:title": title,
        "twitter:description": description,
    }
    if figure is not None:
        card = f"figures/{figure[2]}-card.png"
        if card not in state.build.drawing.files:
            raise PluginError(
                f"{page.file.src_uri}: no {card}; its first figure in the Markdown (drawn as "
                "its card) must be the first in the page"
            )
        image = config.site_url + card
        alt = ALT.search(figure[0])
        alt = " ".join(html.unescape(alt[1]).split()) if alt else ""
        meta |= {
            "og:image": image,
            "og:image:type": "image/png",
            "og:image:width": "1200",
            "og:image:height": "630",
            "og:image:alt": alt,
            "twitter:card": "summary_large_image",
            "twitter:image": image,
            "twitter:image:alt": alt,
        }
    return "".join(
        f'<meta {"property" if key.startswith("og:") else "name"}="{key}" '
        f'content="{html.escape(value, quote=True)}">\n'
        for key, value in meta.items()
    )


# The script that moves the sliders, linked from the pages that have one (1 KB gzip).
SLIDER_SCRIPT = "javascripts/sliders.js"
# A slider's figure as on_page_markdown writes it and Python-Markdown converts it.
SLIDER_BLOCK = re.compile(r'<div class="figure-slider" data-slider="([\w-]+)">(.*?)</div>', re.S)


def on_page_markdown(markdown: str, *, page, config: MkDocsConfig, **kwargs) -> str:
    """Make each ``<!-- slider: <figure> -->`` the figure's light and dark pair in a block that
    ``on_post_page`` gives its alt texts and its range input; then fail on a figure no
    ``FIGURES`` entry draws."""

    def block(match: re.Match[str]) -> str:
        name = match[1]
        if name not in state.build.drawing.sliders:
            raise PluginError(
                f"{page.file.src_uri}: {match[0]} names no slider; sliders are "
                f"{sorted(state.build.drawing.sliders)} ({SLIDER_CONTRACT})"
            )
        return (
            f'<div class="figure-slider" data-slider="{name}" markdown>\n\n'
            f"![](figures/{name}-light.svg#only-light)\n"
            f"![](figures/{name}-dark.svg#only-dark)\n\n</div>"
        )

    return check_figures(SLIDER_MARKER.sub(block, markdown), page, config)


def slider_html(match: re.Match[str]) -> str:
    """A slider's block with its alt texts, its frames' values and its labelled range input,
    set to the default frame that the images show."""
    name, images = match[1], match[2]
    spec, _ = state.build.drawing.sliders[name]
    default, alts = state.build.drawing.frames(name)
    attribute = lambda text: html.escape(text, quote=True)  # noqa: E731
    images = images.replace('alt=""', f'alt="{attribute(alts[default])}"')
    control = f"slider-{spec.key}"
    return (
        f'<div class="figure-slider" data-slider="{name}" data-key="{spec.key}" '
        f'data-parameter="{spec.parameter}" data-values="{" ".join(spec.values)}" '
        f'data-alts="{attribute(json.dumps(alts, ensure_ascii=False))}">{images}'
        f'<div class="figure-slider__control"><label for="{control}">{attribute(spec.label)}'
        f'</label><input type="range" id="{control}" min="0" max="{len(spec.values) - 1}" '
        f'step="1" value="{default}" aria-valuetext="{spec.parameter} {spec.values[default]}">'
        f'<output for="{control}">{spec.values[default]}</output></div></div>'
    )


def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    """Make every figure a ``<picture>`` with its phone drawing, and, when ``site_url`` is set
    (absolute URLs are what a link preview needs), add the page's preview card meta. (Done on
    the finished page, so converting pages does not wait for the figures.)"""
    where = page.file.src_uri
    output, sliders = SLIDER_BLOCK.subn(slider_html, output)
    if sliders:
        script = get_relative_url(SLIDER_SCRIPT, page.url)
        output = output.replace("</body>", f'<script src="{script}" defer></script></body>', 1)
    figures = list(FIGURE_IMG.finditer(output))
    output = FIGURE_IMG.sub(lambda match: picture(match, where), output)
    output = THUMB_IMG.sub(lambda match: thumbnail(match, where), output)
    if config.site_url:
        first = next((f for f in figures if f[3] == "light"), None)
        output = output.replace("</head>", card_meta(page, config, first) + "</head>", 1)
    return output


def on_pre_page(page, *, config: MkDocsConfig, files: Files):
    """Stop the build at once when a figure has failed."""
    if state.build.drawing is not None:
        state.build.drawing.check()
    return page


def on_env(env, *, config: MkDocsConfig, files: Files):
    """Every figure is drawn before the site's files are copied."""
    figure_sizes()
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    """Forget the figures of modules that are gone. Under ``mkdocs serve``, have the server
    import matplotlib now, not at the first edit."""
    modules = {path.parent.parent.name for path in state.build.drawing.files.values()}
    store.prune(state.build.cache("figures"), modules)
    if state.process.serving:
        workers.warm_up(state.build.root)


def on_build_error(*, error: Exception) -> None:
    """Stop the workers when the build fails."""
    if state.build is not None and state.build.drawing is not None:
        state.build.drawing.stop()
