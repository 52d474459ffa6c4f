"""Revenir sur un dossier et tout corriger (issue « Come back and correct anything »).

Chaque test conduit la vraie fenêtre sur une vraie base, comme un directeur : touches, clics,
fermer puis rouvrir l'application. Un chien de garde fait échouer un test qui ne rend pas la
main à la boucle d'événements dans les 5 secondes (le gel relevé : `aller_a` tournait sans
fin après une réouverture).
"""

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMenu,
    QPushButton,
    QWidget,
)

from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
from app_bureau.ecrans.page_etablissements import DialogueCollage
from app_bureau.modele import Gravite
from app_bureau.modifications import SuppressionEtablissements
from app_bureau.navigation import REFERENCE_SAISIE, Page
from tests.conftest import exemple

SIRET_FAUX = "73282932000075"  # clé de contrôle fausse
SIRET_BON = "73282932000074"


class Gel(Exception):
    pass


@contextmanager
def chien_de_garde(secondes: int = 5) -> Iterator[None]:
    """Échoue si le bloc ne rend pas la main en `secondes` (alarme du système)."""

    def aboyer(*_: object) -> None:
        raise Gel(f"l'application n'a pas rendu la main en {secondes} s")

    ancien = signal.signal(signal.SIGALRM, aboyer)
    signal.alarm(secondes)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, ancien)


def activer(qtbot, fenetre: FenetrePrincipale) -> None:  # type: ignore[no-untyped-def]
    """Les raccourcis (F1, Ctrl+Z…) vont à la fenêtre active, comme à l'écran."""
    fenetre.activateWindow()
    qtbot.waitUntil(fenetre.isActiveWindow, timeout=2000)


def ouvrir_exemple(qtbot, ouvrir_fenetre: Callable[[], FenetrePrincipale]) -> FenetrePrincipale:  # type: ignore[no-untyped-def]
    fenetre = ouvrir_fenetre()
    fenetre.liste.importer_fichier(exemple())
    assert fenetre.assistant is not None
    activer(qtbot, fenetre)
    return fenetre


def relancer(
    qtbot,  # type: ignore[no-untyped-def]
    fenetre: FenetrePrincipale,
    ouvrir_fenetre: Callable[[], FenetrePrincipale],
) -> FenetrePrincipale:
    """Ferme l'application (sa base comprise) et la relance sur la même base."""
    fenetre.close()
    assert fenetre.depot is not None
    fenetre.depot.db.close()
    seconde = ouvrir_fenetre()
    seconde.rouvrir_le_dernier()
    assert seconde.assistant is not None
    activer(qtbot, seconde)
    return seconde


def cliquer_etape(qtbot, fenetre: FenetrePrincipale, page: Page) -> None:  # type: ignore[no-untyped-def]
    assistant = fenetre.assistant
    assert assistant is not None
    rectangle = assistant.liste.visualRect(assistant.etapes.index(page))
    qtbot.mouseClick(assistant.liste.viewport(), Qt.MouseButton.LeftButton, pos=rectangle.center())


def taper(qtbot, champ: QLineEdit, texte: str) -> None:  # type: ignore[no-untyped-def]
    champ.setFocus()
    champ.selectAll()  # le premier caractère tapé remplace tout, comme au clavier
    qtbot.keyClicks(champ, texte)


# --- 1. Échap ne cache rien, et la dernière étape non plus ---------------------------------


def test_echap_ne_cache_jamais_le_dossier(qtbot, ouvrir_fenetre) -> None:
    fenetre = ouvrir_exemple(qtbot, ouvrir_fenetre)
    assistant = fenetre.assistant
    for page in assistant.visibles():  # « Suivi » n'est montrée qu'à un dossier financé
        assistant.aller_a(page)
        qtbot.keyClick(assistant.pages[page], Qt.Key.Key_Escape)
        qtbot.keyClick(fenetre, Qt.Key.Key_Escape)
        assert fenetre.pile.currentWidget() is assistant and assistant.isVisible()
        assert assistant.page_courante() is page and assistant.liste.isVisible()
    # La dernière étape : ni « Terminer », ni porte de sortie ; Suivant est seulement grisé.
    assert not assistant.suivante.isEnabled()
    textes = {b.text().replace("&", "") for b in fenetre.findChildren(QPushButton)}
    assert not {"Terminer", "Finish", "Fermer"} & textes


# --- 2 et 3. Rouvert, le dossier garde toutes ses étapes ; aucun gel ------------------------


