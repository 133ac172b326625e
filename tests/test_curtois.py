"""Curtois & Qu benchmark: parser, adapter, evaluator (by hand) and a fast solve."""

import csv
import json
from pathlib import Path

import pytest

from workbench.benchmarks import curtois
from workbench.benchmarks.curtois import (
    CurtoisFormatError,
    evaluate,
    parse_file,
    parse_text,
    roster_from_rows,
    ruleset,
    to_instance,
)
from workbench.scheduling.solver import SolverSettings

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "curtois"

# A hand-made week (day 0 = Monday, 5 = Saturday, 6 = Sunday), CRLF like the originals.
WEEK = "\r\n".join(
    """# hand-made
SECTION_HORIZON
7

SECTION_SHIFTS
# id, minutes, cannot follow
D,480,
N,480,D

SECTION_STAFF
A,D=7|N=2,2400,960,3,2,2,1
B,D=7|N=0,2400,0,5,1,1,1

SECTION_DAYS_OFF
A,3

SECTION_SHIFT_ON_REQUESTS
A,0,D,2
B,4,D,3

SECTION_SHIFT_OFF_REQUESTS
A,1,D,1

SECTION_COVER
0,D,1,100,1
1,D,1,100,1
2,D,1,100,1
3,D,1,100,1
4,D,1,100,1
5,D,1,100,1
6,D,1,100,1
6,N,1,100,1
""".splitlines()
)


def _eval(text, rows):
    ci = parse_text(text, "hand")
    return evaluate(to_instance(ci), ruleset(ci), roster_from_rows(ci, rows))


def test_evaluator_feasible_week_with_edge_blocks():
    # A: D on day 0 is a 1-day block touching day 0 -> exempt from min 2;
    #    off 1-3 (3 >= 2); D 4-6 is 3 in a row (max 3) and one weekend (max 1).
    # B: D 1-3.
    # Penalties: B's on-request (day 4 D, weight 3) unmet = 3;
    #            N on day 6 needs 1, has 0 -> 1 x 100 = 100;
    #            every D cover row has exactly 1 -> 0; A's requests met -> 0.
    ev = _eval(WEEK, {"A": "D - - - D D D", "B": "- D D D - - -"})
    assert ev.feasible
    assert ev.objective == 103
    assert ev.by_rule() == {"general.shift_on_requests": 3, "general.cover_target": 100}


def test_evaluator_reports_inner_short_blocks_as_hard():
    # A: D D (edge block) off 2-3, D on 4 alone (off 3 and 5 both inside -> breaks
    #    min 2 work days), off on 5 alone (work 4 and 6 on both sides -> breaks
    #    min 2 days off), N on 6 (edge block, exempt). Sunday worked -> 1 weekend.
    # B: D 2-3 and 5-6 (min 1 / min off 1 fine, weekend 1).
    # Soft: A's off-request day 1 D broken = 1; B's on-request day 4 unmet = 3;
    #       cover: day 0,1 A; 2,3 B; 4 A; 5,6 B; N day 6 A -> all exact = 0. Total 4.
    ev = _eval(WEEK, {"A": "D D - - D - N", "B": "- - D D - D D"})
    assert ev.objective == 4
    assert sorted(v.rule_id for v in ev.hard) == [
        "general.min_consecutive_days",
        "general.min_consecutive_days_off",
    ]


def test_evaluator_successions_days_off_and_over_cover():
    # A: N on Saturday then D on Sunday (forbidden N -> D), D on day 3 (a day off);
    #    D 2-3 is a 2-block inside (ok), off 0-1 edge, off 4 alone inside -> min off
    #    broken too.  B: D every day (7 > max 5 in a row; 7 x 480 = 3360 > 2400).
    # Soft: A on-request day 0 unmet 2; A off-request ok; B on-request met;
    #       cover D: day 2 and 3 have 2 (1 over each) = 2, day 5 B only = 0,
    #       day 6 has 2 (A and B) = 1; N day 6 none -> 100. Total 105.
    ev = _eval(WEEK, {"A": "- - D D - N D", "B": "D D D D D D D"})
    assert ev.objective == 2 + 2 + 1 + 100
    assert sorted({v.rule_id for v in ev.hard}) == [
        "coverage.absence",
        "general.forbidden_successions",
        "general.max_consecutive_days",
        "general.min_consecutive_days_off",
        "general.total_minutes",
    ]


FORTNIGHT = "\n".join(
    [
        "SECTION_HORIZON",
        "14",
        "",
        "SECTION_SHIFTS",
        "D,480,",
        "",
        "SECTION_STAFF",
        "A,D=14,6720,0,14,1,1,1",
        "",
        "SECTION_DAYS_OFF",
        "",
        "SECTION_SHIFT_ON_REQUESTS",
        "",
        "SECTION_SHIFT_OFF_REQUESTS",
        "",
        "SECTION_COVER",
        "5,D,1,100,1",
        "13,D,0,100,2",
        "",
    ]
)


