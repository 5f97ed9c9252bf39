"""Input checks shared by the network and the data helpers.

Every check raises with a message that names the value that was wrong and what to do.
"""

import numbers

import numpy as np


def as_matrix(X, name, n_cols=None, dtype=np.float64, what="column"):
    """Return ``X`` as a 2-D array of ``dtype`` (no copy when it already is one).

    Raises for: not 2-D, no rows, the wrong number of columns, nan or inf.
    """
    try:
        X = np.asarray(X, dtype=dtype)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} must be an array of numbers: {e}") from None
    if X.ndim != 2:
        hint = (f"; for a single sample use {name}.reshape(1, -1)" if X.ndim == 1 else "")
        raise ValueError(f"{name} must be 2-D, one sample per row, shape (m, {n_cols or 'n'}); "
                         f"got shape {X.shape}{hint}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty (shape {X.shape}): it needs at least one row")
    if n_cols is not None and X.shape[1] != n_cols:
        raise ValueError(f"{name} has {X.shape[1]} {what}s but the network expects {n_cols} "
                         f"(sizes[{0 if what == 'column' else -1}]); got shape {X.shape}")
    check_finite(X, name)
    return X


def check_finite(X, name):
    if not np.isfinite(X).all():
        bad = np.argwhere(~np.isfinite(X))[0]
        raise ValueError(f"{name} contains nan or inf (first at index {tuple(int(i) for i in bad)}: "
                         f"{X[tuple(bad)]}); clean or impute the data first")


def labels_to_ids(labels, n_classes, name="labels"):
    """Integer class ids from 1-D integer labels or 2-D one-hot rows; checks the range."""
    labels = np.asarray(labels)
    if labels.ndim == 2:
        if labels.shape[1] != n_classes:
            raise ValueError(f"{name} has {labels.shape[1]} columns but the network has "
                             f"{n_classes} outputs")
        if n_classes == 1:
            return (labels[:, 0] >= 0.5).astype(np.int64)
        return labels.argmax(axis=1)
    if labels.ndim != 1:
        raise ValueError(f"{name} must be 1-D class ids or 2-D one-hot rows; got shape {labels.shape}")
    if labels.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.issubdtype(labels.dtype, np.integer):
        if not np.issubdtype(labels.dtype, np.number) or not np.all(np.mod(labels, 1) == 0):
            raise ValueError(f"{name} must be integer class ids; got dtype {labels.dtype} "
                             f"with non-integer values such as {labels.flat[0]!r}")
        labels = labels.astype(np.int64)
    top = 1 if n_classes == 1 else n_classes - 1
    if labels.min() < 0 or labels.max() > top:
        raise ValueError(f"{name} must lie in 0..{top} for a network with {n_classes} "
                         f"output(s); got values from {labels.min()} to {labels.max()}")
    return labels


def one_hot_rows(ids, n_classes):
    """``(m, n_classes)`` rows of zeros with a 1 at each (already checked) class id."""
    rows = np.zeros((len(ids), n_classes))
    rows[np.arange(len(ids)), ids] = 1.0
    return rows


def positive_int(value, name, minimum=1):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def rng_from(seed):
    """A numpy Generator from a seed, or the Generator itself."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)
