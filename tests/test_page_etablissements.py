"""La page « Établissements », pilotée comme un utilisateur, sur une vraie base SQLite.

Chaque test part de l'exemple de 9 EHPAD bretons importé dans une base neuve ; ce qui est
vérifié à l'écran est comparé à ce que les règles disent du dossier relu dans la base.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStyleOptionViewItem,
    QWidget,
)
from stdnum import luhn

import app_bureau.referentiel.ressources
from app_bureau.champs_dossier import definitions_de
from app_bureau.ecrans.assistant import Assistant
from app_bureau.ecrans.champs_formulaire import libelle_categorie
from app_bureau.ecrans.modele_etablissements import CHAMPS_DU_TABLEAU, COLONNES, Colonne
from app_bureau.ecrans.page_etablissements import DialogueCollage, PageEtablissements
from app_bureau.ecrans.session import SessionDossier
from app_bureau.formats import euros
from app_bureau.libelles import ROUGE
from app_bureau.modele import Champ
from app_bureau.navigation import Page
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.referentiel.categories_finess import categorie
from app_bureau.regles.evaluation import evaluer
from app_bureau.stockage.depot import DepotDossiers

EXEMPLE = Path(
    str(app_bureau.referentiel.ressources.ressource("exemples", "grappe-9-ehpad-bretagne.json"))
)
CLE_FAUSSE = "la clé ne correspond pas : un chiffre est probablement mal recopié"


def finess_valide(debut: str) -> str:
    return debut + luhn.calc_check_digit(debut)


def cle_fausse(finess: str) -> str:
    return finess[:-1] + str((int(finess[-1]) + 1) % 10)


@pytest.fixture
def en_base(tmp_path):
    depot = ouvrir_depot(tmp_path / "b.sqlite")
    exemple = app_bureau.referentiel.ressources.ressource(
        "exemples", "grappe-9-ehpad-bretagne.json"
    )
    ident = depot.importer(Path(str(exemple)))
    yield depot, ident
    depot.db.close()


@pytest.fixture
def session(en_base) -> SessionDossier:
    return SessionDossier(*en_base)


@pytest.fixture
def page(qtbot, application_fr, session) -> PageEtablissements:
    page = PageEtablissements(session)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    page.rafraichir()
    return page


@pytest.fixture
def assistant(qtbot, application_fr, session) -> Assistant:
    assistant = Assistant(session)
    qtbot.addWidget(assistant)
    assistant.resize(1366, 740)
    assistant.show()
    assistant.aller_a(Page.ETABLISSEMENTS)
    return assistant


def texte(page: PageEtablissements, ligne: int, colonne: Colonne) -> str:
    return page.modele.index(ligne, colonne).data()


def enregistre(en_base: tuple[DepotDossiers, int]):  # type: ignore[no-untyped-def]
    depot, ident = en_base
    return depot.charger(ident)


def ouvrir_editeur(qtbot, page: PageEtablissements, ligne: int, colonne: Colonne) -> QWidget:
    """Se place sur la cellule et appuie sur F2, comme l'utilisateur."""
    index = page.modele.index(ligne, colonne)
    page.table.setCurrentIndex(index)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editeur = page.table.indexWidget(index)
    assert editeur is not None, "F2 n'a pas ouvert d'éditeur"
    return editeur


def valider(qtbot, page: PageEtablissements, editeur: QWidget) -> None:
    """Entrée : le délégué enregistre puis ferme l'éditeur (en différé, comme Qt le fait)."""
    qtbot.keyClick(editeur, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != page.table.State.EditingState)


def saisir(qtbot, page: PageEtablissements, ligne: int, colonne: Colonne, valeur: str) -> None:
    editeur = ouvrir_editeur(qtbot, page, ligne, colonne)
    qtbot.keyClick(editeur, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editeur, Qt.Key.Key_Delete)
    qtbot.keyClicks(editeur, valeur)  # ASCII seulement (keyClicks refuse les accents)
    valider(qtbot, page, editeur)


def taper_dans(zone: QLineEdit, texte: str) -> None:
    """Ce que fait la frappe dans une zone du formulaire (accents compris)."""
    zone.setFocus()
    zone.setText(texte)
    zone.textEdited.emit(texte)


def rouge(page: PageEtablissements, ligne: int, colonne: Colonne) -> bool:
    couleur = page.modele.index(ligne, colonne).data(Qt.ItemDataRole.ForegroundRole)
    return couleur is not None and couleur.color().name() == ROUGE.lower()


# --- saisie du FINESS : refusée, gardée, corrigée -------------------------------------------


