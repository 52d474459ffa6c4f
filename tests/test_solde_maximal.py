"""Le solde est un maximum, dit à côté de chaque solde : écran, PDF, classeur, ligne de commande.

Instruction 2022/34, annexe 2 F : « Le montant des dépenses engagées et justifiées n'est pas
notablement inférieur au montant de la subvention allouée » ; « Non : le montant du solde est
modulé en fonction du niveau d'atteinte des cibles et/ou du niveau des dépenses engagées et
justifiées. »
"""

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app_bureau.cli import main
from app_bureau.exports.classeur import ecrire_classeur
from app_bureau.exports.pdf import ecrire_pdf
from app_bureau.fichier.dossier import charger
from app_bureau.libelles import SOLDE_MAXIMAL
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.evaluation import evaluer

GRAPPE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))


def grappe():  # type: ignore[no-untyped-def]
    d = charger(GRAPPE)
    return d, evaluer(d)


def test_le_libelle_du_solde_dit_au_plus_et_pourquoi() -> None:
    _, ev = grappe()
    avance, solde = ev.versements.explications
    assert solde.libelle == (
        "Solde, 50\xa0% sur atteinte des cibles d'usage, au plus (modulé par l'ARS selon "
        "l'atteinte des cibles et les dépenses engagées et justifiées)"
    )
    assert solde.reference == "Instruction 2022/34, I.A.2) ; annexe 2 F"
    assert "au plus" not in avance.libelle


def test_ligne_de_commande(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimer", str(GRAPPE)]) == 0
    [ligne] = [x for x in capsys.readouterr().out.splitlines() if x.strip().startswith("Solde")]
    assert "au plus (modulé par l'ARS" in ligne


def test_pdf(tmp_path: Path) -> None:
    d, ev = grappe()
    ecrire_pdf(d, ev, tmp_path / "s.pdf")
    textes = [
        " ".join(re.sub(r"[\u202f\xa0]", " ", p.extract_text()).split())
        for p in PdfReader(tmp_path / "s.pdf").pages
    ]
    synthese = textes[1]
    assert "Solde, au plus" in synthese
    assert " ".join(SOLDE_MAXIMAL.replace("\xa0", " ").split()) in synthese
    # L'annexe A explique chaque montant : la ligne du solde le dit aussi.
    assert "sur atteinte des cibles d'usage, au plus (modulé par l'ARS" in " ".join(textes)


def test_classeur(tmp_path: Path) -> None:
    d, ev = grappe()
    ecrire_classeur(d, ev, tmp_path / "c.xlsx")
    feuille = load_workbook(tmp_path / "c.xlsx")["Plan de financement"]
    lignes = [[c.value for c in ligne] for ligne in feuille.iter_rows()]
    entetes = lignes[0]
    [solde] = [x for x in lignes if x[1] and str(x[1]).startswith("Solde")]
    assert solde[1] == "Solde sur atteinte des cibles d'usage, au plus"
    assert solde[entetes.index("Précision")] == (
        f"{SOLDE_MAXIMAL} (Instruction 2022/34, I.A.2) ; annexe 2 F)."
    )


def test_ecran(qtbot, session_grappe) -> None:  # type: ignore[no-untyped-def]
    from app_bureau.ecrans.page_financement import PageFinancement

    page = PageFinancement(session_grappe)
    qtbot.addWidget(page)
    assert page._etiquettes["solde"].text() == "Solde (50\xa0%, sur cibles d'usage), au plus"
    assert page.note_solde.text() == f"{SOLDE_MAXIMAL}."
    assert page.totaux_affiches["solde"].toolTip().startswith(SOLDE_MAXIMAL)
