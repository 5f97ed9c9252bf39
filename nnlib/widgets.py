"""Interactive figures for the chapters: ipywidgets + matplotlib. Imported only by what draws.

Two kinds of widget live here.

**Explorers over a few values** (:class:`LearningRateExplorer`, :class:`SaturationExplorer`,
:class:`GradientFlow`): every frame is computed when the widget is built, and the sliders
select a frame through ``jslink``, a link that lives in the browser. So the widget keeps
working in the static book, where no Python runs. In a live kernel each slider also updates
``explorer.current``, the data behind the selected frame; the tests drive that.

**A live training dashboard** (:class:`TrainingDashboard`): a callback for ``Network.fit`` that
redraws cost, accuracy, gradient norms, saturation and (for 2-D data) the decision boundary
while training runs. Its Stop button works during training by *polling the UI*
(``jupyter_ui_poll``): training stays in the cell that started it, so "Run All" stays
synchronous and the history is there for the next cell, yet clicks are processed at every
redraw. (A background thread would also keep the kernel responsive, but then "Run All" would
race ahead of the training and the saved outputs would depend on timing.) When training ends,
the dashboard offers a replay of its recorded frames with a Play control, which also works in
the static book.

Figures are bare ``matplotlib.figure.Figure`` objects rendered with Agg (no pyplot state).
Used in: notebooks/02 (learning rate), 03 (saturation, gradient flow), 07 (dashboard),
09 (cross-entropy) and 11 (initialization).
"""

import io
import math
import time

import ipywidgets as widgets
import numpy as np
import PIL.Image
from IPython.display import Image, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from .network import SATURATION, Callback, Network, StopTraining
from .plots import CLASS_COLOURS, plane_grid

__all__ = ["LearningRateExplorer", "SaturationExplorer", "GradientFlow", "TrainingDashboard",
           "render_png", "linked_frames", "replay"]


def render_png(fig, dpi=72, compact=True):
    """The figure as PNG bytes. ``compact``: a 128-colour palette, about 2.5 times smaller
    (line plots lose nothing visible), for frames that are stored in the notebook;
    otherwise fast, light compression."""
    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return _encode(PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()), compact)


def _encode(image, compact, colours=128):
    buf = io.BytesIO()
    image = image.convert("RGB")
    if compact:
        image.quantize(colors=colours, method=PIL.Image.Quantize.FASTOCTREE).save(buf, format="png")
    else:
        image.save(buf, format="png", compress_level=1)
    return buf.getvalue()


def _image(png):
    return widgets.Image(value=png, format="png")


def linked_frames(controls, frames):
    """A Stack of image frames selected by ``controls`` through browser-side links.

    ``controls``: one or two selection widgets (with an ``index`` trait); ``frames``: PNG
    bytes, a list over the first control's options (nested lists for two controls, the
    first control outermost). Returns the outer Stack.
    """
    control, rest = controls[0], controls[1:]
    children = [_image(f) if not rest else linked_frames(rest, f) for f in frames]
    if len(children) != len(control.options):
        raise ValueError(f"{len(children)} frames for {len(control.options)} options of {control.description!r}")
    stack = widgets.Stack(children=children, selected_index=control.index)
    stack.links = [widgets.jslink((control, "index"), (stack, "selected_index"))]
    return stack


def replay(frames, description="replay"):
    """Play control + slider over recorded PNG frames, linked in the browser."""
    if not frames:
        raise ValueError("no frames to replay")
    play = widgets.Play(min=0, max=len(frames) - 1, interval=400, description=description)
    slider = widgets.IntSlider(min=0, max=len(frames) - 1, description="frame")
    stack = widgets.Stack(children=[_image(f) for f in frames], selected_index=0)
    box = widgets.VBox([widgets.HBox([play, slider]), stack])
    box.links = [widgets.jslink((play, "value"), (slider, "value")),
                 widgets.jslink((slider, "value"), (stack, "selected_index"))]
    return box


