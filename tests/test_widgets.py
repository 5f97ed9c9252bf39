"""The widgets, driven from Python as a reader's clicks would drive them: set a control,
check the data behind what is shown (not the pixels), and check the browser-side links."""

import numpy as np
import pytest

from nnlib import Callback, data
from nnlib.widgets import (GradientFlow, LearningRateExplorer, SaturationExplorer, TrainingDashboard,
                           linked_frames, replay)


def _links(stack):
    return [((l.source[0], l.source[1]), (l.target[0], l.target[1])) for l in stack.links]


def _cost(v):
    return 0.5 * (v[0] ** 2 + 4 * v[1] ** 2)


def _grad(v):
    return np.array([v[0], 4 * v[1]])


def test_learning_rate_explorer_follows_its_slider():
    explorer = LearningRateExplorer(_cost, _grad, etas=[0.02, 0.3, 0.52], steps=30)
    assert len(explorer.frames) == 3 and all(f[:4] == b"\x89PNG" for f in explorer.frames)
    stack = explorer.frame_view              # the browser-side link starts in step with the slider
    assert _links(stack) == [((explorer.slider, "index"), (stack, "selected_index"))]
    assert stack.selected_index == explorer.slider.index == 1
    explorer.slider.value = 0.3
    assert explorer.current["eta"] == 0.3 and explorer.current["costs"][-1] < 1e-8
    explorer.slider.value = 0.52                      # past 2/4: diverges along v2
    assert explorer.current["costs"][-1] > explorer.current["costs"][0]
    explorer.slider.value = 0.02
    assert 1e-3 < explorer.current["costs"][-1] < explorer.current["costs"][0]
    np.testing.assert_allclose(explorer.current["path"][1], [-4 + 0.02 * 4, 2 - 0.02 * 8])


def test_saturation_explorer_shows_the_learning_slowdown():
    explorer = SaturationExplorer(ws=(0.6, 2.0), bs=(0.9, 2.0), epochs=300)
    explorer.w_slider.value, explorer.b_slider.value = 2.0, 2.0
    start = explorer.current
    assert (start["w"], start["b"]) == (2.0, 2.0)
    assert start["a"] == pytest.approx(1 / (1 + np.exp(-4.0)))             # 0.982
    assert start["quadratic"][0] == start["cross_entropy"][0] == pytest.approx(start["a"])
    # Saturated start: the quadratic cost barely moves for dozens of epochs, cross-entropy does not wait.
    assert start["quadratic"][30] > 0.9 and start["cross_entropy"][30] < 0.5
    explorer.w_slider.value, explorer.b_slider.value = 0.6, 0.9             # unsaturated start
    easy = explorer.current
    assert easy["prime"] > 5 * start["prime"]
    assert easy["quadratic"][30] < start["quadratic"][30] - 0.3             # no slowdown here
    outer = explorer.frame_view
    assert len(outer.children) == 2 and all(len(inner.children) == 2 for inner in outer.children)
    assert _links(outer) == [((explorer.w_slider, "index"), (outer, "selected_index"))]
    assert all(_links(inner) == [((explorer.b_slider, "index"), (inner, "selected_index"))]
               for inner in outer.children)


def test_gradient_flow_shows_saturation_and_vanishing_gradients():
    X, y = data.load_digits()
    explorer = GradientFlow(X[:300], y[:300], n_classes=10, depths=(1, 4))
    explorer.init_buttons.value, explorer.depth_slider.value = "normal", 4
    deep_normal = explorer.current
    assert len(deep_normal["z"]) == 4 and len(deep_normal["error_norms"]) == 5
    explorer.init_buttons.value = "scaled"
    deep_scaled = explorer.current
    assert deep_scaled["init"] == "scaled"
    # N(0, 1) weights saturate many hidden units; 1/sqrt(n_in) keeps them near the middle.
    assert np.mean(deep_normal["saturated"]) > 0.1 and np.mean(deep_scaled["saturated"]) < 0.02
    # Vanishing gradients: with scaled weights (sigma' <= 1/4 per layer, weights of order 1),
    # the error shrinks layer by layer on its way back, and the first layer's is far below the
    # last one's; it shrinks further with depth.
    errors = deep_scaled["error_norms"]
    assert all(a < b for a, b in zip(errors, errors[1:]))
    assert errors[0] < 1e-2 * errors[-1]
    explorer.depth_slider.value = 1
    assert len(explorer.current["z"]) == 1
    assert explorer.current["error_norms"][0] > 100 * errors[0]


