"""Which licence a LICENSE text is (by its title lines) and the ids of an SPDX expression."""

from __future__ import annotations

import re

_SPDX_TOKEN = re.compile(r"\(|\)|[A-Za-z0-9.+-]+(?::[A-Za-z0-9.+-]+)?")
_LICENCE_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("EUPL-1.2", re.compile(r"EUROPEAN UNION PUBLIC LICEN[CS]E\s+v\.?\s*1\.2", re.I)),
    ("EUPL-1.1", re.compile(r"EUROPEAN UNION PUBLIC LICEN[CS]E\s+v\.?\s*1\.1", re.I)),
    ("AGPL-3.0", re.compile(r"GNU AFFERO GENERAL PUBLIC LICENSE\s+Version 3", re.I)),
    ("LGPL-3.0", re.compile(r"GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3", re.I)),
    ("GPL-3.0", re.compile(r"^\s*GNU GENERAL PUBLIC LICENSE\s+Version 3", re.I | re.M)),
    ("GPL-2.0", re.compile(r"^\s*GNU GENERAL PUBLIC LICENSE\s+Version 2", re.I | re.M)),
    ("Apache-2.0", re.compile(r"Apache License\s+Version 2\.0", re.I)),
    (
        "MIT",
        re.compile(
            r"^\s*(The )?MIT License|Permission is hereby granted, free of charge", re.I | re.M
        ),
    ),
)
_BSD = re.compile(r"Redistribution and use in source and binary forms", re.I)
_BSD_THIRD = re.compile(r"Neither the name of", re.I)


def licence_of_text(text: str) -> str | None:
    """The licence family a LICENSE text is, by its title lines (SPDX id without
    ``-only``/``-or-later``), or ``None`` when not recognised.

    >>> licence_of_text("EUROPEAN UNION PUBLIC LICENCE v. 1.2\\nEUPL © the European Union 2007")
    'EUPL-1.2'
    >>> licence_of_text("    GNU AFFERO GENERAL PUBLIC LICENSE\\n   Version 3, 19 November 2007")
    'AGPL-3.0'
    """
    head = "\n".join(text.strip().splitlines()[:40])
    for family, title in _LICENCE_TITLES:
        if title.search(head):
            return family
    if _BSD.search(text):
        return "BSD-3-Clause" if _BSD_THIRD.search(text) else "BSD-2-Clause"
    return None


def licence_ids(expression: str) -> list[str] | None:
    """The licence ids of an SPDX expression, or ``None`` when it is not one.

    >>> licence_ids("(MIT OR Apache-2.0) AND LicenseRef-x"), licence_ids("MIT OR")
    (['MIT', 'Apache-2.0', 'LicenseRef-x'], None)
    """
    tokens = _SPDX_TOKEN.findall(expression)
    if "".join(tokens) != re.sub(r"\s+", "", expression) or not tokens:
        return None
    ids: list[str] = []
    depth, expect_id = 0, True
    for part in tokens:
        if part == "(" and expect_id:
            depth += 1
        elif part == ")" and not expect_id and depth > 0:
            depth -= 1
        elif part in ("AND", "OR", "WITH") and not expect_id:
            expect_id = True
        elif part not in ("(", ")", "AND", "OR", "WITH") and expect_id:
            ids.append(part.removesuffix("+"))
            expect_id = False
        else:
            return None
    return ids if depth == 0 and not expect_id else None


def licence_family(licence_id: str) -> str:
    return re.sub(r"-(only|or-later)$", "", licence_id)
