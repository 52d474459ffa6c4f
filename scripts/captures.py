"""Refait les captures de docs/captures/ à partir de la vraie application, telle qu'un
directeur la voit : écran de 1366×768, gestionnaire de fenêtres (barre de titre comprise).

Usage : xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/captures.py
openbox est lancé s'il est installé (sinon la fenêtre n'a pas de cadre) ; les pages du PDF
sont rendues par pdftoppm (poppler-utils) s'il est là.
Une base temporaire reçoit les exemples ; chaque étape, l'aide, la liste des problèmes du
panneau, l'accueil et « À propos » sont capturés ; puis une copie de l'exemple des 9 EHPAD,
financée (convention, dix mois de mesures, factures) : l'étape « Suivi » et la première page
de son bilan d'usage.
"""

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QTabWidget

from app_bureau.ecrans.application import preparer_application
from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
from app_bureau.ecrans.page_suivi import GRAPPE, MESURES
from app_bureau.modele import Depense, Dossier, Mesure, RubriqueFinancement
from app_bureau.navigation import Page
from app_bureau.operations.bilan import SortiesBilan, ecrire_bilan, evaluer_pour_le_bilan
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.operations.documents import Sorties
from app_bureau.operations.exporter import exporter_et_garder_version
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.autodiagnostic.questionnaire import questionnaire
from app_bureau.regles.calendrier import date_du_jour
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.suivi import suivi_prerempli

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


def financer(dossier: Dossier) -> None:
    """Le dossier financé il y a onze mois : convention, avance, mesures mensuelles depuis la
    première due (deux ESSMS encore sous la cible DMP, un sans sa dernière mesure, un qui n'a
    rien mesuré), une facture par mois."""
    jour = date_du_jour()
    rang_debut = jour.year * 12 + jour.month - 1 - 11
    debut = datetime.date(rang_debut // 12, rang_debut % 12 + 1, 1)
    dossier.nom = f"{dossier.nom} (financé)"
    suivi = suivi_prerempli(dossier, evaluer(dossier))
    convention = suivi.convention
    convention.signee_le = debut - datetime.timedelta(days=20)
    convention.debut_projet = debut
    convention.avance_recue_le = debut + datetime.timedelta(days=10)
    convention.avance_montant = (convention.montant_total or Decimal(0)) / 2
    for i, montant in enumerate(convention.montants[:-1]):
        mois_mesures = 9 if i != 4 else 8  # le 5e ESSMS n'a pas sa dernière mesure
        for rang in range(mois_mesures):
            total = rang_debut + 2 + rang  # la première mesure : le 3e mois
            mois = datetime.date(total // 12, total % 12 + 1, 1)
            personnes = 70 + 3 * i
            progres = min(rang * 4, 24)
            retard = 10 if i in (2, 6) else 0  # sous la cible DMP
            actifs = personnes * (68 + progres) // 100
            suivi.mesures.append(
                Mesure(
                    montant.finess,
                    mois,
                    personnes,
                    personnes * (50 + progres) // 100,
                    personnes * (48 + progres - retard) // 100,
                    actifs,
                    actifs * (80 + progres // 2) // 100,
                    actifs * (82 + progres // 2) // 100,
                )
            )
    rubriques = list(RubriqueFinancement)
    for rang in range(10):
        total = rang_debut + rang
        suivi.depenses.append(
            Depense(
                datetime.date(total // 12, total % 12 + 1, 5),
                ("Éditeur du DUI", "AMOA Conseil", "Intégrateur réseau")[rang % 3],
                ("Licences et paramétrage", "Accompagnement", "Postes et bornes wifi")[rang % 3],
                Decimal(6500 + 850 * rang) + Decimal("0.40"),
                rubriques[rang % len(rubriques)],
                convention.montants[rang % len(convention.montants)].finess,
            )
        )
    suivi.preuves_gardees = ["convention", "factures"]
    dossier.suivi = suivi


def capturer_le_suivi(fenetre: FenetrePrincipale, depot: object, identifiant: int) -> None:
    fenetre.ouvrir(identifiant)
    assistant = fenetre.assistant
    assert assistant is not None
    page = assistant.pages[Page.SUIVI]
    assistant.aller_a(Page.SUIVI)
    page.onglets.setCurrentIndex(GRAPPE)  # type: ignore[attr-defined]
    capturer("suivi")
    page.onglets.setCurrentIndex(MESURES)  # type: ignore[attr-defined]
    capturer("suivi-mesures")


def rendre_le_bilan(depot: object, identifiant: int, temporaire: Path) -> None:
    if shutil.which("pdftoppm") is None:
        return
    dossier = depot.charger(identifiant).dossier  # type: ignore[attr-defined]
    evaluation, resultat = evaluer_pour_le_bilan(dossier)
    assert resultat is not None
    pdf = temporaire / "bilan.pdf"
    ecrire_bilan(dossier, evaluation, resultat, SortiesBilan(pdf=pdf))
    sortie = DOSSIER / "bilan-usage-pdf"
    commande = ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*commande, str(pdf), str(sortie)], check=True)


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
            grappe = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))
            finance = depot.importer(grappe)
            enregistre = depot.charger(finance)
            financer(enregistre.dossier)
            depot.enregistrer(finance, enregistre.dossier, enregistre.revision)
            identifiant = depot.importer(grappe)
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
            for page in assistant.visibles():  # « Suivi » : plus bas, un dossier financé
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
            capturer_le_suivi(fenetre, depot, finance)
            rendre_le_bilan(depot, finance, temporaire)
            fenetre.close()
            depot.db.close()
    finally:
        if gestionnaire is not None:
            gestionnaire.terminate()
    print(f"Captures écrites dans {DOSSIER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
