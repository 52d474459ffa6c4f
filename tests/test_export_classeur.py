"""Le classeur PAI numérique, relu avec openpyxl : chiffres de l'évaluation au centime,
formats, filtres, listes de choix, et aucun texte saisi transformé en formule."""

import datetime
import errno
import os
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from app_bureau.champs_dossier import ETABLISSEMENT, Nature
from app_bureau.exports.classeur import (
    DATE,
    EUROS,
    FEUILLE_LISTES,
    FEUILLES,
    POURCENT,
    ecrire_classeur,
)
from app_bureau.fichier.dossier import charger
from app_bureau.fichier.ecriture import ErreurEcriture
from app_bureau.libelles import RUBRIQUES_ESSMS
from app_bureau.modele import Dossier
from app_bureau.referentiel.ressources import ressource
from app_bureau.referentiel.territoires import nom_region
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.resultats import Evaluation
from tests.fabrique import dossier as fabriquer_dossier
from tests.fabrique import og, serie

EXEMPLES = [
    "grappe-9-ehpad-bretagne",
    "domicile-20-services-confort",
    "national-60-essms-conformite",
]
CENTIME = Decimal("0.01")


def exemple(nom: str) -> tuple[Dossier, Evaluation]:
    dossier = charger(ressource("exemples", f"{nom}.json"))  # type: ignore[arg-type]
    return dossier, evaluer(dossier)


def ecrire_et_relire(dossier: Dossier, chemin: Path) -> tuple[Evaluation, Workbook]:
    evaluation = evaluer(dossier)
    ecrire_classeur(dossier, evaluation, chemin)
    return evaluation, load_workbook(chemin, data_only=False)


def montant(cellule: Cell) -> Decimal:
    """Un montant relu : un nombre (pas un texte) au format euro."""
    assert cellule.data_type == "n", cellule.coordinate
    assert isinstance(cellule.value, int | float), (cellule.coordinate, cellule.value)
    assert cellule.number_format == EUROS, cellule.coordinate
    return Decimal(str(cellule.value)).quantize(CENTIME)


def lignes(feuille: Worksheet) -> list[dict[str, Cell]]:
    """Les lignes de données, chaque cellule sous le titre de sa colonne."""
    entete = [c.value for c in feuille[1]]
    return [dict(zip(entete, rangee, strict=True)) for rangee in feuille.iter_rows(min_row=2)]


@pytest.fixture(params=EXEMPLES)
def relu(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Dossier, Evaluation, Workbook]:
    dossier, _ = exemple(request.param)
    evaluation, classeur = ecrire_et_relire(dossier, tmp_path / "classeur.xlsx")
    return dossier, evaluation, classeur


def test_feuilles_et_proprietes(relu: tuple[Dossier, Evaluation, Workbook]) -> None:
    dossier, _, classeur = relu
    assert classeur.sheetnames == [*FEUILLES, FEUILLE_LISTES]
    assert [f.sheet_state for f in classeur.worksheets] == ["visible"] * 6 + ["hidden"]
    assert classeur.properties.language == "fr-FR"
    assert classeur.properties.creator == "Assistant Grappe"
    assert dossier.nom in (classeur.properties.title or "")


def test_plan_de_financement_egal_a_l_evaluation(
    relu: tuple[Dossier, Evaluation, Workbook],
) -> None:
    _, ev, classeur = relu
    plan = {
        (ligne["Rubrique"].value, ligne["Libellé"].value): ligne
        for ligne in lignes(classeur["Plan de financement"])
    }
    poste = "Financement par poste"
    t = ev.totaux
    attendus = {
        "Maîtrise d'ouvrage (MOA)": t.moa,
        "Prestations de l'éditeur": t.editeur,
        "Équipements et infrastructures": t.equipement,
        "AMOA marché": t.amoa_marche,
        "AMOA projet": t.amoa_projet,
        "Total de la subvention demandée": t.total,
    }
    for libelle, attendu in attendus.items():
        assert montant(plan[poste, libelle]["Montant"]) == attendu, libelle

    ars = [
        ligne
        for (rubrique, libelle), ligne in plan.items()
        if rubrique == "Répartition entre ARS" and libelle != "Total"
    ]
    assert {ligne["Code INSEE de la région"].value: montant(ligne["Montant"]) for ligne in ars} == (
        ev.repartition_ars
    )
    assert sum(montant(ligne["Montant"]) for ligne in ars) == t.total
    assert sum(ligne["ESSMS retenus"].value for ligne in ars) == ev.nombre_essms_retenus
    assert all(ligne["Code INSEE de la région"].data_type == "s" for ligne in ars)

    avance = plan["Versements", "Avance à la signature de la convention"]
    solde = plan["Versements", "Solde sur atteinte des cibles d'usage, au plus"]
    assert solde["Précision"].value.startswith("Le solde est un montant maximal : ")
    assert montant(avance["Montant"]) == ev.versements.avance
    assert montant(solde["Montant"]) == ev.versements.solde
    assert montant(avance["Montant"]) + montant(solde["Montant"]) == t.total
    assert avance["Part"].value == pytest.approx(0.5) and avance["Part"].number_format == POURCENT


