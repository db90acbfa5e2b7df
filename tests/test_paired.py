"""snippets/paired.py: exact sign-test p-values, Student's t quantiles, intervals that cover."""

import itertools
import math

import numpy as np
import pytest
from snippets.paired import (
    compare,
    describe,
    paired_differences,
    sign_test,
    t_quantile,
)


def test_differences_are_after_minus_before_seed_by_seed_and_leave_inputs_alone():
    before, after = np.array([0.5, 0.6, 0.7]), [0.6, 0.6, 0.5]
    d = paired_differences(before, after)
    np.testing.assert_allclose(d, [0.1, 0.0, -0.2])
    assert d.dtype == np.float64 and d is not before
    np.testing.assert_array_equal(before, [0.5, 0.6, 0.7])


@pytest.mark.parametrize(
    "before, after",
    [([1, 2], [1, 2, 3]), ([], []), ([[1, 2]], [[1, 2]]), ([1, np.nan], [1, 2]), ([1, 2], [np.inf, 2])],
)
def test_differences_refuse_unpaired_empty_or_non_finite_values(before, after):
    with pytest.raises(ValueError, match="before and after"):
        paired_differences(before, after)


@pytest.mark.parametrize(
    "differences, p",
    [
        ([1, 1, 1, 1, 1], 2 / 32),  # 5 of 5: the smallest p five seeds can give
        ([1, 1, 1, 1, -1], 2 * 6 / 32),
        ([2.1, 2.9, 0, 0.7, 4.3], 2 / 16),  # a tie leaves 4 seeds: p >= 0.125
        ([1, -1], 1.0),
        ([0, 0, 0], 1.0),
        ([1] * 20, 2 / 2**20),
    ],
)
def test_sign_test_gives_the_exact_two_sided_p_value(differences, p):
    assert sign_test(np.array(differences)) == pytest.approx(p, rel=1e-12)


@pytest.mark.parametrize("n", [1, 2, 5, 8, 11])
def test_sign_test_is_the_share_of_sign_patterns_at_least_as_uneven(n):
    rng = np.random.default_rng(n)
    for _ in range(5):
        d = rng.choice([-1.0, 1.0], size=n)
        seen = min(np.sum(d > 0), np.sum(d < 0))
        patterns = list(itertools.product([0, 1], repeat=n))
        extreme = sum(min(sum(s), n - sum(s)) <= seen for s in patterns)
        assert sign_test(d) == pytest.approx(extreme / 2**n)


@pytest.mark.parametrize(
    "q, df, t",
    [  # from printed tables of Student's t
        (0.975, 1, 12.706205),
        (0.975, 4, 2.776445),
        (0.975, 19, 2.093024),
        (0.995, 9, 3.249836),
        (0.95, 30, 1.697261),
        (0.975, 1000, 1.962339),
        (0.5, 7, 0.0),
    ],
)
def test_t_quantile_matches_the_tables(q, df, t):
    assert t_quantile(q, df) == pytest.approx(t, abs=2e-6)


@pytest.mark.parametrize("q, df", [(0.4, 5), (1.0, 5), (0.975, 0)])
def test_t_quantile_refuses_what_it_cannot_compute(q, df):
    with pytest.raises(ValueError, match="need q"):
        t_quantile(q, df)


def test_compare_gives_the_t_interval_of_a_known_case():
    c = compare([0, 0, 0, 0, 0], [1, 2, 3, 4, 5])
    half = 2.776445 * math.sqrt(2.5) / math.sqrt(5)
    assert (c.n, c.mean, c.wins, c.losses, c.ties) == (5, 3.0, 5, 0, 0)
    assert (c.low, c.high) == pytest.approx((3 - half, 3 + half), abs=1e-5)
    assert c.p_sign == pytest.approx(0.0625)


def test_one_seed_gives_no_interval_and_a_bad_confidence_is_refused():
    c = compare([0.5], [0.6])
    assert c.low == -math.inf and c.high == math.inf
    with pytest.raises(ValueError, match="confidence"):
        compare([0.5], [0.6], confidence=1.0)


def test_the_95_interval_covers_the_true_mean_difference_95_times_in_100():
    rng = np.random.default_rng(0)
    trials, covered = 1000, 0
    for _ in range(trials):
        before = rng.normal(0.6, 0.05, size=10)
        after = before + rng.normal(0.02, 0.03, size=10)  # true mean difference 0.02
        c = compare(before, after)
        covered += c.low <= 0.02 <= c.high
    # binomial standard error of the coverage: sqrt(0.95 * 0.05 / 1000) = 0.0069; 3 of them
    assert abs(covered / trials - 0.95) < 0.021


def test_describe_says_higher_only_when_the_interval_excludes_zero():
    every = describe(compare([0.5] * 5, [0.6, 0.62, 0.58, 0.61, 0.59]))
    assert every.startswith("is higher on every one of the 5 seeds (mean difference +10.0 points")
    lower = describe(compare([0.6, 0.62, 0.58, 0.61, 0.59, 0.5], [0.5] * 5 + [0.51]))
    assert lower.startswith("is lower on 5 of the 6 seeds, higher on 1 (mean difference -8.2 points")
    tied = describe(compare([0.5] * 6, [0.6, 0.62, 0.58, 0.61, 0.5, 0.5]))
    assert tied.startswith("is higher on 4 of the 6 seeds, lower on none, equal on 2 (mean difference")
    # The Overfitting page's five seeds at rate 0.5 (issue 23): a tie, and an interval over zero.
    noise = describe(compare([0, 0, 0, 0, 0], [0.021, 0.029, 0, 0.007, 0.043]))
    assert noise.startswith("differs by an amount that cannot be told from noise (mean difference +2.0 points")
    assert "which includes zero; higher on 4 of the 5 seeds, lower on none, equal on 1; sign test p = 0.12" in noise


def test_describe_never_writes_minus_zero():
    tiny = describe(compare([0.5, 0.5, 0.5], [0.4996, 0.5, 0.5]))
    assert "mean difference +0.0 points" in tiny and "-0.0" not in tiny


def test_describe_takes_a_scale_unit_and_digits_for_other_measures():
    loss = describe(compare([0.40, 0.42, 0.41], [0.35, 0.36, 0.37]), scale=1, unit="", digits=3)
    assert loss.startswith("is lower on every one of the 3 seeds (mean difference -0.050, ")
