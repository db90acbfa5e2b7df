"""Behaviour of snippets/overfitting_exercises.py: each solution's claim holds, and numbers()
says what the solutions print."""

import numpy as np
import pytest
import snippets.overfitting_exercises as exercises
from snippets.overfitting import fit_models, target
from snippets.overfitting_exercises import (
    errors_by_degree,
    errors_by_degree_report,
    gap_over_seeds,
    largest_errors,
    largest_errors_report,
    more_data_report,
    narrower_report,
    numbers,
)


@pytest.fixture(scope="module")
def runs():
    """The exercises' ``curves_over_seeds``, each call made once for this module's tests."""
    original, done = exercises.curves_over_seeds, {}

    def once(seeds, **settings):
        key = (tuple(seeds), tuple(sorted(settings.items())))
        if key not in done:
            done[key] = original(key[0], **settings)
        return done[key]

    exercises.curves_over_seeds = once
    yield once
    exercises.curves_over_seeds = original


@pytest.fixture(scope="module")
def values(runs):
    return numbers()


def test_largest_errors_splits_the_grid_at_the_outermost_training_points():
    fits = fit_models(4)
    x = fits.train[0]
    between, beyond = largest_errors(4, points=5001)
    grid = np.linspace(0, 1, 5001)
    error = np.abs(fits.model_a(grid) - target(grid))
    assert beyond == error[(grid < x.min()) | (grid > x.max())].max()
    assert between == error[(grid >= x.min()) & (grid <= x.max())].max()


def test_model_a_is_worst_beyond_its_points_on_every_seed(values):
    # The claim of the solution: worst beyond the outermost points, far outside [-1, 1].
    assert values["seeds_worse_beyond"] == 10
    assert values["beyond_min"] > 2 and values["beyond_min"] > values["between_max"] / 2
    assert largest_errors_report().splitlines()[0] == "seed  between the points  beyond them"


def test_training_error_never_rises_with_the_degree_and_held_out_error_is_u_shaped():
    train, held_out = errors_by_degree()
    assert train.shape == held_out.shape == (10, 10)
    assert np.all(np.diff(train, axis=1) <= 1e-12)  # nested least squares: exact
    assert np.all(train[:, -1] < 1e-10)  # degree 9 passes through the ten points
    mean = held_out.mean(axis=0)
    best = int(np.argmin(mean))
    assert 0 < best < 9 and mean[-1] > 5 * mean[best] and mean[0] > 2 * mean[best]


def test_errors_by_degree_report_is_the_mean_over_seeds(values):
    train, held_out = errors_by_degree()
    line = errors_by_degree_report().splitlines()[4]
    assert line == f"     3  {train[:, 3].mean():14.3f}  {held_out[:, 3].mean():14.3f}"
    assert values["best_degree"] == int(np.argmin(held_out.mean(axis=0)))


@pytest.fixture(scope="module")
def finals(runs):
    """Final accuracies of seeds 0-2 for the page's network and the exercises' two changes."""
    settings = {"page": {"hidden": 128}, "narrow": {"hidden": 8}, "more data": {"samples": 1000}}
    out = {}
    for name, setting in settings.items():
        curves = runs(range(3), **setting)
        out[name] = {part: acc[:, -1] for part, acc in curves.items()}
    return out


def test_a_narrower_network_has_a_smaller_gap_on_every_seed_and_about_the_same_validation(finals):
    gap = {name: f["train"] - f["validation"] for name, f in finals.items()}
    assert np.all(gap["narrow"] < gap["page"])
    validation = {name: f["validation"].mean() for name, f in finals.items()}
    assert abs(validation["narrow"] - validation["page"]) < 0.05  # "hardly moves"


def test_more_data_shrinks_the_gap_on_every_seed_and_lifts_validation(finals):
    gap = {name: f["train"] - f["validation"] for name, f in finals.items()}
    assert np.all(gap["more data"] < gap["page"])
    assert finals["more data"]["validation"].mean() > finals["page"]["validation"].mean()


def test_gap_over_seeds_formats_each_seeds_gap_and_the_mean_validation(finals):
    line = gap_over_seeds(range(3), hidden=8)
    f = finals["narrow"]
    gaps = ", ".join(f"{100 * g:.0f}" for g in f["train"] - f["validation"])
    assert line == f"gap {gaps} points; validation {f['validation'].mean():.0%}"


def test_numbers_are_what_the_solutions_print(values):
    assert values["largest_errors"] == largest_errors_report()
    assert values["degrees"] == errors_by_degree_report()
    assert values["narrower"].splitlines()[1].startswith("  8 hidden units: gap ")
    assert values["narrower"] == narrower_report()
    assert values["more_data"] == more_data_report()
