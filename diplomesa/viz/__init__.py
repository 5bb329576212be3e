"""Solara components of the browser app (``app.py`` lays them out; the model never imports them).

- :mod:`.controls`  the levers (sliders from the rule and actor ranges), the scenario list, the seed
- :mod:`.session`   :class:`AppModel`, the one-per-session run that Mesa's controls step and reset
- :mod:`.svg`       small SVG line charts and bands, drawn from lists (no DataFrame per step)
- :mod:`.network`   the cast by side and this step's signals, coloured by Goldstein weight
- :mod:`.timeline`  the signal log, each row opening on the article's words behind its rule
- :mod:`.plots`     pressure, trust, blame and irritation over time; outcome badges
- :mod:`.explain`   an actor's last decision: options, utility terms, probabilities
- :mod:`.ensemble`  N seeds of the current settings: median, 10–90% band, outcome shares
- :mod:`.compare`   the baseline beside a counterfactual
- :mod:`.about`     the Info page, drawn from ``docs/about.md`` and the rule catalogue
"""
