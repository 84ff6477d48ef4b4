#!/usr/bin/env bash
# Fails when dist/ is not the bundle of src/ as committed: rebuild, then look for any change or new file.
set -euo pipefail
npm run --silent bundle >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ differs from the bundle of src/: run 'npm run bundle' and commit dist/." >&2
  git status --short -- dist >&2
  git diff --stat -- dist >&2
  exit 1
fi
echo "dist/ is current."
