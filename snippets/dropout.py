"""Inverted dropout on numpy arrays: a keep-mask, scaling, and input checks."""

# --8<-- [start:dropout]
import numbers

import numpy as np


def dropout(
    x: np.ndarray,
    rate: float,
    *,
    rng: np.random.Generator | int | None = None,
    training: bool = True,
) -> np.ndarray:
    """Zero elements of ``x`` with probability ``rate``, scale the rest.

    Survivors are multiplied by 1 / (1 - rate), so the expected output is x.

    Parameters
    ----------
    x
        Floating array of any shape. Never modified.
    rate
        Probability of dropping an element, in [0, 1].
    rng
        ``np.random.Generator``, int seed, or None (fresh entropy).
    training
        When False, dropout is off and a copy of ``x`` comes back.

    Returns
    -------
    np.ndarray
        The shape and dtype of ``x``; its expected value is ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not floating, or ``rate`` or ``rng`` has the wrong type.
    ValueError
        If ``rate`` is outside [0, 1] or NaN.

    Examples
    --------
    >>> x = np.arange(1, 9, dtype=np.float32)
    >>> dropout(x, 0.5, rng=3)
    array([ 2.,  0.,  0.,  0.,  0., 12., 14., 16.], dtype=float32)
    >>> dropout(x, 0.5, rng=3, training=False)
    array([1., 2., 3., 4., 5., 6., 7., 8.], dtype=float32)
    """
    x = check_float_array(x, "x")
    rate = check_rate(rate)
    rng = check_rng(rng)  # also when it is not used: a wrong one is a bug
    if not training or rate == 0.0:
        return x.copy()
    if rate == 1.0:
        return np.zeros_like(x)
    mask = keep_mask(x.shape, rate, rng=rng)
    return apply_mask(x, mask, rate)


# --8<-- [end:dropout]


# --8<-- [start:mask]
def keep_mask(
    shape: tuple[int, ...],
    rate: float,
    *,
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    """Boolean array of ``shape``: True (probability 1 - rate) keeps a unit."""
    rng = np.random.default_rng(check_rng(rng))
    return rng.random(shape, dtype=np.float32) >= np.float32(rate)


def apply_mask(x: np.ndarray, mask: np.ndarray, rate: float) -> np.ndarray:
    """Multiply ``x`` by ``mask`` (0 or 1) and by 1 / (1 - rate)."""
    scale = x.dtype.type(1.0 / (1.0 - rate))
    return x * (mask * scale)


# --8<-- [end:mask]


# --8<-- [start:checks]
def check_float_array(x: object, name: str) -> np.ndarray:
    """Return ``x`` as an array; TypeError unless its dtype is floating."""
    array = np.asarray(x)
    if not np.issubdtype(array.dtype, np.floating):
        raise TypeError(
            f"{name} must be a floating-point array, got dtype {array.dtype}"
        )
    return array


def check_rate(rate: object) -> float:
    """Return ``rate`` as a float; raise unless it is a real in [0, 1]."""
    if isinstance(rate, (bool, np.bool_)) or not isinstance(
        rate, numbers.Real
    ):
        raise TypeError(f"rate must be a real number in [0, 1], got {rate!r}")
    if not 0.0 <= float(rate) <= 1.0:  # also False for NaN
        raise ValueError(f"rate must be in [0, 1], got {rate!r}")
    return float(rate)


def check_rng(rng: object) -> np.random.Generator | int | None:
    """Return ``rng``; TypeError unless a Generator, an int seed or None."""
    if rng is None or isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (bool, np.bool_)) or not isinstance(
        rng, numbers.Integral
    ):
        raise TypeError(
            f"rng must be a numpy Generator, an int seed or None, got {rng!r}"
        )
    return rng


# --8<-- [end:checks]


# --8<-- [start:expectation]
def mean_of_passes(
    x: np.ndarray,
    rate: float,
    passes: int,
    *,
    rng: np.random.Generator | int | None = None,
    scale: bool = True,
) -> np.ndarray:
    """Running mean of ``passes`` dropout outputs of ``x``.

    Shape (passes, *x.shape). With ``scale=False`` survivors keep their
    value, as if dropout forgot to scale them.
    """
    x = check_float_array(x, "x")
    rate = check_rate(rate)
    if not isinstance(passes, numbers.Integral) or passes < 1:
        raise ValueError(f"passes must be a positive int, got {passes!r}")
    rng = np.random.default_rng(check_rng(rng))
    factor = 1.0 if scale else 1.0 - rate
    outputs = np.stack(
        [dropout(x, rate, rng=rng) * factor for _ in range(passes)]
    )
    counts = np.arange(1, passes + 1).reshape((-1,) + (1,) * x.ndim)
    return np.cumsum(outputs, axis=0) / counts


