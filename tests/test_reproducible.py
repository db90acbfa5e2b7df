"""The site is the same byte for byte however it is built: made again with every acceleration
off (its notebooks run again in fresh kernels, its numbers computed again), and taken from the
caches of a copied checkout. (That each figure drawn again is the build's file byte for byte is
checked where figures are tested, tests/test_plotting.py.)"""

from pathlib import Path

from scripts.project import EVERY_CACHE, copy_project

from tests.conftest import ROOT, run_build


def all_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def differing(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    assert first.keys() == second.keys()
    return [name for name in first if first[name] != second[name]]


def test_a_copied_checkout_reuses_its_cache(site, tmp_path):
    """Cache keys hash paths relative to the project: a copy (or a moved checkout) with the
    caches makes no figure, notebook, page, search entry or code key again, and the same site;
    it forgets the entries of what is gone."""
    project = copy_project(tmp_path / "moved", caches=EVERY_CACHE)
    # What a deleted figure module, numbers() or notebook left behind: forgotten by the build.
    gone = [project / ".cache" / kind / "gone" for kind in ("figures", "numbers", "notebooks")]
    for folder in gone:
        (folder / "key").mkdir(parents=True)
    before = {p for p in (project / ".cache").rglob("*") if p.is_file()}
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert [folder for folder in gone if folder.exists()] == []
    made = {
        p.relative_to(project / ".cache").as_posix()
        for p in (project / ".cache").rglob("*")
        if p.is_file() and p not in before
    }
    # Jinja keys its compiled templates by their absolute path: only the project's overrides.
    assert [name for name in made if not name.startswith("jinja/")] == []
    assert len([name for name in made if name.startswith("jinja/")]) <= len(
        list((ROOT / "overrides").rglob("*.html"))
    )
    assert differing(all_files(tmp_path / "site"), all_files(site)) == []


def test_with_every_acceleration_off_the_site_is_the_same_byte_for_byte(site, tmp_path):
    """hooks/internals.py: with the accelerations that touch libraries' internals off (as after
    an upgrade of those libraries), a build is slower, not different. Only the experiments'
    results and the figures are kept: every notebook runs again in a fresh kernel (a run is the
    same for the same code), every number is computed again, every page converted again. Build
    dates come from SOURCE_DATE_EPOCH (conftest.build_env)."""
    project = copy_project(tmp_path / "plain", caches=("code-keys", "figures", "results"))
    plain = run_build(project, tmp_path / "plain-site", ENGINE_ACCELERATIONS="off")
    assert plain.returncode == 0, plain.stderr
    for folder in ("pages", "search"):  # their accelerations did not run
        assert not list((project / ".cache" / folder).glob("*.json")), folder
    session = all_files(site)
    assert differing(all_files(tmp_path / "plain-site"), session) == []
    # The comparison covers the files most likely to drift.
    assert {"sitemap.xml.gz", "search/search_index.json"} <= session.keys()
    assert any(name.startswith("notebooks/") and name.endswith(".ipynb") for name in session)