def test_un_finess_refuse_reste_en_rouge_et_compte_comme_bloquant(
    qtbot, assistant, en_base
) -> None:
    page = assistant.pages[Page.ETABLISSEMENTS]
    assert isinstance(page, PageEtablissements)
    avant = enregistre(en_base)
    assert assistant.panneau.bloquants.text() == "0"
    faux = cle_fausse("350012035")
    saisir(qtbot, page, 3, Colonne.FINESS, faux)

    # ce qui a été tapé reste dans la cellule, en rouge, avec la raison
    assert texte(page, 3, Colonne.FINESS) == faux
    assert rouge(page, 3, Colonne.FINESS) and not rouge(page, 3, Colonne.NOM)
    icone = Qt.ItemDataRole.DecorationRole  # pas la couleur seule : un signe aussi
    assert page.modele.index(3, Colonne.FINESS).data(icone) is not None
    assert page.modele.index(3, Colonne.NOM).data(icone) is None
    infobulle = page.modele.index(3, Colonne.FINESS).data(Qt.ItemDataRole.ToolTipRole)
    assert CLE_FAUSSE in infobulle
    assert page.erreur.isVisible()
    assert page.erreur.text() == f"Ligne 4, FINESS : {CLE_FAUSSE}"
    assert page.message_bloquant.isVisible()
    assert f"« {faux} » n'est pas enregistré — {CLE_FAUSSE}" in page.message_bloquant.text()
    # le dossier ne change pas ; la saisie est gardée en en_base et compte comme bloquante
    assert page.session.dossier.etablissements[3].finess == "350012035"
    apres = enregistre(en_base)
    assert apres.revision == avant.revision
    assert apres.dossier.etablissements[3].finess == "350012035"
    assert en_base[0].saisies(en_base[1])["etablissements[3].finess"].texte == faux
    assert assistant.panneau.bloquants.text() == "1"
    assert assistant.etapes.etats[Page.ETABLISSEMENTS].bloquants == 1
    assert assistant.etapes.etats[Page.ELIGIBILITE].bloquants == 1

    # rouvrir la cellule reprend ce qui a été tapé ; le corriger efface la saisie refusée
    editeur = ouvrir_editeur(qtbot, page, 3, Colonne.FINESS)
    assert isinstance(editeur, QLineEdit) and editeur.text() == faux
    qtbot.keyClick(editeur, Qt.Key.Key_Escape)
    saisir(qtbot, page, 3, Colonne.FINESS, "350 012 035")
    assert texte(page, 3, Colonne.FINESS) == "350012035" and not rouge(page, 3, Colonne.FINESS)
    assert page.session.saisies == {} and en_base[0].saisies(en_base[1]) == {}
    assert assistant.panneau.bloquants.text() == "0"
    assert not page.message_bloquant.isVisible()

    # un FINESS déjà présent dans le dossier est refusé et gardé de la même façon
    saisir(qtbot, page, 3, Colonne.FINESS, "350012001")
    assert page.erreur.text() == "Ligne 4, FINESS : 350012001 figure déjà à la ligne 1"
    assert texte(page, 3, Colonne.FINESS) == "350012001" and rouge(page, 3, Colonne.FINESS)
    assert assistant.panneau.bloquants.text() == "1"
    assert enregistre(en_base).dossier.etablissements[3].finess == "350012035"


def test_un_finess_refuse_survit_a_la_fermeture_et_mene_a_sa_cellule(ouvrir_fenetre, qtbot) -> None:
    fenetre = ouvrir_fenetre()
    identifiant = fenetre.liste.importer_fichier(
        Path(
            str(
                app_bureau.referentiel.ressources.ressource(
                    "exemples", "grappe-9-ehpad-bretagne.json"
                )
            )
        )
    )
    assistant = fenetre.assistant
    assert assistant is not None
    assistant.aller_a(Page.ETABLISSEMENTS)
    page = assistant.pages[Page.ETABLISSEMENTS]
    assert isinstance(page, PageEtablissements)
    faux = cle_fausse("560034019")
    saisir(qtbot, page, 6, Colonne.FINESS, faux)
    assert assistant.panneau.bloquants.text() == "1"
    fenetre.close()
    fenetre.depot.db.close()

    # relancer l'application : la saisie refusée est toujours là, en rouge, et bloquante
    seconde = ouvrir_fenetre()
    seconde.rouvrir_le_dernier()
    assistant = seconde.assistant
    assert assistant is not None and assistant.session.identifiant == identifiant
    page = assistant.pages[Page.ETABLISSEMENTS]
    assert isinstance(page, PageEtablissements)
    assert texte(page, 6, Colonne.FINESS) == faux and rouge(page, 6, Colonne.FINESS)
    assert assistant.panneau.bloquants.text() == "1"
    assert seconde.depot.charger(identifiant).dossier.etablissements[6].finess == "560034019"

    # dans l'Éligibilité, Entrée sur le constat mène à la cellule
    assistant.aller_a(Page.ELIGIBILITE)
    arbre = assistant.pages[Page.ELIGIBILITE].liste
    bloquants = arbre.topLevelItem(0)
    assert bloquants.text(0) == "1 problème bloquant"
    constat = bloquants.child(0)
    assert f"Ligne 7, FINESS : « {faux} » n'est pas enregistré" in constat.text(0)
    arbre.setCurrentItem(constat)
    arbre.setFocus()
    qtbot.keyClick(arbre, Qt.Key.Key_Return)
    assert assistant.page_courante() is Page.ETABLISSEMENTS
    qtbot.waitUntil(lambda: page.table.currentIndex().row() == 6, timeout=2000)
    page.table.setCurrentIndex(page.modele.index(0, Colonne.NOM))

    # le problème, choisi dans le panneau, mène à la cellule depuis une autre étape
    assistant.aller_a(Page.PORTEUR)
    qtbot.mouseClick(assistant.panneau.bloquants, Qt.MouseButton.LeftButton)
    (action,) = assistant.panneau.menu.actions()
    assert faux in action.text() and "(Établissements)" in action.text()
    action.trigger()
    assert assistant.page_courante() is Page.ETABLISSEMENTS
    qtbot.waitUntil(lambda: page.table.currentIndex().row() == 6, timeout=2000)
    assert page.table.currentIndex().column() == Colonne.FINESS
    assert page.table.window().focusWidget() is page.table

    # corrigée, elle disparaît, y compris après une nouvelle relance
    saisir(qtbot, page, 6, Colonne.FINESS, "560034019")
    assert assistant.panneau.bloquants.text() == "0"
    seconde.close()
    seconde.depot.db.close()
    troisieme = ouvrir_fenetre()
    troisieme.rouvrir_le_dernier()
    assert troisieme.assistant is not None
    assert troisieme.assistant.session.saisies == {}
    troisieme.depot.db.close()


