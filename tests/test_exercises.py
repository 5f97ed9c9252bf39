"""Every exercise check accepts a right answer, rejects wrong ones, and never crashes."""

import math

import numpy as np
import pytest

from nnlib import Network
from nnlib.exercises import EXERCISES, check, passes


def _backprop_right(net, X, Y):
    return net.backprop(X, Y, return_deltas=True)


def _backprop_wrong(net, X, Y):
    nabla_w, nabla_b, deltas = net.backprop(X, Y, return_deltas=True)
    return [2 * g for g in nabla_w], nabla_b, deltas


def _k_fold_right(n, k):
    return [list(range(n))[i::k] for i in range(k)]


RIGHT = {
    "1.1": 784 * 30 + 30 + 30 * 10 + 10,
    "1.2": (64, 10),
    "2.1": lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
    "2.2": 0.2,
    "3.1": lambda a: 1 - a ** 2,
    "3.2": math.log(99.0 / 1.0) - 0.0101,  # close to ln 99, refined below
    "4.1": lambda weights, biases, X: _forward(weights, biases, X.T).T,
    "4.2": 100 * (784 * 30 + 30 * 10),
    "5.1": _backprop_right,
    "5.2": lambda z, a, y: a - y,
    "6.1": _k_fold_right,
    "6.2": 178 * 4 * 100,
    "7.1": ([2, 50, 3], 1.0, 300),
    "7.2": lambda g, z, a, W: ((g * (z > 0)) @ W, (g * (z > 0)).T @ a / len(a), (g * (z > 0)).mean(axis=0)),
    "8.1": 5.0,
    "9.1": 1 / (1 + math.exp(-4.0)),
    "10.1": 0.998,
    "11.1": 1.0,
    "12.1": _backprop_right,
}
WRONG = {
    "1.1": 784 * 30 + 30 * 10,
    "1.2": (10, 64),
    "2.1": lambda f, x, h: (f(x + h) - f(x)) / h,
    "2.2": 0.4,
    "3.1": lambda a: 1 - a,
    "3.2": 4.0,
    "4.1": lambda weights, biases, X: _forward(weights, biases, X.T),
    "4.2": 784 * 30 + 30 * 10,
    "5.1": _backprop_wrong,
    "5.2": lambda z, a, y: (a - y) * a * (1 - a),
    "6.1": lambda n, k: [list(range(n))] + [[] for _ in range(k - 1)],
    "6.2": 178 * 100,
    "7.1": ([2, 2, 3], 0.01, 5),
    "7.2": lambda g, z, a, W: (g @ W, g.T @ a / len(a), g.mean(axis=0)),
    "8.1": 0.5,
    "9.1": (1 / (1 + math.exp(-4.0))) * 0.0177,
    "10.1": 0.5 * 2 / 500,
    "11.1": 28.0,
    "12.1": _backprop_wrong,
}


def _forward(weights, biases, X):
    a = X
    for w, b in zip(weights, biases):
        a = 1 / (1 + np.exp(-(a @ w.T + b)))
    return a


def _exact_3_2():
    s = (1 + math.sqrt(1 - 0.04)) / 2
    return math.log(s / (1 - s))


RIGHT["3.2"] = _exact_3_2()


def test_every_exercise_has_a_right_and_a_wrong_answer_here():
    assert set(RIGHT) == set(EXERCISES) == set(WRONG)


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_right_answers_pass(name):
    ok, message = passes(name, RIGHT[name])
    assert ok, message


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_wrong_answers_fail_with_a_hint(name):
    ok, message = passes(name, WRONG[name])
    assert not ok and "not yet" in message and len(message) > len(f"Exercise {name}: not yet. ")


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_unanswered_exercises_say_so(name, capsys):
    check(name, ...)
    assert "not answered yet" in capsys.readouterr().out


def test_a_crashing_answer_is_reported_not_raised():
    ok, message = passes("2.1", lambda f, x, h: 1 / 0)
    assert not ok and "ZeroDivisionError" in message


def test_unknown_exercise():
    with pytest.raises(ValueError, match="no exercise '9.9'"):
        check("9.9", 1)


@pytest.mark.parametrize("name", ["2.1", "3.1", "4.1", "5.1", "5.2", "6.1", "7.2", "12.1"])
def test_a_function_stub_that_returns_none_is_unanswered(name):
    def stub(*args):
        return None
    ok, message = passes(name, stub)
    assert not ok and "not answered yet" in message
