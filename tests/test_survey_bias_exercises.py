"""The exercises of docs/survey_bias.md: each solution's claim holds, and numbers() says what
the solutions print."""

import numpy as np
from snippets.survey_bias import STRENGTHS, draw_people
from snippets.survey_bias_exercises import (
    bigger_report,
    episode_shares,
    numbers,
    shares_check_report,
    shares_distance,
    split_shares,
    split_shares_report,
)


def test_a_five_times_bigger_survey_keeps_the_gap():
    one, five = (line.split() for line in bigger_report().splitlines()[1:])
    assert 4 < float(five[1]) / float(one[1]) < 6  # five times the answers
    gap_one, gap_five = float(one[-1]), float(five[-1])
    assert gap_one > 20 and gap_five > 20 and abs(gap_five - gap_one) < 5


def test_episode_shares_sum_to_one_and_the_distance_is_zero_for_the_same_shares():
    people = draw_people(0, 1000)
    shares = episode_shares(people.episodes)
    assert shares.shape == (10,) and np.isclose(shares.sum(), 1)
    np.testing.assert_allclose(episode_shares(np.array([0, 0, 9, 9])), [0.5] + [0] * 8 + [0.5])


def test_the_shares_check_catches_the_theater_and_barely_the_others():
    lines = dict(line.rsplit(maxsplit=1) for line in shares_check_report().splitlines())
    d = {name.strip(): float(v) for name, v in lines.items()}
    noise = d["no selection"]
    assert d["theater only"] > 5 * noise
    assert d["middle rows only"] < 1.5 * noise  # hype is invisible in episode shares
    assert d["answers only"] < d["theater only"] / 3
    assert shares_distance(0, (STRENGTHS[0], 0.0, 0.0)) > shares_distance(0, (0.0, 0.0, 0.0))


def test_a_split_of_the_survey_has_the_surveys_share_not_the_populations():
    for seed in range(5):
        s = split_shares(seed)
        assert abs(s["training answers"] - s["held-out answers"]) < 0.06
        assert min(s["training answers"], s["held-out answers"]) > s["population"] + 0.3
    assert len(split_shares_report().splitlines()) == 6


def test_numbers_are_what_the_solutions_print():
    assert numbers() == {
        "bigger": bigger_report(),
        "shares_check": shares_check_report(),
        "split_shares": split_shares_report(),
    }
