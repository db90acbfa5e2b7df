"""The code of docs/survey_bias.md (SKELETON: min-max scaling, to replace)."""

# --8<-- [start:rescale]
import numpy as np


def rescale(x: np.ndarray) -> np.ndarray:
    """Map ``x`` linearly onto [0, 1]: its minimum to 0, its maximum to 1.

    Parameters
    ----------
    x
        Floating array of any shape, finite, with at least two different
        values. Never modified.

    Returns
    -------
    np.ndarray
        A new array of the shape and dtype of ``x``, in [0, 1].

    Raises
    ------
    TypeError
        If ``x`` is not a floating-point array.
    ValueError
        If ``x`` is empty, not finite, or all its values are equal.
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"x must be a floating-point array, got dtype {x.dtype}"
        )
    if x.size == 0 or not np.isfinite(x).all():
        raise ValueError(f"x must be non-empty and finite, got {x!r}")
    low, high = x.min(), x.max()
    if low == high:
        raise ValueError(f"x must hold two different values, got only {low}")
    return (x - low) / (high - low)


# --8<-- [end:rescale]


# --8<-- [start:main]
def example(seed: int = 0, size: int = 1000) -> np.ndarray:
    """``size`` samples of a normal distribution (mean 5, sd 2)."""
    return np.random.default_rng(seed).normal(5.0, 2.0, size=size)


def report(seed: int = 0) -> str:
    """The range of ``example(seed)`` before and after ``rescale``."""
    x = example(seed)
    y = rescale(x)
    return (
        f"before: min {x.min():5.2f}, max {x.max():5.2f}\n"
        f"after:  min {y.min():5.2f}, max {y.max():5.2f}"
    )


if __name__ == "__main__":
    print(report())
# --8<-- [end:main]
