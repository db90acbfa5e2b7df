"""snippets.runs: each run once, by its arguments with defaults, and progress until the total."""

import pytest
from snippets.runs import remembered


def counting():
    calls = []

    def run(seed: int, *, rate: float = 0.0, **settings: float) -> tuple:
        calls.append((seed, rate, settings))
        return (seed, rate, tuple(sorted(settings.items())))

    return run, calls


def test_calls_that_name_the_same_run_run_it_once(capsys):
    run, calls = counting()
    kept = remembered(run, total=3)
    first = kept(0)
    assert kept(0, rate=0.0) is first and kept(seed=0) is first
    kept(0, rate=0.5)
    kept(0, hidden=8)
    assert kept(0, hidden=8) == (0, 0.0, (("hidden", 8),))
    assert len(calls) == 3


def test_progress_every_tenth_of_the_total_and_silence_beyond_it(capsys):
    run, _ = counting()
    kept = remembered(run, total=20)
    for seed in range(25):
        kept(seed)
    assert capsys.readouterr().out.splitlines() == [
        f"{done} of 20 runs done" for done in range(2, 21, 2)
    ]


def test_progress_at_a_chosen_step_ends_on_the_total(capsys):
    run, _ = counting()
    kept = remembered(run, total=5, every=2)
    for seed in range(5):
        kept(seed)
    assert capsys.readouterr().out.split("\n")[:-1] == [
        "2 of 5 runs done",
        "4 of 5 runs done",
        "5 of 5 runs done",
    ]


@pytest.mark.parametrize(
    ("total", "every", "message"),
    [(0, 0, "total must be at least 1, got 0"), (5, -1, "every must be 0 or more, got -1")],
)
def test_bad_arguments_are_named(total, every, message):
    run, _ = counting()
    with pytest.raises(ValueError, match=message):
        remembered(run, total=total, every=every)
