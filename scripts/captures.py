"""Refait les captures de docs/captures/ à partir de la vraie application, telle qu'un
directeur la voit : écran de 1366×768, gestionnaire de fenêtres (barre de titre comprise).

Usage : xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/captures.py
openbox est lancé s'il est installé (sinon la fenêtre n'a pas de cadre) ; les pages du PDF
sont rendues par pdftoppm (poppler-utils) s'il est là.
Une base temporaire reçoit les exemples ; chaque étape, l'aide, la liste des problèmes du
panneau, l'accueil et « À propos » sont capturés.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QTabWidget

from app_bureau.ecrans.application import preparer_application
from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
from app_bureau.navigation import Page
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.operations.documents import Sorties
from app_bureau.operations.exporter import exporter_et_garder_version
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.autodiagnostic.questionnaire import questionnaire

DOSSIER = Path(__file__).resolve().parent.parent / "docs" / "captures"


def attendre(millisecondes: int = 400) -> None:
    """Laisse le gestionnaire de fenêtres et Qt dessiner."""
    fin = time.monotonic() + millisecondes / 1000
    while time.monotonic() < fin:
        QApplication.processEvents()
        time.sleep(0.02)


def capturer(nom: str) -> None:
    """Tout l'écran : la fenêtre avec son cadre, et les menus ou boîtes ouverts dessus."""
    attendre()
    ecran = QGuiApplication.primaryScreen()
    ecran.grabWindow(0).save(str(DOSSIER / f"{nom}.png"))


def pendant_une_boite(action: Callable[[], None], nom: str) -> None:
    """Capture une boîte modale ouverte par `action`, puis la ferme."""

    def capturer_et_fermer() -> None:
        capturer(nom)
        boite = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if boite is not None:
            boite.close()

    QTimer.singleShot(600, capturer_et_fermer)
    action()


def rendre_le_pdf(depot: object, identifiant: int, temporaire: Path) -> None:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm absent : pages du PDF non rendues")
        return
    pdf = temporaire / "grappe.pdf"
    exporter_et_garder_version(depot, identifiant, Sorties(pdf=pdf))  # type: ignore[arg-type]
    for ancienne in DOSSIER.glob("pdf-page-*.png"):
        ancienne.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(DOSSIER / "pdf-page")], check=True
    )
    for page in DOSSIER.glob("pdf-page-*.png"):  # pdftoppm numérote 01, 02… selon le total
        page.rename(page.with_name(f"pdf-page-{int(page.stem.rsplit('-', 1)[1])}.png"))


def main() -> int:
    os.environ["QT_QPA_PLATFORM"] = "xcb"  # l'écran de Xvfb, pas celui « offscreen » des tests
    gestionnaire = subprocess.Popen(["openbox"]) if shutil.which("openbox") else None
    try:
        preparer_application(sys.argv)
        DOSSIER.mkdir(parents=True, exist_ok=True)
        attendre(800)
        with tempfile.TemporaryDirectory() as nom_temporaire:
            temporaire = Path(nom_temporaire)
            depot = ouvrir_depot(temporaire / "captures.sqlite")
            reglages = QSettings(str(temporaire / "reglages.ini"), QSettings.Format.IniFormat)
            fenetre = FenetrePrincipale(depot, reglages)
            fenetre.show()
            fenetre.montrer_accueil()
            capturer("12-accueil")

            for nom in ("national-60-essms-conformite", "domicile-20-services-confort"):
                depot.importer(Path(str(ressource("exemples", f"{nom}.json"))))
            identifiant = depot.importer(
                Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))
            )
            # Quelques réponses d'autodiagnostic, pour montrer la page en cours de saisie.
            enregistre = depot.charger(identifiant)
            premier = enregistre.dossier.organismes[0].id
            for rang, question in enumerate(questionnaire().questions_de("directeur")[:12]):
                enregistre.dossier.repondre(premier, question.id, rang % 5)
            depot.enregistrer(identifiant, enregistre.dossier, enregistre.revision)
            fenetre.montrer_liste()
            fenetre.liste.rafraichir()
            capturer("00-dossiers")

            fenetre.ouvrir(identifiant)
            assistant = fenetre.assistant
            assert assistant is not None
            for page in Page:
                assistant.aller_a(page)
                capturer(f"{page.value + 1:02d}-{page.name.lower()}")
            autodiagnostic = assistant.pages[Page.AUTODIAGNOSTIC]
            assistant.aller_a(Page.AUTODIAGNOSTIC)
            autodiagnostic.findChild(QTabWidget).setCurrentIndex(1)
            capturer("11-autodiagnostic-radar")

            assistant.aller_a(Page.ETABLISSEMENTS)
            assistant.montrer_aide(True)
            capturer("09-aide")
            assistant.montrer_aide(False)

            # Un SIRET mal recopié : la liste des problèmes du panneau en montre la suite.
            siret = assistant.pages[Page.PORTEUR].champs["porteur.siret"]
            bon = siret.text()
            for texte in ("73282932000075", bon):
                assistant.aller_a(Page.PORTEUR)
                siret.setText(texte)
                siret.textEdited.emit(texte)
                if texte != bon:
                    assistant.aller_a(Page.ELIGIBILITE)
                    QTimer.singleShot(300, assistant.panneau.montrer_problemes)
                    capturer("14-panneau-problemes")
                    if (menu := QApplication.activePopupWidget()) is not None:
                        menu.close()

            pendant_une_boite(fenetre.montrer_a_propos, "13-a-propos")
            attendre(800)
            rendre_le_pdf(depot, identifiant, temporaire)
            fenetre.close()
            depot.db.close()
    finally:
        if gestionnaire is not None:
            gestionnaire.terminate()
    print(f"Captures écrites dans {DOSSIER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
