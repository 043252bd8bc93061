"""Errors raised by the matching engine."""

from __future__ import annotations


class EngineInputError(ValueError):
    """An input document does not follow the documented format.

    ``field`` is the JSON path of the offending value (``participants[3].headroom``; ``$`` for the
    document itself) and ``message`` says what is expected of it.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
