"""The Lokal-MED review functions (pure, no widgets)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import employee, instance, roster
from workbench import med
from workbench.domain import Demand, Wish, WishKind
from workbench.reporting import GREEN, RED, YELLOW
from workbench.rulesets import CONSTRAINTS_DIR, load_ruleset
from workbench.scheduling.checks import RosterView, check

LAW = CONSTRAINTS_DIR / "law_dk.yaml"
BASE = CONSTRAINTS_DIR / "base.yaml"


@pytest.fixture(scope="module")
def law():
    return load_ruleset(LAW)


def test_pseudonyms_follow_the_staff_order():
    inst = instance({"zed": "- -", "amy": "- -"})
    assert med.pseudonyms(inst) == {"zed": "Medarbejder 1", "amy": "Medarbejder 2"}
    assert med.pseudonyms(inst, show_names=True) == {"zed": "Zed", "amy": "Amy"}


def test_pseudonymise_text_replaces_names_first_names_and_ids():
    emps = {"hk": employee("hk", name="Hanne Kjær"), "bo": employee("bo", name="Bo Ek")}
    inst = instance({"hk": "- -", "bo": "- -"}, employees=emps)
    labels = med.pseudonyms(inst)
    text = "Hanne Kjær har kun 8 t hvile; Hanne og bo (hk) bor på bosted Bo Ek."
    out = med.pseudonymise_text(text, inst, labels)
    assert "Hanne" not in out and "Kjær" not in out and "Bo Ek" not in out
    assert "(Medarbejder 1)" in out and "og Medarbejder 2" in out
    assert "bosted" in out  # whole words only


def test_principles_grouped_in_order_with_sources(law):
    t = med.principles(law)
    groups = list(dict.fromkeys(t["gruppe"]))
    order = list(med.GROUPS_DA.values())
    assert groups == [g for g in order if g in groups]
    row = t.set_index("id").loc["rest.daily"]
    assert row.gruppe == "Lovgivning" and row.krav == "Skal altid overholdes"
    assert "BEK" in row.kilde and "min_hours = 11" in row.indstillinger and row.hvorfor
    ideal = t.set_index("id").loc["coverage.ideal_staff"]
    assert ideal.krav == "Tilstræbes (vægt 20)"
    text = med.principles_text(law)
    assert "## Lovgivning" in text and "## Lokale principper" in text


def test_principles_formats_clock_params(law):
    t = med.principles(law).set_index("id")
    assert "22:00–05:00" in t.loc["night.worker_average_8h", "indstillinger"]


def test_compare_rulesets_lists_only_differences(law):
    base = load_ruleset(BASE)
    d = med.compare_rulesets(base, law)
    assert "rest.daily" in set(d["id"]) and "coverage.min_staff" not in set(d["id"])
    row = d.set_index("id").loc["rest.daily"]
    assert row["base"] == "Ikke med" and row["law_dk"].startswith(
        "Skal altid overholdes"
    )
    assert med.compare_rulesets(law, law).empty


def test_staffing_by_hour_counts_real_hours_across_dst():
    # the week of the last Sunday of March 2026: 7 x 24 - 1 real hours
    grid = {"anna": "- - - - - N -"}
    inst = instance(
        grid, start=dt.date(2026, 3, 23), demand=(Demand(shift="N", min=1, ideal=2),)
    )
    t = med.staffing_by_hour(inst, roster(inst, grid))
    assert len(t) == 7 * 24 - 1
    assert t["bemanding"].sum() == pytest.approx(7)  # the night lasts 7 real hours
    # Mon-Fri nights 8 h, the DST night 7 h, Sunday's night 1 h inside the week
    assert t["minimum"].sum() == pytest.approx(5 * 8 + 7 + 1)
    s = med.staffing_summary(t)
    assert s["under_minimum"] == pytest.approx(48 - 7)
    assert s["under_ønsket"] == pytest.approx(2 * 48 - 7)
    assert s["over_ønsket"] == 0
    sat = t[t["dag"] == dt.date(2026, 3, 28)]
    assert list(sat[sat["time"] == "23"]["forskel"]) == [0]


def test_free_weekends_and_backward_rotations():
    grid = {"anna": "N D - - - D - D - - - - - -", "bo": "D A N - - - - - - - - N - -"}
    inst = instance(grid)
    view = RosterView(inst, roster(inst, grid))
    assert med.free_weekends(view, "anna") == (1, 2)  # works the first Saturday
    assert med.free_weekends(view, "bo") == (1, 2)  # Friday night runs into Saturday
    assert med.backward_rotations(view, "anna") == 1  # N -> D
    assert med.backward_rotations(view, "bo") == 0  # D -> A -> N is clockwise


def test_recommendations_one_by_one(law):
    grid = {"anna": "N N N N N - -", "bo": "A D - - - - D"}
    inst = instance(grid, demand=(Demand(shift="N", min=1, ideal=1),))
    inst = inst.model_copy(
        update={
            "wishes": (Wish(employee_id="bo", date=inst.start, kind=WishKind.DAY_OFF),)
        }
    )
    t = med.recommendations(inst, roster(inst, grid), law)
    assert list(t["nr"]) == list(range(1, 15))
    r = t.set_index("nr")
    assert (
        "Højst 5 nattevagter i træk" in r.loc[2, "planen"]
        and r.loc[2, "vurdering"] == RED
    )
    assert r.loc[1, "vurdering"] == YELLOW and "1 af 2" in r.loc[1, "planen"]
    assert r.loc[3, "vurdering"] == YELLOW  # bo: A -> D is 8 h of rest
    assert "11-timersreglen" in r.loc[3, "regler"]
    assert r.loc[8, "planen"].startswith("1 vagtskift mod uret")  # bo's A -> D
    assert r.loc[9, "vurdering"] == GREEN
    assert "0 af 1 ønsker" in r.loc[12, "planen"]
    assert (
        r.loc[13, "vurdering"] == med.NOT_JUDGED
        and r.loc[14, "vurdering"] == med.NOT_JUDGED
    )
    assert "8 timer" in r.loc[7, "planen"] or "8,0" in r.loc[7, "planen"]


def test_recommendation_lead_time_and_changes(law):
    grid = {"anna": "D - - - - - -"}
    inst = instance(grid)
    published = roster(inst, {"anna": "- D - - - - -"})
    inst = inst.model_copy(
        update={
            "published_on": inst.start - dt.timedelta(days=14),
            "published": tuple(published),
        }
    )
    r = med.recommendations(inst, roster(inst, grid), law).set_index("nr")
    assert (
        r.loc[13, "planen"].startswith("2 ændringer")
        and r.loc[13, "vurdering"] == YELLOW
    )
    assert "14 dage" in r.loc[14, "planen"] and r.loc[14, "vurdering"] == RED


def test_compare_rosters_side_by_side(law):
    grid_a = {"anna": "D D D D D - -", "bo": "N N - - - - -"}
    grid_b = {"anna": "D D - D D - -", "bo": "A D - - - - D"}
    inst = instance(grid_a)
    ra, rb = roster(inst, grid_a), roster(inst, grid_b)
    t = med.compare_rosters(
        inst, {"A": (ra, check(inst, ra, law)), "B": (rb, check(inst, rb, law))}
    )
    assert list(t.columns) == ["A", "B"]
    assert t.loc["Vagter", "A"] == 7 and t.loc["Vagter", "B"] == 7
    assert t.loc["Hvil under 11 timer (antal)", "B"] == 1
    assert t.loc["Fri weekender", "A"] == "2 af 2"
    assert t.loc["Fri weekender", "B"] == "1 af 2"
    assert t.loc["Flest nætter i træk", "A"] == 2
    assert t.loc["Timer i alt", "A"] == 56.0
    assert t.loc["Timer med nattillæg (23–06)", "A"] == 14.0
    assert t.loc["Timer lørdag/søndag/helligdag", "B"] == 8.0
    assert t.loc["Timer lørdag/søndag/helligdag", "A"] == 0.0


def test_med_tables_carry_no_personal_fields(law):
    emps = {
        "zq": employee(
            "zq",
            name="Zelda Quist",
            birth_date=dt.date(1961, 2, 3),
            pregnant_from=dt.date(2026, 1, 1),
            max_shift_hours=6,
        )
    }
    grid = {"zq": "D - - - - - -"}
    inst = instance(grid, employees=emps)
    ra = roster(inst, grid)
    tables = [
        med.traffic_light_med(inst, ra),
        *med.fairness_med(inst, ra),
        med.rule_totals_med(law, check(inst, ra, law)),
        med.recommendations(inst, ra, law),
        med.compare_rosters(inst, {"x": (ra, [])}),
    ]
    text = " ".join(t.to_csv() for t in tables)
    for bad in ("Zelda", "Quist", "zq", "1961", "2026-01-01", *med.SENSITIVE_FIELDS):
        assert bad not in text
    assert "Medarbejder 1" in text
    assert med.is_sensitive_rule("protected.pregnant_nights")
    assert not med.is_sensitive_rule("rest.daily")


def test_staffing_profile_is_hours_by_weekday():
    grid = {"anna": "D D - - - - -"}
    inst = instance(grid, demand=(Demand(shift="D", min=1, ideal=1),))
    prof = med.staffing_profile(med.staffing_by_hour(inst, roster(inst, grid)))
    assert list(prof.columns) == ["man", "tir", "ons", "tor", "fre", "lør", "søn"]
    assert len(prof) == 24
    assert prof.loc["07", "man"] == (1.0, 1.0) and prof.loc["07", "ons"] == (0.0, 1.0)
    assert prof.loc["03", "man"] == (0.0, 0.0)


def test_rule_totals_hide_sensitive_rules(law):
    from workbench.scheduling.checks import Violation
    from workbench.scheduling.registry import Mode

    day = dt.date(2026, 1, 5)
    viol = [
        Violation(
            "rest.daily", "Daglig hvile", Mode.SOFT, "zq", (day,), 3, 30, "Zelda …"
        ),
        Violation(
            "protected.pregnant_nights",
            "Gravide",
            Mode.SOFT,
            "zq",
            (day,),
            1,
            50,
            "Zelda er gravid …",
        ),
    ]
    t = med.rule_totals_med(law, viol)
    text = t.to_csv()
    assert "Gravide" not in text and "pregnant" not in text and "Zelda" not in text
    row = t.set_index("regel").loc["Særlige hensyn til enkelte medarbejdere (samlet)"]
    assert row.antal == 1 and row.straf == 50
    assert (
        t.set_index("regel").loc["Daglig hvileperiode (11-timersreglen)", "antal"] == 1
    )


def test_recommendations_name_the_rules_of_a_local_rule_set():
    path = CONSTRAINTS_DIR / "local_example_med.yaml"
    if not path.is_file():
        pytest.skip("constraints/local_example_med.yaml is not there")
    rs = load_ruleset(path)
    grid = {"anna": "D - - - - - -"}
    inst = instance(grid)
    r = med.recommendations(inst, roster(inst, grid), rs).set_index("nr")
    assert "nattevagter i træk" in r.loc[2, "regler"].lower()
    assert r.loc[8, "regler"] != "ingen regel i regelsættet"
