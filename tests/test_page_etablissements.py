"""La page « Établissements », pilotée comme un utilisateur, sur une vraie base SQLite.

Chaque test part de l'exemple de 9 EHPAD bretons importé dans une base neuve ; ce qui est
vérifié à l'écran est comparé à ce que les règles disent du dossier relu dans la base.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox, QWidget
from stdnum import luhn

import app_bureau.referentiel.ressources
from app_bureau.ecrans.assistant import Assistant
from app_bureau.ecrans.modele_etablissements import COLONNES, Colonne
from app_bureau.ecrans.page_etablissements import DialogueCollage, PageEtablissements
from app_bureau.ecrans.session import SessionDossier
from app_bureau.formats import euros
from app_bureau.navigation import Page
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.regles.evaluation import evaluer
from app_bureau.stockage.depot import DepotDossiers


def finess_valide(debut: str) -> str:
    return debut + luhn.calc_check_digit(debut)


def cle_fausse(finess: str) -> str:
    return finess[:-1] + str((int(finess[-1]) + 1) % 10)


@pytest.fixture
def base(tmp_path):
    depot = ouvrir_depot(tmp_path / "b.sqlite")
    exemple = app_bureau.referentiel.ressources.ressource(
        "exemples", "grappe-9-ehpad-bretagne.json"
    )
    ident = depot.importer(Path(str(exemple)))
    yield depot, ident
    depot.db.close()


@pytest.fixture
def session(base) -> SessionDossier:
    return SessionDossier(*base)


@pytest.fixture
def page(qtbot, application_fr, session) -> PageEtablissements:
    page = PageEtablissements(session)
    qtbot.addWidget(page)
    page.resize(1400, 700)
    page.show()
    page.rafraichir()
    return page


def texte(page: PageEtablissements, ligne: int, colonne: Colonne) -> str:
    return page.modele.index(ligne, colonne).data()


def enregistre(base: tuple[DepotDossiers, int]):  # type: ignore[no-untyped-def]
    depot, ident = base
    return depot.charger(ident)


def ouvrir_editeur(qtbot, page: PageEtablissements, ligne: int, colonne: Colonne) -> QWidget:
    """Se place sur la cellule et appuie sur F2, comme l'utilisateur."""
    index = page.modele.index(ligne, colonne)
    page.table.setCurrentIndex(index)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editeur = page.table.indexWidget(index)
    assert editeur is not None, "F2 n'a pas ouvert d'éditeur"
    return editeur


def valider(qtbot, page: PageEtablissements, editeur: QWidget) -> None:
    """Entrée : le délégué enregistre puis ferme l'éditeur (en différé, comme Qt le fait)."""
    qtbot.keyClick(editeur, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.table.isPersistentEditorOpen(page.table.currentIndex()))
    qtbot.waitUntil(lambda: page.table.state() != page.table.State.EditingState)


def saisir(qtbot, page: PageEtablissements, ligne: int, colonne: Colonne, valeur: str) -> None:
    editeur = ouvrir_editeur(qtbot, page, ligne, colonne)
    qtbot.keyClick(editeur, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editeur, Qt.Key.Key_Delete)
    qtbot.keyClicks(editeur, valeur)  # ASCII seulement (keyClicks refuse les accents)
    valider(qtbot, page, editeur)


# --- saisie du FINESS ----------------------------------------------------------------------


def test_un_finess_invalide_est_refuse_et_le_dossier_ne_change_pas(qtbot, page, base) -> None:
    avant = enregistre(base)
    faux = cle_fausse("350012035")
    saisir(qtbot, page, 3, Colonne.FINESS, faux)

    assert page.erreur.isVisible()
    assert (
        page.erreur.text()
        == "Ligne 4, FINESS : la clé ne correspond pas : un chiffre est probablement mal recopié"
    )
    assert page.modele.derniere_erreur == page.erreur.text()
    assert texte(page, 3, Colonne.FINESS) == "350012035"
    assert page.session.dossier.etablissements[3].finess == "350012035"
    apres = enregistre(base)
    assert apres.revision == avant.revision  # rien n'a été enregistré
    assert apres.dossier.etablissements[3].finess == "350012035"

    # un FINESS déjà présent dans le dossier est refusé de la même façon
    saisir(qtbot, page, 3, Colonne.FINESS, "350012001")
    assert page.erreur.text() == "Ligne 4, FINESS : 350012001 figure déjà à la ligne 1"
    assert enregistre(base).revision == avant.revision


