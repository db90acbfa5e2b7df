"""Real handwriting: the UCI digits, noisy labels, the network trained on them.

The network and its gradients are the Overfitting article's
(``snippets.overfitting``), with the Dropout article's mask.
"""

# The page shows these sections of the Dropout and Overfitting articles.
from snippets.dropout import check_rate  # noqa: I001
from snippets.overfitting import (
    accuracy,
    forward,
    init_params,
    loss_and_gradients,
)
from snippets.paired import Comparison, compare

# --8<-- [start:data]
import hashlib
import numbers
from pathlib import Path
from typing import NamedTuple

import numpy as np

DIGITS_FILE = "digits.csv.gz"  # 1,797 rows: 64 pixels (0 to 16), a label
DIGITS_SHA256 = (
    "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
)
WHERE_TO_GET_IT = (
    "download digits.csv.gz from the article's 'Run it yourself' box, or "
    "take sklearn/datasets/data/digits.csv.gz out of a scikit-learn wheel "
    "(pip download scikit-learn --no-deps; a wheel is a zip file)"
)


def digits_locations() -> list[Path]:
    """Where ``load_digits`` looks: the working directory, then ``data/``
    beside the ``snippets`` package (a repository or its download)."""
    places = [Path.cwd() / DIGITS_FILE]
    if "__file__" in globals():  # a module, not a notebook cell
        package = Path(__file__).resolve().parent
        places.append(package.parent / "data" / DIGITS_FILE)
    return places


