"""Validation data wears out: the best of k, how fast, and what to do."""

# The comparisons section compares seed by seed (the Measuring page).
from snippets.paired import Comparison, compare  # noqa: I001

# --8<-- [start:data]
import math
import numbers
from collections.abc import Sequence

import numpy as np

SEEDS = (0, 1, 2, 3, 4)  # the site's seeds, as snippets.dropout_experiments


def whole(
    value: object, name: str, high: int | None = None, low: int = 1
) -> int:
    """``value`` as an int in [low, high] (no upper bound if ``high`` is None).

    Numpy integers are accepted. Raises TypeError for anything that is not
    an integer (bool included) and ValueError for one out of range.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value < low or (high is not None and value > high):
        span = (
            "a positive int" if high is None else f"an int in [{low}, {high}]"
        )
        raise ValueError(f"{name} must be {span}, got {value!r}")
    return int(value)


def labelled_data(
    n: int,
    *,
    features: int = 20,
    signal: float = 0.0,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points: X (n, features) standard normal, y (n,) in {0, 1}.

    y is 1 when ``signal * X[:, 0]`` plus standard normal noise is above 0:
    with ``signal = 0`` the labels are fair coin flips, unrelated to X.
    """
    n, features = whole(n, "n"), whole(features, "features")
    X = rng.normal(size=(n, features))
    y = (signal * X[:, 0] + rng.normal(size=n) > 0).astype(int)
    return X, y


def true_accuracy(W: np.ndarray, signal: float = 0.0) -> np.ndarray:
    """Exact accuracy on fresh data of each rule "1 when x @ w > 0".

    One rule per row of W.

    The two signs agree unless a random direction falls between w and the
    label's direction: accuracy is 1 - angle / pi. With no signal, 0.5.
    """
    cosine = (
        signal * W[:, 0] / (np.linalg.norm(W, axis=1) * math.hypot(signal, 1))
    )
    return 1.0 - np.arccos(np.clip(cosine, -1.0, 1.0)) / np.pi


# --8<-- [end:data]


# --8<-- [start:candidates]
def random_subsets(
    k: int, features: int, subset: int, rng: np.random.Generator
) -> np.ndarray:
    """``k`` random sets of ``subset`` feature indices, shape (k, subset)."""
    k, subset = whole(k, "k"), whole(subset, "subset", features)
    return np.argsort(rng.random((k, features)), axis=1)[:, :subset]


def fit_candidates(
    X: np.ndarray, y: np.ndarray, subsets: np.ndarray
) -> np.ndarray:
    """One least-squares rule per row of ``subsets``, fitted on (X, y).

    Returns W (k, features), zero on the features a rule leaves out.
    """
    XS = np.moveaxis(X[:, subsets], 1, 0)  # (k, n, subset)
    XT = np.swapaxes(XS, 1, 2)
    w = np.linalg.solve(XT @ XS, XT @ (2.0 * y - 1.0)[:, None])[..., 0]
    W = np.zeros((len(subsets), X.shape[1]))
    np.put_along_axis(W, subsets, w, axis=1)
    return W