def test_corriger_le_finess_met_a_jour_statut_total_et_base(qtbot, application_fr, base) -> None:
    session = SessionDossier(*base)
    assistant = Assistant(session)
    qtbot.addWidget(assistant)
    assistant.show()
    assistant.aller_a(Page.ETABLISSEMENTS)
    page = assistant.pages[Page.ETABLISSEMENTS]
    assert isinstance(page, PageEtablissements)
    total_initial = session.evaluation.totaux.total

    # « Ajouter » crée une ligne sans FINESS pour le premier OG et ouvre sa saisie
    qtbot.mouseClick(page.bouton_ajouter, Qt.MouseButton.LeftButton)
    assert page.modele.rowCount() == 10
    assert texte(page, 9, Colonne.ORGANISME) == "Association Les Ajoncs"
    assert texte(page, 9, Colonne.STATUT) == "non retenu : pas de numéro FINESS géographique"
    editeur = page.table.indexWidget(page.modele.index(9, Colonne.FINESS))
    assert editeur is not None
    bon = finess_valide("35001205")
    qtbot.keyClicks(editeur, cle_fausse(bon))
    valider(qtbot, page, editeur)
    assert (
        page.erreur.text()
        == "Ligne 10, FINESS : la clé ne correspond pas : un chiffre est probablement mal recopié"
    )
    assert texte(page, 9, Colonne.FINESS) == ""
    assert session.evaluation.totaux.total == total_initial

    saisir(qtbot, page, 9, Colonne.FINESS, bon[:3] + " " + bon[3:])  # espaces tolérés
    assert not page.erreur.isVisible()
    assert texte(page, 9, Colonne.FINESS) == bon
    assert texte(page, 9, Colonne.STATUT) == "retenu, rang 10"
    assert texte(page, 9, Colonne.TERRITOIRE) == "Ille-et-Vilaine (35) — Bretagne"

    relu = enregistre(base).dossier
    assert relu.etablissements[9].finess == bon
    attendu = evaluer(relu)
    assert attendu.totaux.total > total_initial
    assert session.evaluation.totaux.total == attendu.totaux.total
    assert assistant.panneau.total.text() == euros(attendu.totaux.total)
    assert assistant.panneau.retenus.text() == "10"


# --- collage depuis un tableur -------------------------------------------------------------


def lignes_a_coller() -> tuple[str, list[str]]:
    """30 lignes (titres en plus) : 27 valides, 3 en erreur ; et les FINESS valides."""
    lignes = ["FINESS\tNom\tCatégorie\tChamp\tProjet\tPart éligible\tDevis\tÉquipement"]
    valides = []
    for i in range(30):
        finess = finess_valide(f"2900{i:04d}")
        champ, part, devis = "Personnes âgées", "100 %", "12 500,00 €"
        if i == 4:
            finess = cle_fausse(finess)
        elif i == 11:
            champ = "Astronautes"
        elif i == 17:
            part = "150 %"
        else:
            valides.append(finess)
        if i % 3 == 0:
            champ, part, devis = ("domicile", "62,5 %", "") if i != 0 else (champ, part, devis)
        lignes.append(f"{finess}\tService {i}\t500\t{champ}\tAcquisition\t{part}\t{devis}\toui")
    return "\n".join(lignes) + "\n", valides


