"""Run Lighthouse (npm, mobile preset) on every page of the built site and print its scores.

Usage: .venv/bin/python scripts/lighthouse.py [SITE_DIR] [PAGE ...]   (default: site/, every page)
Each page is measured RUNS times (environment variable, default 3) and the median printed, as
Lighthouse advises: its performance score moves by several points from one run to the next.
Build first (mkdocs build). Served with gzip, as static hosts serve it. Needs `npm ci` (scripts/setup-browser.sh) and Debian's chromium.
Targets: accessibility, best practices and SEO 100 on every page; performance >= 95 on mobile.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from static_server import built_pages, serve

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RUNS = int(os.environ.get("RUNS", "3"))


def scores(url: str, out: Path) -> dict[str, object]:
    """Lighthouse's four category scores (0-100) for ``url``, and the audits that lost points."""
    command = [
        str(ROOT / "node_modules" / ".bin" / "lighthouse"),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --disable-sync --no-first-run --disable-quic",
    ]
    env = {
        **os.environ,
        "CHROME_PATH": shutil.which("chromium") or sys.exit("chromium not found"),
    }
    subprocess.run(command, check=True, env=env, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    result: dict[str, object] = {
        c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES
    }
    result["lost"] = sorted(
        audit["id"]
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and (audit := report["audits"][ref["id"]])["score"] is not None
        and audit["score"] < 1
    )
    result["lcp_ms"] = round(report["audits"]["largest-contentful-paint"]["numericValue"])
    return result


def main(site: Path, pages: list[str]) -> int:
    if not (site / "index.html").is_file():
        sys.exit(f"{site} has no index.html: build the site first")
    pages = pages or built_pages(site)
    base, server = serve(site)
    print(
        f"{'page':28} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'LCP ms':>7}  audits below 100"
    )
    worst = {c: 100 for c in CATEGORIES}
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            results = [scores(base + page, Path(tmp) / "report.json") for _ in range(RUNS)]
            results.sort(key=lambda r: r["performance"])
            result = results[len(results) // 2]  # the run with the median performance score
            worst = {c: min(worst[c], result[c]) for c in CATEGORIES}
            print(
                f"/{page:27} {result['performance']:>5} {result['accessibility']:>5} {result['best-practices']:>5} "
                f"{result['seo']:>5} {result['lcp_ms']:>7}  {' '.join(result['lost'])}",
                flush=True,
            )
    server.shutdown()
    print("lowest: " + ", ".join(f"{c} {worst[c]}" for c in CATEGORIES))
    return 0


if __name__ == "__main__":
    sys.exit(
        main(
            Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site",
            sys.argv[2:],
        )
    )