class _Explorer:
    """Common part: controls, precomputed frames and data, ``current`` following the controls."""

    def _finish(self, controls, frames, data):
        self.controls, self.frames, self.data = controls, frames, data
        self.frame_view = linked_frames(controls, frames)
        for c in controls:
            c.observe(self._follow, names="index")
        self._follow()
        self.widget = widgets.VBox([widgets.HBox(controls), self.frame_view])

    def _key(self):
        return tuple(c.value for c in self.controls) if len(self.controls) > 1 else self.controls[0].value

    def _follow(self, change=None):
        self.current = self.data[self._key()]

    def _ipython_display_(self):
        display(self.widget)


# --- chapter 2: the learning rate ------------------------------------------------------------

class LearningRateExplorer(_Explorer):
    """Gradient descent on a 2-D cost surface, one frame per learning rate.

    ``cost(v)`` and ``grad(v)`` take a length-2 array (``cost`` also a pair of grids).
    ``current`` is ``{"eta", "path", "costs"}`` for the selected learning rate.
    """

    def __init__(self, cost, grad, etas, start=(-4.0, 2.0), steps=40, extent=((-5, 5), (-3, 3))):
        etas = [float(e) for e in etas]
        if not etas or min(etas) <= 0:
            raise ValueError(f"etas must be positive learning rates; got {etas}")
        data = {}
        for eta in etas:
            path = [np.asarray(start, dtype=float)]
            for _ in range(steps):
                step = path[-1] - eta * np.asarray(grad(path[-1]), dtype=float)
                path.append(step if np.all(np.isfinite(step)) else path[-1])
            path = np.array(path)
            data[eta] = {"eta": eta, "path": path, "costs": np.array([cost(p) for p in path])}
        (x0, x1), (y0, y1) = extent
        g1, g2 = np.meshgrid(np.linspace(x0, x1, 150), np.linspace(y0, y1, 150))
        surface = cost(np.array([g1, g2]))
        fig = Figure(figsize=(9, 3.4))
        frames = []
        for eta in etas:
            fig.clear()
            ax, bx = fig.subplots(1, 2)
            d = data[eta]
            ax.contour(g1, g2, surface, levels=np.geomspace(max(surface.min(), 1e-3) + 0.05, surface.max(), 12),
                       colors="0.75")
            ax.plot(d["path"][:, 0], d["path"][:, 1], ".-", color="tab:red")
            ax.set(xlim=extent[0], ylim=extent[1], title=f"eta = {eta:g}: path")
            bx.semilogy(np.maximum(d["costs"], 1e-16), color="tab:red")
            bx.set(xlabel="step", ylabel="cost", title=f"cost after {steps} steps: {d['costs'][-1]:.3g}")
            fig.tight_layout()
            frames.append(render_png(fig))
        slider = widgets.SelectionSlider(options=etas, value=etas[len(etas) // 2], description="eta",
                                         continuous_update=True)
        self.slider = slider
        self._finish([slider], frames, data)


# --- the learning slowdown: one saturated sigmoid neuron ----------------------------------------

class SaturationExplorer(_Explorer):
    """One sigmoid neuron, input 1, target 0 (Nielsen's chapter 3 example), trained by gradient
    descent under the quadratic and the cross-entropy cost, from each starting (w, b).

    ``current`` is ``{"w", "b", "z", "a", "prime", "quadratic", "cross_entropy"}``: the
    starting output and slope, and each cost's output per epoch (epoch 0 first).
    """

    def __init__(self, ws=(0.6, 1.0, 1.5, 2.0, 2.5), bs=(0.9, 1.5, 2.0, 2.5), eta=0.15, epochs=300):
        X, Y = np.ones((1, 1)), np.zeros((1, 1))
        data, frames = {}, []
        z_grid = np.linspace(-6, 6, 241)
        fig = Figure(figsize=(9, 3.2))
        for w in ws:
            row = []
            for b in bs:
                entry = {"w": w, "b": b, "z": w + b}
                for cost in ("quadratic", "cross_entropy"):
                    net = Network([1, 1], activations="sigmoid", cost=cost)
                    net.weights[0][:] = w
                    net.biases[0][:] = b
                    outputs = [net.output(X)[0, 0]]
                    net.fit(X, Y, epochs=epochs, batch_size=1, eta=eta,
                            callbacks=[lambda e, h, net=net: outputs.append(net.output(X)[0, 0])])
                    entry[cost] = np.array(outputs)
                sig = net.activation_functions[0]
                entry["a"] = float(sig.fn(np.array(w + b)))
                entry["prime"] = float(sig.prime(np.array(w + b)))
                data[(w, b)] = entry
                fig.clear()
                ax, bx = fig.subplots(1, 2)
                ax.plot(z_grid, sig.fn(z_grid), label=r"$\sigma(z)$")
                ax.plot(z_grid, sig.prime(z_grid), "--", label=r"$\sigma'(z)$")
                ax.plot([entry["z"]], [entry["a"]], "o", color="tab:red")
                ax.set(xlabel="z = w + b", title=f"start: a = {entry['a']:.3f}, sigma' = {entry['prime']:.3f}")
                ax.legend(loc="upper left", fontsize=8)
                bx.plot(entry["quadratic"], label="quadratic cost")
                bx.plot(entry["cross_entropy"], label="cross-entropy cost")
                bx.set(xlabel="epoch", ylabel="output a (target 0)", ylim=(0, 1), title=f"eta = {eta}")
                bx.legend(fontsize=8)
                fig.tight_layout()
                row.append(render_png(fig))
            frames.append(row)
        self.w_slider = widgets.SelectionSlider(options=list(ws), value=ws[-2] if len(ws) > 1 else ws[0],
                                                description="w")
        self.b_slider = widgets.SelectionSlider(options=list(bs), value=bs[-2] if len(bs) > 1 else bs[0],
                                                description="b")
        self._finish([self.w_slider, self.b_slider], frames, data)


# --- initialization and vanishing gradients -------------------------------------------------

class GradientFlow(_Explorer):
    """Histograms of z, a and sigma'(z) in every hidden layer, and the size of each layer's
    error, for a chosen initialization and depth (hidden layers of ``width`` sigmoid units).

    The error of layer l is measured as ``|dC/db^l|``, the norm of the mean delta^l (BP3):
    unlike the weight gradients, it does not grow with the number of inputs of the layer, so
    layers can be compared (Nielsen's measure in his chapter 5).
    ``current`` is ``{"init", "depth", "z", "a", "prime", "saturated", "error_norms"}``, lists
    with one entry per layer (``error_norms`` includes the output layer, last).
    """

    def __init__(self, X, y, n_classes, inits=("normal", "scaled"), depths=(1, 2, 3, 4, 5, 6),
                 width=30, seed=0):
        X = np.asarray(X, dtype=float)
        data, frames = {}, []
        fig = Figure(figsize=(13, 3.2))
        for init in inits:
            row = []
            for depth in depths:
                net = Network([X.shape[1]] + [width] * depth + [n_classes], init=init, seed=seed)
                zs, activations = net.feedforward(X)
                _, nabla_b = net.backprop(X, y)
                sig = net.activation_functions[0]
                lo, hi = SATURATION["sigmoid"]
                entry = {"init": init, "depth": depth,
                         "z": [z.ravel() for z in zs[:-1]],
                         "a": [a.ravel() for a in activations[1:-1]],
                         "prime": [sig.prime(z).ravel() for z in zs[:-1]],
                         "saturated": [float(np.mean((a < lo) | (a > hi))) for a in activations[1:-1]],
                         "error_norms": [float(np.linalg.norm(g)) for g in nabla_b]}
                data[(init, depth)] = entry
                fig.clear()
                ax, ax_a, bx, cx = fig.subplots(1, 4)
                for layer, (z, a, p) in enumerate(zip(entry["z"], entry["a"], entry["prime"]), start=1):
                    ax.hist(np.clip(z, -20, 20), bins=60, range=(-20, 20), histtype="step", label=f"layer {layer}")
                    ax_a.hist(a, bins=50, range=(0, 1), histtype="step")
                    bx.hist(p, bins=50, range=(0, 0.25), histtype="step")
                ax.set(xlabel="z (clipped to [-20, 20])", title=f"init={init}: weighted inputs")
                ax.legend(fontsize=7)
                ax_a.set(xlabel="a = sigma(z)", title="activations")
                bx.set(xlabel="sigma'(z)", title=f"saturated units: {np.mean(entry['saturated']):.0%}")
                cx.bar(range(1, len(entry["error_norms"]) + 1), entry["error_norms"], color="tab:purple")
                cx.set(yscale="log", xlabel="layer", ylabel="|dC/db|", title="size of the error per layer")
                fig.tight_layout()
                row.append(render_png(fig))
            frames.append(row)
        self.init_buttons = widgets.ToggleButtons(options=list(inits), description="init")
        self.depth_slider = widgets.SelectionSlider(options=list(depths), description="hidden layers")
        self._finish([self.init_buttons, self.depth_slider], frames, data)


# --- the live training dashboard ----------------------------------------------------------------

class TrainingDashboard(Callback):
    """Watch ``Network.fit`` learn: pass the dashboard as a callback, or press Train.

    Records every ``update_every`` mini-batches (default: about 200 records per run) the
    per-layer gradient norms and the per-layer saturation of that mini-batch; redraws at most every ``min_interval`` seconds
    (and once at the end). A redraw normally re-blits only the curves onto a background
    rendered once; the background is rendered again only when an axis must grow.
    ``run()`` trains a new network with the settings of the controls. ``history`` is the
    last run's History; ``frames`` the replay's PNG frames: snapshots taken at up to
    ``max_frames`` evenly spaced epochs (a copy of the weights each) and rendered when
    training ends, in ``replay_seconds``; ``draw_seconds`` and ``render_seconds`` the times
    of the ordinary updates and of the full renders during training.
    """

    def __init__(self, X, y, sizes, validation_data=None, epochs=20, eta=3.0, batch_size=10,
                 cost="quadratic", init="normal", activations="sigmoid", update_every=None,
                 min_interval=1.0, max_frames=15, seed=0):
        self.X, self.y, self.sizes = X, y, list(sizes)
        self.validation_data, self.activations, self.seed = validation_data, activations, seed
        self.update_every, self.min_interval, self.max_frames = update_every, min_interval, max_frames
        self.show_boundary = np.asarray(X).shape[1] == 2
        # A fine step, so that the browser does not snap the given eta to another value.
        self.eta = widgets.FloatLogSlider(value=eta, base=10, min=-3, max=1.5, step=0.001, description="eta",
                                          readout_format=".3g")
        self.batch_size = widgets.Dropdown(options=sorted({1, 10, 32, 100, int(batch_size)}), value=int(batch_size),
                                           description="batch size")
        self.epochs = widgets.IntSlider(value=epochs, min=1, max=max(200, epochs), description="epochs")
        self.cost = widgets.ToggleButtons(options=["quadratic", "cross_entropy"], value=cost, description="cost")
        self.init = widgets.ToggleButtons(options=["normal", "scaled"], value=init, description="init")
        self.train_button = widgets.Button(description="Train", button_style="success", icon="play")
        self.stop_button = widgets.Button(description="Stop", button_style="danger", icon="stop")
        self.status = widgets.Label(value="ready")
        self.train_button.on_click(lambda _: self.run())
        self.stop_button.on_click(self._request_stop)
        self.controls = widgets.VBox([widgets.HBox([self.eta, self.batch_size, self.epochs]),
                                      widgets.HBox([self.cost, self.init]),
                                      widgets.HBox([self.train_button, self.stop_button, self.status])])
        self._handle = None
        self._replay_handle = None
        self.history, self.frames, self.draw_seconds, self.render_seconds = None, [], [], []
        self.batches, self.batch_grad, self.batch_sat = [], [], []
        self._planned = None
        self.full_draws = 0
        self._build_figure()

    # -- display --

    def _ipython_display_(self):
        display(self.controls)
        self._handle = display(Image(data=self._png()), display_id=True)
        self._replay_handle = display(widgets.HTML(""), display_id=True)

    def _build_figure(self):
        self.figure = Figure(figsize=(11, 5.4) if self.show_boundary else (11, 3.0))
        self.canvas = FigureCanvasAgg(self.figure)
        rows = 2 if self.show_boundary else 1
        axes = self.figure.subplots(rows, 3).ravel()
        self.ax_cost, self.ax_acc, self.ax_grad = axes[:3]
        self.ax_sat = axes[3] if self.show_boundary else None
        self.ax_boundary = axes[4] if self.show_boundary else None
        if self.show_boundary:
            axes[5].set_visible(False)
        n_layers = len(self.sizes) - 1
        line = lambda ax, *a, **k: ax.plot([], [], *a, animated=True, **k)[0]
        self.lines = {
            "train_cost": line(self.ax_cost, label="training"),
            "val_cost": line(self.ax_cost, "--", label="validation"),
            "train_acc": line(self.ax_acc, label="training"),
            "val_acc": line(self.ax_acc, "--", label="validation"),
            "grad": [line(self.ax_grad, label=f"layer {i + 1}") for i in range(n_layers)],
            "sat": [line(self.ax_sat, label=f"layer {i + 1}") for i in range(n_layers)] if self.show_boundary else [],
        }
        self.ax_cost.set(title="cost per epoch", xlabel="epoch")
        self.ax_acc.set(title="accuracy per epoch", xlabel="epoch", ylim=(0, 1.02))
        self.ax_grad.set(title="gradient norm per layer", xlabel="mini-batch", yscale="log")
        for ax in (self.ax_cost, self.ax_grad):
            ax.legend(handles=ax.lines, fontsize=8, loc="upper right")
        self._artists = [self.lines["train_cost"], self.lines["val_cost"], self.lines["train_acc"],
                         self.lines["val_acc"]] + self.lines["grad"] + self.lines["sat"]
        if self.show_boundary:
            self.ax_sat.set(title="saturated units per layer", xlabel="mini-batch", ylim=(-0.02, 1.02))
            X, y = np.asarray(self.X, dtype=float), np.asarray(self.y)
            xx, yy = plane_grid(X, resolution=64)
            self._grid = np.column_stack([xx.ravel(), yy.ravel()])
            self.boundary_image = self.ax_boundary.imshow(np.ones((64, 64, 3)), extent=(xx.min(), xx.max(), yy.min(), yy.max()),
                                                          origin="lower", aspect="auto", animated=True)
            colours = np.array([to_rgb(c) for c in CLASS_COLOURS])
            self._class_colours = 1 - 0.3 * (1 - colours)   # pale versions for the regions
            self.points = self.ax_boundary.scatter(X[:, 0], X[:, 1], c=colours[y.astype(int) % len(colours)], s=6,
                                                   linewidths=0, animated=True)
            self.ax_boundary.set(title="decision boundary", xticks=[], yticks=[])
            self._artists += [self.boundary_image, self.points]
        self._background = None
        self.figure.tight_layout()                          # once: the layout never changes
        # The network run() will train is known: prepare its axes and render the background now,
        # when the dashboard is built, not while training runs.
        self._set_limits(self._limits_for(self._network_from_controls(), self.epochs.value,
                                          self.batch_size.value))
        self._full_draw()

    def _limits_for(self, network, epochs, batch_size):
        """Axis limits for a run: its length, and the starting cost and gradient norms."""
        sample = slice(0, min(len(self.X), 2000))
        X, y = np.asarray(self.X)[sample], np.asarray(self.y)[sample]
        cost = network.loss(X, y)
        norms = [float(np.linalg.norm(g)) for g in network.backprop(X, y)[0]]
        norms = [g for g in norms if g > 0 and math.isfinite(g)] or [1.0]
        return (epochs, max(10, epochs * -(-len(self.X) // batch_size)),
                1.15 * cost if math.isfinite(cost) and cost > 0 else 1.0,
                # room to fall three decades: gradients shrink as training converges
                (10.0 ** math.floor(math.log10(min(norms)) - 3), 10.0 ** math.ceil(math.log10(max(norms)) + 1)))

    def _set_limits(self, limits):
        """Empty the lines and set the axes for a run (rendering only if the limits changed)."""
        for line in self._artists[:len(self._artists) - (2 if self.show_boundary else 0)]:
            line.set_data([], [])
        if limits == getattr(self, "_limits", None) and self._background is not None:
            return
        planned_epochs, planned_batches, cost_top, grad_range = limits
        for ax in (self.ax_cost, self.ax_acc):
            ax.set_xlim(0.5, planned_epochs + 0.5)
        self.ax_cost.set_ylim(0, cost_top)
        for ax in (self.ax_grad, self.ax_sat):
            if ax is not None:
                ax.set_xlim(0, planned_batches)
        self.ax_grad.set_ylim(*grad_range)
        self._limits, self._background = limits, None

    def _full_draw(self):
        started = time.perf_counter()
        self.canvas.draw()                                  # everything but the animated artists
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.full_draws += 1
        self.render_seconds.append(time.perf_counter() - started)

    def _png(self, compact=False):
        if self._background is None:
            self._full_draw()
        self.canvas.restore_region(self._background)
        for artist in self._artists:
            artist.axes.draw_artist(artist)
        image = PIL.Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba())
        return _encode(image, compact)

    # -- training --

    def _network_from_controls(self):
        return Network(self.sizes, activations=self.activations, cost=self.cost.value,
                       init=self.init.value, seed=self.seed)

    def run(self):
        """Train a fresh network with the controls' settings; returns its History."""
        net = self._network_from_controls()
        self._planned = (self.epochs.value, self.batch_size.value)
        return net.fit(self.X, self.y, epochs=self.epochs.value, batch_size=self.batch_size.value,
                       eta=self.eta.value, validation_data=self.validation_data,
                       callbacks=[self], seed=self.seed)

    def _request_stop(self, _=None):
        self._stop = True

    def on_train_begin(self, network, history):
        self.network, self.history = network, history
        epochs, batch_size = self._planned or (self.epochs.value, self.batch_size.value)
        self._planned = None
        if list(network.sizes) != self.sizes:
            self.sizes = list(network.sizes)
            self._build_figure()
        limits = self._limits_for(network, epochs, batch_size)
        # Record about 200 points per run (more than the plot has room for is wasted work).
        self._every = self.update_every or max(1, limits[1] // 200)
        self._set_limits(limits)
        self.batches, self.batch_grad, self.batch_sat = [], [], []
        self.frames, self.draw_seconds, self.render_seconds = [], [], []
        # Epochs to keep for the replay: cheap snapshots now, rendered when training ends.
        self._frame_epochs = set(np.linspace(1, epochs, min(self.max_frames, epochs)).round().astype(int).tolist())
        self._snapshots = []
        self.replay_seconds = 0.0
        self._stop, self._count, self._last_draw = False, 0, -math.inf
        self._poll = _ui_poller()
        self.status.value = "training..."

    def on_batch_end(self, step):
        self._count += 1
        if self._count % self._every:
            return
        self.batches.append(self._count)
        self.batch_grad.append(step.grad_norms)
        self.batch_sat.append(step.saturation)
        if time.perf_counter() - self._last_draw >= self.min_interval:
            self.draw()
            self._poll()
            if self._stop:
                raise StopTraining

    def on_epoch_end(self, epoch, history):
        if epoch in self._frame_epochs:
            self._snapshots.append((len(history), len(self.batches),
                                    [w.copy() for w in self.network.weights], [b.copy() for b in self.network.biases]))
        if time.perf_counter() - self._last_draw >= self.min_interval:
            self.status.value = f"epoch {epoch}: training accuracy {history.train_accuracy[-1]:.3f}"
            self.draw()
            self._poll()
        if self._stop:
            raise StopTraining

    def on_train_end(self, history):
        self.draw()
        why = {None: "finished", "callback": "stopped", "interrupted": "interrupted",
               "early_stopping": "stopped early"}[history.stopped]
        self.status.value = f"{why} after {len(history)} epochs"
        started = time.perf_counter()
        if not self._snapshots or self._snapshots[-1][0] != len(history):
            self._snapshots.append((len(history), len(self.batches),
                                    [w.copy() for w in self.network.weights], [b.copy() for b in self.network.biases]))
        view = Network(self.sizes, activations=self.activations)
        for n_epochs, n_batches, weights, biases in self._snapshots:
            view.weights, view.biases = weights, biases
            self._update_artists(n_epochs, n_batches, view)
            self.frames.append(self._png(compact=True))      # stored in the notebook: keep small
        self._update_artists(len(history), len(self.batches), self.network)
        self.replay_seconds = time.perf_counter() - started
        if self._replay_handle is not None and self.frames:
            self._replay_handle.update(replay(self.frames, description="replay"))

    # -- drawing --

    def _grow_limits(self):
        """Widen any axis the data has outgrown (geometrically); True if one changed."""
        changed = False
        h = self.history

        def grow(ax, axis, needed_hi, log=False):
            nonlocal changed
            lo, hi = ax.get_xlim() if axis == "x" else ax.get_ylim()
            if needed_hi > hi:
                hi = 10 ** math.ceil(math.log10(needed_hi) + 0.5) if log else max(2 * hi, 1.2 * needed_hi)
                (ax.set_xlim if axis == "x" else ax.set_ylim)(lo, hi)
                changed = True

        if h is not None and len(h):
            for ax in (self.ax_cost, self.ax_acc):
                grow(ax, "x", h.epoch[-1] + 0.5)
            costs = [c for c in h.train_cost + h.validation_cost if math.isfinite(c)]
            if costs:
                grow(self.ax_cost, "y", max(costs))
        if self.batches:
            grads = np.array(self.batch_grad)
            grads = grads[np.isfinite(grads) & (grads > 0)]
            for ax in (self.ax_grad, self.ax_sat):
                if ax is not None:
                    grow(ax, "x", self.batches[-1])
            if grads.size:                                # grow upward only: a rare tiny
                grow(self.ax_grad, "y", grads.max(), log=True)   # norm is drawn at the floor
        return changed

    def _update_artists(self, n_epochs, n_batches, network):
        """Put the first ``n_epochs`` epochs and ``n_batches`` records on the curves, and
        ``network``'s decision boundary on the map."""
        h, L = self.history, self.lines
        if h is not None:
            epochs = h.epoch[:n_epochs]
            L["train_cost"].set_data(epochs, h.train_cost[:n_epochs])
            L["val_cost"].set_data(epochs, h.validation_cost[:n_epochs])
            L["train_acc"].set_data(epochs, h.train_accuracy[:n_epochs])
            L["val_acc"].set_data(epochs, h.validation_accuracy[:n_epochs])
        if n_batches:
            grads, sats = np.array(self.batch_grad[:n_batches]), np.array(self.batch_sat[:n_batches])
            floor = self.ax_grad.get_ylim()[0]
            for i, line in enumerate(L["grad"]):
                line.set_data(self.batches[:n_batches], np.maximum(grads[:, i], floor))
            for i, line in enumerate(L["sat"]):
                line.set_data(self.batches[:n_batches], sats[:, i])
        if self.show_boundary and h is not None:
            classes = network.predict(self._grid).reshape(64, 64)
            self.boundary_image.set_data(self._class_colours[classes % len(self._class_colours)])

    def draw(self):
        """Redraw from the recorded data and push the image to the notebook."""
        started = time.perf_counter()
        self._update_artists(len(self.history) if self.history is not None else 0, len(self.batches),
                             self.network if self.history is not None else None)
        full = self._grow_limits() or self._background is None
        if full:
            self._full_draw()
        png = self._png()
        if self._handle is not None:
            self._handle.update(Image(data=png))
        self._last_draw = time.perf_counter()
        if not full:                                        # the cost of an ordinary update
            self.draw_seconds.append(self._last_draw - started)


def _ui_poller():
    """A function that processes pending widget events (button clicks) while a cell runs,
    or does nothing outside a Jupyter kernel."""
    try:
        from IPython import get_ipython
        from jupyter_ui_poll import ui_events
        shell = get_ipython()
        if shell is None or not hasattr(shell, "kernel"):
            raise ImportError
    except ImportError:
        return lambda: None

    def poll():
        with ui_events() as process:
            process(20)

    return poll
