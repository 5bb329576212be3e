"""Calibration to the record: ABC-SMC with pyabc (``diplomesa calibrate``).

- :mod:`.spec`       the TOML spec: scenario, priors, observed data, population, stopping rule
- :mod:`.simulator`  the model as pyabc sees it: parameters in, plain summary numbers out
- :mod:`.sampler`    a pyabc sampler whose population depends on the seed only
- :mod:`.run`        the calibration, one generation at a time, resumable
- :mod:`.report`     the posterior: table, Parquet, plots, predictive check, calibrated scenario

pyabc is an optional dependency (``pip install 'diplomesa[calibrate]'``); only :mod:`.spec`
imports without it.
"""
