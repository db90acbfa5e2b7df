"""Exercises of the article on validation data that wears out, with solutions.

Each solution section runs after the article's code blocks (it uses
``selection_bound``, ``selection_gaps``, ``best_of_k``, ``refreshed_search``
and ``expected_best_independent``). ``numbers()`` gives the site what each
one prints.
"""

# The solutions use the article's functions, as a reader's script would.
from snippets.validation_reuse import (  # noqa: I001
    SEEDS,
    best_of_k,
    expected_best_independent,
    refreshed_search,
    selection_bound,
    selection_gaps,
)

# --8<-- [start:points_needed]
import math

import numpy as np


def points_needed(k: int, gap: float) -> int:
    """Validation points for which the bound on the best of k is ``gap``."""
    return math.ceil(2 * math.log(k) * 0.25 / gap**2)


def points_needed_report(k: int = 100, gap: float = 0.01) -> str:
    """The points the bound asks for, and the gap measured with them."""
    n = points_needed(k, gap)
    measured = np.mean(
        [selection_gaps((k,), s, n_val=n, trials=2) for s in SEEDS]
    )
    return (
        f"best of {k} within {gap:.0%} on average: {n} validation points "
        f"(bound {selection_bound(k, n):.2%}); measured gap {measured:.2%}"
    )


if __name__ == "__main__":
    print(points_needed_report())
# --8<-- [end:points_needed]


# --8<-- [start:weak_signal]
def weak_signal_report(signal: float = 0.3) -> str:
    """Best of k with a weak signal: validation against true accuracy."""
    ks = (1, 10, 100, 1000)
    runs = [best_of_k(ks, seed, signal=signal) for seed in SEEDS]
    val = np.mean([v for v, _ in runs], axis=0)
    fresh = np.mean([f for _, f in runs], axis=0)
    lines = ["candidates  validation  true accuracy"]
    for k, v, f in zip(ks, val, fresh, strict=True):
        lines.append(f"{k:10d}  {v:10.1%}  {f:13.1%}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(weak_signal_report())
# --8<-- [end:weak_signal]


# --8<-- [start:best_of_two]
def best_of_two_report() -> str:
    """Refreshing before every candidate: measured gap, and the best of 2."""
    scores = [refreshed_search(1000, 1, seed)[0] for seed in SEEDS]
    return (
        f"new set for every candidate: gap {np.mean(scores) - 0.5:.1%}; "
        f"best of 2 on 200 points: {expected_best_independent(2, 200):.1%}"
    )


if __name__ == "__main__":
    print(best_of_two_report())
# --8<-- [end:best_of_two]


def numbers() -> dict[str, str | float | int]:
    """What the solutions print and claim, for the article (the build)."""
    return {
        "points_needed": points_needed_report(),
        "n_for_1pc": points_needed(100, 0.01),
        "weak_signal": weak_signal_report(),
        "best_of_two": best_of_two_report(),
    }
