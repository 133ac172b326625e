import datetime as dt

import pytest

from tests.helpers import MONDAY, employee, instance, verify
from workbench.domain import CoverTarget, Wish, WishKind
from workbench.scheduling.registry import Mode
from workbench.scheduling.rules import general

BOTH = [Mode.HARD, Mode.SOFT]


def day(i: int) -> dt.date:
    return MONDAY + dt.timedelta(days=i)


def emp(**kw):
    return {"anna": employee("anna", **kw)}


def run(rule, grid, mode, employees=None, history=None, **params):
    inst = instance(grid, employees=employees, history=history)
    return verify(rule, grid, mode, inst=inst, **params)


def check(v, mode, amount):
    assert v.amount == amount
    assert v.feasible == (mode is Mode.SOFT or amount == 0)


# -- general.forbidden_successions --------------------------------------------------

PAIRS = (("N", "D"), ("A", "T"))


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ("N D - -", 1),  # violating
        ("D N - D", 0),  # compliant: N then off then D
        ("A T N D", 2),  # two forbidden pairs
        ("D - - N", 0),  # boundary: N on the last day, the day after is off
    ],
)
def test_general_forbidden_successions(grid, amount, mode):
    v = run(general.forbidden_successions, {"anna": grid}, mode, pairs=PAIRS)
    check(v, mode, amount)


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(("edge", "amount"), [("off", 0), ("history", 1)])
def test_general_forbidden_successions_history_edge(edge, amount, mode):
    v = run(
        general.forbidden_successions,
        {"anna": "D - -"},
        mode,
        history={"anna": "- N"},
        pairs=PAIRS,
        edge=edge,
    )
    check(v, mode, amount)


# -- general.max_shifts_per_type ------------------------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "caps", "amount"),
    [
        ("N N N D", (("N", 2),), 1),  # violating
        ("N N D D", (("N", 2),), 0),  # boundary: exactly the cap
        ("D D A -", (("A", 0), ("D", 1)), 2),  # a skill (0) and a cap
        ("D D D D", None, 0),  # None: rule does not apply
    ],
)
def test_general_max_shifts_per_type(grid, caps, amount, mode):
    v = run(
        general.max_shifts_per_type,
        {"anna": grid},
        mode,
        employees=emp(max_shifts_per_type=caps),
    )
    check(v, mode, amount)


# -- general.total_minutes -------------------------------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "lo", "hi", "amount"),
    [
        ("D D D -", 960, 1440, 0),  # boundary: 3 x 480 = 1440 = max
        ("D D L -", 960, 1440, 240),  # 480 + 480 + 720 = 1680, 240 over
        ("D - - -", 960, 1440, 480),  # 480 under the minimum
        ("D D - -", 960, None, 0),  # boundary: exactly the minimum
    ],
)
def test_general_total_minutes(grid, lo, hi, amount, mode):
    v = run(
        general.total_minutes,
        {"anna": grid},
        mode,
        employees=emp(min_total_minutes=lo, max_total_minutes=hi),
    )
    check(v, mode, amount)


@pytest.mark.parametrize("mode", BOTH)
def test_general_total_minutes_dst_night(mode):
    # The night Sat 24 -> Sun 25 Oct 2026, 23-07, lasts 9 h (540 min): the
    # clocks go back at 03:00 on the 25th.
    start = dt.date(2026, 10, 19)
    grid = {"anna": "- - - - - N -"}
    emps = emp(max_total_minutes=480)
    inst = instance(grid, start=start, employees=emps)
    check(verify(general.total_minutes, grid, mode, inst=inst), mode, 60)


# -- general.max_consecutive_days -----------------------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ("D D D - D D D", 0),  # boundary: runs of exactly 3
        ("D D D D - D -", 1),  # one day too many
        ("N N N N N - -", 2),  # two windows of 4 are all worked
    ],
)
def test_general_max_consecutive_days(grid, amount, mode):
    v = run(
        general.max_consecutive_days,
        {"anna": grid},
        mode,
        employees=emp(max_consecutive_days=3),
    )
    check(v, mode, amount)


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(("edge", "amount"), [("off", 0), ("history", 2)])
def test_general_max_consecutive_days_history_edge(edge, amount, mode):
    v = run(
        general.max_consecutive_days,
        {"anna": "D D - - - - -"},
        mode,
        employees=emp(max_consecutive_days=3),
        history={"anna": "- D D D"},
        edge=edge,
    )
    check(v, mode, amount)


# -- general.min_consecutive_days -----------------------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "edge", "amount"),
    [
        ("- D - D D D -", "exempt", 2),  # a single day inside: 3 - 1 missing
        ("- D D D - - -", "exempt", 0),  # compliant
        ("D - - D D D D", "exempt", 0),  # boundary: blocks touching both edges exempt
        ("D - - D D D D", "off", 2),  # ... but not with edge 'off'
        ("- D D - D D -", "exempt", 2),  # two blocks of 2, each 1 short
    ],
)
def test_general_min_consecutive_days(grid, edge, amount, mode):
    v = run(
        general.min_consecutive_days,
        {"anna": grid},
        mode,
        employees=emp(min_consecutive_days=3),
        edge=edge,
    )
    check(v, mode, amount)


