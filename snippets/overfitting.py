"""Overfitting in numpy: a hold-out split, two fits, a memorising network."""

# Shown on the Overfitting page too, from the Dropout article's sections.
from snippets.dropout import apply_mask, check_rate, keep_mask  # noqa: I001

# --8<-- [start:curve_fits]
import numbers
from typing import NamedTuple

import numpy as np


def target(x: np.ndarray) -> np.ndarray:
    """The function both models try to learn."""
    return np.sin(2 * np.pi * x)


def noisy_sample(
    n: int, noise: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """One x in each of ``n`` equal bins of [0, 1]; y = target(x) + noise.

    The noise is Gaussian with standard deviation ``noise``.
    """
    x = (np.arange(n) + rng.uniform(0.0, 1.0, n)) / n
    return x, target(x) + rng.normal(0.0, noise, n)


def fit_polynomial(
    x: np.ndarray, y: np.ndarray, degree: int
) -> np.polynomial.Chebyshev:
    """Least-squares polynomial of ``degree``, in the Chebyshev basis."""
    return np.polynomial.Chebyshev.fit(x, y, degree, domain=[0.0, 1.0])


def rmse(
    model: np.polynomial.Chebyshev, x: np.ndarray, y: np.ndarray
) -> float:
    """Root-mean-square error of ``model`` on the points (x, y)."""
    return float(np.sqrt(np.mean((model(x) - y) ** 2)))


class Fits(NamedTuple):
    """Three fits and the data: (x, y) to train on and to hold out."""

    train: tuple[np.ndarray, np.ndarray]
    held_out: tuple[np.ndarray, np.ndarray]
    model_a: np.polynomial.Chebyshev  # too flexible: memorises
    model_b: np.polynomial.Chebyshev  # about right: generalises
    too_simple: np.polynomial.Chebyshev  # too rigid: underfits


def fit_models(
    seed: int = 0,
    *,
    n_train: int = 10,
    n_held_out: int = 200,
    noise: float = 0.15,
    degree_b: int = 3,
    degree_simple: int = 1,
) -> Fits:
    """Fit Model A (degree n_train - 1), Model B and a too simple model.

    Model A has one coefficient per training point: it hits every one.
    """
    rng = np.random.default_rng(seed)
    x, y = noisy_sample(n_train, noise, rng)
    held_out = noisy_sample(n_held_out, noise, rng)
    return Fits(
        (x, y),
        held_out,
        fit_polynomial(x, y, n_train - 1),
        fit_polynomial(x, y, degree_b),
        fit_polynomial(x, y, degree_simple),
    )


# --8<-- [end:curve_fits]


# --8<-- [start:split]
def train_validation_split(
    X: np.ndarray,
    y: np.ndarray,
    validation_fraction: float,
    *,
    rng: np.random.Generator | int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the samples and hold ``validation_fraction`` of them out.

    Parameters
    ----------
    X
        Array of shape (n, ...): one sample per row.
    y
        Array of shape (n, ...): targets, in the same order as ``X``.
    validation_fraction
        Share of samples held out, in (0, 1); rounded up, as scikit-learn
        does.
    rng
        ``np.random.Generator``, int seed, or None.

    Returns
    -------
    tuple of np.ndarray
        ``X_train, X_val, y_train, y_val``: disjoint parts that together
        hold every sample once.

    Raises
    ------
    TypeError
        If ``X`` or ``y`` is not a numpy array, or the fraction not a number.
    ValueError
        If the lengths differ, or the fraction leaves a side empty.

    Examples
    --------
    >>> X, y = np.arange(20).reshape(10, 2), np.arange(10)
    >>> parts = train_validation_split(X, y, 0.25, rng=0)
    >>> [len(part) for part in parts]
    [7, 3, 7, 3]
    """
    for name, array in (("X", X), ("y", y)):
        if not isinstance(array, np.ndarray) or array.ndim == 0:
            raise TypeError(
                f"{name} must be a numpy array with an axis, got {array!r}"
            )
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same length, got {len(X)} and {len(y)}"
        )
    if isinstance(validation_fraction, bool) or not isinstance(
        validation_fraction, numbers.Real
    ):
        raise TypeError(
            f"validation_fraction must be a number, got {validation_fraction}"
        )
    if not 0.0 < validation_fraction < 1.0:
        raise ValueError(
            f"validation_fraction must be in (0, 1), got {validation_fraction}"
        )
    n_val = int(np.ceil(validation_fraction * len(X)))
    if not 0 < n_val < len(X):
        raise ValueError(
            f"validation_fraction={validation_fraction} of {len(X)} samples "
            f"leaves {len(X) - n_val} for training and {n_val} for validation"
        )
    order = np.random.default_rng(rng).permutation(len(X))
    train, val = order[n_val:], order[:n_val]
    return X[train], X[val], y[train], y[val]


# --8<-- [end:split]


# --8<-- [start:network]
def init_params(
    sizes: tuple[int, int, int], rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Weights of a one-hidden-layer network: N(0, 1/fan-in), zero biases."""
    n_in, n_hidden, n_out = sizes
    return {
        "W1": rng.normal(size=(n_in, n_hidden)) / np.sqrt(n_in),
        "b1": np.zeros(n_hidden),
        "W2": rng.normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden),
        "b2": np.zeros(n_out),
    }


def softmax(logits: np.ndarray) -> np.ndarray:
    """Probabilities along the last axis, computed without overflow."""
    exp = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def forward(
    params: dict[str, np.ndarray], X: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Hidden activations (n, hidden) and class probabilities (n, classes)."""
    hidden = np.tanh(X @ params["W1"] + params["b1"])
    return hidden, softmax(hidden @ params["W2"] + params["b2"])


def loss_and_gradients(
    params: dict[str, np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    *,
    dropout_rate: float = 0.0,
    rng: np.random.Generator | int | None = None,
) -> tuple[float, dict[str, np.ndarray]]:
    """Mean cross-entropy of integer labels ``y``, and its gradients.

    With ``dropout_rate`` > 0 the hidden layer goes through inverted dropout
    (a mask drawn from ``rng``: a Generator gives a new one at each call, an
    int seed the same one), and the gradient flows through that mask.
    Raises ValueError unless ``dropout_rate`` is in [0, 1).
    """
    if check_rate(dropout_rate) == 1.0:
        raise ValueError(f"dropout_rate must be below 1, got {dropout_rate}")
    n = len(X)
    hidden = np.tanh(X @ params["W1"] + params["b1"])
    keep = np.ones(hidden.shape, dtype=bool)
    if dropout_rate > 0.0:
        keep = keep_mask(hidden.shape, dropout_rate, rng=rng)
    seen = apply_mask(hidden, keep, dropout_rate)  # what the next layer gets
    probs = softmax(seen @ params["W2"] + params["b2"])
    loss = -np.mean(np.log(probs[np.arange(n), y]))
    d_logits = probs.copy()
    d_logits[np.arange(n), y] -= 1.0
    d_logits /= n
    d_seen = d_logits @ params["W2"].T
    d_hidden = apply_mask(d_seen, keep, dropout_rate) * (1.0 - hidden**2)
    return float(loss), {
        "W1": X.T @ d_hidden,
        "b1": d_hidden.sum(axis=0),
        "W2": seen.T @ d_logits,
        "b2": d_logits.sum(axis=0),
    }


def accuracy(
    params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray
) -> float:
    """Share of samples whose most probable class is their label."""
    return float(np.mean(forward(params, X)[1].argmax(axis=1) == y))


# --8<-- [end:network]


# --8<-- [start:training]
class Curves(NamedTuple):
    """Accuracy on every part of the data after every epoch, and parameters.

    ``best_params`` are from the epoch with the best validation accuracy
    (early stopping); ``params`` from the last epoch.
    """

    accuracy: dict[str, np.ndarray]  # part name -> shape (epochs,)
    best_epoch: int  # 1-based
    best_params: dict[str, np.ndarray]
    params: dict[str, np.ndarray]


def train(
    params: dict[str, np.ndarray],
    parts: dict[str, tuple[np.ndarray, np.ndarray]],
    *,
    epochs: int,
    learning_rate: float,
    dropout_rate: float = 0.0,
    rng: np.random.Generator | int | None = None,
) -> Curves:
    """Full-batch gradient descent on ``parts["train"]``, as (X, y).

    Accuracy is measured without dropout on every part after every epoch;
    only ``parts["validation"]`` chooses the best epoch. ``params`` is
    updated in place; ``rng`` draws the dropout masks.
    """
    rng = np.random.default_rng(rng)
    history = {part: np.zeros(epochs) for part in parts}
    best_params = {name: value.copy() for name, value in params.items()}
    for epoch in range(epochs):
        _, grads = loss_and_gradients(
            params, *parts["train"], dropout_rate=dropout_rate, rng=rng
        )
        for name in params:
            params[name] -= learning_rate * grads[name]
        for part, (X, y) in parts.items():
            history[part][epoch] = accuracy(params, X, y)
        validation = history["validation"]
        if validation[epoch] > validation[:epoch].max(initial=-1.0):
            best_params = {
                name: value.copy() for name, value in params.items()
            }
    best_epoch = int(np.argmax(history["validation"])) + 1
    return Curves(history, best_epoch, best_params, params)


# --8<-- [end:training]


# --8<-- [start:experiment]
def noisy_classes(
    n: int,
    *,
    features: int = 60,
    classes: int = 4,
    spread: float = 0.8,
    label_noise: float = 0.45,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clouds around random class centres, some labels made random.

    Each label is replaced by a random class with probability ``label_noise``.
    """
    centres = rng.normal(0.0, spread, size=(classes, features))
    y = rng.integers(0, classes, size=n)
    X = centres[y] + rng.normal(size=(n, features))
    relabel = rng.random(n) < label_noise
    return X, np.where(relabel, rng.integers(0, classes, size=n), y)


def classification_parts(
    seed: int = 0,
    *,
    samples: int = 400,
    held_out_fraction: float = 0.7,
    classes: int = 4,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Noisy classes split three ways: "train", "validation" and "test".

    The held-out samples are halved: validation chooses (the epoch, the
    model), test reports, once, and chooses nothing.
    """
    rng = np.random.default_rng(seed)
    X, y = noisy_classes(samples, classes=classes, rng=rng)
    X_train, X_out, y_train, y_out = train_validation_split(
        X, y, held_out_fraction, rng=rng
    )
    half = len(X_out) // 2  # the split shuffled them: two random halves
    return {
        "train": (X_train, y_train),
        "validation": (X_out[:half], y_out[:half]),
        "test": (X_out[half:], y_out[half:]),
    }


def training_curves(
    seed: int = 0,
    *,
    samples: int = 400,
    held_out_fraction: float = 0.7,
    classes: int = 4,
    hidden: int = 128,
    epochs: int = 400,
    learning_rate: float = 0.02,
    dropout_rate: float = 0.0,
) -> Curves:
    """The accuracy chart's experiment: make data, hold some out, train.

    ``seed`` fixes the data and, through a second stream, the initial
    weights and dropout masks. ``dropout_rate`` is in [0, 1).
    """
    if check_rate(dropout_rate) == 1.0:
        raise ValueError(f"dropout_rate must be below 1, got {dropout_rate}")
    parts = classification_parts(
        seed,
        samples=samples,
        held_out_fraction=held_out_fraction,
        classes=classes,
    )
    rng = np.random.default_rng([seed, 1])
    n_features = parts["train"][0].shape[1]
    params = init_params((n_features, hidden, classes), rng)
    return train(
        params,
        parts,
        epochs=epochs,
        learning_rate=learning_rate,
        dropout_rate=dropout_rate,
        rng=rng,
    )


# --8<-- [end:experiment]
