"""What a query may do before it runs: read the graph and nothing else.

`check(text)` parses a query with rdflib's SPARQL 1.1 parser and walks the parse tree: updates (INSERT, DELETE,
LOAD, CLEAR, CREATE, DROP, COPY, MOVE, ADD), SERVICE (it reaches the network or the file system) and FROM /
FROM NAMED are refused, each with its own message. Words in comments, string literals or IRIs are not keywords:
only the parse decides. Prefixes need not be declared (kg's are predeclared when the query runs): the check
reads syntax only, it resolves no prefixed name. Outcomes are cached by query text.

`capped(iterable, max_rows)` and `QueryLimitError` are the result cap that `kg.rdf.workers` and
`kg.rdf.query.run` enforce while iterating.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, TypeVar

from ..errors import Errors, QueryError, QueryLimitError, QueryRefusedError, describe

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}

# rdflib's names of the SPARQL 1.1 Update operations → the keywords a user wrote
UPDATES = {"InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
           "Modify": "DELETE/INSERT … WHERE", "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE",
           "Add": "ADD", "Move": "MOVE", "Copy": "COPY"}

MAX_QUERY_CHARS = 200_000  # a longer text is refused unparsed: the parser's time grows with it


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the check: its form (SELECT, ASK, CONSTRUCT or DESCRIBE)."""

    form: str

    @property
    def returns_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE (triples), False for SELECT and ASK (solutions, a boolean)."""
        return self.form in ("CONSTRUCT", "DESCRIBE")


def check(text: str) -> CheckedQuery:
    """`text` as a read-only query over the store, or an error: QueryRefusedError for an update, SERVICE, FROM or
    FROM NAMED; QueryError for text that is not a SPARQL 1.1 query."""
    outcome = _outcome(text)
    if isinstance(outcome, CheckedQuery):
        return outcome
    error, message = outcome
    raise error(message)  # a new exception each time: a cached one would collect every raise's traceback


def load_parser() -> None:
    """Load rdflib's SPARQL parser now (it takes 0.2 s), e.g. in a server before its workers are forked."""
    from rdflib.plugins.sparql import parser  # noqa: F401


def update_operations(text: str) -> list[str]:
    """The SPARQL Update operations `text` holds (["INSERT DATA", "LOAD"] …), or [] when it is no update."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except Exception:  # noqa: BLE001 - pyparsing's ParseException and whatever a malformed term raises
        return []
    return [UPDATES.get(op.name, op.name) for op in dict.get(update, "request", ())]


@lru_cache(maxsize=1024)
def _outcome(text: str) -> CheckedQuery | tuple[type[QueryError], str]:
    """The check's result for `text`: the checked query, or the error to raise and its message (cached too)."""
    from rdflib.plugins.sparql.parser import parseQuery

    if len(text) > MAX_QUERY_CHARS:
        return QueryRefusedError, Errors.E330.format(length=len(text), limit=MAX_QUERY_CHARS)
    try:
        _prologue, query = parseQuery(text)
    except RecursionError:
        return QueryRefusedError, Errors.E331
    except Exception as e:  # noqa: BLE001 - pyparsing's ParseException, or an error converting a term
        operations = update_operations(text)
        if operations:
            return QueryRefusedError, Errors.E332.format(operations=", ".join(operations))
        return QueryError, Errors.E312.format(detail=_syntax_message(e))
    clauses = dict.get(query, "datasetClause")  # CompValue.get would answer the key itself when it is absent
    if clauses:
        kinds = sorted({"FROM NAMED" if "named" in clause else "FROM" for clause in clauses})
        return QueryRefusedError, Errors.E333.format(clauses=" and ".join(kinds), verb="is" if len(kinds) == 1 else "are")
    for node in _nodes(query):
        if node.name == "ServiceGraphPattern":
            return QueryRefusedError, Errors.E334.format(term=_term(dict.get(node, "term")))
    return CheckedQuery(FORMS[query.name])


def _nodes(tree) -> Iterator:
    """Every CompValue of an rdflib parse tree (iteratively: a deep tree does not exhaust the stack)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(dict.values(node))  # the raw values: CompValue.values() would resolve them
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)


def _term(term) -> str:
    from rdflib import URIRef, Variable

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Variable):
        return f"?{term}"
    return str(term) if term is not None else ""


def _syntax_message(exc: Exception) -> str:
    from pyparsing import ParseBaseException

    if isinstance(exc, ParseBaseException):
        return f"{exc.msg} at line {exc.lineno}, column {exc.col}"
    return describe(exc)


T = TypeVar("T")


def capped(items: Iterable[T], max_rows: int | None, what: str = "rows") -> Iterator[T]:
    """`items`, raising QueryLimitError as soon as there are more than `max_rows` of them (None: no cap)."""
    if max_rows is None:
        yield from items
        return
    for n, item in enumerate(items):
        if n >= max_rows:
            raise too_many(max_rows, what)
        yield item


def too_many(max_rows: int, what: str = "rows") -> QueryLimitError:
    """The error of a result larger than the cap of `max_rows` `what`."""
    return QueryLimitError(Errors.E340.format(max_rows=max_rows, what=what), kind="rows")
