"""Exercises of the Dropout article, with solutions: shares, noise, rows.

Each solution section runs after the article's code blocks (it uses
``dropout``, ``keep_mask`` and ``apply_mask``), except ``byte_threshold``,
which runs on its own. ``numbers()`` gives the site what each one prints.
"""

# The solutions use the article's functions, as a reader's script would.
from snippets.dropout import apply_mask, dropout, keep_mask  # noqa: I001

# --8<-- [start:byte_threshold]
import numpy as np


def byte_threshold(rate: float) -> tuple[int, float]:
    """Byte threshold ``t = floor(256 * rate)`` and what it leaves out, f."""
    t = int(rate * 256)
    return t, rate * 256 - t


def byte_threshold_report(n: int = 10_000_000, seed: int = 0) -> str:
    """Share of ``n`` random bytes below ``t``, next to the rate, per rate."""
    u = np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8)
    lines = []
    for rate in (0.5, 0.3):
        t, f = byte_threshold(rate)
        lines.append(
            f"rate {rate}: 256 * rate = {256 * rate:g}, t = {t}, f = {f:.2g}; "
            f"bytes below t: {np.mean(u < t):.3%}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(byte_threshold_report())
# --8<-- [end:byte_threshold]


# --8<-- [start:dropped_share]
def dropped_share(n: int, rate: float, seeds: int = 10) -> np.ndarray:
    """Share of ``n`` ones that one dropout call zeroes, for seeds 0, 1, ..."""
    x = np.ones(n, dtype=np.float32)
    return np.array(
        [np.mean(dropout(x, rate, rng=seed) == 0.0) for seed in range(seeds)]
    )


def dropped_share_report(n: int = 10_000, rate: float = 0.3) -> str:
    """The shares of 10 seeds, their spread and the binomial prediction."""
    shares = dropped_share(n, rate)
    predicted = np.sqrt(rate * (1 - rate) / n)
    return (
        "dropped: " + " ".join(f"{share:.4f}" for share in shares) + "\n"
        f"mean {shares.mean():.4f}, standard deviation {shares.std():.4f}; "
        f"predicted sqrt(rate * (1 - rate) / n) = {predicted:.4f}"
    )


if __name__ == "__main__":
    print(dropped_share_report())
# --8<-- [end:dropped_share]


# --8<-- [start:output_spread]
def output_spread(rate: float, n: int = 1_000_000, seed: int = 0) -> float:
    """Standard deviation of dropout's output on ``n`` ones."""
    return float(np.std(dropout(np.ones(n), rate, rng=seed)))


def output_spread_report(rates: tuple[float, ...] = (0.2, 0.5, 0.8)) -> str:
    """Measured against predicted sqrt(rate / (1 - rate)), per rate."""
    return "\n".join(
        f"rate {rate}: standard deviation {output_spread(rate):.4f}, "
        f"predicted {np.sqrt(rate / (1 - rate)):.4f}"
        for rate in rates
    )


if __name__ == "__main__":
    print(output_spread_report())
# --8<-- [end:output_spread]


# --8<-- [start:row_dropout]
def row_dropout(
    x: np.ndarray,
    rate: float,
    *,
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    """Dropout of whole rows of ``x`` (n, features): one draw per row."""
    mask = keep_mask((x.shape[0], 1), rate, rng=rng)  # broadcasts over a row
    return apply_mask(x, mask, rate)


def row_dropout_report(rows: int = 100_000, rate: float = 0.5) -> str:
    """How rows come out of ``row_dropout``: whole, gone, or mixed."""
    y = row_dropout(np.ones((rows, 6), dtype=np.float32), rate, rng=0)
    gone = np.all(y == 0.0, axis=1)
    whole = np.all(y == y[:, :1], axis=1) & ~gone
    return (
        f"rows dropped whole: {gone.mean():.2%}; rows kept whole: "
        f"{whole.mean():.2%}; rows partly dropped: {np.sum(~gone & ~whole)}\n"
        f"mean output {y.mean(dtype=np.float64):.4f} (input 1)"
    )


if __name__ == "__main__":
    print(row_dropout_report())
# --8<-- [end:row_dropout]


def numbers() -> dict[str, str | float | int]:
    """What the solutions print and claim, for the article (the build)."""
    t, f = byte_threshold(0.3)
    return {
        "byte_threshold": byte_threshold_report(),
        "t_03": t,
        "f_03": f,
        "floor_share_03": t / 256,
        "dropped_share": dropped_share_report(),
        "standard_error": float(np.sqrt(0.3 * 0.7 / 10_000)),
        "output_spread": output_spread_report(),
        "row_dropout": row_dropout_report(),
    }
