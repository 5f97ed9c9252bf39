"""Checks for the exercises at the end of each chapter.

Each chapter's last cells pose exercises; the reader writes an answer in a cell and runs
``check("2.1", answer)``, which prints whether it is right and, if not, a hint. The expected
answers are computed here, not printed in the notebooks. An unanswered exercise (``None`` or
``...``) is reported as such, never as an error, so a chapter always runs top to bottom.
"""

import math

import numpy as np

__all__ = ["check", "passes", "EXERCISES"]

EXERCISES = {}


class _Unanswered(Exception):
    """The reader's function is still the stub: it returned None."""


def _call(fn, *args):
    result = fn(*args)
    if result is None:
        raise _Unanswered
    return result


def _exercise(name, question):
    def register(fn):
        EXERCISES[name] = (question, fn)
        return fn
    return register


def passes(name, answer):
    """``(ok, message)`` for ``answer`` to exercise ``name``, without printing."""
    if name not in EXERCISES:
        raise ValueError(f"no exercise {name!r}; the exercises are {sorted(EXERCISES)}")
    question, fn = EXERCISES[name]
    if answer is None or answer is Ellipsis:
        return False, f"Exercise {name}: not answered yet ({question})."
    try:
        ok, hint = fn(answer)
    except _Unanswered:
        return False, f"Exercise {name}: not answered yet ({question}): your function returns None."
    except Exception as e:  # a reader's function that crashes gets told why
        ok, hint = False, f"your answer raised {type(e).__name__}: {e}"
    return ok, f"Exercise {name}: " + ("correct." if ok else f"not yet. {hint}")


def check(name, answer):
    """Print whether ``answer`` solves exercise ``name`` (for example ``"2.1"``)."""
    print(passes(name, answer)[1])


def _close(a, b, rtol=1e-6, atol=1e-9):
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol, atol=atol))


# --- chapter 1 ----------------------------------------------------------------------------

@_exercise("1.1", "the number of weights and biases of a [784, 30, 10] network")
def _(answer):
    sizes = [784, 30, 10]
    n = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    return answer == n, "count n_l * n_(l-1) weights plus n_l biases for each layer l >= 1."


@_exercise("1.2", "the shape of Z^2 for a batch of 64 images in a [784, 30, 10] network")
def _(answer):
    return tuple(answer) == (64, 10), "a batch matrix has one row per sample and one column per unit."


# --- chapter 2 ----------------------------------------------------------------------------

@_exercise("2.1", "a function central_difference(f, x, h) approximating f'(x)")
def _(fn):
    cases = [(math.sin, 0.3), (math.exp, 1.2), (lambda t: t ** 3, -2.0)]
    exact = [math.cos(0.3), math.exp(1.2), 12.0]
    got = [_call(fn, f, x, 1e-5) for f, x in cases]
    ok = all(abs(g - e) < 1e-8 * max(1, abs(e)) for g, e in zip(got, exact))
    return ok, ("use (f(x + h) - f(x - h)) / (2h): its error is of order h^2, the one-sided "
                "(f(x + h) - f(x)) / h only of order h.")


@_exercise("2.2", "the largest learning rate for which gradient descent on C(x, y) = (x^2 + 10 y^2)/2 converges")
def _(eta):
    # Along y the step is y <- (1 - 10 eta) y, which shrinks only while |1 - 10 eta| < 1.
    return abs(float(eta) - 2 / 10) < 1e-3, "look at one coordinate at a time: y <- y - eta * dC/dy."


# --- chapter 3 ----------------------------------------------------------------------------

@_exercise("3.1", "a function tanh_prime_from_output(a) giving tanh'(z) from a = tanh(z)")
def _(fn):
    z = np.linspace(-4, 4, 41)
    return _close(_call(fn, np.tanh(z)), 1 - np.tanh(z) ** 2), "differentiate tanh = sinh/cosh and write the result with tanh only."


