"""Démarrage à froid jusqu'à la première fenêtre, comparé à une fenêtre Qt nue de même taille.

Usage : python benchmarks/bench_demarrage.py

Chaque mesure lance un nouveau processus Python (plateforme Qt « offscreen ») qui construit sa
fenêtre, l'affiche, traite les événements en attente puis s'arrête. On chronomètre le
processus entier, médiane de 7 :
- base : `QApplication` + une `QMainWindow` vide, agrandie à l'écran comme l'application au
  premier lancement ;
- application : comme `ecrans.application.lancer`, `preparer_application` et la fenêtre
  principale affichée (la base s'ouvre juste après, dans la boucle d'événements) ;
- pour information : la même chose jusqu'à la liste des dossiers remplie (base SQLite créée
  dans un dossier temporaire).
Cible : application < 1,5 × base. Code de sortie 1 si la cible n'est pas tenue.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

FENETRE_NUE = """
from PySide6.QtWidgets import QApplication, QMainWindow
application = QApplication([])
fenetre = QMainWindow()
fenetre.showMaximized()
application.processEvents()
"""

APPLICATION = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from app_bureau.ecrans.application import preparer_application
from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
application = preparer_application([])
dossier = Path(sys.argv[1])
fenetre = FenetrePrincipale(reglages=QSettings(str(dossier / "r.ini"), QSettings.Format.IniFormat))
fenetre.show()
application.processEvents()
if sys.argv[2] == "liste":
    from app_bureau.operations.depot import ouvrir_depot
    fenetre.brancher(ouvrir_depot(dossier / "base.sqlite"))
    application.processEvents()
    fenetre.depot.db.close()
"""


def mediane_processus(code: str, *arguments: str, repetitions: int = 7) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    durees = []
    for _ in range(repetitions + 1):
        debut = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *arguments], env=env, check=True)
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees[1:])


def main() -> int:
    with tempfile.TemporaryDirectory() as dossier:
        base = mediane_processus(FENETRE_NUE)
        application = mediane_processus(APPLICATION, dossier, "fenetre")
        liste = mediane_processus(APPLICATION, dossier, "liste")
    rapport = application / base
    print(f"Python {sys.version.split()[0]}, {sys.platform}, plateforme Qt offscreen")
    print("Démarrage à froid jusqu'à la première fenêtre, médiane de 7 processus")
    print(f"  base : QMainWindow nue, agrandie          : {base * 1000:8.1f} ms")
    print(f"  Assistant Grappe, première fenêtre       : {application * 1000:8.1f} ms")
    print(f"  pour information, liste des dossiers     : {liste * 1000:8.1f} ms")
    print(f"  rapport : × {rapport:.2f} (cible < × 1,5) : {'OK' if rapport < 1.5 else 'TROP LENT'}")
    return 0 if rapport < 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
