"""Serve a built site on 127.0.0.1 the way static hosts do: gzip for text, a cache lifetime."""

import functools
import gzip
import http.server
import os
import threading
from pathlib import Path

COMPRESSIBLE = {
    ".html",
    ".css",
    ".js",
    ".svg",
    ".json",
    ".xml",
    ".ipynb",
    ".txt",
    ".map",
}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it, like GitHub Pages serves them."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the usual redirect to the trailing slash
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    """A thread per request, and a queue of waiting connections as long as a crawler's: the
    standard library's queue of 5 dropped connections when the link crawler opened many at once
    on a loaded machine (seen as broken links to figures that were there)."""

    request_queue_size = 128
    daemon_threads = True


def serve(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Start serving ``site`` in a thread; return its base URL and the server (to shut down)."""
    handler = functools.partial(GzipHandler, directory=os.fspath(site))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def built_pages(site: Path) -> list[str]:
    """Every page of a built site, as paths under its root ("" for the home page)."""
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
    )
