"""John's survey: the population, the selection steps and their stated shares, the logistic
regression against a reference, reweighting where it can and cannot recover the population,
and the report the page prints."""

import math

import numpy as np
import pytest
from snippets.survey_bias import (
    KEYS,
    POPULATION,
    SEEDS,
    SHARES,
    STEPS,
    STRENGTHS,
    SUBJECTS,
    accuracy,
    cells,
    chances,
    draw_people,
    features,
    fit_logistic,
    gaps,
    post_stratify,
    random_sample_run,
    remedy_comparisons,
    report,
    reweighted_run,
    select,
    sigmoid,
    step_comparisons,
    step_scores,
    survey_run,
)


def test_sigmoid_and_features_are_the_stated_formulas():
    np.testing.assert_allclose(sigmoid(np.array([0.0, math.log(3)])), [0.5, 0.75])
    people = draw_people(0, 200)
    X = features(people)
    assert X.shape == (200, 3)
    np.testing.assert_array_equal(X[:, 0], 1.0)
    np.testing.assert_allclose(X[:, 1], (people.episodes - 4.5) / 3)
    np.testing.assert_allclose(X[:, 2], (people.age - 41) / 17)


def test_a_population_is_seeded_and_in_its_stated_ranges():
    people = draw_people(3)
    assert len(people.likes) == POPULATION
    for a, b in zip(people, draw_people(3), strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(people.hype, draw_people(4).hype)
    assert people.episodes.min() == 0 and people.episodes.max() == 9
    assert 12 <= people.age.min() and people.age.max() <= 70
    assert set(np.unique(people.likes)) == {0, 1}
    # a flop: well under half will like the next episode (standard error 0.0024)
    assert 0.33 < people.likes.mean() < 0.42
    with pytest.raises(ValueError, match="n must be at least 100, got 5"):
        draw_people(0, 5)


@pytest.mark.parametrize("strength", [0.0, 0.75, 1.5, 4.0])
@pytest.mark.parametrize("share", [0.05, 0.2, 0.5, 0.9])
def test_chances_average_the_stated_share_and_rise_with_the_score(share, strength):
    score = np.random.default_rng(0).normal(size=1000)
    p = chances(score, share, strength)
    assert abs(p.mean() - share) < 1e-9
    order = np.argsort(score)
    if strength == 0:
        np.testing.assert_allclose(p, share)
    else:
        assert np.all(np.diff(p[order]) >= 0) and p.max() > p.min()


def test_chances_of_everyone_and_bad_shares():
    np.testing.assert_array_equal(chances(np.arange(4.0), 1.0, 2.0), np.ones(4))
    for bad in (0.0, 1.5):
        with pytest.raises(ValueError, match=f"share must be in \\(0, 1\\], got {bad}"):
            chances(np.zeros(3), bad, 1.0)


def test_each_step_keeps_its_stated_share_of_those_who_reach_it():
    people = draw_people(0)
    before = [a.copy() for a in people]
    reached = np.ones(POPULATION, dtype=bool)
    masks = select(people, np.random.default_rng(0))
    assert len(masks) == len(STEPS) == len(SHARES)
    for mask, share in zip(masks, SHARES, strict=True):
        assert not np.any(mask & ~reached)  # each step inside the last
        n = reached.sum()
        # binomial: 5 standard errors of a share of n people
        assert abs(mask.sum() / n - share) < 5 * math.sqrt(share * (1 - share) / n)
        reached = mask
    for a, b in zip(people, before, strict=True):
        np.testing.assert_array_equal(a, b)  # the population is not modified


def test_each_step_favours_what_it_selects_on_and_strength_0_favours_nothing():
    people = draw_people(1)
    scores = step_scores(people)
    rng = np.random.default_rng(1)
    reached = np.ones(POPULATION, dtype=bool)
    for score, mask in zip(scores, select(people, rng), strict=True):
        assert score[mask].mean() > score[reached].mean() + 0.1
        reached = mask
    lottery = select(people, np.random.default_rng(1), (0.0, 0.0, 0.0))[-1]
    # a random sample of ~1600: the share who like it within 4 standard errors
    p = people.likes.mean()
    assert abs(people.likes[lottery].mean() - p) < 4 * math.sqrt(p * (1 - p) / lottery.sum())


def test_the_screening_reaches_nobody_under_min_episodes_and_bad_settings_are_refused():
    people = draw_people(2)
    masks = select(people, np.random.default_rng(2), min_episodes=3)
    assert all(people.episodes[m].min() >= 3 for m in masks)
    with pytest.raises(ValueError, match="strengths and shares need 3 values each"):
        select(people, np.random.default_rng(0), (1.0, 1.0))


def test_fit_logistic_recovers_the_weights_of_a_logistic_model_and_solves_its_equations():
    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(20_000), rng.normal(size=(20_000, 2))])
    w_true = np.array([-0.5, 1.0, -2.0])
    y = (rng.random(20_000) < sigmoid(X @ w_true)).astype(int)
    w = fit_logistic(X, y)
    np.testing.assert_allclose(w, w_true, atol=0.08)  # ~4 standard errors
    # the fitted weights zero the penalised gradient
    np.testing.assert_allclose(X.T @ (sigmoid(X @ w) - y) + 1e-3 * w, 0, atol=1e-6)