def test_corriger_le_finess_met_a_jour_statut_total_et_base(qtbot, assistant, en_base) -> None:
    session = assistant.session
    page = assistant.pages[Page.ETABLISSEMENTS]
    assert isinstance(page, PageEtablissements)
    total_initial = session.evaluation.totaux.total

    # « Ajouter » crée une ligne sans FINESS pour le premier OG et ouvre sa saisie
    qtbot.mouseClick(page.bouton_ajouter, Qt.MouseButton.LeftButton)
    assert page.modele.rowCount() == 10
    assert texte(page, 9, Colonne.ORGANISME) == "Association Les Ajoncs"
    assert texte(page, 9, Colonne.STATUT) == "non retenu : pas de numéro FINESS géographique"
    assert texte(page, 9, Colonne.TOTAL) == "—"
    assert page.boite_ligne.title() == "Ligne 10 : sans nom"
    editeur = page.table.indexWidget(page.modele.index(9, Colonne.FINESS))
    assert editeur is not None
    bon = finess_valide("35001205")
    qtbot.keyClicks(editeur, cle_fausse(bon))
    valider(qtbot, page, editeur)
    assert page.erreur.text() == f"Ligne 10, FINESS : {CLE_FAUSSE}"
    assert texte(page, 9, Colonne.FINESS) == cle_fausse(bon)
    assert session.dossier.etablissements[9].finess == ""
    assert session.evaluation.totaux.total == total_initial

    saisir(qtbot, page, 9, Colonne.FINESS, bon[:3] + " " + bon[3:])  # espaces tolérés
    assert not page.erreur.isVisible()
    assert texte(page, 9, Colonne.FINESS) == bon
    assert texte(page, 9, Colonne.STATUT) == "retenu, rang 10"
    assert page.territoire.text() == "Ille-et-Vilaine (35) — Bretagne"

    relu = enregistre(en_base).dossier
    assert relu.etablissements[9].finess == bon
    attendu = evaluer(relu)
    assert attendu.totaux.total > total_initial
    assert texte(page, 9, Colonne.TOTAL) == euros(attendu.etablissements[9].total)
    assert session.evaluation.totaux.total == attendu.totaux.total
    assert assistant.panneau.total.text() == euros(attendu.totaux.total)
    assert assistant.panneau.retenus.text() == "10"


# --- supprimer sans question, annuler --------------------------------------------------------


def test_supprimer_deux_lignes_sans_question_puis_ctrl_z_les_remet(
    ouvrir_fenetre, qtbot, monkeypatch
) -> None:
    def jamais(*_arguments: object) -> QMessageBox.StandardButton:
        raise AssertionError("Supprimer ne pose pas de question")

    monkeypatch.setattr(QMessageBox, "question", jamais)
    fenetre = ouvrir_fenetre()
    identifiant = fenetre.liste.importer_fichier(
        Path(
            str(
                app_bureau.referentiel.ressources.ressource(
                    "exemples", "grappe-9-ehpad-bretagne.json"
                )
            )
        )
    )
    assistant = fenetre.assistant
    assert assistant is not None
    assistant.aller_a(Page.ETABLISSEMENTS)
    page = assistant.pages[Page.ETABLISSEMENTS]
    assert isinstance(page, PageEtablissements)
    noms = [e.nom for e in page.session.dossier.etablissements]
    faux = cle_fausse("560034027")
    saisir(qtbot, page, 7, Colonne.FINESS, faux)  # une saisie refusée après les lignes ôtées
    revision = fenetre.depot.charger(identifiant).revision

    page.table.selectRow(1)
    modele_selection = page.table.selectionModel()
    modele_selection.select(
        page.modele.index(4, 0),
        modele_selection.SelectionFlag.Select | modele_selection.SelectionFlag.Rows,
    )
    qtbot.mouseClick(page.bouton_supprimer, Qt.MouseButton.LeftButton)

    assert page.modele.rowCount() == 7
    assert fenetre.statusBar().currentMessage() == (
        "2 établissements supprimés — Ctrl+Z pour annuler"
    )
    relu = fenetre.depot.charger(identifiant)
    assert relu.revision == revision + 1
    assert [e.nom for e in relu.dossier.etablissements] == [
        n for i, n in enumerate(noms) if i not in (1, 4)
    ]
    assert texte(page, 6, Colonne.STATUT) == "retenu, rang 7"
    assert texte(page, 5, Colonne.FINESS) == faux  # la saisie refusée suit sa ligne
    assert fenetre.annuler.text() == "Annuler : supprimer 2 établissements"

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.modele.rowCount() == 9
    assert [e.nom for e in page.session.dossier.etablissements] == noms  # à leur place
    assert [e.nom for e in fenetre.depot.charger(identifiant).dossier.etablissements] == noms
    assert texte(page, 1, Colonne.NOM) == "EHPAD Le Clos Fleuri"
    assert texte(page, 4, Colonne.STATUT) == "retenu, rang 5"
    assert texte(page, 7, Colonne.FINESS) == faux and rouge(page, 7, Colonne.FINESS)
    assert assistant.panneau.retenus.text() == "9"

    # Édition > Rétablir les retire de nouveau
    fenetre.retablir.trigger()
    assert page.modele.rowCount() == 7
    fenetre.depot.db.close()


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


