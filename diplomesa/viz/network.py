"""The actor network: the cast as nodes grouped by side, this step's signals as arrows.

The layout is a pure function of the scenario's cast (sides on a circle, members side by side
within their side's arc), so it never moves while a run plays; only the arrows change. Arrows
are coloured by the signal's Goldstein weight, from conflictual (−10, red) through neutral
(grey) to cooperative (+10, green). A public signal sent to nobody in particular is a ring
around its sender.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from html import escape

import solara

from diplomesa.scenario import Scenario
from diplomesa.signals import Signal
from diplomesa.viz.session import AppModel

WIDTH, HEIGHT = 520, 420
SIDE_COLORS = {
    "russia": "#b22222",
    "ukraine": "#1f5fbf",
    "us": "#6a3d9a",
    "coalition": "#2a8c5a",
    "third": "#b8860b",
    "eu": "#003399",
}


def goldstein_color(weight: float) -> str:
    """Diverging colour for a Goldstein weight in [−10, 10]: red, grey, green."""
    t = max(-1.0, min(1.0, weight / 10.0))
    grey = (150, 150, 150)
    end = (0, 150, 60) if t >= 0 else (215, 25, 28)
    a = abs(t) ** 0.7
    r, g, b = (round(grey[i] + (end[i] - grey[i]) * a) for i in range(3))
    return f"#{r:02x}{g:02x}{b:02x}"


def short_name(name: str, kind: str) -> str:
    """A node label: a person's surname(s) ("Lula da Silva", "Macron"); bodies in full."""
    words = name.split()
    if kind in ("Delegation", "Institution") or len(words) < 2:
        return name
    return " ".join(words[2:]) if len(words) >= 3 else words[-1]


@lru_cache(maxsize=16)
def _layout_cached(
    cast: tuple[tuple[str, str, str], ...],
) -> dict[str, tuple[float, float]]:
    sides: dict[str, list[str]] = {}
    for key, side, _ in cast:
        sides.setdefault(side, []).append(key)
    cx, cy = WIDTH / 2, HEIGHT / 2 - 10
    rx, ry = WIDTH / 2 - 60, HEIGHT / 2 - 65
    total = len(cast) + len(sides)  # one empty slot between sides
    pos: dict[str, tuple[float, float]] = {}
    slot = 0
    for members in sides.values():
        for key in members:
            angle = -math.pi / 2 + 2 * math.pi * slot / total
            pos[key] = (cx + rx * math.cos(angle), cy + ry * math.sin(angle))
            slot += 1
        slot += 1
    return pos


def layout(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Node positions for the scenario's cast, in order of appearance, grouped by side."""
    cast = tuple((k, a.side, a.name) for k, a in scenario.actors.items())
    return _layout_cached(cast)


def _arrow(x1: float, y1: float, x2: float, y2: float, bend: float, color: str, tip: str) -> str:
    dx, dy = x2 - x1, y2 - y1
    dist = math.hypot(dx, dy) or 1.0
    ux, uy = dx / dist, dy / dist
    sx, sy = x1 + ux * 14, y1 + uy * 14  # start/end outside the node circles
    ex, ey = x2 - ux * 16, y2 - uy * 16
    mx, my = (sx + ex) / 2 - uy * bend, (sy + ey) / 2 + ux * bend
    # arrowhead along the curve's end tangent
    tx, ty = ex - mx, ey - my
    tl = math.hypot(tx, ty) or 1.0
    tx, ty = tx / tl, ty / tl
    p1 = (ex - 9 * tx + 4 * ty, ey - 9 * ty - 4 * tx)
    p2 = (ex - 9 * tx - 4 * ty, ey - 9 * ty + 4 * tx)
    return (
        f'<path d="M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}" fill="none" '
        f'stroke="{color}" stroke-width="1.8" opacity="0.85"><title>{escape(tip)}</title></path>'
        f'<polygon points="{ex:.1f},{ey:.1f} {p1[0]:.1f},{p1[1]:.1f} {p2[0]:.1f},{p2[1]:.1f}" '
        f'fill="{color}"/>'
    )


def network_svg(model: AppModel) -> str:
    """The network as SVG for the model's current step."""
    m = model.model
    pos = layout(m.spec)
    today: list[Signal] = list(m.today)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'data-panel="network" data-step="{m.steps}" role="img" '
        'aria-label="actor network with this step\'s signals">',
        f'<text x="8" y="16" font-size="12" font-weight="600">Signals on {model.date()} '
        f"(day {m.steps}): {len(today)}</text>",
    ]
    pairs: Counter[tuple[str, str]] = Counter()
    rings: Counter[str] = Counter()
    for sig in today:
        if sig.sender not in pos:  # an event of the world: no actor to draw it from
            continue
        tip = f"{m.actors[sig.sender].name}: {sig.text} [{sig.rule}, Goldstein {sig.goldstein:+g}]"
        color = goldstein_color(sig.goldstein)
        if not sig.receivers:
            x, y = pos[sig.sender]
            r = 17 + 4 * rings[sig.sender]
            rings[sig.sender] += 1
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="none" stroke="{color}" '
                f'stroke-width="2" stroke-dasharray="3 2"><title>{escape(tip)}</title></circle>'
            )
            continue
        for receiver in sig.receivers:
            if receiver not in pos or sig.sender not in pos:
                continue
            n = pairs[(sig.sender, receiver)]
            pairs[(sig.sender, receiver)] += 1
            bend = 12 + 10 * n
            out.append(_arrow(*pos[sig.sender], *pos[receiver], bend, color, tip))
    for key, (x, y) in pos.items():
        spec = m.spec.actors[key]
        color = SIDE_COLORS.get(spec.side, "#555")
        out.append(
            f'<g><circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="{color}" stroke="#fff" '
            f'stroke-width="2"/><title>{escape(spec.name)} ({escape(spec.side)}, '
            f"{escape(spec.type)})</title>"
            f'<text x="{x:.1f}" y="{y + 24:.1f}" font-size="10" text-anchor="middle">'
            f"{escape(short_name(spec.name, spec.type))}</text></g>"
        )
    # side legend and colour scale
    sides = list(dict.fromkeys(a.side for a in m.spec.actors.values()))
    for i, side in enumerate(sides):
        out.append(
            f'<circle cx="{12 + 80 * i}" cy="{HEIGHT - 30}" r="5" '
            f'fill="{SIDE_COLORS.get(side, "#555")}"/>'
            f'<text x="{20 + 80 * i}" y="{HEIGHT - 26}" font-size="10">{escape(side)}</text>'
        )
    for i in range(21):
        w = -10 + i
        out.append(
            f'<rect x="{8 + 12 * i}" y="{HEIGHT - 14}" width="12" height="8" '
            f'fill="{goldstein_color(w)}"/>'
        )
    out.append(
        f'<text x="{8 + 12 * 21 + 6}" y="{HEIGHT - 7}" font-size="10">'
        "Goldstein: conflictual −10 … +10 cooperative</text></svg>"
    )
    return "".join(out)


@solara.component
def Network(model: AppModel, step: int) -> None:
    """The network panel (``step`` is only there so the panel redraws on every step)."""
    del step
    solara.HTML(tag="div", unsafe_innerHTML=network_svg(model), style="width: 100%")
