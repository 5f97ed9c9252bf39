r"""A fully connected network trained by mini-batch SGD with backpropagation.

This is the network the book derives, in the form the chapters arrive at: whole
mini-batches at once, one matrix product per layer per step, no loop over samples.

Notation (the book's notation table; Python index ``i`` is the book's layer ``l = i + 1``,
layer 0 being the input):

=================  =========================  ==========================================
book               code                       shape
=================  =========================  ==========================================
:math:`n_l`        ``sizes[l]``               number of units in layer l
:math:`W^l`        ``weights[l-1]``           ``(n_l, n_{l-1})``, as ``torch.nn.Linear.weight``
:math:`b^l`        ``biases[l-1]``            ``(n_l,)``
:math:`Z^l`        ``zs[l-1]``                ``(m, n_l)``, one sample per row
:math:`A^l`        ``activations[l]``         ``(m, n_l)``; ``activations[0]`` is ``X``
:math:`\delta^l`   ``deltas[l-1]``            ``(m, n_l)``, :math:`\partial C_x/\partial z^l` per sample
=================  =========================  ==========================================

The batch equations (rows are samples, so the per-sample :math:`W^l a^{l-1}` becomes
:math:`A^{l-1} W^{lT}`; this is the one transpose of the book):

.. math::

    Z^l = A^{l-1} W^{lT} + b^l, \qquad A^l = \sigma(Z^l)

    \delta^L = \nabla_a C \odot \sigma'(Z^L)                     \quad \text{(BP1)}

    \delta^l = (\delta^{l+1} W^{l+1}) \odot \sigma'(Z^l)          \quad \text{(BP2)}

    \partial C / \partial b^l = \tfrac{1}{m} \textstyle\sum_{\text{rows}} \delta^l  \quad \text{(BP3)}

    \partial C / \partial W^l = \tfrac{1}{m}\, \delta^{lT} A^{l-1} \quad \text{(BP4)}

Derived in: notebooks/05_backprop_equations.ipynb. Training (``fit``) in
notebooks/07_training.ipynb; L2, dropout and early stopping in notebooks/10_regularization.ipynb;
the initializations in notebooks/11_initialization.ipynb.

What it leaves out, on purpose: momentum and other optimizers, convolutions, automatic
differentiation. Training never prints: it returns a :class:`History` and calls callbacks.
"""

import math
import time
from dataclasses import dataclass, field

import numpy as np

from ._checks import as_matrix, labels_to_ids, one_hot_rows, positive_int, rng_from
from .activations import ACTIVATIONS, get_activation
from .costs import get_cost

__all__ = ["Network", "History", "Callback", "Step", "StopTraining", "TrainingDiverged",
           "INITS", "SATURATION"]


# --- weight initialization -------------------------------------------------------------

def _init_normal(n_in, n_out, rng):
    """N(0, 1) weights and biases: the seeds' and Nielsen's chapter 1 choice."""
    return rng.standard_normal((n_out, n_in)), rng.standard_normal(n_out)


def _init_scaled(n_in, n_out, rng):
    """N(0, 1/n_in) weights, N(0, 1) biases: Nielsen's chapter 3 choice."""
    return rng.standard_normal((n_out, n_in)) / np.sqrt(n_in), rng.standard_normal(n_out)


def _init_xavier(n_in, n_out, rng):
    """Glorot normal: N(0, 2/(n_in + n_out)) weights, zero biases."""
    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / (n_in + n_out)), np.zeros(n_out)


def _init_he(n_in, n_out, rng):
    """He normal (for relu): N(0, 2/n_in) weights, zero biases."""
    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in), np.zeros(n_out)


def _init_uniform(n_in, n_out, rng):
    """U(-0.5, 0.5) weights, zero biases: the layer-object post's choice (seed 004)."""
    return rng.uniform(-0.5, 0.5, (n_out, n_in)), np.zeros(n_out)


INITS = {"normal": _init_normal, "scaled": _init_scaled, "xavier": _init_xavier, "he": _init_he,
         "uniform": _init_uniform}

