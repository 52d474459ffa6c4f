"""L'accueil du premier lancement et « À propos », sur une vraie base temporaire."""

import datetime
from decimal import Decimal
from importlib.metadata import version

import pytest
from PySide6.QtCore import Qt

from app_bureau import __version__
from app_bureau.ecrans.a_propos import BIBLIOTHEQUES, COLONNES_PARAMETRES
from app_bureau.ecrans.accueil import chemin_exemple
from app_bureau.formats import resume_parametre
from app_bureau.navigation import Page
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.regles.parametres import Parametre, Unite, campagnes, parametres


def test_premier_lancement_accueil_puis_exemple(
    ouvrir_fenetre, qtbot, application_fr, base, reglages
) -> None:
    fenetre = ouvrir_fenetre()
    accueil = fenetre.accueil
    assert accueil is not None and fenetre.pile.currentWidget() is accueil
    assert str(base) in accueil.emplacement.text()
    assert "ESMS numérique" in accueil.presentation.text()

    qtbot.mouseClick(accueil.bouton_exemple, Qt.MouseButton.LeftButton)
    assert fenetre.assistant is not None
    assert fenetre.pile.currentWidget() is fenetre.assistant
    assert fenetre.assistant.panneau.total.text() == "482\u202f000,00\xa0€"
    [resume] = fenetre.depot.lister()
    assert resume.nombre_essms == 9


def test_commencer_un_dossier_depuis_l_accueil(
    ouvrir_fenetre, qtbot, application_fr, base, reglages
) -> None:
    fenetre = ouvrir_fenetre()
    qtbot.mouseClick(fenetre.accueil.bouton_nouveau, Qt.MouseButton.LeftButton)
    assert fenetre.assistant is not None
    assert fenetre.assistant.page_courante() is Page.PORTEUR
    assert [r.nom for r in fenetre.depot.lister()] == ["Nouveau dossier"]


def test_base_avec_des_dossiers_liste_d_abord_accueil_par_le_menu(
    ouvrir_fenetre, qtbot, application_fr, base, reglages
) -> None:
    depot = ouvrir_depot(base)
    depot.importer(chemin_exemple())
    depot.db.close()
    fenetre = ouvrir_fenetre()
    assert fenetre.accueil is None
    assert fenetre.pile.currentWidget() is fenetre.liste

    menu_aide = next(a for a in fenetre.menuBar().actions() if a.text() == "&Aide")
    assert [a.text() for a in menu_aide.menu().actions()] == [
        "&Accueil et premiers pas",
        "À &propos",
    ]
    fenetre.liste.table.selectRow(0)
    fenetre.liste._ouvrir()
    assert fenetre.assistant is not None
    fenetre.action_accueil.trigger()
    assert fenetre.pile.currentWidget() is fenetre.accueil
    assert fenetre.assistant is None and reglages.value("dossier/dernier") is None
    assert fenetre.retour.isEnabled()
    qtbot.mouseClick(fenetre.accueil.bouton_liste, Qt.MouseButton.LeftButton)
    assert fenetre.pile.currentWidget() is fenetre.liste
    fenetre.action_accueil.trigger()
    fenetre.retour.trigger()
    assert fenetre.pile.currentWidget() is fenetre.liste
    assert not fenetre.retour.isEnabled()


def test_a_propos_version_parametres_et_sources(
    ouvrir_fenetre, qtbot, application_fr, base, reglages
) -> None:
    fenetre = ouvrir_fenetre()
    fenetre.action_a_propos.trigger()
    dialogue = fenetre.a_propos
    assert dialogue is not None and dialogue.isVisible()
    assert dialogue.windowTitle() == "À propos de l'Assistant Grappe"
    from PySide6.QtWidgets import QLabel

    assert any(__version__ in etiquette.text() for etiquette in dialogue.findChildren(QLabel))

    onglet = dialogue.parametres
    derniere = max(c.code for c in campagnes().values() if c.appel)  # 2024, 2025 : suivi
    assert onglet.campagne.currentData() == derniere
    for texte in campagnes()[derniere].textes:
        assert texte in onglet.textes.text()
    table = onglet.table
    tous = parametres(derniere).tous()
    assert table.rowCount() == len(tous)
    entetes = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert entetes == list(COLONNES_PARAMETRES)
    for ligne, parametre in enumerate(tous):
        assert table.item(ligne, 0).text() == parametre.description
        assert table.item(ligne, 2).text() == parametre.reference
        assert table.item(ligne, 3).text() == parametre.verifie_le.strftime("%d/%m/%Y")
    ligne_forfait = next(
        i for i, p in enumerate(tous) if p.nom == "financement.forfait_moa.acquisition.rangs_1_a_49"
    )
    assert table.item(ligne_forfait, 1).text() == "7\u202f000,00\xa0€"

    onglet.campagne.setCurrentIndex(onglet.campagne.findData("2022"))
    tous_2022 = parametres("2022").tous()
    assert table.rowCount() == len(tous_2022)
    enveloppe = next(
        i for i, p in enumerate(tous_2022) if p.nom == "enveloppes.enveloppe_regionale"
    )
    assert table.item(enveloppe, 1).text().startswith("18 régions, ")
    infobulle = table.item(enveloppe, 1).toolTip().splitlines()
    assert infobulle[0] == "Auvergne-Rhône-Alpes : 5\u202f706\u202f008,00\xa0€"
    assert "Île-de-France : 5\u202f376\u202f894,00\xa0€" in infobulle
    assert "phase de généralisation" in onglet.textes.text()


def test_a_propos_licences(ouvrir_fenetre, qtbot, application_fr, base, reglages) -> None:
    fenetre = ouvrir_fenetre()
    fenetre.montrer_a_propos()
    licences = fenetre.a_propos.licences
    lignes = {
        licences.table.item(i, 0).text(): (
            licences.table.item(i, 1).text(),
            licences.table.item(i, 2).text(),
        )
        for i in range(licences.table.rowCount())
    }
    assert lignes["PySide6 (Qt pour Python)"] == (version("PySide6-Essentials"), "LGPL-3.0")
    assert lignes["reportlab"] == (version("reportlab"), "BSD")
    assert lignes["python-stdnum"][1] == "LGPL-2.1+"
    assert lignes["Assistant Grappe"] == (__version__, "EUPL-1.2")
    assert "Bitstream Vera" in lignes["Polices DejaVu Sans"][1]
    assert all(b.version() for b in BIBLIOTHEQUES)
    assert "Bitstream" in licences.licence_polices.toPlainText()


def _parametre(valeur: object, unite: str) -> Parametre:
    return Parametre("p", "d", Unite(unite), valeur, "r", datetime.date(2026, 11, 23), "2022")


@pytest.mark.parametrize(
    ("valeur", "unite", "attendu"),
    [
        (Decimal("14500"), "EUR", "14\u202f500,00\xa0€"),
        (Decimal("0.7"), "taux", "70\xa0%"),
        (Decimal("0.5"), "part", "50\xa0%"),
        (datetime.date(2023, 9, 15), "date", "15/09/2023"),
        (True, "oui/non", "oui"),
        (["AHI", "PJM"], "champs", "Accueil, hébergement, insertion ; Protection juridique"),
        ([], "champs", "aucun"),
        ({"84": Decimal("1000"), "27": Decimal("500")}, "EUR par région", "2 régions, "),
        (Decimal("50"), "rang", "50e"),
        (Decimal("18"), "mois", "18 mois"),
    ],
)
def test_valeur_lisible(valeur: object, unite: str, attendu: str) -> None:
    assert resume_parametre(_parametre(valeur, unite)).startswith(attendu)
