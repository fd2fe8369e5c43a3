"""Every message `kg` shows its users, each with its code, and the few exception types that carry them.

As in spaCy (`spacy/errors.py`), messages live in one class and read as ``[E301] no graph in out/: …``; code that
reports a problem names the code (``Errors.E301.format(...)``), never writes the text inline. The README lists
the codes. Groups: E1xx a file that cannot be read (the batch goes on), E2xx a build or extraction as a whole,
E3xx a built graph, its store and queries, E4xx views, E5xx the command line.
"""
from __future__ import annotations


class _WithCodes(type):
    """`Errors.E101` is the message with its code in front: ``[E101] empty file``."""

    def __getattribute__(cls, name: str):
        value = super().__getattribute__(name)
        if name[:1] in "EW" and name[1:].isdigit():
            return f"[{name}] {value}"
        return value


class Errors(metaclass=_WithCodes):
    # -- E1xx: one input file (shown as `skipped PATH: [E1xx] …`; the rest of the batch is built) -----------------
    E100 = "no such file or folder"
    E101 = "empty file"
    E102 = "file too large ({size}; the limit is {limit}, a report is under 1 MB)"
    E103 = "not a regular file ({kind})"
    E104 = "permission denied"
    E105 = "cannot read ({reason})"
    E106 = "cannot open folder ({reason})"
    E107 = "cannot list folder ({reason})"
    E108 = "a symbolic link loop (the link leads back to itself)"
    E109 = "broken link (its target {target} does not exist)"
    E110 = "text too long ({chars:,} characters; the limit is {limit:,})"
    E111 = "no readable text"
    E112 = "no readable text (only invisible characters)"
    E113 = "could not be read ({detail})"
    E114 = "binary data, not text"
    E115 = "damaged {encoding} text (many bytes do not decode)"
    E116 = "no Chinese text encoding fits these bytes"
    E117 = "not a readable .docx (the file is damaged or cut short)"
    E118 = "not a readable .docx ({detail})"
    E119 = "not a readable .pdf (it is encrypted with a password)"
    E120 = "not a readable .pdf (the file is cut short: no end-of-file marker)"
    E121 = "not a readable .pdf ({detail})"
    E122 = "the PDF has no text layer (scanned pages need OCR first)"
    E123 = "not readable HTML ({detail})"
    E124 = "no report text (the page is links and navigation)"
    E125 = "an RTF file, not read by kg: save it as .docx or .txt first"
    E126 = "an old binary Word/WPS file (.doc/.wps), not read by kg: save it as .docx first"
    E127 = "extraction failed ({detail})"
    E128 = "conversion failed ({detail})"
    # -- E2xx: a build or an extraction as a whole ----------------------------------------------------------------
    E201 = "no readable report found{failed}"
    E202 = "no PATHS given and the bundled examples are not installed here"
    E203 = "unknown engine {engine!r}: use one of {engines}"
    E204 = "the dask engine needs dask.distributed: pip install 'kg[dask]'"
    E205 = "cannot write to {output} ({reason}): the previous output is left as it was"
    W206 = ("worker processes could not start (does the calling script guard its code with "
            "`if __name__ == '__main__':`?); going on in this process")
    # -- E3xx: a built graph, its store and queries ---------------------------------------------------------------
    E301 = "no graph in {where}: run `kg build -o {directory}` first"
    E302 = "the store in {path} is damaged ({detail}): rebuild the graph with `kg build REPORTS -o {directory}`"
    E303 = "{directory} holds no readable N-Quads ({detail})"
    E304 = "{path} was made by an older kg (its graphs are shaped differently): run `kg build` again"
    E310 = "no query file {spec}; canned queries are: {names}"
    E311 = "{spec!r} is neither a canned query, a query file nor SPARQL; {hint}"
    E312 = "SPARQL syntax error: {detail}"
    E313 = "query failed: {detail}"
    E314 = "{query} takes no parameter {name!r}; it takes: {parameters}"
    E320 = "no report about {county} cites a regulation in {graph}"
    E330 = "no {kind} {value!r} in the graph{hint}"
    E331 = "{value!r} names {count} {kinds} in the graph: {matches}; give {how}"
    E332 = "{value!r} is not a year: give one as 2023"
    E333 = "--param {name}=…: the query does not select ?{name}, so there is nothing to bind (add it to SELECT)"
    # -- E4xx: views ----------------------------------------------------------------------------------------------
    E401 = "unknown kind {kind!r}: use one of {kinds}"
    E402 = "{name!r} names {count} entities: {entities} (add --kind)"
    E403 = "no entity named {name!r} in the graph.{hint}"
    # -- E5xx: the command line -----------------------------------------------------------------------------------
    E501 = "--param takes NAME=VALUE, not {item!r}"


class KGError(Exception):
    """Base class of every error `kg` reports to its user: `message` already carries its code."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    @property
    def code(self) -> str | None:
        """The code the message starts with (``E301``), if any."""
        if self.message.startswith("[") and "]" in self.message[:7]:
            return self.message[1:self.message.index("]")]
        return None

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class IngestError(KGError):
    """A report file could not be read or turned into text; `reason` is the message (with its code)."""

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class ExtractionError(IngestError):
    """A report was read but extraction stopped on it (a bug in a rule); the rest of the batch goes on."""


class NoInputError(KGError):
    """Nothing usable was found under the given paths. `errors` are the files that failed, for the caller to show."""

    def __init__(self, message: str, errors=()):
        super().__init__(message)
        self.errors = list(errors)


class GraphNotFoundError(KGError):
    """A command needs a built graph and there is none where it looked."""


class QueryError(KGError):
    """A SPARQL query is unknown or malformed."""


class ViewError(KGError):
    """An entity asked for by name is unknown or ambiguous, or a view kind does not exist."""


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

