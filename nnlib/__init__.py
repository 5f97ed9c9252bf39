"""nnlib: the fully connected network that the book *Backpropagation, derived and built from
scratch* derives, as one small numpy module.

- :class:`Network` (``nnlib.network``): forward pass, backprop (BP1-BP4), mini-batch SGD with
  L2, dropout, early stopping and callbacks.
- ``nnlib.activations`` and ``nnlib.costs``: small objects with ``fn``/``prime`` and
  ``fn``/``delta``, looked up by name in ``ACTIVATIONS`` and ``COSTS``.
- ``nnlib.gradcheck``: central differences, and a check of each backprop equation.
- ``nnlib.reference`` (one sample at a time) and ``nnlib.pure`` (no numpy): the same algorithm
  written two other ways, proven equal by the tests.
- ``nnlib.data``: toy sets, iris/wine/digits, MNIST, splits and k-fold.

The core imports only numpy; plots and widgets live in modules that only drawing code imports.
"""

from . import data, gradcheck, pure, reference
from .activations import ACTIVATIONS, Activation, get_activation
from .costs import COSTS, Cost, get_cost
from .network import (INITS, Callback, History, Network, Step, StopTraining,
                      TrainingDiverged)

__version__ = "0.1.0"

__all__ = ["Network", "History", "Callback", "Step", "StopTraining", "TrainingDiverged",
           "ACTIVATIONS", "COSTS", "INITS", "Activation", "Cost", "get_activation", "get_cost",
           "data", "gradcheck", "pure", "reference"]
