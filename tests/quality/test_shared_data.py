"""Missing shared evaluation data fails a CI run (a skipped gate guards nothing) and skips locally."""

import pytest

from tests import conftest


def outcome(relative: str) -> BaseException:
    """What shared_eval raised; caught here so a wrong skip cannot turn this test into a skip."""
    try:
        conftest.shared_eval(relative)
    except BaseException as exc:  # pytest's fail and skip outcomes are BaseExceptions
        return exc
    raise AssertionError("shared_eval returned for missing data")


@pytest.fixture
def no_shared_data(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "absent")


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_missing_data_fails_under_ci(no_shared_data, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    raised = outcome("scifact")
    assert isinstance(raised, pytest.fail.Exception) and "missing under CI" in str(raised)


@pytest.mark.parametrize("value", [None, "", "false", "0"])
def test_missing_data_skips_with_its_path_outside_ci(no_shared_data, monkeypatch, tmp_path, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    raised = outcome("scifact")
    assert isinstance(raised, pytest.skip.Exception)
    assert str(tmp_path / "absent" / "eval" / "scifact") in str(raised)


def test_present_data_is_returned(monkeypatch, tmp_path):
    (tmp_path / "eval" / "scifact").mkdir(parents=True)
    monkeypatch.setattr(conftest, "SHARED", tmp_path)
    monkeypatch.setenv("CI", "true")
    assert conftest.shared_eval("scifact") == tmp_path / "eval" / "scifact"
