"""Réduit les données ICU du paquet Linux (libicudata, 31 Mo dans la roue PySide6).

Qt ne se sert d'ICU que pour comparer selon la langue (QCollator), convertir des encodages
anciens (QStringConverter) et les fuseaux horaires ; l'application est en français. On garde
la racine et le français, la collation de base, les tables de normalisation, les alias et
l'encodage windows-1252, les fuseaux ; on retire les autres langues, régions, devises, unités,
dictionnaires de césure et encodages (icupkg, paquet Debian icu-devtools). Le reste est remis
dans une bibliothèque de même nom et de même symbole (gcc).

Sous Windows, Qt utilise l'ICU du système : rien à faire.

Usage : python packaging/reduire_icu.py libicudata.so.73 build/icu
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Éléments gardés (expressions rationnelles sur le nom sans préfixe de paquet).
GARDES = (
    r"(root|fr|fr_FR|res_index|pool)\.res",
    r"coll/(root|fr|res_index)\.res",
    r"coll/ucadata\.icu",
    r"[^/]+\.nrm",
    r"cnvalias\.icu",
    r"ibm-5348_P100-1997\.cnv",  # windows-1252
    r"(icuver|icustd|likelySubtags|supplementalData|metadata|keyTypeData)\.res",
    r"(zoneinfo64|metaZones|timezoneTypes|windowsZones)\.res",
)


def reduire(source: Path, destination: Path) -> Path:
    """Écrit dans `destination` une libicudata de même nom que `source`, réduite."""
    for outil in ("icupkg", "objcopy", "gcc"):
        if shutil.which(outil) is None:
            raise SystemExit(f"{outil} manque : apt-get install icu-devtools gcc")
    numero = re.fullmatch(r"libicudata\.so\.(\d+)", source.name)
    if numero is None:
        raise SystemExit(f"{source.name} : nom inattendu (libicudata.so.NN)")
    nom_paquet = f"icudt{numero[1]}l"
    garde = re.compile("|".join(GARDES))
    destination.mkdir(parents=True, exist_ok=True)
    cible = destination / source.name
    with tempfile.TemporaryDirectory() as temporaire:
        dossier = Path(temporaire)
        complet = dossier / "complet" / f"{nom_paquet}.dat"
        reduit = dossier / f"{nom_paquet}.dat"
        complet.parent.mkdir()
        # Les données ICU sont toute la section .rodata de la bibliothèque.
        _lancer("objcopy", "-O", "binary", "--only-section=.rodata", source, complet)
        elements = _lancer("icupkg", "-l", complet).split()
        retires = [e for e in elements if not garde.fullmatch(e)]
        (dossier / "retires.txt").write_text("\n".join(retires) + "\n")
        _lancer("icupkg", "-r", dossier / "retires.txt", complet, reduit)
        assembleur = dossier / "donnees.S"
        assembleur.write_text(
            f"    .section .rodata\n    .globl {nom_paquet[:-1]}_dat\n"
            f"    .type {nom_paquet[:-1]}_dat, @object\n    .balign 16\n"
            f'{nom_paquet[:-1]}_dat:\n    .incbin "{reduit}"\n'
            f"    .size {nom_paquet[:-1]}_dat, . - {nom_paquet[:-1]}_dat\n"
            '    .section .note.GNU-stack,"",@progbits\n'
        )
        _lancer(
            "gcc", "-shared", "-nostdlib", f"-Wl,-soname,{source.name}", "-o", cible, assembleur
        )
    print(f"ICU : {len(elements) - len(retires)} éléments gardés sur {len(elements)}")
    return cible


def _lancer(*commande: object) -> str:
    return subprocess.run(
        [str(c) for c in commande], check=True, capture_output=True, text=True
    ).stdout


if __name__ == "__main__":
    reduire(Path(sys.argv[1]), Path(sys.argv[2]))