def test_coller_30_lignes_apercu_puis_seules_les_valides(qtbot, page, base, monkeypatch) -> None:
    contenu, valides = lignes_a_coller()
    avant = enregistre(base)
    apercus: list[DialogueCollage] = []

    def accepter(dialogue: DialogueCollage) -> QDialog.DialogCode:
        apercus.append(dialogue)
        assert len(page.session.dossier.etablissements) == 9  # rien d'ajouté avant l'accord
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DialogueCollage, "exec", accepter)
    QApplication.clipboard().setText(contenu)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)

    (apercu,) = apercus
    resultats = {
        apercu.lignes.item(r, 1).text(): apercu.lignes.item(r, 3).text()
        for r in range(apercu.lignes.rowCount())
    }
    assert len(resultats) == 30
    assert list(resultats.values()).count("ajoutée") == 27
    assert (
        resultats[cle_fausse(finess_valide("29000004"))]
        == "FINESS : la clé ne correspond pas : un chiffre est probablement mal recopié"
    )
    assert resultats[finess_valide("29000011")].startswith("Champ : « Astronautes » inconnu")
    assert resultats[finess_valide("29000017")] == "Part d'activité éligible : 150 % dépasse 100 %"
    assert "27 seront ajoutées, 3 comportent des erreurs" in apercu.resume.text()
    assert apercu.bouton_ok.text() == "Ajouter 27 établissements"

    assert page.modele.rowCount() == 36
    relu = enregistre(base)
    assert relu.revision == avant.revision + 1  # une seule modification pour tout le collage
    assert [e.finess for e in relu.dossier.etablissements[9:]] == valides
    service_3 = relu.dossier.etablissements[9 + 3]
    assert service_3.nom == "Service 3" and service_3.organisme == "ajoncs"
    assert service_3.part_activite_eligible == Decimal("0.625")
    assert service_3.devis_editeur is None and service_3.equipement
    assert texte(page, 12, Colonne.PART) == "62,5\u00a0%"
    assert texte(page, 12, Colonne.CHAMP) == "Domicile"
    assert texte(page, 10, Colonne.DEVIS) == "12\u202f500,00\u00a0€"
    assert texte(page, 35, Colonne.STATUT) == "retenu, rang 36"
    assert page.session.evaluation.totaux.total == evaluer(relu.dossier).totaux.total


def test_coller_puis_annuler_n_ajoute_rien(qtbot, page, base, monkeypatch) -> None:
    monkeypatch.setattr(DialogueCollage, "exec", lambda _d: QDialog.DialogCode.Rejected)
    QApplication.clipboard().setText(lignes_a_coller()[0])
    revision = enregistre(base).revision
    qtbot.mouseClick(page.bouton_coller, Qt.MouseButton.LeftButton)
    assert page.modele.rowCount() == 9
    assert enregistre(base).revision == revision


def test_coller_un_presse_papiers_vide_le_dit(qtbot, page, monkeypatch) -> None:
    ouverts: list[DialogueCollage] = []
    monkeypatch.setattr(DialogueCollage, "exec", lambda d: ouverts.append(d) or 0)
    QApplication.clipboard().setText("")
    qtbot.mouseClick(page.bouton_coller, Qt.MouseButton.LeftButton)
    assert not ouverts
    assert page.erreur.text().startswith("Le presse-papiers ne contient pas de texte")


# --- ordre, cases, catégorie ---------------------------------------------------------------


def test_monter_et_descendre_changent_le_rang(qtbot, page, base) -> None:
    assert texte(page, 1, Colonne.NOM) == "EHPAD Le Clos Fleuri"
    assert texte(page, 1, Colonne.STATUT) == "retenu, rang 2"
    page.table.setCurrentIndex(page.modele.index(1, Colonne.NOM))
    qtbot.mouseClick(page.bouton_descendre, Qt.MouseButton.LeftButton)

    assert texte(page, 2, Colonne.NOM) == "EHPAD Le Clos Fleuri"
    assert texte(page, 2, Colonne.STATUT) == "retenu, rang 3"
    assert texte(page, 1, Colonne.NOM) == "EHPAD La Roseraie"
    assert texte(page, 1, Colonne.STATUT) == "retenu, rang 2"
    assert page.table.currentIndex().row() == 2  # la sélection suit la ligne
    assert enregistre(base).dossier.etablissements[2].nom == "EHPAD Le Clos Fleuri"
    assert "50e" in page.bouton_descendre.toolTip() and "II.D.4" in page.bouton_monter.toolTip()

    qtbot.mouseClick(page.bouton_monter, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.bouton_monter, Qt.MouseButton.LeftButton)
    assert texte(page, 0, Colonne.NOM) == "EHPAD Le Clos Fleuri"
    assert texte(page, 0, Colonne.STATUT) == "retenu, rang 1"
    assert [e.nom for e in enregistre(base).dossier.etablissements[:3]] == [
        "EHPAD Le Clos Fleuri",
        "EHPAD Les Ajoncs",
        "EHPAD La Roseraie",
    ]
    qtbot.mouseClick(page.bouton_monter, Qt.MouseButton.LeftButton)  # déjà en tête : rien
    assert texte(page, 0, Colonne.NOM) == "EHPAD Le Clos Fleuri"


