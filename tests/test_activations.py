import warnings

import numpy as np
import pytest

from nnlib import ACTIVATIONS, get_activation
from nnlib.gradcheck import numerical_gradient, relative_error

ELEMENTWISE = [name for name, f in ACTIVATIONS.items() if f.elementwise]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_prime_matches_central_differences(name, rng):
    f = ACTIVATIONS[name]
    z = rng.standard_normal((4, 5)) * 3
    z[np.abs(z) < 1e-3] = 0.5  # keep away from relu's kink
    # d/dz sum(f(z)) is f'(z) elementwise.
    numeric = numerical_gradient(lambda: float(np.sum(f.fn(z))), z)
    assert relative_error(f.prime(z), numeric) < 1e-8
    np.testing.assert_allclose(f.prime_from(z, f.fn(z)), f.prime(z), rtol=0, atol=1e-15)


def test_sigmoid_is_stable_at_large_arguments():
    z = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any overflow warning fails the test
        a = ACTIVATIONS["sigmoid"].fn(z)
    assert np.all(np.isfinite(a))
    assert a[0] == 0.0 and a[2] == 0.5 and a[-1] == 1.0
    # The textbook form overflows: exp(1000) is inf and inf/inf is nan.
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(z) / (1 + np.exp(z))
    assert np.isnan(naive[-1])


def test_sigmoid_matches_the_definition():
    z = np.linspace(-30, 30, 601)
    exact = 1.0 / (1.0 + np.exp(-z))
    assert np.max(np.abs(ACTIVATIONS["sigmoid"].fn(z) - exact)) < 2.3e-16


def test_sigmoid_prime_is_at_most_a_quarter():
    z = np.linspace(-10, 10, 2001)
    sp = ACTIVATIONS["sigmoid"].prime(z)
    assert sp.max() == pytest.approx(0.25) and sp.argmax() == 1000


def test_softmax_rows_are_distributions_and_stable():
    z = np.array([[1000.0, 1000.0, 0.0], [1.0, 2.0, 3.0]])
    a = ACTIVATIONS["softmax"].fn(z)
    np.testing.assert_allclose(a.sum(axis=1), 1.0)
    np.testing.assert_allclose(a[0], [0.5, 0.5, 0.0], atol=1e-300)
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(a[1], e / e.sum())


def test_softmax_prime_explains_itself():
    with pytest.raises(TypeError, match="log_likelihood"):
        ACTIVATIONS["softmax"].prime(np.zeros((1, 3)))


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(ValueError) as e:
        get_activation("sigmod")
    for name in ACTIVATIONS:
        assert name in str(e.value)


def test_sigmoid_keeps_relative_precision_for_tiny_outputs():
    z = np.array([-40.0, -300.0, -700.0])
    exact = np.exp(z) / (1 + np.exp(z))  # no overflow for negative z
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"].fn(z), exact, rtol=1e-15)


def test_activations_keep_float32():
    z = np.linspace(-3, 3, 7, dtype=np.float32)
    for name, f in ACTIVATIONS.items():
        assert f.fn(z).dtype == np.float32, name