def test_rouvert_sur_documents_toutes_les_etapes_restent_accessibles(qtbot, ouvrir_fenetre) -> None:
    fenetre = ouvrir_exemple(qtbot, ouvrir_fenetre)
    fenetre.assistant.aller_a(Page.DOCUMENTS)
    fenetre = relancer(qtbot, fenetre, ouvrir_fenetre)
    assistant = fenetre.assistant
    assert assistant.page_courante() is Page.DOCUMENTS
    assert assistant.precedente.isEnabled()
    with chien_de_garde():
        cliquer_etape(qtbot, fenetre, Page.PORTEUR)
    assert assistant.page_courante() is Page.PORTEUR
    with chien_de_garde():
        qtbot.mouseClick(assistant.suivante, Qt.MouseButton.LeftButton)
    assert assistant.page_courante() is Page.ORGANISMES
    for page in assistant.visibles():  # chaque étape montrée, directement, au clic
        with chien_de_garde():
            cliquer_etape(qtbot, fenetre, page)
        assert assistant.page_courante() is page


def test_un_constat_d_autodiagnostic_mene_a_l_autodiagnostic_sans_gel(
    qtbot, ouvrir_fenetre
) -> None:
    fenetre = ouvrir_exemple(qtbot, ouvrir_fenetre)
    fenetre.assistant.aller_a(Page.ELIGIBILITE)
    fenetre = relancer(qtbot, fenetre, ouvrir_fenetre)
    assistant = fenetre.assistant
    eligibilite = assistant.pages[Page.ELIGIBILITE]
    arbre = eligibilite.liste
    cible = None
    for i in range(arbre.topLevelItemCount()):
        groupe = arbre.topLevelItem(i)
        for j in range(groupe.childCount()):
            if "Fondation Ker Avel remplit l'autodiagnostic" in groupe.child(j).text(0):
                cible = groupe.child(j)
    assert cible is not None
    arbre.scrollToItem(cible)
    with chien_de_garde():
        qtbot.mouseClick(
            arbre.viewport(), Qt.MouseButton.LeftButton, pos=arbre.visualItemRect(cible).center()
        )
        qtbot.wait(50)
    assert assistant.page_courante() is Page.AUTODIAGNOSTIC
    assert assistant.pages[Page.AUTODIAGNOSTIC].organisme == "keravel"


# --- 4. La fenêtre tient dans l'écran --------------------------------------------------------


def test_la_fenetre_tient_dans_l_ecran_disponible(qtbot, application_fr, reglages) -> None:
    disponible = QGuiApplication.primaryScreen().availableGeometry()
    premiere = FenetrePrincipale(None, reglages)
    qtbot.addWidget(premiere)
    assert premiere.windowState() & Qt.WindowState.WindowMaximized  # premier lancement
    assert disponible.contains(premiere.geometry())
    # Une taille gardée plus grande que l'écran (autre écran, mise à l'échelle) n'est pas reprise.
    trop_grande = FenetrePrincipale(None, reglages)
    qtbot.addWidget(trop_grande)
    trop_grande.setWindowState(Qt.WindowState.WindowNoState)
    trop_grande.setGeometry(QRect(QPoint(0, 0), disponible.size() * 2))
    reglages.setValue("fenetre/geometrie", trop_grande.saveGeometry())
    reprise = FenetrePrincipale(None, reglages)
    qtbot.addWidget(reprise)
    assert reprise.windowState() & Qt.WindowState.WindowMaximized
    # Une taille gardée qui tient est reprise telle quelle.
    petite = QRect(disponible.topLeft() + QPoint(40, 60), disponible.size() * 0.6)
    trop_grande.setGeometry(petite)
    reglages.setValue("fenetre/geometrie", trop_grande.saveGeometry())
    gardee = FenetrePrincipale(None, reglages)
    qtbot.addWidget(gardee)
    assert not gardee.windowState() & Qt.WindowState.WindowMaximized
    assert gardee.geometry().size() == petite.size()


def test_l_aide_est_un_volet_qui_defile_pas_une_boite(qtbot, ouvrir_fenetre) -> None:
    fenetre = ouvrir_exemple(qtbot, ouvrir_fenetre)
    assistant = fenetre.assistant
    assistant.aller_a(Page.ELIGIBILITE)
    qtbot.keyClick(assistant, Qt.Key.Key_F1)
    assert assistant.aide.isVisible() and QApplication.activeModalWidget() is None
    assert "Éligibilité" in assistant.aide.toPlainText()
    assert assistant.aide.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    cliquer_etape(qtbot, fenetre, Page.ETABLISSEMENTS)  # l'aide suit l'étape
    assert "Établissements" in assistant.aide.toPlainText()
    qtbot.keyClick(assistant, Qt.Key.Key_F1)
    assert not assistant.aide.isVisible()