def resultats_de(apercu: DialogueCollage) -> dict[str, str]:
    return {
        apercu.lignes.item(r, 1).text(): apercu.lignes.item(r, 4).text()
        for r in range(apercu.lignes.rowCount())
    }


def test_coller_30_lignes_apercu_puis_seules_les_valides(qtbot, page, en_base, monkeypatch) -> None:
    contenu, valides = lignes_a_coller()
    avant = enregistre(en_base)
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
    resultats = resultats_de(apercu)
    assert len(resultats) == 30
    assert list(resultats.values()).count("ajoutée") == 27
    assert resultats[cle_fausse(finess_valide("29000004"))] == f"FINESS : {CLE_FAUSSE}"
    assert resultats[finess_valide("29000011")].startswith("Champ : « Astronautes » inconnu")
    assert resultats[finess_valide("29000017")] == "Part d'activité éligible : 150 % dépasse 100 %"
    assert "27 seront ajoutées, 3 comportent des erreurs" in apercu.resume.text()
    assert apercu.bouton_ok.text() == "Ajouter 27 établissements"
    # pas de colonne Organisme : celui de la liste de l'aperçu, dit sur chaque ligne
    assert apercu.lignes.item(0, 3).text() == "Association Les Ajoncs (choisi ci-dessous)"

    assert page.modele.rowCount() == 36
    relu = enregistre(en_base)
    assert relu.revision == avant.revision + 1  # une seule modification pour tout le collage
    assert [e.finess for e in relu.dossier.etablissements[9:]] == valides
    service_3 = relu.dossier.etablissements[9 + 3]
    assert service_3.nom == "Service 3" and service_3.organisme == "ajoncs"
    assert service_3.part_activite_eligible == Decimal("0.625")
    assert service_3.devis_editeur is None and service_3.equipement
    assert service_3.champ is Champ.DOMICILE
    assert relu.dossier.etablissements[10].devis_editeur == Decimal("12500.00")
    assert texte(page, 35, Colonne.STATUT) == "retenu, rang 36"
    assert texte(page, 12, Colonne.CATEGORIE) == "EHPAD (500)"
    assert page.session.evaluation.totaux.total == evaluer(relu.dossier).totaux.total
    # la ligne ajoutée en premier est choisie : le formulaire la montre
    assert page.table.currentIndex().row() == 9
    assert page.formulaire["devis_editeur"].saisie.text() == "12500"


