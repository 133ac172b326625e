"""Reusable CP-SAT shapes: free windows, runs, rolling sums, transitions.

Each function works on literals that may be Python booleans (history) and
returns literals or term lists for :class:`RuleContext` verbs, so that rules
stay short and the hard/soft decision stays with the rule set.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
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

    With ``cache`` and ``key`` the result is memoised under ``(key, exact)``
    (constants too): ``key`` must identify ``lits``. The implications
    ``f -> not x`` are posted as one enforced ``bool_and``.
    """
    if cache is not None and key is not None:
        hit = cache.get((key, exact))
        if hit is not None:
            return hit
    live = [x for x in lits if x is not False and x is not True]
    if len(live) != len(lits) and any(x is True for x in lits):
        f: Lit = False
    elif not live:
        f = True
    elif len(live) == 1:
        f = ~live[0]
    else:
        f = model.new_bool_var("free" if key is None else f"free|{key}")
        model.add_bool_and([~x for x in live]).only_enforce_if(f)
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
        key = (tag, c, c + length)
        lit = None if cache is None else cache.get((key, exact))
        if lit is None:  # not memoised yet: scan the items it overlaps
            inside = [
                b.lit for b in busy if b.start_min < c + length and b.end_min > c
            ]
            lit = all_false(model, inside, cache, key, exact)
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


def short_blocks(
    seq: Sequence[Lit], minimum: int, *, edge_open: bool = False
) -> list[tuple[int, int, list[Lit]]]:
    """Patterns ``0 1^k 0`` with ``k < minimum``: ``(first, k, lits)``.

    ``lits`` is ``[~seq[i-1], seq[i..i+k-1], ~seq[i+k]]`` (boundaries outside
    the sequence omitted), to be used with ``ctx.forbid``; ``k < minimum``.
    With ``edge_open``, blocks touching either end are not listed (exempt).
    """
    n = len(seq)
    out: list[tuple[int, int, list[Lit]]] = []
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
            out.append((i, k, lits))
    return out


def weekend_groups(days: Sequence[dt.date]) -> list[list[dt.date]]:
    """The plan's days grouped by weekend (Saturday and the following Sunday).

    A weekend with only one of its days inside ``days`` is a group of one.
    """
    groups: dict[dt.date, list[dt.date]] = {}
    for d in days:
        wd = d.isoweekday()
        if wd == 6:
            groups.setdefault(d, []).append(d)
        elif wd == 7:
            groups.setdefault(d - dt.timedelta(days=1), []).append(d)
    return [groups[k] for k in sorted(groups)]


def at_least_literal(
    model: cp_model.CpModel,
    terms: Sequence[tuple[int, Lit]],
    bound: int,
    name: str = "geq",
) -> Lit:
    """A literal equal to ``sum(coef * lit) >= bound`` (full reification).

    Constant literals are folded; when the sum's range decides the outcome a
    Python boolean is returned. Use it where a derived status (e.g. "is a
    night worker") feeds other requirements and must be exact.
    """
    const = 0
    live: list[tuple[int, Lit]] = []
    for c, lit in terms:
        if lit is True:
            const += c
        elif lit is False or c == 0:
            continue
        else:
            live.append((c, lit))
    rest = bound - const
    hi = sum(c for c, _ in live if c > 0)
    lo = sum(c for c, _ in live if c < 0)
    if lo >= rest:
        return True
    if hi < rest:
        return False
    y = model.new_bool_var(name)
    expr = cp_model.LinearExpr.weighted_sum(
        [lit for _, lit in live], [c for c, _ in live]
    )
    model.add(expr >= rest).only_enforce_if(y)
    model.add(expr <= rest - 1).only_enforce_if(~y)
    return y


