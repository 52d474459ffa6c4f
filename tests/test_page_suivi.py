"""Le parcours du suivi dans la vraie fenêtre : le dossier devient financé, la convention se
corrige, trois mois de mesures de deux ESSMS se collent depuis un tableur, l'état de la grappe
et le solde projeté changent, le bilan d'usage s'écrit ; la liste des dossiers dit l'état.

Instruction 2022/34, annexe 3 : une mesure par mois, la première après trois mois ; annexe
2 F : le solde n'est versé que si « tous les ESSMS participant au projet atteignent » les
cibles, sinon l'ARS le module."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from app_bureau.ecrans.debut_suivi import EncadreFinance
from app_bureau.ecrans.dialogue_mesures import DialogueMesures
from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
from app_bureau.ecrans.liste_dossiers import COLONNES
from app_bureau.ecrans.page_suivi import GRAPPE, MESURES, PageSuivi
from app_bureau.ecrans.suivi_tableaux import REFUSE
from app_bureau.formats import euros, pourcentage
from app_bureau.libelles import ETATS_SUIVI
from app_bureau.modele import EtatCible, EtatSuivi, Mesure
from app_bureau.navigation import Page
from app_bureau.regles.calendrier import VARIABLE_DATE
from tests.conftest import exemple

J = datetime.date
A, B = "350012001", "350012019"  # deux des 9 EHPAD de l'exemple
JOUR = "2025-06-10"  # mars, avril et mai 2025 sont dus (début le 1er janvier 2025)


def mesures_collees(*finess: str) -> str:
    """Trois mois de mesures, comme copiées d'un tableur (titres, colonnes dans le désordre,
    une colonne de noms non lue) : toutes les cibles atteintes."""
    lignes = [
        "Établissement\tFINESS\tMois\tPersonnes accompagnées\tMessages MSSanté\tDMP alimentés\t"
        "Dossiers actifs\tDossiers actifs avec un projet personnalisé\t"
        "Dossiers actifs avec un événement d'agenda"
    ]
    for f in finess:
        for mois in ("03/2025", "04/2025", "05/2025"):
            lignes.append(f"EHPAD\t{f}\t{mois}\t80\t60\t57\t76\t70\t72")
    return "\n".join(lignes) + "\n"


def repondre_oui(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Tient lieu de la question « Le projet est financé » (une boîte de Qt) : répond Oui."""
    questions: list[str] = []

    def question(_parent, titre, *_reste):  # type: ignore[no-untyped-def]
        questions.append(titre)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return questions


def valider_l_apercu(qtbot, attendu: Callable[[DialogueMesures], None]) -> None:  # type: ignore[no-untyped-def]
    """Quand l'aperçu du collage s'ouvre (modal), le vérifier puis cliquer « Ajouter »."""

    def agir() -> None:
        dialogue = QApplication.activeModalWidget()
        if not isinstance(dialogue, DialogueMesures):
            QTimer.singleShot(20, agir)
            return
        attendu(dialogue)
        qtbot.mouseClick(dialogue.bouton_ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, agir)


def taper(qtbot, champ: QLineEdit, texte: str) -> None:  # type: ignore[no-untyped-def]
    champ.setFocus()
    champ.selectAll()
    qtbot.keyClicks(champ, texte)
    qtbot.keyClick(champ, Qt.Key.Key_Tab)


@pytest.fixture
def fenetre(qtbot, ouvrir_fenetre, monkeypatch) -> FenetrePrincipale:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(VARIABLE_DATE, JOUR)
    fenetre = ouvrir_fenetre()
    fenetre.resize(1366, 768)
    fenetre.liste.importer_fichier(exemple())
    assert fenetre.assistant is not None
    return fenetre