def test_deja_finance_coche_au_clavier_rend_non_retenu(qtbot, page, base) -> None:
    index = page.modele.index(0, Colonne.DEJA_FINANCE)
    page.table.setCurrentIndex(index)
    signales: list[tuple[int, int, int, int]] = []
    page.modele.dataChanged.connect(
        lambda a, b, _roles=(): signales.append((a.row(), a.column(), b.row(), b.column()))
    )
    qtbot.keyClick(page.table, Qt.Key.Key_Space)

    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    statut = texte(page, 0, Colonne.STATUT)
    assert statut == "non retenu : déjà financé par ESMS numérique (un seul financement par ESSMS)"
    infobulle = page.modele.index(0, Colonne.STATUT).data(Qt.ItemDataRole.ToolTipRole)
    assert "déjà financé" in infobulle and "II.B.1" in infobulle
    assert texte(page, 1, Colonne.STATUT) == "retenu, rang 1"  # les rangs suivants remontent
    # la vue est prévenue : la colonne Statut entière, et la ligne modifiée
    assert (0, Colonne.STATUT, 8, Colonne.STATUT) in signales
    assert (0, 0, 0, Colonne.TERRITOIRE) in signales
    relu = enregistre(base).dossier
    assert relu.etablissements[0].deja_finance
    assert page.session.evaluation.totaux.total == evaluer(relu).totaux.total


def test_categorie_355_rend_non_retenu_et_propose_le_champ(qtbot, page, base) -> None:
    editeur = ouvrir_editeur(qtbot, page, 2, Colonne.CATEGORIE)
    qtbot.keyClicks(editeur, "355")  # recherche au clavier dans la liste
    assert editeur.currentText().startswith("355 — Centre hospitalier")
    valider(qtbot, page, editeur)

    assert texte(page, 2, Colonne.CATEGORIE) == "355"
    assert texte(page, 2, Colonne.CHAMP) == "Autre"  # le champ suit la catégorie
    statut = texte(page, 2, Colonne.STATUT)
    assert statut.startswith("non retenu : catégorie FINESS 355 (Centre hospitalier (CH))")
    infobulle = page.modele.index(2, Colonne.STATUT).data(Qt.ItemDataRole.ToolTipRole)
    assert "II.A" in infobulle
    relu = enregistre(base).dossier.etablissements[2]
    assert (relu.categorie, relu.champ.value) == ("355", "autre")


def test_le_champ_choisi_par_l_utilisateur_n_est_pas_ecrase(page) -> None:
    modele = page.modele
    assert modele.setData(modele.index(0, Colonne.CHAMP), "PH")  # choix délibéré
    assert modele.setData(modele.index(0, Colonne.CATEGORIE), "202")  # résidence autonomie : PA
    assert texte(page, 0, Colonne.CHAMP) == "Personnes handicapées"
    assert modele.setData(modele.index(1, Colonne.CATEGORIE), "182")  # SESSAD : PH
    assert texte(page, 1, Colonne.CHAMP) == "Personnes handicapées"


def test_part_devis_et_personnes_saisis_a_la_francaise(qtbot, page, base) -> None:
    saisir(qtbot, page, 5, Colonne.PART, "62,5")
    saisir(qtbot, page, 5, Colonne.DEVIS, "12 000,50")
    saisir(qtbot, page, 5, Colonne.PERSONNES, "48")
    assert texte(page, 5, Colonne.PART) == "62,5\u00a0%"
    assert texte(page, 5, Colonne.DEVIS) == "12\u202f000,50\u00a0€"
    assert texte(page, 5, Colonne.PERSONNES) == "48"
    relu = enregistre(base).dossier.etablissements[5]
    assert relu.part_activite_eligible == Decimal("0.625")
    assert relu.devis_editeur == Decimal("12000.50")
    assert relu.personnes_accompagnees == 48

    saisir(qtbot, page, 5, Colonne.PART, "150")
    assert page.erreur.text() == "Ligne 6, Part d'activité éligible : 150 % dépasse 100 %"
    saisir(qtbot, page, 5, Colonne.DEVIS, "")  # vide : plus de devis, le plafond s'applique
    assert enregistre(base).dossier.etablissements[5].devis_editeur is None
    assert page.modele.index(5, Colonne.PART).data(Qt.ItemDataRole.EditRole) == 62.5


