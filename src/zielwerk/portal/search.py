"""Search across goals, targets, indicators (German-aware, in memory) and regions.

Words are folded (case, umlauts, ß, accents: "Größe" = "groesse") and reduced by a light German
stemmer that strips inflection endings ("Energien", "Energie" → "energi"). A query word matches a
title word that equals it, starts with it ("Energie" → "Energieverbrauch") or, from five
letters, contains it ("Energie" → "Bruttoendenergieverbrauch"). Every query word must match.
The catalogue index (a few hundred entries) is built once per data version and kept in
memory; regions use the folded-name search of the region directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import reverse

from zielwerk.catalogue.models import Goal, Indicator, Target
from zielwerk.core.regions import fold_name
from zielwerk.regions.models import Region
from zielwerk.regions.selectors import region_search

from .rendering import data_version

MAX_QUERY = 100
REGION_LIMIT = 20
# Inflection endings, longest first; a stem keeps at least four letters.
_ENDINGS = ("ungen", "innen", "ern", "em", "en", "er", "es", "e", "n", "s")
_MIN_STEM = 4
_WORD = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")
_CODE = re.compile(r"^\d+(\.[0-9a-z]+)*\.?$")


def stem(word: str) -> str:
    """A folded word without its inflection ending.

    >>> [stem(w) for w in ("energie", "energien", "erneuerbarer", "erneuerbare", "armut")]
    ['energi', 'energi', 'erneuerbar', 'erneuerbar', 'armut']
    """
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def words(text: str) -> list[str]:
    """Folded, stemmed words of a text (codes such as ``7.2.a`` stay whole)."""
    return [stem(w) if not w[0].isdigit() else w for w in _WORD.findall(fold_name(text))]


@dataclass(frozen=True)
class Entry:
    kind: str  # goal, target, indicator
    code: str
    title: str
    title_en: str
    url: str
    words: frozenset[str]


@dataclass(frozen=True)
class Hit:
    kind: str
    code: str
    title: str
    title_en: str
    url: str
    score: int


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: list[Hit]
    regions: list[Region]
    region_total: int


def _entries() -> list[Entry]:
    entries = []
    for goal in Goal.objects.all():
        text = " ".join([goal.short_de, goal.short_en, goal.title_de, goal.title_en])
        url = reverse("catalogue:goal", args=[goal.number])
        entries.append(_entry("goal", str(goal.number), goal.short_de, goal.short_en, url, text))
    for target in Target.objects.all():
        url = reverse("catalogue:target", args=[target.code])
        text = f"{target.title_de} {target.title_en}"
        entries.append(_entry("target", target.code, target.title_de, target.title_en, url, text))
    for ind in Indicator.objects.exclude(framework=Indicator.Framework.OWN):
        meta = ind.metadata or {}
        extra = " ".join(str(meta.get(k, "")) for k in ("section_de", "postulate_de", "section_en"))
        text = f"{ind.title_de} {ind.title_en} {extra}"
        url = reverse("catalogue:indicator", args=[ind.code])
        entries.append(_entry("indicator", ind.code, ind.title_de, ind.title_en, url, text))
    return entries


def _entry(kind: str, code: str, title: str, title_en: str, url: str, text: str) -> Entry:
    return Entry(kind, code, title, title_en, url, frozenset(words(text)))


_INDEX: dict[str, list[Entry]] = {}


def _index() -> list[Entry]:
    key = f"{data_version()}:{Indicator.objects.count()}"
    if key not in _INDEX:
        _INDEX.clear()
        _INDEX[key] = _entries()
    return _INDEX[key]


def _word_score(query_word: str, entry_words: frozenset[str]) -> int:
    if query_word in entry_words:
        return 3
    if any(w.startswith(query_word) for w in entry_words):
        return 2
    if len(query_word) >= 5 and any(query_word in w for w in entry_words):
        return 1
    return 0


def _score(entry: Entry, query_words: list[str], code: str) -> int:
    if code:
        if entry.code == code:
            return 100
        return 50 if entry.code.startswith(code) else 0
    total = 0
    for query_word in query_words:
        points = _word_score(query_word, entry.words)
        if not points:
            return 0
        total += points
    return total


_ORDER = {"goal": 0, "target": 1, "indicator": 2}


def catalogue_search(query: str) -> list[Hit]:
    """Goals, targets and indicators matching every word of the query, best first."""
    folded = fold_name(query).strip()
    code = folded.rstrip(".") if _CODE.match(folded) else ""
    query_words = words(query)
    if not code and not query_words:
        return []
    scored = [(e, _score(e, query_words, code)) for e in _index()]
    hits = [Hit(e.kind, e.code, e.title, e.title_en, e.url, s) for e, s in scored if s > 0]
    return sorted(hits, key=lambda h: (-h.score, _ORDER[h.kind], len(h.code)))


def site_search(*, query: str) -> SearchResults:
    """Catalogue and regions for the search page."""
    query = query.strip()[:MAX_QUERY]
    if not query:
        return SearchResults(query, [], [], 0)
    found = region_search(query=query, limit=REGION_LIMIT)
    return SearchResults(query, catalogue_search(query), found.regions, found.total)