@_exercise("3.2", "the positive z at which sigma'(z) = 0.01")
def _(z):
    exact = math.log((1 + math.sqrt(1 - 0.04)) / (1 - math.sqrt(1 - 0.04)))
    return abs(float(z) - exact) < 1e-4, "solve s(1 - s) = 0.01 for s = sigma(z), then invert the sigmoid: z = ln(s/(1 - s))."


# --- chapter 4 ----------------------------------------------------------------------------

@_exercise("4.1", "a function forward_columns(weights, biases, X) for a sigmoid network whose batch X "
                 "holds one sample per column, shape (n_0, m), returning the outputs as columns (n_L, m)")
def _(fn):
    from .network import Network
    net = Network([5, 4, 3, 2], seed=11)
    X = np.random.default_rng(11).standard_normal((6, 5))
    got = np.asarray(_call(fn, net.weights, net.biases, X.T))
    if got.shape != (2, 6):
        return False, f"the output should have shape (n_L, m) = (2, 6), not {got.shape}."
    return _close(got, net.output(X).T), \
        "with samples as columns each layer is sigmoid(W @ A + b[:, None]): the bias is a column."


@_exercise("4.2", "the number of multiplications in one forward pass of a batch of 100 through [784, 30, 10]")
def _(answer):
    sizes, m = [784, 30, 10], 100
    n = m * sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    return int(answer) == n, "A @ W.T multiplies an (m, n_in) matrix by an (n_in, n_out) one: m * n_in * n_out products per layer."


# --- chapter 5 ----------------------------------------------------------------------------

def _equation_verdict(fn, sizes, activations, seed):
    """Run check_equations on the reader's backprop; (ok, verdict)."""
    from .gradcheck import check_equations
    from .network import Network
    net = Network(sizes, activations=activations, seed=seed)
    rng = np.random.default_rng(seed)
    X, Y = rng.standard_normal((6, sizes[0])), rng.random((6, sizes[-1]))
    _call(fn, net, X, Y)                      # the stub returns None
    report = check_equations(net, X, Y, backprop=fn)
    return report.ok, report.verdict


@_exercise("5.1", "a function backprop(net, X, Y) returning (nabla_w, nabla_b, deltas) for a network of any activations")
def _(fn):
    return _equation_verdict(fn, [3, 5, 4, 2], ["tanh", "relu", "sigmoid"], seed=5)


@_exercise("5.2", "a function delta_cross_entropy(z, a, y): BP1 for a sigmoid output layer with the "
                 "cost C = -[y ln a + (1 - y) ln(1 - a)]")
def _(fn):
    rng = np.random.default_rng(52)
    z = rng.standard_normal((4, 3)) * 3
    a = 1 / (1 + np.exp(-z))
    y = rng.random((4, 3))
    return _close(_call(fn, z, a, y), a - y), \
        "BP1 is dC/da times sigma'(z): work out dC/da, and write sigma'(z) with a."


# --- chapter 6 ----------------------------------------------------------------------------

@_exercise("6.1", "a pure-Python function k_fold(n, k) returning k lists of row indices (test folds)")
def _(fn):
    for n, k in ((10, 3), (150, 5), (7, 7)):
        folds = _call(fn, n, k)
        sizes = sorted(len(f) for f in folds)
        if len(folds) != k or sorted(i for f in folds for i in f) != list(range(n)) or sizes[-1] - sizes[0] > 1:
            return False, f"for n={n}, k={k}: every index 0..n-1 must be in exactly one fold, and fold sizes may differ by at most one."
    return True, ""


@_exercise("6.2", "the number of per-sample backprops in 5-fold cross-validation, 100 epochs, on wine's 178 samples")
def _(answer):
    return int(answer) == 178 * 4 * 100, "every sample is in the training folds of k - 1 of the k runs, once per epoch."


# --- chapter 7 ----------------------------------------------------------------------------

