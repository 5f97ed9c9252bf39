r"""Backpropagation with no libraries at all: lists of floats and the ``math`` module.

A network of sigmoid layers with the quadratic cost (the set-up of seed 001), trained by
mini-batch SGD. Weights are nested lists, ``weights[i][j][k]`` being :math:`w^{l}_{jk}` for
layer ``l = i + 1`` (the weight from unit k of layer l-1 to unit j of layer l), biases
``biases[i][j]``. Every loop is written out, so each line is one term of BP1-BP4.

It makes no random numbers of its own: it starts from the weights it is given (for example
``to_lists(Network(...))``), so that it can be compared with ``nnlib.Network`` number for
number. ``cross_validate`` runs k-fold cross-validation with folds given as index lists.

Derived in: notebooks/06_pure_python.ipynb.
"""

import math

__all__ = ["sigmoid", "to_lists", "feedforward", "backprop", "train_epoch", "predict",
           "accuracy", "standardize", "cross_validate"]


def sigmoid(z):
    """The logistic function, without overflow: exp only sees a non-positive argument."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def to_lists(net):
    """Copy a network's weights and biases into nested Python lists of floats."""
    return [w.tolist() for w in net.weights], [b.tolist() for b in net.biases]


def feedforward(weights, biases, x):
    """zs and activations for one sample ``x`` (a list), layer by layer."""
    activations, zs = [list(x)], []
    for W, b in zip(weights, biases):
        a_prev = activations[-1]
        z = [sum(w_jk * a_k for w_jk, a_k in zip(row, a_prev)) + b_j for row, b_j in zip(W, b)]
        zs.append(z)
        activations.append([sigmoid(z_j) for z_j in z])
    return zs, activations


def backprop(weights, biases, x, y):
    """Gradients of :math:`C_x = \\frac12 \\lVert a^L - y \\rVert^2` for one sample."""
    zs, activations = feedforward(weights, biases, x)
    L = len(weights)
    deltas = [None] * L
    # BP1: delta^L_j = (a^L_j - y_j) * sigma'(z^L_j), and sigma' = a (1 - a).
    deltas[-1] = [(a - t) * a * (1.0 - a) for a, t in zip(activations[-1], y)]
    # BP2: delta^l_k = (sum_j w^{l+1}_{jk} delta^{l+1}_j) * sigma'(z^l_k).
    for i in range(L - 2, -1, -1):
        W_next, d_next = weights[i + 1], deltas[i + 1]
        deltas[i] = [sum(W_next[j][k] * d_next[j] for j in range(len(d_next))) * a * (1.0 - a)
                     for k, a in enumerate(activations[i + 1])]
    # BP3: dC/db^l_j = delta^l_j.  BP4: dC/dw^l_jk = a^{l-1}_k delta^l_j.
    nabla_b = [list(d) for d in deltas]
    nabla_w = [[[a_k * d_j for a_k in activations[i]] for d_j in deltas[i]] for i in range(L)]
    return nabla_w, nabla_b


def train_epoch(weights, biases, X, Y, order, batch_size, eta):
    """One epoch of mini-batch SGD over the rows of ``X`` (lists) in ``order``; the lists
    ``weights`` and ``biases`` are updated in place."""
    for start in range(0, len(order), batch_size):
        batch = order[start:start + batch_size]
        sum_w = [[[0.0] * len(row) for row in W] for W in weights]
        sum_b = [[0.0] * len(b) for b in biases]
        for r in batch:
            nabla_w, nabla_b = backprop(weights, biases, X[r], Y[r])
            for i in range(len(weights)):
                for j in range(len(weights[i])):
                    sum_b[i][j] += nabla_b[i][j]
                    row = sum_w[i][j]
                    for k, g in enumerate(nabla_w[i][j]):
                        row[k] += g
        step = eta / len(batch)
        for i in range(len(weights)):
            for j in range(len(weights[i])):
                biases[i][j] -= step * sum_b[i][j]
                row, grad = weights[i][j], sum_w[i][j]
                for k in range(len(row)):
                    row[k] -= step * grad[k]


def predict(weights, biases, x):
    """The index of the largest output for one sample."""
    out = feedforward(weights, biases, x)[1][-1]
    return max(range(len(out)), key=out.__getitem__)


def accuracy(weights, biases, X, labels):
    return sum(predict(weights, biases, x) == t for x, t in zip(X, labels)) / len(labels)


def standardize(train_rows, other_rows):
    """Scale each column to mean 0 and standard deviation 1 using the *training* rows'
    statistics, for both lists of rows. (Scaling with statistics of all rows, test rows
    included, lets the test set leak into training.)"""
    n = len(train_rows)
    columns = list(zip(*train_rows))
    means = [sum(c) / n for c in columns]
    stds = [math.sqrt(sum((v - mu) ** 2 for v in c) / n) or 1.0 for c, mu in zip(columns, means)]

    def scale(rows):
        return [[(v - mu) / sd for v, mu, sd in zip(row, means, stds)] for row in rows]

    return scale(train_rows), scale(other_rows)


def cross_validate(X, labels, folds, initial, epochs, batch_size, eta, orders):
    """k-fold cross-validation of the pure-Python network.

    ``X``: list of rows; ``labels``: list of class ids; ``folds``: list of
    ``(train_indices, test_indices)``; ``initial(f)`` returns fresh ``(weights, biases)``
    lists for fold ``f``; ``orders(f, epoch, n)`` the visiting order of the ``n`` training
    rows in that epoch. Each fold standardizes its rows with its training rows' statistics.
    Returns the test accuracy of every fold.
    """
    scores = []
    for f, (train, test) in enumerate(folds):
        weights, biases = initial(f)
        n_out = len(biases[-1])
        X_train, X_test = standardize([X[i] for i in train], [X[i] for i in test])
        Y_train = [[1.0 if c == labels[i] else 0.0 for c in range(n_out)] for i in train]
        for epoch in range(epochs):
            train_epoch(weights, biases, X_train, Y_train, list(orders(f, epoch, len(train))),
                        batch_size, eta)
        scores.append(accuracy(weights, biases, X_test, [labels[i] for i in test]))
    return scores
