#!/usr/bin/env bash
# Prépare ce qui manque, puis lance toute la suite de tests sans écran (arguments passés à pytest).
# APP_BUREAU_TEST_PAQUET=1 : construit et essaie aussi le paquet (packaging/construire.sh).
# APP_BUREAU_TEST_WINDOWS=1 : construit, installe, essaie et désinstalle aussi l'installeur
# Windows sous wine (packaging/verifier-windows.sh).
arguments=("$@")
set -- # sinon preparer.sh prendrait les arguments de pytest pour des listes de paquets
source "$(dirname "${BASH_SOURCE[0]}")/preparer.sh"
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/ruff format --check .
if [ "${APP_BUREAU_TEST_PAQUET:-0}" = 1 ]; then
  # Sur demande seulement (environ 2 min) : construit le paquet PyInstaller et l'essaie.
  bash packaging/construire.sh
fi
if [ "${APP_BUREAU_TEST_WINDOWS:-0}" = 1 ]; then
  # Sur demande seulement (environ 15 min, root, wine installé puis i386 retiré).
  bash packaging/verifier-windows.sh
fi
exec .venv/bin/python -m pytest "${arguments[@]}"
