"""Behaviour of snippets/validation_reuse.py: the climb with k, the bound, the remedies,
Thresholdout, and bad input."""

import math

import numpy as np
import pytest
from snippets.dropout_experiments import SEEDS as SITE_SEEDS
from snippets.paired import compare
from snippets.validation_reuse import (
    ATTACK_KS,
    ATTACK_SEEDS,
    BUDGET,
    SEEDS,
    SUBJECTS,
    accuracies,
    best_of_k,
    cross_validated,
    cross_validation_gaps,
    expected_best_independent,
    final_reports,
    fit_candidates,
    labelled_data,
    random_subsets,
    refreshed_search,
    report,
    reuse_attack,
    score_once,
    selection_bound,
    selection_gaps,
    thresholdout,
    thresholdout_comparisons,
    train_candidates,
    true_accuracy,
    whole,
    winners,
)

from tests.conftest import cached_experiments

KS = (1, 10, 100, 1000)


def test_the_seeds_are_the_sites_seeds():
    assert SEEDS == SITE_SEEDS


# The data and the candidates ----------------------------------------------------------------


def test_without_signal_labels_are_fair_coins_unrelated_to_x():
    X, y = labelled_data(40_000, rng=np.random.default_rng(0))
    assert X.shape == (40_000, 20) and set(np.unique(y)) == {0, 1}
    assert abs(y.mean() - 0.5) < 4 * 0.5 / math.sqrt(40_000)
    assert np.abs(np.corrcoef(X.T, y)[-1, :-1]).max() < 4 / math.sqrt(40_000)


@pytest.mark.parametrize("signal", [0.0, 0.5, 2.0])
def test_true_accuracy_matches_a_large_fresh_sample(signal):
    rng = np.random.default_rng(1)
    W = rng.normal(size=(6, 20))
    W[0] = 0.0
    W[0, 0] = 1.0  # the best rule there is
    X, y = labelled_data(200_000, signal=signal, rng=rng)
    exact = true_accuracy(W, signal)
    # 200,000 points: each measured accuracy within 4 standard errors of the exact one.
    np.testing.assert_allclose(accuracies(W, X, y), exact, atol=4 * 0.5 / math.sqrt(200_000))
    if signal == 0.0:
        np.testing.assert_array_equal(exact, 0.5)
    else:
        assert exact[0] == pytest.approx(1 - math.acos(signal / math.hypot(signal, 1)) / math.pi)


def test_fit_candidates_is_least_squares_on_each_subset_and_zero_elsewhere():
    rng = np.random.default_rng(2)
    X, y = labelled_data(50, features=8, rng=rng)
    subsets = random_subsets(4, 8, 3, rng)
    W = fit_candidates(X, y, subsets)
    for w, subset in zip(W, subsets, strict=True):
        expected, *_ = np.linalg.lstsq(X[:, subset], 2.0 * y - 1.0, rcond=None)
        np.testing.assert_allclose(w[subset], expected)
        assert np.count_nonzero(w) == 3


def test_random_subsets_are_distinct_features_in_range():
    subsets = random_subsets(500, 20, 5, np.random.default_rng(3))
    assert subsets.shape == (500, 5)
    assert all(len(set(row)) == 5 for row in subsets) and subsets.min() >= 0 and subsets.max() < 20
    assert np.unique(subsets).size == 20  # every feature gets used by some rule


