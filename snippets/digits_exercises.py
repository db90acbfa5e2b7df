"""Exercises of docs/digits.md, with solutions: labels, images, choices.

Each solution section runs after the page's code blocks: it uses
``noisy_labels`` and ``digits_run``. ``numbers()`` gives the site what
each one prints.
"""

# The solutions use the article's functions, as a reader's script would.
from snippets.digits import digits_run, noisy_labels  # noqa: I001

# --8<-- [start:changed]
import numpy as np


def changed_count(share: float = 0.3, seed: int = 0) -> int:
    """How many of 1,000 labels (100 of each digit) ``noisy_labels``
    changes at ``share``."""
    y = np.arange(1000) % 10
    rng = np.random.default_rng(seed)
    return int(np.sum(noisy_labels(y, share, rng=rng) != y))


if __name__ == "__main__":
    print(f"{changed_count()} of 1000 labels changed")
# --8<-- [end:changed]


# --8<-- [start:fewer]
def fewer_report(sizes: tuple[int, ...] = (75, 300), epochs: int = 100) -> str:
    """Training and test accuracy of seed 0 after ``epochs``, per size."""
    lines = []
    for n in sizes:
        run = digits_run(0, n_train=n, epochs=epochs)
        train, test = run.accuracy["train"][-1], run.accuracy["test"][-1]
        lines.append(f"{n:3d} images: training {train:.0%}, test {test:.1%}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(fewer_report())
# --8<-- [end:fewer]


# --8<-- [start:noisy_choice]
def noisy_choice(seed: int = 0) -> tuple[int, float, float, int, float]:
    """With 30% random labels: the epoch validation chooses, its validation
    and test accuracy, and the epoch with the best test accuracy and it."""
    run = digits_run(seed, label_noise=0.3)
    chosen = int(np.argmax(run.accuracy["validation"]))
    best = int(np.argmax(run.accuracy["test"]))
    return (
        int(run.epochs[chosen]),
        float(run.accuracy["validation"][chosen]),
        float(run.accuracy["test"][chosen]),
        int(run.epochs[best]),
        float(run.accuracy["test"][best]),
    )


def noisy_choice_report(seed: int = 0) -> str:
    """``noisy_choice(seed)`` in words."""
    epoch, validation, test, best, best_test = noisy_choice(seed)
    return (
        f"validation chooses epoch {epoch}: validation {validation:.0%}, "
        f"test {test:.1%}\n"
        f"the best test epoch is {best}: test {best_test:.1%}"
    )


if __name__ == "__main__":
    print(noisy_choice_report())
# --8<-- [end:noisy_choice]


def numbers() -> dict[str, str]:
    """What the solutions print, for the page (the build)."""
    return {
        "changed": f"{changed_count()} of 1000 labels changed",
        "fewer": fewer_report(),
        "noisy_choice": noisy_choice_report(),
    }
