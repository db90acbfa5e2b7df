"""Check a built site for content that went missing without failing the build.

    python scripts/check_site.py [--publish] [SITE_DIR]      (default: site)

The hooks fail the build when a figure, number, notebook or include cannot be made. But a build
that runs without them (MkDocs 2, or Zensical, which ignore ``hooks:`` and mkdocs-jupyter) passes
and writes pages with those parts missing. This check reads the sources and the built files
only, so it runs after any builder, and fails when:

- a page still shows a placeholder (``{{ name }}``), a ``<!-- slider: -->`` marker or an
  include line (``--8<--``) that should have been replaced;
- a page of ``docs/`` or a notebook of ``notebooks/`` has no page, or a notebook page shows no
  executed output;
- an image or figure a page shows, or a figure a source names, is not in the site;
- with ``--publish``, a page still shows the scaffold's ``SKELETON`` text (scripts/new_article.py
  marks every placeholder sentence so; an untouched skeleton builds and passes the suite, but
  must not be published).

It is run by the test suite on the site it builds (tests/test_check_site.py) and by the Pages
workflow after its build. Standard library only.
"""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{\{\s*[\w.]+(?::[^{}]*)?\s*\}\}")
LEFTOVERS = {
    "a placeholder": PLACEHOLDER,
    "a slider marker": re.compile(r"<!--\s*slider:"),
    "an include line": re.compile(r"-{1,}8<-{1,}\s"),
}
FIGURE = re.compile(r"figures/([\w-]+)-(light|dark)\.svg")
SKELETON = "SKELETON"  # marks each placeholder of scripts/article_template/


class _Page(HTMLParser):
    """The text of a page outside <script>/<style>, and every image it shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.images: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "img" and values.get("src"):
            self.images.append(values["src"] or "")
        elif tag == "source" and values.get("srcset"):
            self.images.extend(part.split()[0] for part in (values["srcset"] or "").split(","))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.text.append(f"<!--{data}-->")


def page_of(source: str) -> str:
    """The site path of the page made from ``source`` (a path under docs/)."""
    stem = source.rpartition(".")[0]
    return "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"


def problems(site: Path, root: Path = ROOT, *, publish: bool = False) -> list[str]:
    """Everything missing from ``site`` that the sources of ``root`` ask for (and, to
    ``publish``, any skeleton text left)."""
    found: list[str] = []
    docs = root / "docs"
    for md in sorted(docs.rglob("*.md")):
        source = md.relative_to(docs).as_posix()
        if not (site / page_of(source)).is_file():
            found.append(f"docs/{source} has no page {page_of(source)}")
        for name, scheme in FIGURE.findall(md.read_text(encoding="utf-8")):
            for variant in (f"{name}-{scheme}.svg", f"{name}-phone-{scheme}.svg"):
                if not (site / "figures" / variant).is_file():
                    found.append(f"docs/{source} shows figures/{variant}, which is not in the site")
    for notebook in sorted((root / "notebooks").glob("*.py")):
        page = site / "notebooks" / notebook.stem / "index.html"
        if not page.is_file():
            found.append(f"notebooks/{notebook.name} has no page notebooks/{notebook.stem}/")
        elif "jp-OutputArea-output" not in page.read_text(encoding="utf-8"):
            found.append(f"notebooks/{notebook.stem}/ shows no executed output")
    for html in sorted(site.rglob("*.html")):
        where = html.relative_to(site).as_posix()
        raw = html.read_text(encoding="utf-8")
        if publish and SKELETON in raw:
            found.append(f"{where} still shows the scaffold's {SKELETON} text: replace it")
        parser = _Page()
        parser.feed(raw)
        text = "".join(parser.text)
        for what, pattern in LEFTOVERS.items():
            if match := pattern.search(text):
                found.append(f"{where} still shows {what}: {match.group(0)!r}")
        base = "http://site/" + where
        for image in parser.images:
            url = urljoin(base, image)
            if urlsplit(url).netloc != "site":
                continue  # another host: tests/test_site.py refuses those
            path = site / unquote(urlsplit(url).path).lstrip("/")
            if not path.is_file():
                found.append(f"{where} shows {image}, which is not in the site")
    return found


def main(arguments: list[str]) -> int:
    publish = "--publish" in arguments
    arguments = [a for a in arguments if a != "--publish"]
    site = Path(arguments[0] if arguments else "site")
    if not site.is_dir():
        print(f"check_site: no folder {site}: build the site first", file=sys.stderr)
        return 2
    found = problems(site, publish=publish)
    for problem in found:
        print(f"check_site: {problem}", file=sys.stderr)
    if found:
        print(
            f"check_site: {len(found)} problem(s) in {site}: a build without the hooks "
            "(hooks/) or mkdocs-jupyter leaves these behind",
            file=sys.stderr,
        )
        return 1
    print(f"check_site: {site} has every page, figure, number and notebook its sources ask for")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
