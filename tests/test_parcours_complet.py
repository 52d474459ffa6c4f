"""D'un dossier vierge à la page Financement, comme un directeur : une grappe de 15 EHPAD
de deux petits organismes gestionnaires, saisie au clavier et à la souris. Les montants
affichés sont ceux de `app-bureau estimer --json` sur le fichier exporté."""

import json
import subprocess
import sys
from decimal import Decimal

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from stdnum import luhn

from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
from app_bureau.ecrans.page_etablissements import DialogueCollage
from app_bureau.ecrans.page_organismes import COLONNE_TAILLE
from app_bureau.formats import euros
from app_bureau.navigation import Page
from app_bureau.operations.depot import ouvrir_depot


def finess(debut: str) -> str:
    return debut + luhn.calc_check_digit(debut)


def saisir(qtbot, champ, texte: str) -> None:  # type: ignore[no-untyped-def]
    """Au clavier pour l'ASCII ; les accents sont posés directement (keyClicks les refuse)."""
    champ.setFocus()
    if texte.isascii():
        qtbot.keyClicks(champ, texte)
    else:
        champ.setText(texte)
        champ.textEdited.emit(texte)


def suivant(qtbot, fenetre: FenetrePrincipale) -> None:  # type: ignore[no-untyped-def]
    assert fenetre.assistant is not None
    qtbot.mouseClick(fenetre.assistant.suivante, Qt.MouseButton.LeftButton)


def test_une_grappe_de_15_ehpad_du_dossier_vierge_au_financement(
    qtbot, application_fr, tmp_path, monkeypatch
) -> None:
    depot = ouvrir_depot(tmp_path / "base.sqlite")
    reglages = QSettings(str(tmp_path / "r.ini"), QSettings.Format.IniFormat)
    fenetre = FenetrePrincipale(depot, reglages)
    qtbot.addWidget(fenetre)
    fenetre.show()
    nouveau = next(b for b in fenetre.findChildren(QPushButton) if b.text() == "&Nouveau dossier")
    qtbot.mouseClick(nouveau, Qt.MouseButton.LeftButton)
    assistant = fenetre.assistant
    assert assistant is not None

    # Porteur
    porteur = assistant.pages[Page.PORTEUR]
    porteur.champs["nom"].clear()
    saisir(qtbot, porteur.champs["nom"], "Grappe des EHPAD de la vallée de la Rance")
    saisir(qtbot, porteur.champs["porteur.raison_sociale"], "Association Les Tilleuls")
    saisir(qtbot, porteur.champs["porteur.siret"], "73282932000074")
    saisir(qtbot, porteur.champs["porteur.contact.email"], "direction@tilleuls.example.fr")
    suivant(qtbot, fenetre)

    # Organismes : le premier existe déjà, on ajoute le second.
    organismes = assistant.pages[Page.ORGANISMES]
    assert assistant.page_courante() is Page.ORGANISMES
    ajouter = next(b for b in organismes.findChildren(QPushButton) if "Ajouter" in b.text())
    qtbot.mouseClick(ajouter, Qt.MouseButton.LeftButton)
    for ligne, (nom, departement, geres) in enumerate(
        [("Association Les Tilleuls", "35", "8"), ("Les Chenes", "22", "7")]
    ):
        for colonne, valeur in ((0, nom), (1, "73282932000074"), (3, departement), (4, geres)):
            organismes.table.item(ligne, colonne).setText(valeur)
    assert [organismes.table.item(ligne, COLONNE_TAILLE).text() for ligne in range(2)] == [
        "oui",
        "oui",
    ]
    suivant(qtbot, fenetre)

    # Établissements : deux collages depuis un tableur, un par organisme.
    etablissements = assistant.pages[Page.ETABLISSEMENTS]
    choix = iter([0, 1])

    def accepter(dialogue: DialogueCollage) -> QDialog.DialogCode:
        dialogue.organisme.setCurrentIndex(next(choix))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DialogueCollage, "exec", accepter)
    for debut, nombre, departement in ((0, 8, "35"), (8, 7, "22")):
        lignes = [
            f"{finess(f'{departement}00{i:04d}')}\tEHPAD {i + 1}\t500\tPersonnes âgées\t"
            f"Acquisition\t100 %\t\toui"
            for i in range(debut, debut + nombre)
        ]
        QApplication.clipboard().setText("\n".join(lignes) + "\n")
        etablissements.table.setFocus()
        qtbot.keyClick(etablissements.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert etablissements.modele.rowCount() == 15
    suivant(qtbot, fenetre)

    # Solution et financements spécifiques
    solution = assistant.pages[Page.SOLUTION]
    saisir(qtbot, solution.champs["solution.editeur"], "Editeur Rance")
    saisir(qtbot, solution.champs["solution.logiciel"], "DUI Rance 3")
    for chemin in (
        "solution.referencee_segur",
        "solution.referencee_sad",
        "financements_specifiques.amoa_marche",
        "financements_specifiques.amoa_projet",
    ):
        solution.champs[chemin].setFocus()
        qtbot.keyClick(solution.champs[chemin], Qt.Key.Key_Space)
    suivant(qtbot, fenetre)
    suivant(qtbot, fenetre)
    assert assistant.page_courante() is Page.ELIGIBILITE
    assert assistant.session.evaluation.recevable
    suivant(qtbot, fenetre)
    assert assistant.page_courante() is Page.FINANCEMENT

    # Ce que montre l'écran = ce que dit la ligne de commande sur le fichier exporté.
    fichier = tmp_path / "grappe.json"
    fichier.write_text(depot.exporter(assistant.session.identifiant), encoding="utf-8")
    sortie = subprocess.run(
        [sys.executable, "-m", "app_bureau", "estimer", "--json", str(fichier)],
        capture_output=True,
        text=True,
        check=True,
    )
    attendu = json.loads(sortie.stdout, parse_float=Decimal)
    totaux = attendu["totaux"]
    assert Decimal(totaux["total"]) == 15 * (7000 + 14500 + 20000) + 15000 + 100000
    financement = assistant.pages[Page.FINANCEMENT]
    for cle in ("moa", "editeur", "equipement", "amoa_marche", "amoa_projet", "total"):
        assert financement.totaux_affiches[cle].text() == euros(Decimal(totaux[cle]))
    for cle in ("avance", "solde"):
        attendu_versement = euros(Decimal(attendu["versements"][cle]))
        assert financement.totaux_affiches[cle].text() == attendu_versement
    assert assistant.panneau.total.text() == euros(Decimal(totaux["total"]))
    assert assistant.panneau.retenus.text() == "15"
    assert assistant.session.saisies == {}, assistant.session.saisies
    assert assistant.panneau.bloquants.text() == "0"
    depot.db.close()
