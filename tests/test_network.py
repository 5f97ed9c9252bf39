import math

import numpy as np
import pytest

from nnlib import (INITS, Callback, Network, StopTraining, TrainingDiverged, data)


def test_shapes_follow_the_notation_table(rng):
    net = Network([784, 30, 10], activations="sigmoid", cost="cross_entropy", init="scaled", seed=0)
    assert [w.shape for w in net.weights] == [(30, 784), (10, 30)]
    assert [b.shape for b in net.biases] == [(30,), (10,)]
    X = rng.random((5, 784))
    zs, activations = net.feedforward(X)
    assert [z.shape for z in zs] == [(5, 30), (5, 10)]
    assert activations[0] is not None and np.array_equal(activations[0], X)
    assert [a.shape for a in activations] == [(5, 784), (5, 30), (5, 10)]
    nabla_w, nabla_b = net.backprop(X, rng.integers(0, 10, 5))
    assert [g.shape for g in nabla_w] == [w.shape for w in net.weights]
    assert [g.shape for g in nabla_b] == [b.shape for b in net.biases]


def test_one_forward_and_backward_pass_by_hand():
    net = Network([2, 1, 1], activations="linear", seed=0)
    net.weights = [np.array([[1.0, 2.0]]), np.array([[3.0]])]
    net.biases = [np.array([0.5]), np.array([-1.0])]
    X = np.array([[1.0, 1.0]])
    Y = np.array([[2.0]])
    # z1 = 1*1 + 2*1 + 0.5 = 3.5, a1 = 3.5 (linear); z2 = 3*3.5 - 1 = 9.5 = a2.
    zs, activations = net.feedforward(X)
    assert zs[0][0, 0] == 3.5 and zs[1][0, 0] == 9.5
    # C = (9.5 - 2)^2 / 2 = 28.125
    assert net.loss(X, Y) == 28.125
    # BP1: delta2 = (a2 - y) * 1 = 7.5. BP2: delta1 = 7.5 * w2 * 1 = 22.5.
    # BP4: dC/dW2 = delta2 * a1 = 26.25; dC/dW1 = delta1 * x = [22.5, 22.5]. BP3: db = delta.
    nabla_w, nabla_b, deltas = net.backprop(X, Y, return_deltas=True)
    assert deltas[1][0, 0] == 7.5 and deltas[0][0, 0] == 22.5
    assert nabla_w[1][0, 0] == 26.25 and nabla_w[0].tolist() == [[22.5, 22.5]]
    assert nabla_b[1][0] == 7.5 and nabla_b[0][0] == 22.5


@pytest.mark.parametrize("init", sorted(INITS))
def test_inits_have_their_spread(init):
    net = Network([400, 300, 10], init=init, seed=0)
    std = net.weights[0].std()
    expected = {"normal": 1.0, "scaled": 1 / math.sqrt(400), "xavier": math.sqrt(2 / 700),
                "he": math.sqrt(2 / 400), "uniform": math.sqrt(1 / 12)}[init]
    assert std == pytest.approx(expected, rel=0.02)


def test_same_seed_same_network_and_same_training():
    X, y = data.moons(100, seed=0)
    a, b = Network([2, 8, 2], seed=3), Network([2, 8, 2], seed=3)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, b.weights))
    ha = a.fit(X, y, epochs=3, batch_size=10, eta=0.5, seed=4)
    hb = b.fit(X, y, epochs=3, batch_size=10, eta=0.5, seed=4)
    assert ha.train_cost == hb.train_cost
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, b.weights))


def test_fit_never_changes_the_callers_data():
    X, y = data.moons(50, seed=0)
    X0, y0 = X.copy(), y.copy()
    Network([2, 4, 2], seed=0).fit(X, y, epochs=2, batch_size=5, eta=1.0)
    assert np.array_equal(X, X0) and np.array_equal(y, y0)


def test_fit_learns_xor():
    X, y = data.xor(200, seed=0)
    net = Network([2, 8, 2], cost="cross_entropy", seed=0)
    history = net.fit(X, y, epochs=60, batch_size=10, eta=2.0)
    assert history.train_cost[-1] < history.train_cost[0] / 3
    assert net.accuracy(X, y) >= 0.97


