"""Les pages Éligibilité et Financement, sur une vraie base SQLite et de vrais exemples :
elles montrent exactement l'évaluation des règles, et suivent chaque modification."""

import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from app_bureau.ecrans.page_eligibilite import PageEligibilite
from app_bureau.ecrans.page_financement import POSTES, PageFinancement
from app_bureau.ecrans.session import SessionDossier
from app_bureau.formats import euros, texte_explication
from app_bureau.libelles import GRAVITES
from app_bureau.modele import Gravite, ModeAchat
from app_bureau.modifications import AjoutEtablissements, SuppressionEtablissements
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.referentiel.ressources import ressource
from tests.fabrique import finess

GRAPPE = "grappe-9-ehpad-bretagne"
NATIONAL = "national-60-essms-conformite"


def ouvrir(tmp_path: Path, exemple: str) -> SessionDossier:
    depot = ouvrir_depot(tmp_path / "b.sqlite")
    ident = depot.importer(Path(str(ressource("exemples", f"{exemple}.json"))))
    return SessionDossier(depot, ident)


def texte_simple(texte: str) -> str:
    """Le texte d'un QTextBrowser sans ses espaces insécables (Qt les rend à sa façon)."""
    return texte.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def grappe(tmp_path: Path, application_fr) -> SessionDossier:  # type: ignore[no-untyped-def]
    return ouvrir(tmp_path, GRAPPE)


@pytest.fixture
def national_non_segur(tmp_path: Path, application_fr) -> SessionDossier:  # type: ignore[no-untyped-def]
    session = ouvrir(tmp_path, NATIONAL)
    assert session.changer("solution.referencee_segur", False)
    return session


def page_financement(qtbot, session: SessionDossier) -> PageFinancement:  # type: ignore[no-untyped-def]
    page = PageFinancement(session)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def page_eligibilite(qtbot, session: SessionDossier) -> PageEligibilite:  # type: ignore[no-untyped-def]
    page = PageEligibilite(session)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def constats(page: PageEligibilite) -> list[QTreeWidgetItem]:
    """Les constats affichés, dans l'ordre de l'écran (sans les titres de groupe)."""
    groupes = [page.liste.topLevelItem(i) for i in range(page.liste.topLevelItemCount())]
    return [g.child(j) for g in groupes for j in range(g.childCount())]


# --- Financement --------------------------------------------------------------------------


def test_financement_montre_les_totaux_des_regles(qtbot, grappe) -> None:
    page = page_financement(qtbot, grappe)
    totaux, versements = grappe.evaluation.totaux, grappe.evaluation.versements

    assert totaux.total == Decimal("482000")
    assert page.totaux_affiches["total"].text() == euros(totaux.total) == "482\u202f000,00\xa0€"
    for cle, _ in POSTES:
        assert page.totaux_affiches[cle].text() == euros(getattr(totaux, cle))
    assert page.totaux_affiches["equipement"].text() == "180\u202f000,00\xa0€"
    assert page.totaux_affiches["avance"].text() == euros(versements.avance)
    assert page.totaux_affiches["solde"].text() == "241\u202f000,00\xa0€"


def test_financement_repartit_entre_les_ars_avec_le_nom_des_regions(
    qtbot, tmp_path, application_fr
) -> None:
    session = ouvrir(tmp_path, NATIONAL)
    page = page_financement(qtbot, session)
    repartition = session.evaluation.repartition_ars

    lignes = [
        (page.repartition.item(i, 0).text(), page.repartition.item(i, 1).text())
        for i in range(page.repartition.rowCount())
    ]
    # Projet national : tout le total à l'ARS pivot probable (IV.A), 267 000 €.
    assert lignes == [("ARS Île-de-France (ARS pivot probable)", euros(repartition["11"]))]
    assert lignes[0][1] == "267\u202f000,00\xa0€"


def test_le_tableau_montre_une_ligne_par_essms_avec_les_montants_des_regles(qtbot, grappe) -> None:
    page = page_financement(qtbot, grappe)
    lignes = grappe.evaluation.etablissements
    assert page.tri.rowCount() == len(lignes) == 9

    def cellule(ligne: int, colonne: int) -> str:
        return page.tri.index(ligne, colonne).data()

    premiere = lignes[0]
    assert [cellule(0, c) for c in range(8)] == [
        premiere.finess,
        premiere.nom,
        "1",
        "Bretagne",
        euros(premiere.moa),
        euros(premiere.editeur),
        euros(premiere.equipement),
        euros(premiere.total),
    ]
    alignement = page.tri.index(0, 7).data(Qt.ItemDataRole.TextAlignmentRole)
    assert Qt.AlignmentFlag(alignement) & Qt.AlignmentFlag.AlignRight


