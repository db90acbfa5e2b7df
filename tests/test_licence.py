"""The licence: MIT for the code, CC BY 4.0 for the words and figures, stated on every page of
the site, in the README and in the package metadata; the credit to the threads' author stays."""

import tomllib

from bs4 import BeautifulSoup

from tests.conftest import ROOT

MIT = "https://opensource.org/license/mit"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def test_every_page_of_the_site_states_both_licences_and_the_credit(site):
    pages = sorted(site.rglob("*.html"))
    assert pages
    for html in pages:
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        footer = soup.select_one("footer .md-copyright")
        assert footer, f"{html}: no footer"
        assert {MIT, CC_BY} <= {a["href"] for a in footer.select("a")}, html
        assert "Santiago (@svpino)" in footer.get_text(), html


def test_the_licence_files_hold_the_standard_texts():
    mit = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert mit.startswith("MIT License\n\nCopyright (c) ")
    assert "The above copyright notice and this permission notice shall be included" in mit
    docs = (ROOT / "LICENSE-docs").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International Public License" in docs
    assert "Section 8 – Interpretation." in docs  # the whole text, to its last section


def test_readme_and_package_metadata_state_the_licences():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for fragment in ("MIT", "CC BY 4.0", "(LICENSE)", "(LICENSE-docs)"):
        assert fragment in readme, fragment
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
