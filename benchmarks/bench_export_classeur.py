"""Mesure de l'export du classeur PAI numérique d'un dossier de 500 ESSMS.

Usage : python benchmarks/bench_export_classeur.py [--essms 500]

Médiane de 5 `exports.classeur.ecrire_classeur` (construction du classeur, écriture dans un
fichier temporaire puis renommage), évaluation non comprise, cible < 2 s. Base mesurée
dans la même exécution : un classeur openpyxl nu de 500 × 18 nombres, enregistré ; pour
information, la construction seule (sans enregistrement) et `evaluer`.

Code de sortie : 0 si la cible est tenue, 1 sinon.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from bench_estimer import dossier_geant, mediane, ms, verdict
from openpyxl import Workbook

from app_bureau.exports.classeur import construire_classeur, ecrire_classeur
from app_bureau.fichier.dossier import lire_dossier
from app_bureau.regles.evaluation import evaluer

CIBLE = 2.0  # secondes
REPETITIONS = 5
COLONNES = 22  # comme la feuille « Établissements »


def classeur_nu(lignes: int, chemin: Path) -> None:
    classeur = Workbook()
    feuille = classeur.active
    for i in range(lignes):
        feuille.append([i * COLONNES + j + 0.25 for j in range(COLONNES)])
    classeur.save(chemin)


def main() -> int:
    analyse = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyse.add_argument("--essms", type=int, default=500)
    nombre = analyse.parse_args().essms

    dossier = lire_dossier(dossier_geant(nombre))
    evaluation = evaluer(dossier)
    with tempfile.TemporaryDirectory() as dossier_temporaire:
        cible = Path(dossier_temporaire) / "classeur.xlsx"
        nu = Path(dossier_temporaire) / "nu.xlsx"
        duree_export = mediane(
            lambda: ecrire_classeur(dossier, evaluation, cible, remplacer=True), REPETITIONS
        )
        taille = cible.stat().st_size
        duree_nu = mediane(lambda: classeur_nu(nombre, nu), REPETITIONS)
    duree_construction = mediane(lambda: construire_classeur(dossier, evaluation), REPETITIONS)
    duree_evaluer = mediane(lambda: evaluer(dossier), REPETITIONS)

    print(f"Python {sys.version.split()[0]}, {sys.platform}")
    print(
        f"\nExporter le classeur d'un dossier de {nombre} ESSMS "
        f"({evaluation.nombre_essms_retenus} retenus), médiane de {REPETITIONS}"
    )
    print(f"  ecrire_classeur (construction + écriture)      : {ms(duree_export)}")
    print(f"  dont construction du classeur en mémoire       : {ms(duree_construction)}")
    print(f"  base : classeur nu de {nombre} × {COLONNES} nombres enregistré : {ms(duree_nu)}")
    print(f"  pour information : evaluer seul                : {ms(duree_evaluer)}")
    print(f"  rapport au classeur nu : × {duree_export / duree_nu:.1f}")
    print(f"  taille du fichier : {taille / 1024:.0f} Kio")
    print(f"  cible < 2 s : {verdict(duree_export, CIBLE)}")
    tenue = duree_export < CIBLE
    print("\nCible tenue." if tenue else "\nCible manquée.")
    return 0 if tenue else 1


if __name__ == "__main__":
    sys.exit(main())