def load_digits(
    path: str | Path | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 digits: pixels (1797, 64) in [0, 16] and labels (1797,).

    ``path`` names the file; None looks in ``digits_locations()``. Raises
    FileNotFoundError if there is no file, ValueError if it is not the one
    whose SHA-256 is ``DIGITS_SHA256``; both say where to get it.
    """
    places = digits_locations() if path is None else [Path(path)]
    found = [place for place in places if place.is_file()]
    if not found:
        names = ", ".join(str(place) for place in places)
        raise FileNotFoundError(
            f"no digits file at {names}: {WHERE_TO_GET_IT}"
        )
    data = found[0].read_bytes()
    if hashlib.sha256(data).hexdigest() != DIGITS_SHA256:
        raise ValueError(
            f"path {found[0]} is not the digits file (its SHA-256 differs): "
            + WHERE_TO_GET_IT
        )
    table = np.loadtxt(found[0], delimiter=",")
    return table[:, :-1], table[:, -1].astype(np.int64)


# --8<-- [end:data]


# --8<-- [start:noise]
def noisy_labels(
    y: np.ndarray,
    share: float,
    *,
    classes: int = 10,
    rng: np.random.Generator,
) -> np.ndarray:
    """A copy of ``y`` with ``round(share * len(y))`` labels made random.

    The labels replaced are chosen without repeats; each gets a class drawn
    uniformly from ``classes``, which may be its own (so about
    ``share * (1 - 1 / classes)`` of the labels end up wrong). ``y`` holds
    integers in [0, classes); ``share`` is in [0, 1].
    """
    if not isinstance(y, np.ndarray) or y.ndim != 1:
        raise TypeError(f"y must be a 1-D numpy array, got {y!r}")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integers, got dtype {y.dtype}")
    if y.size and not 0 <= y.min() <= y.max() < classes:
        raise ValueError(f"y must be in [0, {classes}), got {y.min()}..")
    if isinstance(share, bool) or not isinstance(share, numbers.Real):
        raise TypeError(f"share must be a number, got {share!r}")
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must be in [0, 1], got {share}")
    replaced = rng.choice(y.size, size=round(share * y.size), replace=False)
    noisy = y.copy()
    noisy[replaced] = rng.integers(0, classes, size=replaced.size)
    return noisy


# --8<-- [end:noise]


# --8<-- [start:training]
class Scores(NamedTuple):
    """Accuracy and loss on every part at the scored epochs, and weights."""

    epochs: np.ndarray  # the epochs scored, 1-based, shape (k,)
    accuracy: dict[str, np.ndarray]  # part name -> shape (k,)
    loss: dict[str, np.ndarray]  # mean cross-entropy, part -> shape (k,)
    params: dict[str, np.ndarray]  # after the last epoch


def cross_entropy(
    params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray
) -> float:
    """Mean cross-entropy of the labels ``y``, without dropout."""
    probs = forward(params, X)[1]
    return float(-np.mean(np.log(probs[np.arange(len(y)), y])))


def train_scored(
    params: dict[str, np.ndarray],
    parts: dict[str, tuple[np.ndarray, np.ndarray]],
    *,
    epochs: int,
    learning_rate: float,
    dropout_rate: float = 0.0,
    rng: np.random.Generator | int | None = None,
    every: int = 1,
) -> Scores:
    """Full-batch gradient descent on ``parts["train"]``, scored every
    ``every`` epochs (and after the last) on every part, without dropout.

    The steps are ``overfitting.train``'s; ``params`` is not modified.
    """
    if every < 1 or epochs < 1:
        raise ValueError(f"need every, epochs >= 1, got {every}, {epochs}")
    rng = np.random.default_rng(rng)
    params = {name: value.copy() for name, value in params.items()}
    scored = [e for e in range(1, epochs + 1) if e % every == 0]
    scored += [epochs] if epochs % every else []
    acc = {part: np.zeros(len(scored)) for part in parts}
    loss = {part: np.zeros(len(scored)) for part in parts}
    for epoch in range(1, epochs + 1):
        _, grads = loss_and_gradients(
            params, *parts["train"], dropout_rate=dropout_rate, rng=rng
        )
        for name in params:
            params[name] -= learning_rate * grads[name]
        if epoch in scored:
            i = scored.index(epoch)
            for part, (X, y) in parts.items():
                acc[part][i] = accuracy(params, X, y)
                loss[part][i] = cross_entropy(params, X, y)
    return Scores(np.array(scored), acc, loss, params)


def digit_parts(
    seed: int = 0,
    *,
    n_train: int = 300,
    label_noise: float = 0.0,
    path: str | None = None,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The digits, shuffled by ``seed``: 600 to "test", 500 to "validation"
    and ``n_train`` (at most 697) to "train", pixels scaled to [0, 1].

    ``label_noise`` of the training and validation labels are made random
    (you choose with the labels you have); test keeps the true ones. The
    test and validation images depend on ``seed`` only, and a smaller
    training set is the start of a larger one. ``path`` goes to
    ``load_digits``.
    """
    X, y = load_digits(path)
    if not 1 <= n_train <= len(X) - 1100:
        raise ValueError(f"n_train must be in [1, 697], got {n_train}")
    order = np.random.default_rng(seed).permutation(len(X))
    test, validation = order[:600], order[600:1100]
    train = order[1100 : 1100 + n_train]
    noise = [np.random.default_rng([seed, k]) for k in (2, 3)]
    return {
        "train": (
            X[train] / 16,
            noisy_labels(y[train], label_noise, rng=noise[0]),
        ),
        "validation": (
            X[validation] / 16,
            noisy_labels(y[validation], label_noise, rng=noise[1]),
        ),
        "test": (X[test] / 16, y[test]),
    }


def digits_run(
    seed: int = 0,
    *,
    n_train: int = 300,
    label_noise: float = 0.0,
    dropout_rate: float = 0.0,
    hidden: int = 256,
    epochs: int = 300,
    learning_rate: float = 0.5,
    every: int = 10,
) -> Scores:
    """Train the Overfitting article's network on the digits of ``seed``.

    ``seed`` fixes the split and the noise, and through a second stream
    the initial weights and the dropout masks: runs with one seed and
    other settings are pairs.
    """
    if check_rate(dropout_rate) == 1.0:
        raise ValueError(f"dropout_rate must be below 1, got {dropout_rate}")
    parts = digit_parts(seed, n_train=n_train, label_noise=label_noise)
    rng = np.random.default_rng([seed, 1])
    params = init_params((64, hidden, 10), rng)
    return train_scored(
        params,
        parts,
        epochs=epochs,
        learning_rate=learning_rate,
        dropout_rate=dropout_rate,
        rng=rng,
        every=every,
    )


# --8<-- [end:training]


# --8<-- [start:over_seeds]
from collections.abc import Sequence  # noqa: E402

SEEDS = (0, 1, 2, 3, 4)  # curves: the mean and range of these runs
PAIRED = tuple(range(10))  # settings compared seed by seed
NOISE_LEVELS = (0.0, 0.1, 0.2, 0.3, 0.4)  # share of labels made random
NOISY = 0.3  # the noisy condition of the comparisons
RATES = (0.0, 0.5, 0.8)  # dropout rates of the sweep
MORE = 600  # training images of the "more data" runs (the others: 300)


def over_seeds(seeds: Sequence[int], **settings: float) -> dict:
    """``digits_run(seed, **settings)`` for each seed, stacked: "epochs",
    and "accuracy" and "loss" as part -> array (seeds, scored epochs)."""
    runs = [digits_run(seed, **settings) for seed in seeds]
    return {
        "epochs": runs[0].epochs,
        **{
            kind: {
                part: np.array([getattr(r, kind)[part] for r in runs])
                for part in runs[0].accuracy
            }
            for kind in ("accuracy", "loss")
        },
    }


# --8<-- [end:over_seeds]


# --8<-- [start:comparisons]
def _at_chosen_epoch(accuracy: dict[str, np.ndarray]) -> np.ndarray:
    """Test accuracy of each seed at its scored epoch of best validation."""
    at = accuracy["validation"].argmax(axis=1)
    return accuracy["test"][np.arange(len(at)), at]


def subject(name: str) -> str:
    """What the comparison ``name`` of ``digits_findings`` compares, in
    words: "<other>, against <baseline>, <labels>"."""
    parts = name.split("_")
    i = parts.index("clean") if "clean" in parts else parts.index("noisy")
    kind, condition, rate = "_".join(parts[:i]), parts[i], parts[i + 1 :]
    labels = "clean labels" if condition == "clean" else f"{NOISY:.0%} random"
    at = f"rate {int(rate[0]) / 10:g}" if rate else ""
    words = {
        "gap": f"training minus validation accuracy at {at}, against none",
        "test": f"test accuracy at {at}, against no dropout",
        "best": "test accuracy at the rate chosen on validation, against "
        "no dropout",
        "early": "test accuracy at the epoch chosen on validation, against "
        "the last epoch",
        "data": f"test accuracy on {MORE} training images, against 300",
        "data_dropout": f"test accuracy on {MORE} images without dropout, "
        "against 300 at the chosen rate",
        "early_dropout": "test accuracy at rate 0.8 and the epoch chosen on "
        "validation, against no dropout at its epoch chosen on validation",
    }
    return f"{words[kind]}, {labels}"


def digits_findings(
    seeds: Sequence[int] = PAIRED,
) -> tuple[dict[str, float], dict[str, Comparison]]:
    """The page's choices and comparisons, clean ("clean") and with
    ``NOISY`` of the labels random ("noisy"), after the last epoch.

    Choices: "rate_<c>", the rate of ``RATES`` with the best mean
    validation accuracy. Comparisons, each (baseline, other): "gap_<c>_<r>"
    and "test_<c>_<r>", training minus validation accuracy and test
    accuracy, no dropout and rate r (05, 08); "best_<c>", test accuracy, no
    dropout and the chosen rate; "early_<c>", test accuracy at the last
    epoch and at the epoch chosen on validation; "data_<c>", no dropout,
    300 and ``MORE`` images; "data_dropout_<c>", the chosen rate on 300
    images and no dropout on ``MORE``; "early_dropout_<c>", test accuracy
    at the epoch chosen on validation, no dropout and rate 0.8.
    """
    chosen, found = {}, {}
    for c, noise in (("clean", 0.0), ("noisy", NOISY)):
        runs = [
            over_seeds(seeds, label_noise=noise, dropout_rate=r) for r in RATES
        ]
        last = [{p: a[:, -1] for p, a in r["accuracy"].items()} for r in runs]
        for i, rate in enumerate(RATES[1:], start=1):
            key = f"{c}_{round(rate * 10):02d}"
            gaps = [x["train"] - x["validation"] for x in (last[0], last[i])]
            found[f"gap_{key}"] = compare(*gaps)
            found[f"test_{key}"] = compare(last[0]["test"], last[i]["test"])
        best = int(np.argmax([x["validation"].mean() for x in last]))
        chosen[f"rate_{c}"] = RATES[best]
        found[f"best_{c}"] = compare(last[0]["test"], last[best]["test"])
        early = [_at_chosen_epoch(r["accuracy"]) for r in runs]
        found[f"early_{c}"] = compare(last[0]["test"], early[0])
        dropout = early[RATES.index(0.8)]
        found[f"early_dropout_{c}"] = compare(early[0], dropout)
        more = over_seeds(seeds, label_noise=noise, n_train=MORE)
        more_test = more["accuracy"]["test"][:, -1]
        found[f"data_{c}"] = compare(last[0]["test"], more_test)
        found[f"data_dropout_{c}"] = compare(last[best]["test"], more_test)
    return chosen, found


# --8<-- [end:comparisons]


# --8<-- [start:main]
def report(seeds: Sequence[int] = SEEDS) -> str:
    """Training and test accuracy after the last epoch, and test accuracy
    at the epoch validation chooses, averaged over ``seeds``."""
    lines = ["labels   dropout  training  test  test, early"]
    for noise, rate in ((0.0, 0.0), (NOISY, 0.0), (NOISY, 0.8)):
        runs = over_seeds(seeds, label_noise=noise, dropout_rate=rate)
        accuracy = runs["accuracy"]
        at = accuracy["validation"].argmax(axis=1)
        early = accuracy["test"][np.arange(len(at)), at].mean()
        train, test = accuracy["train"][:, -1], accuracy["test"][:, -1]
        lines.append(
            f"{noise:6.0%}  {rate:8g}  {train.mean():8.0%}  "
            f"{test.mean():4.0%}  {early:11.0%}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
# --8<-- [end:main]