def test_accuracies_counts_the_points_each_rule_gets_right():
    X = np.array([[1.0, -1.0], [-1.0, 1.0], [2.0, 2.0]])
    y = np.array([1, 0, 0])
    W = np.array([[1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_allclose(accuracies(W, X, y), [2 / 3, 0.0])  # rule 2 says 0, 1, 1


def test_inputs_are_left_alone():
    rng = np.random.default_rng(4)
    X, y = labelled_data(30, rng=rng)
    subsets = random_subsets(5, 20, 5, rng)
    W = fit_candidates(X, y, subsets)
    copies = [a.copy() for a in (X, y, subsets, W)]
    accuracies(W, X, y)
    true_accuracy(W, 1.0)
    cross_validated(subsets, X, y, 3)
    train, holdout = np.full(5, 0.6), np.full(5, 0.5)
    thresholdout(train, holdout, rng=rng)
    for before, after in zip(copies, (X, y, subsets, W), strict=True):
        np.testing.assert_array_equal(before, after)
    assert (train == 0.6).all() and (holdout == 0.5).all()


# Reuse leaks ----------------------------------------------------------------------------


def test_winners_are_the_best_of_the_first_k():
    scores = np.array([0.5, 0.7, 0.6, 0.9, 0.1])
    np.testing.assert_array_equal(winners(scores, [1, 2, 3, 5]), [0, 1, 1, 3])


def test_the_winners_validation_accuracy_climbs_with_k_while_fresh_stays_at_the_truth():
    runs = [best_of_k(KS, seed) for seed in range(20)]
    val = np.array([v for v, _ in runs])
    fresh = np.array([f for _, f in runs])
    np.testing.assert_array_equal(fresh, 0.5)  # no signal: every rule is exactly a coin flip
    assert np.all(np.diff(val, axis=1) >= 0)  # nested searches: the best can only improve
    # 20 seeds: at k = 1 the mean is 0.5 within 4 standard errors (0.035 / sqrt(20) each);
    # at k = 1000 it is above 55% (the bound says at most 63.1%).
    assert abs(val[:, 0].mean() - 0.5) < 4 * 0.5 / math.sqrt(200 * 20)
    assert 0.55 < val[:, -1].mean() < 0.5 + selection_bound(1000, 200)
    assert val[:, -1].min() > 0.5  # on every seed


def test_with_a_weak_signal_the_winner_is_truly_better_but_validation_overstates_it():
    runs = [best_of_k(KS, seed, signal=0.3) for seed in range(10)]
    val = np.mean([v for v, _ in runs], axis=0)
    fresh = np.mean([f for _, f in runs], axis=0)
    assert fresh[-1] > 0.5 + 0.01  # selection found rules that use the signal
    assert np.all(val[1:] - fresh[1:] > 0.02)  # and still flatters them


def test_test_data_looked_at_once_is_unbiased_for_the_winner():
    tests = np.array([score_once((1, 300), seed) for seed in range(60)])
    # 60 seeds of 200 test points: the mean within 4 standard errors of 0.5 (0.009).
    assert abs(tests[:, 1].mean() - 0.5) < 4 * 0.5 / math.sqrt(200 * 60)
    assert abs(tests[:, 0].mean() - 0.5) < 4 * 0.5 / math.sqrt(200 * 60)


# How fast -------------------------------------------------------------------------------------


def test_selection_bound_is_sqrt_2_ln_k_standard_errors():
    assert selection_bound(1, 200) == 0.0
    assert selection_bound(100, 400, 0.3) == pytest.approx(
        math.sqrt(2 * math.log(100)) * math.sqrt(0.21 / 400)
    )


def test_expected_best_independent_is_exact():
    assert expected_best_independent(1, 50) == pytest.approx(0.0, abs=1e-12)
    assert expected_best_independent(1, 10, 0.3) == pytest.approx(0.0, abs=1e-12)
    # Two fair estimates from 1 point: the best is 1 unless both are 0 (a quarter).
    assert expected_best_independent(2, 1) == pytest.approx(0.75 - 0.5)
    # Against a direct simulation of 20,000 draws of the best of 30.
    draws = np.random.default_rng(5).binomial(100, 0.5, size=(20_000, 30)).max(axis=1) / 100
    assert expected_best_independent(30, 100) == pytest.approx(
        draws.mean() - 0.5, abs=4 * draws.std() / math.sqrt(20_000)
    )
    for k in (2, 10, 100, 1000):  # always below the bound
        assert expected_best_independent(k, 200) < selection_bound(k, 200)


@pytest.fixture(scope="module")
def gaps():
    return {
        "shared": np.mean([selection_gaps(KS, seed) for seed in SEEDS], axis=0),
        "independent": np.mean(
            [selection_gaps(KS, seed, independent=True) for seed in SEEDS], axis=0
        ),
    }


def test_the_measured_gap_sits_below_the_bound_and_below_independent_candidates(gaps):
    bound = np.array([selection_bound(k, 200) for k in KS])
    exact = np.array([expected_best_independent(k, 200) for k in KS])
    # k = 1: no selection, no gap in expectation (100 trials: within 4 standard errors).
    assert abs(gaps["shared"][0]) < 4 * 0.5 / math.sqrt(200 * 100)
    assert np.all(gaps["shared"][1:] < bound[1:])
    # Scored on one set, candidates are correlated: the gap is smaller than for independent ones.
    assert np.all(gaps["shared"][2:] < 0.95 * gaps["independent"][2:])
    # Independent candidates: the exact expectation, within 0.6 points (100 trials per k),
    # and within 20% of the bound from k = 100 on.
    np.testing.assert_allclose(gaps["independent"], exact, atol=0.006)
    assert np.all(gaps["independent"][2:] > 0.8 * bound[2:])


def test_the_gap_shrinks_like_one_over_the_square_root_of_n():
    small, large = (
        np.mean([selection_gaps((100,), s, n_val=n)[0] for s in SEEDS]) for n in (100, 1600)
    )
    assert small / large == pytest.approx(4, rel=0.2)  # 16 times the points: a quarter of the gap


# What to do -----------------------------------------------------------------------------------


def test_refreshing_the_validation_data_leaks_less_and_costs_labels():
    never = [refreshed_search(1000, 1000, seed) for seed in SEEDS]
    often = [refreshed_search(1000, 10, seed) for seed in SEEDS]
    always = [refreshed_search(1000, 1, seed) for seed in SEEDS]
    assert (never[0][1], often[0][1], always[0][1]) == (200, 20_000, 200_000)
    gap = {
        name: np.mean([s for s, _ in runs]) - 0.5
        for name, runs in (("never", never), ("often", often), ("always", always))
    }
    assert gap["never"] > gap["often"] > gap["always"]
    # Every round is the best of two: the gap is about expected_best_independent(2, 200) = 2 points.
    assert gap["always"] < 0.035


def test_refreshing_every_k_candidates_is_the_plain_best_of_k():
    val, _ = best_of_k((300,), 7)
    score, used = refreshed_search(300, 300, 7)
    assert used == 200 and 0 < score < 1
    rng = np.random.default_rng(7)
    W = train_candidates(300, rng)
    assert score == accuracies(W, *labelled_data(200, rng=rng)).max() == val[0]


def test_cross_validation_scores_each_point_once_with_rules_fitted_without_it():
    rng = np.random.default_rng(8)
    X, y = labelled_data(30, features=6, rng=rng)
    subsets = random_subsets(4, 6, 2, rng)
    scores = cross_validated(subsets, X, y, folds=3)
    right = np.zeros(4)
    for held in np.array_split(np.arange(30), 3):
        rest = np.setdiff1d(np.arange(30), held)
        W = fit_candidates(X[rest], y[rest], subsets)
        right += ((X[held] @ W.T > 0) == (y[held, None] == 1)).sum(axis=0)
    np.testing.assert_allclose(scores, right / 30)
    assert np.all(np.isin(scores * 30, np.arange(31)))


def test_cross_validation_leaks_less_than_a_holdout_but_still_leaks():
    cv = np.mean([cross_validation_gaps(KS, seed) for seed in SEEDS], axis=0)
    holdout = np.mean([selection_gaps(KS, seed, trials=5) for seed in SEEDS], axis=0)
    assert cv[-1] > 0.03  # still climbs: the winner's k-fold score flatters it
    assert cv[-1] < holdout[-1] and cv[-1] < selection_bound(1000, 400)


def test_thresholdout_answers_from_training_unless_it_strays_from_the_holdout():
    rng = np.random.default_rng(9)
    train = np.array([0.50, 0.52, 0.90, 0.51])
    holdout = np.array([0.51, 0.50, 0.50, 0.51])
    answers = thresholdout(train, holdout, threshold=0.1, sigma=0.0, rng=rng)
    np.testing.assert_array_equal(answers, [0.50, 0.52, 0.50, 0.51])
    # Noise of scale sigma on the holdout answers: spread about sigma * sqrt(2).
    many = thresholdout(np.ones(20_000), np.zeros(20_000), sigma=0.01, rng=rng)
    assert many.std() == pytest.approx(0.01 * math.sqrt(2), rel=0.05)
    assert abs(many.mean()) < 0.001


def test_thresholdout_stops_answering_when_its_budget_is_spent():
    answers = thresholdout(
        np.ones(6), np.zeros(6), sigma=0.0, budget=2, rng=np.random.default_rng(0)
    )
    np.testing.assert_array_equal(answers[:2], 0.0)
    assert np.isnan(answers[2:]).all()


@pytest.fixture(scope="module")
def attacks():
    """Reported scores at k = 10 and 1000, shape (seeds, 2), per attack and mechanism."""
    runs = {
        r: [reuse_attack((10, 1000), seed, reusable=r) for seed in SEEDS] for r in (False, True)
    }
    return {
        (name, r): np.array([run[name] for run in runs[r]])
        for r in runs
        for name in ("best", "vote", "from_holdout")
    }


def test_the_attack_counts_the_answers_that_came_from_the_holdout(attacks):
    plain, guarded = attacks["from_holdout", False], attacks["from_holdout", True]
    assert (plain >= 0.9 * np.array([10, 1000])).all()  # every answer is the holdout's
    assert (guarded <= np.array([10, 1000])).all() and (guarded[:, 0] <= guarded[:, 1]).all()
    # With no budget, hundreds of the 1000 answers come from a holdout of 1000 points: far
    # outside what Dwork et al.'s guarantee allows (the article says so).
    assert guarded[:, 1].min() > 100


def test_a_budget_caps_the_holdout_answers_then_nothing_is_answered():
    for seed in SEEDS[:2]:
        run = reuse_attack((10, 1000), seed, reusable=True, budget=5)
        assert (run["from_holdout"] <= 5).all() and run["from_holdout"][-1] == 5
        assert np.isnan(run["vote"][-1])  # its final question came after the budget was spent
        assert not np.isnan(run["best"]).any()  # the best of the answers that were given


def test_thresholdout_resists_the_vote_attack_that_a_reused_holdout_does_not(attacks):
    plain, guarded = attacks["vote", False], attacks["vote", True]
    assert plain[:, -1].min() > 0.62  # every seed: 12 points or more above the truth
    assert guarded[:, -1].mean() < 0.56 and guarded[:, -1].max() < plain[:, -1].min()


def test_thresholdout_does_not_help_the_best_of_k(attacks):
    # Picking the best of k rules fixed in advance is not adaptive: the plain holdout is already
    # as good as it gets, and Thresholdout's noisy answers do no better (the article says so).
    assert attacks["best", False][:, -1].mean() > 0.53
    assert attacks["best", True][:, -1].mean() > 0.53


def test_report_is_the_mean_of_best_of_k_over_the_seeds():
    lines = report((1, 100)).splitlines()
    assert lines[0].split()[0] == "candidates" and len(lines) == 3
    val = np.mean([best_of_k((1, 100), seed)[0] for seed in SEEDS], axis=0)
    assert lines[2].split()[1] == f"{val[1]:.1%}" and lines[2].split()[2] == "50.0%"
    assert lines[2].split()[-1] == f"{100 * selection_bound(100, 200):.1f}"


# Bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "features"), [(0, 20), (10, 0)])
def test_labelled_data_needs_positive_int_sizes(n, features):
    with pytest.raises(ValueError, match="must be a positive int"):
        labelled_data(n, features=features, rng=np.random.default_rng())


@pytest.mark.parametrize(("n", "features"), [(2.5, 20), (10, "20"), (True, 20), (10, None)])
def test_sizes_that_are_not_integers_are_a_type_error_naming_the_argument(n, features):
    with pytest.raises(TypeError, match=r"(n|features) must be an int, got"):
        labelled_data(n, features=features, rng=np.random.default_rng())


def test_numpy_integers_are_sizes_like_python_ints():
    X, y = labelled_data(np.int64(5), features=np.int32(3), rng=np.random.default_rng(0))
    assert X.shape == (5, 3) and y.shape == (5,)
    numpy_ks = best_of_k(np.array([1, 10]), 0)
    python_ks = best_of_k([1, 10], 0)
    np.testing.assert_array_equal(numpy_ks[0], python_ks[0])
    assert selection_bound(np.int64(10), np.int64(200)) == selection_bound(10, 200)


@pytest.mark.parametrize(
    ("k", "subset", "match"), [(0, 5, "k must"), (10, 0, "subset must"), (10, 21, "subset must")]
)
def test_random_subsets_checks_its_sizes(k, subset, match):
    with pytest.raises(ValueError, match=match):
        random_subsets(k, 20, subset, np.random.default_rng())


@pytest.mark.parametrize("ks", [[0], [4], []])
def test_winners_needs_ks_within_the_scores(ks):
    with pytest.raises(ValueError, match=r"ks must be in \[1, 3\]"):
        winners(np.zeros(3), ks)


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="k must be a positive int"):
        selection_bound(0, 100)
    with pytest.raises(ValueError, match=r"every must be an int in \[1, 10\], got 11"):
        refreshed_search(10, 11, 0)
    with pytest.raises(ValueError, match=r"folds must be an int in \[2, 5\], got 1"):
        cross_validated(np.zeros((1, 1), dtype=int), np.ones((5, 1)), np.ones(5), folds=1)
    with pytest.raises(ValueError, match="same length, got 2 and 3"):
        thresholdout(np.ones(2), np.ones(3), rng=np.random.default_rng())
    with pytest.raises(ValueError, match="threshold and sigma must be >= 0"):
        thresholdout(np.ones(2), np.ones(2), sigma=-1.0, rng=np.random.default_rng())


def test_whole_takes_python_and_numpy_integers_in_range_and_names_what_it_refuses():
    assert whole(np.int64(3), "k") == 3 and type(whole(np.int64(3), "k")) is int
    assert whole(5, "every", 5) == 5 and whole(2, "folds", 9, low=2) == 2
    with pytest.raises(ValueError, match=r"every must be an int in \[1, 5\], got 6"):
        whole(6, "every", 5)
    with pytest.raises(ValueError, match="k must be a positive int, got 0"):
        whole(0, "k")
    for bad in (2.0, True, "3", None):
        with pytest.raises(TypeError, match=f"k must be an int, got {bad!r}"):
            whole(bad, "k")


@pytest.fixture
def kept_runs():
    """The site's attacks, read from the build's cache (the figures run them)."""
    with cached_experiments("snippets.validation_reuse_figures"):
        yield


def test_final_reports_are_the_attacks_at_k_1000_and_a_budget_can_leave_no_answer(kept_runs):
    seeds = ATTACK_SEEDS[:3]
    reports = final_reports(seeds)
    assert set(reports) == {
        f"{use}_{answers}"
        for use in ("best", "vote")
        for answers in ("holdout", "thresholdout", "budget")
    }
    for row, seed in enumerate(seeds):
        plain = reuse_attack(ATTACK_KS, seed)
        budget = reuse_attack(ATTACK_KS, seed, reusable=True, budget=BUDGET)
        assert reports["best_holdout"][row] == plain["best"][-1]
        assert reports["best_budget"][row] == budget["best"][-1]
        assert budget["from_holdout"][-1] <= BUDGET
    assert np.isnan(reports["vote_budget"]).all()  # the budget was spent before the vote


def test_thresholdout_comparisons_pair_each_seeds_reports(kept_runs):
    seeds = ATTACK_SEEDS[:4]
    reports, found = final_reports(seeds), thresholdout_comparisons(seeds)
    assert found["vote_thresholdout"] == compare(
        reports["vote_holdout"], reports["vote_thresholdout"]
    )
    assert found["best_budget"] == compare(reports["best_holdout"], reports["best_budget"])
    assert {c.n for c in found.values()} == {4}
    assert set(SUBJECTS) == set(found)  # what the notebook prints before each sentence
