"""La page « Établissements » : importer un fichier, chercher dans l'extrait FINESS.

Sur une vraie base SQLite (l'exemple des 9 EHPAD bretons) ; seuls les dialogues modaux sont
remplacés (choix du fichier, `exec`) par ce que ferait l'utilisateur.
"""

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from app_bureau.ecrans.dialogue_import import DialogueColonnes, DialogueExtraitFiness
from app_bureau.ecrans.modele_etablissements import Colonne
from app_bureau.ecrans.page_etablissements import DialogueCollage, PageEtablissements
from app_bureau.ecrans.session import SessionDossier
from app_bureau.modele import Champ
from app_bureau.modifications import RetraitOrganisme, SuppressionEtablissements
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.referentiel.ressources import ressource
from app_bureau.saisie.extrait_finess import chercher, lire_structures
from app_bureau.saisie.import_fichier import lire_fichier
from app_bureau.stockage.depot import DepotDossiers

DONNEES = Path(__file__).parent / "donnees" / "import"
EXTRAIT = DONNEES / "extrait-finess.csv"
EXEMPLE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))


@pytest.fixture
def base(tmp_path):  # type: ignore[no-untyped-def]
    depot = ouvrir_depot(tmp_path / "b.sqlite")
    identifiant = depot.importer(EXEMPLE)
    yield depot, identifiant
    depot.db.close()


@pytest.fixture
def page(qtbot, application_fr, base) -> PageEtablissements:  # type: ignore[no-untyped-def]
    page = PageEtablissements(SessionDossier(*base))
    qtbot.addWidget(page)
    page.resize(1400, 700)
    page.show()
    return page


def revision(base: tuple[DepotDossiers, int]) -> int:
    depot, identifiant = base
    return depot.charger(identifiant).revision


def choisir_le_fichier(monkeypatch, chemin: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(chemin), ""))


class Apercu:
    """Ce que l'aperçu montrait, relevé pendant qu'il était ouvert (il est détruit après)."""

    def __init__(self, dialogue: DialogueCollage) -> None:
        self.titre = dialogue.windowTitle()
        self.resume = dialogue.resume.text()
        self.bouton_ok = dialogue.bouton_ok.text()
        self.organisme = dialogue.organisme_choisi()
        self.resultats = {
            dialogue.lignes.item(r, 1).text(): dialogue.lignes.item(r, 4).text()
            for r in range(dialogue.lignes.rowCount())
        }


# --- importer un fichier --------------------------------------------------------------------


