"""Synergies and trade-offs as Vega-Lite: a matrix and a network (docs/methods/interlinkages.md).

The matrix is a heatmap of indicators (or goals) against each other; each cell carries its
class as a symbol as well as a colour (+ synergy, − trade-off, · unclassified, ? insufficient
data), and the legend names symbol and class, so nothing depends on colour alone. The network
puts the indicators on a circle (positions computed here) and draws synergies as solid and
trade-offs as dashed lines. The caller passes every word in (``InterlinkageText``): the core
has no language. Rendered in the browser (vega-embed) and on the server (vl-convert) alike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .charts import GERMAN_NUMBERS, INK, SCHEMA, _config, _silent
from .interlinkages import KINDS, GoalPairShare, Kind, PairResult

COLOURS: dict[str, str] = {
    "synergy": "#1d6b35",
    "trade_off": "#a3262a",
    "unclassified": "#d5d9e0",
    "insufficient": "#ffffff",
}
SYMBOLS: dict[str, str] = {
    "synergy": "+",
    "trade_off": "−",
    "unclassified": "·",
    "insufficient": "?",
}
DASHES: dict[str, list[int]] = {"synergy": [1, 0], "trade_off": [6, 4]}
CELL = 22
NETWORK_SIZE = 560


@dataclass(frozen=True)
class InterlinkageText:
    """The words of the two charts, in the reader's language."""

    title: str
    description: str  # the text alternative (aria-label)
    kinds: Mapping[str, str]  # class → its name ("Synergie", "Zielkonflikt", …)
    row: str = ""  # axis title of the rows ("Indikator")
    column: str = ""  # axis title of the columns
    rho: str = "ρ"
    p: str = "p"
    n: str = "n"


@dataclass(frozen=True)
class Cell:
    """One cell of the matrix: its row and column label, class and tooltip figures."""

    row: str
    column: str
    kind: str
    rho: float | None = None
    p: float | None = None
    n: int = 0
    detail: str = ""  # shown in the tooltip, e.g. "+ 40 % · − 10 %" for goals


def pair_cells(pairs: Sequence[PairResult], labels: Mapping[str, str]) -> list[Cell]:
    """Both halves of the matrix from indicator pairs (``labels``: code → axis label).

    >>> from zielwerk.core.interlinkages import PairResult
    >>> p = PairResult("a", "b", 6, 0.9, 0.01, "synergy", "", 1, 1, None, ())
    >>> [(c.row, c.column, c.kind) for c in pair_cells([p], {"a": "A", "b": "B"})]
    [('A', 'B', 'synergy'), ('B', 'A', 'synergy')]
    """
    cells = []
    for pair in pairs:
        a, b = labels[pair.left], labels[pair.right]
        for row, column in ((a, b), (b, a)):
            cells.append(Cell(row, column, pair.kind, pair.rho, pair.p, pair.n))
    return cells


def goal_kind(share: GoalPairShare) -> Kind:
    """The class a goal pair is drawn in: the more frequent of synergies and trade-offs
    among its assessed indicator pairs; unclassified when they are equal, insufficient data
    when no pair could be assessed.

    >>> goal_kind(GoalPairShare("1", "2", pairs=4, assessed=3, synergies=2, trade_offs=1))
    'synergy'
    >>> goal_kind(GoalPairShare("1", "2", pairs=4, assessed=0, synergies=0, trade_offs=0))
    'insufficient'
    """
    if not share.assessed:
        return "insufficient"
    if share.synergies > share.trade_offs:
        return "synergy"
    if share.trade_offs > share.synergies:
        return "trade_off"
    return "unclassified"


def goal_cells(
    shares: Sequence[GoalPairShare], labels: Mapping[str, str], numbers: Mapping[str, str]
) -> list[Cell]:
    """Both halves of the goal matrix. ``numbers`` words the shares in the tooltip: a format
    string with ``%(synergies)s`` and ``%(trade_offs)s`` (percent, rounded) under ``"detail"``.
    """
    cells = []
    for share in shares:
        detail = numbers["detail"] % {
            "synergies": round(100 * share.synergy_share),
            "trade_offs": round(100 * share.trade_off_share),
        }
        a, b = labels[share.left], labels[share.right]
        kind = goal_kind(share)
        for row, column in {(a, b), (b, a)}:
            cells.append(Cell(row, column, kind, n=share.assessed, detail=detail))
    return cells


