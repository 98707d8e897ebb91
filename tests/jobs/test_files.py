"""``atomic_path``: a result elsewhere appears whole or not at all (no database needed)."""

from __future__ import annotations

import pytest

from zielwerk.jobs.files import atomic_path


def test_a_file_replaces_the_old_version_only_on_success(tmp_path):
    final = tmp_path / "out" / "bericht.csv"
    with atomic_path(final) as temp:
        temp.write_text("alt")

    def broken() -> None:
        with atomic_path(final) as temp:
            temp.write_text("halb")
            assert final.read_text() == "alt"  # readers still see the old version meanwhile
            raise RuntimeError("abgebrochen")

    with pytest.raises(RuntimeError):
        broken()
    assert final.read_text() == "alt"
    with atomic_path(final) as temp:
        temp.write_text("neu")
    assert final.read_text() == "neu"
    assert [p.name for p in final.parent.iterdir()] == ["bericht.csv"]  # no temporary left


def test_a_folder_is_swapped_whole(tmp_path):
    final = tmp_path / "website"
    with atomic_path(final) as temp:
        temp.mkdir()
        (temp / "index.html").write_text("eins")
        (temp / "alt.html").write_text("weg")

    def broken() -> None:
        with atomic_path(final) as temp:
            temp.mkdir()
            (temp / "index.html").write_text("kaputt")
            raise ValueError

    with pytest.raises(ValueError):
        broken()
    assert sorted(p.name for p in final.iterdir()) == ["alt.html", "index.html"]
    with atomic_path(final) as temp:
        temp.mkdir()
        (temp / "index.html").write_text("zwei")
    assert [p.name for p in final.iterdir()] == ["index.html"]
    assert (final / "index.html").read_text() == "zwei"
    assert [p.name for p in tmp_path.iterdir()] == ["website"]