def test_importer_un_csv_colonnes_apercu_puis_une_transaction(
    qtbot, page, base, monkeypatch
) -> None:
    choisir_le_fichier(monkeypatch, DONNEES / "etablissements-point-virgule.csv")
    avant = revision(base)
    colonnes: list[DialogueColonnes] = []
    apercus: list[Apercu] = []

    def voir_les_colonnes(dialogue: DialogueColonnes) -> QDialog.DialogCode:
        colonnes.append(dialogue)
        assert [c.currentText() for c in dialogue.choix][:3] == [
            "FINESS",
            "Nom",
            "Catégorie FINESS",
        ]
        assert dialogue.choix[7].currentText() == "— ne pas lire —"  # « Ville »
        assert dialogue.entete.isChecked() and dialogue.bouton_ok.isEnabled()
        dialogue.choisir(6, "")  # l'utilisateur ne veut pas de la colonne « Équipement »
        return QDialog.DialogCode.Accepted

    def accepter(dialogue: DialogueCollage) -> QDialog.DialogCode:
        apercus.append(Apercu(dialogue))
        assert len(page.session.dossier.etablissements) == 9  # rien avant l'accord
        dialogue.organisme.setCurrentIndex(dialogue.organisme.findData("keravel"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DialogueColonnes, "exec", voir_les_colonnes)
    monkeypatch.setattr(DialogueCollage, "exec", accepter)
    qtbot.mouseClick(page.bouton_importer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(apercus), timeout=5000)  # le fichier est lu en fond
    qtbot.waitUntil(lambda: page.modele.rowCount() == 13, timeout=5000)

    (apercu,) = apercus
    assert apercu.titre == "Importer un fichier — aperçu"
    lus = apercu.resultats
    assert lus["350013025"] == "FINESS : 350013025 figure déjà plus haut dans le fichier (ligne 2)"
    assert (
        lus["350013034"]
        == "FINESS : la clé ne correspond pas : un chiffre est probablement mal recopié"
    )
    assert lus["350012001"] == "FINESS : 350012001 figure déjà dans le dossier"
    assert lus["350013058"] == (
        "ajoutée, à vérifier : Catégorie : 699 inconnue de l'application ; vérifiez-la (les "
        "règles la signalent)"
    )
    assert "4 seront ajoutées, 3 comportent des erreurs" in apercu.resume
    assert "2 ligne(s) ajoutée(s) portent une remarque à vérifier" in apercu.resume
    assert "Fichier lu : CSV, UTF-8, séparateur point-virgule." in apercu.resume
    assert "Colonnes non lues : Équipement, Ville." in apercu.resume
    assert apercu.bouton_ok == "Ajouter 4 établissements"

    relu = base[0].charger(base[1])
    assert relu.revision == avant + 1  # une seule modification pour tout l'import
    nouveaux = relu.dossier.etablissements[9:]
    assert [e.finess for e in nouveaux] == ["350013025", "350013033", "350013041", "350013058"]
    assert {e.organisme for e in nouveaux} == {"keravel"}
    assert not nouveaux[0].equipement  # la colonne écartée n'est pas lue
    assert page.modele.rowCount() == 13
    assert page.modele.index(9, Colonne.ORGANISME).data() == "Fondation Ker Avel"
    assert page.table.currentIndex().row() == 9


def test_importer_puis_annuler_n_ajoute_rien(qtbot, page, base, monkeypatch) -> None:
    choisir_le_fichier(monkeypatch, DONNEES / "etablissements-virgule-bom.csv")
    avant = revision(base)
    vus: list[QDialog] = []
    monkeypatch.setattr(DialogueColonnes, "exec", lambda d: vus.append(d) or 1)
    monkeypatch.setattr(DialogueCollage, "exec", lambda d: vus.append(d) or 0)
    qtbot.mouseClick(page.bouton_importer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(vus) == 2, timeout=5000)
    assert page.modele.rowCount() == 9 and revision(base) == avant

    vus.clear()
    monkeypatch.setattr(DialogueColonnes, "exec", lambda d: vus.append(d) or 0)
    qtbot.mouseClick(page.bouton_importer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(vus) == 1, timeout=5000)
    assert isinstance(vus[0], DialogueColonnes)  # annulé aux colonnes : pas d'aperçu
    assert page.modele.rowCount() == 9 and revision(base) == avant


def test_un_fichier_illisible_est_dit_en_francais(qtbot, page, base, monkeypatch) -> None:
    choisir_le_fichier(monkeypatch, DONNEES / "binaire.csv")
    ouverts: list[QDialog] = []
    monkeypatch.setattr(DialogueColonnes, "exec", lambda d: ouverts.append(d) or 0)
    qtbot.mouseClick(page.bouton_importer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.erreur.isVisible, timeout=5000)
    assert page.erreur.text().startswith(
        "binaire.csv n'a pas pu être lu : Ce fichier ne contient pas de texte lisible"
    )
    assert not ouverts and page.modele.rowCount() == 9


def test_aucun_fichier_choisi_ne_fait_rien(qtbot, page, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: ("", ""))
    qtbot.mouseClick(page.bouton_importer, Qt.MouseButton.LeftButton)
    assert page.modele.rowCount() == 9 and not page.erreur.isVisible()


def test_sans_colonne_finess_le_choix_des_colonnes_bloque(qtbot, application_fr) -> None:
    dialogue = DialogueColonnes(lire_fichier(DONNEES / "sans-finess.csv"))
    qtbot.addWidget(dialogue)
    dialogue.show()
    assert not dialogue.bouton_ok.isEnabled()
    assert dialogue.probleme.text().startswith("Aucune colonne n'est lue comme « FINESS »")
    assert dialogue.apercu.item(1, 0).text() == "Nom"  # la ligne de titres, montrée
    dialogue.choisir(2, "nom")  # « Nom » deux fois
    assert "« Nom » est choisi pour plusieurs colonnes (A, C)" in dialogue.probleme.text()
    dialogue.choisir(0, "finess")
    assert dialogue.bouton_ok.isEnabled() and not dialogue.probleme.isVisible()
    disposition = dialogue.disposition()
    assert disposition.attributs == ("finess", "categorie", "nom") and disposition.entete


def test_sans_organisme_rien_n_est_ouvert(qtbot, page, monkeypatch) -> None:
    session = page.session
    session.appliquer(SuppressionEtablissements(range(len(session.dossier.etablissements))))
    while session.dossier.organismes:
        session.appliquer(RetraitOrganisme(0))
    ouvert: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: ouvert.append("x"))
    qtbot.mouseClick(page.bouton_importer, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.bouton_extrait, Qt.MouseButton.LeftButton)
    assert not ouvert
    assert page.erreur.text().startswith("Ajoutez d'abord un organisme gestionnaire")


