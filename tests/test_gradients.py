"""Backprop against central differences, for every activation and cost, equation by equation."""

import numpy as np
import pytest

from nnlib import ACTIVATIONS, Network
from nnlib.data import one_hot
from nnlib.gradcheck import (TOLERANCE, check_equations, check_gradients, numerical_gradient,
                             relative_error)

HIDDEN = [name for name, f in ACTIVATIONS.items() if f.elementwise]
OUTPUT_AND_COST = [(out, "quadratic") for out in HIDDEN] + [("sigmoid", "cross_entropy"),
                                                             ("softmax", "log_likelihood")]


def _problem(rng, sizes=(4, 5, 6, 3), m=7):
    X = rng.standard_normal((m, sizes[0]))
    Y = one_hot(rng.integers(0, sizes[-1], m), sizes[-1])
    return X, Y


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output,cost", OUTPUT_AND_COST)
def test_backprop_equals_central_differences(hidden, output, cost, rng):
    X, Y = _problem(rng)
    net = Network([4, 5, 6, 3], activations=[hidden, hidden, output], cost=cost, seed=1)
    report = check_equations(net, X, Y)
    assert report.ok, str(report)
    worst = max(r.error for r in report.rows)
    assert worst < TOLERANCE, f"largest relative error {worst:.2e}"
    assert {r.equation for r in report.rows} == {"BP1", "BP2", "BP3", "BP4", "dC/dW", "dC/db"}


def test_float32_networks_are_checked_in_float64(rng):
    X, Y = _problem(rng)
    net = Network([4, 5, 6, 3], cost="cross_entropy", seed=1, dtype=np.float32)
    check_gradients(net, X, Y).assert_ok()
    assert net.weights[0].dtype == np.float32  # the check worked on a copy


def test_numerical_gradient_by_hand():
    # f(x) = x0^2 + 3 x1: gradient (2 x0, 3) = (4, 3) at (2, 5).
    x = np.array([2.0, 5.0])
    g = numerical_gradient(lambda: float(x[0] ** 2 + 3 * x[1]), x)
    np.testing.assert_allclose(g, [4.0, 3.0], rtol=1e-9)
    np.testing.assert_array_equal(x, [2.0, 5.0])  # restored


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == 0.0
    assert relative_error(np.array([1.0]), np.array([-1.0])) == 1.0
    with pytest.raises(ValueError, match="shapes differ"):
        relative_error(np.zeros(2), np.zeros(3))


# --- the checker names the equation a buggy backprop breaks --------------------------------

def buggy_backprop(bug):
    """nnlib's batched backprop with one deliberate mistake."""
    def backprop(net, X, Y):
        zs, activations, _ = net._forward(X)
        fs = net.activation_functions
        m = X.shape[0]
        if bug == "sign of (y - a)":
            delta = (Y - activations[-1]) * fs[-1].prime(zs[-1])
        elif bug == "quadratic delta with cross-entropy":
            delta = (activations[-1] - Y) * fs[-1].prime(zs[-1])
        else:
            delta = net.cost.delta(zs[-1], activations[-1], Y, fs[-1])
        deltas = [delta]
        for i in range(len(net.weights) - 2, -1, -1):
            W = net.weights[i + 1]
            back = delta @ (W.T if bug == "W instead of W^T" and W.shape[0] == W.shape[1] else W)
            if bug == "missing sigma'":
                delta = back
            elif bug == "sigmoid's a(1 - a) for every layer":
                # Seed 004: sigma' taken as a(1 - a) from the next layer's input, right only
                # when this layer is a sigmoid (here layer 1 is tanh).
                a = activations[i + 1]
                delta = back * a * (1 - a)
            else:
                delta = back * fs[i].prime(zs[i])
            deltas.insert(0, delta)
        scale = 1.0 if bug == "missing 1/m" else 1.0 / m
        nabla_w = [d.T @ a * scale for d, a in zip(deltas, activations[:-1])]
        axis = 1 if bug == "bias summed over the wrong axis" else 0
        nabla_b = [d.sum(axis=axis) * scale for d in deltas]
        return nabla_w, nabla_b, deltas
    return backprop


@pytest.mark.parametrize("bug,cost,first", [
    ("sign of (y - a)", "quadratic", "BP1"),
    ("quadratic delta with cross-entropy", "cross_entropy", "BP1"),
    ("missing sigma'", "quadratic", "BP2"),
    ("sigmoid's a(1 - a) for every layer", "quadratic", "BP2"),
    ("missing 1/m", "quadratic", "BP3"),
    ("W instead of W^T", "quadratic", "BP2"),
    ("bias summed over the wrong axis", "quadratic", "BP3"),
])
def test_check_equations_names_the_broken_equation(bug, cost, first, rng):
    X, Y = _problem(rng, sizes=(4, 6, 6, 3))        # square W^2: a transposed W still runs
    net = Network([4, 6, 6, 3], activations=["tanh", "sigmoid", "sigmoid"], cost=cost, seed=2)
    report = check_equations(net, X, Y, backprop=buggy_backprop(bug))
    assert not report.ok
    assert report.failed[0] == first, str(report)
    assert report.verdict.startswith(first)
    assert "dC/dW" in report.failed or "dC/db" in report.failed  # the end-to-end check agrees


def test_missing_one_over_m_breaks_bp3_and_bp4_only(rng):
    X, Y = _problem(rng, sizes=(4, 6, 5, 3))
    net = Network([4, 6, 5, 3], seed=2)
    report = check_equations(net, X, Y, backprop=buggy_backprop("missing 1/m"))
    assert report.failed[:2] == ["BP3", "BP4"]
    assert report["BP1", 3].passed and report["BP2", 1].passed


def test_correct_backprop_passes_through_the_same_harness(rng):
    X, Y = _problem(rng, sizes=(4, 6, 5, 3))
    net = Network([4, 6, 5, 3], activations=["tanh", "sigmoid", "sigmoid"], seed=2)
    assert check_equations(net, X, Y, backprop=buggy_backprop("none")).ok
