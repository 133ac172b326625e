"""Tests of the reusable CP-SAT shapes in workbench.scheduling.patterns."""


def _y_values(model, y, xs, bits):
    """The values ``y`` can take when ``xs`` are fixed to ``bits``."""
    from ortools.sat.python import cp_model

    out = set()
    for value in (0, 1):
        m = model.clone()
        for i, x in enumerate(xs):
            m.add(m.get_bool_var_from_proto_index(x.index) == (bits >> i) & 1)
        m.add(m.get_bool_var_from_proto_index(y.index) == value)
        s = cp_model.CpSolver()
        s.parameters.num_workers = 1
        if s.solve(m) == cp_model.OPTIMAL:
            out.add(value)
    return out


def test_at_least_literal_is_exact():
    from ortools.sat.python import cp_model

    from workbench.scheduling.patterns import at_least_literal

    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{i}") for i in range(3)]
    terms = [(1, xs[0]), (-1, xs[1]), (2, xs[2]), (5, True), (7, False)]
    y = at_least_literal(model, terms, 6)
    for bits in range(8):
        total = (bits & 1) - ((bits >> 1) & 1) + 2 * ((bits >> 2) & 1) + 5
        assert _y_values(model, y, xs, bits) == {int(total >= 6)}, bits


def test_at_least_literal_folds_constants():
    from ortools.sat.python import cp_model

    from workbench.scheduling.patterns import at_least_literal

    model = cp_model.CpModel()
    x = model.new_bool_var("x")
    assert at_least_literal(model, [(1, x), (3, True)], 3) is True
    assert at_least_literal(model, [(1, x)], 2) is False
    assert at_least_literal(model, [(0, x)], 0) is True
    assert at_least_literal(model, [], 1) is False


def test_short_blocks_lengths_and_edges():
    from ortools.sat.python import cp_model

    from workbench.scheduling.patterns import short_blocks

    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{i}") for i in range(4)]
    closed = short_blocks(xs, 3)
    # k=1: 4 positions, k=2: 3 positions; edges omitted boundaries
    assert [(i, k) for i, k, _ in closed] == [(0, 1), (1, 1), (2, 1), (3, 1),
                                              (0, 2), (1, 2), (2, 2)]
    assert [len(lits) for _, _, lits in closed] == [2, 3, 3, 2, 3, 4, 3]
    open_ = short_blocks(xs, 3, edge_open=True)
    assert [(i, k) for i, k, _ in open_] == [(1, 1), (2, 1), (1, 2)]
    # a pattern that needs a constant to be the other way round is dropped:
    # x1 alone needs seq[0] off (it is True); the block at 2 needs a False on.
    consts = [True, xs[1], False, xs[3]]
    assert [(i, k) for i, k, _ in short_blocks(consts, 2)] == [(0, 1), (3, 1)]


def test_weekend_groups_by_saturday():
    import datetime as dt

    from workbench.scheduling.patterns import weekend_groups

    sunday = dt.date(2026, 1, 4)
    days = [sunday + dt.timedelta(days=i) for i in range(14)]  # Sun .. Sat
    groups = weekend_groups(days)
    sat = sunday + dt.timedelta(days=6)
    assert groups == [[sunday], [sat, sat + dt.timedelta(days=1)],
                      [sunday + dt.timedelta(days=13)]]


def _min_penalty(model, terms, xs, bits):
    """Minimal sum of ``terms`` with ``xs`` fixed to ``bits``."""
    from ortools.sat.python import cp_model

    m = model.clone()
    for i, x in enumerate(xs):
        m.add(m.get_bool_var_from_proto_index(x.index) == (bits >> i) & 1)
    live = [(c, m.get_bool_var_from_proto_index(b.index)) for c, b in terms if b is not True]
    const = sum(c for c, b in terms if b is True)
    m.minimize(sum(c * b for c, b in live) if live else 0)
    s = cp_model.CpSolver()
    s.parameters.num_workers = 1
    assert s.solve(m) == cp_model.OPTIMAL
    return round(s.objective_value) + const


def test_max_terms_cost_the_maximum():
    from ortools.sat.python import cp_model

    from workbench.scheduling.patterns import max_terms

    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{i}") for i in range(4)]
    exprs = [[(3, xs[0]), (2, xs[1])], [(5, xs[2]), (1, True)], [(4, xs[3]), (-1, xs[0])]]
    terms = max_terms(model, exprs)
    for bits in range(16):
        v = [(bits >> i) & 1 for i in range(4)]
        want = max(3 * v[0] + 2 * v[1], 5 * v[2] + 1, 4 * v[3] - v[0], 0)
        assert _min_penalty(model, terms, xs, bits) == want, bits