def test_chaque_etablissement_egal_a_l_evaluation(
    relu: tuple[Dossier, Evaluation, Workbook],
) -> None:
    dossier, ev, classeur = relu
    rangees = lignes(classeur["Établissements"])
    assert len(rangees) == len(ev.etablissements)
    for ligne, r in zip(rangees, ev.etablissements, strict=True):
        assert ligne["FINESS"].value == r.finess and ligne["FINESS"].data_type == "s"
        assert ligne["Retenu"].value == ("Oui" if r.retenu else "Non")
        assert ligne["Rang"].value == r.rang
        for colonne, attendu in (
            *((rubrique.court, getattr(r, rubrique.cle)) for rubrique in RUBRIQUES_ESSMS),
            ("Total", r.total),
        ):
            assert montant(ligne[colonne]) == attendu, (r.finess, colonne)
        e = dossier.etablissements[r.index]
        part = ligne["Part d'activité éligible"]
        assert part.number_format == POURCENT
        assert Decimal(str(part.value)) == e.part_activite_eligible
        if e.devis_editeur is None:
            assert ligne["Devis éditeur"].value is None
        else:
            assert montant(ligne["Devis éditeur"]) == e.devis_editeur
    assert sum(montant(ligne["Total"]) for ligne in rangees) == sum(
        r.total for r in ev.etablissements
    )


def test_porteur_organismes_controles_parametres(
    relu: tuple[Dossier, Evaluation, Workbook],
) -> None:
    dossier, ev, classeur = relu
    porteur = {ligne["Rubrique"].value: ligne["Valeur"] for ligne in lignes(classeur["Porteur"])}
    assert porteur["Raison sociale du porteur"].value == dossier.porteur.raison_sociale
    assert porteur["SIRET du porteur"].value == dossier.porteur.siret
    assert porteur["SIRET du porteur"].data_type == "s"  # pas un nombre : zéros de tête gardés
    assert porteur["Recevable"].value == ("Oui" if ev.recevable else "Non")
    assert porteur["Code INSEE de la région de l'ARS pivot"].value == ev.ars_pivot
    assert montant(porteur["Subvention demandée"]) == ev.totaux.total

    organismes = lignes(classeur["Organismes"])
    assert [o["Identifiant"].value for o in organismes] == [o.id for o in dossier.organismes]
    for ligne, resultat in zip(organismes, ev.organismes, strict=True):
        assert ligne["Petite taille"].value == ("Oui" if resultat.petite_taille else "Non")
        assert ligne["ESSMS retenus"].value == resultat.nombre_essms_retenus

    controles = lignes(classeur["Contrôles"])
    assert [c["Message"].value for c in controles] == [a.message for a in ev.anomalies]

    parametres = {p["Paramètre"].value: p for p in lignes(classeur["Paramètres"])}
    for p in ev.parametres.tous():
        if isinstance(p.valeur, dict):
            continue  # une ligne par région, voir plus bas
        ligne = parametres[p.description]
        assert ligne["Vérifié le"].number_format == DATE
        assert ligne["Vérifié le"].value.date() == p.verifie_le
        if p.unite == "EUR":
            assert montant(ligne["Valeur"]) == p.valeur
        elif p.unite == "date":
            assert ligne["Valeur"].value.date() == p.valeur
            assert ligne["Valeur"].number_format == DATE
    if (enveloppes := ev.parametres.get("enveloppes.enveloppe_regionale")) is not None:
        for code, valeur in enveloppes.valeur.items():
            ligne = parametres[f"{enveloppes.description} — {nom_region(code)}"]
            assert montant(ligne["Valeur"]) == valeur


