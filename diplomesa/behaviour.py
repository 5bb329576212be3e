"""What each role may do, and what its choices do: the decide and deliver stages.

For every role a ``*_problems`` function lists the decision problems open to an actor
now (each a list of :class:`~diplomesa.choice.Option` whose utility terms come from the
rules), and a ``*_act`` function turns the chosen option into signals and one-shot
facts of the world. Utilities read the state as it was at the end of the previous step;
only delivery changes it. The utility of doing nothing (``wait``) is 0 throughout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from diplomesa.choice import Option, choose
from diplomesa.signals import SignalKind as K

if TYPE_CHECKING:
    from diplomesa.agents import Actor, Leader, Mediator
    from diplomesa.model import DiplomacyModel

Problems = list[tuple[str, list[Option]]]
WAIT = Option("wait")


def decide(agent: Actor) -> None:
    """Stage 2 for one agent: choose in every open problem of every role it plays."""
    model = agent.model
    agent.decisions = []
    agent.actions = []
    for role in sorted(agent.roles):
        for problem, options in PROBLEMS[role](model, agent):
            decision = choose(
                options, model.precision, model.random, model.steps, agent.key, problem
            )
            agent.decisions.append(decision)
            agent.actions.append((role, decision.chosen))
            if model.decision_log is not None:
                model.decision_log.append(decision)


def deliver(model: DiplomacyModel) -> None:
    """Stage 3: every chosen action becomes signals and facts, in a fixed actor order."""
    for agent in model.actors.values():
        for role, action in agent.actions:
            if action != "wait":
                ACTS[role](model, agent, action)
                agent.last_action = action
    w = model.world
    if w.talks_set_for == model.steps and w.talks_day is None:
        hold_talks(model)
    if w.russia_accepted_day is not None and w.ukraine_accepted_day is not None:
        start_truce(model, rule="R27", sender=model.mediator.key)


def with_repeat(
    model: DiplomacyModel, me: Actor, kind: K, terms: dict[str, float]
) -> dict[str, float]:
    """Add R01's repeat cost when ``me`` sent a signal of this kind within the window."""
    r = model.rules.R01
    last = model.last_sent(me.key, kind)
    if r.enabled and last is not None and model.steps - last < r.p.repeat_window:
        terms = {**terms, "R01 repeat within window": -r.p.repeat_cost}
    return terms


# --------------------------------------------------------------------------- Russia


def russia_accept_terms(model: DiplomacyModel) -> dict[str, float]:
    """Russia's utility of a cease-fire, term by term (R09, R10, R22, R05/R06, R11, R27)."""
    r, w = model.rules, model.world
    russia, med = model.russia, model.mediator
    terms = {
        "R09 value of delay": -r.R09.value(russia.momentum),
        "R10 truce lets Ukraine refit": -r.R10.cost(),
    }
    if w.us_energy_sanctions_day is None:
        p_us = r.R22.expected_probability(r.R22.resolve(med.blame, med.domestic_pressure))
        terms["R22 expected US energy sanctions"] = p_us * r.R22.p.cost_to_russia
    if w.ultimatum_active and w.ultimatum_lapsed_day is None:
        terms["R05/R06 threatened EU oil and gas sanctions"] = (
            model.credibility() * r.R05.p.eu_cost_to_russia
        )
    if r.R11.enabled:
        terms["R11 mediator's irritation"] = r.R11.p.cost_to_russia * med.irritation[russia.key]
    terms.update(r.R27.terms(russia.economic_pressure))
    return terms


def diplomatic_pressure(model: DiplomacyModel) -> float:
    """Pressure on Russia from the ultimatum's credibility and the mediator's irritation."""
    w = model.world
    threat = model.credibility() if (w.ultimatum_active and w.ultimatum_lapsed_day is None) else 0.0
    return threat + model.mediator.irritation[model.russia.key]


