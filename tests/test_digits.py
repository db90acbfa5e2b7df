"""snippets/digits.py: the data file, the loader, label noise, training scored."""

import gzip
import hashlib
import shutil

import numpy as np
import pytest
from snippets import digits
from snippets.digits import (
    DIGITS_FILE,
    DIGITS_SHA256,
    _at_chosen_epoch,
    cross_entropy,
    digit_parts,
    digits_findings,
    digits_locations,
    digits_run,
    load_digits,
    noisy_labels,
    over_seeds,
    report,
    subject,
    train_scored,
)
from snippets.overfitting import init_params, train

from tests.conftest import ROOT

DATA = ROOT / "data" / DIGITS_FILE
# The class counts of the UCI test set (optdigits.tes), as its documentation lists them.
COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_the_data_file_matches_its_checksum_shape_range_and_class_counts():
    assert hashlib.sha256(DATA.read_bytes()).hexdigest() == DIGITS_SHA256
    X, y = load_digits(DATA)
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0 and X.max() == 16 and np.all(X == np.round(X))
    assert np.bincount(y).tolist() == COUNTS
    # the readme beside it gives the same checksum, the licence and the citation
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for fragment in (DIGITS_SHA256, "CC BY 4.0", "Alpaydin", "Kaynak", "10.24432/C50P49"):
        assert fragment in readme, fragment


def test_the_loader_finds_the_file_in_the_working_directory_then_beside_the_package(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    assert digits_locations() == [tmp_path / DIGITS_FILE, DATA]
    assert load_digits()[0].shape == (1797, 64)  # from data/ beside the package
    shutil.copy(DATA, tmp_path / DIGITS_FILE)
    monkeypatch.setattr(digits, "digits_locations", lambda: [tmp_path / DIGITS_FILE])
    assert np.array_equal(load_digits()[1], load_digits(DATA)[1])


def test_a_missing_file_is_refused_saying_where_to_get_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="scikit-learn wheel") as error:
        load_digits(tmp_path / "nothing.csv.gz")
    assert "nothing.csv.gz" in str(error.value)


def test_a_wrong_file_is_refused_saying_where_to_get_it(tmp_path):
    rows = gzip.decompress(DATA.read_bytes()).decode().splitlines()
    wrong = tmp_path / DIGITS_FILE
    wrong.write_bytes(gzip.compress("\n".join(rows[:-1]).encode()))  # one digit short
    with pytest.raises(ValueError, match="path .*SHA-256.*scikit-learn wheel"):
        load_digits(wrong)


def test_noisy_labels_replace_exactly_the_stated_share_with_uniform_classes():
    y = np.repeat(np.arange(10), 1000)
    noisy = noisy_labels(y, 0.3, rng=np.random.default_rng(0))
    assert noisy.dtype == y.dtype and noisy.shape == y.shape
    assert np.array_equal(y, np.repeat(np.arange(10), 1000))  # not modified
    # 3,000 labels redrawn; a redrawn label stays itself with probability 1/10, so about
    # 2,700 change: binomial(3000, 0.9) has sd 16.4, four of them is 66
    assert abs(np.sum(noisy != y) - 2700) < 66
    # every wrong label is uniform over the nine other classes (about 300 each; sd 16)
    wrong = noisy[noisy != y]
    assert np.all(np.abs(np.bincount(wrong, minlength=10) - 270) < 70)


def test_noisy_labels_at_the_edges():
    y = np.arange(10).repeat(3)
    rng = np.random.default_rng(1)
    assert np.array_equal(noisy_labels(y, 0.0, rng=rng), y)
    assert noisy_labels(y, 0.0, rng=rng) is not y
    # at share 1 every label is redrawn, and one in ten lands on its own class again
    everything = np.stack([noisy_labels(y, 1.0, rng=rng) for _ in range(400)])
    assert abs(np.mean(everything == y) - 0.1) < 0.01  # sd 0.0027
    # the count replaced is rounded: 0.05 of 30 labels is 1.5, rounded to 2 (even)
    changed = [np.sum(noisy_labels(y, 0.05, rng=rng, classes=10) != y) for _ in range(200)]
    assert max(changed) == 2


