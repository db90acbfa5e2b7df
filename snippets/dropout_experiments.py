"""Dropout against overfitting, measured over seeds: rate, width, units."""

# The Overfitting page shows these functions after its own sections.
from snippets.overfitting import (  # noqa: I001
    accuracy,
    classification_parts,
    training_curves,
)
from snippets.early_stopping import early_stopping
from snippets.paired import Comparison, compare

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


# --8<-- [start:comparisons]
from typing import NamedTuple  # noqa: E402

WIDTHS = (4, 8, 16, 32, 128)  # hidden units, trained without dropout
WIDE = 128  # the width of the networks trained with dropout
WIDE_RATES = (0.5, 0.9)
REMOVED = (0, 8, 16, 32, 48, 64, 80, 96, 112, 120)  # silenced at test
REMOVAL_RATE = 0.5
PATIENCE = 20  # epochs without a better validation score before stopping
# What each comparison below compares: "<other>, against <baseline>".
SUBJECTS = {
    "best_test": "test accuracy at the best rate (chosen on validation), "
    "against no dropout",
    "early_test": "test accuracy at the best rate after the last epoch, "
    "against no dropout at the epoch chosen on validation (early stopping)",
    "highest_test": "test accuracy at the highest rate, against the best rate",
    "wide_test": "test accuracy of 128 units at the best rate, "
    "against the best narrow network without dropout",
    "removal": "test accuracy lost when 64 units are silenced, trained at "
    "rate 0.5, against trained without dropout",
    "gap_05": "training minus validation accuracy at rate 0.5, "
    "against no dropout",
    "validation_05": "validation accuracy at rate 0.5, against no dropout",
    "gap_09": "training minus validation accuracy at rate 0.9, "
    "against no dropout",
    "validation_09": "validation accuracy at rate 0.9, against no dropout",
    "early": "test accuracy at the epoch chosen on validation, "
    "against the last epoch",
    "optimism": "validation accuracy at the chosen epoch, against test "
    "accuracy at that epoch",
    "patience_best": "test accuracy of the epoch patience keeps, against "
    "the best validation epoch",
    "patience_last": "test accuracy of the epoch patience keeps, against "
    "the last epoch",
    "dropout_05": "validation accuracy after the last epoch at rate 0.5, "
    "against no dropout",
}


def width_runs(
    seeds: Sequence[int] = PAIRED_SEEDS,
) -> dict[str, dict[str, np.ndarray]]:
    """Final accuracies, shape (seeds,), of narrow networks without
    dropout and wide ones with it, by name ("16 units", "128, rate 0.9")."""
    runs = {f"{w} units": curves_over_seeds(seeds, hidden=w) for w in WIDTHS}
    for rate in WIDE_RATES:
        runs[f"{WIDE}, rate {rate:g}"] = curves_over_seeds(
            seeds, hidden=WIDE, dropout_rate=rate
        )
    return {
        name: {part: values[:, -1] for part, values in curves.items()}
        for name, curves in runs.items()
    }


def removal_runs(
    seeds: Sequence[int] = PAIRED_SEEDS,
) -> dict[float, np.ndarray]:
    """Test accuracy with ``REMOVED`` units silenced, shape (seeds, removed),
    trained without dropout (key 0.0) and at ``REMOVAL_RATE``."""
    return {
        rate: np.array(
            [units_removed_curve(s, REMOVED, dropout_rate=rate) for s in seeds]
        )
        for rate in (0.0, REMOVAL_RATE)
    }


class Findings(NamedTuple):
    """Settings chosen on validation, and comparisons judged seed by seed."""

    best_rate: float  # of RATES, by mean validation accuracy
    best_narrow: int  # of WIDTHS without dropout, the same way
    comparisons: dict[str, Comparison]  # name -> (baseline, other)


def dropout_findings(seeds: Sequence[int] = PAIRED_SEEDS) -> Findings:
    """The Dropout page's comparisons over ``seeds``, after the last epoch.

    Each is (baseline, other): "best_test", test accuracy without dropout
    and at the best rate; "early_test", test accuracy without dropout at
    the epoch chosen on validation (early stopping) and at the best rate;
    "highest_test", the best rate and the highest;
    "wide_test", the best narrow network and ``WIDE`` units at the best
    rate; "removal", test accuracy lost when 64 units are silenced, trained
    without dropout and at ``REMOVAL_RATE``; "gap_05", "validation_05" (and
    09), the training-minus-validation gap and validation accuracy without
    dropout and at rate 0.5 (0.9). Rates and widths are chosen on
    validation and judged on test.
    """
    final = final_accuracy(RATES, seeds)
    gap = final["train"] - final["validation"]
    best = int(np.argmax(final["validation"].mean(axis=1)))
    widths = width_runs(seeds)
    narrow = [f"{w} units" for w in WIDTHS if w != WIDE]
    best_narrow = max(narrow, key=lambda n: widths[n]["validation"].mean())
    removal = removal_runs(seeds)
    lost = {r: c[:, 0] - c[:, REMOVED.index(64)] for r, c in removal.items()}
    found = {
        "best_test": compare(final["test"][0], final["test"][best]),
        "early_test": compare(
            early_stopping_scores(seeds)["test_at_best"], final["test"][best]
        ),
        "highest_test": compare(final["test"][best], final["test"][-1]),
        "wide_test": compare(widths[best_narrow]["test"], final["test"][best]),
        "removal": compare(lost[0.0], lost[REMOVAL_RATE]),
    }
    for rate in (0.5, 0.9):
        key, i = f"{round(rate * 10):02d}", RATES.index(rate)
        found[f"gap_{key}"] = compare(gap[0], gap[i])
        found[f"validation_{key}"] = compare(
            final["validation"][0], final["validation"][i]
        )
    return Findings(RATES[best], int(best_narrow.split()[0]), found)


def early_stopping_scores(
    seeds: Sequence[int] = PAIRED_SEEDS, patience: int = PATIENCE
) -> dict[str, np.ndarray]:
    """Per seed: the epoch chosen on validation (1-based), its validation
    and test accuracy, test accuracy at the last epoch, and with patience
    the epoch training stops at and the test accuracy of what it keeps."""
    curves = curves_over_seeds(seeds)
    rows = np.arange(len(curves["validation"]))
    chosen = curves["validation"].argmax(axis=1)
    stops = np.array(
        [early_stopping(v, patience) for v in curves["validation"]]
    )
    return {
        "best_epoch": chosen + 1,
        "validation_at_best": curves["validation"][rows, chosen],
        "test_at_best": curves["test"][rows, chosen],
        "test_at_last": curves["test"][:, -1],
        "stop_epoch": stops[:, 0],
        "test_kept": curves["test"][rows, stops[:, 1] - 1],
    }


def overfitting_comparisons(
    seeds: Sequence[int] = PAIRED_SEEDS, patience: int = PATIENCE
) -> dict[str, Comparison]:
    """The Overfitting page's comparisons over ``seeds``, seed by seed."""
    s = early_stopping_scores(seeds, patience)
    validation = final_accuracy((0.0, 0.5), seeds)["validation"]
    return {
        "early": compare(s["test_at_last"], s["test_at_best"]),
        "optimism": compare(s["test_at_best"], s["validation_at_best"]),
        "patience_best": compare(s["test_at_best"], s["test_kept"]),
        "patience_last": compare(s["test_at_last"], s["test_kept"]),
        "dropout_05": compare(validation[0], validation[1]),
    }


# --8<-- [end:comparisons]


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
