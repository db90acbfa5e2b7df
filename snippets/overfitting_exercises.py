"""Exercises of the Overfitting article, with solutions: fits and networks.

Each solution section runs after the article's code blocks: it uses
``fit_models``, ``fit_polynomial``, ``rmse``, ``target`` and
``curves_over_seeds``. ``numbers()`` gives the site what each one prints.
"""

# The solutions use the article's functions, as a reader's script would.
from snippets.dropout_experiments import curves_over_seeds  # noqa: I001
from snippets.overfitting import fit_models, fit_polynomial, rmse, target

# --8<-- [start:beyond_the_points]
from collections.abc import Iterable

import numpy as np


def largest_errors(seed: int, points: int = 2001) -> tuple[float, float]:
    """Model A's largest distance from the target, on a fine grid of [0, 1]:
    between its outermost training points, and beyond them."""
    fits = fit_models(seed)
    x = fits.train[0]
    grid = np.linspace(0.0, 1.0, points)
    error = np.abs(fits.model_a(grid) - target(grid))
    beyond = (grid < x.min()) | (grid > x.max())
    return float(error[~beyond].max()), float(error[beyond].max())


def largest_errors_report(seeds: Iterable[int] = range(10)) -> str:
    """One line per data seed: the two largest errors."""
    lines = ["seed  between the points  beyond them"]
    for seed in seeds:
        between, beyond = largest_errors(seed)
        lines.append(f"{seed:4d}  {between:18.2f}  {beyond:11.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(largest_errors_report())
# --8<-- [end:beyond_the_points]


# --8<-- [start:degrees]
def errors_by_degree(
    seeds: Iterable[int] = range(10), degrees: Iterable[int] = range(10)
) -> tuple[np.ndarray, np.ndarray]:
    """Training and held-out error of each degree, shape (seeds, degrees),
    on the data of ``fit_models(seed)``."""
    train, held_out = [], []
    for seed in seeds:
        fits = fit_models(seed)
        models = [fit_polynomial(*fits.train, d) for d in degrees]
        train.append([rmse(model, *fits.train) for model in models])
        held_out.append([rmse(model, *fits.held_out) for model in models])
    return np.array(train), np.array(held_out)


def errors_by_degree_report() -> str:
    """Mean errors over data seeds 0 to 9, one line per degree."""
    train, held_out = errors_by_degree()
    lines = ["degree  training error  held-out error"]
    for degree in range(train.shape[1]):
        a, b = train[:, degree].mean(), held_out[:, degree].mean()
        lines.append(f"{degree:6d}  {a:14.3f}  {b:14.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(errors_by_degree_report())
# --8<-- [end:degrees]


# --8<-- [start:gap_over_seeds]
def gap_over_seeds(seeds: Iterable[int], **settings: float) -> str:
    """Final training-validation gap of each seed, in points, and the mean
    final validation accuracy of ``training_curves(seed, **settings)``."""
    curves = curves_over_seeds(seeds, **settings)
    train, validation = curves["train"][:, -1], curves["validation"][:, -1]
    gaps = ", ".join(f"{100 * gap:.0f}" for gap in train - validation)
    return f"gap {gaps} points; validation {validation.mean():.0%}"


# --8<-- [end:gap_over_seeds]


# --8<-- [start:narrower]
def narrower_report(widths: Iterable[int] = (128, 8)) -> str:
    """The gap of seeds 0, 1 and 2 for each number of hidden units."""
    return "\n".join(
        f"{hidden:3d} hidden units: {gap_over_seeds(range(3), hidden=hidden)}"
        for hidden in widths
    )


if __name__ == "__main__":
    print(narrower_report())
# --8<-- [end:narrower]


# --8<-- [start:more_data]
def more_data_report(sizes: Iterable[int] = (400, 1000)) -> str:
    """The gap of seeds 0, 1 and 2 for each data set size (30% trains)."""
    return "\n".join(
        f"{n:4d} samples: {gap_over_seeds(range(3), samples=n)}" for n in sizes
    )


if __name__ == "__main__":
    print(more_data_report())
# --8<-- [end:more_data]


def numbers() -> dict[str, str | float | int]:
    """What the solutions print and claim, for the article (the build)."""
    errors = [largest_errors(seed) for seed in range(10)]
    train, held_out = errors_by_degree()
    return {
        "largest_errors": largest_errors_report(),
        "seeds_worse_beyond": sum(out > inside for inside, out in errors),
        "between_max": max(between for between, _ in errors),
        "beyond_min": min(beyond for _, beyond in errors),
        "degrees": errors_by_degree_report(),
        "best_degree": int(np.argmin(held_out.mean(axis=0))),
        "narrower": narrower_report(),
        "more_data": more_data_report(),
    }