def accuracies(W: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Share of the points (X, y) each rule (row of W) gets right: (k,)."""
    return np.mean((X @ W.T > 0) == (y[:, None] == 1), axis=0)


def train_candidates(
    k: int,
    rng: np.random.Generator,
    *,
    n_train: int = 200,
    subset: int = 5,
    signal: float = 0.0,
) -> np.ndarray:
    """Draw ``n_train`` training points, fit ``k`` rules on random subsets."""
    X, y = labelled_data(n_train, signal=signal, rng=rng)
    return fit_candidates(X, y, random_subsets(k, X.shape[1], subset, rng))


# --8<-- [end:candidates]


# --8<-- [start:best_of_k]
def winners(scores: np.ndarray, ks: Sequence[int]) -> np.ndarray:
    """Index of the best of the first k scores, for each k in ``ks``."""
    if len(ks) == 0 or any(not 1 <= k <= len(scores) for k in ks):
        raise ValueError(f"ks must be in [1, {len(scores)}], got {list(ks)}")
    return np.array([int(np.argmax(scores[:k])) for k in ks])


def best_of_k(
    ks: Sequence[int],
    seed: int,
    *,
    n_val: int = 200,
    signal: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Fit max(ks) candidates, keep the best of the first k by validation.

    Returns the winner's validation accuracy and its exact accuracy on
    fresh data, one of each per k in ``ks``.
    """
    rng = np.random.default_rng(seed)
    W = train_candidates(max(ks), rng, signal=signal)
    val = accuracies(W, *labelled_data(n_val, signal=signal, rng=rng))
    best = winners(val, ks)
    return val[best], true_accuracy(W, signal)[best]


# --8<-- [end:best_of_k]


# --8<-- [start:bound]
def selection_bound(k: int, n: int, p: float = 0.5) -> float:
    """sqrt(2 ln k) standard errors sqrt(p (1 - p) / n): about the most the
    best of k estimates from n points each exceeds the truth on average."""
    k, n = whole(k, "k"), whole(n, "n")
    return math.sqrt(2 * math.log(k)) * math.sqrt(p * (1 - p) / n)


def expected_best_independent(k: int, n: int, p: float = 0.5) -> float:
    """Exact expected excess over p of the best of k independent
    Binomial(n, p) / n estimates."""
    x = np.arange(n + 1)
    log_choose = np.array(
        [
            math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1)
            for i in x
        ]
    )
    pmf = np.exp(log_choose + x * math.log(p) + (n - x) * math.log1p(-p))
    at_most = np.minimum(np.cumsum(pmf), 1.0)
    below = np.concatenate([[0.0], at_most[:-1]])
    return float(np.sum(x / n * (at_most**k - below**k)) - p)


def selection_gaps(
    ks: Sequence[int],
    seed: int,
    *,
    n_val: int = 200,
    trials: int = 20,
    independent: bool = False,
) -> np.ndarray:
    """Winner's validation minus true accuracy per k, mean of ``trials``.

    ``independent``: each candidate is scored on validation data of its
    own (then its count right is Binomial(n_val, truth)), not on one set.
    """
    gaps = []
    for trial in range(trials):
        rng = np.random.default_rng([seed, trial])
        W = train_candidates(max(ks), rng)
        truth = true_accuracy(W)
        if independent:
            val = rng.binomial(n_val, truth) / n_val
        else:
            val = accuracies(W, *labelled_data(n_val, rng=rng))
        best = winners(val, ks)
        gaps.append(val[best] - truth[best])
    return np.mean(gaps, axis=0)


# --8<-- [end:bound]


# --8<-- [start:test_once]
def score_once(
    ks: Sequence[int], seed: int, *, n_val: int = 200, n_test: int = 200
) -> np.ndarray:
    """The winner of ``best_of_k(ks, seed)``, scored once on test data.

    Returns its test accuracy per k: test data chose nothing.
    """
    rng = np.random.default_rng(seed)
    W = train_candidates(max(ks), rng)
    val = accuracies(W, *labelled_data(n_val, rng=rng))
    test = labelled_data(n_test, rng=np.random.default_rng([seed, 2]))
    return accuracies(W[winners(val, ks)], *test)


# --8<-- [end:test_once]


# --8<-- [start:refresh]
def refreshed_search(
    k: int, every: int, seed: int, *, n_val: int = 200
) -> tuple[float, int]:
    """Try k candidates, ``every`` per round, each round on new validation
    data.

    The best so far competes again in each round. Returns the final
    winner's last score (its truth is 0.5) and the labelled points used.
    """
    every = whole(every, "every", k)
    rng = np.random.default_rng(seed)
    W = train_candidates(k, rng)
    best, rounds = W[:0], range(0, k, every)
    for start in rounds:
        contenders = np.vstack([best, W[start : start + every]])
        scores = accuracies(contenders, *labelled_data(n_val, rng=rng))
        best = contenders[[int(np.argmax(scores))]]
    return float(scores.max()), len(rounds) * n_val


