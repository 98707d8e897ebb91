"""The small Markdown subset of report texts (narratives, foreword, imprint), parsed once and
written as HTML (the web page and the PDF) or as Word paragraphs (the DOCX).

Supported, and nothing else (everything else is text, shown as typed):

- paragraphs, separated by a blank line; a single line break stays a line break
- ``## Heading`` and ``### Heading`` (sub-headings inside a chapter)
- lists: lines starting with ``- `` or ``* `` (bulleted), ``1. `` (numbered)
- ``**bold**``, ``*italic*`` or ``_italic_``
- links ``[text](https://…)``: only ``http``, ``https`` and ``mailto`` addresses; any other
  address (``javascript:``, relative paths) leaves the text without a link

HTML typed into a text is shown as text (escaped), never interpreted.

>>> blocks = parse("## Klima\\n\\nWir **senken** die Emissionen.\\n\\n- Wind\\n- Sonne")
>>> [b.kind for b in blocks]
['h3', 'p', 'ul']
>>> print(to_html(blocks))
<h3>Klima</h3>
<p>Wir <strong>senken</strong> die Emissionen.</p>
<ul><li>Wind</li><li>Sonne</li></ul>
>>> to_html(parse("<script>alert(1)</script> [x](javascript:alert(1))"))
'<p>&lt;script&gt;alert(1)&lt;/script&gt; x)</p>'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from typing import Literal

MAX_TEXT = 50_000
"""Characters per text; a longer text is refused by the form (``too_long``)."""

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<star>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|(?<!\w)_(?P<under>[^_\s](?:[^_]*[^_\s])?)_(?!\w)"
    r"|\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)"
)
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{2,3})\s+(.*)$")

Style = Literal["text", "bold", "italic", "link"]


@dataclass(frozen=True)
class Run:
    """A piece of inline text with one style; ``url`` for links."""

    text: str
    style: Style = "text"
    url: str = ""


@dataclass
class Block:
    """A paragraph (``p``), a sub-heading (``h3``, ``h4``) or a list (``ul``, ``ol``: one list of
    runs per item)."""

    kind: Literal["p", "h3", "h4", "ul", "ol"]
    runs: list[list[Run]] = field(default_factory=list)


def inline(text: str) -> list[Run]:
    """Inline runs of one line or paragraph.

    >>> [(r.text, r.style) for r in inline("a **b** *c* [d](https://e.de) [f](ftp://g)")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('a ', 'text'), ('b', 'bold'), (' ', 'text'), ('c', 'italic'), (' ', 'text'),
     ('d', 'link'), (' f', 'text')]
    """
    runs: list[Run] = []
    at = 0
    for match in _INLINE.finditer(text):
        if match.start() > at:
            runs.append(Run(text[at : match.start()]))
        if match.group("bold") is not None:
            runs.append(Run(match.group("bold"), "bold"))
        elif match.group("star") is not None or match.group("under") is not None:
            runs.append(Run(match.group("star") or match.group("under"), "italic"))
        else:
            url = match.group("url")
            safe = url.lower().startswith(SAFE_SCHEMES)
            runs.append(Run(match.group("text"), "link", url) if safe else Run(match.group("text")))
        at = match.end()
    if at < len(text):
        runs.append(Run(text[at:]))
    return _merged(runs)


def _merged(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and run.style == "text" and merged[-1].style == "text":
            merged[-1] = Run(merged[-1].text + run.text)
        elif run.text:
            merged.append(run)
    return merged


def parse(text: str) -> list[Block]:
    """The blocks of a text (line endings of any kind; tabs as spaces)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").split("\n")
    blocks: list[Block] = []
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            blocks.append(Block("p", [inline("\n".join(paragraph))]))
            paragraph.clear()

    blank_before = False
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            close_paragraph()
            blank_before = True
            continue
        after_blank, blank_before = blank_before, False
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line)
        if heading:
            close_paragraph()
            level = "h3" if len(heading.group(1)) == 2 else "h4"
            blocks.append(Block(level, [inline(heading.group(2).strip())]))  # type: ignore[arg-type]
        elif bullet or numbered:
            close_paragraph()
            kind = "ul" if bullet else "ol"
            item = (bullet or numbered).group(1)  # type: ignore[union-attr]
            if blocks and blocks[-1].kind == kind and not after_blank:
                blocks[-1].runs.append(inline(item))
            else:
                blocks.append(Block(kind, [inline(item)]))  # type: ignore[arg-type]
        elif blocks and blocks[-1].kind in ("ul", "ol") and not paragraph and raw[:1] == " ":
            blocks[-1].runs[-1] = _merged([*blocks[-1].runs[-1], Run(" " + line.strip())])
        else:
            paragraph.append(line.strip())
    close_paragraph()
    return blocks


def runs_html(runs: list[Run]) -> str:
    parts = []
    for run in runs:
        text = escape(run.text).replace("\n", "<br>")
        if run.style == "bold":
            parts.append(f"<strong>{text}</strong>")
        elif run.style == "italic":
            parts.append(f"<em>{text}</em>")
        elif run.style == "link":
            parts.append(f'<a href="{escape(run.url)}">{text}</a>')
        else:
            parts.append(text)
    return "".join(parts)


ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "a"}


def to_html(blocks: list[Block]) -> str:
    """HTML of the blocks: every text escaped, links only with safe schemes; then, as a
    second line of defence, cleaned by an allow-list sanitiser (nh3: these tags, ``href`` on
    links, the safe schemes), so that a mistake in this module cannot reach a page."""
    import nh3

    return nh3.clean(
        _html(blocks),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _html(blocks: list[Block]) -> str:
    out = []
    for block in blocks:
        if block.kind in ("ul", "ol"):
            items = "".join(f"<li>{runs_html(item)}</li>" for item in block.runs)
            out.append(f"<{block.kind}>{items}</{block.kind}>")
        else:
            out.append(f"<{block.kind}>{runs_html(block.runs[0])}</{block.kind}>")
    return "\n".join(out)


def plain(blocks: list[Block]) -> str:
    """The text without markup (search, summaries)."""
    return "\n".join(" ".join(r.text for r in item) for b in blocks for item in b.runs)
