"""snippets/early_stopping.py: where training stops with patience, against exact small cases
and a brute-force reading of the rule."""

import numpy as np
import pytest
from snippets.early_stopping import early_stopping


@pytest.mark.parametrize(
    "scores, patience, expected",
    [
        ([0.5, 0.6, 0.55, 0.58, 0.59], 2, (4, 2)),  # epochs 3 and 4 do not beat 0.6: stop at 4
        ([0.5, 0.6, 0.55, 0.61, 0.59], 2, (5, 4)),  # epoch 4 beats it: the count starts again
        ([0.5, 0.6, 0.6, 0.6], 2, (4, 2)),  # a tie is not better
        ([0.5, 0.6, 0.7], 1, (3, 3)),  # always improving: runs to the end
        ([0.7, 0.6], 1, (2, 1)),
        ([0.3], 5, (1, 1)),
    ],
)
def test_stops_after_patience_epochs_without_a_better_score(scores, patience, expected):
    assert early_stopping(np.array(scores), patience) == expected


def test_with_more_patience_than_epochs_it_keeps_the_best_epoch_of_the_whole_run():
    rng = np.random.default_rng(0)
    for _ in range(50):
        scores = rng.random(30)
        assert early_stopping(scores, 30) == (30, int(np.argmax(scores)) + 1)


def test_matches_the_rule_read_literally_and_leaves_the_scores_alone():
    rng = np.random.default_rng(1)
    for _ in range(200):
        scores = np.round(rng.random(40), 1)  # many ties
        before = scores.copy()
        patience = int(rng.integers(1, 10))
        stop, kept = early_stopping(scores, patience)
        np.testing.assert_array_equal(scores, before)
        # kept: the first epoch with the best score up to the stop
        assert kept == int(np.argmax(scores[:stop])) + 1
        # stopped because the last `patience` epochs did not beat the best before them,
        # or because the run ended
        assert stop == len(scores) or stop - kept == patience
        for epoch in range(kept + 1, stop):  # nothing earlier would have stopped it
            assert epoch - (int(np.argmax(scores[:epoch])) + 1) < patience


@pytest.mark.parametrize("patience, error", [(0, ValueError), (-3, ValueError), (2.5, TypeError), (True, TypeError)])
def test_bad_patience_is_refused_by_name(patience, error):
    with pytest.raises(error, match="patience"):
        early_stopping(np.array([0.5, 0.6]), patience)


@pytest.mark.parametrize("scores", [[], [[0.5, 0.6]]])
def test_scores_must_be_a_non_empty_1d_array(scores):
    with pytest.raises(ValueError, match="validation"):
        early_stopping(np.array(scores), 2)