@pytest.mark.parametrize(
    ("y", "share", "error"),
    [
        (np.array([0.0, 1.0]), 0.1, TypeError),
        ([0, 1], 0.1, TypeError),
        (np.array([[0, 1]]), 0.1, TypeError),
        (np.array([0, 10]), 0.1, ValueError),
        (np.array([-1, 1]), 0.1, ValueError),
        (np.array([0, 1]), 1.5, ValueError),
        (np.array([0, 1]), -0.1, ValueError),
        (np.array([0, 1]), True, TypeError),
        (np.array([0, 1]), "0.1", TypeError),
    ],
)
def test_noisy_labels_refuse_bad_input_naming_the_argument(y, share, error):
    name = "share" if isinstance(share, (bool, str)) or not 0 <= share <= 1 else "y"
    with pytest.raises(error, match=name):
        noisy_labels(y, share, rng=np.random.default_rng(0))


def test_digit_parts_split_three_ways_with_noise_on_training_and_validation_only():
    X, y = load_digits(DATA)
    clean = digit_parts(3)
    noisy = digit_parts(3, label_noise=0.3)
    more = digit_parts(3, n_train=600)
    assert [len(clean[p][0]) for p in ("train", "validation", "test")] == [300, 500, 600]
    # the same seed: the same images everywhere, a smaller training set starts a larger one
    for part in clean:
        assert np.array_equal(clean[part][0], noisy[part][0])
    assert np.array_equal(more["train"][0][:300], clean["train"][0])
    assert np.array_equal(more["test"][0], clean["test"][0])
    # every image once, scaled to [0, 1]
    everything = digit_parts(3, n_train=697)
    seen = np.concatenate([everything[p][0] for p in everything])
    assert seen.max() == 1.0 and seen.shape == X.shape
    assert np.array_equal(np.unique(seen * 16, axis=0), np.unique(X, axis=0))
    # the test labels are the true ones; the others have about 27% wrong
    assert np.array_equal(noisy["test"][1], clean["test"][1])
    for part in ("train", "validation"):
        wrong = np.mean(noisy[part][1] != clean[part][1])
        assert 0.2 < wrong <= 0.3, (part, wrong)
    with pytest.raises(ValueError, match="n_train"):
        digit_parts(0, n_train=698)


def test_train_scored_takes_the_steps_of_the_overfitting_train_and_keeps_its_input():
    # a reference: scored every epoch, the accuracy is exactly train's, dropout included
    parts = digit_parts(0, n_train=60, label_noise=0.2)
    params = init_params((64, 32, 10), np.random.default_rng(5))
    before = {k: v.copy() for k, v in params.items()}
    ours = train_scored(
        params, parts, epochs=30, learning_rate=0.5, dropout_rate=0.5, rng=7
    )
    for name in params:
        assert np.array_equal(params[name], before[name])
    theirs = train(params, parts, epochs=30, learning_rate=0.5, dropout_rate=0.5, rng=7)
    for part in parts:
        assert np.array_equal(ours.accuracy[part], theirs.accuracy[part])
    for name in params:
        assert np.allclose(ours.params[name], theirs.params[name])
    assert np.array_equal(ours.epochs, np.arange(1, 31))
    # scored every 7th epoch: the same runs at those epochs, and the last one
    sparse = train_scored(
        before, parts, epochs=30, learning_rate=0.5, dropout_rate=0.5, rng=7, every=7
    )
    assert sparse.epochs.tolist() == [7, 14, 21, 28, 30]
    for part in parts:
        assert np.array_equal(sparse.accuracy[part], ours.accuracy[part][sparse.epochs - 1])
        assert np.allclose(sparse.loss[part], ours.loss[part][sparse.epochs - 1])
    assert np.isclose(sparse.loss["test"][-1], cross_entropy(sparse.params, *parts["test"]))
    with pytest.raises(ValueError, match="every"):
        train_scored(before, parts, epochs=3, learning_rate=0.5, every=0)


