#!/usr/bin/env bash
# Prépare ce qui manque, puis ouvre l'Assistant Grappe (arguments passés à app-bureau).
source "$(dirname "${BASH_SOURCE[0]}")/preparer.sh" packaging/paquets-debian-affichage.txt
exec .venv/bin/app-bureau "$@"
