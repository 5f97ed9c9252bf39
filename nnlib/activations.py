r"""Activation functions: each one is a small object with ``fn(z)`` and ``prime(z)``.

A layer computes :math:`a^l = \sigma(z^l)`; backpropagation needs :math:`\sigma'(z^l)`
(BP1 and BP2). Every function here is elementwise except softmax, whose derivative is a
Jacobian; softmax is only used on the output layer together with the log-likelihood
cost, where the Jacobian cancels and the output error is simply :math:`a - y`.

Arrays are batches with one sample per row, shape ``(m, n_l)``; every function also
works on any other shape, elementwise.

Derived in: notebooks/03_neurons_and_activations.ipynb
"""

import numpy as np

__all__ = ["Activation", "Sigmoid", "Tanh", "ReLU", "Linear", "Softmax",
           "ACTIVATIONS", "get_activation"]


class Activation:
    """Base class: ``fn`` computes a = sigma(z), ``prime`` its derivative sigma'(z).

    ``prime_from(z, a)`` returns the same numbers as ``prime(z)`` but may reuse the
    layer's own output ``a = fn(z)`` when that is cheaper (sigmoid: a(1 - a)). Backprop
    calls it with the ``z`` and ``a`` of the same layer, never of another layer.
    """

    name = "activation"
    elementwise = True

    def fn(self, z):
        raise NotImplementedError

    def prime(self, z):
        raise NotImplementedError

    def prime_from(self, z, a):
        return self.prime(z)

    def __repr__(self):
        return f"{type(self).__name__}()"


class Sigmoid(Activation):
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`, with
    :math:`\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le 1/4`.

    Written so that ``exp`` never sees a positive argument: with
    :math:`e = e^{-|z|} \in (0, 1]`, :math:`\sigma(z) = 1/(1+e)` for :math:`z \ge 0` and
    :math:`e/(1+e)` for :math:`z < 0`. No overflow, no warning and no ``nan`` even at
    :math:`|z| = 1000`, where the textbook form ``exp(z) / (1 + exp(z))`` gives ``inf/inf``;
    and full relative precision for tiny outputs (the identity
    :math:`\tfrac12(1 + \tanh(z/2))` is stable too, and about 2 microseconds faster per call,
    but returns 0 for :math:`\sigma(-40) \approx 4 \times 10^{-18}`).
    """

    name = "sigmoid"

    def fn(self, z):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0, e) / (1.0 + e)

    def prime(self, z):
        s = self.fn(z)
        return s * (1.0 - s)

    def prime_from(self, z, a):
        # a is this layer's own output sigma(z), so sigma'(z) = a (1 - a) costs one product.
        return a * (1.0 - a)


class Tanh(Activation):
    r""":math:`\tanh(z)`, with :math:`\tanh'(z) = 1 - \tanh^2(z)`; outputs in (-1, 1)."""

    name = "tanh"

    def fn(self, z):
        return np.tanh(z)

    def prime(self, z):
        t = np.tanh(z)
        return 1.0 - t * t

    def prime_from(self, z, a):
        return 1.0 - a * a


class ReLU(Activation):
    r""":math:`\max(0, z)`, with derivative 1 for :math:`z > 0` and 0 otherwise (0 at z = 0)."""

    name = "relu"

    def fn(self, z):
        return np.maximum(z, 0.0)

    def prime(self, z):
        return (z > 0).astype(z.dtype)


class Linear(Activation):
    r"""The identity :math:`a = z`, with derivative 1. For regression outputs."""

    name = "linear"

    def fn(self, z):
        return z

    def prime(self, z):
        return np.ones_like(z)


class Softmax(Activation):
    r""":math:`a_j = e^{z_j} / \sum_k e^{z_k}` over each row (each sample).

    Computed as :math:`e^{z_j - \max_k z_k}`, which is the same number and never overflows.
    Its derivative is a Jacobian, not an elementwise function, so ``prime`` raises: use
    softmax on the output layer with ``cost="log_likelihood"``, whose output error
    :math:`\delta^L = a^L - y` already contains it.
    """

    name = "softmax"
    elementwise = False

    def fn(self, z):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    def prime(self, z):
        raise TypeError(
            "softmax has no elementwise derivative (it is a Jacobian); use softmax only on "
            "the output layer with cost='log_likelihood', whose delta is a - y")


ACTIVATIONS = {cls.name: cls() for cls in (Sigmoid, Tanh, ReLU, Linear, Softmax)}


def get_activation(name):
    """Return the activation registered under ``name`` (or ``name`` itself if it is one).

    An unknown name is an error that lists the known names; there is no silent fallback.
    """
    if isinstance(name, Activation):
        return name
    if isinstance(name, str) and name in ACTIVATIONS:
        return ACTIVATIONS[name]
    raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)} "
                     f"or pass an nnlib.activations.Activation instance")
