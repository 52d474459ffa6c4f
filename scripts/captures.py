"""Refait les captures d'écran de docs/captures/ à partir de la vraie application.

Usage (sous Xvfb) : xvfb-run -a .venv/bin/python scripts/captures.py
Une base temporaire reçoit l'exemple des 9 EHPAD ; chaque page de l'assistant est capturée.
"""

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app_bureau.ecrans.application import preparer_application
from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
from app_bureau.navigation import Page
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.autodiagnostic.questionnaire import questionnaire

DOSSIER = Path(__file__).resolve().parent.parent / "docs" / "captures"


def capturer(fenetre: FenetrePrincipale, nom: str) -> None:
    QApplication.processEvents()
    fenetre.grab().save(str(DOSSIER / f"{nom}.png"))


def main() -> int:
    preparer_application(sys.argv)
    DOSSIER.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporaire:
        depot = ouvrir_depot(Path(temporaire) / "captures.sqlite")
        for nom in ("national-60-essms-conformite", "domicile-20-services-confort"):
            depot.importer(Path(str(ressource("exemples", f"{nom}.json"))))
        reglages = QSettings(str(Path(temporaire) / "reglages.ini"), QSettings.Format.IniFormat)
        fenetre = FenetrePrincipale(depot, reglages)
        fenetre.resize(1280, 800)
        fenetre.show()
        identifiant = depot.importer(
            Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))
        )
        # Quelques réponses d'autodiagnostic, pour montrer la page en cours de saisie.
        enregistre = depot.charger(identifiant)
        premier = enregistre.dossier.organismes[0].id
        for rang, question in enumerate(questionnaire().questions_de("directeur")[:12]):
            enregistre.dossier.repondre(premier, question.id, rang % 5)
        depot.enregistrer(identifiant, enregistre.dossier, enregistre.revision)
        fenetre.ouvrir(identifiant)
        assert fenetre.assistant is not None
        for page in Page:
            fenetre.assistant.aller_a(page)
            capturer(fenetre, f"{page.value + 1:02d}-{page.name.lower()}")
        fenetre.montrer_liste()
        capturer(fenetre, "00-dossiers")
        depot.db.close()
    print(f"Captures écrites dans {DOSSIER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