def test_fit_logistic_weights_count_like_repeated_rows_and_bad_shapes_are_refused():
    rng = np.random.default_rng(1)
    X = np.column_stack([np.ones(50), rng.normal(size=50)])
    y = (rng.random(50) < 0.5).astype(int)
    counts = rng.integers(1, 4, size=50)
    repeated = fit_logistic(np.repeat(X, counts, axis=0), np.repeat(y, counts))
    # weights are rescaled to mean 1, so the ridge weighs the same only for equal totals
    weighted = fit_logistic(X, y, counts.astype(float))
    scaled = fit_logistic(X, y, counts * 1.0 / counts.mean())
    np.testing.assert_allclose(weighted, scaled)
    np.testing.assert_allclose(weighted, repeated, atol=0.05)
    with pytest.raises(ValueError, match="need X"):
        fit_logistic(X[:, 0], y)


def test_accuracy_counts_the_right_answers_exactly():
    X = np.array([[1.0, 2.0], [1.0, -2.0], [1.0, 0.5], [1.0, -0.5]])
    w = np.array([0.0, 1.0])
    assert accuracy(w, X, np.array([1, 0, 0, 0])) == 0.75


def test_survey_run_without_selection_scores_alike_and_with_it_flatters():
    fair = [survey_run(s, (0.0, 0.0, 0.0)) for s in SEEDS[:5]]
    john = [survey_run(s) for s in SEEDS[:5]]
    assert abs(gaps(fair).mean()) < 0.03  # held-out of ~400: ~2.4 points each
    assert np.all(gaps(john) > 0.15)
    for r in john:
        assert r["truth"] < r["likes_0"] < r["likes_1"] < r["likes_2"]
        assert r["forecast"] > 0.5 > r["truth"]  # a hit is forecast, a flop comes
        assert 1400 < r["answers"] < 1800  # 40,000 x 0.2 x 0.5 x 0.4 = 1600


def test_a_random_sample_estimates_the_population_share_without_bias():
    errors = [
        random_sample_run(s, 400)["estimate"] - draw_people(s).likes.mean() for s in SEEDS[:10]
    ]
    # the mean of 10 errors of sd sqrt(0.37 * 0.63 / 400) = 0.024: 4 standard errors
    assert abs(np.mean(errors)) < 4 * 0.024 / math.sqrt(10)
    assert 0.55 < random_sample_run(0, 400)["population"] < 0.75