def free_stretch_literal(
    model: cp_model.CpModel,
    busy: Sequence[Busy],
    window: tuple[int, int],
    length: int,
    *,
    latest_end: int | None = None,
    cache: dict[tuple, Lit] | None = None,
    tag: str = "",
) -> Lit:
    """A literal *equal to* "a free stretch of ``length`` lies in ``window``".

    The exact (fully reified) counterpart of :func:`free_stretch_options`:
    the OR of its exact candidate literals, constants folded. Use it where
    the status feeds counts or other derived literals (a reduced rest, a
    failing fridøgn window), so that the minimal penalty is deterministic.

    ``cache``/``tag`` are as for :func:`free_stretch_options`; ``tag`` must
    identify the busy set (two calls with the same tag must pass the same
    ``busy`` items).
    """
    stop = window[1] if latest_end is None else min(window[1], latest_end)
    key = ("free_stretch_literal", tag, window[0], stop, length)
    if cache is not None and key in cache:
        return cache[key]
    opts = free_stretch_options(
        model, busy, window, length,
        latest_end=latest_end, cache=cache, tag=tag, exact=True,
    )
    lit = or_literal(model, opts, name=f"stretch|{tag}|{window[0]}|{stop}|{length}")
    if cache is not None:
        cache[key] = lit
    return lit


def run_starts(
    model: cp_model.CpModel, seq: Sequence[Lit], *, before: Lit = False
) -> list[Lit]:
    """Exact literals ``s[i] = seq[i] and not seq[i-1]`` (a run of true starts).

    ``before`` is the item just ahead of ``seq[0]`` (default: false, so a
    run that is true from the first item starts there). Constants fold.
    """
    out: list[Lit] = []
    prev = before
    for i, x in enumerate(seq):
        out.append(and_literal(model, [x, _neg(prev)], name=f"run_start|{i}"))
        prev = x
    return out


def _fold_terms(
    terms: Sequence[tuple[int, Lit]],
) -> tuple[int, list[tuple[int, Lit]], int, int]:
    """(constant, live terms, lowest value, highest value) of a term sum."""
    const = 0
    live: list[tuple[int, Lit]] = []
    for c, lit in terms:
        if lit is True:
            const += c
        elif lit is False or c == 0:
            continue
        else:
            live.append((c, lit))
    lo = const + sum(c for c, _ in live if c < 0)
    hi = const + sum(c for c, _ in live if c > 0)
    return const, live, lo, hi


def binary_terms(
    model: cp_model.CpModel, ub: int, name: str = "bin"
) -> list[tuple[int, Lit]]:
    """New literals weighted 1, 2, 4, ...; their weighted sum reaches any 0..ub."""
    return [
        (1 << j, model.new_bool_var(f"{name}|bit{j}"))
        for j in range(max(ub, 0).bit_length())
    ]


def max_terms(
    model: cp_model.CpModel,
    exprs: Sequence[Sequence[tuple[int, Lit]]],
    name: str = "max",
) -> list[tuple[int, Lit]]:
    """Weighted literals whose sum is at least every sum in ``exprs``.

    For ``ctx.penalize`` (soft-only rules): at the optimum the penalty is
    exactly ``max(0, max_i sum(exprs[i]))``, e.g. the worst-off employee's
    denied wishes. The sum is binary-coded (log2 of the bound literals), and
    the linking constraints are definitions that can always be satisfied.
    """
    folded = [_fold_terms(t) for t in exprs]
    if all(not live for _, live, _, _ in folded):
        top = max((const for const, *_ in folded), default=0)
        return [(top, True)] if top > 0 else []
    ub = max(hi for *_, hi in folded)
    if ub <= 0:
        return []
    bits = binary_terms(model, ub, name)
    total = sum(c * b for c, b in bits)
    for const, live, _, hi in folded:
        if hi > 0:
            model.add(total >= const + sum(c * lit for c, lit in live))
    return bits


def spread_terms(
    model: cp_model.CpModel,
    exprs: Sequence[Sequence[tuple[int, Lit]]],
    name: str = "spread",
) -> list[tuple[int, Lit]]:
    """Weighted literals whose sum is at least ``max - min`` over ``exprs``.

    For ``ctx.penalize`` (soft-only rules): at the optimum the penalty is
    exactly the spread between the largest and the smallest sum (e.g. of
    nights per full-time equivalent). Fewer than two sums: no terms.
    """
    folded = [_fold_terms(t) for t in exprs]
    if len(folded) < 2:
        return []
    if all(not live for _, live, _, _ in folded):
        consts = [const for const, *_ in folded]
        gap = max(consts) - min(consts)
        return [(gap, True)] if gap > 0 else []
    lo = min(f[2] for f in folded)
    hi = max(f[3] for f in folded)
    top = model.new_int_var(lo, hi, f"{name}|top")
    bottom = model.new_int_var(lo, hi, f"{name}|bottom")
    for const, live, _, _ in folded:
        value = const + sum(c * lit for c, lit in live)
        model.add(top >= value)
        model.add(bottom <= value)
    bits = binary_terms(model, hi - lo, name)
    model.add(sum(c * b for c, b in bits) >= top - bottom)
    return bits