def test_mise_en_forme(relu: tuple[Dossier, Evaluation, Workbook]) -> None:
    _, _, classeur = relu
    for titre in FEUILLES:
        feuille = classeur[titre]
        assert feuille.freeze_panes == "A2", titre
        derniere = feuille.cell(row=1, column=feuille.max_column).column_letter
        assert feuille.auto_filter.ref == f"A1:{derniere}{feuille.max_row}", titre
        for entete in feuille[1]:
            assert entete.font.bold and entete.fill.fill_type == "solid"
            largeur = feuille.column_dimensions[entete.column_letter].width
            assert 8 <= largeur <= 60, (titre, entete.value, largeur)
            assert largeur >= min(len(entete.value) + 2, 60)
    # Aucune formule nulle part : tout est recopié, rien n'est recalculé.
    for feuille in classeur.worksheets:
        for rangee in feuille.iter_rows():
            assert all(c.data_type != "f" for c in rangee), feuille.title


def test_listes_de_choix(relu: tuple[Dossier, Evaluation, Workbook]) -> None:
    _, _, classeur = relu

    def listes(titre: str) -> dict[str, str]:
        feuille = classeur[titre]
        colonnes = {c.column_letter: c.value for c in feuille[1]}
        resultat = {}
        for validation in feuille.data_validations.dataValidation:
            assert validation.type == "list"
            for plage in validation.sqref.ranges:
                resultat[colonnes[plage.coord.split(":")[0].rstrip("0123456789")]] = (
                    validation.formula1
                )
                assert plage.max_row == max(feuille.max_row, 2)
        return resultat

    etablissements = listes("Établissements")
    oui_non = {d.libelle_long for d in ETABLISSEMENT if d.nature is Nature.BOOLEEN}
    assert set(etablissements) == {"Champ", "Projet", "Retenu", *oui_non}
    assert all(etablissements[titre] == '"Oui,Non"' for titre in {"Retenu", *oui_non})
    assert etablissements["Champ"].startswith(f"{FEUILLE_LISTES}!")
    champs = [c.value for c in classeur[FEUILLE_LISTES]["A"][1:] if c.value]
    assert "Accueil, hébergement, insertion" in champs  # une virgule : d'où la feuille de listes
    valeurs_champ = {ligne["Champ"].value for ligne in lignes(classeur["Établissements"])}
    assert valeurs_champ <= set(champs)
    assert set(listes("Organismes")) == {
        "Dispose d'un RSI",
        "Rattaché à une entité nationale",
        "Accord de l'entité nationale",
        "DUI commun proposé par l'entité nationale",
        "Soumis au code de la commande publique",
        "Petite taille",
    }


PIEGES = [
    '=HYPERLINK("http://x","clic")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "#N/A",
]


def test_aucun_texte_saisi_ne_devient_une_formule(tmp_path: Path) -> None:
    dossier, _ = exemple("grappe-9-ehpad-bretagne")
    dossier.porteur.raison_sociale = PIEGES[0]
    dossier.organismes[0].raison_sociale = "=1+1"
    for e, piege in zip(dossier.etablissements, PIEGES[1:], strict=False):
        e.nom = piege
    dossier.etablissements[len(PIEGES) - 1].nom = "\r=1+1"
    dossier.solution.editeur = "=cmd|' /C calc'!A0"
    dossier.porteur.contact.telephone = "+33 2 99 00 00 01"
    _, classeur = ecrire_et_relire(dossier, tmp_path / "piege.xlsx")

    def verifier(cellule: Cell, texte: str) -> None:
        assert cellule.data_type == "s", (cellule.coordinate, texte)
        assert cellule.value == texte
        assert cellule.quotePrefix == texte.startswith(("=", "+", "-", "@", "\t")), texte

    porteur = {ligne["Rubrique"].value: ligne["Valeur"] for ligne in lignes(classeur["Porteur"])}
    verifier(porteur["Raison sociale du porteur"], PIEGES[0])
    verifier(porteur["Éditeur de la solution"], "=cmd|' /C calc'!A0")
    verifier(porteur["Contact : téléphone"], "+33 2 99 00 00 01")
    organismes = lignes(classeur["Organismes"])
    verifier(organismes[0]["Raison sociale"], "=1+1")
    etablissements = lignes(classeur["Établissements"])
    for ligne, piege in zip(etablissements, PIEGES[1:], strict=False):
        verifier(ligne["Nom"], piege)
    # La raison sociale piégée de l'OG est recopiée en texte sur ses ESSMS.
    verifier(etablissements[0]["Organisme gestionnaire"], "=1+1")
    # Un retour chariot en tête : texte marqué ; XML le relit en saut de ligne.
    retour = etablissements[len(PIEGES) - 1]["Nom"]
    assert retour.data_type == "s" and retour.quotePrefix and retour.value == "\n=1+1"
    for feuille in classeur.worksheets:
        for rangee in feuille.iter_rows():
            assert all(c.data_type not in ("f", "e") for c in rangee), feuille.title