# --- l'extrait FINESS -----------------------------------------------------------------------


def chercher_et_attendre(qtbot, dialogue: DialogueExtraitFiness, requete: str) -> None:  # type: ignore[no-untyped-def]
    dialogue.requete.setText(requete)
    qtbot.mouseClick(dialogue.bouton_chercher, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialogue.bouton_chercher.isEnabled(), timeout=5000)


def test_chercher_un_finess_juridique_cocher_puis_ajouter(qtbot, page, base, monkeypatch) -> None:
    assert page.session.dossier.organismes[1].id == "keravel"
    page.session.changer("organismes[1].finess_juridique", "290000108")
    avant = revision(base)
    choisir_le_fichier(monkeypatch, DONNEES / "extrait-finess.csv")
    apercus: list[Apercu] = []

    def rechercher(dialogue: DialogueExtraitFiness) -> QDialog.DialogCode:
        chercher_et_attendre(qtbot, dialogue, "290 000 108")  # le fichier est demandé d'abord
        assert dialogue.fichier.text() == str(DONNEES / "extrait-finess.csv")
        assert dialogue.resultats.rowCount() == 6
        assert dialogue.etat.text().startswith(
            "6 établissements pour le FINESS « 290 000 108 » (extrait du 06/03/2024)."
        )
        noms = [dialogue.resultats.item(r, 1).text() for r in range(6)]
        assert noms[1] == "Résidence Cœur de Ville"
        assert dialogue.resultats.item(0, 4).text() == "Corse-du-Sud (2A)"
        assert dialogue.bouton_ok.text() == "Ajouter 6 établissements…"
        dialogue.resultats.item(5, 0).setCheckState(Qt.CheckState.Unchecked)  # pas la Source
        assert dialogue.bouton_ok.text() == "Ajouter 5 établissements…"
        return QDialog.DialogCode.Accepted

    def accepter(dialogue: DialogueCollage) -> QDialog.DialogCode:
        apercus.append(Apercu(dialogue))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DialogueExtraitFiness, "exec", rechercher)
    monkeypatch.setattr(DialogueCollage, "exec", accepter)
    qtbot.mouseClick(page.bouton_extrait, Qt.MouseButton.LeftButton)

    (apercu,) = apercus
    assert apercu.titre == "Extrait FINESS — aperçu"
    assert apercu.organisme == "keravel"  # son FINESS juridique est celui cherché : proposé
    lus = apercu.resultats
    assert (
        lus["290001040"]
        == "FINESS : la clé ne correspond pas : un chiffre est probablement mal recopié"
    )
    assert lus["290001031"].startswith("ajoutée, à vérifier : SIRET")
    assert page.chemin_extrait == DONNEES / "extrait-finess.csv"  # proposé la fois suivante

    relu = base[0].charger(base[1])
    assert relu.revision == avant + 1
    # ce que la base a gardé est exactement ce que la couche sans Qt construit
    choisies = [s for s in chercher(EXTRAIT, "290000108").structures if s.finess != "290001056"]
    attendus = [replace(e, organisme="keravel") for e in lire_structures(choisies).valides]
    assert relu.dossier.etablissements[9:] == attendus
    assert [e.finess for e in attendus] == ["2A0000013", "290001015", "290001023", "290001031"]
    assert attendus[1].autres["adresse"] == "5 PLACE DE LA RÉPUBLIQUE, 29200 BREST"
    assert attendus[2].champ is Champ.AUTRE  # catégorie inconnue de l'application