def min_run_implications(
    seq: Sequence[Lit], minimum: int, *, edge_open: bool = False
) -> list[tuple[int, list[Lit]]]:
    """Hard-mode encoding of "runs of true have at least ``minimum`` items".

    Equivalent (for feasibility) to forbidding every :func:`short_blocks`
    pattern, but with short clauses that give a tighter LP: a run starting
    at ``i`` (``seq[i-1]`` false, ``seq[i]`` true) implies ``seq[i+j]`` for
    ``j < minimum``. Returns ``(i, lits)``, each to be used with
    ``ctx.forbid``: ``[~seq[i-1], seq[i], ~seq[i+j]]`` (boundaries outside
    the sequence omitted). With ``edge_open`` runs touching either end are
    exempt; otherwise outside counts as false, so a run starting too close to
    the end is forbidden outright (``[~seq[i-1], seq[i]]``).
    """
    n = len(seq)
    out: list[tuple[int, list[Lit]]] = []
    for i in range(n):
        if edge_open and i == 0:
            continue
        head: list[Lit] = ([_neg(seq[i - 1])] if i > 0 else []) + [seq[i]]
        if not edge_open and i + minimum > n:
            cands = [head]
        else:
            cands = [[*head, _neg(seq[i + j])] for j in range(1, minimum) if i + j < n]
        for lits in cands:
            if any(x is False for x in lits):
                continue
            out.append((i, lits))
    return out


class BusyIndex:
    """Busy items sorted by start, sliced by time window in O(log n + k).

    Shapes such as :func:`free_stretch_options` scan their ``busy`` items
    for every candidate; passing ``index.near(window)`` instead of the whole
    horizon gives the same literals (every candidate and everything it
    overlaps lies inside the window) at a fraction of the cost.
    """

    def __init__(self, busy: Sequence[Busy]) -> None:
        self.items = sorted(busy, key=lambda b: (b.start_min, b.end_min))
        self.starts = [b.start_min for b in self.items]
        self.longest = max((b.end_min - b.start_min for b in self.items), default=0)

    def near(self, window: tuple[int, int]) -> list[Busy]:
        """Items that overlap or touch ``window``: ``end >= lo`` and ``start < hi``."""
        lo, hi = window
        first = bisect.bisect_left(self.starts, lo - self.longest)
        last = bisect.bisect_left(self.starts, hi)
        return [b for b in self.items[first:last] if b.end_min >= lo]


