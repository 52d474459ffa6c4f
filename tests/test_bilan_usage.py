"""Le bilan d'usage pour l'ARS (PDF) et le classeur du suivi (XLSX), lus comme l'ARS les lira :
la grappe, l'état de chaque ESSMS, ce qui retient le solde, la modulation laissée à l'ARS ;
une ligne par ESSMS et par mois ; aucun texte saisi ne devient une formule."""

import datetime
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from app_bureau.formats import euros
from app_bureau.libelles import L_ARS_DECIDE
from app_bureau.modele import Mesure
from app_bureau.operations.bilan import SortiesBilan, ecrire_bilan, evaluer_pour_le_bilan
from tests.test_suivi_stockage_cli import A, dossier_finance

J = datetime.date


def _texte(chemin: Path) -> str:
    texte = " ".join(page.extract_text() for page in PdfReader(chemin).pages)
    return " ".join(texte.replace("\u202f", " ").replace("\xa0", " ").split())


def test_le_bilan_dit_la_grappe_ce_qui_retient_le_solde_et_qui_decide(tmp_path: Path) -> None:
    dossier = dossier_finance()
    dossier.etablissements[1].nom = '=HYPERLINK("http://x")'  # un nom qui se lirait formule
    evaluation, resultat = evaluer_pour_le_bilan(dossier, J(2025, 6, 10))
    assert resultat is not None
    pdf, xlsx = tmp_path / "bilan.pdf", tmp_path / "suivi.xlsx"
    assert ecrire_bilan(dossier, evaluation, resultat, SortiesBilan(pdf, xlsx)) == [pdf, xlsx]

    texte = _texte(pdf)
    assert "Convention signée le 01/12/2024 avec l'ARS Bretagne" in texte
    assert "9 ESSMS sur 9 retiennent le solde" in texte
    assert " ".join(euros(resultat.solde_maximal).replace("\u202f", " ").split()) in texte
    assert " ".join(L_ARS_DECIDE.split()) in texte
    # A a mesuré mars, pas avril ni mai : le dernier mois dû manque.
    assert "Mois sans mesure" in texte and "04/2025, 05/2025" in texte
    assert "Pièces à garder" in texte and "2036" in texte

    classeur = load_workbook(xlsx)
    assert classeur.sheetnames == ["Grappe", "États", "Mesures", "Dépenses", "Factures"]
    mesures = classeur["Mesures"]
    assert [c.value for c in mesures[2]][:4] == [
        "350012001",
        "EHPAD Les Ajoncs",
        datetime.datetime(2025, 3, 1),
        80,
    ]
    assert mesures.cell(2, 10).value == 0.75  # 60 / 80, un nombre au format pourcentage
    assert mesures.cell(2, 10).number_format == "0.0 %"
    etats = classeur["États"]
    nom = etats.cell(3, 2)
    assert nom.value == '=HYPERLINK("http://x")' and nom.data_type == "s"
    assert classeur["Grappe"]["B4"].value == "ARS Bretagne"


def test_un_mois_de_plus_et_la_ligne_s_ajoute(tmp_path: Path) -> None:
    dossier = dossier_finance()
    assert dossier.suivi is not None
    dossier.suivi.mesures.append(Mesure(A, J(2025, 4, 1), 80, 60, 57, 76, 70, 72))
    evaluation, resultat = evaluer_pour_le_bilan(dossier, J(2025, 6, 10))
    assert resultat is not None
    xlsx = tmp_path / "suivi.xlsx"
    ecrire_bilan(dossier, evaluation, resultat, SortiesBilan(classeur=xlsx))
    assert load_workbook(xlsx)["Mesures"].max_row == 1 + 2