# --8<-- [end:refresh]


# --8<-- [start:cross_validation]
def cross_validated(
    subsets: np.ndarray, X: np.ndarray, y: np.ndarray, folds: int = 5
) -> np.ndarray:
    """``folds``-fold accuracy of each rule (row of ``subsets``): fitted on the
    other folds, scored on the fold left out; each point scores once. Shape
    (len(subsets),)."""
    folds = whole(folds, "folds", len(X), low=2)
    right = np.zeros(len(subsets))
    for held in np.array_split(np.arange(len(X)), folds):
        rest = np.setdiff1d(np.arange(len(X)), held)
        W = fit_candidates(X[rest], y[rest], subsets)
        right += accuracies(W, X[held], y[held]) * len(held)
    return right / len(X)


def cross_validation_gaps(
    ks: Sequence[int], seed: int, *, n: int = 400, folds: int = 5
) -> np.ndarray:
    """The winner's k-fold score minus its truth (0.5), per k, on n points."""
    rng = np.random.default_rng(seed)
    X, y = labelled_data(n, rng=rng)
    scores = cross_validated(random_subsets(max(ks), 20, 5, rng), X, y, folds)
    return scores[winners(scores, ks)] - 0.5


# --8<-- [end:cross_validation]


# --8<-- [start:thresholdout]
def thresholdout(
    train: np.ndarray,
    holdout: np.ndarray,
    *,
    threshold: float = 0.04,
    sigma: float = 0.01,
    budget: int | None = None,
    rng: np.random.Generator,
) -> np.ndarray:
    """Answer each query (a pair of estimates) as Dwork et al.'s Thresholdout.

    The training estimate, unless it is further than a noisy threshold from
    the holdout's; then the holdout's, plus Laplace noise of scale
    ``sigma``. After ``budget`` of those, no more answers (nan).
    """
    if len(train) != len(holdout):
        raise ValueError(
            "train and holdout must have the same length, "
            f"got {len(train)} and {len(holdout)}"
        )
    if threshold < 0 or sigma < 0:
        raise ValueError(
            f"threshold and sigma must be >= 0, got {threshold} and {sigma}"
        )
    answers = np.full(len(train), np.nan)
    noisy = threshold + rng.laplace(0, 2 * sigma)
    for i, (t, h) in enumerate(zip(train, holdout, strict=True)):
        if budget is not None and budget < 1:
            break
        if abs(t - h) > noisy + rng.laplace(0, 4 * sigma):
            answers[i] = h + rng.laplace(0, sigma)
            noisy = threshold + rng.laplace(0, 2 * sigma)
            budget = None if budget is None else budget - 1
        else:
            answers[i] = t
    return answers


def reuse_attack(
    ks: Sequence[int],
    seed: int,
    *,
    n: int = 1000,
    features: int = 1000,
    reusable: bool = False,
    budget: int | None = None,
) -> dict[str, np.ndarray]:
    """Reported scores of two uses of k one-feature rules (no signal).

    "best": the best rule by its answer. "vote": a vote of the rules that
    beat chance on training data and in their answer. Answers are holdout
    scores, or Thresholdout's (with ``budget``) if ``reusable``; nan when
    the budget is spent. The truth is 0.5 for both. "from_holdout": how
    many of the k rules' answers came from the holdout.
    """
    rng = np.random.default_rng(seed)
    X, y = labelled_data(n, features=features, rng=rng)
    X_out, y_out = labelled_data(n, features=features, rng=rng)
    train, holdout = (
        accuracies(np.eye(features), X, y),
        accuracies(np.eye(features), X_out, y_out),
    )

    def ask(t: np.ndarray, h: np.ndarray) -> np.ndarray:
        if not reusable:
            return h
        rng = np.random.default_rng([seed, len(t)])
        return thresholdout(t, h, budget=budget, rng=rng)

    reported = {"best": [], "vote": [], "from_holdout": []}
    for k in ks:
        answers = ask(train[:k], holdout[:k])
        given = ~np.isnan(answers)
        reported["from_holdout"].append(
            np.sum(answers[given] != train[:k][given])
        )
        reported["best"].append(np.nanmax(answers))
        agree = (answers - 0.5) * (train[:k] - 0.5) > 0
        w = np.zeros((1, features))
        w[0, :k] = np.where(agree, np.sign(train[:k] - 0.5), 0.0)
        t, h = accuracies(w, X, y), accuracies(w, X_out, y_out)
        final = ask(np.append(train[:k], t), np.append(holdout[:k], h))
        reported["vote"].append(final[-1])
    return {name: np.array(values) for name, values in reported.items()}