@_exercise("7.1", "settings (sizes, eta, epochs) that classify the spiral data with >= 0.95 training accuracy")
def _(answer):
    from . import data
    from .network import Network
    sizes, eta, epochs = answer
    if int(epochs) > 300:
        return False, "keep it under 300 epochs."
    X, y = data.spiral(seed=0)
    net = Network(list(sizes), cost="cross_entropy", seed=0)
    net.fit(X, y, epochs=int(epochs), batch_size=10, eta=float(eta), seed=0)
    acc = net.accuracy(X, y)
    return acc >= 0.95, f"training accuracy {acc:.3f}: try more hidden units, a second hidden layer, or another eta."


@_exercise("7.2", "relu_layer_backward(grad_a, z, a_in, W) for a batch: returns (grad_a_in, nabla_W, nabla_b)")
def _(fn):
    rng = np.random.default_rng(72)
    a_in, W, b = rng.standard_normal((5, 4)), rng.standard_normal((3, 4)), rng.standard_normal(3)
    z = a_in @ W.T + b
    grad_a = rng.standard_normal((5, 3))
    delta = grad_a * (z > 0)
    expected = (delta @ W, delta.T @ a_in / 5, delta.mean(axis=0))
    got = _call(fn, grad_a, z, a_in, W)
    if len(got) != 3:
        return False, "return three arrays: (grad_a_in, nabla_W, nabla_b)."
    names = ("grad_a_in", "nabla_W", "nabla_b")
    wrong = [n for n, g, e in zip(names, got, expected) if np.shape(g) != e.shape or not _close(g, e)]
    return not wrong, f"{', '.join(wrong)} not right: delta = grad_a * relu'(z), then BP4, BP3 (means over the rows) and delta @ W."


# --- chapter 8 ----------------------------------------------------------------------------

@_exercise("8.1", "a learning rate with which [784, 30, 10] (quadratic cost) beats eta = 3.0 on the 4,000 MNIST images")
def _(eta):
    from . import data
    from .network import Network
    eta = float(eta)
    X, y = data.load_mnist_sample()
    (X_train, y_train), (X_test, y_test) = data.split(X, y, (0.8, 0.2), seed=0)

    def accuracy(rate):
        net = Network([784, 30, 10], seed=0)
        net.fit(X_train, y_train, epochs=30, batch_size=10, eta=rate, seed=0)
        return net.accuracy(X_test, y_test)

    baseline, yours = accuracy(3.0), accuracy(eta)
    return yours > baseline, f"eta = {eta:g} reaches {yours:.3f}, eta = 3.0 reaches {baseline:.3f}."


# --- chapter 9 ----------------------------------------------------------------------------

@_exercise("9.1", "dC/db at the start for one sigmoid neuron, w = b = 2, input 1, target 0, cross-entropy cost")
def _(answer):
    a = 1 / (1 + math.exp(-4.0))
    return abs(float(answer) - a) < 1e-6, "with cross-entropy, BP1 gives delta = a - y, and BP3 says dC/db = delta."


# --- chapter 10 ---------------------------------------------------------------------------

@_exercise("10.1", "the weight-decay factor per step for eta = 0.5, lmbda = 2, n = 500")
def _(answer):
    return abs(float(answer) - (1 - 0.5 * 2 / 500)) < 1e-9, "the step is w <- (1 - eta * lmbda / n) w - eta * dC0/dw."


# --- chapter 11 ---------------------------------------------------------------------------

@_exercise("11.1", "the standard deviation of z = sum of 784 weights drawn from N(0, 1/784), inputs all 1")
def _(answer):
    return abs(float(answer) - 1.0) < 1e-6, "variances of independent terms add: 784 * (1/784)."


# --- chapter 12 ---------------------------------------------------------------------------

@_exercise("12.1", "a backprop(net, X, Y) in nnlib's layout, checked equation by equation")
def _(fn):
    return _equation_verdict(fn, [4, 6, 6, 3], ["tanh", "sigmoid", "sigmoid"], seed=12)
