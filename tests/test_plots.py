import numpy as np
from matplotlib.figure import Figure

from nnlib import Network, data
from nnlib.plots import decision_boundary, grid_predictions, learning_curves


def test_grid_predictions_match_predict():
    X, y = data.moons(50, seed=0)
    net = Network([2, 4, 2], seed=0)
    xx, yy, classes = grid_predictions(net, X, resolution=20)
    assert xx.shape == yy.shape == classes.shape == (20, 20)
    assert np.array_equal(classes.ravel(), net.predict(np.column_stack([xx.ravel(), yy.ravel()])))


def test_plots_draw_on_a_bare_figure():
    X, y = data.moons(60, seed=0)
    (Xt, yt), (Xv, yv) = data.split(X, y, (0.5, 0.5), seed=0)
    net = Network([2, 4, 2], seed=0)
    history = net.fit(Xt, yt, epochs=3, batch_size=10, eta=1.0, validation_data=(Xv, yv))
    fig = Figure()
    ax1, ax2, ax3 = fig.subplots(1, 3)
    decision_boundary(ax1, net, X, y, title="t")
    learning_curves(ax2, ax3, history)
    assert len(ax2.lines) == 2 and len(ax3.lines) == 2      # training and validation
    assert list(ax2.lines[0].get_xdata()) == [1, 2, 3]
    assert ax1.get_title() == "t" and len(ax1.collections) >= 2
