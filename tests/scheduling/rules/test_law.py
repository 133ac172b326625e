import datetime as dt

import pytest

from tests.helpers import MONDAY, employee, instance, verify
from workbench.domain import LoneWork
from workbench.scheduling.registry import Mode
from workbench.scheduling.rules import law
from workbench.timeutil import Calendar

T = dt.time
MODES = [Mode.HARD, Mode.SOFT]
OCT = dt.date(2026, 10, 19)  # Monday; clocks go back on Sunday 25.10. (N 24.10. = 9 h)
MAR = dt.date(2026, 3, 23)  # Monday; clocks go forward on Sunday 29.3. (N 28.3. = 7 h)
H = 60  # minutes per hour: amounts of the hour rules are minutes over


def expect(v, mode, amount):
    assert v.amount == amount, v.findings
    assert v.feasible == (mode is Mode.SOFT or amount == 0)
    if mode is Mode.SOFT:
        assert v.model_amount == amount


# -- hours.max_48_average ------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("week", "over"),
    [
        ("D D D D D D -", 0),          # exactly 48 h
        ("D D D D D D D", 8 * H),      # one more shift
        ("L L L L - - -", 0),          # 4 x 12 h = 48 h
        ("L L L L T - -", 8 * H),
        ("S S S S S - -", 0),          # sleep-ins are working time: 45 h
        ("S S S S S S -", 6 * H),      # 54 h
        ("D D D D D D R", 0),          # on-call from home is not counted
    ],
    ids=["48h", "56h", "4L", "4L+T", "5S", "6S", "oncall"],
)
def test_hours_max_48_average_one_week(week, over, mode):
    grid = {"anna": week, "bo": "- - - - - - -"}
    expect(verify(law.max_48_average, grid, mode), mode, over)


@pytest.mark.parametrize("mode", MODES)
def test_hours_max_48_average_each_week_window(mode):
    # Without history, week 1 is judged alone; week 2 averages both weeks.
    grid = {"anna": "L L L L L L L - - - - - - -"}
    v = verify(law.max_48_average, grid, mode)
    expect(v, mode, (84 - 48) * H)
    assert v.findings[0].dates == tuple(MONDAY + dt.timedelta(days=i) for i in range(7))
    assert "arbejdstidsloven § 4" in v.findings[0].message


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("history", "week", "over"),
    [
        (None, "D D D D D - -", 0),
        (["L L L L L L L"] * 3, "D D D D D - -", (252 + 40 - 192) * H),  # heavy history
        (["D D D D D D -"] * 3, "D D D D D D -", 0),  # exactly 48 h every week
        (["D D D D D D -"] * 3, "D D D D D D D", 8 * H),  # one more shift
        # light history: 28 known days allow 192 h, plan 84 h + 8 h history
        (["D - - - - - -"] + ["- - - - - - -"] * 2, "L L L L L L L", 0),
    ],
    ids=["none", "heavy", "boundary", "boundary+1", "light-absorbs"],
)
def test_hours_max_48_average_history(history, week, over, mode):
    grid = {"anna": week}
    hist = None if history is None else {"anna": " ".join(history)}
    inst = instance(grid, history=hist)
    expect(verify(law.max_48_average, grid, mode, inst=inst), mode, over)


def test_hours_max_48_average_reference_weeks_param():
    grid = {"anna": "D D D D D - -"}
    inst = instance(grid, history={"anna": " ".join(["L L L L L L L"] * 3)})
    assert verify(law.max_48_average, grid, inst=inst, reference_weeks=1).amount == 0
    assert verify(law.max_48_average, grid, inst=inst, reference_weeks=2).amount == (
        84 + 40 - 96
    ) * H


def test_hours_max_48_average_history_outside_window_is_ignored():
    # History 3 weeks back; with a 2-week reference only the last week counts.
    hist = {"anna": " ".join(["L L L L L L L", "- - - - - - -", "- - - - - - -"])}
    grid = {"anna": "D D D D D D -"}
    inst = instance(grid, history=hist)
    assert verify(law.max_48_average, grid, inst=inst, reference_weeks=2).amount == 0
    assert verify(law.max_48_average, grid, inst=inst).amount == 0  # 132 <= 192


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("start", "over"),
    [(MONDAY, 0), (OCT, 1 * H)],
    ids=["january-48h", "october-dst-49h"],
)
def test_hours_max_48_average_dst(start, over, mode):
    grid = {"anna": "D - N N N N N"}  # Saturday's night is 9 h in October
    inst = instance(grid, start=start)
    expect(verify(law.max_48_average, grid, mode, inst=inst), mode, over)


def test_hours_max_48_average_dst_march_is_shorter():
    grid = {"anna": "D D N N N N N"}  # 56 h, Saturday's night 7 h in March
    assert verify(law.max_48_average, grid).amount == 8 * H
    inst = instance(grid, start=MAR)
    assert verify(law.max_48_average, grid, inst=inst).amount == 7 * H


# -- night.worker_average_8h ---------------------------------------------------