def test_choisir_une_ligne_montre_son_explication_sinon_celle_des_totaux(qtbot, grappe) -> None:
    page = page_financement(qtbot, grappe)
    evaluation = grappe.evaluation

    sans_choix = texte_simple(page.explications.toPlainText())
    for explication in (
        *evaluation.totaux.explications,
        *evaluation.versements.explications,
        *evaluation.repartition_explications,
    ):
        assert (
            texte_simple(f"{texte_explication(explication)} — {explication.reference}")
            in sans_choix
        )
    assert "Instruction 2022/34, II.D.1)" not in sans_choix

    cellule = page.table.visualRect(page.tri.index(0, 1)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cellule)
    assert page.ligne_choisie() == 0
    choisie = texte_simple(page.explications.toPlainText())
    assert "EHPAD Les Ajoncs" in choisie
    assert "Forfait maîtrise d'ouvrage, acquisition, rangs 1 à 49 : 7 000,00 € — " in choisie
    assert "Instruction 2022/34, II.D.1)" in choisie
    for explication in evaluation.etablissements[0].explications:
        assert (
            texte_simple(f"{texte_explication(explication)} — {explication.reference}") in choisie
        )

    page.table.clearSelection()
    assert page.ligne_choisie() is None
    assert texte_simple(page.explications.toPlainText()) == sans_choix


def test_le_graphique_recoit_les_postes_et_montants_des_totaux(qtbot, grappe) -> None:
    page = page_financement(qtbot, grappe)
    t = grappe.evaluation.totaux
    assert page.graphique.barres == [
        ("Maîtrise d'ouvrage", t.moa),
        ("Éditeur", t.editeur),
        ("Équipements", t.equipement),
        ("AMOA marché", t.amoa_marche),
        ("AMOA projet", t.amoa_projet),
    ]
    assert euros(t.equipement) in page.graphique.toolTip()
    # Le dessin contient des barres de la couleur prévue.
    image = page.graphique.grab().toImage()
    couleurs = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    }
    assert "#1f4e79" in couleurs


def test_l_aide_du_financement_prend_ses_montants_dans_les_parametres(qtbot, grappe) -> None:
    page = page_financement(qtbot, grappe)
    jeu = grappe.evaluation.parametres
    aide = texte_simple(page.AIDE)
    for nom in (
        "financement.forfait_moa.acquisition.rangs_1_a_49",
        "financement.plafond_editeur.acquisition.referencee_segur.rangs_1_a_49",
        "financement.plafond_editeur.acquisition.non_referencee_segur.rangs_1_a_49",
        "financement.forfait_moa.mise_en_conformite.rangs_1_a_49",
        "financement.financements_specifiques.equipement_par_essms",
        "financement.financements_specifiques.amoa_marche_par_projet",
        "financement.financements_specifiques.amoa_projet_par_projet",
    ):
        assert texte_simple(euros(jeu[nom].valeur)) in aide
    assert "14 500,00 €" in aide
    for paragraphe in ("II.D.1)", "II.D.2)", "II.D.3)", "II.D.4)", "I.A.2)", "II.C.1)"):
        assert paragraphe in aide


@pytest.mark.lent
def test_deux_mille_lignes_restent_fluides_et_triables(qtbot, tmp_path, application_fr) -> None:
    session = ouvrir(tmp_path, NATIONAL)
    page = page_financement(qtbot, session)
    modele = session.dossier.etablissements[0]
    deux_mille = [replace(modele, finess=finess("75", i), nom=f"EHPAD {i}") for i in range(2000)]
    session.appliquer(SuppressionEtablissements(range(len(session.dossier.etablissements))))
    assert session.appliquer(AjoutEtablissements(deux_mille))
    lignes = session.evaluation.etablissements
    assert page.tri.rowCount() == len(lignes) == 2000
    assert page.tri.index(49, 4).data() == euros(lignes[49].moa) == "2\u202f000,00\xa0€"

    debut = time.perf_counter()
    page.evaluation_changee(session.evaluation)
    page.grab()
    page.table.scrollToBottom()
    page.grab()
    assert time.perf_counter() - debut < 1.0

    # Tri par total croissant : les montants réduits (à partir du 50e) d'abord.
    page.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)
    assert page.tri.index(0, 7).data() == euros(min(r.total for r in lignes))
    assert page.tri.index(1999, 7).data() == euros(max(r.total for r in lignes))
    # Tri par rang : numérique (1, 2, 3…), pas alphabétique (1, 10, 100…).
    page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert [page.tri.index(i, 2).data() for i in range(3)] == ["1", "2", "3"]


# --- Éligibilité --------------------------------------------------------------------------