def test_supprimer_les_lignes_selectionnees(qtbot, page, base, monkeypatch) -> None:
    questions: list[str] = []

    def repondre_oui(*arguments: object) -> QMessageBox.StandardButton:
        questions.append(str(arguments[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", repondre_oui)
    revision = enregistre(base).revision
    page.table.selectRow(1)
    page.table.selectionModel().select(
        page.modele.index(4, 0),
        page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows,
    )
    qtbot.mouseClick(page.bouton_supprimer, Qt.MouseButton.LeftButton)

    assert questions == ["Supprimer les 2 établissements sélectionnés du dossier ?"]
    relu = enregistre(base)
    assert relu.revision == revision + 1
    noms = [e.nom for e in relu.dossier.etablissements]
    assert "EHPAD Le Clos Fleuri" not in noms and "EHPAD Ker Maria" not in noms
    assert page.modele.rowCount() == 7
    assert texte(page, 6, Colonne.STATUT) == "retenu, rang 7"


# --- navigation, rechargement, textes ------------------------------------------------------


def test_aller_au_champ_selectionne_la_cellule(qtbot, application_fr, base) -> None:
    assistant = Assistant(SessionDossier(*base))
    qtbot.addWidget(assistant)
    assistant.show()
    assistant.aller_au_champ("etablissements[3].finess")
    page = assistant.pages[Page.ETABLISSEMENTS]
    assert isinstance(page, PageEtablissements)
    assert assistant.page_courante() is Page.ETABLISSEMENTS
    qtbot.waitUntil(lambda: page.table.currentIndex().row() == 3, timeout=2000)
    courant = page.table.currentIndex()
    assert (courant.row(), courant.column()) == (3, Colonne.FINESS)
    assert page.table.window().focusWidget() is page.table

    page.aller_au_champ("etablissements[5].part_activite_eligible")
    assert (page.table.currentIndex().row(), page.table.currentIndex().column()) == (5, 6)


def test_un_dossier_recharge_remet_le_tableau_a_jour(page, base) -> None:
    depot, ident = base
    ailleurs = depot.charger(ident)
    del ailleurs.dossier.etablissements[3:]
    depot.enregistrer(ident, ailleurs.dossier, ailleurs.revision)
    page.session.recharger()
    assert page.modele.rowCount() == 3
    assert texte(page, 2, Colonne.STATUT) == "retenu, rang 3"
    assert page.modele.index(3, Colonne.STATUT).data() is None


def test_mnemoniques_uniques_sur_la_page(qtbot, application_fr, base) -> None:
    """Alt+lettre doit désigner un seul bouton (ceux de l'assistant compris)."""
    assistant = Assistant(SessionDossier(*base))
    qtbot.addWidget(assistant)
    assistant.show()
    assistant.aller_a(Page.ETABLISSEMENTS)
    lettres = [
        m.group(1).lower()
        for bouton in assistant.findChildren(QAbstractButton)
        if bouton.isVisible() and (m := re.search(r"&(\w)", bouton.text()))
    ]
    assert len(lettres) >= 7
    assert len(lettres) == len(set(lettres)), lettres


def test_entetes_et_aide_expliquent_en_francais(page) -> None:
    for colonne in Colonne:
        infobulle = page.modele.headerData(colonne, Qt.Orientation.Horizontal, 3)
        assert infobulle == COLONNES[colonne].aide and len(infobulle) > 20
    assert page.modele.headerData(0, Qt.Orientation.Vertical, 0) == 1
    for paragraphe in ("II.A", "II.B.1", "II.B.2", "II.D.4", "FAQ", "L.312-1", "confort"):
        assert paragraphe in page.AIDE
    assert page.message_bloquant.parent() is page  # placé dans la page
    assert page.modele.rowCount(page.modele.index(0, 0)) == 0
    assert not page.modele.setData(QModelIndex(), "x")
