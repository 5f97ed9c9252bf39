r"""Gradient checking: backprop's numbers against central differences, one equation at a time.

Central difference: :math:`f'(x) \approx (f(x + h) - f(x - h)) / 2h`, with an error of order
:math:`h^2`. The relative error of two arrays is
:math:`\lVert a - n\rVert / (\lVert a\rVert + \lVert n\rVert)`; in float64, at most ``1e-7`` means
the analytic gradient is right (CS231n's threshold), ``1e-2`` and above means it is wrong.

:func:`check_equations` checks each backprop equation on its own, so a bug is named by the
equation it breaks:

- **BP1** compares :math:`\delta^L` with the numerical :math:`\partial C_x/\partial z^L`.
- **BP2** (layer l) compares :math:`\delta^l` with the numerical gradient, with respect to
  :math:`z^l`, of :math:`\sum \delta^{l+1} \odot z^{l+1}(z^l)`, holding the backprop's own
  :math:`\delta^{l+1}` fixed: this is :math:`(\delta^{l+1} W^{l+1}) \odot \sigma'(z^l)`
  whatever is wrong elsewhere.
- **BP3** and **BP4** (layer l) compare :math:`\partial C/\partial b^l` and
  :math:`\partial C/\partial W^l` with the numerical gradients of
  :math:`\frac{1}{m}\sum \delta^l \odot z^l(W^l, b^l)`, holding :math:`\delta^l` fixed.
- **dC/dW**, **dC/db** compare the final gradients with the numerical gradient of the loss
  itself: the end-to-end check.

Derived in: notebooks/05_backprop_equations.ipynb; used in notebooks/12_debugging_backprop.ipynb.
"""

import copy
from dataclasses import dataclass

import numpy as np

__all__ = ["numerical_gradient", "relative_error", "check_gradients", "check_equations",
           "GradCheckReport", "TOLERANCE"]

TOLERANCE = 1e-7