def test_un_dossier_non_recevable_montre_le_bloquant_segur_en_premier(
    qtbot, national_non_segur
) -> None:
    page = page_eligibilite(qtbot, national_non_segur)
    evaluation = national_non_segur.evaluation
    assert not evaluation.recevable

    premier = constats(page)[0]
    assert premier.text(0) == (
        "La solution DUI doit être référencée Ségur : 60 ESSMS retenus en mise en conformité."
    )
    assert premier.text(1) == "Instruction 2022/34, II.B.3) et II.D.2) ; annexe 2 D"
    assert premier.toolTip(0).startswith("Cliquez pour corriger (page « Solution DUI et achat »)")
    titre = page.liste.topLevelItem(0)
    assert titre.text(0) == "1 problème bloquant"
    assert titre.foreground(0).color().name() == GRAVITES[Gravite.BLOQUANT].couleur
    # Tous les constats des règles, dans l'ordre des gravités.
    assert [c.text(0) for c in constats(page)] == [a.message for a in evaluation.anomalies]


def test_cliquer_un_constat_demande_son_champ(qtbot, national_non_segur) -> None:
    page = page_eligibilite(qtbot, national_non_segur)
    premier = constats(page)[0]
    with qtbot.waitSignal(page.champ_a_corriger, timeout=1000) as signal:
        position = page.liste.visualItemRect(premier).center()
        qtbot.mouseClick(page.liste.viewport(), Qt.MouseButton.LeftButton, pos=position)
    assert signal.args == ["solution.referencee_segur"]

    page.liste.setCurrentItem(premier)
    with qtbot.waitSignal(page.champ_a_corriger, timeout=1000) as signal:
        qtbot.keyClick(page.liste, Qt.Key.Key_Return)
    assert signal.args == ["solution.referencee_segur"]


def test_un_constat_sans_champ_ni_un_titre_de_groupe_ne_menent_nulle_part(
    qtbot, national_non_segur
) -> None:
    page = page_eligibilite(qtbot, national_non_segur)
    sans_champ = next(c for c in constats(page) if c.text(0).startswith("Projet national : dépôt"))
    assert sans_champ.toolTip(0).startswith("Rien à corriger")
    for element in (sans_champ, page.liste.topLevelItem(0)):
        with qtbot.assertNotEmitted(page.champ_a_corriger):
            position = page.liste.visualItemRect(element).center()
            qtbot.mouseClick(page.liste.viewport(), Qt.MouseButton.LeftButton, pos=position)


def test_le_decompte_accorde_les_gravites(qtbot, grappe, national_non_segur) -> None:
    assert page_eligibilite(qtbot, grappe).decompte.text() == (
        "Aucun problème bloquant, 1 point d'attention, 8 informations"
    )
    page = page_eligibilite(qtbot, national_non_segur)
    assert page.decompte.text() == "1 problème bloquant, aucun point d'attention, 5 informations"
    national_non_segur.changer("porteur.siret", "")
    assert page.decompte.text() == "2 problèmes bloquants, aucun point d'attention, 5 informations"


def test_l_aide_de_l_eligibilite_cite_les_annexes_et_la_faq(qtbot, grappe) -> None:
    aide = page_eligibilite(qtbot, grappe).AIDE
    for gravite in ("Problème bloquant", "Point d'attention", "Information"):
        assert gravite in aide
    for paragraphe in ("annexe 2 A", "annexe 2 B", "annexe 2 C", "annexe 2 D", "II.B.4)"):
        assert paragraphe in aide
    assert "FAQ ESMS numérique (03/02/2023), « Les solutions DUI choisies" in aide


# --- Les deux pages suivent la session ----------------------------------------------------


def test_une_modification_par_la_session_met_a_jour_les_deux_pages(qtbot, grappe) -> None:
    financement = page_financement(qtbot, grappe)
    eligibilite = page_eligibilite(qtbot, grappe)
    financement.table.selectRow(0)

    grappe.changer("financements_specifiques.amoa_projet", False)
    assert grappe.evaluation.totaux.total == Decimal("382000")
    assert financement.totaux_affiches["amoa_projet"].text() == euros(Decimal("0"))
    assert financement.totaux_affiches["total"].text() == "382\u202f000,00\xa0€"
    assert ("AMOA projet", Decimal("0.00")) in financement.graphique.barres
    assert financement.ligne_choisie() == 0  # la sélection reste

    # Sans mise en concurrence : bloquant, AMOA marché non finançable, total réduit.
    grappe.changer("solution.mode_achat", ModeAchat.AUCUN)
    evaluation = grappe.evaluation
    assert financement.totaux_affiches["total"].text() == euros(evaluation.totaux.total)
    assert financement.totaux_affiches["amoa_marche"].text() == euros(Decimal("0"))
    assert eligibilite.decompte.text().startswith("2 problèmes bloquants, 2 points d'attention")
    messages = [c.text(0) for c in constats(eligibilite)]
    assert messages == [a.message for a in evaluation.anomalies]
    assert any("mise en concurrence des éditeurs" in m for m in messages[:2])
    assert any(m.startswith("AMOA marché (procédure du SAD) demandée") for m in messages)
    assert "pas recevable" in eligibilite.etat.text()
