"""The classroom load benchmark: 6 rooms × 5 seats = 30 student sessions (and 6 teachers'
consoles) in Debian's chromium, one app server on 127.0.0.1, 16 days a room.

Reports, for issue 16 and ``docs/classroom.md``:
- the server's **latency** per room-day: from the day's last choice in a room to every one
  of its seats' pages showing the next day (median, 90th percentile, max), timed by the
  pages' own clock (a ``MutationObserver``; :mod:`diplomesa.viz.classroom_load`);
- the server's **CPU seconds per room-day** (its whole process tree, by psutil) over the
  play, from the teachers' Start to the last room's end — which includes the debriefs the
  rooms that finished first compute while others still play; and a room's debrief alone
  (200 model runs and a rerun per choice), timed here in the benchmark's process from the
  rooms' own records, so the play's share can be read off;
- that every room finished and no page showed another room's or seat's state.

Usage: ``python benchmarks/bench_classroom.py [--rooms 6] [--seats 5] [--days 16] [--json]``
(run from the checkout with the test extras and psutil: ``pip install -e '.[test,bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diplomesa.viz.classroom_load import SEATS, run
from diplomesa.viz.server import CHROMIUM_ARGS, AppServer, filled_cache, find_chromium


def tree_cpu(pid: int):
    """A function returning the CPU seconds (user + system) of ``pid`` and its children."""
    import psutil

    root = psutil.Process(pid)

    def cpu() -> float:
        total = 0.0
        for p in [root, *root.children(recursive=True)]:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    return cpu


def debrief_cpu(db: Path) -> tuple[float, int]:
    """The CPU seconds of one room's debrief, median over the rooms, here from their records."""
    import statistics

    from diplomesa.rooms.debrief import class_debrief
    from diplomesa.rooms.room import Rooms

    rooms = Rooms(db)
    times = []
    for row in rooms.list():
        room = rooms.get(row.code)
        start = time.process_time()
        class_debrief(room.code, room.game)
        times.append(time.process_time() - start)
    return statistics.median(times), len(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=6)
    parser.add_argument("--seats", type=int, default=5, choices=range(1, len(SEATS) + 1))
    parser.add_argument("--days", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--write", action="store_true",
                        help="write the figures into docs/classroom.md")  # fmt: skip
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        sys.exit("Debian's chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "rooms.sqlite"
        server = AppServer(filled_cache(), env={"DIPLOMESA_ROOMS_DB": str(db)}, timeout=120)
        url = server.start()
        try:
            assert server.proc is not None
            result = run(url, db, chromium, CHROMIUM_ARGS, n_rooms=args.rooms,
                         seats=SEATS[: args.seats], days=args.days, seed=args.seed,
                         timeout=300, cpu=tree_cpu(server.proc.pid))  # fmt: skip
        finally:
            server.stop()
        debrief, n = debrief_cpu(db)
    figures = {
        "rooms": result.rooms,
        "seats": result.seats,
        "days": result.days,
        "sessions": result.rooms * result.seats,
        "finished": result.finished,
        "leaks": result.leaks,
        "choices": result.choices,
        "retries": result.retries,
        "room_days": result.room_days,
        "latency_median_s": round(result.median_latency(), 3),
        "latency_p90_s": round(result.quantile_latency(0.9), 3),
        "latency_max_s": round(max(result.latencies), 3),
        "play_seconds": round(result.seconds, 1),
        "server_cpu_s": round(result.cpu_seconds or 0, 1),
        "cpu_per_room_day_s": round(result.cpu_per_room_day() or 0, 3),
        "debrief_cpu_s_per_room": round(debrief, 2),
        "play_cpu_per_room_day_s": round(
            ((result.cpu_seconds or 0) - debrief * n) / (result.rooms * result.days), 3
        ),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
    }
    if args.write:
        write_doc(figures)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{result.rooms} rooms × {result.seats} seats × {result.days} days "
          f"({figures['sessions']} student sessions and {result.rooms} consoles), "
          f"{figures['machine']}")  # fmt: skip
    print(f"  rooms finished                {result.finished}/{result.rooms}")
    print(f"  pages showing others' state   {len(result.leaks)}")
    print(f"  choices clicked               {result.choices} ({result.retries} clicked again)")
    print(f"  room-days timed               {result.room_days} (of "
          f"{result.rooms * result.days}: the others were quiet)")  # fmt: skip
    print(f"  latency, last choice → every seat on the next day: median "
          f"{figures['latency_median_s']:.2f} s, p90 {figures['latency_p90_s']:.2f} s, "
          f"max {figures['latency_max_s']:.2f} s")  # fmt: skip
    print(f"  play                          {figures['play_seconds']} s wall, server CPU "
          f"{figures['server_cpu_s']} s")  # fmt: skip
    print(f"  server CPU per room-day       {figures['cpu_per_room_day_s']:.3f} s (with the "
          f"debriefs); a room's debrief {figures['debrief_cpu_s_per_room']:.2f} s; the play "
          f"alone {figures['play_cpu_per_room_day_s']:.3f} s per room-day")  # fmt: skip
    for leak in result.leaks:
        print(f"  LEAK {leak}")


def write_doc(f: dict) -> None:
    """The figures as a table between the markers of docs/classroom.md."""
    import re

    doc = Path(__file__).resolve().parents[1] / "docs" / "classroom.md"
    table = "\n".join([
        f"*Generated by `python benchmarks/bench_classroom.py --write` ({f['rooms']} rooms × "
        f"{f['seats']} seats × {f['days']} days; {f['machine']}).*",
        "",
        "| | |",
        "|---|---|",
        f"| rooms finished | {f['finished']}/{f['rooms']} |",
        f"| pages that showed another room's or seat's state | {len(f['leaks'])} |",
        f"| choices clicked (clicked again: the button was being redrawn) | {f['choices']} "
        f"({f['retries']}) |",
        f"| days put to the students, timed (of {f['rooms'] * f['days']} room-days; the "
        f"others were quiet) | {f['room_days']} |",
        f"| last choice → every seat on the next day: median | {f['latency_median_s']:.2f} s |",
        f"| the same: 90th percentile, max | {f['latency_p90_s']:.2f} s, "
        f"{f['latency_max_s']:.2f} s |",
        f"| the play: wall time, server CPU | {f['play_seconds']:.0f} s, "
        f"{f['server_cpu_s']:.0f} s |",
        f"| server CPU per room-day, with the debriefs | {f['cpu_per_room_day_s']:.2f} s |",
        f"| a room's debrief (200 model runs, a rerun per choice) | "
        f"{f['debrief_cpu_s_per_room']:.1f} s |",
        f"| server CPU per room-day, the play alone | {f['play_cpu_per_room_day_s']:.2f} s |",
    ]) + "\n"  # fmt: skip
    text = doc.read_text(encoding="utf-8")
    block = f"<!-- classroom-bench:start -->\n{table}<!-- classroom-bench:end -->"
    text = re.sub(r"<!-- classroom-bench:start -->.*?<!-- classroom-bench:end -->", block,
                  text, flags=re.S)  # fmt: skip
    doc.write_text(text, encoding="utf-8")
    print(f"wrote {doc}")


if __name__ == "__main__":
    main()
