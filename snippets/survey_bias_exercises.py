"""Exercises of docs/survey_bias.md, with solutions (SKELETON: to replace).

Each solution section runs after the page's code blocks (it uses
``rescale`` and ``example``). ``numbers()`` gives the site what each prints.
"""

# The solutions use the article's functions, as a reader's script would.
from snippets.survey_bias import example, rescale  # noqa: I001

# --8<-- [start:inside]
import numpy as np


def inside_report() -> str:
    """What ``rescale`` makes of values already between 0 and 1."""
    x = np.array([0.25, 0.5, 0.75])
    return f"rescale({x.tolist()}) = {rescale(x).tolist()}"


if __name__ == "__main__":
    print(inside_report())
# --8<-- [end:inside]


# --8<-- [start:rescale_to]
def rescale_to(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """Map ``x`` linearly onto [low, high]: minimum to low, maximum to high."""
    if not low < high:
        raise ValueError(f"low must be below high, got {low} and {high}")
    return low + (high - low) * rescale(x)


def rescale_to_report(seed: int = 0) -> str:
    """The range of ``example(seed)`` mapped onto [-1, 1]."""
    y = rescale_to(example(seed), -1.0, 1.0)
    return f"min {y.min():.2f}, max {y.max():.2f}"


if __name__ == "__main__":
    print(rescale_to_report())
# --8<-- [end:rescale_to]


# --8<-- [start:outlier]
def outlier_report(seed: int = 0) -> str:
    """How much of [0, 1] the samples use once one outlier (100) joins them."""
    y = rescale(np.append(example(seed), 100.0))[:-1]
    return (
        "without the outlier the samples span [0, 1]; with it, "
        f"[{y.min():.3f}, {y.max():.3f}]"
    )


if __name__ == "__main__":
    print(outlier_report())
# --8<-- [end:outlier]


def numbers() -> dict[str, str]:
    """What the solutions print, for the page (the build)."""
    return {
        "inside": inside_report(),
        "rescale_to": rescale_to_report(),
        "outlier": outlier_report(),
    }