def test_caracteres_de_controle_retires(tmp_path: Path) -> None:
    dossier, _ = exemple("grappe-9-ehpad-bretagne")
    dossier.etablissements[0].nom = "EHPAD\x07 Les\x00 Ajoncs"
    _, classeur = ecrire_et_relire(dossier, tmp_path / "controle.xlsx")
    assert lignes(classeur["Établissements"])[0]["Nom"].value == "EHPAD Les Ajoncs"


def test_fichier_existant_non_remplace_sans_accord(tmp_path: Path) -> None:
    dossier, evaluation = exemple("grappe-9-ehpad-bretagne")
    cible = tmp_path / "classeur.xlsx"
    cible.write_bytes(b"ancien contenu")
    with pytest.raises(ErreurEcriture, match="existe déjà"):
        ecrire_classeur(dossier, evaluation, cible)
    assert cible.read_bytes() == b"ancien contenu"
    assert list(tmp_path.iterdir()) == [cible]

    ecrire_classeur(dossier, evaluation, cible, remplacer=True)
    assert load_workbook(cible).sheetnames[0] == "Porteur"
    assert list(tmp_path.iterdir()) == [cible]


def test_dossier_en_lecture_seule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dossier, evaluation = exemple("grappe-9-ehpad-bretagne")
    cible = tmp_path / "classeur.xlsx"

    def refuser(source: object, destination: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", refuser)
    monkeypatch.setattr(os, "link", refuser)  # mise en place sans remplacer : lien physique
    with pytest.raises(ErreurEcriture) as erreur:
        ecrire_classeur(dossier, evaluation, cible)
    message = str(erreur.value)
    assert str(cible) in message and "lecture seule" in message
    assert list(tmp_path.iterdir()) == []  # ni classeur ni fichier temporaire


@pytest.mark.lent
def test_dossier_de_2000_essms(tmp_path: Path) -> None:
    organismes = [og(f"og{i}", nombre_essms_geres=200) for i in range(10)]
    etablissements = serie(2000)
    for i, e in enumerate(etablissements):
        e.organisme = f"og{i % 10}"
        e.devis_editeur = Decimal("9999.99") if i % 3 else None
        e.part_activite_eligible = Decimal("0.3333") if i % 7 == 0 else Decimal(1)
    dossier = fabriquer_dossier(etablissements, organismes)
    ev, classeur = ecrire_et_relire(dossier, tmp_path / "grand.xlsx")
    rangees = lignes(classeur["Établissements"])
    assert len(rangees) == 2000
    assert [ligne["FINESS"].value for ligne in rangees] == [e.finess for e in etablissements]
    assert sum(montant(ligne["Total"]) for ligne in rangees) == sum(
        r.total for r in ev.etablissements
    )
    derniere = rangees[-1]
    assert derniere["Rang"].value == ev.etablissements[-1].rang
    assert montant(derniere["Maîtrise d'ouvrage"]) == ev.etablissements[-1].moa
    feuille = classeur["Établissements"]
    assert feuille.auto_filter.ref == f"A1:{get_column_letter(feuille.max_column)}2001"


def test_dates_en_vraies_dates(tmp_path: Path) -> None:
    dossier, _ = exemple("grappe-9-ehpad-bretagne")
    _, classeur = ecrire_et_relire(dossier, tmp_path / "dates.xlsx")
    verifie = lignes(classeur["Paramètres"])[0]["Vérifié le"]
    assert verifie.data_type == "d" and isinstance(verifie.value, datetime.datetime)
    assert verifie.number_format == DATE