# --- 5. Rien de tapé n'est perdu -------------------------------------------------------------


def test_un_siret_refuse_reste_affiche_compte_et_survit_a_la_relance(qtbot, ouvrir_fenetre) -> None:
    fenetre = ouvrir_exemple(qtbot, ouvrir_fenetre)
    assistant = fenetre.assistant
    session = assistant.session
    avant = session.dossier.porteur.siret
    bloquants = int(assistant.panneau.bloquants.text())
    champ = assistant.pages[Page.PORTEUR].champs["porteur.siret"]
    taper(qtbot, champ, SIRET_FAUX)
    assert champ.text() == SIRET_FAUX  # pas effacé
    assert int(assistant.panneau.bloquants.text()) == bloquants + 1
    assert session.dossier.porteur.siret == avant  # le dossier garde la valeur acceptée
    assert fenetre.depot.charger(session.identifiant).dossier.porteur.siret == avant
    [refus] = [a for a in session.constats() if a.reference == REFERENCE_SAISIE]
    assert refus.gravite is Gravite.BLOQUANT and refus.champ == "porteur.siret"
    assert "la clé ne correspond pas : un chiffre est probablement mal recopié" in refus.message

    fenetre = relancer(qtbot, fenetre, ouvrir_fenetre)
    assistant = fenetre.assistant
    champ = assistant.pages[Page.PORTEUR].champs["porteur.siret"]
    assert champ.text() == SIRET_FAUX
    assert int(assistant.panneau.bloquants.text()) == bloquants + 1
    eligibilite = assistant.pages[Page.ELIGIBILITE]
    assert any(
        SIRET_FAUX in eligibilite.liste.topLevelItem(0).child(j).text(0)
        for j in range(eligibilite.liste.topLevelItem(0).childCount())
    )
    taper(qtbot, champ, SIRET_BON)
    assert int(assistant.panneau.bloquants.text()) == bloquants
    assert fenetre.depot.charger(assistant.session.identifiant).dossier.porteur.siret == SIRET_BON
    assert fenetre.depot.saisies(assistant.session.identifiant) == {}


