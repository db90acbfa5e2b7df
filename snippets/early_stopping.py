"""Early stopping with patience: when training stops, what it keeps."""

# --8<-- [start:patience]
import numbers

import numpy as np


def early_stopping(validation: np.ndarray, patience: int) -> tuple[int, int]:
    """The epoch training stops at, and the epoch whose parameters it keeps.

    ``validation`` holds a score per epoch, shape (epochs,), higher is
    better. Training stops once ``patience`` epochs in a row have not beaten
    the best score so far (a tie does not count as better), and keeps the
    best epoch seen. Without such a run it goes to the last epoch. Epochs
    count from 1. ``validation`` is not modified.
    """
    if isinstance(patience, bool) or not isinstance(
        patience, numbers.Integral
    ):
        raise TypeError(f"patience must be an int, got {patience!r}")
    if patience < 1:
        raise ValueError(f"patience must be at least 1, got {patience}")
    scores = np.asarray(validation, dtype=float)
    if scores.ndim != 1 or scores.size == 0:
        raise ValueError(
            "validation must be a 1-D array of scores, "
            f"got shape {scores.shape}"
        )
    best, kept = -np.inf, 0
    for epoch, score in enumerate(scores, start=1):
        if score > best:
            best, kept = score, epoch
        elif epoch - kept >= patience:
            return epoch, kept
    return len(scores), kept


# --8<-- [end:patience]
