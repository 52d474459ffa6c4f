"""Les documents sont pour des personnes : la synthèse PDF et le classeur ne montrent jamais un
chemin de champ ni un nom de paramètre (`organismes[0].dispose_rsi`, `financements_specifiques`,
`financement.plafond_editeur.acquisition…`), mais leur libellé français (ticket 13 : « Organisme
Les Ajoncs — RSI : oui/non »)."""

import datetime
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app_bureau.champs_dossier import libelle_chemin
from app_bureau.exports.classeur import ecrire_classeur
from app_bureau.exports.pdf import ecrire_pdf
from app_bureau.fichier.dossier import charger
from app_bureau.modele import Dossier, ModeAchat, TypeProjet
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.parametres import parametres
from tests.fabrique import dossier, etab, og

EXEMPLES = sorted(p.name for p in ressource("exemples").glob("*.json"))  # type: ignore[union-attr]

# Un mot en snake_case (`dispose_rsi`), un indice (`organismes[0]`), une clé pointée dont la
# tête est une partie du dossier ou une famille de paramètres (`versements.solde`).
FAMILLES = "porteur|organismes|etablissements|solution|financements_specifiques|autodiagnostic"
FAMILLES += "|suivi|financement|versements|seuils|conditions|cibles|calendrier|enveloppes"
INTERNE = re.compile(rf"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z_]+\[\d*\]|\b(?:{FAMILLES})\.[a-z_]+")


def textes_des_documents(d: Dossier, tmp_path: Path) -> dict[str, str]:
    ev = evaluer(d, datetime.date(2022, 6, 1))
    pdf, xlsx = tmp_path / "synthese.pdf", tmp_path / "classeur.xlsx"
    ecrire_pdf(d, ev, pdf)
    ecrire_classeur(d, ev, xlsx)
    textes = {"PDF": "\n".join(page.extract_text() for page in PdfReader(pdf).pages)}
    for feuille in load_workbook(xlsx).worksheets:
        cellules = (v for ligne in feuille.iter_rows(values_only=True) for v in ligne)
        textes[f"classeur, {feuille.title}"] = "\n".join(v for v in cellules if isinstance(v, str))
    return textes


def internes(textes: dict[str, str]) -> dict[str, list[str]]:
    trouves = {ou: sorted(set(INTERNE.findall(texte))) for ou, texte in textes.items()}
    return {ou: mots for ou, mots in trouves.items() if mots}


def test_le_motif_reconnait_chemins_et_parametres() -> None:
    texte = (
        "Champ concerné : organismes[0].dispose_rsi ; financements_specifiques ; versements.solde"
    )
    assert set(INTERNE.findall(texte)) == {
        "organismes[0]",
        "dispose_rsi",
        "financements_specifiques",
        "versements.solde",
    }
    assert not INTERNE.findall("Organisme Les Ajoncs — RSI : Non ; contact@ajoncs.example.fr")


@pytest.mark.parametrize("nom", EXEMPLES)
def test_exemples_sans_chemin_ni_nom_de_parametre(tmp_path: Path, nom: str) -> None:
    d = charger(ressource("exemples", nom))  # type: ignore[arg-type]
    assert internes(textes_des_documents(d, tmp_path)) == {}


def test_constats_sur_des_champs_d_organisme_et_de_solution(tmp_path: Path) -> None:
    """Un dossier dont les constats portent sur des champs d'OG, de la solution, des
    financements spécifiques et d'un établissement : chacun dit son libellé."""
    d = dossier(
        [etab(1, organisme="a"), etab(2, organisme="b", projet=TypeProjet.MISE_EN_CONFORMITE)],
        [og("a", 3, departement=""), og("b", 4, entite_nationale_dui_commun=True)],
        referencee_segur=False,
        mode_achat=ModeAchat.MISE_EN_CONCURRENCE,
        amoa_marche=True,
    )
    d.organismes[0].raison_sociale = "Les Ajoncs"
    d.organismes[1].raison_sociale = "Les Genêts"
    d.solution.referencement_segur_en_cours = True
    ev = evaluer(d, datetime.date(2022, 6, 1))
    chemins = {a.champ for a in ev.anomalies}
    assert {
        "organismes[0].departement",
        "organismes[1].entite_nationale_dui_commun",
        "solution.referencement_segur_en_cours",
        "financements_specifiques.amoa_marche",
    } <= chemins
    textes = textes_des_documents(d, tmp_path)
    assert internes(textes) == {}
    pdf = " ".join(textes["PDF"].split())
    assert "Champ concerné : Organisme Les Ajoncs — Département : non renseigné" in pdf
    assert "Champ concerné : Solution DUI — Référencement Ségur en cours : Oui" in pdf
    assert "Champ concerné : Financements spécifiques — AMOA marché : Oui" in pdf
    assert "Champ concerné : Établissement ESSMS 1 — Devis éditeur : non renseigné" in pdf
    controles = textes["classeur, Contrôles"].splitlines()
    assert "Organisme Les Genêts — DUI commun de l'entité : Oui" in controles


def test_libelle_d_un_chemin() -> None:
    d = charger(ressource("exemples", "grappe-9-ehpad-bretagne.json"))  # type: ignore[arg-type]
    assert libelle_chemin(d, "organismes[0].dispose_rsi") == (
        "Organisme Association Les Ajoncs — RSI : Non"
    )
    assert libelle_chemin(d, "financements_specifiques") == "Financements spécifiques"
    assert libelle_chemin(d, "etablissements[2].devis_editeur") == (
        "Établissement EHPAD La Roseraie — Devis éditeur : 13\u202f200,00\xa0€"
    )
    assert libelle_chemin(d, "autodiagnostic.ajoncs") == (
        "Autodiagnostic de maturité SI — Organisme Association Les Ajoncs"
    )
    assert libelle_chemin(d, "") == ""


def test_chaque_parametre_a_une_description_qui_n_est_pas_son_nom() -> None:
    for campagne in ("2022", "2023"):
        for p in parametres(campagne).tous():
            assert p.description and not INTERNE.search(p.description), p.nom
