"""Passer d'une étape à l'autre sur un dossier de 2 000 ESSMS, jusqu'à l'écran.

Usage : python benchmarks/bench_etapes.py

Le dossier de 2 000 ESSMS de `bench_estimer.dossier_geant` est ouvert dans le vrai dossier
(`ecrans.assistant.Assistant`, plateforme Qt « offscreen »). Pour chaque étape, on mesure
l'aller vers elle depuis l'étape précédente, jusqu'à la peinture de la fenêtre
(`repaint` puis traitement des événements) : médiane de 9 passages. Base, dans la même
exécution : la même bascule entre deux widgets vides d'un `QStackedWidget` de même taille.
Cible : chaque étape < 100 ms. Code de sortie 1 si la cible n'est pas tenue.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_estimer import dossier_geant
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from app_bureau.ecrans.application import preparer_application
from app_bureau.ecrans.assistant import Assistant
from app_bureau.ecrans.session import SessionDossier
from app_bureau.fichier.dossier import lire_dossier
from app_bureau.navigation import TITRES, Page
from app_bureau.operations.depot import ouvrir_depot

CIBLE_MS = 100.0
REPETITIONS = 9


def mesurer(afficher: QWidget, basculer) -> float:  # type: ignore[no-untyped-def]
    application = QApplication.instance()
    debut = time.perf_counter()
    basculer()
    afficher.repaint()
    application.processEvents()
    return (time.perf_counter() - debut) * 1000


def main() -> int:
    application = preparer_application([])
    dossier = lire_dossier(dossier_geant(2000))
    with tempfile.TemporaryDirectory() as temporaire:
        depot = ouvrir_depot(Path(temporaire) / "b.sqlite")
        session = SessionDossier(depot, depot.creer(dossier))
        assistant = Assistant(session)
        assistant.resize(1366, 740)
        assistant.show()
        application.processEvents()

        pile = QStackedWidget()
        pile.addWidget(QWidget())
        pile.addWidget(QWidget())
        pile.resize(1366, 740)
        pile.show()
        application.processEvents()
        base = statistics.median(
            mesurer(pile, lambda i=i: pile.setCurrentIndex(i % 2)) for i in range(REPETITIONS * 2)
        )

        durees: dict[Page, float] = {}
        for page in Page:
            mesures = []
            for _ in range(REPETITIONS):
                assistant.aller_a(Page((page - 1) % len(Page)))
                application.processEvents()
                mesures.append(mesurer(assistant, lambda p=page: assistant.aller_a(p)))
            durees[page] = statistics.median(mesures)
        depot.db.close()

    print(f"Python {sys.version.split()[0]}, {sys.platform}, plateforme Qt offscreen")
    print(f"Aller à une étape, dossier de 2 000 ESSMS, médiane de {REPETITIONS} passages")
    print(f"  base : bascule de deux widgets vides       : {base:7.1f} ms")
    for page, duree in durees.items():
        print(f"  {TITRES[page]:<40} : {duree:7.1f} ms  (× {duree / base:.0f} la base)")
    pire = max(durees.values())
    verdict = "OK" if pire < CIBLE_MS else "TROP LENT"
    print(f"  pire étape : {pire:.1f} ms (cible < {CIBLE_MS:.0f} ms) : {verdict}")
    return 0 if pire < CIBLE_MS else 1


if __name__ == "__main__":
    sys.exit(main())
