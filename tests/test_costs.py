import numpy as np
import pytest

from nnlib import ACTIVATIONS, COSTS, Network, get_cost


def test_quadratic_cost_by_hand():
    a = np.array([[0.8, 0.2], [0.4, 0.6]])
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    # Row 1: (0.8-1)^2 + 0.2^2 = 0.04 + 0.04 = 0.08; row 2: 0.16 + 0.16 = 0.32.
    # C = (0.08 + 0.32) / (2 * 2) = 0.1
    assert COSTS["quadratic"].fn(a, y) == pytest.approx(0.1)


def test_cross_entropy_by_hand():
    a = np.array([[0.9]])
    y = np.array([[1.0]])
    # -(1 * ln 0.9 + 0 * ln 0.1) = 0.1053605...
    assert COSTS["cross_entropy"].fn(a, y) == pytest.approx(-np.log(0.9))


def test_log_likelihood_by_hand():
    a = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    y = np.array([[1.0, 0, 0], [0, 0, 1.0]])
    # -(ln 0.7 + ln 0.8) / 2
    assert COSTS["log_likelihood"].fn(a, y) == pytest.approx(-(np.log(0.7) + np.log(0.8)) / 2)


def test_logs_of_saturated_outputs_stay_finite():
    a = np.array([[0.0, 1.0]])
    y = np.array([[1.0, 0.0]])
    assert np.isfinite(COSTS["cross_entropy"].fn(a, y))
    assert np.isfinite(COSTS["log_likelihood"].fn(np.array([[0.0, 1.0]]), y))


def test_cross_entropy_delta_has_no_sigma_prime():
    # The point of the cross-entropy cost: delta^L = a - y, however saturated the output.
    z = np.array([[8.0]])
    sig = ACTIVATIONS["sigmoid"]
    a = sig.fn(z)
    y = np.array([[0.0]])
    assert COSTS["cross_entropy"].delta(z, a, y, sig)[0, 0] == pytest.approx(a[0, 0])
    assert COSTS["quadratic"].delta(z, a, y, sig)[0, 0] < 1e-3 * a[0, 0]


@pytest.mark.parametrize("output", sorted(ACTIVATIONS))
@pytest.mark.parametrize("cost", sorted(COSTS))
def test_every_output_and_cost_pair_is_accepted_or_refused_clearly(output, cost):
    allowed = {"cross_entropy": {"sigmoid"}, "log_likelihood": {"softmax"}}.get(
        cost, {"sigmoid", "tanh", "relu", "linear"})
    if output in allowed:
        Network([3, 2], activations=output, cost=cost)
    else:
        with pytest.raises(ValueError, match=cost if cost != "quadratic" else "log_likelihood"):
            Network([3, 2], activations=output, cost=cost)


def test_unknown_cost_lists_the_known_ones():
    with pytest.raises(ValueError) as e:
        get_cost("cross-entropy")
    for name in COSTS:
        assert name in str(e.value)
