"""Long experiments in a notebook: each run made once, progress shown."""

# --8<-- [start:remembered]
import inspect
from collections.abc import Callable
from typing import Any


def remembered(
    function: Callable[..., Any], total: int, every: int = 0
) -> Callable[..., Any]:
    """``function`` with each result kept, and progress printed.

    Calls with the same arguments, by name and with defaults filled in,
    return the first call's result: ``f(0)`` and ``f(0, rate=0.0)`` are one
    run when ``rate`` defaults to 0.0. Arguments must be hashable. Every
    ``every`` new runs (default: a tenth of ``total``, the runs expected),
    a line says how many are done, until ``total`` are.
    """
    if total < 1:
        raise ValueError(f"total must be at least 1, got {total}")
    if every < 0:
        raise ValueError(f"every must be 0 or more, got {every}")
    every = every or max(1, total // 10)
    signature = inspect.signature(function)
    kept: dict[tuple, Any] = {}

    def run(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        key = tuple(
            (name, tuple(sorted(v.items())) if isinstance(v, dict) else v)
            for name, v in bound.arguments.items()
        )
        if key not in kept:
            kept[key] = function(*args, **kwargs)
            done = len(kept)
            if done <= total and (done % every == 0 or done == total):
                print(f"{done} of {total} runs done", flush=True)
        return kept[key]

    return run


# --8<-- [end:remembered]
