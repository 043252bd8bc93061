"""Cyclotroc's matching engine: multilateral barter cycles, as a library with no Django import.

Public API::

    from matching.engine import solve, check_solution, validate_input, EngineInputError

The input and output documents are described in docs/matching.md and in the JSON Schemas of
``matching/engine/schema/``.
"""

from .checker import check_solution
from .errors import EngineInputError
from .solver import solve
from .validate import validate_input

__all__ = ["EngineInputError", "check_solution", "solve", "validate_input"]
