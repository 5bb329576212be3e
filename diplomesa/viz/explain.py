"""Explain: an actor's last decision, option by option and term by term.

Actors choose by logit over utilities made of named terms (:mod:`diplomesa.choice`); this
panel shows, for the last day the picked actor decided anything, each decision problem with
its options, each option's utility terms, its utility and its probability, and the pick;
then the last evidence the actor took in (the mediator): each piece's likelihood ratio and
exponent under the rule that set them (:mod:`diplomesa.perception`).
"""

from __future__ import annotations

from html import escape

import solara

from diplomesa.choice import Decision
from diplomesa.viz.session import AppModel


def decisions_html(model: AppModel, actor_key: str) -> str:
    m = model.model
    decisions: list[Decision] = model.last_decisions.get(actor_key, [])
    name = m.actors[actor_key].name if actor_key in m.actors else actor_key
    head = f"<div data-panel='explain' data-step='{m.steps}' class='dm-explain'>"
    if not decisions:
        return (
            head + f"<p>{escape(name)} has made no decision yet in this run "
            "(some actors only decide when a problem is open to them: step on).</p>"
            + evidence_html(model, actor_key)
            + "</div>"
        )
    day = decisions[0].step
    parts = [
        head,
        f"<p><b>{escape(name)}</b>, day {day} ({m.spec.date_of(day).isoformat()}): "
        f"{len(decisions)} decision(s). Probabilities are the logit of the utilities "
        f"(precision λ = {m.precision:g}).</p>",
    ]
    for d in decisions:
        parts.append(
            f"<table class='dm-table'><caption>{escape(d.title or d.problem)} — chose "
            f"<b>{escape(d.chosen)}</b></caption><tr><th>option</th><th>utility terms</th>"
            "<th>utility</th><th>probability</th></tr>"
        )
        for option, p in zip(d.options, d.probabilities, strict=True):
            terms = (
                "<br>".join(
                    f"{escape(term)}: <b>{value:+.2f}</b>" for term, value in option.terms.items()
                )
                or "<i>(no terms: the status quo)</i>"
            )
            chosen = " class='dm-chosen'" if option.name == d.chosen else ""
            bar = f"<span class='dm-bar' style='width:{60 * p:.0f}px'></span>"
            parts.append(
                f"<tr{chosen}><td>{escape(option.name)}</td><td>{terms}</td>"
                f"<td>{option.utility:+.2f}</td><td>{bar} {p:.1%}</td></tr>"
            )
        parts.append("</table>")
    parts.append(evidence_html(model, actor_key))
    parts.append("</div>")
    return "".join(parts)


def evidence_html(model: AppModel, actor_key: str) -> str:
    """The evidence the actor took in on the last day it took in any, piece by piece."""
    m = model.model
    mine = [e for e in m.evidence_log if e.receiver == actor_key]
    if not mine:
        return ""
    day = mine[-1].step
    names = {k: a.name for k, a in m.actors.items()}
    parts = [
        f"<table class='dm-table' data-panel='evidence'><caption>Evidence taken in on day {day}: "
        "log-odds of blame moved by e·ln L + noise</caption><tr><th>from</th><th>signal</th>"
        "<th>likelihood ratio L</th><th>exponent e</th><th>noise</th><th>step</th></tr>"
    ]
    for e in (e for e in mine if e.step == day):
        cell = {
            what: e.set_by(what, "<br>", "{rule}: <b>{value:.3g}</b>")
            for what in ("likelihood ratio", "exponent")
        }
        parts.append(
            f"<tr><td>{escape(names.get(e.sender, 'the world'))}</td><td>{escape(e.kind)}</td>"
            f"<td>{cell['likelihood ratio']}</td><td>{cell['exponent']}</td>"
            f"<td>{e.noise:+.2f}</td><td>{e.shift:+.2f}</td></tr>"
        )
    parts.append("</table>")
    return "".join(parts)


CSS = """
.dm-table { border-collapse: collapse; margin: 6px 0 14px 0; font-size: 13px; }
.dm-table caption { text-align: left; font-weight: 600; padding: 2px 0; }
.dm-table td, .dm-table th { border: 1px solid #ddd; padding: 3px 8px; vertical-align: top; }
.dm-table tr.dm-chosen { background: #eef7ee; }
.dm-bar { display: inline-block; height: 8px; background: #1f77b4; vertical-align: middle; }
"""


@solara.component
def Explain(model: AppModel, step: int, actor: solara.Reactive[str]) -> None:
    del step
    m = model.model
    names = {a.name: k for k, a in m.actors.items()}
    key = actor.value if actor.value in m.actors else m.actor("russia").key
    solara.Select(
        "Actor",
        value=m.actors[key].name,
        values=list(names),
        on_value=lambda name: actor.set(names[name]),
    )
    solara.HTML(tag="div", unsafe_innerHTML=decisions_html(model, key))