# A unit counts as saturated when its output is within 1% of a limit of its range:
# there sigma'(z) is below 0.01 (sigmoid) or 0.02 (tanh), and learning through it is slow.
SATURATION = {"sigmoid": (0.01, 0.99), "tanh": (-0.99, 0.99)}


# --- training record and callbacks -----------------------------------------------------

@dataclass
class History:
    """What ``Network.fit`` measured, one entry per epoch.

    ``grad_norms[e][i]`` is the mean over the epoch's mini-batches of the Frobenius norm of
    :math:`\\partial C/\\partial W` for ``weights[i]``; ``saturation[e][i]`` the fraction of
    layer ``i + 1``'s units that are saturated on the training set after epoch ``e``
    (``nan`` for activations that do not saturate). Validation entries are ``nan`` when no
    validation data was given. ``stopped`` says why training ended early: ``None``,
    ``"early_stopping"``, ``"interrupted"`` (Ctrl-C) or ``"callback"``.
    """

    epoch: list = field(default_factory=list)
    train_cost: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    validation_cost: list = field(default_factory=list)
    validation_accuracy: list = field(default_factory=list)
    grad_norms: list = field(default_factory=list)
    saturation: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    best_epoch: int = None
    stopped: str = None

    def __len__(self):
        return len(self.epoch)

    def as_dict(self):
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class StopTraining(Exception):
    """Raise from a callback to end ``fit`` early; the history so far is kept."""


class TrainingDiverged(FloatingPointError):
    """The training cost became nan or inf. ``.history`` holds the epochs before it."""

    def __init__(self, message, history):
        super().__init__(message)
        self.history = history


class Callback:
    """Base class for callbacks of ``Network.fit``; override what you need.

    ``on_batch_end`` is called after every mini-batch update with a :class:`Step`;
    ``on_epoch_end`` after every epoch with the epoch number and the :class:`History`.
    A plain function passed as a callback is called as ``on_epoch_end``.
    """

    def on_train_begin(self, network, history):
        pass

    def on_batch_end(self, step):
        pass

    def on_epoch_end(self, epoch, history):
        pass

    def on_train_end(self, history):
        pass


class _FunctionCallback(Callback):
    def __init__(self, fn):
        self.on_epoch_end = fn


class Step:
    """One mini-batch update, as a callback sees it. The figures are computed only when read.

    ``loss`` and ``accuracy`` are of this mini-batch before the update; ``grad_norms`` the
    per-layer norms of the weight gradients; ``saturation`` the per-layer fraction of
    saturated units in this mini-batch.
    """

    __slots__ = ("network", "epoch", "batch", "n_batches", "zs", "activations", "y", "steps", "eta")

    def __init__(self, network, epoch, batch, n_batches, zs, activations, y, steps, eta):
        self.network, self.epoch, self.batch, self.n_batches = network, epoch, batch, n_batches
        self.zs, self.activations, self.y, self.steps, self.eta = zs, activations, y, steps, eta

    @property
    def loss(self):
        return self.network.cost.fn(self.activations[-1], self.y)

    @property
    def accuracy(self):
        return _accuracy_of_outputs(self.activations[-1], self.y)

    @property
    def grad_norms(self):
        # steps holds eta times the mean gradient of each weight matrix.
        return [math.sqrt(float(np.vdot(g, g))) / self.eta for g in self.steps]

    @property
    def saturation(self):
        return self.network._saturation(self.activations[1:])


def _accuracy_of_outputs(a, y):
    if a.shape[1] == 1:
        return float(np.mean((a[:, 0] >= 0.5) == (y[:, 0] >= 0.5)))
    return float(np.mean(a.argmax(axis=1) == y.argmax(axis=1)))


# --- the network -----------------------------------------------------------------------

