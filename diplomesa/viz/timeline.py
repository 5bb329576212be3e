"""The event timeline: one row per signal, newest first; a row opens on the rule's source.

Each row reads ``date  sender → receivers  signal  [rule]``; expanding it (a native
``<details>``, so opening costs no round trip) shows the rule's name, what it does, and the
article's sentence behind it with its line (``article.txt:N``), from the rule catalogue.
"""

from __future__ import annotations

from html import escape

import solara

from diplomesa.rules import REGISTRY
from diplomesa.viz.network import goldstein_color
from diplomesa.viz.session import AppModel

MAX_ROWS = 150


def _rule_detail(rule_id: str) -> str:
    rule = REGISTRY.get(rule_id)
    if rule is None:
        return f"<div>{escape(rule_id)}</div>"
    return (
        f"<div class='dm-rule'><b>{escape(rule.id)} {escape(rule.name)}</b> — "
        f"{escape(rule.summary())}<br><q>{escape(rule.quote())}</q> "
        f"<span class='dm-cite'>({escape(rule.source())})</span>"
        f"<br><i>{escape(rule.concept)}</i></div>"
    )


def timeline_html(model: AppModel, max_rows: int = MAX_ROWS) -> str:
    m = model.model
    names = {k: a.name for k, a in m.actors.items()}
    rows = []
    shown = m.signals[-max_rows:][::-1]
    for sig in shown:
        to = ", ".join(names.get(r, r) for r in sig.receivers) or "all"
        color = goldstein_color(sig.goldstein)
        rows.append(
            "<details class='dm-row'><summary>"
            f"<span class='dm-date'>{m.spec.date_of(sig.step).isoformat()}</span> "
            f"<b>{escape(names.get(sig.sender, sig.sender))}</b> → {escape(to)}: "
            f"<span style='color:{color}'>{escape(sig.text)}</span> "
            f"<span class='dm-rule-id'>[{escape(sig.rule)}]</span></summary>"
            f"{_rule_detail(sig.rule)}</details>"
        )
    more = len(m.signals) - len(shown)
    note = f"<div class='dm-note'>… and {more} earlier signals</div>" if more > 0 else ""
    empty = "<div class='dm-note'>No signals yet: press Step or ▶.</div>" if not rows else ""
    return (
        f"<div data-panel='timeline' data-step='{m.steps}' class='dm-timeline'>"
        f"<div class='dm-title'>Event timeline ({len(m.signals)} signals)</div>"
        + empty
        + "".join(rows)
        + note
        + "</div>"
    )


CSS = """
.dm-timeline { font-size: 13px; max-height: 420px; overflow-y: auto; }
.dm-title { font-weight: 600; margin-bottom: 4px; }
.dm-row summary { cursor: pointer; padding: 2px 0; border-bottom: 1px solid #eee; }
.dm-row[open] summary { background: #f4f6fa; }
.dm-rule { padding: 4px 8px 8px 16px; color: #333; }
.dm-rule q { font-style: italic; }
.dm-cite, .dm-rule-id, .dm-date, .dm-note { color: #777; }
.dm-date { font-family: monospace; }
"""


@solara.component
def Timeline(model: AppModel, step: int) -> None:
    del step
    solara.HTML(tag="div", unsafe_innerHTML=timeline_html(model))