def test_max_terms_folds_constants():
    from ortools.sat.python import cp_model

    from workbench.scheduling.patterns import max_terms

    model = cp_model.CpModel()
    assert max_terms(model, [[(2, True)], [(3, True), (4, False)]]) == [(3, True)]
    assert max_terms(model, [[], [(0, True)]]) == []


def test_spread_terms_cost_max_minus_min():
    from ortools.sat.python import cp_model

    from workbench.scheduling.patterns import spread_terms

    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{i}") for i in range(4)]
    exprs = [[(10, xs[0]), (10, xs[1])], [(12, xs[2])], [(18, xs[3]), (5, True)]]
    terms = spread_terms(model, exprs)
    for bits in range(16):
        v = [(bits >> i) & 1 for i in range(4)]
        vals = [10 * v[0] + 10 * v[1], 12 * v[2], 18 * v[3] + 5]
        assert _min_penalty(model, terms, xs, bits) == max(vals) - min(vals), bits
    assert spread_terms(model, [[(1, xs[0])]]) == []
    assert spread_terms(model, [[(2, True)], [(5, True)]]) == [(3, True)]


# -- free_stretch_literal, run_starts (added with rest.daily / rest.weekly_fridoegn)


def _forced_values(build, n, bits):
    """Values the derived literal can take with the n inputs fixed to ``bits``.

    ``build(model, xs)`` returns the derived literal (or a Python bool).
    """
    from ortools.sat.python import cp_model

    out = set()
    for value in (False, True):
        model = cp_model.CpModel()
        xs = [model.new_bool_var(f"x{i}") for i in range(n)]
        lit = build(model, xs)
        for i, x in enumerate(xs):
            model.add_bool_or([x if (bits >> i) & 1 else ~x])
        if isinstance(lit, bool):
            if lit == value:
                out.add(value)
            continue
        model.add_bool_or([lit if value else ~lit])
        s = cp_model.CpSolver()
        s.parameters.num_workers = 1
        if s.solve(model) == cp_model.OPTIMAL:
            out.add(value)
    return out


def test_free_stretch_literal_is_exact():
    import datetime as dt

    from workbench.domain import ShiftKind
    from workbench.scheduling.patterns import free_stretch_literal
    from workbench.scheduling.variables import Busy

    day = dt.date(2026, 1, 5)

    def items(xs):
        # history 0-60 (constant), x0 120-180, x1 200-260, x2 300-400
        spans = [(120, 180), (200, 260), (300, 400)]
        out = [Busy(0, 60, True, day, ShiftKind.DAY, "H", True)]
        out += [Busy(a, b, x, day, ShiftKind.DAY, "P", False)
                for (a, b), x in zip(spans, xs, strict=True)]
        return out

    def expected(bits, window, length, latest_end=None):
        spans = [(120, 180), (200, 260), (300, 400)]
        busy = [(0, 60)] + [s for i, s in enumerate(spans) if (bits >> i) & 1]
        lo, hi = window[0], min(window[1], latest_end or window[1])
        cursor, best = lo, 0
        for a, b in sorted(busy):
            if b <= lo or a >= hi:
                continue
            best = max(best, max(a, lo) - cursor)
            cursor = max(cursor, min(b, hi))
        return max(best, hi - cursor) >= length

    for window, length, latest in [((0, 420), 100, None), ((30, 420), 60, 300),
                                   ((0, 420), 150, None), ((60, 120), 60, None)]:
        for bits in range(8):
            got = _forced_values(
                lambda m, xs, w=window, n=length, le=latest: free_stretch_literal(
                    m, items(xs), w, n, latest_end=le, cache={}, tag="t"),
                3, bits)
            assert got == {expected(bits, window, length, latest)}, (window, bits)


def test_free_stretch_literal_folds_and_caches():
    import datetime as dt

    from ortools.sat.python import cp_model

    from workbench.domain import ShiftKind
    from workbench.scheduling.patterns import free_stretch_literal
    from workbench.scheduling.variables import Busy

    day = dt.date(2026, 1, 5)
    hist = [Busy(0, 100, True, day, ShiftKind.DAY, "H", True)]
    model = cp_model.CpModel()
    assert free_stretch_literal(model, hist, (0, 200), 100) is True
    assert free_stretch_literal(model, hist, (0, 200), 101) is False
    x = model.new_bool_var("x")
    busy = [*hist, Busy(120, 140, x, day, ShiftKind.DAY, "P", False)]
    cache: dict = {}
    a = free_stretch_literal(model, busy, (0, 300), 150, cache=cache, tag="e")
    b = free_stretch_literal(model, busy, (0, 300), 150, cache=cache, tag="e")
    assert a is b


