"""``python -m diplomesa.cli``: the same command line as the ``diplomesa`` script."""

from diplomesa.cli import app

app()