def test_coller_une_colonne_organisme_de_deux_associations(
    qtbot, page, en_base, monkeypatch
) -> None:
    """La colonne « Organisme gestionnaire » est lue (raison sociale, identifiant, FINESS
    juridique) ; l'organisme de l'aperçu ne va qu'aux lignes qui n'en indiquent pas ; un
    organisme absent du dossier met sa ligne en erreur. Les places sont lues aussi."""
    a, b, c, d, e = (finess_valide(f"3500{i:04d}") for i in range(70, 75))
    contenu = (
        "FINESS\tNom\tOrganisme gestionnaire\tPlaces\tPersonnes accompagnées\n"
        f"{a}\tSSIAD du Pays\tAssociation Les Ajoncs\t40\t38\n"
        f"{b}\tIME Ker Avel\tfondation ker avel\t60\t\n"
        f"{c}\tFAM Ker Avel\t569 000 904\t25\t\n"
        f"{d}\tSAVS\t\t12\t\n"
        f"{e}\tEHPAD Ailleurs\tAssociation Inconnue\t80\t\n"
    )
    apercus: list[dict[str, tuple[str, str]]] = []
    resumes: list[str] = []

    def accepter(dialogue: DialogueCollage) -> QDialog.DialogCode:
        lignes = dialogue.lignes
        apercus.append(
            {
                lignes.item(r, 1).text(): (lignes.item(r, 3).text(), lignes.item(r, 4).text())
                for r in range(lignes.rowCount())
            }
        )
        resumes.append(dialogue.resume.text())
        dialogue.organisme.setCurrentIndex(dialogue.organisme.findData("keravel"))
        assert lignes.item(3, 3).text() == "Fondation Ker Avel (choisi ci-dessous)"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DialogueCollage, "exec", accepter)
    QApplication.clipboard().setText(contenu)
    qtbot.mouseClick(page.bouton_coller, Qt.MouseButton.LeftButton)

    (apercu,) = apercus
    assert apercu[a] == ("Association Les Ajoncs", "ajoutée")
    assert apercu[b] == ("Fondation Ker Avel", "ajoutée")
    assert apercu[c] == ("Fondation Ker Avel", "ajoutée")  # par son FINESS juridique
    assert apercu[d] == ("Association Les Ajoncs (choisi ci-dessous)", "ajoutée")
    assert apercu[e][1].startswith(
        "Organisme gestionnaire : « Association Inconnue » ne correspond à aucun organisme"
    )
    assert "Colonnes non lues" not in resumes[0]

    ajoutes = enregistre(en_base).dossier.etablissements[9:]
    assert [(x.finess, x.organisme, x.places) for x in ajoutes] == [
        (a, "ajoncs", 40),
        (b, "keravel", 60),
        (c, "keravel", 25),
        (d, "keravel", 12),  # l'organisme choisi dans l'aperçu
    ]
    assert ajoutes[0].personnes_accompagnees == 38
    assert [texte(page, i, Colonne.ORGANISME) for i in range(9, 13)] == [
        "Association Les Ajoncs",
        "Fondation Ker Avel",
        "Fondation Ker Avel",
        "Fondation Ker Avel",
    ]


def test_coller_puis_annuler_n_ajoute_rien(qtbot, page, en_base, monkeypatch) -> None:
    monkeypatch.setattr(DialogueCollage, "exec", lambda _d: QDialog.DialogCode.Rejected)
    QApplication.clipboard().setText(lignes_a_coller()[0])
    revision = enregistre(en_base).revision
    qtbot.mouseClick(page.bouton_coller, Qt.MouseButton.LeftButton)
    assert page.modele.rowCount() == 9
    assert enregistre(en_base).revision == revision


def test_coller_un_presse_papiers_vide_le_dit(qtbot, page, monkeypatch) -> None:
    ouverts: list[DialogueCollage] = []
    monkeypatch.setattr(DialogueCollage, "exec", lambda d: ouverts.append(d) or 0)
    QApplication.clipboard().setText("")
    qtbot.mouseClick(page.bouton_coller, Qt.MouseButton.LeftButton)
    assert not ouverts
    assert page.erreur.text().startswith("Le presse-papiers ne contient pas de texte")


# --- ordre, formulaire de la ligne, catégorie -----------------------------------------------


def test_monter_et_descendre_changent_le_rang(qtbot, page, en_base) -> None:
    assert texte(page, 1, Colonne.NOM) == "EHPAD Le Clos Fleuri"
    assert texte(page, 1, Colonne.STATUT) == "retenu, rang 2"
    page.table.setCurrentIndex(page.modele.index(1, Colonne.NOM))
    qtbot.mouseClick(page.bouton_descendre, Qt.MouseButton.LeftButton)

    assert texte(page, 2, Colonne.NOM) == "EHPAD Le Clos Fleuri"
    assert texte(page, 2, Colonne.STATUT) == "retenu, rang 3"
    assert texte(page, 1, Colonne.NOM) == "EHPAD La Roseraie"
    assert texte(page, 1, Colonne.STATUT) == "retenu, rang 2"
    assert page.table.currentIndex().row() == 2  # la sélection suit la ligne
    assert page.boite_ligne.title() == "Ligne 3 : EHPAD Le Clos Fleuri"  # le formulaire aussi
    assert enregistre(en_base).dossier.etablissements[2].nom == "EHPAD Le Clos Fleuri"
    assert "50e" in page.bouton_descendre.toolTip() and "II.D.4" in page.bouton_monter.toolTip()

    qtbot.mouseClick(page.bouton_monter, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.bouton_monter, Qt.MouseButton.LeftButton)
    assert texte(page, 0, Colonne.NOM) == "EHPAD Le Clos Fleuri"
    assert texte(page, 0, Colonne.STATUT) == "retenu, rang 1"
    assert [e.nom for e in enregistre(en_base).dossier.etablissements[:3]] == [
        "EHPAD Le Clos Fleuri",
        "EHPAD Les Ajoncs",
        "EHPAD La Roseraie",
    ]
    qtbot.mouseClick(page.bouton_monter, Qt.MouseButton.LeftButton)  # déjà en tête : rien
    assert texte(page, 0, Colonne.NOM) == "EHPAD Le Clos Fleuri"