def test_run_starts_is_exact():
    from workbench.scheduling.patterns import run_starts

    for before in (False, True, "var"):
        n = 4 if before == "var" else 3
        for bits in range(2**n):
            vals = [(bits >> i) & 1 for i in range(n)]
            seq_vals = vals[1:] if before == "var" else vals
            prev = vals[0] if before == "var" else int(before)
            for i in range(len(seq_vals)):
                want = bool(seq_vals[i] and not (seq_vals[i - 1] if i else prev))

                def build(m, xs, i=i, b=before):
                    if b == "var":
                        return run_starts(m, xs[1:], before=xs[0])[i]
                    return run_starts(m, xs, before=b)[i]

                assert _forced_values(build, n, bits) == {want}, (before, bits, i)


def test_busy_index_near_matches_a_full_scan():
    import datetime as dt
    import random

    from workbench.domain import ShiftKind
    from workbench.scheduling.patterns import BusyIndex
    from workbench.scheduling.variables import Busy

    rng = random.Random(7)
    day = dt.date(2026, 1, 5)
    items = []
    for _ in range(60):
        s = rng.randrange(-600, 3000)
        e = s + rng.randrange(1, 900)
        items.append(Busy(s, e, True, day, ShiftKind.DAY, "X", True))
    index = BusyIndex(items)
    for _ in range(200):
        lo = rng.randrange(-900, 3200)
        hi = lo + rng.randrange(0, 1500)
        want = sorted(
            (b for b in items if b.end_min >= lo and b.start_min < hi),
            key=lambda b: (b.start_min, b.end_min),
        )
        assert index.near((lo, hi)) == want
    assert BusyIndex([]).near((0, 10)) == []


def _runs_ok(bits, max_run, min_run, min_off, exempt):
    n, i = len(bits), 0
    while i < n:
        j = i
        while j < n and bits[j] == bits[i]:
            j += 1
        k, edge = j - i, i == 0 or j == n
        if bits[i] and max_run is not None and k > max_run:
            return False
        if not (exempt and edge) and k < (min_run if bits[i] else min_off):
            return False
        i = j
    return True


def test_work_run_automaton_matches_run_semantics_on_every_6_day_sequence():
    import itertools

    from ortools.sat.python import cp_model

    from workbench.scheduling.patterns import work_run_automaton

    for max_run, min_run, min_off, exempt in [(3, 2, 2, True), (4, 3, 2, True),
                                              (3, 2, 2, False), (None, 2, 3, True)]:
        for bits in itertools.product([0, 1], repeat=6):
            m = cp_model.CpModel()
            xs = [m.new_bool_var(f"x{i}") for i in range(6)]
            work_run_automaton(m, xs, max_run=max_run, min_run=min_run, min_off=min_off,
                               edge_exempt=exempt)
            for x, b in zip(xs, bits, strict=True):
                m.add(x == b)
            s = cp_model.CpSolver()
            s.parameters.num_workers = 1
            feasible = s.solve(m) == cp_model.OPTIMAL
            assert feasible == _runs_ok(bits, max_run, min_run, min_off, exempt), bits


def test_min_run_implications_forbid_exactly_the_short_blocks():
    import itertools

    from ortools.sat.python import cp_model

    from workbench.scheduling.patterns import min_run_implications

    for minimum, edge_open in [(2, True), (3, True), (3, False)]:
        for bits in itertools.product([0, 1], repeat=6):
            m = cp_model.CpModel()
            xs = [m.new_bool_var(f"x{i}") for i in range(6)]
            for _, lits in min_run_implications(xs, minimum, edge_open=edge_open):
                m.add_bool_or([~x for x in lits])
            for x, b in zip(xs, bits, strict=True):
                m.add(x == b)
            s = cp_model.CpSolver()
            s.parameters.num_workers = 1
            feasible = s.solve(m) == cp_model.OPTIMAL
            # only the minimum on runs of 1s; 0-runs are unconstrained here
            assert feasible == _runs_ok(bits, None, minimum, 1, edge_open), bits
