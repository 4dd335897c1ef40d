"""Bad data files end with a clear message naming the file and line, not a bare traceback."""
import pytest

from models.pipeline.data import DataError, read_ag_csv


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="AG News file not found: .*nope.csv"):
        read_ag_csv(tmp_path / "nope.csv")


def test_wrong_column_count(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text('"3","Title","Description"\n"2","only two columns"\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"bad.csv, line 2: expected 3 columns .* found 2"):
        read_ag_csv(bad)


def test_corrupt_class(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text('"7","Title","Description"\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"line 1: class must be 1-4, found '7'"):
        read_ag_csv(bad)