def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of the scalar function ``f()`` with respect to the array ``x``.

    ``x`` is perturbed in place, one entry at a time, and restored; ``f`` takes no arguments
    and must read ``x``.
    """
    grad = np.zeros(x.shape, dtype=np.float64)
    flat = x.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("x must be a contiguous array that f reads, so it can be perturbed in place")
    for j in range(flat.size):
        old = flat[j]
        flat[j] = old + h
        f_plus = f()
        flat[j] = old - h
        f_minus = f()
        flat[j] = old
        grad.reshape(-1)[j] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(analytic, numeric):
    """``||a - n|| / (||a|| + ||n||)``; 0 when both are zero."""
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numeric, dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(f"shapes differ: analytic {a.shape}, numeric {n.shape}")
    denom = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - n) / denom)


@dataclass
class Check:
    """One row of a report: an equation at a layer (the book's numbering)."""

    equation: str
    layer: int
    analytic: np.ndarray
    numeric: np.ndarray
    error: float
    passed: bool
    note: str = ""

    def __str__(self):
        mark = "ok  " if self.passed else "FAIL"
        detail = self.note or (f"max |diff| {np.max(np.abs(self.analytic - self.numeric)):.2e}"
                               if self.analytic.shape == self.numeric.shape else "")
        return f"{mark} {self.equation:<6} layer {self.layer}  rel. error {self.error:.2e}  {detail}"


class GradCheckReport:
    """The rows of a check. ``ok`` is True when every row passed; ``failed`` lists the
    equations that failed, in the order of the backward pass (BP1 first)."""

    def __init__(self, rows, tolerance):
        self.rows, self.tolerance = rows, tolerance

    @property
    def ok(self):
        return all(r.passed for r in self.rows)

    @property
    def failed(self):
        names = []
        for r in self.rows:
            if not r.passed and r.equation not in names:
                names.append(r.equation)
        return names

    @property
    def verdict(self):
        if self.ok:
            return f"all equations hold (relative errors <= {self.tolerance:g})"
        bp = [r for r in self.rows if not r.passed and r.equation.startswith("BP")]
        first = bp[0] if bp else next(r for r in self.rows if not r.passed)
        return (f"{first.equation} fails at layer {first.layer} (relative error {first.error:.2e}); "
                f"failing: {', '.join(self.failed)}")

    def __getitem__(self, key):
        """``report["BP2", 1]``: the row of an equation at a layer."""
        equation, layer = key
        for r in self.rows:
            if r.equation == equation and r.layer == layer:
                return r
        raise KeyError(key)

    def __str__(self):
        return "\n".join([str(r) for r in self.rows] + [self.verdict])

    __repr__ = __str__

    def assert_ok(self):
        if not self.ok:
            raise AssertionError(str(self))


def _row(equation, layer, analytic, numeric, tolerance):
    analytic = np.asarray(analytic, dtype=np.float64)
    if analytic.shape != numeric.shape:
        return Check(equation, layer, analytic, numeric, np.inf, False,
                     f"shape {analytic.shape}, expected {numeric.shape}")
    error = relative_error(analytic, numeric)
    return Check(equation, layer, analytic, numeric, error, bool(error <= tolerance))


def _float64_copy(net):
    net = copy.deepcopy(net)
    net.dtype = np.dtype(np.float64)
    net.weights = [w.astype(np.float64) for w in net.weights]
    net.biases = [b.astype(np.float64) for b in net.biases]
    return net


def check_gradients(net, X, Y, h=1e-5, tolerance=TOLERANCE):
    """End to end: ``net.backprop(X, Y)`` against the numerical gradient of ``net.loss(X, Y)``
    for every weight and bias array (in a float64 copy of ``net``)."""
    net = _float64_copy(net)
    X = net._check_X(X)
    Y = net._check_Y(Y, X.shape[0])
    nabla_w, nabla_b = net.backprop(X, Y)
    return GradCheckReport(_end_to_end(net, X, Y, nabla_w, nabla_b, h, tolerance), tolerance)


def _end_to_end(net, X, Y, nabla_w, nabla_b, h, tolerance):
    loss = lambda: net.cost.fn(net._forward(X)[1][-1], Y)
    rows = []
    for i in range(len(net.weights)):
        rows.append(_row("dC/dW", i + 1, nabla_w[i], numerical_gradient(loss, net.weights[i], h), tolerance))
        rows.append(_row("dC/db", i + 1, nabla_b[i], numerical_gradient(loss, net.biases[i], h), tolerance))
    return rows


def check_equations(net, X, Y, backprop=None, h=1e-5, tolerance=TOLERANCE):
    """Check BP1, BP2 (every hidden layer), BP3 and BP4 (every layer) separately, then the
    final gradients end to end.

    ``backprop(net, X, Y)`` must return ``(nabla_w, nabla_b, deltas)`` in nnlib's layout
    (``deltas[i]`` of shape ``(m, sizes[i+1])``, per sample; ``nabla_*`` the gradients of the
    mean cost). By default it is ``net.backprop(X, Y, return_deltas=True)``; pass your own to
    find which equation it gets wrong. Runs on a float64 copy of ``net``.
    """
    net = _float64_copy(net)
    X = net._check_X(X)
    Y = net._check_Y(Y, X.shape[0])
    m = X.shape[0]
    if backprop is None:
        nabla_w, nabla_b, deltas = net.backprop(X, Y, return_deltas=True)
    else:
        nabla_w, nabla_b, deltas = backprop(net, X, Y)
    zs, activations, _ = net._forward(X)
    fs = net.activation_functions
    L = len(net.weights)
    if len(deltas) != L or len(nabla_w) != L or len(nabla_b) != L:
        raise ValueError(f"backprop returned {len(nabla_w)} weight gradients, {len(nabla_b)} bias "
                         f"gradients and {len(deltas)} deltas; the network has {L} layers")
    rows = []

    # BP1: delta^L against d(sum_x C_x)/dz^L.
    zL = zs[-1].copy()
    total_cost = lambda: m * net.cost.fn(fs[-1].fn(zL), Y)
    rows.append(_row("BP1", L, deltas[-1], numerical_gradient(total_cost, zL, h), tolerance))

    # BP2: delta^l against the numerical vector-Jacobian product of the next layer's delta.
    for i in range(L - 2, -1, -1):
        z = zs[i].copy()
        d_next = np.asarray(deltas[i + 1], dtype=np.float64)
        w, b = net.weights[i + 1], net.biases[i + 1]
        if d_next.shape != zs[i + 1].shape:
            rows.append(Check("BP2", i + 1, np.asarray(deltas[i]), z, np.inf, False,
                              f"delta of layer {i + 2} has shape {d_next.shape}, expected {zs[i + 1].shape}"))
            continue
        carried = lambda: float(np.sum(d_next * (fs[i].fn(z) @ w.T + b)))
        rows.append(_row("BP2", i + 1, deltas[i], numerical_gradient(carried, z, h), tolerance))

    # BP3 and BP4: the gradients of (1/m) sum delta^l * z^l(W^l, b^l), delta^l held fixed.
    for i in range(L - 1, -1, -1):
        d = np.asarray(deltas[i], dtype=np.float64)
        if d.shape != zs[i].shape:
            for eq, g, p in (("BP3", nabla_b[i], net.biases[i]), ("BP4", nabla_w[i], net.weights[i])):
                rows.append(Check(eq, i + 1, np.asarray(g), p, np.inf, False,
                                  f"delta of layer {i + 1} has shape {d.shape}, expected {zs[i].shape}"))
            continue
        a_in = activations[i]
        w, b = net.weights[i].copy(), net.biases[i].copy()
        linear = lambda: float(np.sum(d * (a_in @ w.T + b))) / m
        rows.append(_row("BP3", i + 1, nabla_b[i], numerical_gradient(linear, b, h), tolerance))
        rows.append(_row("BP4", i + 1, nabla_w[i], numerical_gradient(linear, w, h), tolerance))

    rows += _end_to_end(net, X, Y, nabla_w, nabla_b, h, tolerance)
    return GradCheckReport(rows, tolerance)
