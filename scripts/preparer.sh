#!/usr/bin/env bash
# Prépare la machine : bibliothèques système de Qt (via apt, si root), environnement
# Python .venv et dépendances du projet. Sans effet si tout est déjà là.
# Usage : source scripts/preparer.sh [fichier de paquets en plus…]
set -euo pipefail
racine="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$racine"

manquants=()
if command -v dpkg-query >/dev/null 2>&1; then
  for liste in packaging/paquets-debian.txt "$@"; do
    for paquet in $(grep -v '^#' "$liste"); do
      dpkg-query -W -f='${Status}' "$paquet" 2>/dev/null | grep -q "install ok installed" \
        || manquants+=("$paquet")
    done
  done
fi
if [ ${#manquants[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation des bibliothèques système : ${manquants[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${manquants[@]}"
  else
    echo "Bibliothèques système manquantes, à installer par un administrateur : ${manquants[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
empreinte="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat .venv/.empreinte 2>/dev/null || true)" != "$empreinte" ]; then
  echo "Installation des dépendances Python dans .venv…"
  .venv/bin/python -m pip install -q --upgrade pip
  # Le rappel générique de setuptools sur les installations « modifiables » est tu.
  PYTHONWARNINGS=ignore .venv/bin/python -m pip install -q -e ".[test]"
  echo "$empreinte" > .venv/.empreinte
fi
