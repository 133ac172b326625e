"""Danish formatting helpers shared by the rule messages and the input errors."""

import datetime as dt

from workbench.danish import MONTHS, hours_minutes_da, short_date_da


def test_short_date_da() -> None:
    assert short_date_da(dt.date(2026, 1, 6)) == "6.1."
    assert short_date_da(dt.date(2026, 12, 24)) == "24.12."


def test_hours_minutes_da() -> None:
    assert hours_minutes_da(0) == "0 min"
    assert hours_minutes_da(45) == "45 min"
    assert hours_minutes_da(60) == "1 t"
    assert hours_minutes_da(90) == "1 t 30 min"
    assert hours_minutes_da(49 * 60) == "49 t"


def test_months() -> None:
    assert len(MONTHS) == 12
    assert (MONTHS[0], MONTHS[2], MONTHS[11]) == ("januar", "marts", "december")
