"""Reusable CP-SAT shapes: free windows, runs, rolling sums, transitions.

Each function works on literals that may be Python booleans (history) and
returns literals or term lists for :class:`RuleContext` verbs, so that rules
stay short and the hard/soft decision stays with the rule set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from workbench.scheduling.variables import Busy, Lit


def all_false(
    model: cp_model.CpModel,
    lits: Sequence[Lit],
    cache: dict[tuple, Lit] | None = None,
    key: tuple | None = None,
    exact: bool = False,
) -> Lit:
    """Literal that implies every literal in ``lits`` is false.

    With ``exact`` it is also implied by them (full reification); without,
    it is one-directional, which suffices when the literal is only used
    positively in clauses (the objective then makes it as true as it can be).
    """
    if any(x is True for x in lits):
        return False
    live = [x for x in lits if x is not False]
    if not live:
        return True
    if len(live) == 1:
        return ~live[0]
    if cache is not None and key is not None and (key, exact) in cache:
        return cache[key, exact]
    f = model.new_bool_var("free" if key is None else f"free|{key}")
    for x in live:
        model.add_implication(f, ~x)
    if exact:
        model.add_bool_or([f, *live])
    if cache is not None and key is not None:
        cache[key, exact] = f
    return f


def free_stretch_options(
    model: cp_model.CpModel,
    busy: Sequence[Busy],
    window: tuple[int, int],
    length: int,
    *,
    latest_end: int | None = None,
    cache: dict[tuple, Lit] | None = None,
    tag: str = "",
    exact: bool = False,
) -> list[Lit]:
    """Literals, one per candidate, each implying a free stretch exists.

    A stretch of ``length`` minutes lies free inside ``window`` (minutes)
    iff one starting at the window start or at the end of some busy item
    is free (a maximal free segment starts at one of those points). So the
    OR of the returned literals is exactly "a free stretch exists"; an
    empty list means it cannot exist, a list containing ``True`` that it
    always does.

    Args:
        model: The CP-SAT model.
        busy: The employee's possible work items (history and plan).
        window: (start, end) in minutes.
        length: The stretch length in minutes.
        latest_end: Candidates must end by this minute (default: window end).
        cache: Memo for the "stretch is free" literals.
        tag: Part of the memo key (e.g. the employee id).
        exact: Fully reify each candidate literal.
    """
    lo, hi = window
    stop = hi if latest_end is None else min(hi, latest_end)
    starts = {lo} | {b.end_min for b in busy if lo <= b.end_min <= stop - length}
    out: list[Lit] = []
    for c in sorted(starts):
        if c + length > stop:
            continue
        inside = [b.lit for b in busy if b.start_min < c + length and b.end_min > c]
        lit = all_false(model, inside, cache, (tag, c, c + length), exact)
        if lit is True:
            return [True]
        if lit is not False:
            out.append(lit)
    return out


def or_literal(
    model: cp_model.CpModel, lits: Sequence[Lit], name: str = "or"
) -> Lit:
    """A literal equal to OR(``lits``) (constants folded)."""
    if any(x is True for x in lits):
        return True
    live = [x for x in lits if x is not False]
    if not live:
        return False
    if len(live) == 1:
        return live[0]
    y = model.new_bool_var(name)
    model.add_max_equality(y, live)
    return y


def and_literal(
    model: cp_model.CpModel, lits: Sequence[Lit], name: str = "and"
) -> Lit:
    """A literal equal to AND(``lits``) (constants folded)."""
    if any(x is False for x in lits):
        return False
    live = [x for x in lits if x is not True]
    if not live:
        return True
    if len(live) == 1:
        return live[0]
    y = model.new_bool_var(name)
    model.add_min_equality(y, live)
    return y


def windows(n: int, size: int) -> list[range]:
    """All index windows ``[i, i + size)`` inside ``range(n)``."""
    return [range(i, i + size) for i in range(0, n - size + 1)]


def runs_longer_than(
    seq: Sequence[Lit], limit: int
) -> list[tuple[int, list[Lit]]]:
    """Windows of ``limit + 1`` consecutive items; each must not be all true.

    Returns (first index, literals) for every window that could be all true,
    for use with ``ctx.forbid`` (one violation per window that is all true).
    """
    out: list[tuple[int, list[Lit]]] = []
    for w in windows(len(seq), limit + 1):
        lits = [seq[i] for i in w]
        if any(x is False for x in lits):
            continue
        out.append((w.start, lits))
    return out


def short_runs(
    seq: Sequence[Lit], minimum: int, *, edge_open: bool = False
) -> list[tuple[int, list[Lit]]]:
    """Patterns ``0 1^k 0`` with ``k < minimum``, as clause literal lists.

    Each returned list is to be used with ``ctx.forbid`` after negating the
    boundary items: the list is ``[~seq[i-1], seq[i..i+k-1], ~seq[i+k]]``.
    Boundaries outside the sequence count as 0 unless ``edge_open``, in
    which case runs touching an edge are not constrained.
    """
    n = len(seq)
    out: list[tuple[int, list[Lit]]] = []
    for k in range(1, minimum):
        for i in range(0, n - k + 1):
            if edge_open and (i == 0 or i + k == n):
                continue
            lits: list[Lit] = []
            if i > 0:
                lits.append(_neg(seq[i - 1]))
            lits.extend(seq[i : i + k])
            if i + k < n:
                lits.append(_neg(seq[i + k]))
            if any(x is False for x in lits):
                continue
            out.append((i, lits))
    return out


def _neg(x: Lit) -> Lit:
    if isinstance(x, bool):
        return not x
    return ~x


def transitions(
    days: Sequence[dt.date],
    first: Callable[[dt.date], Sequence[Lit]],
    second: Callable[[dt.date], Sequence[Lit]],
) -> list[tuple[dt.date, Lit, Lit]]:
    """Every (day, a on day, b on the next day) pair to forbid or penalise."""
    out: list[tuple[dt.date, Lit, Lit]] = []
    for d0, d1 in zip(days, days[1:], strict=False):
        for a in first(d0):
            for b in second(d1):
                out.append((d0, a, b))
    return out
