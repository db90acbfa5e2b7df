"""The digits figures draw the data they claim to draw, and the page's claims hold over the
seeds (read from the build's cache of the runs)."""

import numpy as np
import pytest
from snippets.digits import (
    MORE,
    NOISY,
    PAIRED,
    RATES,
    SEEDS,
    digit_parts,
    digits_findings,
    over_seeds,
)
from snippets.digits_figures import (
    DIFFERENCES,
    SLIDERS,
    _seed_differences,
    curves_alt,
    curves_figure,
    differences_figure,
    dropout_figure,
    mistakes,
    mistakes_figure,
    numbers,
    perfect_reader,
    samples,
    samples_figure,
)
from snippets.paired import compare, describe

from tests.conftest import cached_experiments


@pytest.fixture(scope="module", autouse=True)
def _cached():
    with cached_experiments("snippets.digits_figures"):
        yield


@pytest.fixture(scope="module")
def values(_cached):
    return numbers()


@pytest.fixture(scope="module")
def found(_cached):
    return digits_findings()[1]


def test_the_samples_are_two_of_each_digit_drawn_with_their_ink():
    images, labels = samples()
    assert labels.tolist() == list(range(10)) * 2
    (ax,) = samples_figure().axes
    # one path per grey level, together one square per pixel with ink
    squares = sum(len(p.get_path().vertices) // 4 for p in ax.patches)
    assert squares == np.count_nonzero(images)
    alphas = sorted(p.get_alpha() for p in ax.patches)
    assert alphas[-1] == 1.0 and all(0 < a <= 1 for a in alphas)


def test_the_mistakes_are_the_test_digits_the_network_gets_wrong(values):
    images, true, predicted = mistakes()
    assert len(true) == values["wrong"] > 0 and np.all(true != predicted)
    X, y = digit_parts(0)["test"]
    assert all(any(np.array_equal(16 * row, image) for row in X[y == t]) for image, t in zip(images[:5], true[:5], strict=True))
    (ax,) = mistakes_figure().axes
    shown = [text.get_text() for text in ax.texts]
    assert shown == [f"{t} → {p}" for t, p in zip(true[:20], predicted[:20], strict=True)]
    assert ax.get_title().startswith(f"{len(true)} of 600 test digits wrong")


@pytest.mark.parametrize("noise", SLIDERS["digits-curves"].values)
def test_each_curves_frame_shows_the_mean_over_the_seeds_and_its_alt_says_so(noise):
    runs = over_seeds(SEEDS, label_noise=noise)
    accuracy_ax, loss_ax = curves_figure(label_noise=noise).axes
    for line, part in zip(accuracy_ax.lines, ("train", "validation", "test"), strict=True):
        np.testing.assert_allclose(line.get_ydata(), 100 * runs["accuracy"][part].mean(axis=0))
        np.testing.assert_array_equal(line.get_xdata(), runs["epochs"])
    for line, part in zip(loss_ax.lines, ("train", "validation", "test"), strict=True):
        np.testing.assert_allclose(line.get_ydata(), runs["loss"][part].mean(axis=0))
    test = runs["accuracy"]["test"].mean(axis=0)
    alt = curves_alt(noise)
    assert f"peaks at {test.max():.0%} and ends at {test[-1]:.0%}" in alt
    assert f"{noise:.0%} of the training and validation labels random" in alt
    # the slider's sentence: training accuracy is above validation accuracy at every frame
    assert runs["accuracy"]["train"][:, -1].mean() > runs["accuracy"]["validation"][:, -1].mean()


def test_the_dropout_figure_shows_the_gap_and_test_accuracy_of_each_rate():
    gap_ax, test_ax = dropout_figure().axes
    for k, noise in enumerate((0.0, NOISY)):
        runs = [over_seeds(PAIRED, label_noise=noise, dropout_rate=r)["accuracy"] for r in RATES]
        gap = [100 * (r["train"][:, -1] - r["validation"][:, -1]).mean() for r in runs]
        test = [100 * r["test"][:, -1].mean() for r in runs]
        np.testing.assert_allclose(gap_ax.lines[k].get_ydata(), gap)
        np.testing.assert_allclose(test_ax.lines[k].get_ydata(), test)


def test_the_differences_figure_shows_each_seed_and_the_interval(found):
    axes = differences_figure().axes
    for ax, condition in zip(axes, ("clean", "noisy"), strict=True):
        for row, (_, name) in enumerate(DIFFERENCES):
            c = found[name.format(condition)]
            band, dots, mean = ax.lines[3 * row : 3 * row + 3]
            np.testing.assert_allclose(band.get_xdata(), [100 * c.low, 100 * c.high])
            differences = _seed_differences(name, condition)
            np.testing.assert_allclose(dots.get_xdata(), 100 * differences)
            assert mean.get_xdata()[0] == pytest.approx(100 * differences.mean())
            assert len(differences) == len(PAIRED)


def test_on_clean_labels_dropout_and_early_stopping_cannot_be_told_from_noise(values, found):
    for name in ("test_clean_05", "test_clean_08", "gap_clean_08", "best_clean", "early_clean"):
        c = found[name]
        assert c.n == len(PAIRED) and c.low <= 0 <= c.high, name
        assert values[f"claim_{name}"] == describe(c)
    # a plateau, not a fall: test accuracy ends within a point of its peak; the
    # validation loss ends within 0.02 of its lowest
    assert values["train_clean"] == 1.0
    assert values["peak_clean"] - values["last_clean"] < 0.01
    assert values["loss_last_clean"] - values["loss_low_clean"] < 0.02


def test_on_noisy_labels_accuracy_falls_and_dropout_and_early_stopping_help(values, found):
    for name in ("test_noisy_05", "test_noisy_08", "best_noisy", "early_noisy"):
        c = found[name]
        assert c.n == len(PAIRED) and c.low > 0, name
        assert values[f"claim_{name}"] == describe(c)
    gap = found["gap_noisy_08"]
    assert gap.high < 0 and values["claim_gap_noisy_08"] == describe(gap)
    assert values["peak_noisy"] - values["last_noisy"] > 0.1
    assert values["peak_epoch_noisy"] <= 60  # "peaks early"
    # training accuracy against the wrong labels beats reading every digit right
    assert values["train_noisy"] > values["reader_noisy"]
    assert values["reader_noisy"] == pytest.approx(np.mean([perfect_reader(s) for s in SEEDS]))
    assert 0.7 < values["reader_noisy"] < 0.76  # about 27% of the labels are wrong
    # the validation loss turns up
    assert values["loss_last_noisy"] > values["loss_low_noisy"] + 0.3
    assert values["loss_low_epoch_noisy"] <= 60


def test_more_data_beats_the_chosen_dropout_rate_on_clean_and_noisy_labels(values, found):
    for name in ("data_clean", "data_noisy", "data_dropout_clean", "data_dropout_noisy"):
        c = found[name]
        assert c.n == len(PAIRED) and c.low > 0, name
        assert values[f"claim_{name}"] == describe(c)
    assert values["more"] == MORE


def test_the_chosen_rates_are_the_best_on_validation_and_judged_on_test(values, found):
    for condition, noise in (("clean", 0.0), ("noisy", NOISY)):
        validation = [
            over_seeds(PAIRED, label_noise=noise, dropout_rate=r)["accuracy"]["validation"][:, -1].mean()
            for r in RATES
        ]
        rate = RATES[int(np.argmax(validation))]
        assert values[f"rate_{condition}"] == rate
        none, chosen = (
            over_seeds(PAIRED, label_noise=noise, dropout_rate=r)["accuracy"]["test"][:, -1]
            for r in (0.0, rate)
        )
        assert found[f"best_{condition}"] == compare(none, chosen)
