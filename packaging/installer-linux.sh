#!/usr/bin/env bash
# Installe l'Assistant Grappe pour l'utilisateur courant (sans droits d'administrateur) :
# le dossier du paquet dans ~/.local/lib/AssistantGrappe, l'icône et l'entrée du menu des
# applications. Copié dans le paquet Linux (dist/AssistantGrappe/installer.sh) à la construction.
#
# Usage : AssistantGrappe/installer.sh            installe (ou met à jour)
#         AssistantGrappe/installer.sh --retirer  retire l'application (vos dossiers restent)
set -euo pipefail
source_paquet="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
donnees="${XDG_DATA_HOME:-$HOME/.local/share}"
cible="$HOME/.local/lib/AssistantGrappe"
entree="$donnees/applications/assistant-grappe.desktop"

if [ "${1:-}" = "--retirer" ]; then
  rm -rf "$cible" "$entree"
  rm -f "$donnees"/icons/hicolor/*/apps/assistant-grappe.png
  echo "Assistant Grappe retiré. Vos dossiers sont gardés dans $donnees/AssistantGrappe/."
  exit 0
fi

if [ "$source_paquet" != "$cible" ]; then
  rm -rf "$cible"
  mkdir -p "$(dirname "$cible")"
  cp -a "$source_paquet" "$cible"
fi
for taille in 48 128 256; do
  install -D -m 644 "$cible/icone/assistant-grappe-$taille.png" \
    "$donnees/icons/hicolor/${taille}x${taille}/apps/assistant-grappe.png"
done
mkdir -p "$(dirname "$entree")"
sed "s|^Exec=.*|Exec=\"$cible/AssistantGrappe\"|" "$cible/assistant-grappe.desktop" > "$entree"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$(dirname "$entree")" || true
echo "Assistant Grappe installé dans $cible ; il est dans le menu des applications."