FIXED = {"nat": employee("nat", fixed_night=True)}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("week", "over"),
    [
        ("N N N N N N -", 0),          # 6 x 8 h = 48 h = 8 h x 6 days
        ("N N N N N N N", 8 * H),
        ("S S S S S S -", 6 * H),      # sleep-ins: 54 h
        ("N N N N N N R", 0),          # on-call from home is not counted
    ],
    ids=["boundary", "one-more", "sleep-ins", "oncall"],
)
def test_night_worker_average_8h_fixed_night(week, over, mode):
    grid = {"nat": week}
    inst = instance(grid, employees=FIXED)
    expect(verify(law.worker_average_8h, grid, mode, inst=inst), mode, over)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("week", "over"),
    [
        ("N N N D D L -", 4 * H),      # 3 of 6 nights = 50 %: night worker, 52 h
        ("N N D D D L -", 0),          # 2 of 6: not a night worker
        ("N N N N D D D", 8 * H),      # 4 of 7, 56 h
        ("N N N D D D D", 0),          # 3 of 7 < 50 %
        ("N N N D D - -", 0),          # night worker within the limit (40 h)
    ],
    ids=["share-at-threshold", "below", "above", "3of7", "within"],
)
def test_night_worker_average_8h_share(week, over, mode):
    grid = {"anna": week}
    expect(verify(law.worker_average_8h, grid, mode), mode, over)


def test_night_worker_average_8h_params():
    # N 23-07 has 6 h in 22-05; S 22-07 has 7 h.
    assert verify(law.worker_average_8h, {"anna": "N N N D D L -"},
                  night_hours_min=7).amount == 0
    assert verify(law.worker_average_8h, {"anna": "S S S D D L -"},
                  night_hours_min=7).amount == 7 * H
    assert verify(law.worker_average_8h, {"anna": "N N D D D L -"},
                  share_threshold=0.3).amount == 4 * H
    assert verify(law.worker_average_8h, {"anna": "N N N N N N -"},
                  night_window=("23:00", "04:00")).amount == 0  # 5 h per night
    assert verify(law.worker_average_8h, {"anna": "N N N N N N -"},
                  night_window=("00:00", "02:00")).amount == 0  # not night work


@pytest.mark.parametrize("mode", MODES)
def test_night_worker_average_8h_dst(mode):
    grid = {"nat": "N N N N N N -"}  # Saturday's night is 9 h in October
    inst = instance(grid, start=OCT, employees=FIXED)
    expect(verify(law.worker_average_8h, grid, mode, inst=inst), mode, 1 * H)


def test_night_worker_average_8h_averages_over_plan():
    grid = {"nat": "N N N N N N N - - - - - - -"}  # 56 h in 14 days (limit 96 h)
    inst = instance(grid, employees=FIXED)
    assert verify(law.worker_average_8h, grid, inst=inst).amount == 0
    grid4 = {"nat": "N N N N"}  # 4 days: 8 h x 60 x 24/7 = 1645 min allowed
    inst4 = instance(grid4, employees=FIXED)
    assert verify(law.worker_average_8h, grid4, Mode.SOFT, inst=inst4).amount == (
        32 * H - 1645
    )


def test_night_worker_average_8h_history_not_counted():
    grid = {"nat": "N N N N N N -"}
    inst = instance(grid, employees=FIXED, history={"nat": "N N N N N N N"})
    assert verify(law.worker_average_8h, grid, inst=inst).amount == 0


# -- law.no_lone_work ----------------------------------------------------------

NIGHT_LW = LoneWork(no_lone_shifts=("N",))
HOURS_LW = LoneWork(no_lone_hours=((T(22), T(6)),))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("grid", "lone"),
    [
        ({"anna": "N", "bo": "-"}, 1),
        ({"anna": "N", "bo": "N"}, 0),
        ({"anna": "N", "bo": "S"}, 0),   # 22-23 is outside the N shift's time
        ({"anna": "-", "bo": "S"}, 1),   # alone in N's time, even if nobody is on N
        ({"anna": "A", "bo": "N"}, 1),
        ({"anna": "N", "bo": "R"}, 1),   # on-call from home is not on duty
        ({"anna": "D", "bo": "-"}, 0),   # day time is not restricted
        ({"anna": "-", "bo": "-"}, 0),   # nobody on duty is not lone work
    ],
    ids=["alone", "pair", "n+s", "s-alone", "a+n", "oncall", "day", "empty"],
)
def test_law_no_lone_work_shifts(grid, lone, mode):
    inst = instance(grid, lone_work=NIGHT_LW)
    v = verify(law.no_lone_work, grid, mode, inst=inst)
    expect(v, mode, lone)
    if lone:
        assert "BEK nr. 1839/2023" in v.findings[0].message


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("grid", "lone"),
    [
        ({"anna": "N -", "bo": "- -"}, 2),  # 23-06 {N,S} and 06-07 {N,S,T}
        ({"anna": "N -", "bo": "- T"}, 1),  # the early shift joins at 06
        ({"anna": "N N", "bo": "- -"}, 3),  # no plan slot at 06 after the last night
    ],
    ids=["two-combinations", "t-joins", "two-nights"],
)
def test_law_no_lone_work_once_per_slot_combination(grid, lone, mode):
    inst = instance(grid, lone_work=NIGHT_LW)
    expect(verify(law.no_lone_work, grid, mode, inst=inst), mode, lone)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("grid", "lone"),
    [
        ({"anna": "S", "bo": "-"}, 2),  # 22-23 {A,S} and 23-06 {N,S}
        ({"anna": "S", "bo": "A"}, 1),  # alone from 23
        ({"anna": "S", "bo": "N"}, 1),  # alone 22-23
        ({"anna": "S", "bo": "S"}, 0),
        ({"anna": "L", "bo": "-"}, 0),  # 07-19 is outside 22-06
    ],
)
def test_law_no_lone_work_hours_window(grid, lone, mode):
    inst = instance(grid, lone_work=HOURS_LW)
    expect(verify(law.no_lone_work, grid, mode, inst=inst), mode, lone)


