#!/usr/bin/env sh
# Print the path of a Python >= 3.12 that actually runs (Mesa 3.5 needs it), or fail.
# Honours $PYTHON; then tries python3.13, python3.12, pyenv's installed versions, python3.
# A pyenv shim on PATH may exist and still fail when its version is not selected, so
# every candidate is run, not just looked up.
ok() { "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
if [ -n "${PYTHON:-}" ]; then
  if ok "$PYTHON"; then command -v "$PYTHON" || echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not a working Python >= 3.12" >&2; exit 1
fi
for c in python3.13 python3.12; do
  if ok "$c"; then command -v "$c"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | sort -r -V); do
    p="$(pyenv prefix "$v" 2>/dev/null)/bin/python3"
    if [ -x "$p" ] && ok "$p"; then echo "$p"; exit 0; fi
  done
fi
if ok python3; then command -v python3; exit 0; fi
echo "No Python >= 3.12 found (Mesa 3.5 needs it). Install one, or run: make PYTHON=/path/to/python3.12 ..." >&2
exit 1
