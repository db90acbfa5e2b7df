"""A clean build of the same sources is byte for byte the session's build (which, in a fresh
clone, is itself a clean build), and so is a build that takes everything from the caches."""

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


def test_a_clean_build_and_a_cached_one_are_byte_identical_to_the_sessions(site, tmp_path):
    # No caches but the experiments' training runs (keyed on the code they run; a run is the
    # same for the same seed, as test_overfitting.py checks): every figure, notebook, number
    # and page is made again. Build dates come from SOURCE_DATE_EPOCH (conftest.build_env).
    project = copy_project(tmp_path / "clean", caches=("results",))
    clean = run_build(project, tmp_path / "clean-site")
    assert clean.returncode == 0, clean.stderr
    session = all_files(site)
    assert differing(all_files(tmp_path / "clean-site"), session) == []
    # The checks cover the files most likely to drift.
    assert {"sitemap.xml.gz", "search/search_index.json"} <= session.keys()
    assert any(name.startswith("figures/") and name.endswith(".svg") for name in session)
    assert any(name.startswith("notebooks/") and name.endswith(".ipynb") for name in session)
    # Build it again: every figure, notebook, reference and page from its cache.
    warm = run_build(project, tmp_path / "warm-site")
    assert warm.returncode == 0, warm.stderr
    assert all((project / ".cache" / cache).is_dir() for cache in ("pages", "figures"))
    assert differing(all_files(tmp_path / "warm-site"), session) == []


def test_a_copied_checkout_reuses_its_cache(site, tmp_path):
    """Cache keys hash paths relative to the project: a copy (or a moved checkout) with the
    caches makes no figure, notebook, page, search entry or code key again."""
    project = copy_project(tmp_path / "moved", caches=EVERY_CACHE)
    before = {p for p in (project / ".cache").rglob("*") if p.is_file()}
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
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


def test_with_every_acceleration_off_the_site_is_the_same_byte_for_byte(site, tmp_path):
    """hooks/internals.py: with the accelerations that touch libraries' internals off (as after
    an upgrade of those libraries), a build is slower, not different. The caches of the
    experiments, figures, numbers and notebooks are kept; nothing is kept of the conversions."""
    kept = ("code-keys", "figures", "notebooks", "numbers", "results")
    project = copy_project(tmp_path / "plain", caches=kept)
    plain = run_build(project, tmp_path / "plain-site", ENGINE_ACCELERATIONS="off")
    assert plain.returncode == 0, plain.stderr
    for folder in ("pages", "search"):  # their accelerations did not run
        assert not list((project / ".cache" / folder).glob("*.json")), folder
    assert differing(all_files(tmp_path / "plain-site"), all_files(site)) == []
