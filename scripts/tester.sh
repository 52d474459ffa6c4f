#!/usr/bin/env bash
# Prépare ce qui manque, puis lance toute la suite de tests sans écran (arguments passés à pytest).
source "$(dirname "${BASH_SOURCE[0]}")/preparer.sh"
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest "$@"