# --8<-- [end:thresholdout]


# --8<-- [start:comparisons]
ATTACK_KS = (10, 30, 100, 300, 1000)  # one-feature rules asked about
ATTACK_SEEDS = tuple(range(20))  # the attacks, compared seed by seed
BUDGET = 100  # answers Thresholdout may give from the holdout, then none
SUBJECTS = {  # "<other>, against <baseline>", as for the Dropout page
    "vote_thresholdout": "the vote's reported accuracy behind Thresholdout, "
    "against on the plain holdout",
    "best_thresholdout": "the best rule's reported accuracy behind "
    "Thresholdout, against on the plain holdout",
    "best_budget": "the best rule's reported accuracy behind Thresholdout "
    "with the budget, against on the plain holdout",
}


def final_reports(
    seeds: Sequence[int] = ATTACK_SEEDS,
) -> dict[str, np.ndarray]:
    """The score reported for the 1000 rules' best and vote, per seed: keys
    "<use>_<answers>", answers from the plain "holdout", "thresholdout",
    or Thresholdout with ``BUDGET`` ("budget"; nan once it is spent)."""
    variants = {
        "holdout": {},
        "thresholdout": {"reusable": True},
        "budget": {"reusable": True, "budget": BUDGET},
    }
    runs = {
        name: [reuse_attack(ATTACK_KS, s, **kw) for s in seeds]
        for name, kw in variants.items()
    }
    return {
        f"{use}_{name}": np.array([run[use][-1] for run in runs[name]])
        for name in runs
        for use in ("best", "vote")
    }


def thresholdout_comparisons(
    seeds: Sequence[int] = ATTACK_SEEDS,
) -> dict[str, Comparison]:
    """Seed by seed, the plain holdout's report against Thresholdout's."""
    r = final_reports(seeds)
    return {
        "vote_thresholdout": compare(
            r["vote_holdout"], r["vote_thresholdout"]
        ),
        "best_thresholdout": compare(
            r["best_holdout"], r["best_thresholdout"]
        ),
        "best_budget": compare(r["best_holdout"], r["best_budget"]),
    }


# --8<-- [end:comparisons]


# --8<-- [start:main]
def report(ks: Sequence[int] = (1, 10, 100, 1000)) -> str:
    """The winner of k candidates, mean over ``SEEDS``: its validation
    accuracy, its accuracy on fresh data, and the bound on the gap."""
    runs = [best_of_k(ks, seed) for seed in SEEDS]
    val = np.mean([v for v, _ in runs], axis=0)
    fresh = np.mean([f for _, f in runs], axis=0)
    lines = [
        "candidates  validation  fresh data  gap (points)  bound (points)"
    ]
    for k, v, f in zip(ks, val, fresh, strict=True):
        lines.append(
            f"{k:10d}  {v:10.1%}  {f:10.1%}  {100 * (v - f):12.1f}  "
            f"{100 * selection_bound(k, 200):14.1f}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
# --8<-- [end:main]
