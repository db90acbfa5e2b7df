"""Your sample is not your population: John's theater survey, simulated."""

# The comparisons section compares seed by seed (the Measuring page).
from snippets.paired import Comparison, compare  # noqa: I001

# --8<-- [start:population]
from typing import NamedTuple

import numpy as np

POPULATION = 40_000  # people who could see the next episode


class People(NamedTuple):
    """A population: one entry per person in each array, shape (n,)."""

    episodes: np.ndarray  # Star Wars episodes seen, 0 to 9
    age: np.ndarray  # years, 12 to 70
    hype: np.ndarray  # taste for the new trilogy; no survey asks it
    likes: np.ndarray  # 1 if they will like the next episode, else 0


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1.0 / (1.0 + np.exp(-z))


def features(people: People) -> np.ndarray:
    """What a survey records, shape (n, 3): 1, episodes and age, scaled."""
    episodes = (people.episodes - 4.5) / 3.0
    age = (people.age - 41.0) / 17.0
    return np.column_stack([np.ones_like(age), episodes, age])


def draw_people(seed: int, n: int = POPULATION) -> People:
    """``n`` people: fans have seen more episodes, the young and the hyped
    like the next one more. Seeded by ``seed`` alone."""
    if n < 100:
        raise ValueError(f"n must be at least 100, got {n}")
    rng = np.random.default_rng(seed)
    episodes = rng.binomial(9, sigmoid(1.5 * rng.normal(size=n)))
    age = rng.uniform(12.0, 70.0, size=n)
    hype = rng.normal(size=n)
    _, fan, old = features(People(episodes, age, hype, age)).T
    chance = sigmoid(-0.8 + 0.8 * fan - 0.6 * old + 1.5 * hype)
    return People(episodes, age, hype, (rng.random(n) < chance).astype(int))


# --8<-- [end:population]


# --8<-- [start:selection]
STEPS = ("theater", "middle rows", "answers")
KEYS = ("theater", "middle", "answers")  # the steps' short names
SHARES = (0.2, 0.5, 0.4)  # of those who reach each step, on average
STRENGTHS = (1.0, 1.0, 0.75)  # how much each step depends on the person


def step_scores(people: People) -> tuple[np.ndarray, ...]:
    """What each step selects on: fans go to the screening, the hyped come
    early for the middle rows, those who will like it answer."""
    fan = features(people)[:, 1]
    return fan, people.hype, 2.0 * people.likes - 1.0


def chances(score: np.ndarray, share: float, strength: float) -> np.ndarray:
    """Each person's chance sigmoid(b + strength * score), with b set so the
    chances average ``share`` (0 < share <= 1). Strength 0: all equal."""
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], got {share}")
    if share == 1:
        return np.ones(score.shape)
    low, high = -50.0, 50.0
    for _ in range(60):  # bisection: the mean rises with b
        b = (low + high) / 2
        if sigmoid(b + strength * score).mean() < share:
            low = b
        else:
            high = b
    return sigmoid((low + high) / 2 + strength * score)


def select(
    people: People,
    rng: np.random.Generator,
    strengths: tuple[float, ...] = STRENGTHS,
    shares: tuple[float, ...] = SHARES,
    min_episodes: int = 0,
) -> list[np.ndarray]:
    """Who reaches each step: a boolean mask per step, each inside the last.

    ``min_episodes``: the screening reaches nobody who has seen fewer.
    """
    if len(strengths) != len(STEPS) or len(shares) != len(STEPS):
        raise ValueError(
            f"strengths and shares need {len(STEPS)} values each, "
            f"got {strengths} and {shares}"
        )
    reached = people.episodes >= min_episodes
    masks = []
    for score, share, strength in zip(
        step_scores(people), shares, strengths, strict=True
    ):
        inside = np.flatnonzero(reached)
        chance = chances(score[inside], share, strength)
        reached = np.zeros_like(reached)
        reached[inside] = rng.random(len(inside)) < chance
        masks.append(reached)
    return masks


# --8<-- [end:selection]


