import datetime as dt

import pytest

from workbench.holidays_dk import (
    is_soegnehelligdag,
    soegnehelligdage,
    soegnehelligdage_between,
)

D = dt.date


def test_holidays_dk_2026_complete():
    assert soegnehelligdage(2026) == {
        D(2026, 1, 1): "Nytårsdag",
        D(2026, 4, 2): "Skærtorsdag",
        D(2026, 4, 3): "Langfredag",
        D(2026, 4, 6): "Anden påskedag",
        D(2026, 5, 14): "Kristi himmelfartsdag",
        D(2026, 5, 25): "Anden pinsedag",
        D(2026, 12, 25): "Juledag",
        D(2026, 12, 26): "Anden juledag",
    }


def test_holidays_dk_sundays_are_never_soegnehelligdage():
    for year in range(2020, 2031):
        days = soegnehelligdage(year)
        assert all(d.isoweekday() != 7 for d in days)
        assert "Påskedag" not in days.values() and "Pinsedag" not in days.values()


@pytest.mark.parametrize(
    ("year", "has_bededag"),
    [(2022, True), (2023, True), (2024, False), (2025, False), (2026, False)],
)
def test_holidays_dk_store_bededag_abolished_from_2024(year, has_bededag):
    names = {n.lower() for n in soegnehelligdage(year).values()}
    assert ("store bededag" in names) is has_bededag
    if year == 2023:
        assert is_soegnehelligdag(D(2023, 5, 5))
    if year == 2024:
        assert not is_soegnehelligdag(D(2024, 4, 26))


def test_holidays_dk_agreement_days_not_included():
    # Juleaftensdag, nytårsaften, 1. maj and grundlovsdag are agreement matters.
    for d in (D(2026, 12, 24), D(2026, 12, 31), D(2026, 5, 1), D(2026, 6, 5)):
        assert not is_soegnehelligdag(d)


def test_holidays_dk_between_spans_years():
    got = soegnehelligdage_between(D(2025, 12, 22), D(2026, 1, 4))
    assert list(got) == [D(2025, 12, 25), D(2025, 12, 26), D(2026, 1, 1)]
    assert soegnehelligdage_between(D(2026, 1, 2), D(2026, 1, 1)) == {}
