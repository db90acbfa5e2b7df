"""The exercises of docs/digits.md: each solution's claim holds, and numbers() says what
the solutions print."""

import numpy as np
from snippets.digits import digits_run
from snippets.digits_exercises import (
    changed_count,
    fewer_report,
    noisy_choice,
    noisy_choice_report,
    numbers,
)


def test_about_nine_tenths_of_the_redrawn_labels_change():
    # 300 redrawn, each changes with probability 0.9: binomial(300, 0.9) has sd 5.2
    counts = [changed_count(seed=s) for s in range(20)]
    assert abs(np.mean(counts) - 270) < 4  # the mean of 20 has sd 1.2
    assert all(c <= 300 for c in counts) and changed_count(0.0) == 0
    assert changed_count(1.0) < 1000


def test_fewer_images_are_memorised_as_well_but_read_new_digits_worse():
    small, large = (digits_run(0, n_train=n, epochs=100) for n in (75, 300))
    assert small.accuracy["train"][-1] == 1.0 and large.accuracy["train"][-1] > 0.99
    assert small.accuracy["test"][-1] < large.accuracy["test"][-1] - 0.05
    lines = fewer_report().splitlines()
    assert lines[0].startswith(" 75 images: training 100%") and len(lines) == 2


def test_noisy_validation_chooses_an_epoch_close_to_the_best_test_epoch():
    epoch, validation, test, best, best_test = noisy_choice()
    assert validation < 0.75  # far from 100%: a fifth and more of its labels are wrong
    assert best_test - test < 0.02 and abs(epoch - best) <= 30
    assert noisy_choice_report().startswith(f"validation chooses epoch {epoch}:")


def test_numbers_are_what_the_solutions_print():
    assert numbers() == {
        "changed": f"{changed_count()} of 1000 labels changed",
        "fewer": fewer_report(),
        "noisy_choice": noisy_choice_report(),
    }