def test_annuler_et_retablir_une_saisie_et_une_suppression(qtbot, ouvrir_fenetre) -> None:
    fenetre = ouvrir_exemple(qtbot, ouvrir_fenetre)
    assistant = fenetre.assistant
    session = assistant.session
    champ = assistant.pages[Page.PORTEUR].champs["porteur.contact.telephone"]
    taper(qtbot, champ, "0299000000")
    assert session.dossier.porteur.contact.telephone == "0299000000"
    assistant.liste.setFocus()
    noms = [e.nom for e in session.dossier.etablissements]
    session.appliquer(SuppressionEtablissements([1, 2]))
    assert len(session.dossier.etablissements) == 7
    assert fenetre.annuler.text() == "Annuler : supprimer 2 établissements"
    qtbot.keyClick(assistant.liste, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [e.nom for e in session.dossier.etablissements] == noms  # chacun à sa place
    assert len(fenetre.depot.charger(session.identifiant).dossier.etablissements) == 9
    qtbot.keyClick(assistant.liste, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(session.dossier.etablissements) == 7
    fenetre.annuler.trigger()
    fenetre.annuler.trigger()  # puis le téléphone
    assert session.dossier.porteur.contact.telephone != "0299000000"
    assert champ.text() == session.dossier.porteur.contact.telephone
    assert fenetre.annuler.shortcuts()[0] == QKeySequence(QKeySequence.StandardKey.Undo)[0]


# --- 7. Le panneau agit ; le titre suit le nom -----------------------------------------------


def test_le_panneau_liste_les_problemes_et_mene_a_chacun(qtbot, ouvrir_fenetre) -> None:
    fenetre = ouvrir_exemple(qtbot, ouvrir_fenetre)
    assistant = fenetre.assistant
    assistant.aller_a(Page.FINANCEMENT)
    assistant.session.changer("porteur.siret", "")
    assert assistant.panneau.bloquants.text() == "1"
    qtbot.mouseClick(assistant.panneau.bloquants, Qt.MouseButton.LeftButton)
    menu = assistant.panneau.menu
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    [action] = [a for a in menu.actions() if a.isEnabled()]
    assert action.text().startswith("SIRET du porteur à indiquer")
    assert action.text().endswith("(Porteur du projet)")
    with chien_de_garde():
        action.trigger()
        qtbot.wait(50)
    assert assistant.page_courante() is Page.PORTEUR
    assert QApplication.focusWidget() is assistant.pages[Page.PORTEUR].champs["porteur.siret"]
    menu.close()


def test_le_titre_de_la_fenetre_suit_le_nom_du_dossier(qtbot, ouvrir_fenetre) -> None:
    fenetre = ouvrir_exemple(qtbot, ouvrir_fenetre)
    champ = fenetre.assistant.pages[Page.PORTEUR].champs["nom"]
    taper(qtbot, champ, "Grappe de la Rance")
    assert fenetre.windowTitle() == "Grappe de la Rance — Assistant Grappe"


# --- Clavier et lecteurs d'écran -------------------------------------------------------------


def nom_accessible(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface else ""


@pytest.mark.parametrize("page", list(Page))
def test_chaque_controle_a_un_nom_accessible(qtbot, ouvrir_fenetre, page: Page) -> None:
    fenetre = ouvrir_exemple(qtbot, ouvrir_fenetre)
    fenetre.assistant.aller_a(page)
    qtbot.wait(10)
    sans_nom = [
        f"{type(w).__name__} {w.objectName()!r} {w.toolTip()[:40]!r}"
        for w in fenetre.assistant.findChildren(QWidget)
        if w.isVisible()
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and isinstance(w, QAbstractButton | QLineEdit | QComboBox | QAbstractItemView)
        and not nom_accessible(w).strip()
    ]
    assert sans_nom == []


def test_toutes_les_etapes_au_clavier(qtbot, ouvrir_fenetre) -> None:
    fenetre = ouvrir_exemple(qtbot, ouvrir_fenetre)
    assistant = fenetre.assistant
    assistant.liste.setFocus()
    qtbot.waitUntil(assistant.liste.hasFocus, timeout=2000)
    for page in assistant.visibles()[1:]:  # les flèches dans la liste des étapes
        qtbot.keyClick(assistant.liste, Qt.Key.Key_Down)
        assert assistant.page_courante() is page
    for page in assistant.visibles():  # les raccourcis Ctrl+1 à Ctrl+8
        qtbot.keyClick(
            assistant, getattr(Qt.Key, f"Key_{page + 1}"), Qt.KeyboardModifier.ControlModifier
        )
        assert assistant.page_courante() is page
    assistant.aller_a(Page.PORTEUR)
    assistant.suivante.setFocus()
    qtbot.keyClick(assistant.suivante, Qt.Key.Key_Space)
    assert assistant.page_courante() is Page.ORGANISMES
    qtbot.keyClick(assistant, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert assistant.page_courante() is Page.ETABLISSEMENTS
    qtbot.keyClick(assistant, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert assistant.page_courante() is Page.ORGANISMES
    # Tab passe de la liste des étapes au premier champ de l'étape.
    assistant.aller_a(Page.PORTEUR)
    assistant.liste.setFocus()
    qtbot.keyClick(assistant.liste, Qt.Key.Key_Tab)
    assert assistant.pages[Page.PORTEUR].isAncestorOf(QApplication.focusWidget())
    assert not isinstance(QApplication.focusWidget(), QMenu)


# --- Le parcours d'un directeur qui revient sur son dossier -----------------------------------


def test_parcours_creer_fermer_rouvrir_corriger_annuler(qtbot, ouvrir_fenetre, monkeypatch) -> None:
    """Créer un dossier, remplir trois étapes, fermer, rouvrir, revenir à la première étape,
    y refuser puis corriger un SIRET, supprimer deux établissements puis annuler, aller d'un
    constat de l'Éligibilité à son champ : sans impasse ni gel."""
    fenetre = ouvrir_fenetre()
    activer(qtbot, fenetre)
    with chien_de_garde():
        bouton = next(
            b for b in fenetre.liste.findChildren(QPushButton) if b.text() == "&Nouveau dossier"
        )
        qtbot.mouseClick(bouton, Qt.MouseButton.LeftButton)
    assistant = fenetre.assistant
    assert assistant is not None and assistant.page_courante() is Page.PORTEUR
    porteur = assistant.pages[Page.PORTEUR]
    taper(qtbot, porteur.champs["porteur.raison_sociale"], "Association Les Tilleuls")
    taper(qtbot, porteur.champs["porteur.siret"], SIRET_BON)
    taper(qtbot, porteur.champs["porteur.contact.email"], "direction@tilleuls.example.fr")
    with chien_de_garde():
        qtbot.mouseClick(assistant.suivante, Qt.MouseButton.LeftButton)
    organismes = assistant.pages[Page.ORGANISMES]
    organismes.table.item(0, 0).setText("Association Les Tilleuls")
    organismes.table.item(0, 3).setText("35")
    with chien_de_garde():
        qtbot.mouseClick(assistant.suivante, Qt.MouseButton.LeftButton)
    assert assistant.page_courante() is Page.ETABLISSEMENTS
    etablissements = assistant.pages[Page.ETABLISSEMENTS]
    colle = "\n".join(
        f"{f}\tEHPAD {i}\t500" for i, f in enumerate(("350012001", "350012019", "350012027"), 1)
    )
    QApplication.clipboard().setText(colle)  # copié depuis un tableur
    monkeypatch.setattr(DialogueCollage, "exec", lambda _: QDialog.DialogCode.Accepted)
    etablissements.coller()
    session = assistant.session
    assert [e.nom for e in session.dossier.etablissements] == ["EHPAD 1", "EHPAD 2", "EHPAD 3"]

    fenetre = relancer(qtbot, fenetre, ouvrir_fenetre)
    assistant = fenetre.assistant
    session = assistant.session
    assert assistant.page_courante() is Page.ETABLISSEMENTS
    with chien_de_garde():
        cliquer_etape(qtbot, fenetre, Page.PORTEUR)
    bloquants = int(assistant.panneau.bloquants.text())
    siret = assistant.pages[Page.PORTEUR].champs["porteur.siret"]
    taper(qtbot, siret, SIRET_FAUX)
    assert int(assistant.panneau.bloquants.text()) == bloquants + 1

    fenetre = relancer(qtbot, fenetre, ouvrir_fenetre)
    assistant = fenetre.assistant
    session = assistant.session
    siret = assistant.pages[Page.PORTEUR].champs["porteur.siret"]
    assert assistant.page_courante() is Page.PORTEUR and siret.text() == SIRET_FAUX
    assert int(assistant.panneau.bloquants.text()) == bloquants + 1
    taper(qtbot, siret, SIRET_BON)
    assert int(assistant.panneau.bloquants.text()) == bloquants

    with chien_de_garde():
        cliquer_etape(qtbot, fenetre, Page.ETABLISSEMENTS)
    session.appliquer(SuppressionEtablissements([0, 2]))
    assert [e.nom for e in session.dossier.etablissements] == ["EHPAD 2"]
    fenetre.annuler.trigger()
    assert [e.nom for e in session.dossier.etablissements] == ["EHPAD 1", "EHPAD 2", "EHPAD 3"]

    session.changer("solution.editeur", "")
    with chien_de_garde():
        cliquer_etape(qtbot, fenetre, Page.ELIGIBILITE)
    arbre = assistant.pages[Page.ELIGIBILITE].liste
    groupe = arbre.topLevelItem(0)
    cible = next(
        groupe.child(j) for j in range(groupe.childCount()) if "Éditeur" in groupe.child(j).text(0)
    )
    with chien_de_garde():
        qtbot.mouseClick(
            arbre.viewport(), Qt.MouseButton.LeftButton, pos=arbre.visualItemRect(cible).center()
        )
        qtbot.wait(50)
    assert assistant.page_courante() is Page.SOLUTION
    assert QApplication.focusWidget() is assistant.pages[Page.SOLUTION].champs["solution.editeur"]


def test_ctrl_z_dans_une_autre_zone_annule_la_derniere_saisie(qtbot, ouvrir_fenetre) -> None:
    """Essai d'un directeur : « XYZ » ajouté à la raison sociale, clic dans « Nom du contact »,
    Ctrl+Z : rien ne se passait (la zone gardait Ctrl+Z pour son historique, vide)."""
    fenetre = ouvrir_exemple(qtbot, ouvrir_fenetre)
    assistant = fenetre.assistant
    session = assistant.session
    page = assistant.pages[Page.PORTEUR]
    avant = session.dossier.porteur.raison_sociale
    raison = page.champs["porteur.raison_sociale"]
    raison.setFocus()
    raison.end(False)
    qtbot.keyClicks(raison, " XYZ")
    assert session.dossier.porteur.raison_sociale == f"{avant} XYZ"
    contact = page.champs["porteur.contact.nom"]
    contact.setFocus()
    qtbot.keyClick(contact, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.dossier.porteur.raison_sociale == avant
    assert raison.text() == avant
    qtbot.keyClick(contact, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert session.dossier.porteur.raison_sociale == f"{avant} XYZ"
    fenetre.annuler.trigger()
    assert fenetre.retablir.text().startswith("Rétablir : ")
    fenetre.retablir.trigger()
    assert fenetre.retablir.text() == "Rétablir"  # plus rien à rétablir : pas « Rétablir : »