class AnyButOne:
    """For each owner: "some literal owned by someone else is true", shared.

    Rules such as "a not-cleared employee is never alone" ask, for every
    employee, whether any *colleague* works: spelt out per employee that is
    one OR over the whole staff each time, quadratic in the staff. Here the
    owners are cut into blocks of about sqrt(n), each block with a shared
    literal for "someone in the block" (created on demand). For one owner
    the question is then the OR of the other blocks' literals and the
    owner's block-mates' own literals: about 2 sqrt(n) literals.

    With ``exact`` the block literals equal their OR (``or_literal``), so the
    answer can be reified; without, they only imply it (one clause each),
    which is exact where the answer is used positively in clauses. Either
    way the linear relaxation implies ``answer <= sum of the others``.
    Constants fold: False literals are dropped, and a True literal makes the
    answer true for every other owner.
    """

    def __init__(
        self,
        model: cp_model.CpModel,
        items: Sequence[tuple[str, Lit]],
        *,
        exact: bool = False,
        name: str = "any_but",
    ) -> None:
        self.model = model
        self.exact = exact
        self.name = name
        self.always: set[str] = set()
        by_owner: dict[str, list[Lit]] = {}
        for owner, lit in items:
            if lit is True:
                self.always.add(owner)
            elif lit is not False:
                by_owner.setdefault(owner, []).append(lit)
        owners = list(by_owner)
        size = max(1, math.isqrt(len(owners) - 1) + 1) if owners else 1
        self.block_of: dict[str, int] = {}
        self.blocks: list[list[tuple[str, Lit]]] = []
        for i, owner in enumerate(owners):
            if i % size == 0:
                self.blocks.append([])
            self.block_of[owner] = len(self.blocks) - 1
            self.blocks[-1].extend((owner, lit) for lit in by_owner[owner])
        self._any: dict[int, Lit] = {}
        self._others: dict[int | None, list[Lit]] = {}
        self._without: dict[str, list[Lit] | None] = {}

    def _block_any(self, k: int) -> Lit:
        """A literal for "some literal in block ``k`` is true"."""
        if k not in self._any:
            lits = [lit for _, lit in self.blocks[k]]
            if len(lits) == 1:
                self._any[k] = lits[0]
            elif self.exact:
                self._any[k] = or_literal(self.model, lits, f"{self.name}|{k}")
            else:
                y = self.model.new_bool_var(f"{self.name}|{k}")
                self.model.add_bool_or([~y, *lits])
                self._any[k] = y
        return self._any[k]

    def _other_blocks(self, k: int | None) -> list[Lit]:
        """The literals of every block but ``k`` (None: of all blocks)."""
        if k not in self._others:
            self._others[k] = [
                self._block_any(j) for j in range(len(self.blocks)) if j != k
            ]
        return self._others[k]

    def without(self, owner: str) -> list[Lit] | None:
        """Literals whose OR is "someone but ``owner``" (implies it unless
        ``exact``); None when that is constantly true. Memoised: the list
        is shared, do not mutate it."""
        if owner in self._without:
            return self._without[owner]
        if self.always - {owner}:
            out = None
        elif (k := self.block_of.get(owner)) is None:
            out = self._other_blocks(None)
        else:
            mates = [lit for o, lit in self.blocks[k] if o != owner]
            out = [*self._other_blocks(k), *mates]
        self._without[owner] = out
        return out


def work_run_automaton(
    model: cp_model.CpModel,
    seq: Sequence[cp_model.IntVar],
    *,
    max_run: int | None = None,
    min_run: int = 1,
    min_off: int = 1,
    edge_exempt: bool = True,
) -> None:
    """Post the run-length rules of one work/off sequence as one automaton.

    A redundant, hard-only companion of ``general.max_consecutive_days``,
    ``general.min_consecutive_days`` and ``general.min_consecutive_days_off``
    (it is not a rule and has no guard, so use it only next to those rules
    in hard mode). CP-SAT expands an automaton into state literals per day,
    a flow-like encoding whose LP relaxation is much tighter than the window
    clauses. Semantics: outside the sequence is off for ``max_run``; with
    ``edge_exempt`` a block touching the first or last item is exempt from
    the minimums, otherwise outside counts as the opposite state.

    Args:
        model: The CP-SAT model.
        seq: One 0/1 variable per day (1 = works).
        max_run: Most items in a run of 1s (None = unlimited).
        min_run: Fewest items in a run of 1s.
        min_off: Fewest items in a run of 0s.
        edge_exempt: Runs touching either end are exempt from the minimums.
    """
    n = len(seq)
    top = n if max_run is None else max_run
    states: dict[tuple[str, int, bool], int] = {("start", 0, True): 0}

    def sid(kind: str, k: int, first: bool) -> int:
        return states.setdefault((kind, k, first), len(states))

    triples: list[tuple[int, int, int]] = []
    todo = [("start", 0, True)]
    seen: set[tuple[str, int, bool]] = set()
    while todo:
        st = todo.pop()
        if st in seen:
            continue
        seen.add(st)
        kind, k, first = st
        here = sid(kind, k, first)
        nxt: list[tuple[int, tuple[str, int, bool]]] = []
        if kind == "start":
            nxt = [(1, ("W", 1, edge_exempt)), (0, ("O", 1, edge_exempt))]
        elif kind == "W":
            if k < top:
                nxt.append((1, ("W", k + 1, first)))
            if first or k >= min_run:
                nxt.append((0, ("O", 1, False)))
        else:
            nxt.append((0, ("O", min(k + 1, min_off), first)))
            if first or k >= min_off:
                nxt.append((1, ("W", 1, False)))
        for label, to in nxt:
            triples.append((here, label, sid(*to)))
            todo.append(to)
    if edge_exempt:
        final = list(states.values())
    else:
        final = [v for (kind, k, _), v in states.items()
                 if (kind == "W" and k >= min_run) or (kind == "O" and k >= min_off)]
    model.add_automaton(list(seq), 0, final, triples)