def russia_problems(model: DiplomacyModel, me: Leader) -> Problems:
    r, w = model.rules, model.world
    out: Problems = []
    last_ask = max(w.last_demand_day or 0, w.ultimatum_day or 0)
    if (
        w.demand_pending
        and w.russia_accepted_day is None
        and last_ask > (w.russia_answered_day or 0)
    ):
        options = [Option("ignore"), Option("accept_ceasefire", russia_accept_terms(model))]
        if r.R07.enabled:
            options.append(Option("reject_ceasefire", r.R07.reject_terms(me.momentum)))
        out.append(("answer the cease-fire demand", options))
    if r.R07.enabled and w.talks_proposed_day is None and w.demand_pending:
        propose = Option("propose_talks", r.R07.propose_terms(diplomatic_pressure(model)))
        out.append(("propose direct talks", [WAIT, propose]))
    if r.R26.enabled and w.troops_massed_day is None and not w.ceasefire:
        out.append(("mass troops", [WAIT, Option("mass_troops", r.R26.mass_terms(me.momentum))]))
    if (
        w.talks_set_for is not None
        and "russia" not in w.ranks
        and model.steps >= w.talks_set_for - 2
    ):
        if me.pinned_rank is not None:
            options = [Option(me.pinned_rank, {"scenario pins the rank": 0.0})]
        else:
            delay = r.R09.value(me.momentum)
            options = [
                Option(level, r.R08.terms(level, delay)) for level in ("leader", "senior", "junior")
            ]
        out.append(("delegation rank", options))
    return out


def russia_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    w, s = model.world, model.steps
    med, ukr = model.mediator.key, model.ukraine.key
    if action == "ignore":
        w.russia_answered_day = s
    elif action == "reject_ceasefire":
        w.russia_answered_day = s
        model.emit(me, (med, ukr), K.REJECT_CEASEFIRE, "R07", "rejects the 30-day cease-fire")
    elif action == "accept_ceasefire":
        w.russia_answered_day = w.russia_accepted_day = s
        model.emit(
            me, (med, ukr), K.ACCEPT_CEASEFIRE, "R27", "accepts the 30-day cease-fire", costly=True
        )
    elif action == "propose_talks":
        w.talks_proposed_day = s
        model.emit(me, (ukr,), K.PROPOSE_TALKS, "R07", "proposes direct talks in Istanbul")
    elif action == "mass_troops":
        w.troops_massed_day = s
        me.momentum = model.rules.R26.boosted(me.momentum)
        model.emit(
            me, (), K.MASS_TROOPS, "R26", "masses troops in the east for an offensive", costly=True
        )
    elif action in ("leader", "senior", "junior"):
        w.ranks["russia"] = action
        text = f"announces a {action}-level delegation for the talks"
        model.emit(me, (ukr,), K.ANNOUNCE_DELEGATION, "R08", text, level=action)


# --------------------------------------------------------------------------- Ukraine


def ukraine_problems(model: DiplomacyModel, me: Leader) -> Problems:
    r, w = model.rules, model.world
    out: Problems = []
    if w.demand_pending and w.ukraine_accepted_day is None:
        out.append(
            (
                "answer the cease-fire demand",
                [WAIT, Option("accept_ceasefire", r.R03.terms(me.readiness))],
            )
        )
    if w.talks_proposed_day is not None and w.talks_accepted_day is None:
        out.append(
            (
                "answer the proposal of talks",
                [Option("decline"), Option("offer_leader_meeting", r.R17.offer_terms())],
            )
        )
    if w.talks_set_for is not None and "russia" in w.ranks and "ukraine" not in w.ranks:
        meet = r.R08.p.respect_value if w.ranks["russia"] == "leader" else -r.R08.p.respect_value
        leader = Option(
            "leader",
            {
                "R08 show of willingness": r.R08.p.ukraine_show_value,
                "R08 meet the other leader": meet,
            },
        )
        out.append(("delegation rank", [leader, Option("senior")]))
    if r.R17.enabled and w.refusals_unanswered > 0:
        out.append(
            ("accuse Russia", [WAIT, Option("accuse", r.R17.accuse_terms(w.refusals_unanswered))])
        )
    return out


def ukraine_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    w, s = model.world, model.steps
    med, rus = model.mediator.key, model.russia.key
    if action == "accept_ceasefire":
        w.ukraine_accepted_day = s
        model.emit(
            me,
            (med,),
            K.ACCEPT_CEASEFIRE,
            "R03",
            "accepts the 30-day cease-fire unconditionally",
            costly=True,
        )
    elif action == "offer_leader_meeting":
        w.talks_accepted_day = s
        w.talks_set_for = s + model.rules.R07.p.lead_days
        when = model.spec.date_of(w.talks_set_for).isoformat()
        model.emit(
            me,
            (rus,),
            K.OFFER_LEADER_MEETING,
            "R17",
            f"accepts talks on {when} and offers to meet in person",
        )
    elif action in ("leader", "senior"):
        w.ranks["ukraine"] = action
        model.emit(
            me,
            (rus, med),
            K.ANNOUNCE_DELEGATION,
            "R08",
            f"announces a {action}-level delegation",
            level=action,
        )
    elif action == "accuse":
        w.refusals_unanswered = 0
        model.emit(
            me,
            (med,),
            K.ACCUSE,
            "R17",
            '"Trump needs to believe that Putin actually lies"',
            about=rus,
        )


