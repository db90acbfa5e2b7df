"""Paired comparisons over seeds: differences, an exact sign test, an interval.

Two settings trained with the same seed share their data and their
initialisation, so their runs come in pairs. Compare them pair by pair.
"""

# --8<-- [start:paired]
import math
from typing import NamedTuple

import numpy as np


def paired_differences(before: object, after: object) -> np.ndarray:
    """``after - before``, seed by seed.

    Both are 1-D sequences of finite numbers of the same length, one value
    per seed, in the same seed order. Returns a new float64 array.
    """
    a = np.asarray(before, dtype=float)
    b = np.asarray(after, dtype=float)
    if a.ndim != 1 or a.size == 0 or a.shape != b.shape:
        raise ValueError(
            "before and after must be 1-D and of one length (a value per "
            f"seed), got shapes {a.shape} and {b.shape}"
        )
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("before and after must be finite numbers")
    return b - a


def sign_test(differences: np.ndarray) -> float:
    """Exact two-sided p-value of the sign test. Ties (zeros) are dropped.

    With no effect, each non-zero difference is positive with probability
    1/2: the p-value is the chance of a split at least as uneven as this.
    """
    d = np.asarray(differences, dtype=float)
    wins, losses = int(np.sum(d > 0)), int(np.sum(d < 0))
    n = wins + losses
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(wins, losses) + 1))
    return min(1.0, 2 * tail / 2**n)


def t_quantile(q: float, df: int) -> float:
    """The ``q`` quantile of Student's t with ``df`` degrees of freedom.

    ``q`` in [0.5, 1). The density is integrated with Simpson's rule and
    the integral inverted by bisection: accurate to about 1e-6.
    """
    if not 0.5 <= q < 1 or df < 1:
        raise ValueError(f"need q in [0.5, 1) and df >= 1, got {q}, {df}")
    log_c = (
        math.lgamma((df + 1) / 2)
        - math.lgamma(df / 2)
        - 0.5 * math.log(df * math.pi)
    )

    def cdf(t: float) -> float:
        x = np.linspace(0.0, t, 4001)
        f = np.exp(log_c - (df + 1) / 2 * np.log1p(x * x / df))
        odd, even = f[1:-1:2].sum(), f[2:-1:2].sum()
        return 0.5 + t / 4000 / 3 * (f[0] + f[-1] + 4 * odd + 2 * even)

    low, high = 0.0, 1.0
    while cdf(high) < q:
        high *= 2
    for _ in range(50):
        middle = (low + high) / 2
        low, high = (middle, high) if cdf(middle) < q else (low, middle)
    return (low + high) / 2


class Comparison(NamedTuple):
    """``after - before`` over n seeds: mean, interval, signs, p-value."""

    n: int
    mean: float
    low: float  # the interval for the mean difference
    high: float
    wins: int  # seeds where after > before
    losses: int
    ties: int
    p_sign: float
    confidence: float


def compare(
    before: object, after: object, confidence: float = 0.95
) -> Comparison:
    """Compare two settings run on the same seeds, pair by pair.

    The interval is Student's t interval for the mean paired difference.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    d = paired_differences(before, after)
    n, mean = d.size, float(d.mean())
    half = math.inf
    if n > 1:
        t = t_quantile((1 + confidence) / 2, n - 1)
        half = t * float(d.std(ddof=1)) / math.sqrt(n)
    wins, losses = int(np.sum(d > 0)), int(np.sum(d < 0))
    return Comparison(
        n,
        mean,
        mean - half,
        mean + half,
        wins,
        losses,
        n - wins - losses,
        sign_test(d),
        confidence,
    )


# --8<-- [end:paired]


# --8<-- [start:describe]
def describe(
    c: Comparison, scale: float = 100, unit: str = "points", digits: int = 1
) -> str:
    """The comparison as a predicate whose words match its interval.

    "is higher"/"is lower" only when the interval excludes zero; otherwise
    "differs by an amount that cannot be told from noise". It completes a
    sentence such as "Seed by seed, accuracy at rate 0.5 ...". Values are
    multiplied by ``scale`` and shown with ``digits`` decimals and ``unit``
    (the defaults suit accuracies: "+2.2 points"; for a loss, ``scale=1,
    unit="", digits=3``). Pass the baseline first: "higher" means
    ``after`` is above it, which for a loss is worse.
    """

    def signed(x: float) -> str:  # never "-0.0"
        text = f"{scale * x:+.{digits}f}"
        return text.replace("-", "+") if float(text) == 0 else text

    unit = f" {unit}" if unit else ""
    interval = (
        f"mean difference {signed(c.mean)}{unit}, {c.confidence:.0%} "
        f"interval {signed(c.low)} to {signed(c.high)}"
    )

    def on(k: int) -> str:
        return f"on {k}" if k else "on none"

    ties = f", equal {on(c.ties)}" if c.ties else ""
    signs = (
        f"higher on {c.wins} of the {c.n} seeds, lower {on(c.losses)}{ties}"
    )
    if c.low > 0 or c.high < 0:
        side = "higher" if c.low > 0 else "lower"
        if (c.wins if c.low > 0 else c.losses) == c.n:
            signs = f"{side} on every one of the {c.n} seeds"
        elif side == "lower":
            signs = f"lower on {c.losses} of the {c.n} seeds, "
            signs += f"higher {on(c.wins)}{ties}"
        return f"is {signs} ({interval}; sign test p = {c.p_sign:.2g})"
    return (
        "differs by an amount that cannot be told from noise "
        f"({interval}, which includes zero; "
        f"{signs}; sign test p = {c.p_sign:.2g})"
    )


# --8<-- [end:describe]
