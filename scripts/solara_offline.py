#!/usr/bin/env python3
"""Fill Solara's CDN proxy cache from the npm registry, so the app draws with no internet.

A thin wrapper kept for ``make app`` and habit: the code is :mod:`diplomesa.viz.assets`
(``python -m diplomesa.viz.assets`` does the same where diplomesa is installed). Usage::

    python scripts/solara_offline.py            # fill the cache (idempotent)
    python scripts/solara_offline.py --check    # exit 1 and report if anything is missing
    python scripts/solara_offline.py --list     # print the specs the installed solara needs

See docs/offline.md for why it exists and how to diagnose a blank page.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's diplomesa

from diplomesa.viz.assets import main

if __name__ == "__main__":
    sys.exit(main())
