"""Every message `kg` shows its users, each with its code, and the few exception types that carry them.

As in spaCy (`spacy/errors.py`), messages live in one class and read as ``[E301] no graph in out/: …``; code that
reports a problem names the code (``Errors.E301.format(...)``), never writes the text inline. The README lists
the codes. Groups: E1xx a file that cannot be read (the batch goes on), E2xx a build or extraction as a whole,
E3xx a built graph, its store and queries, E4xx views, E5xx the command line. A code starting with W is a
warning: the work goes on. Each code is explained, with what to do, in the README's table of messages (a test
checks that every code is there).
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
    E117 = "not a readable {kind} (the file is damaged or cut short)"
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
    E129 = "a folder kg wrote (the output of a build), not a folder of reports: not read"
    E130 = "not read: the .docx contains a DTD (a document type declaration, the way to external entities)"
    E131 = "not a readable .pdf (its encryption needs a package: {detail})"
    E132 = "HTML nested {where}: the parser stops there, so the page is not read (its text would be cut short)"
    E133 = "not read: the {kind} holds {count:,} files (the limit is {limit:,})"
    E134 = "not read: the {kind} packs {member!r} with a method Office does not use (zip method {method})"
    E135 = "not a readable {kind} ({member!r} is encrypted)"
    E136 = "not read: the {kind} unpacks to {size} (the limit is {limit}; a zip bomb?)"
    E137 = ("not read: the {kind} unpacks to {size} from {packed}, {ratio:,} times its size (the limit is {limit}; "
            "a zip bomb?)")
    E138 = "not read: {member!r} in the {kind} contains a DTD (a document type declaration, the way to external entities)"
    E139 = "not a readable {kind} ({member!r} is damaged: {detail})"
    # -- E2xx: a build or an extraction as a whole ----------------------------------------------------------------
    E201 = "no readable report found"
    E202 = "no PATHS given and the bundled examples are not installed here"
    E203 = "unknown engine {engine!r}: use one of {engines}"
    E204 = "the dask engine needs dask.distributed: pip install 'kg[dask]'"
    E205 = "cannot write to {output} ({reason}): the previous output is left as it was"
    W206 = ("worker processes could not start (does the calling script guard its code with "
            "`if __name__ == '__main__':`?); going on in this process")
    E207 = "no readable report found (files that failed: {count})"
    W208 = ("a worker process died while extracting ({how}; out of memory?): going on in this process with the "
            "{count:,} files not yet done")
    W209 = "the same report as {first}: counted once"
    E210 = ("{output} holds files kg did not write ({names}): kg replaces its output folder as a whole, so it writes "
            "only to a new or empty folder or to one it wrote before; choose another folder with -o")
    E211 = "{output} is not a folder: choose a folder to write the graph to with -o"
    E212 = "interrupted: the output in {output} is left as it was"
    # -- E3xx: a built graph, its store and queries ---------------------------------------------------------------
    E301 = "no graph in {where}: run `kg build -o {directory}` first"
    E302 = "the store in {path} is damaged ({detail}): rebuild the graph with `kg build REPORTS -o {directory}`"
    E303 = "{directory} holds no readable N-Quads ({detail})"
    E304 = "{path} was made by an older kg (its graphs are shaped differently): run `kg build` again"
    E305 = "{path} is not readable N-Quads ({detail}): rebuild the graph with `kg build REPORTS -o {directory}`"
    E306 = ("the query stopped reading the store ({detail}): if the store is damaged, rebuild the graph with "
            "`kg build`")
    E307 = "cannot open the graph in {directory} ({detail})"
    E308 = "the query worker stopped while opening the graph in {directory}"
    E310 = "no query file {spec}; canned queries are: {names}"
    E311 = "{spec!r} is neither a canned query, a query file nor SPARQL; {hint}"
    E312 = "SPARQL syntax error: {detail}"
    E313 = "query failed: {detail}"
    E314 = "{query} takes no parameter {name!r}; it takes: {parameters}"
    E315 = "the query's result could not be sent ({detail})"
    E316 = "the query worker stopped unexpectedly (exit code {code}) and was replaced"
    E317 = "the query pool is closed"
    E318 = ("a page needs a --limit of at least 1 and a --start of 0 or where the page before said the next "
            "begins (got --limit {limit}, --start {start})")
    E320 = "no report about {county} cites a regulation in {graph}"
    # refused by the check of the parsed query (kg/rdf/guard.py)
    E330 = "the query is {length:,} characters long; at most {limit:,} are read"
    E331 = "the query is nested too deeply to be checked"
    E332 = "updates are refused: the graph is read-only ({operations})"
    E333 = ("{clauses} {verb} refused: a query reads this graph only (its default graph is the union of the report "
            "graphs; GRAPH reads one of them)")
    E334 = ("SERVICE is refused: a query may read this graph only, not call another endpoint or file "
            "(SERVICE {term})")
    # stopped at a limit (kg/rdf/workers.py)
    E340 = "the result has more than {max_rows:,} {what}, the most a query may return: narrow the query or add a LIMIT"
    E341 = "the result is larger than {size}, the most a query may return: narrow the query or add a LIMIT"
    E342 = ("the query needed more memory than a query may use{limit} and was stopped: narrow it (fewer unbound "
            "patterns, no ORDER BY or DISTINCT over a large join)")
    E343 = "the query ran longer than {timeout:g} s, the most a query may take, and was stopped: narrow it or add a LIMIT"
    E344 = "all {size} query workers stayed busy for {timeout:g} s: try again later"
    E345 = ("a {form} query answers with an RDF graph (Turtle, N-Triples, JSON-LD, RDF/XML): none of them is "
            "acceptable here")
    E346 = "a {form} query answers with SPARQL results (JSON, XML, CSV, TSV): none of them is acceptable here"
    # the SPARQL protocol of `kg serve` (kg/serve/)
    E350 = "updates are refused: this endpoint is read-only"
    E351 = "POST a query as {query} or {form} (got {kind})"
    E352 = ("{parameters} {verb} refused: a query reads this graph only (its default graph is the union of the report "
            "graphs)")
    E353 = "give one query, not several"
    E354 = "no query: send it as the `query` parameter, or POST it as {query}"
    E355 = "the query is empty"
    E356 = "the request is larger than {limit} KiB"
    E357 = "the request is not UTF-8 text"
    E358 = "the service description is an RDF graph: accept Turtle, N-Triples, JSON-LD or RDF/XML"
    W359 = "listening on {host}: anyone who can reach this machine can query the graph"
    # parameters of canned queries (kg/rdf/params.py)
    E360 = "no {kind} {value!r} in the graph{hint}"
    E361 = "{value!r} names {count} {kinds} in the graph: {matches}; give {how}"
    E362 = "{value!r} is not a year: give one as 2023"
    E363 = "--param {name}=…: the query does not select ?{name}, so there is nothing to bind (add it to SELECT)"
    E370 = "unknown output format {name!r}: use one or more of {formats} (a comma list), all, or none"
    E371 = "no output format given: use one or more of {formats} (a comma list), all, or none"
    E372 = "--format none means no single-file export, so it does not go with {names}"
    # -- E4xx: views ----------------------------------------------------------------------------------------------
    E401 = "unknown kind {kind!r}: use one of {kinds}"
    E402 = "{name!r} names {count} entities: {entities} (add --kind)"
    E403 = "no entity named {name!r} in the graph."
    E404 = "{path} is a folder: give the file to write the view to (e.g. -o {example})"
    E405 = "cannot write the view to {path} ({reason})"
    E406 = "no entity named {name!r} in the graph. Did you mean: {entities}?"
    # -- E5xx: the command line -----------------------------------------------------------------------------------
    E501 = "--param takes NAME=VALUE, not {item!r}"
    E502 = "--param {name}: {value} is not an IRI ({detail}); write an IRI as <https://…>, or a name without <>"
    E503 = "the county's name is blank: give a name (宁阳县), a code (370921), or nothing for every county"
    E504 = ("--param {name}: {value} opens an IRI with < but does not close it with >; write an IRI as <https://…>, "
            "or a name without <>")


class KGError(Exception):
    """Base class of every error `kg` reports to its user: `message` already carries its code."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    @property
    def code(self) -> str | None:
        """The code the message starts with (``E301``), if any."""
        return code_of(self.message)

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class IngestError(KGError):
    """A report file could not be read or turned into text; `reason` is the message (with its code)."""

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason

    @property
    def code(self) -> str | None:
        """The code of the reason (``E101``)."""
        return code_of(self.reason)


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


class QueryLimitError(QueryError):
    """A query stopped at a limit. `kind`: "time", "rows" or "bytes" (the result cap), "memory", or "busy" (no
    query worker came free in time)."""

    def __init__(self, message: str, kind: str = "time"):
        super().__init__(message)
        self.kind = kind

    def __reduce__(self):  # crosses from a query worker to its caller
        return self.__class__, (self.message, self.kind)


def code_of(message: str) -> str | None:
    """The code a message starts with (``[E301] …`` → ``E301``), or None."""
    if message[:1] == "[" and message[1:2] in ("E", "W") and message[2:5].isdigit() and message[5:6] == "]":
        return message[1:5]
    return None


def describe(exc: BaseException, limit: int = 120) -> str:
    """An unexpected exception as part of a one-line reason: its type and the start of its message."""
    text = " ".join(str(exc).split())
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__

