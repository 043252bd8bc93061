"""Cyclotroc's matching engine: multilateral barter cycles and invoice clearing, as a library with
no Django import.

Public API::

    from matching.engine import solve, check_solution, validate_input, EngineInputError
    from matching.engine import clear, check_clearing, validate_clear_input

The input and output documents are described in docs/matching.md, docs/clearing.md and in the
JSON Schemas of ``matching/engine/schema/``. Names are imported on first use, so that a command
needing one part of the engine (``python -m matching.engine clear``) does not load the others.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import EngineInputError

_EXPORTS = {
    "check_solution": ".checker",
    "solve": ".solver",
    "validate_input": ".validate",
    "clear": ".clearing",
    "check_clearing": ".clearing_checker",
    "validate_clear_input": ".clearing_input",
}

if TYPE_CHECKING:
    from .checker import check_solution
    from .clearing import clear
    from .clearing_checker import check_clearing
    from .clearing_input import validate_clear_input
    from .solver import solve
    from .validate import validate_input

__all__ = [
    "EngineInputError",
    "check_clearing",
    "check_solution",
    "clear",
    "solve",
    "validate_clear_input",
    "validate_input",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value