def perceive_leader(me: Leader) -> None:
    """Ukraine's leader takes in coaching (R02): one step of readiness per coaching day."""
    model = me.model
    if (
        "ukraine" in me.roles
        and model.rules.R02.enabled
        and any(s.kind is K.COACH and me.key in s.receivers for s in model.today)
    ):
        me.readiness = model.rules.R02.coached(me.readiness)


# --------------------------------------------------------------------------- the coalition


def coalition_problems(model: DiplomacyModel, me: Actor) -> Problems:
    """The coalition decides jointly, once, through its first member (R06)."""
    if me is not model.coalition[0]:
        return []
    r, w, med = model.rules, model.world, model.mediator
    options = [WAIT]
    if r.R02.enabled and w.ukraine_accepted_day is None and not w.ceasefire:
        options.append(Option("coach", r.R02.terms(med.trust[model.ukraine.key])))
    if r.R04.enabled and w.ukraine_accepted_day is not None and w.relayed_day is None:
        options.append(Option("relay", r.R04.terms()))
    if r.R05.enabled and w.ultimatum_day is None and w.demand_pending:
        inform = r.R05.informativeness(w.ukraine_accepted_day is not None)
        cred = model.credibility()
        per_member = {
            m.key: r.R05.member_terms(inform, cred, m.sanctions_willingness)
            for m in model.coalition
        }
        options.append(Option("ultimatum", joint_terms(model, per_member)))
    if r.R13.enabled and w.us_energy_sanctions_day is None and w.demand_day is not None:
        lobby = r.R13.terms(med.irritation[model.russia.key])
        options.append(Option("lobby", with_repeat(model, me, K.LOBBY_SANCTIONS, lobby)))
    if r.R28.enabled and w.refusals > 0 and not w.ceasefire:
        aid = with_repeat(model, me, K.MILITARY_AID, r.R28.terms(w.refusals))
        options.append(Option("aid", aid))
    return [("joint action", options)]


def joint_terms(model: DiplomacyModel, per_member: dict[str, dict[str, float]]) -> dict[str, float]:
    """R06: a joint act is worth what it is worth to the least willing member (or the mean)."""
    if model.rules.R06.enabled:
        binding = min(per_member, key=lambda k: sum(per_member[k].values()))
        return {f"{term} ({binding})": v for term, v in per_member[binding].items()}
    n = len(per_member)
    names = next(iter(per_member.values())).keys()
    return {f"{t} (mean)": sum(m[t] for m in per_member.values()) / n for t in names}


def coalition_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    w, s = model.world, model.steps
    med, ukr, rus = model.mediator.key, model.ukraine.key, model.russia.key
    members = model.coalition
    if action == "coach":
        for m in members:
            model.emit(
                m,
                (ukr,),
                K.COACH,
                "R02",
                "coaches Zelensky to accept the mediator's demands",
                public=False,
            )
    elif action == "relay":
        w.relayed_day = s
        for m in members:
            model.emit(
                m,
                (med,),
                K.RELAY_ACCEPTANCE,
                "R04",
                "calls: Zelensky fully accepts the cease-fire",
                about=ukr,
            )
    elif action == "ultimatum":
        w.ultimatum_day = s
        w.deadline_day = s + model.rules.R05.p.deadline_days
        due = model.spec.date_of(w.deadline_day).isoformat()
        for m in members:
            model.emit(
                m,
                (rus, med),
                K.ULTIMATUM,
                "R05",
                f"ultimatum: a cease-fire by {due} or oil and gas sanctions",
            )
    elif action == "lobby":
        for m in members:
            model.emit(
                m, (med,), K.LOBBY_SANCTIONS, "R13", "urges the US to join sanctions on Russia"
            )
    elif action == "aid":
        w.aid_packages += 1
        model.russia.momentum = model.rules.R28.momentum_after(model.russia.momentum)
        for m in members:
            model.emit(
                m, (ukr,), K.MILITARY_AID, "R28", "steps up military aid to Ukraine", costly=True
            )


# --------------------------------------------------------------------------- the mediator


