"""Overfitting in numpy: a hold-out split, two fits, a memorising network."""

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
    """Model A, Model B and the data: (x, y) to train on and to hold out."""

    train: tuple[np.ndarray, np.ndarray]
    held_out: tuple[np.ndarray, np.ndarray]
    model_a: np.polynomial.Chebyshev
    model_b: np.polynomial.Chebyshev


def fit_models(
    seed: int = 0,
    *,
    n_train: int = 10,
    n_held_out: int = 200,
    noise: float = 0.15,
    degree_b: int = 3,
) -> Fits:
    """Fit Model A (degree n_train - 1) and Model B (degree ``degree_b``).

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


def forward(
    params: dict[str, np.ndarray], X: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Hidden activations (n, hidden) and class probabilities (n, classes)."""
    hidden = np.tanh(X @ params["W1"] + params["b1"])
    logits = hidden @ params["W2"] + params["b2"]
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return hidden, exp / exp.sum(axis=1, keepdims=True)


def loss_and_gradients(
    params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray
) -> tuple[float, dict[str, np.ndarray]]:
    """Mean cross-entropy of integer labels ``y``, and its gradients."""
    n = len(X)
    hidden, probs = forward(params, X)
    loss = -np.mean(np.log(probs[np.arange(n), y]))
    d_logits = probs.copy()
    d_logits[np.arange(n), y] -= 1.0
    d_logits /= n
    d_hidden = (d_logits @ params["W2"].T) * (1.0 - hidden**2)
    return float(loss), {
        "W1": X.T @ d_hidden,
        "b1": d_hidden.sum(axis=0),
        "W2": hidden.T @ d_logits,
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
    """Accuracies after every epoch; parameters of the best-validation one."""

    train_accuracy: np.ndarray
    validation_accuracy: np.ndarray
    best_epoch: int  # 1-based
    best_params: dict[str, np.ndarray]


def train(
    params: dict[str, np.ndarray],
    data: tuple[np.ndarray, ...],
    *,
    epochs: int,
    learning_rate: float,
) -> Curves:
    """Full-batch gradient descent on (X_train, X_val, y_train, y_val).

    ``params`` is updated in place. The copy kept in ``best_params`` is
    early stopping.
    """
    X_train, X_val, y_train, y_val = data
    train_acc, val_acc = np.zeros(epochs), np.zeros(epochs)
    best_params = {name: value.copy() for name, value in params.items()}
    for epoch in range(epochs):
        _, grads = loss_and_gradients(params, X_train, y_train)
        for name in params:
            params[name] -= learning_rate * grads[name]
        train_acc[epoch] = accuracy(params, X_train, y_train)
        val_acc[epoch] = accuracy(params, X_val, y_val)
        if val_acc[epoch] > val_acc[:epoch].max(initial=-1.0):
            best_params = {
                name: value.copy() for name, value in params.items()
            }
    return Curves(train_acc, val_acc, int(np.argmax(val_acc)) + 1, best_params)


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


def training_curves(
    seed: int = 0,
    *,
    samples: int = 400,
    validation_fraction: float = 0.7,
    classes: int = 4,
    hidden: int = 128,
    epochs: int = 400,
    learning_rate: float = 0.02,
) -> Curves:
    """The accuracy chart's experiment: make data, hold some out, train."""
    rng = np.random.default_rng(seed)
    X, y = noisy_classes(samples, classes=classes, rng=rng)
    data = train_validation_split(X, y, validation_fraction, rng=rng)
    params = init_params((X.shape[1], hidden, classes), rng)
    return train(params, data, epochs=epochs, learning_rate=learning_rate)


# --8<-- [end:experiment]
