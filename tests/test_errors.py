"""Every message kg shows its users lives in kg/errors.py with its code, is documented in the README, and is used."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kg import errors
from kg.errors import Errors, IngestError, KGError, QueryLimitError, QueryRefusedError, code_of

REPO = Path(__file__).resolve().parents[1]
KG = REPO / "kg"
CODES = sorted(name for name in vars(Errors) if re.fullmatch(r"[EW]\d{3}", name))
GROUPS = {"1": "one input file", "2": "a build or an extraction", "3": "a graph, its store and queries",
          "4": "views", "5": "the command line"}


def kg_modules() -> list[Path]:
    return sorted(p for p in KG.rglob("*.py") if p != KG / "errors.py")


def readme_codes() -> dict[str, str]:
    """Code → the rest of its row in the README's table of messages."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"^\| `([EW]\d{3})` \|(.*)\|\s*$", text, re.M)}


def error_classes() -> set[str]:
    """The names of every exception that carries a message to a user: KGError and its subclasses (wherever they
    are declared), the reason of a file that cannot be read, the protocol errors of `kg serve`."""
    import kg.ingest.text
    import kg.rdf.workers
    import kg.serve.sparql  # noqa: F401 - declares its error classes

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {KGError.__name__, *(c.__name__ for c in subclasses(KGError)), "UndecodableError", "ProtocolError"}


def _literal_text(node: ast.AST) -> bool:
    """True for text written in place: a string literal, an f-string, or a sum with one in it."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) or _literal_text(node.right)
    return False


def inline_messages(source: str, classes: set[str]) -> list[tuple[int, str]]:
    """(line, call) of every error made, `_fail` called or warning given with a message written in place."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else \
            node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if name in classes or name in ("_fail", "warn", "warning"):
            given = [*node.args, *(k.value for k in node.keywords if k.arg in ("message", "reason"))]
            if any(_literal_text(a) for a in given):
                found.append((node.lineno, name))
    return found


def test_errors_every_message_shows_its_code():
    for code in CODES:
        message = getattr(Errors, code)
        assert message.startswith(f"[{code}] ") and len(message) > len(code) + 8, code
        assert code_of(message) == code


def test_errors_codes_are_in_their_documented_groups():
    for code in CODES:
        assert code[1] in GROUPS, f"{code} is in no group ({', '.join(f'{k}xx {v}' for k, v in GROUPS.items())})"


def test_errors_every_code_is_documented_in_the_readme_and_no_other():
    documented = readme_codes()

    assert sorted(set(CODES) - set(documented)) == [], "codes the README's table of messages lacks"
    assert sorted(set(documented) - set(CODES)) == [], "codes in the README that kg/errors.py does not have"
    for code, row in documented.items():
        meaning, _, todo = row.partition("|")
        assert meaning.strip() and todo.strip(), f"{code}: say what it means and what to do"


def test_errors_every_code_is_used_by_kg():
    source = "\n".join(p.read_text(encoding="utf-8") for p in kg_modules())

    unused = [code for code in CODES if not re.search(rf"\bErrors\.{code}\b", source)]
    assert unused == []


@pytest.mark.parametrize("path", kg_modules(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_errors_no_module_writes_a_message_in_place(path):
    found = inline_messages(path.read_text(encoding="utf-8"), error_classes())

    assert found == [], f"messages written in place (move them to kg/errors.py): {found}"


@pytest.mark.parametrize("source, found", [
    ('raise QueryError("the query failed")', [(1, "QueryError")]),
    ('raise IngestError(path, f"bad {x}")', [(1, "IngestError")]),
    ('raise ProtocolError(400, "no query: " + QUERY)', [(1, "ProtocolError")]),
    ('_fail("something went wrong")', [(1, "_fail")]),
    ('log.warning("listening on %s", host)', [(1, "warning")]),
    ('raise QueryError(Errors.E312.format(detail=e))', []),
    ('raise ProtocolError(403, Errors.E350)', []),
    ('raise IngestError(path, exc.reason)', []),
    ('raise ValueError(f"offset {offset} is negative")', []),  # a programming error, not a user's
    ('raise QueryLimitError(Errors.E340.format(max_rows=n, what="rows"), kind="rows")', []),
])
def test_errors_inline_message_check_finds_text_written_in_place(source, found):
    assert inline_messages(source, error_classes()) == found


@pytest.mark.parametrize("error, code", [
    (QueryRefusedError(Errors.E334.format(term="<http://127.0.0.1/>")), "E334"),
    (QueryLimitError(Errors.E343.format(timeout=1), kind="time"), "E343"),
    (IngestError("a.txt", Errors.E101), "E101"),
    (KGError("a message without a code"), None),
])
def test_errors_code_comes_from_the_message(error, code):
    assert error.code == code
    for cls in type(error).__mro__:  # no class attribute that could disagree with the message
        assert not isinstance(vars(cls).get("code"), str), cls


def test_errors_module_declares_only_messages_and_exceptions():
    for name, value in vars(Errors).items():
        if not name.startswith("_"):
            assert re.fullmatch(r"[EW]\d{3}", name) and isinstance(vars(Errors)[name], str), name
    assert errors.describe(ValueError("a\nb")) == "ValueError: a b"