def test_cross_entropy_of_uniform_predictions_is_log_of_the_classes():
    params = init_params((64, 8, 10), np.random.default_rng(0))
    params = {**params, "W2": np.zeros_like(params["W2"])}
    X, y = digit_parts(0)["test"]
    assert np.isclose(cross_entropy(params, X, y), np.log(10))


def test_digits_run_is_paired_by_seed_and_refuses_a_rate_of_one():
    short = {"epochs": 20, "hidden": 32, "n_train": 100}
    a = digits_run(2, **short)
    b = digits_run(2, **short)
    assert all(np.array_equal(a.accuracy[p], b.accuracy[p]) for p in a.accuracy)
    c = digits_run(3, **short)
    assert not np.array_equal(a.accuracy["test"], c.accuracy["test"])
    assert a.epochs.tolist() == [10, 20]
    with pytest.raises(ValueError, match="dropout_rate"):
        digits_run(0, dropout_rate=1.0)
    with pytest.raises(TypeError, match="rate"):
        digits_run(0, dropout_rate="0.5")


def test_over_seeds_stacks_the_runs_seed_by_seed():
    short = {"epochs": 20, "hidden": 16, "n_train": 50}
    runs = over_seeds((0, 1), **short)
    assert runs["epochs"].tolist() == [10, 20]
    assert runs["accuracy"]["test"].shape == (2, 2)
    assert np.array_equal(runs["loss"]["train"][1], digits_run(1, **short).loss["train"])


def test_findings_and_report_are_made_from_the_runs(monkeypatch):
    # the real runs are the build's (tests/test_digits_figures.py); here, small ones
    real = digits.digits_run
    monkeypatch.setattr(
        digits, "digits_run", lambda seed, **s: real(seed, **s, epochs=20, hidden=16)
    )
    chosen, found = digits_findings((0, 1, 2))
    assert set(chosen) == {"rate_clean", "rate_noisy"}
    assert all(chosen[k] in digits.RATES for k in chosen)
    keys = {
        f"{k}_{c}"
        for k in ("best", "early", "data", "data_dropout", "early_dropout")
        for c in ("clean", "noisy")
    }
    keys |= {f"{k}_{c}_{r}" for k in ("gap", "test") for c in ("clean", "noisy") for r in ("05", "08")}
    assert set(found) == keys and all(c.n == 3 for c in found.values())
    lines = report((0, 1)).splitlines()
    assert lines[0].split()[0] == "labels" and len(lines) == 4
    assert lines[2].split()[:2] == ["30%", "0"] and lines[3].split()[:2] == ["30%", "0.8"]


def test_each_comparison_says_what_it_compares_against_what():
    names = ["gap_clean_05", "test_noisy_08", "best_clean", "early_noisy", "data_clean"]
    names += ["data_dropout_noisy", "early_dropout_clean"]
    said = {name: subject(name) for name in names}
    assert said["gap_clean_05"] == (
        "training minus validation accuracy at rate 0.5, against none, clean labels"
    )
    assert said["test_noisy_08"] == "test accuracy at rate 0.8, against no dropout, 30% random"
    assert said["data_dropout_noisy"].startswith("test accuracy on 600 images without dropout")
    assert all(", against " in text for text in said.values())


def test_the_chosen_epochs_test_score_is_read_at_each_seeds_best_validation_epoch():
    accuracy = {
        "validation": np.array([[0.1, 0.5, 0.5], [0.9, 0.2, 0.3]]),
        "test": np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
    }
    # One value per seed (row); of tied best epochs, the first (as early stopping keeps it).
    assert _at_chosen_epoch(accuracy).tolist() == [2.0, 4.0]


def test_the_page_states_the_widths_the_runs_use():
    # docs/digits.md: "one hidden layer of tanh units (256 of them here, where the made-up data
    # used 128)": the defaults of digits_run and of the Overfitting article's training_curves.
    import inspect

    from snippets.overfitting import training_curves

    here = inspect.signature(digits.digits_run).parameters["hidden"].default
    made_up = inspect.signature(training_curves).parameters["hidden"].default
    text = " ".join((ROOT / "docs" / "digits.md").read_text(encoding="utf-8").split())
    assert f"({here} of them here, where the made-up data used {made_up})" in text