def _legend_domain(text: InterlinkageText, kinds: Sequence[str]) -> tuple[list[str], list[str]]:
    names = [f"{SYMBOLS[k]} {text.kinds[k]}" for k in kinds]
    return names, [COLOURS[k] for k in kinds]


def matrix_chart(
    cells: Sequence[Cell],
    *,
    text: InterlinkageText,
    order: Sequence[str],
    numbers: Mapping[str, Any] = GERMAN_NUMBERS,
) -> dict[str, Any]:
    """A heatmap of ``order`` × ``order``: colour and symbol by class, a legend of both.

    >>> t = InterlinkageText("T", "D", {"synergy": "Synergie", "trade_off": "Zielkonflikt",
    ...                       "unclassified": "ohne Einordnung", "insufficient": "zu wenig Daten"})
    >>> spec = matrix_chart([Cell("A", "B", "synergy", 0.9, 0.01, 6)], text=t, order=["A", "B"])
    >>> spec["layer"][1]["data"]["values"][0]["symbol"], spec["layer"][0]["encoding"]["color"][
    ...     "scale"]["domain"][0]
    ('+', '+ Synergie')
    """
    names, colours = _legend_domain(text, KINDS)
    rows = [
        {
            "row": c.row,
            "column": c.column,
            "kind": f"{SYMBOLS[c.kind]} {text.kinds[c.kind]}",
            "symbol": SYMBOLS[c.kind],
            "rho": c.rho,
            "p": c.p,
            "n": c.n,
            "detail": c.detail,
        }
        for c in cells
    ]
    axis = {"labelLimit": 220, "ticks": False, "domain": False}
    x = {"field": "column", "type": "nominal", "sort": list(order), "title": text.column}
    y = {"field": "row", "type": "nominal", "sort": list(order), "title": text.row}
    tooltip = [
        {"field": "row", "type": "nominal", "title": text.row or None},
        {"field": "column", "type": "nominal", "title": text.column or None},
        {"field": "kind", "type": "nominal"},
        {"field": "rho", "type": "quantitative", "title": text.rho, "format": ".2f"},
        {"field": "p", "type": "quantitative", "title": text.p, "format": ".3f"},
        {"field": "n", "type": "quantitative", "title": text.n},
    ]
    if any(c.detail for c in cells):
        tooltip = [*tooltip[:3], {"field": "detail", "type": "nominal"}, tooltip[5]]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "rect", "stroke": "#8a919e", "strokeWidth": 0.5},
            "encoding": {
                "x": {**x, "axis": {**axis, "orient": "top", "labelAngle": -50}},
                "y": {**y, "axis": axis},
                "color": {
                    "field": "kind",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": names, "range": colours},
                    "legend": {"orient": "bottom", "columns": 2, "symbolStrokeColor": "#8a919e"},
                },
                "tooltip": tooltip,
            },
        },
        {
            "mark": {"type": "text", "fontSize": 13, "fontWeight": "bold"},
            "encoding": {
                "x": x,
                "y": y,
                "text": {"field": "symbol"},
                "color": {
                    "condition": {
                        "test": "datum.symbol === '·' || datum.symbol === '?'",
                        "value": INK,
                    },
                    "value": "#ffffff",
                },
            },
        },
    ]
    _silent(layers)
    layers[0]["data"] = layers[1]["data"] = {"values": rows}
    size = max(CELL * len(order), CELL)
    return {
        "$schema": SCHEMA,
        "title": text.title,
        "description": text.description,
        "width": size,
        "height": size,
        "layer": layers,
        "config": _config(numbers),
    }


def circle_layout(nodes: Sequence[str], radius: float = 1.0) -> dict[str, tuple[float, float]]:
    """Positions of ``nodes`` evenly on a circle, the first at the top, clockwise.

    >>> {k: (round(x, 6) + 0.0, round(y, 6)) for k, (x, y) in circle_layout(["a", "b"]).items()}
    {'a': (0.0, 1.0), 'b': (0.0, -1.0)}
    """
    count = max(len(nodes), 1)
    return {
        node: (
            radius * math.sin(2 * math.pi * i / count),
            radius * math.cos(2 * math.pi * i / count),
        )
        for i, node in enumerate(nodes)
    }