def test_le_formulaire_suit_la_ligne_choisie(qtbot, page) -> None:
    """Tous les champs de l'établissement absents du tableau sont dans le formulaire, tirés
    des définitions ; ils montrent la ligne choisie."""
    attendus = {d.attribut for d in definitions_de("etablissements[]")} - CHAMPS_DU_TABLEAU
    assert set(page.formulaire) == attendus
    assert {"places", "personnes_accompagnees", "equipement", "devis_editeur"} <= attendus
    page.table.setCurrentIndex(page.modele.index(1, Colonne.NOM))
    assert page.boite_ligne.title() == "Ligne 2 : EHPAD Le Clos Fleuri"
    assert page.formulaire["devis_editeur"].saisie.text() == ""
    assert page.formulaire["champ"].saisie.currentText() == "Personnes âgées"
    assert page.territoire.text() == "Ille-et-Vilaine (35) — Bretagne"
    page.table.setCurrentIndex(page.modele.index(5, Colonne.NOM))
    assert page.formulaire["devis_editeur"].saisie.text() == "13200"
    assert page.territoire.text() == "Morbihan (56) — Bretagne"
    assert page.formulaire["equipement"].saisie.isChecked()
    assert page.formulaire["equipement"].chemin == "etablissements[5].equipement"


def test_deja_finance_coche_au_clavier_rend_non_retenu(qtbot, page, en_base) -> None:
    page.table.setCurrentIndex(page.modele.index(0, Colonne.NOM))
    signales: list[tuple[int, int, int, int]] = []
    page.modele.dataChanged.connect(
        lambda a, b, _roles=(): signales.append((a.row(), a.column(), b.row(), b.column()))
    )
    case = page.formulaire["deja_finance"].saisie
    assert isinstance(case, QCheckBox)
    case.setFocus()
    qtbot.keyClick(case, Qt.Key.Key_Space)

    assert case.isChecked()
    statut = texte(page, 0, Colonne.STATUT)
    assert statut == "non retenu : déjà financé par ESMS numérique (un seul financement par ESSMS)"
    assert texte(page, 0, Colonne.TOTAL) == "—"
    infobulle = page.modele.index(0, Colonne.STATUT).data(Qt.ItemDataRole.ToolTipRole)
    assert "déjà financé" in infobulle and "II.B.1" in infobulle
    assert texte(page, 1, Colonne.STATUT) == "retenu, rang 1"  # les rangs suivants remontent
    # la vue est prévenue des seuls statuts et totaux changés : ici, toutes les lignes
    assert signales == [(0, Colonne.STATUT, 8, Colonne.TOTAL)]
    relu = enregistre(en_base).dossier
    assert relu.etablissements[0].deja_finance
    assert page.session.evaluation.totaux.total == evaluer(relu).totaux.total


def test_equipement_decoche_ne_repeint_que_sa_ligne(qtbot, page) -> None:
    page.table.setCurrentIndex(page.modele.index(2, Colonne.NOM))
    signales: list[tuple[int, int, int, int]] = []
    page.modele.dataChanged.connect(
        lambda a, b, _roles=(): signales.append((a.row(), a.column(), b.row(), b.column()))
    )
    avant = texte(page, 2, Colonne.TOTAL)
    page.formulaire["equipement"].saisie.click()
    assert not page.session.dossier.etablissements[2].equipement
    assert texte(page, 2, Colonne.TOTAL) != avant
    assert signales == [(2, Colonne.STATUT, 2, Colonne.TOTAL)]


def test_categorie_trouvee_en_tapant_ssiad(qtbot, page, en_base) -> None:
    editeur = ouvrir_editeur(qtbot, page, 2, Colonne.CATEGORIE)
    assert isinstance(editeur, QComboBox) and editeur.isEditable()
    assert editeur.accessibleName() == "Catégorie FINESS"
    # la liste commence par les ESSMS, rangés par libellé : pas par les codes hospitaliers
    premiers = [editeur.itemData(i) for i in range(1, 6)]
    assert all(categorie(code).essms for code in premiers), premiers
    qtbot.keyClicks(editeur.lineEdit(), "SSIAD")
    propositions = editeur.completer().completionModel()
    assert propositions.rowCount() == 1
    assert propositions.index(0, 0).data() == libelle_categorie("354")
    popup = editeur.completer().popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert editeur.currentText() == libelle_categorie("354")
    valider(qtbot, page, editeur)

    assert texte(page, 2, Colonne.CATEGORIE) == "SSIAD (354)"  # le libellé long en infobulle
    assert page.session.dossier.etablissements[2].categorie == "354"
    assert page.session.dossier.etablissements[2].champ is Champ.DOMICILE  # proposé
    assert enregistre(en_base).dossier.etablissements[2].categorie == "354"

    # « IME » tapé puis Entrée, sans choisir dans la liste : lu comme un sigle
    saisir(qtbot, page, 3, Colonne.CATEGORIE, "IME")
    assert page.session.dossier.etablissements[3].categorie == "183"
    assert texte(page, 3, Colonne.CATEGORIE) == "IME (183)"


def test_categorie_inconnue_gardee_en_rouge(qtbot, page) -> None:
    saisir(qtbot, page, 4, Colonne.CATEGORIE, "ZZZ")
    assert texte(page, 4, Colonne.CATEGORIE) == "ZZZ" and rouge(page, 4, Colonne.CATEGORIE)
    assert page.session.saisies["etablissements[4].categorie"].texte == "ZZZ"
    assert page.session.dossier.etablissements[4].categorie == "500"
    saisir(qtbot, page, 4, Colonne.CATEGORIE, "EHPAD")
    assert "etablissements[4].categorie" not in page.session.saisies
    assert not rouge(page, 4, Colonne.CATEGORIE)