class Network:
    """A fully connected network.

    Parameters
    ----------
    sizes : list of int
        Units per layer, input first: ``[784, 30, 10]``.
    activations : str, Activation, or a list of them
        One for every layer (the same everywhere) or one per non-input layer.
        Names: ``nnlib.ACTIVATIONS``. Softmax only on the output layer.
    cost : str or Cost
        ``"quadratic"``, ``"cross_entropy"`` (sigmoid output) or ``"log_likelihood"``
        (softmax output): ``nnlib.COSTS``.
    init : str
        ``"normal"``, ``"scaled"``, ``"xavier"``, ``"he"`` or ``"uniform"``: ``nnlib.INITS``.
    seed : int, Generator or None
        Seeds the initial weights.
    dtype : numpy float dtype
        ``np.float64`` (default) or ``np.float32``. Data is converted to it on entry.
    """

    def __init__(self, sizes, activations="sigmoid", cost="quadratic", init="normal",
                 seed=None, dtype=np.float64):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
            raise ValueError(f"sizes must list at least two layer sizes, input first, "
                             f"e.g. [784, 30, 10]; got {sizes!r}")
        self.sizes = [positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
        self.num_layers = len(self.sizes)
        n_layers = self.num_layers - 1

        if isinstance(activations, (list, tuple)):
            if len(activations) != n_layers:
                raise ValueError(f"activations lists {len(activations)} functions but the network "
                                 f"has {n_layers} non-input layers (sizes={self.sizes}); give one "
                                 f"per layer or a single name for all")
            self.activation_functions = [get_activation(f) for f in activations]
        else:
            self.activation_functions = [get_activation(activations)] * n_layers
        for i, f in enumerate(self.activation_functions[:-1]):
            if not f.elementwise:
                raise ValueError(f"{f.name} can only be the output layer's activation; "
                                 f"layer {i + 1} is hidden (use sigmoid, tanh or relu there)")
        self.cost = get_cost(cost)
        self.cost.check_output(self.activation_functions[-1])

        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; choose one of {sorted(INITS)}")
        self.init = init
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float64 or float32; got {self.dtype}")

        rng = rng_from(seed)
        self.weights, self.biases = [], []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]):
            w, b = INITS[init](n_in, n_out, rng)
            self.weights.append(w.astype(self.dtype))
            self.biases.append(b.astype(self.dtype))

    def __repr__(self):
        names = [f.name for f in self.activation_functions]
        return (f"Network(sizes={self.sizes}, activations={names}, cost={self.cost.name!r}, "
                f"init={self.init!r}, dtype={self.dtype.name})")

    # --- checks of the caller's data ---

    def _check_X(self, X, name="X"):
        return as_matrix(X, name, self.sizes[0], self.dtype)

    def _check_Y(self, Y, m, name="Y"):
        """Targets as (m, n_L) rows. 1-D input: a column if n_L == 1, else class ids."""
        n_out = self.sizes[-1]
        Y = np.asarray(Y)
        if Y.ndim == 1:
            if n_out == 1:
                Y = Y.reshape(-1, 1)
            else:
                Y = one_hot_rows(labels_to_ids(Y, n_out, name), n_out)
        Y = as_matrix(Y, name, n_out, self.dtype, what="output column")
        if Y.shape[0] != m:
            raise ValueError(f"{name} has {Y.shape[0]} rows but X has {m}: one target row per sample")
        if self.cost.name in ("cross_entropy", "log_likelihood") and (Y.min() < 0 or Y.max() > 1):
            raise ValueError(f"cost={self.cost.name!r} needs targets in [0, 1]; {name} ranges "
                             f"from {Y.min()} to {Y.max()}")
        if self.cost.name == "log_likelihood" and not np.allclose(Y.sum(axis=1), 1.0, atol=1e-6):
            raise ValueError(f"cost='log_likelihood' needs one-hot rows in {name} (each summing "
                             f"to 1); use nnlib.data.one_hot(labels, {n_out})")
        return Y

    # --- forward and backward ---

    def _forward(self, x, masks=None):
        """zs, activations, inputs; ``inputs[i]`` is what layer i+1 sees (after dropout)."""
        zs, activations, inputs = [], [x], [x]
        a = x
        last = self.num_layers - 2
        for i, (w, b, f) in enumerate(zip(self.weights, self.biases, self.activation_functions)):
            z = a @ w.T
            z += b
            a = f.fn(z)
            zs.append(z)
            activations.append(a)
            if masks is not None and i < last:
                a = a * masks[i]
            inputs.append(a)
        return zs, activations, inputs

    def _backward(self, zs, activations, inputs, y, masks=None, scale=None):
        """Gradients of the *sum* of the per-sample costs, and the per-sample deltas.

        With ``scale``, delta^L is multiplied by it first; BP2-BP4 are linear in delta, so
        every delta and gradient comes out multiplied by the same number. ``fit`` passes
        eta/m and gets the SGD steps directly.
        """
        fs = self.activation_functions
        delta = self.cost.delta(zs[-1], activations[-1], y, fs[-1])             # BP1
        if scale is not None:
            delta = delta * scale
        deltas = [delta]
        nabla_w = [delta.T @ inputs[-2]]                                        # BP4
        nabla_b = [delta.sum(axis=0)]                                           # BP3
        for i in range(self.num_layers - 3, -1, -1):
            delta = (delta @ self.weights[i + 1]) * fs[i].prime_from(zs[i], activations[i + 1])  # BP2
            if masks is not None:
                delta = delta * masks[i]
            deltas.append(delta)
            nabla_w.append(delta.T @ inputs[i])
            nabla_b.append(delta.sum(axis=0))
        return nabla_w[::-1], nabla_b[::-1], deltas[::-1]

    def feedforward(self, X):
        """Forward pass. Returns ``zs`` (one ``(m, n_l)`` array per layer) and
        ``activations`` (``activations[0]`` is ``X``, ``activations[-1]`` the output)."""
        zs, activations, _ = self._forward(self._check_X(X))
        return zs, activations

    def output(self, X):
        """The network's output :math:`a^L`, shape ``(m, n_L)``."""
        return self.feedforward(X)[1][-1]

    def backprop(self, X, Y, return_deltas=False):
        r"""Gradients of ``self.loss(X, Y)``: ``nabla_w[i]`` has the shape of ``weights[i]``,
        ``nabla_b[i]`` of ``biases[i]``. With ``return_deltas``, also the per-sample
        :math:`\delta^l` of every layer, ``(m, n_l)`` each."""
        X = self._check_X(X)
        Y = self._check_Y(Y, X.shape[0])
        zs, activations, inputs = self._forward(X)
        nabla_w, nabla_b, deltas = self._backward(zs, activations, inputs, Y)
        m = X.shape[0]
        nabla_w = [g / m for g in nabla_w]
        nabla_b = [g / m for g in nabla_b]
        return (nabla_w, nabla_b, deltas) if return_deltas else (nabla_w, nabla_b)

    def loss(self, X, Y):
        """Mean cost over the rows of X (no regularization term)."""
        X = self._check_X(X)
        Y = self._check_Y(Y, X.shape[0])
        return self.cost.fn(self._forward(X)[1][-1], Y)

    def predict(self, X):
        """Class ids: the index of the largest output, or output >= 0.5 for one output unit."""
        a = self.output(X)
        if a.shape[1] == 1:
            return (a[:, 0] >= 0.5).astype(np.int64)
        return a.argmax(axis=1)

    def accuracy(self, X, labels):
        """Fraction of rows whose predicted class equals ``labels`` (ids or one-hot rows)."""
        X = self._check_X(X)
        ids = labels_to_ids(labels, self.sizes[-1])
        if len(ids) != X.shape[0]:
            raise ValueError(f"labels has {len(ids)} entries but X has {X.shape[0]} rows")
        return float(np.mean(self.predict(X) == ids))

    def _saturation(self, activations):
        """Per layer: the fraction of saturated units (nan if the activation cannot saturate)."""
        out = []
        for f, a in zip(self.activation_functions, activations):
            bounds = SATURATION.get(f.name)
            out.append(float(np.mean((a < bounds[0]) | (a > bounds[1]))) if bounds else math.nan)
        return out

    # --- training ---

    def fit(self, X, Y, epochs=30, batch_size=10, eta=3.0, lmbda=0.0, dropout=0.0,
            validation_data=None, early_stopping=None, callbacks=(), seed=0,
            monitor_size=10_000):
        r"""Train by mini-batch stochastic gradient descent.

        Each epoch shuffles an index (never ``X`` itself) and, for each mini-batch of
        ``batch_size`` rows, runs backprop and takes the step

        .. math:: W \leftarrow (1 - \eta\lambda/n)\,W - \eta\,\partial C/\partial W,
                  \qquad b \leftarrow b - \eta\,\partial C/\partial b

        (L2 as weight decay, ``n = len(X)``; biases are not decayed). ``dropout`` is the
        probability of dropping a hidden unit (inverted dropout: kept units are scaled by
        ``1/(1 - dropout)``, so nothing changes at test time). ``early_stopping=k`` stops
        after ``k`` epochs without a better validation accuracy and restores the best
        weights. A nan or inf training cost raises :class:`TrainingDiverged`; Ctrl-C
        returns the history so far with ``stopped="interrupted"``.

        After each epoch the training cost, accuracy and saturation are measured on the
        whole training set when it has at most ``monitor_size`` rows (all the small sets of
        the book), else on ``monitor_size`` rows drawn once (``None``: always all rows). A
        full pass over 50,000 MNIST rows costs about a third of an epoch's arithmetic.

        Returns a :class:`History`.
        """
        X = self._check_X(X)
        Y = self._check_Y(Y, X.shape[0])
        n = X.shape[0]
        epochs = positive_int(epochs, "epochs", minimum=0)
        batch_size = positive_int(batch_size, "batch_size")
        if not (isinstance(eta, (int, float)) and math.isfinite(eta) and eta > 0):
            raise ValueError(f"eta (the learning rate) must be a positive number; got {eta!r}")
        if not (isinstance(lmbda, (int, float)) and math.isfinite(lmbda) and lmbda >= 0):
            raise ValueError(f"lmbda (the L2 strength) must be a number >= 0; got {lmbda!r}")
        if not (isinstance(dropout, (int, float)) and 0 <= dropout < 1):
            raise ValueError(f"dropout is the probability of dropping a hidden unit and must lie "
                             f"in [0, 1); got {dropout!r}")
        validation = None
        if validation_data is not None:
            if len(validation_data) != 2:
                raise ValueError("validation_data must be a pair (X_val, Y_val)")
            X_val = self._check_X(validation_data[0], "validation X")
            validation = (X_val, self._check_Y(validation_data[1], X_val.shape[0], "validation Y"))
        if early_stopping is not None:
            early_stopping = positive_int(early_stopping, "early_stopping (the patience in epochs)")
            if validation_data is None:
                raise ValueError("early_stopping watches the validation accuracy: pass "
                                 "validation_data=(X_val, Y_val) as well")
        callbacks = [cb if isinstance(cb, Callback) else _FunctionCallback(cb) for cb in callbacks]
        batch_callbacks = [cb for cb in callbacks
                           if type(cb).on_batch_end is not Callback.on_batch_end]

        rng = np.random.default_rng(seed)
        monitored = (X, Y)
        if monitor_size is not None:
            monitor_size = positive_int(monitor_size, "monitor_size")
            if monitor_size < n:
                rows = np.sort(rng.choice(n, monitor_size, replace=False))
                monitored = (X[rows], Y[rows])
        history = History()
        decay = 1.0 - eta * lmbda / n
        hidden_sizes = self.sizes[1:-1]
        n_batches = -(-n // batch_size)
        best = (-math.inf, None)
        for cb in callbacks:
            cb.on_train_begin(self, history)
        try:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                for epoch in range(1, epochs + 1):
                    started = time.perf_counter()
                    order = rng.permutation(n)
                    norm_sums = [0.0] * len(self.weights)
                    for batch, k in enumerate(range(0, n, batch_size)):
                        idx = order[k:k + batch_size]
                        x, y = X[idx], Y[idx]
                        m = x.shape[0]
                        masks = None
                        if dropout:
                            masks = [(rng.random((m, h)) >= dropout) * (1.0 / (1.0 - dropout))
                                     for h in hidden_sizes]
                        zs, activations, inputs = self._forward(x, masks)
                        # Gradients times eta/m: the steps themselves (see _backward).
                        steps_w, steps_b, _ = self._backward(zs, activations, inputs, y, masks,
                                                             scale=eta / m)
                        for i, (w, b, sw, sb) in enumerate(zip(self.weights, self.biases,
                                                               steps_w, steps_b)):
                            norm_sums[i] += math.sqrt(float(np.vdot(sw, sw)))
                            if lmbda:
                                w *= decay
                            w -= sw
                            b -= sb
                        if batch_callbacks:
                            info = Step(self, epoch, batch, n_batches, zs, activations, y,
                                        steps_w, eta)
                            for cb in batch_callbacks:
                                cb.on_batch_end(info)
                    self._record_epoch(history, epoch, monitored, validation,
                                       [s / (eta * n_batches) for s in norm_sums],
                                       time.perf_counter() - started)
                    if not math.isfinite(history.train_cost[-1]):
                        raise TrainingDiverged(
                            f"the training cost became {history.train_cost[-1]} at epoch {epoch}: "
                            f"the steps overshoot. Try a smaller learning rate, e.g. "
                            f"eta={eta / 10:g} instead of eta={eta:g}", history)
                    if early_stopping is not None:
                        if history.validation_accuracy[-1] > best[0]:
                            best = (history.validation_accuracy[-1],
                                    ([w.copy() for w in self.weights], [b.copy() for b in self.biases]))
                            history.best_epoch = epoch
                    for cb in callbacks:
                        cb.on_epoch_end(epoch, history)
                    if early_stopping is not None and epoch - history.best_epoch >= early_stopping:
                        history.stopped = "early_stopping"
                        break
        except KeyboardInterrupt:
            history.stopped = "interrupted"
        except StopTraining:
            history.stopped = "callback"
        if best[1] is not None:
            self.weights, self.biases = best[1]
        for cb in callbacks:
            cb.on_train_end(history)
        return history

    def _record_epoch(self, history, epoch, monitored, validation, grad_norms, seconds):
        X, Y = monitored
        _, activations, _ = self._forward(X)
        history.epoch.append(epoch)
        history.train_cost.append(self.cost.fn(activations[-1], Y))
        history.train_accuracy.append(_accuracy_of_outputs(activations[-1], Y))
        history.saturation.append(self._saturation(activations[1:]))
        history.grad_norms.append(grad_norms)
        if validation:
            a_val = self._forward(validation[0])[1][-1]
            history.validation_cost.append(self.cost.fn(a_val, validation[1]))
            history.validation_accuracy.append(_accuracy_of_outputs(a_val, validation[1]))
        else:
            history.validation_cost.append(math.nan)
            history.validation_accuracy.append(math.nan)
        history.seconds.append(seconds)

    # --- saving ---

    def save(self, path):
        """Save sizes, activation and cost names, init, dtype and parameters to ``.npz``."""
        for f in self.activation_functions:
            if type(ACTIVATIONS.get(f.name)) is not type(f):
                raise ValueError(f"cannot save a custom activation {f!r}: only registered names "
                                 f"can be loaded again")
        arrays = {"sizes": np.array(self.sizes),
                  "activations": np.array([f.name for f in self.activation_functions]),
                  "cost": np.array(self.cost.name), "init": np.array(self.init),
                  "dtype": np.array(self.dtype.name)}
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            arrays[f"w{i}"], arrays[f"b{i}"] = w, b
        np.savez(path, **arrays)

    @classmethod
    def load(cls, path):
        """Load a network saved by :meth:`save` (no pickle: ``allow_pickle=False``)."""
        with np.load(path, allow_pickle=False) as f:
            net = cls([int(s) for s in f["sizes"]], activations=[str(a) for a in f["activations"]],
                      cost=str(f["cost"]), init=str(f["init"]), seed=0, dtype=str(f["dtype"]))
            for i in range(len(net.weights)):
                w, b = f[f"w{i}"], f[f"b{i}"]
                if w.shape != net.weights[i].shape or b.shape != net.biases[i].shape:
                    raise ValueError(f"{path}: layer {i + 1} has shapes {w.shape}, {b.shape}; "
                                     f"expected {net.weights[i].shape}, {net.biases[i].shape}")
                net.weights[i], net.biases[i] = w.astype(net.dtype), b.astype(net.dtype)
        return net
