"""The figures of docs/survey_bias.md draw the runs over the seeds; the numbers and the claims
the page states are the code's, in the direction the page says."""

import numpy as np
import pytest
from snippets.paired import compare, describe
from snippets.survey_bias import KEYS, SEEDS, STRENGTHS, draw_people, gaps, survey_run
from snippets.survey_bias_figures import (
    FACTORS,
    FIGURES,
    SLIDERS,
    funnel_alt,
    numbers,
    remedy_runs,
    runs_at,
    scaled,
    step_runs,
)

from tests.conftest import cached_experiments


@pytest.fixture(scope="module", autouse=True)
def _cached():
    with cached_experiments("snippets.survey_bias_figures"):
        yield


@pytest.fixture(scope="module")
def values():
    return numbers()


def test_scaled_multiplies_the_strengths_and_keeps_one_step_alone():
    assert scaled(2.0) == tuple(2 * s for s in STRENGTHS)
    assert scaled(1.0, 1) == (0.0, STRENGTHS[1], 0.0)


def test_the_flattered_figure_joins_each_populations_two_scores():
    r = runs_at()
    left, right = FIGURES["survey-bias-flattered"]("light").axes
    joins = [line for line in left.lines if len(line.get_xdata()) == 2][: len(SEEDS)]
    np.testing.assert_allclose([line.get_ydata()[0] for line in joins], 100 * r["held_out"])
    np.testing.assert_allclose([line.get_ydata()[1] for line in joins], 100 * r["population"])
    dots = [c.get_offsets()[:, 1] for c in right.collections]
    for drawn, key in zip(dots, ("likes_2", "forecast", "truth"), strict=True):
        np.testing.assert_allclose(drawn, 100 * r[key])


@pytest.mark.parametrize("strength", SLIDERS["survey-bias-funnel"].values)
def test_every_funnel_frame_draws_its_shares_and_says_them(strength):
    r = runs_at(strength)
    left, right = FIGURES["survey-bias-funnel"]("light", strength=strength).axes
    heights = [bar.get_height() for bar in left.patches]
    keys = ("truth", "likes_0", "likes_1", "likes_2")
    np.testing.assert_allclose(heights, [100 * r[k].mean() for k in keys])
    alt = funnel_alt(strength)
    assert f"{r['held_out'].mean():.1%} on held-out answers" in alt
    assert f"{r['likes_2'].mean():.0%} of those who answered" in alt


def test_the_sentence_beside_the_slider_holds_at_every_frame():
    """Each step passes on more likers as the strength grows; from half John's strength on,
    the gap grows; at strength 0 the two scores agree within 1 point on average."""
    frames = SLIDERS["survey-bias-funnel"].values
    runs = [runs_at(f) for f in frames]
    for key in ("likes_0", "likes_1", "likes_2"):
        shares = [r[key].mean() for r in runs]
        assert all(a < b for a, b in zip(shares, shares[1:], strict=False)), key
    gap = [(r["held_out"] - r["population"]).mean() for r in runs]
    assert abs(gap[0]) < 0.01
    assert all(a < b for a, b in zip(gap[1:], gap[2:], strict=False))


def test_the_steps_figure_draws_the_mean_gap_of_each_step():
    g = step_runs()
    left, middle, right = FIGURES["survey-bias-steps"]("light").axes
    for ax, suffix in ((left, ""), (middle, "_forecast")):
        means = [line.get_ydata() for line in ax.lines if len(line.get_xdata()) == len(FACTORS)]
        for drawn, key in zip(means, (*KEYS, "all"), strict=True):
            np.testing.assert_allclose(drawn, 100 * g[key + suffix].mean(axis=0))
    np.testing.assert_allclose(
        g["all"][:, FACTORS.index(1.0)], gaps([survey_run(s) for s in SEEDS])
    )


def test_the_remedies_figure_draws_the_errors_of_each_estimate():
    m = remedy_runs()
    left, right = FIGURES["survey-bias-remedies"]("light").axes
    first = left.collections[0].get_offsets()[:, 1]
    np.testing.assert_allclose(first, 100 * (m["reweighted_theater_survey"] - m["truth"]))
    np.testing.assert_allclose(m["truth"], [draw_people(s).likes.mean() for s in SEEDS])


def test_the_page_claims_go_the_way_it_says(values):
    r = runs_at()
    g = step_runs()
    c = compare(r["population"], r["held_out"])
    assert c.n == len(SEEDS) and c.low > 0 and values["claim_gap"] == describe(c)
    for key in KEYS:  # turning any step off narrows the gap
        off = compare(gaps([survey_run(s) for s in SEEDS]), g[f"off_{key}"])
        assert off.high < 0 and values[f"claim_off_{key}"] == describe(off)
    assert values["population"] < values["constant"]  # worse than "nobody will like it"
    assert values["forecast"] > 0.5 > values["truth"]


def test_what_the_page_says_of_each_step(values):
    # theater: the held-out score is too modest, the forecast barely moves
    assert values["alone_theater"] < 0 and abs(values["alone_theater_forecast"]) < 1.5
    # middle rows: a small accuracy gap, a large forecast error
    assert abs(values["alone_middle"]) < values["alone_middle_forecast"] / 3
    assert values["alone_answers"] > 0 and values["alone_answers_forecast"] > 10
    # together: a far wider gap than the sum of the gaps alone
    assert values["gap"] > 3 * values["alone_sum"]


def test_the_remedies_work_where_the_page_says_and_not_elsewhere(values):
    from snippets.survey_bias import remedy_comparisons

    found = remedy_comparisons(SEEDS)
    theater = found["reweighted_theater"]
    assert theater.low < 0 < theater.high  # the truth, within noise
    assert found["reweighted_unreached"].low > 0 and found["reweighted_all"].low > 0
    assert found["random"].high < 0 and found["everyone"].high < 0
    for name, c in found.items():
        assert c.n == len(SEEDS) and values[f"claim_{name}"] == describe(c)
    assert values["reweighted_theater_effective"] < values["reweighted_theater_answers"]
    assert values["inflation"] > 1
    assert abs(values["everyone_forecast"] - values["truth"]) < 0.015
    assert values["everyone_share"] > values["truth"] + 0.04  # the theater step remains
    assert values["sample_accuracy_400"] > values["population"] + 0.1
    assert values["sample_error_400"] < values["sample_error_100"]
    # John's survey in the remedies figure is the survey of the other figures
    assert values["reweighted_all_survey"] == pytest.approx(values["survey_share"])
