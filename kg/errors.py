"""The few exception types users see. Each carries a message meant for a person, not a traceback."""
from __future__ import annotations


class KGError(Exception):
    """Base class of every error `kg` reports to its user."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class IngestError(KGError):
    """A report file could not be read or turned into text."""

    code = "E001"

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class NoInputError(KGError):
    """Nothing usable was found under the given paths."""

    code = "E002"


class GraphNotFoundError(KGError):
    """A command needs a built graph and there is none where it looked."""

    code = "E003"


class QueryError(KGError):
    """A SPARQL query is unknown or malformed."""

    code = "E004"