def test_history_records_every_epoch():
    X, y = data.moons(100, seed=0)
    (Xt, yt), (Xv, yv) = data.split(X, y, (0.8, 0.2), seed=0)
    net = Network([2, 5, 4, 2], seed=0)
    h = net.fit(Xt, yt, epochs=4, batch_size=10, eta=1.0, validation_data=(Xv, yv))
    assert h.epoch == [1, 2, 3, 4] and len(h) == 4
    for key in ("train_cost", "train_accuracy", "validation_cost", "validation_accuracy", "seconds"):
        assert len(getattr(h, key)) == 4 and all(np.isfinite(getattr(h, key)))
    assert np.array(h.grad_norms).shape == (4, 3) and np.all(np.array(h.grad_norms) > 0)
    assert np.array(h.saturation).shape == (4, 3)
    assert h.validation_accuracy[-1] == pytest.approx(net.accuracy(Xv, yv))
    assert h.train_cost[-1] == pytest.approx(net.loss(Xt, yt))
    assert h.stopped is None


def test_history_without_validation_has_nan_there():
    X, y = data.moons(40, seed=0)
    h = Network([2, 3, 2], seed=0).fit(X, y, epochs=1, batch_size=4, eta=1.0)
    assert math.isnan(h.validation_accuracy[0])


def test_monitor_size_subsamples_large_training_sets():
    X, y = data.moons(400, seed=0)
    a, b = Network([2, 5, 2], seed=0), Network([2, 5, 2], seed=0)
    ha = a.fit(X, y, epochs=1, batch_size=10, eta=1.0, monitor_size=None)
    hb = b.fit(X, y, epochs=1, batch_size=10, eta=1.0, monitor_size=100)
    assert ha.train_cost[0] == pytest.approx(a.loss(X, y))
    assert hb.train_cost[0] != pytest.approx(b.loss(X, y), rel=1e-12)
    assert hb.train_cost[0] == pytest.approx(b.loss(X, y), rel=0.3)


class Recorder(Callback):
    def __init__(self):
        self.steps, self.epochs, self.began, self.ended = [], [], False, False

    def on_train_begin(self, network, history):
        self.began = True

    def on_batch_end(self, step):
        self.steps.append((step.epoch, step.batch, step.n_batches, step.loss, step.accuracy,
                           step.grad_norms, step.saturation))

    def on_epoch_end(self, epoch, history):
        self.epochs.append((epoch, len(history)))

    def on_train_end(self, history):
        self.ended = True


def test_callbacks_see_every_batch_and_epoch():
    X, y = data.moons(45, seed=0)
    rec = Recorder()
    h = Network([2, 4, 2], seed=0).fit(X, y, epochs=2, batch_size=10, eta=1.0, callbacks=[rec])
    assert rec.began and rec.ended
    assert rec.epochs == [(1, 1), (2, 2)]
    assert [(e, b) for e, b, *_ in rec.steps] == [(e, b) for e in (1, 2) for b in range(5)]
    assert all(n == 5 for _, _, n, *_ in rec.steps)
    epoch1_norms = np.mean([s[5] for s in rec.steps[:5]], axis=0)
    np.testing.assert_allclose(epoch1_norms, h.grad_norms[0])
    assert all(0 <= s[4] <= 1 and s[3] > 0 and len(s[6]) == 2 for s in rec.steps)


def test_batch_grad_norms_are_the_norms_of_backprop():
    X, y = data.moons(10, seed=0)
    net = Network([2, 4, 2], seed=0)
    expected = [np.linalg.norm(g) for g in net.backprop(X, y)[0]]
    seen = []

    class First(Callback):
        def on_batch_end(self, step):
            seen.append(step.grad_norms)

    net.fit(X, y, epochs=1, batch_size=10, eta=0.1, callbacks=[First()], seed=0)
    np.testing.assert_allclose(seen[0], expected, rtol=1e-12)


def test_a_plain_function_is_an_epoch_callback():
    seen = []
    X, y = data.moons(20, seed=0)
    Network([2, 3, 2], seed=0).fit(X, y, epochs=3, batch_size=5, eta=1.0,
                                   callbacks=[lambda epoch, h: seen.append(epoch)])
    assert seen == [1, 2, 3]


