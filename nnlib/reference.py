r"""The per-sample algorithm: one training example at a time, as a column vector.

This is backpropagation exactly as the four equations are first written for one sample
(Nielsen's ``Network.backprop`` and ``update_mini_batch``, seed 003): :math:`a^l` and
:math:`\delta^l` are columns of shape ``(n_l, 1)``, :math:`z^l = W^l a^{l-1} + b^l`, and a
mini-batch's gradient is the sum over its samples, one outer product
:math:`\delta^l a^{l-1\,T}` per sample and layer.

It reads the parameters of an :class:`nnlib.Network` and computes the same numbers as the
vectorized ``Network`` does (tests check it to 1e-12), only slower: the book uses it as the
reference the fast version must match, and to measure the speed-up.

Derived in: notebooks/05_backprop_equations.ipynb; timed in notebooks/08_digit_classifier.ipynb.
"""

import numpy as np

__all__ = ["feedforward_sample", "backprop_sample", "backprop_per_sample", "sgd_epoch_per_sample"]


def _apply(f, z):
    # Activations act on rows of a batch; a column is a batch of one, transposed.
    return f.fn(z.T).T


def feedforward_sample(net, x):
    """zs and activations of one sample ``x`` (shape ``(n_0,)``), as columns."""
    a = np.asarray(x, dtype=net.dtype).reshape(-1, 1)
    zs, activations = [], [a]
    for w, b, f in zip(net.weights, net.biases, net.activation_functions):
        z = w @ a + b.reshape(-1, 1)
        a = _apply(f, z)
        zs.append(z)
        activations.append(a)
    return zs, activations


def backprop_sample(net, x, y):
    """Gradients of the cost of one sample, :math:`C_x`, by BP1-BP4 on column vectors."""
    zs, activations = feedforward_sample(net, x)
    y = np.asarray(y, dtype=net.dtype).reshape(-1, 1)
    fs = net.activation_functions
    delta = net.cost.delta(zs[-1].T, activations[-1].T, y.T, fs[-1]).T        # BP1
    nabla_w = [None] * len(net.weights)
    nabla_b = [None] * len(net.weights)
    nabla_w[-1] = delta @ activations[-2].T                                  # BP4
    nabla_b[-1] = delta[:, 0]                                                # BP3
    for i in range(len(net.weights) - 2, -1, -1):
        delta = (net.weights[i + 1].T @ delta) * fs[i].prime(zs[i])          # BP2
        nabla_w[i] = delta @ activations[i].T
        nabla_b[i] = delta[:, 0]
    return nabla_w, nabla_b


def backprop_per_sample(net, X, Y):
    """Gradients of the mean cost over the rows of ``X``, summed one sample at a time."""
    X = net._check_X(X)
    Y = net._check_Y(Y, X.shape[0])
    nabla_w = [np.zeros_like(w) for w in net.weights]
    nabla_b = [np.zeros_like(b) for b in net.biases]
    for x, y in zip(X, Y):
        dw, db = backprop_sample(net, x, y)
        for i in range(len(nabla_w)):
            nabla_w[i] += dw[i]
            nabla_b[i] += db[i]
    m = X.shape[0]
    return [g / m for g in nabla_w], [g / m for g in nabla_b]


def sgd_epoch_per_sample(net, X, Y, order, batch_size, eta):
    """One epoch of plain mini-batch SGD (no L2, no dropout) visiting rows in ``order``,
    updating ``net`` in place: the same steps as ``Network.fit`` with the same order."""
    X = net._check_X(X)
    Y = net._check_Y(Y, X.shape[0])
    for k in range(0, len(order), batch_size):
        idx = order[k:k + batch_size]
        nabla_w, nabla_b = backprop_per_sample(net, X[idx], Y[idx])
        for w, b, gw, gb in zip(net.weights, net.biases, nabla_w, nabla_b):
            w -= eta * gw
            b -= eta * gb