def mediator_problems(model: DiplomacyModel, me: Mediator) -> Problems:
    r, w = model.rules, model.world
    out: Problems = []
    rus = model.russia.key
    if not w.ceasefire:
        options = [WAIT]
        if r.R01.enabled:
            since = None if w.last_demand_day is None else model.steps - w.last_demand_day
            options.append(Option("demand_ceasefire", r.R01.terms(since)))
        if r.R11.enabled and w.demand_day is not None:
            criticize = r.R11.criticize_terms(me.irritation[rus])
            options.append(Option("criticize", with_repeat(model, me, K.CRITICIZE, criticize)))
        out.append(("agenda", options))
    if w.talks_set_for is not None and "russia" in w.ranks and w.mediator_will_attend is None:
        attend = Option("attend", r.R14.terms(w.ranks["russia"] == "leader", me.in_region))
        out.append(("attend the talks", [Option("stay_away"), attend]))
    if w.us_energy_sanctions_day is None and r.R22.enabled:
        resolve = r.R22.resolve(me.blame, me.domestic_pressure)
        if r.R22.crosses(resolve, me.sanctions_threshold):
            terms = {
                "R22 resolve (blame and domestic pressure)": resolve,
                "R22 threshold drawn for this run": -me.sanctions_threshold,
            }
            out.append(("energy sanctions", [Option("impose_energy_sanctions", terms)]))
    return out


def mediator_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    w, s = model.world, model.steps
    rus, ukr = model.russia.key, model.ukraine.key
    if action == "demand_ceasefire":
        w.demand_day = w.demand_day or s
        w.last_demand_day = s
        to = (rus,) if w.ukraine_accepted_day is not None else (rus, ukr)
        model.emit(me, to, K.DEMAND_CEASEFIRE, "R01", "demands an unconditional 30-day cease-fire")
    elif action == "criticize":
        model.emit(me, (rus,), K.CRITICIZE, "R11", "criticizes Putin's intransigence", about=rus)
    elif action in ("attend", "stay_away"):
        w.mediator_will_attend = action == "attend"
    elif action == "impose_energy_sanctions":
        w.us_energy_sanctions_day = s
        model.emit(
            me,
            (rus,),
            K.ENERGY_SANCTIONS,
            "R22",
            "sanctions Russia's oil and gas exports",
            costly=True,
        )


# --------------------------------------------------------------------------- others


def envoy_problems(model: DiplomacyModel, me: Actor) -> Problems:
    w = model.world
    if w.talks_set_for == model.steps and "russia" in w.ranks and model.rules.R16.enabled:
        complain = Option("complain", model.rules.R16.complain_terms(w.ranks["russia"]))
        return [("speak on the talks", [WAIT, complain])]
    return []


def envoy_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    model.emit(
        me,
        (model.mediator.key,),
        K.COMPLAIN_RANK,
        "R16",
        "only a meeting between the leaders can achieve a breakthrough",
        about=model.russia.key,
    )


def backer_problems(model: DiplomacyModel, me: Actor) -> Problems:
    w = model.world
    if (
        model.rules.R19.enabled
        and not me.backed
        and w.demand_pending
        and w.ukraine_accepted_day is not None
    ):
        return [("back the offer", [WAIT, Option("back_offer", model.rules.R19.terms(True))])]
    return []


def backer_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    me.backed = True
    model.world.backers += 1
    model.emit(
        me,
        (model.mediator.key,),
        K.BACK_OFFER,
        "R19",
        "backs the cease-fire offer",
        about=model.ukraine.key,
    )


def eu_problems(model: DiplomacyModel, me: Actor) -> Problems:
    r, w = model.rules, model.world
    if not r.R21.enabled:
        return []
    if w.eu_draft_since is None:
        lapsed = w.ultimatum_lapsed_day is not None
        return [("sanctions package", [WAIT, Option("draft", r.R21.draft_terms(lapsed))])]
    if model.steps - w.eu_draft_since >= r.R21.p.adoption_days:
        return [("sanctions package", [Option("adopt", {"R21 draft ready": 0.0})])]
    return []


def eu_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    w, s, rus = model.world, model.steps, model.russia.key
    if action == "draft":
        w.eu_draft_since = s
        w.eu_package_drafted_day = w.eu_package_drafted_day or s
        model.emit(
            me,
            (rus,),
            K.DRAFT_SANCTIONS,
            "R21",
            "drafts a new sanctions package (Nord Stream 2 ban)",
        )
    elif action == "adopt":
        w.eu_draft_since = None
        w.eu_packages += 1
        w.eu_adopted_today += 1
        model.emit(me, (rus,), K.ADOPT_SANCTIONS, "R21", "adopts a sanctions package", costly=True)
        if (
            w.ultimatum_lapsed_day is not None
            and w.us_energy_sanctions_day is None
            and not w.bluff_called
        ):
            w.bluff_called = True
            w.credibility_factor = model.rules.R21.credibility_after_bluff(w.credibility_factor)


