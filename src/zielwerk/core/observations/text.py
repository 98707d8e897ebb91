"""Decoding input bytes with a clear problem for broken encodings."""

from __future__ import annotations

import codecs

from .problems import Problem, ProblemCode


def decode(data: bytes, file: str, encoding: str = "utf-8") -> tuple[str | None, Problem | None]:
    """Decode file bytes; a leading byte-order mark is dropped.

    Returns the text, or a problem naming the line and the offending bytes.

    >>> decode("Jahr\\n2024".encode(), "a.csv")
    ('Jahr\\n2024', None)
    >>> text, problem = decode(b"year\\n20\\xff4", "a.csv")
    >>> (text, problem.code.value, problem.line, problem.value)
    (None, 'encoding', 2, '\\\\xff')
    """
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        return None, Problem(ProblemCode.ENCODING, file, value=encoding, detail="unknown")
    if codec.name == "utf-8":
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.end]
        shown = "".join(f"\\x{byte:02x}" for byte in bad)
        return None, Problem(ProblemCode.ENCODING, file, line, value=shown, detail=codec.name)