def test_categorie_355_rend_non_retenu_et_propose_le_champ(qtbot, page, en_base) -> None:
    saisir(qtbot, page, 2, Colonne.CATEGORIE, "355")
    assert texte(page, 2, Colonne.CATEGORIE) == "CH (355)"
    assert page.formulaire["champ"].saisie.currentText() == "Autre"  # le champ suit
    statut = texte(page, 2, Colonne.STATUT)
    assert statut.startswith("non retenu : catégorie FINESS 355 (Centre hospitalier (CH))")
    infobulle = page.modele.index(2, Colonne.STATUT).data(Qt.ItemDataRole.ToolTipRole)
    assert "II.A" in infobulle
    relu = enregistre(en_base).dossier.etablissements[2]
    assert (relu.categorie, relu.champ.value) == ("355", "autre")


def test_le_champ_choisi_par_l_utilisateur_n_est_pas_ecrase(qtbot, page) -> None:
    page.table.setCurrentIndex(page.modele.index(0, Colonne.NOM))
    liste = page.formulaire["champ"].saisie
    assert isinstance(liste, QComboBox)
    position = liste.findData(Champ.PH)
    liste.setCurrentIndex(position)
    liste.activated.emit(position)  # choix délibéré dans le formulaire
    assert page.session.dossier.etablissements[0].champ is Champ.PH
    modele = page.modele
    assert modele.setData(modele.index(0, Colonne.CATEGORIE), "202")  # résidence autonomie : PA
    assert liste.currentText() == "Personnes handicapées"
    assert modele.setData(modele.index(1, Colonne.CATEGORIE), "182")  # SESSAD : PH
    assert page.session.dossier.etablissements[1].champ is Champ.PH


def test_part_devis_places_saisis_a_la_francaise_dans_le_formulaire(qtbot, page, en_base) -> None:
    page.table.setCurrentIndex(page.modele.index(5, Colonne.NOM))
    zones = {a: page.formulaire[a].saisie for a in page.formulaire}
    taper_dans(zones["part_activite_eligible"], "62,5")
    taper_dans(zones["devis_editeur"], "12 000,50")
    taper_dans(zones["personnes_accompagnees"], "48")
    taper_dans(zones["places"], "60")
    relu = enregistre(en_base).dossier.etablissements[5]
    assert relu.part_activite_eligible == Decimal("0.625")
    assert relu.devis_editeur == Decimal("12000.50")
    assert (relu.personnes_accompagnees, relu.places) == (48, 60)

    taper_dans(zones["part_activite_eligible"], "150")
    part = page.formulaire["part_activite_eligible"]
    assert part.erreur.isVisible()
    assert part.erreur.text() == "Part d'activité éligible : 150 % dépasse 100 %"
    assert page.session.saisies["etablissements[5].part_activite_eligible"].texte == "150"
    taper_dans(zones["devis_editeur"], "")  # vide : plus de devis, le plafond s'applique
    assert enregistre(en_base).dossier.etablissements[5].devis_editeur is None

    # la saisie refusée reste sur sa ligne : une autre ligne montre sa propre valeur
    page.table.setCurrentIndex(page.modele.index(6, Colonne.NOM))
    assert zones["part_activite_eligible"].text() == "100" and not part.erreur.isVisible()
    page.table.setCurrentIndex(page.modele.index(5, Colonne.NOM))
    assert zones["part_activite_eligible"].text() == "150" and part.erreur.isVisible()


# --- navigation, rechargement, largeur, clavier ----------------------------------------------


def test_aller_au_champ_selectionne_la_cellule_ou_le_champ(qtbot, assistant) -> None:
    assistant.aller_a(Page.PORTEUR)
    assistant.aller_au_champ("etablissements[3].finess")
    page = assistant.pages[Page.ETABLISSEMENTS]
    assert isinstance(page, PageEtablissements)
    assert assistant.page_courante() is Page.ETABLISSEMENTS
    qtbot.waitUntil(lambda: page.table.currentIndex().row() == 3, timeout=2000)
    courant = page.table.currentIndex()
    assert (courant.row(), courant.column()) == (3, Colonne.FINESS)
    assert page.table.window().focusWidget() is page.table

    assistant.aller_au_champ("etablissements[5].devis_editeur")
    zone = page.formulaire["devis_editeur"].saisie
    qtbot.waitUntil(lambda: zone.hasFocus(), timeout=2000)
    assert page.table.currentIndex().row() == 5
    assert page.formulaire["devis_editeur"].chemin == "etablissements[5].devis_editeur"


def test_un_dossier_recharge_remet_le_tableau_a_jour(page, en_base) -> None:
    depot, ident = en_base
    page.table.setCurrentIndex(page.modele.index(6, Colonne.NOM))
    ailleurs = depot.charger(ident)
    del ailleurs.dossier.etablissements[3:]
    depot.enregistrer(ident, ailleurs.dossier, ailleurs.revision)
    page.session.recharger()
    assert page.modele.rowCount() == 3
    assert texte(page, 2, Colonne.STATUT) == "retenu, rang 3"
    assert page.modele.index(3, Colonne.STATUT).data() is None
    assert page.ligne_choisie == 2 and page.boite_ligne.title() == "Ligne 3 : EHPAD La Roseraie"