def test_stop_training_and_ctrl_c_keep_the_history():
    X, y = data.moons(20, seed=0)

    def stop_at_2(epoch, h):
        if epoch == 2:
            raise StopTraining

    h = Network([2, 3, 2], seed=0).fit(X, y, epochs=9, batch_size=5, eta=1.0, callbacks=[stop_at_2])
    assert h.stopped == "callback" and len(h) == 2

    class CtrlC(Callback):
        def on_batch_end(self, step):
            if step.epoch == 3:
                raise KeyboardInterrupt

    h = Network([2, 3, 2], seed=0).fit(X, y, epochs=9, batch_size=5, eta=1.0, callbacks=[CtrlC()])
    assert h.stopped == "interrupted" and len(h) == 2


def test_divergence_stops_with_a_clear_error():
    X, y = data.moons(100, seed=0)
    net = Network([2, 10, 1], activations=["relu", "linear"], seed=0)
    with pytest.raises(TrainingDiverged, match=r"at epoch \d+.*smaller learning rate.*eta=") as e:
        net.fit(X * 100, y, epochs=50, batch_size=10, eta=10.0)
    assert len(e.value.history) < 50


def test_l2_is_weight_decay():
    # With a zero gradient (linear net, targets equal outputs), one step only decays W.
    X = np.zeros((4, 3))
    net = Network([3, 2], activations="linear", seed=0)
    net.biases[0][:] = 0.0
    w0 = net.weights[0].copy()
    net.fit(X, np.zeros((4, 2)), epochs=1, batch_size=4, eta=0.5, lmbda=0.2)
    # n = 4: W <- (1 - 0.5 * 0.2 / 4) W
    np.testing.assert_allclose(net.weights[0], (1 - 0.5 * 0.2 / 4) * w0)
    assert np.array_equal(net.biases[0], np.zeros(2))  # biases are not decayed


def test_dropout_keeps_the_expected_activation():
    X, y = data.moons(200, seed=0)
    net = Network([2, 50, 2], seed=0)
    seen = []

    class Peek(Callback):
        def on_batch_end(self, step):
            seen.append(step.zs[1])

    # With dropout the next layer's input is a * mask / (1 - p); its mean over many draws
    # equals a: compare z of the output layer with and without dropout (eta tiny: no learning).
    net.fit(X, y, epochs=20, batch_size=200, eta=1e-12, dropout=0.5, callbacks=[Peek()], seed=0)
    with_dropout = np.mean(seen, axis=0)
    without = net.feedforward(net._check_X(X))[0][1]
    assert np.abs(with_dropout.mean() - without.mean()) < 0.1 * np.abs(without).mean()
    assert not np.allclose(seen[0], without)  # units were dropped


def test_dropout_trains_and_changes_nothing_at_test_time():
    X, y = data.moons(200, seed=0)
    net = Network([2, 30, 2], cost="cross_entropy", seed=0)
    net.fit(X, y, epochs=40, batch_size=10, eta=1.0, dropout=0.2)
    assert net.accuracy(X, y) > 0.85
    assert np.array_equal(net.predict(X), net.predict(X))


def test_early_stopping_restores_the_best_weights():
    X, y = data.moons(200, noise=0.3, seed=0)
    (Xt, yt), (Xv, yv) = data.split(X, y, (0.5, 0.5), seed=0)
    net = Network([2, 40, 2], seed=0)
    h = net.fit(Xt, yt, epochs=300, batch_size=5, eta=3.0, validation_data=(Xv, yv),
                early_stopping=5)
    assert h.stopped == "early_stopping" and len(h) < 300
    assert len(h) - h.best_epoch == 5
    assert net.accuracy(Xv, yv) == max(h.validation_accuracy)


def test_save_and_load_round_trip(tmp_path):
    net = Network([3, 4, 2], activations=["tanh", "softmax"], cost="log_likelihood",
                  init="xavier", seed=0, dtype=np.float32)
    path = tmp_path / "net.npz"
    net.save(path)
    back = Network.load(path)
    assert repr(back) == repr(net)
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, back.weights + back.biases))
    assert back.weights[0].dtype == np.float32


def test_float32_network_computes_in_float32(rng):
    net = Network([3, 4, 2], seed=0, dtype=np.float32)
    zs, acts = net.feedforward(rng.random((2, 3)))
    assert all(a.dtype == np.float32 for a in acts) and all(z.dtype == np.float32 for z in zs)
    net.fit(rng.random((20, 3)), rng.integers(0, 2, 20), epochs=1, batch_size=5, eta=1.0)
    assert net.weights[0].dtype == np.float32


