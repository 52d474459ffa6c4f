"""Pas de ligne orpheline en haut d'une page de la synthèse (ticket 13 : « No orphan table row
at the top of a page (keep a row with its header; repeat headers) ») : l'en-tête d'un tableau se
répète, une page ne commence jamais par une ligne seule, et l'annexe A ne coupe pas un ESSMS de
ses explications."""

import datetime
import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from app_bureau.exports import pdf
from app_bureau.exports.pdf import ecrire_pdf
from app_bureau.fichier.dossier import charger
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.evaluation import evaluer

TITRE_ESSMS = re.compile(r"^\d+\. \d{9} — ")


@pytest.mark.parametrize("nom", ["domicile-20-services-confort", "national-60-essms-conformite"])
def test_annexe_a_chaque_page_reprend_au_titre_d_un_essms(tmp_path: Path, nom: str) -> None:
    d = charger(ressource("exemples", f"{nom}.json"))  # type: ignore[arg-type]
    chemin = tmp_path / "synthese.pdf"
    ecrire_pdf(d, evaluer(d, datetime.date(2022, 6, 1)), chemin)
    suites = []
    for page in PdfReader(chemin).pages:
        lignes = page.extract_text().splitlines()
        if lignes[3:5] == ["Explication", "Référence"]:  # l'en-tête répété en haut de page
            suites.append(lignes[5])
    assert len(suites) >= 2
    assert all(TITRE_ESSMS.match(ligne) for ligne in suites), suites


def pages_d_un_tableau(nombre: int, longue: bool) -> list[list[int]]:
    """Un tableau de `nombre` lignes sur des pages A5 : les numéros de ligne de chaque page."""
    pdf.enregistrer_polices()
    lignes = [["Colonne", "Valeur"]] + [[f"ligne {i}", "x"] for i in range(1, nombre + 1)]
    tableau = pdf._tableau(lignes, [60 * mm, 40 * mm], longue=longue)
    tampon = BytesIO()
    SimpleDocTemplate(tampon, pagesize=A5).build([tableau])
    pages = []
    for page in PdfReader(tampon).pages:
        texte = page.extract_text()
        assert texte.startswith("Colonne")  # l'en-tête sur chaque page
        pages.append([int(n) for n in re.findall(r"ligne (\d+)", texte)])
    return pages


@pytest.mark.parametrize("longue", [False, True])
def test_jamais_une_ligne_seule_en_haut_d_une_page(longue: bool) -> None:
    vues = 0
    for nombre in range(30, 70):
        pages = pages_d_un_tableau(nombre, longue)
        assert [n for page in pages for n in page] == list(range(1, nombre + 1))
        if len(pages) > 1:
            vues += 1
            assert all(len(page) >= 2 for page in pages), (nombre, pages)
    assert vues  # au moins un tableau sur deux pages, dont celui qui laissait une ligne seule
