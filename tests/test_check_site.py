"""scripts/check_site.py: the built site has everything its sources ask for, and each way a
build without the hooks or mkdocs-jupyter would lose content silently is reported."""

import re
import shutil
import subprocess
import sys

from scripts.check_site import problems

from tests.conftest import ROOT, articles


def test_the_session_site_passes_the_check(site):
    assert problems(site) == []
    result = subprocess.run(
        [sys.executable, "scripts/check_site.py", str(site)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_each_silent_loss_is_reported(site, tmp_path):
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    with_figures = [
        a for a in articles() if "figures/" in (ROOT / "docs" / f"{a}.md").read_text("utf-8")
    ]
    first, last = with_figures[0], articles()[-1]
    figure = re.search(r"figures/([\w-]+)-light\.svg", (ROOT / "docs" / f"{first}.md").read_text())[1]
    (broken / "figures" / f"{figure}-phone-light.svg").unlink()
    page = broken / last / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(
        html.replace("</article>", "<p>{{ x.y:.0% }} <!-- slider: z --></p></article>", 1),
        encoding="utf-8",
    )
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.py"))
    shutil.rmtree(broken / "notebooks" / notebooks[0])
    executed = broken / "notebooks" / notebooks[-1] / "index.html"
    executed.write_text(
        executed.read_text(encoding="utf-8").replace("jp-OutputArea-output", "x"), encoding="utf-8"
    )
    found = "\n".join(problems(broken))
    assert f"figures/{figure}-phone-light.svg, which is not in the site" in found
    assert f"{first}/index.html shows ../figures/{figure}-phone-light.svg" in found
    assert f"{last}/index.html still shows a placeholder: '{{{{ x.y:.0% }}}}'" in found
    assert f"{last}/index.html still shows a slider marker" in found
    assert f"notebooks/{notebooks[0]}.py has no page notebooks/{notebooks[0]}/" in found
    if len(notebooks) > 1:
        assert f"notebooks/{notebooks[-1]}/ shows no executed output" in found
    result = subprocess.run(
        [sys.executable, "scripts/check_site.py", str(broken)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1 and "a build without the hooks" in result.stderr
    missing = subprocess.run(
        [sys.executable, "scripts/check_site.py", str(tmp_path / "nowhere")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "build the site first" in missing.stderr


def test_skeleton_text_is_refused_only_when_publishing(site, tmp_path):
    """The scaffold marks its placeholders with SKELETON: an untouched skeleton builds and passes
    the suite, but the Pages workflow (--publish) refuses it."""
    template = ROOT / "scripts" / "article_template"
    marked = [p for p in template.rglob("*.*") if p.suffix in {".py", ".md"} and "SKELETON" in p.read_text("utf-8")]
    assert {p.relative_to(template).parts[0] for p in marked} >= {"docs", "snippets", "home_entry.md"}
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    untouched = set(problems(broken, publish=True))  # a scaffolded article's pages, if any
    page = broken / articles()[0] / "index.html"
    page.write_text(page.read_text("utf-8").replace("</article>", "<p>SKELETON: x</p></article>"), "utf-8")
    assert problems(broken) == []
    assert set(problems(broken, publish=True)) - untouched == {
        f"{articles()[0]}/index.html still shows the scaffold's SKELETON text: replace it"
    }
