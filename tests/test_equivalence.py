"""Three implementations of one algorithm: vectorized, one sample at a time, and pure Python."""

import numpy as np
import pytest

from nnlib import Network, data, pure, reference
from nnlib.gradcheck import relative_error


def _max_relative_error(a, b):
    return max(relative_error(p, q) for p, q in zip(a, b))


@pytest.mark.parametrize("sizes,activations,cost", [
    ([4, 6, 3], "sigmoid", "quadratic"),
    ([4, 6, 5, 3], ["tanh", "relu", "sigmoid"], "cross_entropy"),
    ([4, 6, 3], ["sigmoid", "softmax"], "log_likelihood"),
])
def test_per_sample_gradients_equal_the_vectorized_ones(sizes, activations, cost, rng):
    X = rng.standard_normal((20, sizes[0]))
    y = rng.integers(0, sizes[-1], 20)
    net = Network(sizes, activations=activations, cost=cost, seed=0)
    vec_w, vec_b = net.backprop(X, y)
    ref_w, ref_b = reference.backprop_per_sample(net, X, y)
    assert _max_relative_error(vec_w + vec_b, ref_w + ref_b) < 1e-12


def test_pure_python_gradients_equal_the_vectorized_ones(rng):
    X = rng.standard_normal((1, 4))
    y = data.one_hot(rng.integers(0, 3, 1), 3)
    net = Network([4, 6, 3], seed=0)
    vec_w, vec_b = net.backprop(X, y)
    weights, biases = pure.to_lists(net)
    pw, pb = pure.backprop(weights, biases, X[0].tolist(), y[0].tolist())
    assert _max_relative_error(vec_w + vec_b, [np.array(g) for g in pw + pb]) < 1e-12


def test_one_epoch_gives_the_same_weights_three_ways():
    X, y = data.load_iris()
    X = data.standardize(X)
    Y = data.one_hot(y, 3)
    seed, batch_size, eta = 7, 10, 0.5
    fast = Network([4, 6, 3], seed=0)
    slow = Network([4, 6, 3], seed=0)
    weights, biases = pure.to_lists(fast)
    # fit draws its visiting order as default_rng(seed).permutation(n); the others are given it.
    order = np.random.default_rng(seed).permutation(len(X))
    fast.fit(X, Y, epochs=1, batch_size=batch_size, eta=eta, seed=seed)
    reference.sgd_epoch_per_sample(slow, X, Y, order, batch_size, eta)
    pure.train_epoch(weights, biases, X.tolist(), Y.tolist(), order.tolist(), batch_size, eta)
    assert _max_relative_error(fast.weights + fast.biases, slow.weights + slow.biases) < 1e-12
    assert _max_relative_error(fast.weights + fast.biases,
                               [np.array(p) for p in weights + biases]) < 1e-12
    # and the weights did move: the test compares something
    assert relative_error(fast.weights[0], Network([4, 6, 3], seed=0).weights[0]) > 1e-3


def test_pure_python_cross_validation_learns_iris():
    X, y = data.load_iris()
    X = data.standardize(X)
    folds = [(tr.tolist(), te.tolist()) for tr, te in data.kfold(len(X), k=3, seed=0)]
    scores = pure.cross_validate(
        X.tolist(), y.tolist(), folds,
        initial=lambda f: pure.to_lists(Network([4, 5, 3], seed=f)),
        epochs=30, batch_size=5, eta=1.0,
        orders=lambda f, epoch, n: np.random.default_rng([f, epoch]).permutation(n).tolist())
    assert len(scores) == 3
    assert np.mean(scores) > 0.85


def test_pure_sigmoid_is_stable():
    assert pure.sigmoid(-1000.0) == 0.0 and pure.sigmoid(1000.0) == 1.0 and pure.sigmoid(0.0) == 0.5


def test_pure_module_imports_no_numpy():
    import ast
    import inspect
    tree = ast.parse(inspect.getsource(pure))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported == {"math"}


def test_pure_standardize_matches_numpy():
    X, _ = data.load_wine()
    train, test = X[:100], X[100:]
    pure_train, pure_test = pure.standardize(train.tolist(), test.tolist())
    np_train, np_test = data.standardize(train, test)
    np.testing.assert_allclose(pure_train, np_train, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(pure_test, np_test, rtol=1e-12, atol=1e-12)