def test_deja_dans_le_dossier_grise_et_recherche_par_nom(qtbot, page, base, monkeypatch) -> None:
    avant = revision(base)
    dialogue = DialogueExtraitFiness(
        DONNEES / "extrait-finess.csv", {e.finess for e in page.session.dossier.etablissements}
    )
    qtbot.addWidget(dialogue)
    dialogue.show()
    chercher_et_attendre(qtbot, dialogue, "359000825")
    case = dialogue.resultats.item(0, 0)
    assert dialogue.resultats.item(0, 0).text() == "350012001"
    assert not case.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "1 déjà dans le dossier (grisé)" in dialogue.etat.text()
    dialogue.bouton_rien.click()
    assert not dialogue.bouton_ok.isEnabled()
    dialogue.bouton_tout.click()
    assert [s.finess for s in dialogue.structures_choisies()] == ["350013025", "350013033"]

    chercher_et_attendre(qtbot, dialogue, "residence")  # par mots : rien n'est coché d'office
    assert dialogue.resultats.rowCount() == 2 and dialogue.structures_choisies() == []
    assert dialogue.bouton_ok.text() == "Cochez des établissements"
    assert revision(base) == avant


def test_un_fichier_qui_n_est_pas_l_extrait_est_dit(qtbot, application_fr) -> None:
    dialogue = DialogueExtraitFiness(DONNEES / "etablissements-point-virgule.csv", set())
    qtbot.addWidget(dialogue)
    dialogue.show()
    chercher_et_attendre(qtbot, dialogue, "ehpad")
    assert "n'est pas l'extrait FINESS des établissements" in dialogue.etat.text()
    assert dialogue.resultats.rowCount() == 0 and not dialogue.bouton_ok.isEnabled()


def test_annuler_la_recherche_n_ajoute_rien(qtbot, page, base, monkeypatch) -> None:
    avant = revision(base)
    monkeypatch.setattr(DialogueExtraitFiness, "exec", lambda _d: QDialog.DialogCode.Rejected)
    ouverts: list[DialogueCollage] = []
    monkeypatch.setattr(DialogueCollage, "exec", lambda d: ouverts.append(d) or 1)
    qtbot.mouseClick(page.bouton_extrait, Qt.MouseButton.LeftButton)
    assert not ouverts and page.modele.rowCount() == 9 and revision(base) == avant


def test_importer_lit_la_colonne_organisme_et_les_places(
    qtbot, page, base, monkeypatch, tmp_path
) -> None:
    """La colonne de l'organisme gestionnaire d'un fichier est lue comme au collage : par
    raison sociale ou FINESS juridique ; une ligne sans organisme prend celui de l'aperçu,
    une ligne dont l'organisme n'est pas dans le dossier est en erreur."""
    fichier = tmp_path / "deux-associations.csv"
    fichier.write_text(
        "FINESS;Nom;Gestionnaire;Places\n"
        "350013025;SSIAD Rance;Association Les Ajoncs;40\n"
        "350013033;IME Rance;569000904;60\n"
        "350013041;SAVS Rance;;12\n"
        "350013058;EHPAD Ailleurs;Association Inconnue;80\n",
        encoding="utf-8",
    )
    choisir_le_fichier(monkeypatch, fichier)
    apercus: list[Apercu] = []

    def accepter(dialogue: DialogueCollage) -> QDialog.DialogCode:
        apercus.append(Apercu(dialogue))
        dialogue.organisme.setCurrentIndex(dialogue.organisme.findData("keravel"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DialogueColonnes, "exec", lambda _d: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(DialogueCollage, "exec", accepter)
    qtbot.mouseClick(page.bouton_importer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.modele.rowCount() == 12, timeout=5000)

    (apercu,) = apercus
    assert apercu.resultats["350013058"].startswith(
        "Organisme gestionnaire : « Association Inconnue » ne correspond à aucun organisme"
    )
    assert "Colonnes non lues" not in apercu.resume
    ajoutes = base[0].charger(base[1]).dossier.etablissements[9:]
    assert [(e.finess, e.organisme, e.places) for e in ajoutes] == [
        ("350013025", "ajoncs", 40),
        ("350013033", "keravel", 60),
        ("350013041", "keravel", 12),
    ]
