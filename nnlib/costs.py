r"""Cost functions: each one is a small object with ``fn(a, y)`` and ``delta(z, a, y, activation)``.

``fn`` is the mean cost over the ``m`` rows of a batch, :math:`C = \frac{1}{m}\sum_x C_x`.
``delta`` is the output error of BP1 for every sample,
:math:`\delta^L = \partial C_x / \partial z^L`, shape ``(m, n_L)``: the per-sample error,
not divided by ``m`` (the ``1/m`` enters in BP3 and BP4).

Logs are taken of probabilities clipped to ``[eps, 1 - eps]`` (``eps`` of the dtype), so a
saturated output gives a large finite cost instead of ``inf`` or ``nan``.

Derived in: notebooks/05_backprop_equations.ipynb (BP1); cross-entropy and
log-likelihood in notebooks/09_cross_entropy.ipynb.
"""

import numpy as np

__all__ = ["Cost", "QuadraticCost", "CrossEntropyCost", "LogLikelihoodCost", "COSTS", "get_cost"]


def _clipped(a):
    eps = np.finfo(a.dtype).eps if np.issubdtype(a.dtype, np.floating) else np.finfo(float).eps
    return np.clip(a, eps, 1.0 - eps)


class Cost:
    """Base class. ``outputs`` names the output activations the cost is defined for
    (``None``: any elementwise one)."""

    name = "cost"
    outputs = None

    def fn(self, a, y):
        raise NotImplementedError

    def delta(self, z, a, y, activation):
        raise NotImplementedError

    def check_output(self, activation):
        """Raise a ValueError if this cost cannot follow ``activation`` on the output layer."""
        if self.outputs is not None and activation.name not in self.outputs:
            raise ValueError(
                f"cost={self.name!r} needs a {' or '.join(self.outputs)} output layer, "
                f"not {activation.name!r}: {self._why}")
        if self.outputs is None and not activation.elementwise:
            raise ValueError(
                f"a {activation.name!r} output layer needs cost='log_likelihood' "
                f"(its delta a - y is what makes softmax cheap to differentiate), "
                f"not cost={self.name!r}")

    def __repr__(self):
        return f"{type(self).__name__}()"


class QuadraticCost(Cost):
    r"""Mean squared error: :math:`C = \frac{1}{2m}\sum_x \lVert a^L(x) - y(x)\rVert^2`.

    BP1: :math:`\delta^L = (a^L - y) \odot \sigma'(z^L)`. The factor :math:`\sigma'(z^L)`
    is tiny when a sigmoid output saturates: the learning slowdown.
    """

    name = "quadratic"

    def fn(self, a, y):
        d = a - y
        return 0.5 * float(np.sum(d * d)) / a.shape[0]

    def delta(self, z, a, y, activation):
        return (a - y) * activation.prime_from(z, a)


class CrossEntropyCost(Cost):
    r"""Binary cross-entropy summed over output units:
    :math:`C = -\frac{1}{m}\sum_x \sum_j [y_j \ln a_j + (1 - y_j)\ln(1 - a_j)]`.

    With a sigmoid output, :math:`\partial C_x / \partial a_j = (a_j - y_j) / (a_j(1 - a_j))`
    and :math:`\sigma'(z_j) = a_j(1 - a_j)` cancel: BP1 becomes :math:`\delta^L = a^L - y`.
    """

    name = "cross_entropy"
    outputs = ("sigmoid",)
    _why = "its logs need outputs in (0, 1), and its simple delta a - y holds for sigmoid only"

    def fn(self, a, y):
        a = _clipped(a)
        return -float(np.sum(y * np.log(a) + (1.0 - y) * np.log1p(-a))) / a.shape[0]

    def delta(self, z, a, y, activation):
        return a - y


class LogLikelihoodCost(Cost):
    r"""Negative log-likelihood of the right class: :math:`C = -\frac{1}{m}\sum_x \ln a^L_{y(x)}`,
    with ``y`` one-hot rows. With a softmax output, BP1 is :math:`\delta^L = a^L - y`.
    """

    name = "log_likelihood"
    outputs = ("softmax",)
    _why = "its delta a - y holds only when the outputs are a softmax distribution"

    def fn(self, a, y):
        return -float(np.sum(y * np.log(_clipped(a)))) / a.shape[0]

    def delta(self, z, a, y, activation):
        return a - y


COSTS = {cls.name: cls() for cls in (QuadraticCost, CrossEntropyCost, LogLikelihoodCost)}


def get_cost(name):
    """Return the cost registered under ``name`` (or ``name`` itself if it is a Cost).

    An unknown name is an error that lists the known names.
    """
    if isinstance(name, Cost):
        return name
    if isinstance(name, str) and name in COSTS:
        return COSTS[name]
    raise ValueError(f"unknown cost {name!r}; choose one of {sorted(COSTS)} "
                     f"or pass an nnlib.costs.Cost instance")
