"""Exercises of docs/survey_bias.md, with solutions.

Each solution section runs after the page's code blocks (it uses
``survey_run``, ``draw_people``, ``select`` and their constants).
``numbers()`` gives the site what each prints.
"""

# The solutions use the article's functions, as a reader's script would.
from snippets.survey_bias import (  # noqa: I001
    POPULATION,
    SHARES,
    STRENGTHS,
    draw_people,
    select,
    survey_run,
)

# --8<-- [start:bigger]
import numpy as np


def bigger_report(seeds: tuple[int, ...] = (0, 1, 2, 3, 4)) -> str:
    """John's study with the population, and so the survey, 1x and 5x as
    large: mean answers and accuracies over ``seeds``."""
    lines = ["survey   answers  held-out  population  gap (points)"]
    for times in (1, 5):
        runs = [survey_run(s, n=times * POPULATION) for s in seeds]
        held = np.mean([r["held_out"] for r in runs])
        population = np.mean([r["population"] for r in runs])
        answers = np.mean([r["answers"] for r in runs])
        lines.append(
            f"{times}x  {answers:10.0f}  {held:8.1%}  {population:10.1%}  "
            f"{100 * (held - population):12.1f}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(bigger_report())
# --8<-- [end:bigger]


# --8<-- [start:shares_check]
def episode_shares(episodes: np.ndarray) -> np.ndarray:
    """The share of people who have seen 0, 1, ..., 9 episodes: (10,)."""
    return np.bincount(episodes, minlength=10) / len(episodes)


def shares_distance(seed: int, strengths: tuple[float, ...]) -> float:
    """How far the survey's episode shares are from the population's: half
    the sum of absolute differences (0: the same, 1: no overlap)."""
    people = draw_people(seed)
    rng = np.random.default_rng([seed, 1])
    answered = select(people, rng, strengths, SHARES)[-1]
    population = episode_shares(people.episodes)
    survey = episode_shares(people.episodes[answered])
    return float(np.abs(survey - population).sum() / 2)


def shares_check_report(seeds: tuple[int, ...] = (0, 1, 2, 3, 4)) -> str:
    """The distance, mean over ``seeds``, with no step, one step, all."""
    theater, middle, answers = STRENGTHS
    cases = {
        "no selection": (0.0, 0.0, 0.0),
        "theater only": (theater, 0.0, 0.0),
        "middle rows only": (0.0, middle, 0.0),
        "answers only": (0.0, 0.0, answers),
        "all three steps": STRENGTHS,
    }
    return "\n".join(
        f"{name:17} {np.mean([shares_distance(s, st) for s in seeds]):.3f}"
        for name, st in cases.items()
    )


if __name__ == "__main__":
    print(shares_check_report())
# --8<-- [end:shares_check]


# --8<-- [start:split_shares]
def split_shares(seed: int) -> dict[str, float]:
    """The share who will like the episode in John's training answers, his
    held-out answers and the population, split as ``survey_run`` splits."""
    people = draw_people(seed)
    rng = np.random.default_rng([seed, 1])
    answered = select(people, rng)[-1]
    order = rng.permutation(np.flatnonzero(answered))
    held, train = np.split(order, [len(order) // 4])
    return {
        "training answers": float(people.likes[train].mean()),
        "held-out answers": float(people.likes[held].mean()),
        "population": float(people.likes.mean()),
    }


def split_shares_report(seeds: tuple[int, ...] = (0, 1, 2, 3, 4)) -> str:
    """``split_shares`` for each of ``seeds``, one line each."""
    lines = ["seed  training  held-out  population"]
    for seed in seeds:
        s = split_shares(seed)
        lines.append(
            f"{seed:4d}  {s['training answers']:8.1%}  "
            f"{s['held-out answers']:8.1%}  {s['population']:10.1%}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(split_shares_report())
# --8<-- [end:split_shares]


def numbers() -> dict[str, str]:
    """What the solutions print, for the page (the build)."""
    return {
        "bigger": bigger_report(),
        "shares_check": shares_check_report(),
        "split_shares": split_shares_report(),
    }