@pytest.mark.parametrize("largeur, hauteur", [(1366, 768), (1280, 720)])
def test_tient_sans_defilement_horizontal(ouvrir_fenetre, qtbot, largeur, hauteur) -> None:
    fenetre = ouvrir_fenetre()
    fenetre.liste.importer_fichier(EXEMPLE)
    fenetre.setWindowState(Qt.WindowState.WindowNoState)
    fenetre.resize(largeur, hauteur)
    assistant = fenetre.assistant
    assert assistant is not None
    assistant.aller_a(Page.ETABLISSEMENTS)
    QApplication.processEvents()
    page = assistant.pages[Page.ETABLISSEMENTS]
    assert isinstance(page, PageEtablissements)
    defilement = assistant.defilements[Page.ETABLISSEMENTS]
    assert defilement.viewport().width() <= 900  # la zone centrale, aide fermée
    assert page.minimumSizeHint().width() <= defilement.viewport().width()
    assert page.width() <= defilement.viewport().width()  # rien de coupé à droite
    assert not defilement.horizontalScrollBar().isVisible()
    assert not page.table.horizontalScrollBar().isVisible()
    largeurs = [page.table.columnWidth(c) for c in Colonne]
    assert sum(largeurs) <= page.table.viewport().width()
    entetes = page.table.horizontalHeader()
    for colonne in Colonne:  # aucun titre coupé
        titre = COLONNES[colonne].titre
        assert entetes.fontMetrics().horizontalAdvance(titre) < largeurs[colonne], titre
    assert largeurs[Colonne.NOM] >= 120  # le nom garde de la place
    assert page.boite_ligne.isVisible()
    fenetre.depot.db.close()


def test_noms_accessibles_et_tab_du_tableau_au_formulaire(qtbot, page) -> None:
    for widget in page.findChildren(QWidget):
        if isinstance(widget, QAbstractButton | QLineEdit | QComboBox) or widget is page.table:
            assert widget.accessibleName(), widget
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)  # Tab quitte le tableau…
    assert page.formulaire["champ"].saisie.hasFocus()  # … pour le premier champ du formulaire
    vus_formulaire = []
    for _ in range(len(page.formulaire)):
        vus_formulaire.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    # la colonne de gauche de haut en bas, puis les cases à cocher de droite
    assert vus_formulaire == [
        page.formulaire[a].saisie
        for a in (
            "champ",
            "part_activite_eligible",
            "devis_editeur",
            "personnes_accompagnees",
            "places",
            "equipement",
            "deja_finance",
            "commande_sons_autre_logiciel",
        )
    ]
    page.bouton_ajouter.setFocus()
    vus = []
    for _ in range(7):
        vus.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert vus == [
        page.bouton_ajouter,
        page.bouton_supprimer,
        page.bouton_monter,
        page.bouton_descendre,
        page.bouton_coller,
        page.bouton_importer,
        page.bouton_extrait,
    ]
    assert QApplication.focusWidget() is page.table


def test_mnemoniques_uniques_sur_la_page(qtbot, assistant) -> None:
    """Alt+lettre doit désigner un seul bouton ou champ (ceux de l'assistant compris)."""
    textes = [b.text() for b in assistant.findChildren(QAbstractButton) if b.isVisible()]
    textes += [e.text() for e in assistant.findChildren(QLabel) if e.isVisible() and e.buddy()]
    lettres = [m.group(1).lower() for t in textes if (m := re.search(r"&(\w)", t))]
    assert len(lettres) >= 12
    assert len(lettres) == len(set(lettres)), lettres


def test_entetes_et_aide_expliquent_en_francais(page) -> None:
    for colonne in Colonne:
        infobulle = page.modele.headerData(colonne, Qt.Orientation.Horizontal, 3)
        assert infobulle == COLONNES[colonne].aide and len(infobulle) > 20
    assert page.modele.headerData(0, Qt.Orientation.Vertical, 0) == 1
    for paragraphe in ("II.A", "II.B.1", "II.B.2", "II.D.4", "FAQ", "L.312-1", "confort"):
        assert paragraphe in page.AIDE
    assert "Ctrl+Z" in page.AIDE and "Organisme gestionnaire" in page.AIDE
    assert page.message_bloquant.parent() is page  # placé dans la page
    assert page.modele.rowCount(page.modele.index(0, 0)) == 0
    assert not page.modele.setData(QModelIndex(), "x")


def test_la_colonne_organisme_garde_la_fin_du_nom(page) -> None:  # type: ignore[no-untyped-def]
    """Essai d'un directeur : « Association Les Genêts » et « Association Ti Armor » se
    lisaient toutes deux « Association … » dans la colonne étroite."""
    delegue = page.table.itemDelegateForColumn(Colonne.ORGANISME)
    option = QStyleOptionViewItem()
    delegue.initStyleOption(option, page.modele.index(0, Colonne.ORGANISME))
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
