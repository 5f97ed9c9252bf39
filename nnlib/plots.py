"""Plots the chapters and widgets share. Imported only by code that draws (needs matplotlib).

Every function draws on an ``Axes`` it is given and returns it, so it works with pyplot in a
notebook and with a bare ``matplotlib.figure.Figure`` in the widgets and tests.
"""

import numpy as np

__all__ = ["decision_boundary", "learning_curves", "grid_predictions", "plane_grid"]

CLASS_COLOURS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple"]


def plane_grid(X, resolution=200, margin=0.5):
    """A ``resolution`` x ``resolution`` grid covering the 2-D data ``X`` plus a margin: ``(xx, yy)``."""
    if X.shape[1] != 2:
        raise ValueError(f"decision boundaries need 2-D inputs; X has {X.shape[1]} columns")
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    return np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))


def grid_predictions(net, X, resolution=200, margin=0.5):
    """Predicted class over a grid covering the 2-D data ``X``: returns ``(xx, yy, classes)``."""
    xx, yy = plane_grid(X, resolution, margin)
    classes = net.predict(np.column_stack([xx.ravel(), yy.ravel()])).reshape(xx.shape)
    return xx, yy, classes


def decision_boundary(ax, net, X, y, title=None, resolution=200):
    """Shade the plane by the class ``net`` predicts and scatter the samples on top."""
    from matplotlib.colors import ListedColormap
    n_classes = max(int(np.max(y)) + 1, 2)
    colours = CLASS_COLOURS[:n_classes]
    xx, yy, classes = grid_predictions(net, X, resolution)
    ax.contourf(xx, yy, classes, levels=np.arange(n_classes + 1) - 0.5,
                cmap=ListedColormap(colours), alpha=0.25)
    ax.scatter(X[:, 0], X[:, 1], c=[colours[int(c)] for c in y], s=12, edgecolors="k", linewidths=0.3)
    ax.set(xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()), xticks=[], yticks=[])
    if title:
        ax.set_title(title)
    return ax


def learning_curves(ax_cost, ax_accuracy, history, label=""):
    """Training (solid) and validation (dashed) cost and accuracy per epoch."""
    epochs = history.epoch
    prefix = f"{label} " if label else ""
    line, = ax_cost.plot(epochs, history.train_cost, label=f"{prefix}training")
    ax_accuracy.plot(epochs, history.train_accuracy, color=line.get_color(), label=f"{prefix}training")
    if not np.all(np.isnan(history.validation_cost)):
        ax_cost.plot(epochs, history.validation_cost, "--", color=line.get_color(), label=f"{prefix}validation")
        ax_accuracy.plot(epochs, history.validation_accuracy, "--", color=line.get_color(),
                         label=f"{prefix}validation")
    ax_cost.set(xlabel="epoch", ylabel="cost")
    ax_accuracy.set(xlabel="epoch", ylabel="accuracy")
    return ax_cost, ax_accuracy