# -- general.min_consecutive_days_off -------------------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "edge", "amount"),
    [
        ("D - D D - - D", "exempt", 1),  # a single day off inside
        ("D - - D D - -", "exempt", 0),  # compliant (last block touches the edge)
        ("- D D D D D -", "exempt", 0),  # boundary: off-blocks at both edges exempt
        ("- D D D D D -", "off", 2),  # ... judged with edge 'off'
    ],
)
def test_general_min_consecutive_days_off(grid, edge, amount, mode):
    v = run(
        general.min_consecutive_days_off,
        {"anna": grid},
        mode,
        employees=emp(min_consecutive_days_off=2),
        edge=edge,
    )
    check(v, mode, amount)


# -- general.max_weekends ------------------------------------------------------


@pytest.mark.parametrize("mode", BOTH)
@pytest.mark.parametrize(
    ("grid", "cap", "amount"),
    [
        ("- - - - - D - - - - - - - D", 1, 1),  # Sat wk1 and Sun wk2: 2 weekends
        ("- - - - - D D - - - - - - -", 1, 0),  # boundary: Sat+Sun is one weekend
        ("D D D D D - - D D D D D - -", 0, 0),  # weekdays only
        ("- - - - - - N - - - - - N -", 1, 1),  # Sunday night and Saturday night
        ("- - - - - - N - - - - - N -", None, 0),  # no limit
    ],
)
def test_general_max_weekends(grid, cap, amount, mode):
    v = run(general.max_weekends, {"anna": grid}, mode, employees=emp(max_weekends=cap))
    check(v, mode, amount)


# -- requests ------------------------------------------------------------------


def _with_wishes(grid, wishes):
    return instance(grid).model_copy(update={"wishes": tuple(wishes)})


ON = [
    Wish(employee_id="anna", date=day(0), kind=WishKind.SHIFT, shift_id="D", weight=3),
    Wish(
        employee_id="anna", date=day(1), kind=WishKind.SHIFT, shift_id="N", priority=2
    ),
    Wish(employee_id="anna", date=day(2), kind=WishKind.SHIFT, shift_id="A", weight=0),
]


@pytest.mark.parametrize("mode", [Mode.SOFT, Mode.HARD])
@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ("D N -", 0),  # both met (weight-0 wish ignored)
        ("A N -", 3),  # wrong shift on day 0: weight 3
        ("- - A", 5),  # both unmet: 3 + priority 2
    ],
)
def test_general_shift_on_requests(grid, amount, mode):
    g = {"anna": grid}
    v = verify(general.shift_on_requests, g, mode, inst=_with_wishes(g, ON))
    check(v, mode, amount)


OFF = [
    Wish(
        employee_id="anna", date=day(0), kind=WishKind.NOT_SHIFT, shift_id="D", weight=2
    ),
    Wish(
        employee_id="anna", date=day(1), kind=WishKind.NOT_SHIFT, shift_id="N", weight=1
    ),
]


@pytest.mark.parametrize("mode", [Mode.SOFT, Mode.HARD])
@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ("A D -", 0),  # other shifts are fine
        ("D - -", 2),
        ("D N D", 3),
    ],
)
def test_general_shift_off_requests(grid, amount, mode):
    g = {"anna": grid}
    v = verify(general.shift_off_requests, g, mode, inst=_with_wishes(g, OFF))
    check(v, mode, amount)


# -- general.cover_target ------------------------------------------------------

COVER = (
    CoverTarget(date=day(0), shift="D", target=2, under_weight=100, over_weight=1),
    CoverTarget(date=day(1), shift="D", target=1, under_weight=100, over_weight=1),
    CoverTarget(date=day(1), shift="N", target=0, under_weight=100, over_weight=5),
)


@pytest.mark.parametrize(
    ("grid", "amount"),
    [
        ({"anna": "D D", "bo": "D -"}, 0),  # exact
        (
            {"anna": "D D", "bo": "- D"},
            101,
        ),  # day 0 one short (100), day 1 one over (1)
        ({"anna": "- N", "bo": "- N"}, 310),  # 2x100 + 100 under, N 2 over x 5
    ],
)
def test_general_cover_target(grid, amount):
    inst = instance(grid).model_copy(update={"cover": COVER})
    v = verify(general.cover_target, grid, Mode.SOFT, inst=inst)
    assert v.amount == amount and v.feasible


@pytest.mark.parametrize("edge", ["exempt", "off"])
@pytest.mark.parametrize("minimum", [2, 3])
def test_general_min_consecutive_days_and_days_off_every_6_day_grid(edge, minimum):
    # Hard mode uses run-start implications, soft mode the block patterns: both
    # must agree with the checker on every grid (verify() asserts it).
    emps = emp(min_consecutive_days=minimum, min_consecutive_days_off=minimum)
    for bits in range(64):
        grid = {"anna": " ".join("D" if bits >> i & 1 else "-" for i in range(6))}
        inst = instance(grid, employees=emps)
        for r in (general.min_consecutive_days, general.min_consecutive_days_off):
            hard = verify(r, grid, Mode.HARD, inst=inst, edge=edge)
            soft = verify(r, grid, Mode.SOFT, inst=inst, edge=edge)
            assert hard.feasible == (soft.amount == 0)