def test_du_dossier_finance_au_bilan_d_usage(qtbot, fenetre, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assistant = fenetre.assistant
    session = assistant.session
    assert assistant.liste.isRowHidden(Page.SUIVI)  # pas encore financé : pas d'étape Suivi

    # 1. Étape Documents : « Le projet est financé : suivre l'usage… ».
    questions = repondre_oui(monkeypatch)
    assistant.aller_a(Page.DOCUMENTS)
    encadre = assistant.findChild(EncadreFinance)
    qtbot.mouseClick(encadre.bouton, Qt.MouseButton.LeftButton)
    assert questions == ["Le projet est financé"]
    assert assistant.page_courante() is Page.SUIVI and not assistant.liste.isRowHidden(Page.SUIVI)
    page = assistant.pages[Page.SUIVI]
    assert isinstance(page, PageSuivi)
    convention = session.dossier.suivi.convention
    assert len(convention.montants) == 9  # préremplie d'après l'estimation
    assert convention.montant_total == session.evaluation.totaux.total

    # 2. La convention : début du projet, montant notifié corrigé (les chiffres de l'ARS).
    taper(qtbot, page.champs["suivi.convention.debut_projet"], "01/01/2025")
    assert convention.debut_projet == J(2025, 1, 1)
    colonne = next(
        i for i, c in enumerate(page.modele_montants.colonnes) if c.attribut == "montant"
    )
    assert page.modele_montants.setData(page.modele_montants.index(0, colonne), "30 000")
    assert convention.montants[0].montant == Decimal(30000)

    # 3. Rien n'est mesuré : les 9 ESSMS retiennent le solde (mars manque).
    avant = session.suivi
    assert avant.etat is EtatSuivi.EN_COURS
    part_solde = session.evaluation.parametres["versements.solde"].valeur  # 50 %
    assert len(avant.retiennent_le_solde) == 9
    # En jeu : la part « solde » des montants notifiés des ESSMS qui retiennent le solde.
    notifies = sum((m.montant for m in convention.montants), Decimal(0))
    assert avant.montant_en_jeu == notifies * part_solde
    assert "9 ESSMS sur 9 retiennent le solde" in page.verdict.text()
    assert euros(avant.montant_en_jeu).replace("\u202f", "\u00a0") in page.solde.text()

    # 4. Trois mois de deux ESSMS, collés (Ctrl+V dans le tableau), aperçu puis ajout.
    page.onglets.setCurrentIndex(MESURES)
    QApplication.clipboard().setText(mesures_collees(A, B))
    lus: list[int] = []
    valider_l_apercu(qtbot, lambda d: lus.append(len(d.lecture.valides)))
    page.mesures.setFocus()
    qtbot.keyClick(page.mesures, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert lus == [6]
    assert page.modele_mesures.rowCount() == 6
    assert session.dossier.suivi.mesures[0] == Mesure(A, J(2025, 3, 1), 80, 60, 57, 76, 70, 72)
    # Les taux se calculent des comptes : 60 / 80 = 75 %.
    assert page.modele_mesures.index(
        0, len(page.modele_mesures.colonnes) - 5
    ).data() == pourcentage(Decimal("0.75"))

    # 5. L'état et le solde projeté ont changé : A et B atteignent leurs cibles.
    apres = session.suivi
    etats = {e.finess: e.etat for e in apres.essms}
    assert etats[A] is etats[B] is EtatCible.ATTEINTE
    assert len(apres.retiennent_le_solde) == 7
    notifies = sum((e.montant_notifie for e in avant.essms if e.finess in (A, B)), Decimal(0))
    assert apres.montant_en_jeu == avant.montant_en_jeu - notifies * part_solde
    assert apres.solde_maximal == avant.solde_maximal  # le maximum ne bouge pas
    assert "7 ESSMS sur 9 retiennent le solde" in page.verdict.text()
    assert euros(apres.montant_en_jeu).replace("\u202f", "\u00a0") in page.solde.text()
    assert page.modele_etats.rowCount() == 9
    # La frise et la courbe se dessinent (un peintre laissé actif ferait planter Qt).
    page.onglets.setCurrentIndex(GRAPPE)
    page.choix_essms.setCurrentIndex(page.choix_essms.findData(A))
    for dessin in (page.frise, page.courbe):
        assert not dessin.grab().isNull()
    assert "Aujourd'hui : 10/06/2025" in page.frise.toolTip()
    assert "mai 2025 : 75" in page.courbe.toolTip()

    # 6. Ctrl+Z retire le collage ; Ctrl+Y le rend.
    session.pile.undo()
    assert session.dossier.suivi.mesures == [] and len(session.suivi.retiennent_le_solde) == 9
    session.pile.redo()
    assert len(session.dossier.suivi.mesures) == 6

    # 7. Le bilan d'usage pour l'ARS, écrit en fond ; une version est gardée.
    versions = len(session.depot.versions(session.identifiant))
    bilan = tmp_path / "bilan.pdf"
    page.exporter_vers("pdf", bilan)
    qtbot.waitUntil(lambda: page.bouton_pdf.isEnabled(), timeout=20000)
    assert bilan.read_bytes().startswith(b"%PDF"), page.resultat_export.text()
    assert page.resultat_export.text() == f"Écrit : {bilan}"
    assert len(session.depot.versions(session.identifiant)) == versions + 1
    classeur = tmp_path / "suivi.xlsx"
    page.exporter_vers("classeur", classeur)
    qtbot.waitUntil(lambda: page.bouton_classeur.isEnabled(), timeout=20000)
    assert classeur.stat().st_size > 0

    # 8. La liste des dossiers dit l'état du projet financé.
    fenetre.montrer_liste()
    table = fenetre.liste.table
    colonne_suivi = COLONNES.index("Suivi")
    assert table.item(0, colonne_suivi).text() == (
        f"{ETATS_SUIVI[EtatSuivi.EN_COURS].symbole} {ETATS_SUIVI[EtatSuivi.EN_COURS].libelle}"
    )


def test_un_collage_en_erreur_n_ajoute_rien(qtbot, fenetre, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assistant = fenetre.assistant
    repondre_oui(monkeypatch)
    assistant.aller_a(Page.DOCUMENTS)
    qtbot.mouseClick(assistant.findChild(EncadreFinance).bouton, Qt.MouseButton.LeftButton)
    page = assistant.pages[Page.SUIVI]
    taper(qtbot, page.champs["suivi.convention.debut_projet"], "01/01/2025")
    # DMP alimentés 90 > 80 personnes accompagnées ; un mois avant le début du projet.
    texte = f"{A}\t03/2025\t80\t60\t90\t76\t70\t72\n{B}\t12/2024\t80\t60\t57\t76\t70\t72\n"
    QApplication.clipboard().setText(texte)
    vus: list[tuple[bool, str, str]] = []

    def regarder(dialogue: DialogueMesures) -> None:
        vus.append(
            (
                dialogue.bouton_ok.isEnabled(),
                dialogue.lignes.item(0, 4).text(),
                dialogue.lignes.item(1, 4).text(),
            )
        )
        dialogue.reject()

    def agir() -> None:
        dialogue = QApplication.activeModalWidget()
        if not isinstance(dialogue, DialogueMesures):
            QTimer.singleShot(20, agir)
            return
        regarder(dialogue)

    QTimer.singleShot(0, agir)
    qtbot.mouseClick(page.bouton_coller, Qt.MouseButton.LeftButton)
    [(ok, premiere, seconde)] = vus
    assert not ok
    assert premiere.startswith("×") and "DMP alimentés" in premiere
    assert seconde.startswith("×") and "avant le début du projet" in seconde
    assert assistant.session.dossier.suivi.mesures == []


def test_une_case_refusee_reste_affichee_avec_sa_raison(qtbot, fenetre, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assistant = fenetre.assistant
    repondre_oui(monkeypatch)
    assistant.aller_a(Page.DOCUMENTS)
    qtbot.mouseClick(assistant.findChild(EncadreFinance).bouton, Qt.MouseButton.LeftButton)
    page = assistant.pages[Page.SUIVI]
    taper(qtbot, page.champs["suivi.convention.debut_projet"], "01/01/2025")
    session = assistant.session
    # « Ajouter le mois : mars 2025 » : une ligne à zéro par ESSMS, à remplir.
    qtbot.mouseClick(page.bouton_mois, Qt.MouseButton.LeftButton)
    assert len(session.dossier.suivi.mesures) == 9
    modele = page.modele_mesures
    colonne = next(i for i, c in enumerate(modele.colonnes) if c.attribut == "dmp_alimentes")
    assert modele.setData(modele.index(0, 2), "80")  # personnes accompagnées
    assert modele.setData(modele.index(0, colonne), "95")  # 95 DMP pour 80 personnes
    chemin = "suivi.mesures[0].dmp_alimentes"
    assert session.saisies[chemin].texte == "95"  # gardé, en rouge, jusqu'à correction
    assert "DMP alimentés" in page.erreur_mesures.text()
    assert session.dossier.suivi.mesures[0].dmp_alimentes == 0  # le dossier reste juste
    assert modele.index(0, colonne).data() == f"{REFUSE} 95"  # le signe, pas la couleur seule
    assert modele.setData(modele.index(0, colonne), "60")
    assert chemin not in session.saisies and session.dossier.suivi.mesures[0].dmp_alimentes == 60