def delegation_problems(model: DiplomacyModel, me: Actor) -> Problems:
    """At the talks, a delegation may agree a cease-fire only within its mandate (R08)."""
    r, w = model.rules, model.world
    if w.talks_set_for != model.steps or w.ceasefire:
        return []
    side = "russia" if "russia_delegation" in me.roles else "ukraine"
    level = w.ranks.get(side, "junior" if side == "russia" else "senior")
    options = [Option("reject")]
    if r.R08.mandate_allows_ceasefire(level):
        if side == "russia":
            terms = russia_accept_terms(model)
            terms.update(r.R16.agreement_terms(level == "leader", bool(w.mediator_will_attend)))
        elif w.ukraine_accepted_day is not None:
            terms = {"R03 Ukraine has accepted the cease-fire": r.R17.p.offer_value}
        else:
            terms = r.R03.terms(model.ukraine.readiness)
        options.append(Option("agree", terms))
    return [("cease-fire at the talks", options)]


def delegation_act(model: DiplomacyModel, me: Actor, action: str) -> None:
    side = "russia" if "russia_delegation" in me.roles else "ukraine"
    model.talk_votes[side] = action


def hold_talks(model: DiplomacyModel) -> None:
    """The round of talks at the host's venue: who came, and whether a truce is agreed."""
    w, s = model.world, model.steps
    rus, ukr, med = model.russia, model.ukraine, model.mediator
    ru_del, ua_del = model.actor("russia_delegation"), model.actor("ukraine_delegation")
    level = w.ranks.setdefault("russia", "junior")
    w.ranks.setdefault("ukraine", "senior")
    w.talks_day, w.talks_level = s, level
    w.putin_attended = level == "leader"
    w.mediator_attended = bool(w.mediator_will_attend)
    host = model.actor("host")
    if host is not None:
        model.emit(host, (ru_del.key, ua_del.key), K.HOST_TALKS, "R07", "hosts the direct talks")
    model.emit(
        ru_del,
        (ua_del.key,),
        K.MEET,
        "R08",
        f"meets the Ukrainian side ({level} level)",
        level=level,
    )
    model.emit(
        ua_del, (ru_del.key,), K.MEET, "R08", "meets the Russian side", level=w.ranks["ukraine"]
    )
    if w.mediator_attended:
        model.emit(
            med, (ru_del.key, ua_del.key), K.ATTEND_TALKS, "R14", "joins the talks in person"
        )
    if not w.putin_attended:
        model.emit(rus, (ukr.key,), K.NO_SHOW, "R08", "stays away from the talks he proposed")
    votes = model.talk_votes
    if votes.get("russia") == "agree" and votes.get("ukraine") == "agree":
        for d in (ru_del, ua_del):
            model.emit(
                d, (med.key,), K.AGREE_CEASEFIRE, "R16", "agrees a 30-day cease-fire", costly=True
            )
        start_truce(model, rule="R16", sender=(host or med).key)
    elif votes.get("russia") != "agree":
        rule = "R08" if not model.rules.R08.mandate_allows_ceasefire(level) else "R09"
        model.emit(
            ru_del,
            (ua_del.key,),
            K.REJECT_CEASEFIRE,
            rule,
            "will not consider the 30-day cease-fire",
        )


def start_truce(model: DiplomacyModel, rule: str, sender: str) -> None:
    w = model.world
    if w.ceasefire:
        return
    w.ceasefire_day = model.steps
    model.emit(
        model.actors[sender],
        (model.russia.key, model.ukraine.key),
        K.CEASEFIRE_IN_FORCE,
        rule,
        "a 30-day cease-fire is in force",
    )


PROBLEMS: dict[str, Callable[..., Problems]] = {
    "russia": russia_problems,
    "ukraine": ukraine_problems,
    "coalition": coalition_problems,
    "mediator": mediator_problems,
    "mediator_envoy": envoy_problems,
    "backer": backer_problems,
    "host": lambda model, me: [],
    "eu": eu_problems,
    "russia_delegation": delegation_problems,
    "ukraine_delegation": delegation_problems,
}

ACTS: dict[str, Callable[..., None]] = {
    "russia": russia_act,
    "ukraine": ukraine_act,
    "coalition": coalition_act,
    "mediator": mediator_act,
    "mediator_envoy": envoy_act,
    "backer": backer_act,
    "host": lambda model, me, action: None,
    "eu": eu_act,
    "russia_delegation": delegation_act,
    "ukraine_delegation": delegation_act,
}
