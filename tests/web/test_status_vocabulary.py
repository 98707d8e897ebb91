"""One status vocabulary: every status code of the core has words in German and English."""

from __future__ import annotations

import pytest
from django.utils import translation

from zielwerk.core.assessment import codes
from zielwerk.monitoring.status import LABELS, SYMBOLS, TONES, label

ALL = {*codes.DNS_STATUSES, *codes.OPENSDG_STATUSES, *codes.EUROSTAT_STATUSES}


@pytest.mark.parametrize("code", sorted(ALL))
def test_every_status_has_a_label_in_both_languages(code: str) -> None:
    assert code in LABELS
    with translation.override("de"):
        german = label(code)
    with translation.override("en"):
        english = label(code)
    assert german and english and german != code
    assert english != german or german in {"Median"}, (code, german, english)


def test_weather_symbols_are_icons_not_emoji() -> None:
    assert set(SYMBOLS) == {"sun", "sun_cloud", "cloud", "thunderstorm"}
    for icon in SYMBOLS.values():
        assert icon.startswith('<svg class="zw-icon"') and 'aria-hidden="true"' in icon
        assert all(ord(ch) < 0x2000 for ch in icon)


def test_every_status_but_the_neutral_ones_has_a_tone() -> None:
    neutral = {codes.NOT_ASSESSED, codes.NOT_AVAILABLE}
    assert ALL - neutral <= set(TONES)
