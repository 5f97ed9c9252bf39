"""The layer-object post's (seed 004) set-up on iris, evaluated on held-out flowers."""

import numpy as np

from nnlib import Network, data


def seed_004_setup(seed):
    """[4, 6, 3], sigmoid everywhere, quadratic cost, U(-0.5, 0.5) weights and zero biases,
    one sample per step, 400 epochs, learning rate 0.05, raw (unscaled) measurements."""
    X, y = data.load_iris()
    (X_train, y_train), (X_test, y_test) = data.split(X, y, (0.8, 0.2), seed=seed)
    net = Network([4, 6, 3], activations="sigmoid", cost="quadratic", init="uniform", seed=seed)
    net.fit(X_train, y_train, epochs=400, batch_size=1, eta=0.05, seed=seed)
    return net.accuracy(X_test, y_test), len(y_test)


def test_iris_reaches_the_posts_accuracy_on_held_out_data():
    accuracy, n_test = seed_004_setup(seed=0)
    assert n_test == 30
    assert accuracy >= 0.96