def network_chart(
    edges: Sequence[Cell],
    *,
    text: InterlinkageText,
    nodes: Sequence[str],
    numbers: Mapping[str, Any] = GERMAN_NUMBERS,
) -> dict[str, Any]:
    """Nodes (``nodes``: labels) on a circle, a line for every synergy (solid) and trade-off
    (dashed) among ``edges`` (the other classes draw no line; a pair given in both orders is
    drawn once); the legend shows line style,
    symbol and name of both classes.

    >>> t = InterlinkageText("T", "D", {"synergy": "Synergie", "trade_off": "Zielkonflikt",
    ...                       "unclassified": "ohne", "insufficient": "zu wenig"})
    >>> spec = network_chart([Cell("A", "B", "trade_off", -0.8, 0.01, 9),
    ...                       Cell("A", "C", "unclassified", 0.1, 0.8, 9)], text=t,
    ...                      nodes=["A", "B", "C"])
    >>> [e["kind"] for e in spec["layer"][0]["data"]["values"]]
    ['− Zielkonflikt']
    """
    shown = ("synergy", "trade_off")
    names, colours = _legend_domain(text, shown)
    place = circle_layout(nodes)
    unique = {frozenset((e.row, e.column)): e for e in edges if e.kind in shown}
    lines = [
        {
            "x": place[e.row][0],
            "y": place[e.row][1],
            "x2": place[e.column][0],
            "y2": place[e.column][1],
            "kind": f"{SYMBOLS[e.kind]} {text.kinds[e.kind]}",
            "pair": f"{e.row} – {e.column}",
            "rho": e.rho,
            "p": e.p,
            "n": e.n,
        }
        for e in unique.values()
    ]
    points = [
        {
            "x": x,
            "y": y,
            "lx": 1.12 * x,
            "ly": 1.12 * y,
            "label": node,
            "align": "center" if abs(x) < 0.05 else ("left" if x > 0 else "right"),
        }
        for node, (x, y) in place.items()
    ]
    scale = {"domain": [-1.6, 1.6]}
    hidden = {"axis": None, "scale": scale}
    encode_x = {"field": "x", "type": "quantitative", **hidden}
    encode_y = {"field": "y", "type": "quantitative", **hidden}
    kind = {"field": "kind", "type": "nominal", "title": None}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": lines},
            "mark": {"type": "rule", "strokeWidth": 2},
            "encoding": {
                "x": encode_x,
                "y": encode_y,
                "x2": {"field": "x2"},
                "y2": {"field": "y2"},
                "color": {
                    **kind,
                    "scale": {"domain": names, "range": colours},
                    "legend": {"orient": "bottom", "symbolType": "stroke", "symbolSize": 400},
                },
                "strokeDash": {
                    **kind,
                    "scale": {"domain": names, "range": [DASHES[k] for k in shown]},
                },
                "tooltip": [
                    {"field": "pair", "type": "nominal", "title": None},
                    {"field": "kind", "type": "nominal"},
                    {"field": "rho", "type": "quantitative", "title": text.rho, "format": ".2f"},
                    {"field": "p", "type": "quantitative", "title": text.p, "format": ".3f"},
                    {"field": "n", "type": "quantitative", "title": text.n},
                ],
            },
        },
        {
            "data": {"values": points},
            "mark": {"type": "circle", "size": 70, "color": INK, "opacity": 1},
            "encoding": {"x": encode_x, "y": encode_y},
        },
    ]
    for align in ("left", "right", "center"):
        layers.append(
            {
                "data": {"values": [p for p in points if p["align"] == align]},
                "mark": {"type": "text", "align": align, "baseline": "middle", "fontSize": 11},
                "encoding": {
                    "x": {"field": "lx", "type": "quantitative", **hidden},
                    "y": {"field": "ly", "type": "quantitative", **hidden},
                    "text": {"field": "label"},
                },
            }
        )
    _silent(layers)
    return {
        "$schema": SCHEMA,
        "title": text.title,
        "description": text.description,
        "width": NETWORK_SIZE,
        "height": NETWORK_SIZE,
        "layer": layers,
        "config": _config(numbers),
    }
