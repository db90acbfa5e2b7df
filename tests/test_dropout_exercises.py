"""Behaviour of snippets/dropout_exercises.py: each solution's claim holds, and numbers() says
what the solutions print."""

import numpy as np
import pytest
from snippets.dropout import dropout_fast
from snippets.dropout_exercises import (
    byte_threshold,
    byte_threshold_report,
    dropped_share,
    dropped_share_report,
    numbers,
    output_spread,
    output_spread_report,
    row_dropout,
    row_dropout_report,
)


def test_dropped_share_scatters_around_the_rate_by_the_binomial_standard_error():
    shares = dropped_share(10_000, 0.3, seeds=400)
    predicted = np.sqrt(0.3 * 0.7 / 10_000)
    # 400 seeds: the mean is within 4 standard errors of the mean, the spread within 15%.
    assert abs(shares.mean() - 0.3) < 4 * predicted / np.sqrt(400)
    assert shares.std() == pytest.approx(predicted, rel=0.15)


def test_dropped_share_report_shows_ten_seeds_and_the_prediction():
    report = dropped_share_report()
    shares = dropped_share(10_000, 0.3)
    assert report.splitlines()[0] == "dropped: " + " ".join(f"{s:.4f}" for s in shares)
    assert "predicted sqrt(rate * (1 - rate) / n) = 0.0046" in report


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_output_spread_is_the_square_root_of_the_variance_formula(rate):
    # A million draws: the standard deviation is known to well under 1%.
    assert output_spread(rate) == pytest.approx(np.sqrt(rate / (1 - rate)), rel=0.01)


def test_output_spread_report_has_one_line_per_rate():
    lines = output_spread_report().splitlines()
    assert [line.split(":")[0] for line in lines] == ["rate 0.2", "rate 0.5", "rate 0.8"]
    assert lines[1].endswith(f"standard deviation {output_spread(0.5):.4f}, predicted 1.0000")


def test_row_dropout_keeps_or_drops_whole_rows_and_keeps_the_mean():
    x = np.arange(1, 1 + 20_000 * 4, dtype=np.float32).reshape(20_000, 4)
    y = row_dropout(x, 0.25, rng=1)
    gone = np.all(y == 0.0, axis=1)
    np.testing.assert_allclose(y[~gone], x[~gone] / 0.75, rtol=1e-6)
    assert gone.mean() == pytest.approx(0.25, abs=4 * np.sqrt(0.25 * 0.75 / 20_000))
    assert y.shape == x.shape and y.dtype == x.dtype
    assert x[0, 0] == 1.0  # the input is left alone


def test_row_dropout_report_says_no_row_is_partly_dropped():
    report = row_dropout_report()
    assert "rows partly dropped: 0\n" in report
    mean = float(report.rsplit("mean output ", 1)[1].split()[0])
    assert mean == pytest.approx(1.0, abs=4 * np.sqrt(1 / 100_000))


@pytest.mark.parametrize(
    ("rate", "t", "f"), [(0.5, 128, 0.0), (0.3, 76, 0.8), (0.25, 64, 0.0), (1 / 512, 0, 0.5)]
)
def test_byte_threshold_splits_256_times_the_rate(rate, t, f):
    assert byte_threshold(rate) == (t, pytest.approx(f))


def test_byte_threshold_alone_falls_short_of_03_and_dropout_fast_does_not():
    report = byte_threshold_report()
    below = float(report.splitlines()[1].rsplit(" ", 1)[1].rstrip("%")) / 100
    n = 10_000_000
    assert below == pytest.approx(76 / 256, abs=4 * np.sqrt(0.3 * 0.7 / n))
    assert abs(below - 0.3) > 10 * np.sqrt(0.3 * 0.7 / n)  # short of the rate: far beyond noise
    dropped = np.mean(dropout_fast(np.ones(n, dtype=np.float32), 0.3, rng=0) == 0.0)
    assert dropped == pytest.approx(0.3, abs=4 * np.sqrt(0.3 * 0.7 / n))


def test_numbers_are_what_the_solutions_print():
    values = numbers()
    assert values["dropped_share"] == dropped_share_report()
    assert values["output_spread"] == output_spread_report()
    assert values["row_dropout"] == row_dropout_report()
    assert values["byte_threshold"] == byte_threshold_report()
    assert (values["t_03"], values["floor_share_03"]) == (76, 76 / 256)
    assert values["f_03"] == pytest.approx(0.8)
    assert values["standard_error"] == pytest.approx(np.sqrt(0.21 / 10_000))
