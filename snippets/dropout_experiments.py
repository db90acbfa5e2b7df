"""Dropout against overfitting, measured over seeds: rate, width, units."""

# The Overfitting page shows these functions after its own sections.
from snippets.overfitting import (  # noqa: I001
    accuracy,
    classification_parts,
    training_curves,
)

# --8<-- [start:over_seeds]
from collections.abc import Iterable, Sequence

import numpy as np

SEEDS = (0, 1, 2, 3, 4)  # curves: the mean and range of these runs
PAIRED_SEEDS = tuple(range(20))  # settings compared seed by seed
RATES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98)


def curves_over_seeds(
    seeds: Iterable[int], **settings: float
) -> dict[str, np.ndarray]:
    """Accuracy per epoch of ``training_curves(seed, **settings)``.

    One array per part ("train", "validation", "test"), shape
    (seeds, epochs).
    """
    runs = [training_curves(seed, **settings) for seed in seeds]
    return {
        part: np.array([run.accuracy[part] for run in runs])
        for part in runs[0].accuracy
    }


def final_accuracy(
    rates: Sequence[float], seeds: Iterable[int], **settings: float
) -> dict[str, np.ndarray]:
    """Accuracy after the last epoch, shape (rates, seeds), for each part."""
    seeds = list(seeds)
    per_rate = [
        curves_over_seeds(seeds, dropout_rate=rate, **settings)
        for rate in rates
    ]
    return {
        part: np.array([curves[part][:, -1] for curves in per_rate])
        for part in per_rate[0]
    }


# --8<-- [end:over_seeds]


# --8<-- [start:remove_units]
def accuracy_without_units(
    params: dict[str, np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    removed: int,
    *,
    trials: int,
    rng: np.random.Generator,
) -> float:
    """Mean accuracy when ``removed`` random hidden units are silenced.

    A silenced unit's outgoing weights are zeroed: the output layer no
    longer hears it. Nothing is rescaled. Averaged over ``trials`` draws.
    """
    hidden = params["W2"].shape[0]
    if not 0 <= removed <= hidden:
        raise ValueError(f"removed must be in [0, {hidden}], got {removed}")
    scores = []
    for _ in range(trials):
        silent = rng.choice(hidden, size=removed, replace=False)
        W2 = params["W2"].copy()
        W2[silent] = 0.0
        scores.append(accuracy({**params, "W2": W2}, X, y))
    return float(np.mean(scores))


def units_removed_curve(
    seed: int,
    removed: Sequence[int],
    *,
    trials: int = 20,
    **settings: float,
) -> np.ndarray:
    """Test accuracy of the trained network of ``seed`` for each count."""
    run = training_curves(seed, **settings)
    data_settings = {
        key: value
        for key, value in settings.items()
        if key in ("samples", "held_out_fraction", "classes")
    }
    X, y = classification_parts(seed, **data_settings)["test"]
    rng = np.random.default_rng([seed, 2])
    return np.array(
        [
            accuracy_without_units(run.params, X, y, k, trials=trials, rng=rng)
            for k in removed
        ]
    )


# --8<-- [end:remove_units]


# --8<-- [start:main]
def report(rates: Sequence[float] = (0.0, 0.5, 0.9)) -> str:
    """A table of the Overfitting page's results, averaged over ``SEEDS``:
    accuracy after the last epoch, and test accuracy with early stopping."""
    lines = ["dropout  training  validation  gap (points)  test  test, early"]
    for rate in rates:
        runs = [training_curves(seed, dropout_rate=rate) for seed in SEEDS]
        last = {
            part: np.mean([run.accuracy[part][-1] for run in runs])
            for part in ("train", "validation", "test")
        }
        early = np.mean(
            [run.accuracy["test"][run.best_epoch - 1] for run in runs]
        )
        gap = 100 * (last["train"] - last["validation"])
        lines.append(
            f"{rate:7g}  {last['train']:8.0%}  {last['validation']:10.0%}  "
            f"{gap:12.0f}  {last['test']:4.0%}  {early:11.0%}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
# --8<-- [end:main]