def test_predict_and_accuracy_accept_ids_or_one_hot():
    X, y = data.moons(60, seed=0)
    net = Network([2, 6, 2], seed=0)
    net.fit(X, y, epochs=20, batch_size=6, eta=2.0)
    assert net.accuracy(X, y) == net.accuracy(X, data.one_hot(y, 2))
    assert net.predict(X).shape == (60,)
    single = Network([2, 4, 1], seed=0)
    assert set(np.unique(single.predict(X))) <= {0, 1}
    assert 0 <= single.accuracy(X, y) <= 1


# --- bad input gets a clear error -------------------------------------------------------

NET = dict(sizes=[4, 3, 2])


@pytest.mark.parametrize("X,match", [
    (np.zeros((5, 3)), r"3 columns but the network expects 4"),
    (np.zeros(4), r"must be 2-D.*reshape\(1, -1\)"),
    (np.zeros((0, 4)), r"empty"),
    (np.array([[1.0, np.nan, 0, 0]]), r"nan or inf.*index \(0, 1\)"),
    (np.array([[1.0, np.inf, 0, 0]]), r"nan or inf"),
    ([["a", "b", "c", "d"]], r"array of numbers"),
])
def test_bad_X(X, match):
    with pytest.raises((ValueError, TypeError), match=match):
        Network(**NET).feedforward(X)


@pytest.mark.parametrize("Y,match", [
    (np.zeros((5, 3)), r"3 output columns but the network expects 2"),
    (np.array([0, 1, 2, 0, 1]), r"must lie in 0..1"),
    (np.array([0, 1, -1, 0, 1]), r"must lie in 0..1"),
    (np.array([0.5, 1, 0, 0, 1]), r"integer class ids"),
    (np.zeros((4, 2)), r"4 rows but X has 5"),
    (np.full((5, 2), np.nan), r"nan or inf"),
])
def test_bad_Y(Y, match):
    with pytest.raises(ValueError, match=match):
        Network(**NET).fit(np.zeros((5, 4)), Y, epochs=1)


@pytest.mark.parametrize("kwargs,match", [
    (dict(batch_size=0), r"batch_size must be an integer >= 1"),
    (dict(batch_size=2.5), r"batch_size"),
    (dict(eta=0), r"eta .* positive"),
    (dict(eta=-1.0), r"eta"),
    (dict(eta=float("nan")), r"eta"),
    (dict(lmbda=-0.1), r"lmbda"),
    (dict(dropout=1.0), r"dropout .* \[0, 1\)"),
    (dict(dropout=-0.1), r"dropout"),
    (dict(epochs=-1), r"epochs"),
    (dict(early_stopping=3), r"validation_data"),
    (dict(validation_data=(np.zeros((2, 5)), [0, 1])), r"validation X has 5 columns"),
])
def test_bad_training_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Network(**NET).fit(np.zeros((5, 4)), np.array([0, 1, 0, 1, 0]), **kwargs)


@pytest.mark.parametrize("kwargs,match", [
    (dict(sizes=[4]), r"at least two layer sizes"),
    (dict(sizes=[4, 0, 2]), r"sizes\[1\] must be an integer >= 1"),
    (dict(sizes=[4, 3, 2], activations=["sigmoid"]), r"1 functions but the network has 2"),
    (dict(sizes=[4, 3, 2], activations="softmax", cost="log_likelihood"), r"only be the output"),
    (dict(sizes=[4, 3, 2], activations=["sigmoid", "softmax"]), r"needs cost='log_likelihood'"),
    (dict(sizes=[4, 3, 2], activations=["sigmoid", "nope"]), r"unknown activation 'nope'.*relu"),
    (dict(sizes=[4, 3, 2], init="glorot"), r"unknown init 'glorot'.*xavier"),
    (dict(sizes=[4, 3, 2], dtype=np.int32), r"float64 or float32"),
])
def test_bad_network_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Network(**kwargs)


def test_log_likelihood_needs_one_hot_rows():
    net = Network([2, 3], activations="softmax", cost="log_likelihood")
    with pytest.raises(ValueError, match="one-hot"):
        net.loss(np.zeros((2, 2)), np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]))


def test_loading_a_corrupt_file_says_what_is_wrong(tmp_path):
    path = tmp_path / "net.npz"
    net = Network([3, 4, 2], seed=0)
    net.save(path)
    arrays = dict(np.load(path))
    arrays["w0"] = np.zeros((5, 3))
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=r"layer 1 has shapes \(5, 3\)"):
        Network.load(path)
