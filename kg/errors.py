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


class ExtractionError(IngestError):
    """A report was read but extraction stopped on it (a bug in a rule); the rest of the batch goes on."""

    code = "E005"


class NoInputError(KGError):
    """Nothing usable was found under the given paths. `errors` are the files that failed, for the caller to show."""

    code = "E002"

    def __init__(self, message: str, errors=()):
        super().__init__(message)
        self.errors = list(errors)


class GraphNotFoundError(KGError):
    """A command needs a built graph and there is none where it looked."""

    code = "E003"


class QueryError(KGError):
    """A SPARQL query is unknown or malformed."""

    code = "E004"


class ViewError(KGError):
    """An entity asked for by name is unknown or ambiguous, or a view kind does not exist."""

    code = "E006"


class QueryRefusedError(QueryError):
    """A query that would do more than read the graph: an update, SERVICE, FROM / FROM NAMED."""

    code = "E007"


class QueryLimitError(QueryError):
    """A query stopped at a limit. `kind`: "time", "rows" or "bytes" (the result cap), "memory", or "busy" (no
    query worker came free in time)."""

    code = "E008"

    def __init__(self, message: str, kind: str = "time"):
        super().__init__(message)
        self.kind = kind

    def __reduce__(self):  # crosses from a query worker to its caller
        return self.__class__, (self.message, self.kind)


def describe(exc: BaseException, limit: int = 120) -> str:
    """An unexpected exception as part of a one-line reason: its type and the start of its message."""
    text = " ".join(str(exc).split())
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__