def test_cells_number_episodes_by_age_band():
    people = draw_people(0, 100)._replace(
        episodes=np.array([0, 0, 0, 9] * 25), age=np.array([12.0, 25.0, 44.9, 70.0] * 25)
    )
    np.testing.assert_array_equal(cells(people)[:4], [0, 1, 1, 29])


def test_post_stratify_is_exact_on_a_small_case():
    values = np.array([1.0, 1.0, 0.0, 0.0])
    estimate, unreached, effective = post_stratify(
        values, np.array([0, 0, 0, 1]), np.array([0.5, 0.3, 0.2])
    )
    # cell 0: mean 2/3, weight 0.5; cell 1: mean 0, weight 0.3; cell 2 unreached
    assert estimate == pytest.approx((0.5 * 2 / 3) / 0.8)
    assert unreached == pytest.approx(0.2)
    w = np.array([0.5 / 3] * 3 + [0.3])
    assert effective == pytest.approx(w.sum() ** 2 / (w**2).sum())
    _, _, equal = post_stratify(values, np.array([0, 1, 0, 1]), np.array([0.5, 0.5]))
    assert equal == pytest.approx(4.0)


def test_reweighting_recovers_the_population_where_the_survey_reaches_everyone():
    rng = np.random.default_rng(0)
    c = rng.integers(0, 5, size=100_000)
    values = (rng.random(100_000) < 0.1 + 0.2 * c).astype(float)
    shares = np.bincount(c) / len(c)
    kept = rng.random(100_000) < 0.02 + 0.04 * c  # selection on the cell alone
    estimate, unreached, _ = post_stratify(values[kept], c[kept], shares)
    assert unreached == 0
    # standard error about 0.005 (cell 0: 400 kept, p = 0.1, share 0.2): 4 of them
    assert abs(estimate - values.mean()) < 0.02
    assert values[kept].mean() - values.mean() > 0.1  # the raw survey is far off
    reached = kept & (c > 0)  # cell 0 is never reached
    estimate, unreached, _ = post_stratify(values[reached], c[reached], shares)
    assert unreached == pytest.approx(shares[0])
    assert estimate - values.mean() > 0.06  # no weight stands in for cell 0 (about +0.1)


def test_reweighting_johns_survey_fixes_the_theater_step_alone_and_nothing_it_cannot_see():
    seeds = SEEDS[:5]
    theater = [reweighted_run(s, (STRENGTHS[0], 0.0, 0.0)) for s in seeds]
    unreached = [reweighted_run(s, (STRENGTHS[0], 0.0, 0.0), min_episodes=3) for s in seeds]
    john = [reweighted_run(s) for s in seeds]
    for r in theater:
        assert r["survey"] - r["truth"] > 0.04 and abs(r["reweighted"] - r["truth"]) < 0.06
        assert r["effective"] < r["answers"] and r["unreached"] == 0
    for r in unreached:
        assert r["reweighted"] - r["truth"] > 0.02 and 0.25 < r["unreached"] < 0.32
    for r in john:
        assert r["reweighted"] - r["truth"] > 0.2


def test_the_comparisons_say_what_they_compare():
    names = {"gap", *(f"off_{k}" for k in KEYS)}
    found = step_comparisons(SEEDS[:3])
    assert set(found) == names and all(c.n == 3 for c in found.values())
    assert found["gap"].mean == pytest.approx(gaps([survey_run(s) for s in SEEDS[:3]]).mean())
    remedies = remedy_comparisons(SEEDS[:3])
    assert set(SUBJECTS) == names | set(remedies)


def test_report_prints_the_means_over_the_seeds():
    runs = [survey_run(s) for s in SEEDS[:2]]
    lines = report(SEEDS[:2]).splitlines()
    assert lines[0].split()[-1] == "2"
    assert lines[2].endswith(f"{np.mean([r['held_out'] for r in runs]):.1%}")
    assert lines[3].endswith(f"{np.mean([r['population'] for r in runs]):.1%}")
    assert lines[-1].endswith(f"{np.mean([r['truth'] for r in runs]):.1%}")