# --8<-- [end:expectation]


# --8<-- [start:fast]
BLOCK = 1 << 16  # elements per block: the block's arrays stay in cache


def dropout_fast(
    x: np.ndarray,
    rate: float,
    *,
    rng: np.random.Generator | int | None = None,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Inverted dropout from 8 random bits per element, block by block.

    Each element is dropped with probability ``rate`` (to within 2**-64,
    where ``dropout``, drawing float32 uniforms, rounds it up to a multiple
    of 2**-24) and survivors are scaled as in ``dropout``; the same seed
    draws a different mask. Written into
    ``out`` when given: a C-contiguous array of the shape and dtype of
    ``x``, which may be ``x`` itself (dropout in place). Returns ``out``.

    Raises
    ------
    TypeError
        If ``x`` is not floating, ``out`` is not an array, or ``rate`` or
        ``rng`` has the wrong type.
    ValueError
        If ``rate`` is outside [0, 1] or NaN, or ``out`` has another shape
        or dtype, is not C-contiguous and writeable, or overlaps ``x``
        without being ``x``.
    """
    x = check_float_array(x, "x")
    rate = check_rate(rate)
    out = check_out(out, x)
    if rate == 0.0:
        np.copyto(out, x)
        return out
    if rate == 1.0:
        out.fill(0)
        return out
    bits = np.random.default_rng(check_rng(rng)).bit_generator
    # Drop when a byte u < t; a byte equal to t (chance 1/256) is dropped
    # with probability f, so P(drop) = t/256 + f/256 = rate. f is compared
    # as a 64-bit integer: a float comparison would round the raw bits.
    t, f = int(rate * 256), rate * 256 % 1.0
    f_bits = np.uint64(int(f * 2.0**64))
    scale = x.dtype.type(1.0 / (1.0 - rate))
    flat_x, flat_out = x.reshape(-1), out.reshape(-1)
    for start in range(0, flat_x.size, BLOCK):
        block = slice(start, min(start + BLOCK, flat_x.size))
        n = block.stop - start
        u = bits.random_raw(-(-n // 8)).view(np.uint8)[:n]
        keep = u >= t
        if f > 0.0:
            ties = np.flatnonzero(u == t)
            keep[ties] = bits.random_raw(ties.size) >= f_bits
        np.multiply(flat_x[block], keep, out=flat_out[block])
        flat_out[block] *= scale
    return out


def check_out(out: np.ndarray | None, x: np.ndarray) -> np.ndarray:
    """Return a C-contiguous output array for ``x``: ``out``, or a new one."""
    if out is None:
        return np.empty_like(x, order="C")
    if not isinstance(out, np.ndarray):
        raise TypeError(f"out must be a numpy array, got {type(out).__name__}")
    if out.shape != x.shape or out.dtype != x.dtype:
        raise ValueError(
            f"out must have shape {x.shape} and dtype {x.dtype}, "
            f"got {out.shape} and {out.dtype}"
        )
    if not out.flags.c_contiguous or not out.flags.writeable:
        raise ValueError("out must be C-contiguous and writeable")
    if out is not x and np.shares_memory(out, x):
        raise ValueError("out overlaps x without being x")
    return out


# --8<-- [end:fast]


# --8<-- [start:main]
def dropped_and_mean(
    n: int = 1_000_000, rate: float = 0.5, *, seed: int = 0
) -> tuple[float, float]:
    """Share of ``n`` ones that dropout zeroes, and the mean of its output."""
    y = dropout(np.ones(n, dtype=np.float32), rate, rng=seed)
    return float(np.mean(y == 0.0)), float(y.mean(dtype=np.float64))


if __name__ == "__main__":
    for rate in (0.5, 0.3):
        dropped, mean = dropped_and_mean(rate=rate)
        print(
            f"rate {rate}: dropped {dropped:.2%} of a million ones; "
            f"mean output {mean:.4f} (input 1)"
        )
# --8<-- [end:main]