def test_linked_frames_checks_its_frames():
    import ipywidgets as widgets
    slider = widgets.SelectionSlider(options=[1, 2, 3], description="x")
    with pytest.raises(ValueError, match="2 frames for 3 options"):
        linked_frames([slider], [b"a", b"b"])


def test_replay_links_play_slider_and_frames():
    box = replay([b"\x89PNG1", b"\x89PNG2", b"\x89PNG3"])
    (play, slider), stack = box.children[0].children, box.children[1]
    assert play.max == slider.max == 2 and len(stack.children) == 3
    assert _links(box) == [((play, "value"), (slider, "value")), ((slider, "value"), (stack, "selected_index"))]


@pytest.fixture
def moons():
    X, y = data.moons(200, seed=0)
    return data.split(X, y, (0.8, 0.2), seed=0)


def test_dashboard_trains_with_its_controls_and_records(moons):
    (X, y), validation = moons
    board = TrainingDashboard(X, y, [2, 6, 2], validation_data=validation, epochs=5, min_interval=0)
    before = board._png()
    board.cost.value, board.init.value, board.eta.value, board.batch_size.value = \
        "cross_entropy", "scaled", 1.0, 32
    history = board.run()
    assert board.network.cost.name == "cross_entropy" and board.network.init == "scaled"
    assert len(history) == 5 and board.history is history
    assert len(board.frames) >= 5 and board._png() != before                # the picture changed
    np.testing.assert_allclose(board.lines["train_cost"].get_ydata(), history.train_cost)
    np.testing.assert_allclose(board.lines["val_acc"].get_ydata(), history.validation_accuracy)
    assert np.array(board.batch_grad).shape[1] == 2 and len(board.batches) > 0
    assert board.status.value == "finished after 5 epochs"


def test_dashboard_stop_button_stops_training(moons):
    (X, y), _ = moons

    class ClickStopAtEpoch2(Callback):
        def on_epoch_end(self, epoch, history):
            if epoch == 2:
                board.stop_button.click()

    board = TrainingDashboard(X, y, [2, 6, 2], epochs=50, min_interval=0)
    from nnlib import Network
    history = Network([2, 6, 2], seed=0).fit(X, y, epochs=50, batch_size=10, eta=1.0,
                                             callbacks=[ClickStopAtEpoch2(), board])
    assert history.stopped == "callback" and len(history) == 2
    assert board.status.value == "stopped after 2 epochs"


def test_dashboard_works_as_a_plain_callback_for_any_network(moons):
    (X, y), _ = moons
    from nnlib import Network
    board = TrainingDashboard(X, y, [2, 6, 2], epochs=3)
    net = Network([2, 8, 8, 2], seed=1)                  # other sizes than the dashboard's
    net.fit(X, y, epochs=3, batch_size=10, eta=1.0, callbacks=[board])
    assert len(board.lines["grad"]) == 3 and board.history is not None and len(board.frames) >= 1


def test_dashboard_frames_are_thinned_for_the_replay(moons):
    (X, y), _ = moons
    board = TrainingDashboard(X, y, [2, 4, 2], epochs=40, min_interval=0, max_frames=10)
    board.run()
    assert len(board.frames) == 10


def test_dashboard_keeps_the_given_learning_rate(moons):
    (X, y), _ = moons
    board = TrainingDashboard(X, y, [2, 4, 2], eta=3.0)
    assert board.eta.value == 3.0 and abs(board.eta.step) <= 1e-3   # no snapping to 10 ** 0.5
