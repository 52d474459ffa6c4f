"""Un projet financé en 2024 ou 2025 se suit aussi. L'instruction 2022/34 (résumé) : « La
présente instruction couvre l'année 2022 de la phase de généralisation, celle-ci s'étendant de
2022 à 2025 » ; la FAQ : « sur la durée du programme, de 2021 à 2025 ». L'application ne détient
aucun appel après 2023 : la campagne 2024 ou 2025 de la convention ne sert qu'au suivi, avec
les cibles et les durées de 2022/34 (« no figure without a source »), les montants de la
convention ; un dossier à préparer reste de 2022 ou 2023."""

import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtWidgets import QComboBox

from app_bureau import champs_dossier
from app_bureau.ecrans.liste_dossiers import dossier_vierge
from app_bureau.ecrans.page_suivi import PageSuivi
from app_bureau.fichier.dossier import DossierInvalide, decoder, lire_dossier, texte_dossier
from app_bureau.modele import Gravite, TypeProjet
from app_bureau.navigation import Page
from app_bureau.operations.bilan import SortiesBilan, ecrire_bilan, evaluer_pour_le_bilan
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.regles.parametres import campagnes, campagnes_d_appel, parametres
from app_bureau.regles.suivi import (
    INDICATEURS_D_USAGE,
    PHASE_DE_GENERALISATION,
    evaluer_suivi,
    fin_prevue,
)
from tests.test_suivi_stockage_cli import SCHEMA_1, dossier_finance

J = datetime.date


@pytest.mark.parametrize("campagne", ["2024", "2025"])
def test_cibles_et_durees_de_2022_34_pour_une_convention_de_2024_ou_2025(campagne: str) -> None:
    jeu = parametres(campagne)
    assert not jeu.campagne.appel
    # Annexe 3 : MSSanté et DMP 70 %, les trois taux de dossiers 90 %.
    attendues = ("0.70", "0.70", "0.90", "0.90", "0.90")
    for indicateur, valeur in zip(INDICATEURS_D_USAGE, attendues, strict=True):
        parametre = jeu[f"cibles.{indicateur.cle}"]
        assert parametre.valeur == Decimal(valeur)
        assert parametre.reference.startswith("Instruction 2022/34, annexe 3")
        assert parametre == parametres("2022")[f"cibles.{indicateur.cle}"]
    # I.A.2 : 9 mois pour une mise en conformité, 18 pour une acquisition.
    debut = J(2025, 1, 1)
    assert fin_prevue(debut, TypeProjet.MISE_EN_CONFORMITE, 0, jeu) == J(2025, 10, 1)
    assert fin_prevue(debut, TypeProjet.ACQUISITION, 0, jeu) == J(2026, 7, 1)


def test_le_suivi_prend_la_campagne_de_la_convention_et_le_dit() -> None:
    dossier = dossier_finance()
    sans = evaluer_suivi(dossier, J(2025, 6, 10))
    assert sans is not None
    assert not any(a.champ == "suivi.convention.campagne" for a in sans.anomalies)
    dossier.suivi.convention.campagne = "2024"
    avec = evaluer_suivi(dossier, J(2025, 6, 10))
    assert avec is not None
    [info] = [a for a in avec.anomalies if a.champ == "suivi.convention.campagne"]
    assert info.gravite is Gravite.INFORMATION and info.reference == PHASE_DE_GENERALISATION
    assert "Campagne 2024 : l'application n'en détient pas l'appel à projets" in info.message
    # Montants de la convention, cibles de 2022/34 : le reste du suivi est le même.
    assert (avec.montant_notifie, avec.solde_maximal, avec.montant_en_jeu) == (
        sans.montant_notifie,
        sans.solde_maximal,
        sans.montant_en_jeu,
    )
    assert [e.etat for e in avec.essms] == [e.etat for e in sans.essms]


def test_un_dossier_a_preparer_reste_de_2022_ou_2023() -> None:
    assert set(campagnes_d_appel()) == {"2022", "2023"}
    assert {"2024", "2025"} <= set(campagnes())
    assert dossier_vierge().campagne == "2023"
    donnees = decoder(texte_dossier(dossier_finance()))
    donnees["campagne"] = "2024"
    with pytest.raises(DossierInvalide) as refus:
        lire_dossier(donnees)
    assert "campagne 2024 : l'application n'en détient pas l'appel à projets" in str(refus.value)


def test_la_campagne_de_la_convention_fait_l_aller_retour_fichier_et_base(tmp_path: Path) -> None:
    dossier = dossier_finance()
    texte = texte_dossier(dossier)
    assert '"campagne": ""' not in texte  # clé facultative : absente à sa valeur par défaut
    champs_dossier.changer(dossier, "suivi.convention.campagne", "2025")
    relu = lire_dossier(decoder(texte_dossier(dossier)))
    assert relu.suivi.convention.campagne == "2025"
    donnees = decoder(texte_dossier(dossier))
    donnees["suivi"]["convention"]["campagne"] = "2031"
    with pytest.raises(DossierInvalide):
        lire_dossier(donnees)

    base = tmp_path / "ancienne.sqlite"
    shutil.copy(SCHEMA_1, base)  # migrations m002… m007 appliquées à l'ouverture
    depot = ouvrir_depot(base)
    try:
        identifiant = depot.creer(dossier)
        assert depot.charger(identifiant).dossier.suivi.convention.campagne == "2025"
    finally:
        depot.db.close()


def test_la_campagne_se_choisit_dans_l_onglet_convention(qtbot, ouvrir_fenetre) -> None:  # type: ignore[no-untyped-def]
    fenetre = ouvrir_fenetre()
    identifiant = fenetre.depot.creer(dossier_finance())
    fenetre.ouvrir(identifiant)
    assistant = fenetre.assistant
    assistant.aller_a(Page.SUIVI)
    page = assistant.pages[Page.SUIVI]
    assert isinstance(page, PageSuivi)
    liste = page.champs["suivi.convention.campagne"]
    assert isinstance(liste, QComboBox)
    assert liste.currentText() == "Celle du dossier"
    index = liste.findText("Campagne 2024")
    liste.setCurrentIndex(index)
    liste.activated.emit(index)  # ce que fait le choix à la souris ou au clavier
    assert assistant.session.dossier.suivi.convention.campagne == "2024"
    assert fenetre.depot.charger(identifiant).dossier.suivi.convention.campagne == "2024"
    assistant.session.pile.undo()
    assert assistant.session.dossier.suivi.convention.campagne == ""


def test_le_bilan_dit_la_campagne_de_la_convention(tmp_path: Path) -> None:
    dossier = dossier_finance()
    dossier.suivi.convention.campagne = "2025"
    evaluation, resultat = evaluer_pour_le_bilan(dossier, J(2025, 6, 10))
    assert resultat is not None
    pdf, xlsx = tmp_path / "bilan.pdf", tmp_path / "suivi.xlsx"
    ecrire_bilan(dossier, evaluation, resultat, SortiesBilan(pdf, xlsx))
    texte = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Appel à projets Campagne 2025" in " ".join(texte.split())
    # L'annexe donne les paramètres de la campagne du suivi, pas ceux du dossier (2022).
    assert "Annexe — Paramètres du suivi Campagne 2025" in " ".join(texte.split())
    grappe = load_workbook(xlsx)["Grappe"]
    lignes = {r[0]: r[1] for r in grappe.iter_rows(values_only=True)}
    assert lignes["Appel à projets"] == "Campagne 2025"
