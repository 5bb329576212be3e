"""The issues in dispute and the bargaining range (Fearon 1995): what a settlement would give
each side, what each expects from fighting on, and whether any settlement beats war for both.

A settlement is ``x ∈ [0, 1]³``, the share of each of Russia's demands met (`:9`: territory,
neutrality, the size of Ukraine's army). Each side values it linearly, with its own weights
(summing to 1): ``u_R(x) = w_R·x``, ``u_U(x) = w_U·(1 − x)``. The **slack** of the range is
``s = max_x min(u_R(x) − r_R, u_U(x) − r_U)``: the range is open iff ``s ≥ 0``.
:func:`slack` solves that small linear programme in closed form (the tests check it against
scipy's ``linprog``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from diplomesa.rules.base import Param, Rule, State, rule
from diplomesa.rules.hooks import stage
from diplomesa.signals import Kind

TABLE_POSITION = Kind(
    "TABLE_POSITION",
    "100",
    "tables its position on the issues in dispute",
    "tables its position: {position}",
    fills=("position",),
    direction="against",
)  # read for what it gives away (R24: a wide gap), not for what it claims

ISSUES = ("territory", "neutrality", "army")
"""Russia's demands (`:9`): territorial concessions, no NATO membership and no NATO troops,
a radically downsized Ukrainian army."""
TERRITORY = ISSUES.index("territory")
"""The one issue fighting moves."""


@lru_cache(maxsize=256)
def _frontier(w_r: tuple[float, ...], w_u: tuple[float, ...]) -> tuple[int, ...]:
    """The issues in the order that traces the frontier: by what each is worth to Russia
    per unit it costs Ukraine, highest first (an issue that costs Ukraine nothing first).
    Cached: the weights are fixed with the parameters, and the positions are worked out on
    each day a round is pending (R29 keeps its own order for the daily range)."""
    return tuple(
        sorted(
            range(len(w_r)),
            key=lambda i: float("inf") if w_u[i] == 0 else w_r[i] / w_u[i],
            reverse=True,
        )
    )


def gap(a: Sequence[float], b: Sequence[float]) -> float:
    """The L1 distance between two settlements."""
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


def slack(
    w_r: Sequence[float],
    w_u: Sequence[float],
    r_r: float,
    r_u: float,
    order: tuple[int, ...] | None = None,
) -> float:
    """``max_x min(w_r·x − r_r, 1 − w_u·x − r_u)`` over ``x ∈ [0, 1]ⁿ`` (weights summing to 1).

    The frontier of what the two sides can get is concave and piecewise linear: conceding
    the issues in order of what they are worth to Russia per unit they cost Ukraine traces
    it. Walking it from ``x = 0``, Russia's surplus rises and Ukraine's falls; the slack is
    where they meet, or the better end if they never do. ``order`` is that order of the
    issues, ``_frontier(w_r, w_u)``, for a caller that keeps it (R29, every day).
    """
    f, g = -r_r, sum(w_u) - r_u  # at x = 0: u_R = 0, u_U = Σ w_u
    if f >= g:
        return g
    for i in order or _frontier(tuple(w_r), tuple(w_u)):
        df, dg = w_r[i], -w_u[i]
        if f + df >= g + dg:  # they meet on this issue's segment
            t = (g - f) / (df - dg)
            return f + df * t
        f, g = f + df, g + dg
    return f


def position(
    w_r: Sequence[float], w_u: Sequence[float], floor: float, for_russia: bool
) -> tuple[float, ...]:
    """The settlement a side tables: the best for itself that leaves the other side at least
    ``floor`` (its estimate of the other's reservation value, plus a margin).

    Russia maximises ``w_r·x`` subject to ``1 − w_u·x ≥ floor``; Ukraine minimises ``w_u·x``
    subject to ``w_r·x ≥ floor``. Both are fractional knapsacks, solved by conceding issues
    in order of ``w_r / w_u`` (the frontier of :func:`slack`), the last one in part.
    """
    order = _frontier(tuple(w_r), tuple(w_u))
    x = [0.0] * len(w_r)
    if for_russia:
        budget = max(0.0, 1.0 - floor)  # what Ukraine can give up and still accept
        for i in order:
            take = 1.0 if w_u[i] == 0 else min(1.0, budget / w_u[i])
            x[i] = take
            budget -= take * w_u[i]
            if budget <= 0:
                break
    else:
        need = max(0.0, floor)  # what Russia must get
        for i in order:
            if need <= 0 or w_r[i] == 0:
                break
            give = min(1.0, need / w_r[i])
            x[i] = give
            need -= give * w_r[i]
    return tuple(x)


def _unit(x: float) -> float:
    """``x`` clamped to [0, 1]: ``min(1.0, max(0.0, x))`` exactly, without the two calls
    (every day, for both sides' expectations and for each issue of them)."""
    return (x if x < 1.0 else 1.0) if x > 0.0 else 0.0


def _on_issues(territory: float, other: float) -> tuple[float, float, float]:
    """A value for each issue, in the order of :data:`ISSUES`: ``territory`` on the one
    fighting moves, ``other`` on neutrality and the army."""
    return (territory, other, other)


# _on_issues and _dot write the issues out: three, territory first
assert ISSUES == ("territory", "neutrality", "army") and TERRITORY == 0


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    """``a·b`` over the three issues: ``sum(map(mul, a, b))``'s number (``sum`` adds floats
    with compensation, so the products go through it), the products written out."""
    return sum((a[0] * b[0], a[1] * b[1], a[2] * b[2]))


def _weights(*values: float) -> tuple[float, ...]:
    total = sum(values)
    return tuple(v / total for v in values) if total > 0 else (1 / len(values),) * len(values)


@rule
class R29BargainingRange(Rule):
    """The issues in dispute and the bargaining range: each side's expected outcome of
    fighting on, its costs of war, its reservation value, and the slack between them.

    The **front** is the share of Russia's demands the fighting has already won: it starts
    at ``front_start`` and moves with the territory Russia gains (R26), ``share_per_1000km2``
    per 1,000 km². Each side expects its own outcome of fighting on: Russia ``e_R``, starting
    ``russia_optimism`` above the front; Ukraine ``e_U`` (what it expects to concede),
    starting ``ukraine_optimism`` below it. Each day both move with the front and learn from
    fighting, ``learning`` of the way from their expectation to the front (Slantchev 2003:
    fighting reveals information). Costs of war: Russia's ``russia_war_cost`` plus
    ``pressure_cost`` × its economic pressure (R27's pressure), Ukraine's
    ``ukraine_war_cost``. Reservation values ``r_R = e_R − c_R``, ``r_U = 1 − e_U − c_U``;
    the slack ``s`` is :func:`slack` of them with each side's weights over the three issues.
    An empty range can come only from mutual optimism: ``e_R`` above what Ukraine expects
    to concede by more than the two costs of war. Publishes ``world.slack`` every day,
    ``world.range_open_day`` (the first day it is open), and for Russia's choices the daily
    rise of ``r_R`` it expects from fighting on — the front it expects to take at today's
    advance (R26) less the growth of its cost of war under sanctions (R27) — in utils,
    ``russia_value_per_share`` a share (R09 reads it; R10 prices a refit with it).

    The weights, optimism and learning rate are assumptions (the article says what is in
    dispute and that each side expects fighting to pay, not by how much).

    > Putin has signaled that his demands haven't changed since the beginning of the war. Those demands have included territorial concessions by Kyiv, a radically downsized Ukrainian military and promises that Ukraine would never join NATO
    """

    id = "R29"
    name = "the issues and the bargaining range"
    actor = "russia"
    kind = "condition"
    lines = (9, 10)
    concept = "the bargaining model of war (Fearon 1995); learning by fighting (Slantchev 2003)"
    params = {
        "russia_territory": Param("weight", 0, 1, "Russia's weight on territory (normalised)"),
        "russia_neutrality": Param("weight", 0, 1, "Russia's weight on neutrality (normalised)"),
        "russia_army": Param("weight", 0, 1, "Russia's weight on Ukraine's army (normalised)"),
        "ukraine_territory": Param("weight", 0, 1, "Ukraine's weight on territory (normalised)"),
        "ukraine_neutrality": Param("weight", 0, 1, "Ukraine's weight on neutrality (normalised)"),
        "ukraine_army": Param("weight", 0, 1, "Ukraine's weight on its army (normalised)"),
        "front_start": Param(
            "share", 0, 1, "share of Russia's demands the fighting has won at the start"
        ),
        "share_per_1000km2": Param(
            "share per 1,000 km²", 0, 0.2, "how far 1,000 km² of gains move the front"
        ),
        "russia_optimism": Param(
            "share", 0, 0.5, "how much more than the front Russia expects fighting to win"
        ),
        "ukraine_optimism": Param(
            "share", 0, 0.5, "how much less than the front Ukraine expects to concede"
        ),
        "learning": Param(
            "1/day", 0, 1, "share of the gap to the front each side's expectation closes a day"
        ),
        "russia_war_cost": Param("share", 0, 1, "Russia's cost of fighting on, before sanctions"),
        "pressure_cost": Param(
            "share per pressure", 0, 1, "Russia's added cost of war per unit of economic pressure"
        ),
        "ukraine_war_cost": Param("share", 0, 1, "Ukraine's cost of fighting on"),
        "russia_value_per_share": Param(
            "utils per share", 0, 500, "what all of Russia's demands are worth to it, in utils"
        ),
        "margin": Param(
            "share", 0, 0.5, "how far above its estimate of the other's floor a side opens"
        ),
    }
    state = {
        "front": State("world", 0.0, "share of Russia's demands the fighting has won", "share"),
        "expected_outcome": State(
            "russia", 0.0, "Russia's expected outcome of fighting on (e_R)", "share"
        ),
        "expected_concession": State(
            "ukraine", 0.0, "what Ukraine expects to concede by fighting on (e_U)", "share"
        ),
        "slack": State(
            "world",
            0.0,
            "the bargaining range's slack: open when >= 0, the gap when negative",
            "share",
        ),
        "range_open_day": State("world", None, "first day the bargaining range was open", "day"),
        "russia_rise_per_day": State(
            "world",
            0.0,
            "the daily rise of its reservation value Russia expects from fighting on",
            "utils/day",
        ),
        "territory_value": State(
            "world",
            0.0,
            "what one share of the territory demand is worth to Russia",
            "utils per share",
        ),
        "midpoint_shortfall": State(
            "world",
            0.0,
            "how far a settlement at the midpoint of the positions Russia expects falls short "
            "of its reservation value (published while a round is pending)",
            "utils",
        ),
        "positions": State("world", {}, "side → the settlement it tabled at the last round"),
        "round_gap": State(
            "world", None, "L1 distance between the positions tabled at the last round", "share"
        ),
        "tabled_gap": State(
            "world", None, "L1 distance between the positions tabled at the first round", "share"
        ),
    }
    sends = (TABLE_POSITION,)
    off = "no range: the expectations and the slack stay where they start"

    def __init__(self, enabled: bool = True, **values: float) -> None:
        super().__init__(enabled, **values)
        p = self.p
        self.w_r = _weights(p.russia_territory, p.russia_neutrality, p.russia_army)
        """Russia's weights over the issues, normalised (fixed with the parameters)."""
        self.w_u = _weights(p.ukraine_territory, p.ukraine_neutrality, p.ukraine_army)
        """Ukraine's weights over the issues, normalised."""
        self.order = _frontier(self.w_r, self.w_u)
        """The issues in the order that traces the frontier (see :func:`slack`)."""

    def weights(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """Each side's weights over the issues, normalised (fixed with the parameters)."""
        return self.w_r, self.w_u

    def cost_of_war_russia(self, model) -> float:
        """``c_R``: Russia's cost of fighting on, with the economic pressure it feels (R27)."""
        return self.p.russia_war_cost + self.p.pressure_cost * model.world.pressure_felt

    def realised(self, model) -> tuple[float, ...]:
        """What the fighting has won Russia on each issue: territory moves with the front;
        neutrality and the army are not won on the battlefield, so they stay where the war
        has put them (``front_start``)."""
        return _on_issues(model.world.front, self.p.front_start)

    def expectations(self, model) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """``(e_R, e_U)`` on each issue: each side's optimism (its territorial expectation's
        distance from the front) carried over every issue, :meth:`realised` plus Russia's
        optimism and less Ukraine's, within [0, 1]. (The issues other than territory share
        one realised value, so each side's expectation is worked out once for them.)"""
        front, start, cast = model.world.front, self.p.front_start, model.cast
        o_r = cast["russia"].expected_outcome - front
        o_u = front - cast["ukraine"].expected_concession
        return (
            _on_issues(_unit(front + o_r), _unit(start + o_r)),
            _on_issues(_unit(front - o_u), _unit(start - o_u)),
        )

    def reservation_values(self, model) -> tuple[float, float]:
        """``(r_R, r_U)`` on today's expectations and costs of war."""
        e_r, e_u = self.expectations(model)
        r_r = _dot(self.w_r, e_r) - self.cost_of_war_russia(model)
        r_u = 1.0 - _dot(self.w_u, e_u) - self.p.ukraine_war_cost
        return r_r, r_u

    def _front(self, model) -> float:
        p = self.p
        return min(1.0, p.front_start + p.share_per_1000km2 * model.world.territory_gain / 1000)

    def _publish(self, model) -> None:
        w, p = model.world, self.p
        r_r, r_u = self.reservation_values(model)
        w.slack = slack(self.w_r, self.w_u, r_r, r_u, self.order)
        advance = p.share_per_1000km2 * w.advance_per_day / 1000  # the front it expects to take
        w.russia_rise_per_day = p.russia_value_per_share * (
            self.w_r[TERRITORY] * advance - p.pressure_cost * w.pressure_growth
        )
        if w.talks_set_for is not None:  # read only when a round's ranks are chosen (R08)
            w.midpoint_shortfall = p.russia_value_per_share * self.shortfall(model, r_r)
        if w.slack >= 0 and w.range_open_day is None and model.steps >= 1:
            w.range_open_day = model.steps

    def shortfall(self, model, r_r: float) -> float:
        """``max(0, r_R − u_R(m))``: how far a settlement at the midpoint ``m`` of the two
        positions falls below Russia's reservation value. The positions are those tabled at
        the last round; before any, those Russia expects — its own, and Ukraine's as Russia
        believes Ukraine sees it (expecting what Russia expects)."""
        w_r, w_u = self.weights()
        tabled = model.world.positions
        if tabled:
            x_r, x_u = tabled["russia"], tabled["ukraine"]
        else:
            x_r = self.positions_of(model)["russia"]
            x_u = position(w_r, w_u, r_r + self.p.margin, for_russia=False)
        m = tuple((a + b) / 2 for a, b in zip(x_r, x_u, strict=True))
        return max(0.0, r_r - _dot(w_r, m))

    @stage("init", order=30, when_off=True)
    def start(self, model):
        p, w = self.p, model.world
        w.front = self._front(model)
        model.cast["russia"].expected_outcome = min(1.0, w.front + p.russia_optimism)
        model.cast["ukraine"].expected_concession = max(0.0, w.front - p.ukraine_optimism)
        # fixed for the run: what a share of the territory demand is worth to Russia
        w.territory_value = p.russia_value_per_share * self.weights()[0][TERRITORY]
        self._publish(model)

    def positions_of(self, model) -> dict[str, tuple[float, ...]]:
        """What each side tables, against its estimate of the other's reservation value:
        each believes the other expects what it expects itself (the source of the gap under
        mutual optimism), and knows the other's cost of war."""
        p, (w_r, w_u) = self.p, self.weights()
        e_r, e_u = self.expectations(model)
        r_u_seen_by_russia = 1.0 - _dot(w_u, e_r) - p.ukraine_war_cost
        r_r_seen_by_ukraine = _dot(w_r, e_u) - self.cost_of_war_russia(model)
        return {
            "russia": position(w_r, w_u, r_u_seen_by_russia + p.margin, for_russia=True),
            "ukraine": position(w_r, w_u, r_r_seen_by_ukraine + p.margin, for_russia=False),
        }

    @stage("delivered", order=35)
    def table(self, model):
        """At each round each delegation tables its position; the gap is observable."""
        w = model.world
        if w.talks_set_for != model.steps:
            return
        w.positions = self.positions_of(model)
        w.round_gap = gap(w.positions["russia"], w.positions["ukraine"])
        if w.tabled_gap is None:
            w.tabled_gap = w.round_gap
        ru, ua = model.cast["russia_delegation"], model.cast["ukraine_delegation"]
        for me, other, side in ((ru, ua, "russia"), (ua, ru, "ukraine")):
            text = ", ".join(f"{i} {v:.0%}" for i, v in zip(ISSUES, w.positions[side], strict=True))
            model.emit(self, me, (other.key,), TABLE_POSITION, position=text)

    @stage("world", order=55)
    def fight(self, model):
        p, w, cast = self.p, model.world, model.cast
        front = self._front(model)
        moved, w.front = front - w.front, front
        russia, ukraine = cast["russia"], cast["ukraine"]
        # each expectation moves with the front, then closes ``learning`` of its gap to it
        e = russia.expected_outcome + moved
        russia.expected_outcome = _unit(e + p.learning * (front - e))
        e = ukraine.expected_concession + moved
        ukraine.expected_concession = _unit(e + p.learning * (front - e))
        self._publish(model)