def test_evaluator_weekends_either_day_counts():
    # Saturday of week 1 (day 5) and Sunday of week 2 (day 13): 2 weekends > 1 (hard).
    # Cover: day 5 exact; day 13 has 1 over requirement 0 at weight 2 -> 2.
    ev = _eval(FORTNIGHT, {"A": "- - - - - D - - - - - - - D"})
    assert ev.objective == 2
    assert [(v.rule_id, v.amount) for v in ev.hard] == [("general.max_weekends", 1)]
    # Saturday + Sunday of one weekend is one weekend: feasible, objective 0.
    ok = _eval(FORTNIGHT, {"A": "- - - - - D D - - - - - - -"})
    assert ok.feasible and ok.objective == 0


def test_solver_and_evaluator_agree_on_hand_week():
    ci = parse_text(WEEK, "hand")
    inst, rules, res, _ = curtois.solve_instance(
        ci, SolverSettings(time_limit_s=10, workers=1, seed=0)
    )
    assert res.status == "OPTIMAL"
    ev = evaluate(inst, rules, res.assignments)
    assert ev.feasible and ev.objective == round(res.objective)


# -- parser --------------------------------------------------------------------


def test_parser_reads_every_instance_with_published_sizes():
    with (BENCH / "best_known.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 12
    for r in rows:
        ci = parse_file(BENCH / f"{r['instance']}.txt")
        assert (ci.days, len(ci.staff), len(ci.shifts)) == (
            int(r["days"]),
            int(r["staff"]),
            int(r["shift_types"]),
        )
        assert ci.cover and ci.name == r["instance"]


def test_parser_instance1_details():
    ci = parse_file(BENCH / "Instance1.txt")
    a = ci.staff[0]
    assert (a.id, a.max_shifts, a.max_total_minutes, a.min_total_minutes) == (
        "A",
        (("D", 14),),
        4320,
        3360,
    )
    assert (
        a.max_consecutive,
        a.min_consecutive,
        a.min_consecutive_off,
        a.max_weekends,
    ) == (5, 2, 2, 1)
    assert ci.days_off[0] == ("A", (0,))
    assert len(ci.on_requests) == 21 and len(ci.off_requests) == 5
    inst = to_instance(ci)
    assert inst.n_days == 14 and inst.start.isoweekday() == 1
    assert inst.unit.shifts[0].start.hour == 8 and inst.unit.shifts[0].end.hour == 16


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("SECTION_HORIZON\nx\n", 2, "ikke et heltal"),
        (
            "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,Q\nSECTION_STAFF\n",
            4,
            "ukendt vagt",
        ),
        (
            "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=7,1,1,1\n",
            6,
            "8 felter",
        ),
        (
            "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=7,1,1,1,1,1,1\n"
            "SECTION_COVER\n9,D,1,100,1\n",
            8,
            "uden for horisonten",
        ),
        ("SECTION_HORIZON\n7\nSECTION_BOGUS\n", 3, "ukendt sektion"),
        ("7\n", 1, "før den første"),
    ],
)
def test_parser_errors_name_file_and_line(text, line, needle):
    with pytest.raises(CurtoisFormatError) as exc:
        parse_text(text, "bad.txt")
    assert exc.value.line == line and needle in str(exc.value)
    assert str(exc.value).startswith(f"bad.txt:{line}:")


def test_parser_missing_section():
    with pytest.raises(CurtoisFormatError, match="sektionen SECTION_STAFF mangler"):
        parse_text("SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\n", "x")


# -- engine solve (fast) -------------------------------------------------------


def test_instance1_solves_to_proven_optimum(tmp_path):
    out = tmp_path / "r.json"
    args = [
        "--time-limit",
        "30",
        "--workers",
        "1",
        "--json",
        str(out),
        str(BENCH / "Instance1.txt"),
    ]
    assert curtois.main(args) == 0
    (rec,) = json.loads(out.read_text())
    assert {
        "instance",
        "status",
        "objective",
        "bound",
        "time_to_first",
        "time_to_best",
        "gap_to_best_known",
    } <= rec.keys()
    assert (
        rec["status"] == "OPTIMAL" and rec["objective"] == 607 and rec["bound"] == 607
    )
    assert rec["gap_to_best_known"] == 0


def test_cli_params_reach_cp_sat():
    from workbench.benchmarks.curtois import _parse_params

    assert _parse_params(["linearization_level=2", "use_lns_only=false", "x=0.5"]) == (
        ("linearization_level", 2),
        ("use_lns_only", False),
        ("x", 0.5),
    )
    with pytest.raises(ValueError):
        _parse_params(["nope"])
    ci = parse_file(BENCH / "Instance1.txt")
    s = SolverSettings(
        time_limit_s=10, workers=1, cp_params=(("linearization_level", 2),)
    )
    _, _, res, _ = curtois.solve_instance(ci, s)
    assert res.status == "OPTIMAL" and round(res.objective) == 607