def test_law_no_lone_work_cleared_still_counts():
    emps = {"anna": employee("anna", lone_work_cleared=True)}
    for grid, lone in [({"anna": "N", "bo": "N"}, 0), ({"anna": "N", "bo": "-"}, 1)]:
        inst = instance(grid, employees=emps, lone_work=NIGHT_LW)
        assert verify(law.no_lone_work, grid, inst=inst).amount == lone


def test_law_no_lone_work_no_config_no_rule():
    grid = {"anna": "N", "bo": "-"}
    assert verify(law.no_lone_work, grid).amount == 0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("history", "lone"),
    [
        ({"anna": "N"}, 0),  # Anna's history night is on duty until 07:00
        (None, 1),           # Bo is alone 06-07 inside the night shift's time
        ({"anna": "D"}, 1),
    ],
    ids=["history-night", "no-history", "history-day"],
)
def test_law_no_lone_work_history(history, lone, mode):
    grid = {"anna": "-", "bo": "T"}
    inst = instance(grid, history=history, lone_work=NIGHT_LW)
    expect(verify(law.no_lone_work, grid, mode, inst=inst), mode, lone)


def test_law_no_lone_work_history_alone_only_where_plan_covers():
    # Anna's history night alone: 00-06 has no plan slot (history's business),
    # 06-07 does (the early shift could join), so it counts once.
    grid = {"anna": "-", "bo": "-"}
    inst = instance(grid, history={"anna": "N"}, lone_work=NIGHT_LW)
    v = verify(law.no_lone_work, grid, Mode.SOFT, inst=inst)
    assert v.amount == 1
    assert "kl. 06:00" in v.findings[0].message


@pytest.mark.parametrize("mode", MODES)
def test_law_no_lone_work_dst_night(mode):
    start = dt.date(2026, 10, 24)  # the night into Sunday 25.10. lasts 9 h
    grid = {"anna": "N", "bo": "-"}
    inst = instance(grid, start=start, lone_work=NIGHT_LW)
    v = verify(law.no_lone_work, grid, mode, inst=inst)
    expect(v, mode, 1)
    assert "24.10. kl. 23:00–25.10. kl. 07:00" in v.findings[0].message
    # 06-07 on the first day (inside the previous night's time) and the 9-h night
    stretches = law.lone_stretches(Calendar(inst))
    assert [s.end_min - s.start_min for s in stretches] == [1 * H, 9 * H]


# -- law.young_no_nights -------------------------------------------------------

YOUNG = {"ung": employee("ung", birth_date=dt.date(2008, 1, 7))}  # 18 on Wed 7.1.


@pytest.mark.parametrize(
    ("week", "breaches"),
    [
        ("A - -", 1),      # 15-23 on Monday at 17
        ("D L D", 0),
        ("T - -", 0),      # starts at 06:00, the window's end
        ("- N -", 1),      # starts Tuesday 23:00, still 17
        ("- - N", 0),      # Wednesday: 18
        ("S R -", 2),      # sleep-ins and on-call count too
        ("A N S", 2),
    ],
)
def test_law_young_no_nights(week, breaches):
    grid = {"ung": week}
    inst = instance(grid, employees=YOUNG)
    v = verify(law.young_no_nights, grid, Mode.HARD, inst=inst)
    expect(v, Mode.HARD, breaches)
    if breaches:
        assert "unge under 18" in v.findings[0].message


def test_law_young_no_nights_params_and_unknown_age():
    grid = {"ung": "A - -"}
    inst = instance(grid, employees=YOUNG)
    rule = law.young_no_nights
    assert verify(rule, grid, inst=inst, window=("23:00", "06:00")).feasible
    assert not verify(rule, grid, inst=inst, window=("22:00", "06:00")).feasible
    assert verify(rule, {"anna": "A N S"}).feasible  # no birth date
    adult = {"ung": employee("ung", birth_date=dt.date(1990, 1, 1))}
    assert verify(rule, grid, inst=instance(grid, employees=adult)).feasible