# --8<-- [start:model]
def fit_logistic(
    X: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    """Logistic regression by Newton's method: weights w, shape (d,).

    X (n, d) with a column of ones, y (n,) in {0, 1}; optional example
    weights (n,). A small ridge (1e-3) keeps separable data finite.
    """
    if X.ndim != 2 or len(X) != len(y) or len(y) == 0:
        raise ValueError(f"need X (n, d) and y (n,), got {X.shape}, {y.shape}")
    weights = np.ones(len(y)) if weights is None else weights / weights.mean()
    w = np.zeros(X.shape[1])
    for _ in range(25):
        p = sigmoid(X @ w)
        gradient = X.T @ (weights * (p - y)) + 1e-3 * w
        hessian = (X.T * (weights * p * (1 - p))) @ X
        w = w - np.linalg.solve(hessian + 1e-3 * np.eye(len(w)), gradient)
    return w


def accuracy(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """Share of the people (X, y) whose answer the model gets right."""
    return float(np.mean((X @ w > 0) == (y == 1)))


# --8<-- [end:model]


# --8<-- [start:survey]
def survey_run(
    seed: int,
    strengths: tuple[float, ...] = STRENGTHS,
    shares: tuple[float, ...] = SHARES,
    *,
    min_episodes: int = 0,
    n: int = POPULATION,
    check: int = 4000,
) -> dict[str, float]:
    """John's study on population ``seed``: survey, train, score twice.

    The model learns from 3/4 of the answers and is scored on the other
    1/4 ("held_out") and on ``check`` people drawn at random from the
    population ("population"). "forecast" is its mean predicted chance of
    liking over those people; "truth" the population's share who will.
    "likes_<i>": the share who will like it among those past step i.
    """
    people = draw_people(seed, n)
    rng = np.random.default_rng([seed, 1])
    masks = select(people, rng, strengths, shares, min_episodes)
    answered = rng.permutation(np.flatnonzero(masks[-1]))
    held, train = np.split(answered, [len(answered) // 4])
    X, y = features(people), people.likes
    w = fit_logistic(X[train], y[train])
    sample = rng.choice(len(y), size=check, replace=False)
    return {
        "held_out": accuracy(w, X[held], y[held]),
        "population": accuracy(w, X[sample], y[sample]),
        "forecast": float(sigmoid(X[sample] @ w).mean()),
        "truth": float(y.mean()),
        "answers": len(answered),
        **{f"likes_{i}": float(y[m].mean()) for i, m in enumerate(masks)},
    }


SEEDS = tuple(range(20))  # populations, compared seed by seed


# --8<-- [end:survey]


# --8<-- [start:random_sample]
def random_sample_run(
    seed: int, size: int, *, check: int = 4000
) -> dict[str, float]:
    """Ask ``size`` people drawn at random from population ``seed``.

    "estimate": their share who will like the episode; "population": the
    accuracy, on ``check`` other random people, of a model fitted to them.
    """
    people = draw_people(seed)
    rng = np.random.default_rng([seed, 2])
    asked, sample = np.split(rng.permutation(len(people.likes)), [size])
    X, y = features(people), people.likes
    w = fit_logistic(X[asked], y[asked])
    return {
        "estimate": float(y[asked].mean()),
        "population": accuracy(w, X[sample[:check]], y[sample[:check]]),
    }


# --8<-- [end:random_sample]


# --8<-- [start:reweighting]
def cells(people: People) -> np.ndarray:
    """Each person's cell: episodes seen (0-9) by age band (under 25, 25 to
    44, 45 and over), numbered 0 to 29."""
    band = np.searchsorted([25.0, 45.0], people.age, side="right")
    return 3 * people.episodes + band


def post_stratify(
    values: np.ndarray, survey_cells: np.ndarray, shares: np.ndarray
) -> tuple[float, float, float]:
    """Reweight ``values`` (one per answer) to the population's cell shares.

    ``shares[c]``: the population's share in cell c. Each answer weighs
    shares[c] / (the survey's share in c). Cells with no answer cannot be
    weighted: the estimate covers the others. Returns the estimate, the
    population's share in unreached cells, and the effective number of
    answers (sum w)^2 / sum w^2.
    """
    counts = np.bincount(survey_cells, minlength=len(shares))
    reached = counts > 0
    w = shares[survey_cells] / counts[survey_cells]
    estimate = float(np.sum(w * values) / np.sum(w))
    effective = float(np.sum(w) ** 2 / np.sum(w**2))
    return estimate, float(shares[~reached].sum()), effective


def reweighted_run(
    seed: int,
    strengths: tuple[float, ...] = STRENGTHS,
    *,
    min_episodes: int = 0,
) -> dict[str, float]:
    """John's survey of population ``seed``: the share who will like the
    episode, as answered ("survey") and post-stratified ("reweighted")."""
    people = draw_people(seed)
    rng = np.random.default_rng([seed, 1])
    answered = select(people, rng, strengths, SHARES, min_episodes)[-1]
    c = cells(people)
    shares = np.bincount(c, minlength=30) / len(c)
    likes = people.likes[answered]
    estimate, unreached, effective = post_stratify(likes, c[answered], shares)
    return {
        "survey": float(likes.mean()),
        "reweighted": estimate,
        "truth": float(people.likes.mean()),
        "unreached": unreached,
        "answers": int(answered.sum()),
        "effective": effective,
    }


# --8<-- [end:reweighting]


# --8<-- [start:comparisons]
ASKED = 100  # people asked at random, for the comparison
EVERYONE = (SHARES[0], 1.0, 1.0)  # everyone in the theater answers
REWEIGHTED = {  # keyword arguments of reweighted_run
    "reweighted_theater": {"strengths": (STRENGTHS[0], 0.0, 0.0)},
    "reweighted_unreached": {
        "strengths": (STRENGTHS[0], 0.0, 0.0),
        "min_episodes": 3,
    },
    "reweighted_all": {},
}
SUBJECTS = {  # "<other>, against <baseline>"
    "gap": "accuracy on the survey's held-out answers, against on a "
    "random sample of the population",
    "reweighted_theater": "the reweighted share who will like it, with "
    "only the theater step, against the truth",
    "reweighted_unreached": "the same with nobody under 3 episodes at the "
    "screening, against the truth",
    "reweighted_all": "the reweighted share with all three steps, against "
    "the truth",
    "random": "the error of 100 people asked at random, against the "
    "error of John's survey",
    "everyone": "the gap when everyone in the theater answers, against "
    "John's survey",
    **{
        f"off_{key}": f"the gap with the {step} step made random, against "
        "with all three steps"
        for key, step in zip(KEYS, STEPS, strict=True)
    },
}


def gaps(runs: list[dict[str, float]]) -> np.ndarray:
    """Held-out minus population accuracy, one per run."""
    return np.array([r["held_out"] - r["population"] for r in runs])


def step_comparisons(seeds: tuple[int, ...] = SEEDS) -> dict[str, Comparison]:
    """Seed by seed: the held-out score against the population's, and the
    gap with each step made random (strength 0) against all three on."""
    runs = [survey_run(s) for s in seeds]
    found = {
        "gap": compare(
            [r["population"] for r in runs], [r["held_out"] for r in runs]
        )
    }
    for i, key in enumerate(KEYS):
        off = tuple(0.0 if j == i else s for j, s in enumerate(STRENGTHS))
        found[f"off_{key}"] = compare(
            gaps(runs), gaps([survey_run(s, off) for s in seeds])
        )
    return found


def remedy_comparisons(
    seeds: tuple[int, ...] = SEEDS, asked: int = ASKED
) -> dict[str, Comparison]:
    """Seed by seed: reweighted estimates against the truth; the error of
    ``asked`` random people against the survey's; the gap when everyone in
    the theater answers against John's survey."""
    truth = [draw_people(s).likes.mean() for s in seeds]
    found = {}
    for name, kwargs in REWEIGHTED.items():
        runs = [reweighted_run(s, **kwargs) for s in seeds]
        found[name] = compare(truth, [r["reweighted"] for r in runs])
    survey = [survey_run(s) for s in seeds]
    error = np.abs(np.subtract([r["likes_2"] for r in survey], truth))
    sample = [random_sample_run(s, asked)["estimate"] for s in seeds]
    found["random"] = compare(error, np.abs(np.subtract(sample, truth)))
    everyone = [survey_run(s, shares=EVERYONE) for s in seeds]
    found["everyone"] = compare(gaps(survey), gaps(everyone))
    return found


# --8<-- [end:comparisons]


# --8<-- [start:main]
def report(seeds: tuple[int, ...] = SEEDS) -> str:
    """John's study on each population of ``seeds``: the means."""
    runs = [survey_run(s) for s in seeds]

    def mean(key: str) -> float:
        return float(np.mean([r[key] for r in runs]))

    return "\n".join(
        [
            f"populations (seeds):            {len(runs)}",
            f"answers per survey:             {mean('answers'):.0f}",
            f"accuracy on held-out answers:   {mean('held_out'):.1%}",
            f"accuracy on the population:     {mean('population'):.1%}",
            f"share who will like it, survey: {mean('likes_2'):.1%}",
            f"the model's forecast:           {mean('forecast'):.1%}",
            f"the truth:                      {mean('truth'):.1%}",
        ]
    )


if __name__ == "__main__":
    print(report())
# --8<-- [end:main]
