#!/usr/bin/env bash
# Construit le paquet de l'Assistant Grappe depuis un clone propre, l'essaie et donne sa taille.
#
#   bash packaging/construire.sh
#
# 1. prépare .venv (scripts/preparer.sh sous Linux) et y installe PyInstaller s'il manque
#    (groupe optionnel « paquet » de pyproject.toml) ;
# 2. rend l'icône (packaging/icone/) en PNG et en .ico dans build/icone ;
# 3. construit dist/AssistantGrappe/ (PyInstaller, un dossier : packaging/app_bureau.spec) ;
# 4. lance l'essai de démarrage du paquet sans écran (`AssistantGrappe --smoke`, base et
#    réglages temporaires) et vérifie qu'il ne laisse aucun fichier derrière lui ;
# 5. Linux : archive dist/AssistantGrappe-VERSION-linux-x86_64.tar.gz ;
#    Windows (Git Bash) : installeur dist/AssistantGrappe-VERSION-installation.exe si Inno
#    Setup (iscc) est là ;
# 6. affiche la taille du paquet.
set -euo pipefail
racine="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$racine"
debut=$SECONDS

case "$(uname -s)" in
  MINGW* | MSYS* | CYGWIN*) windows=1 ;;
  *) windows=0 ;;
esac
if [ "$windows" = 1 ]; then
  python=.venv/Scripts/python.exe
  executable=AssistantGrappe.exe
  if [ ! -x "$python" ]; then
    py -3.11 -m venv .venv
    "$python" -m pip install -q -e .
  fi
else
  # Bibliothèques de Qt (dont celles de l'affichage X11), outils de réduction d'ICU, .venv.
  set -- packaging/paquets-debian-affichage.txt packaging/paquets-debian-construction.txt
  source scripts/preparer.sh
  python=.venv/bin/python
  executable=AssistantGrappe
fi
if ! "$python" -c "import PyInstaller" 2>/dev/null; then
  echo "Installation de PyInstaller dans .venv…"
  "$python" -m pip install -q -e ".[paquet]"
fi
version="$("$python" -c "import app_bureau; print(app_bureau.__version__)")"

echo "Rendu des icônes…"
"$python" packaging/icone/rendre_icones.py build/icone

echo "Construction du paquet $version (PyInstaller)…"
export PYINSTALLER_CONFIG_DIR="$racine/build/pyinstaller-cache"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/app_bureau.spec
paquet=dist/AssistantGrappe
if [ "$windows" = 0 ]; then
  install -m 755 packaging/installer-linux.sh "$paquet/installer.sh"
  install -m 644 packaging/assistant-grappe.desktop "$paquet/"
  mkdir -p "$paquet/icone"
  cp build/icone/assistant-grappe-{48,128,256}.png "$paquet/icone/"
fi

echo "Essai de démarrage du paquet (--smoke, sans écran)…"
essai="$(mktemp -d)"
mkdir -p "$essai/maison" "$essai/tmp"
if ! (cd "$essai" && env HOME="$essai/maison" XDG_CONFIG_HOME="$essai/maison/.config" \
  XDG_DATA_HOME="$essai/maison/.local/share" XDG_CACHE_HOME="$essai/maison/.cache" \
  TMPDIR="$essai/tmp" QT_QPA_PLATFORM=offscreen "$racine/$paquet/$executable" --smoke); then
  echo "ÉCHEC : l'essai de démarrage du paquet a échoué." >&2
  exit 1
fi
restes="$(find "$essai" -type f)"
rm -rf "$essai"
if [ -n "$restes" ]; then
  echo "ÉCHEC : l'essai a laissé des fichiers derrière lui :" >&2
  echo "$restes" >&2
  exit 1
fi

if [ "$windows" = 0 ]; then
  archive="dist/AssistantGrappe-$version-linux-$(uname -m).tar.gz"
  tar -czf "$archive" -C dist AssistantGrappe
elif command -v iscc >/dev/null 2>&1; then
  MSYS2_ARG_CONV_EXCL='*' iscc "/DVersion=$version" packaging/installeur.iss
  archive="dist/AssistantGrappe-$version-installation.exe"
else
  archive=""
  echo "Inno Setup (iscc) absent : pas d'installeur Windows." >&2
fi

mio() { du -sk "$1" | awk '{printf "%.0f Mo", $1 / 1024}'; }
echo
echo "Paquet : $paquet — $(mio "$paquet") ($(find "$paquet" -type f | wc -l) fichiers)"
[ -n "$archive" ] && echo "À distribuer : $archive — $(mio "$archive")"
echo "Construit et essayé en $((SECONDS - debut)) s."
