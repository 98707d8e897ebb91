"""Exports never hand a spreadsheet a formula (CSV injection)."""

from __future__ import annotations

import polars as pl

from zielwerk.core.observations.write import write_tidy_csv


def test_tidy_csv_neutralises_formula_cells_but_keeps_numbers(tmp_path):
    frame = pl.DataFrame(
        {
            "indicator": ["own-x-1", "own-x-1"],
            "region": ["000000000000", "000000000000"],
            "series": ['=HYPERLINK("http://evil")', "sex=female"],
            "year": [2023, 2024],
            "value": [-5.0, 3.5],
            "unit": ["@SUM(A1)", "%"],
            "flags": ["", ""],
        }
    )
    path = tmp_path / "out.csv"
    write_tidy_csv(frame, path)
    back = pl.read_csv(path, infer_schema=False)
    assert back.get_column("series").to_list() == ['\'=HYPERLINK("http://evil")', "sex=female"]
    assert back.get_column("unit").to_list() == ["'@SUM(A1)", "%"]
    assert back.get_column("value").to_list() == ["-5.0", "3.5"]
