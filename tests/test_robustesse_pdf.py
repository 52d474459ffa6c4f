"""La synthèse PDF face aux textes démesurés (issue 16, cas 14 et 16 ; issue 11) : temps de
mise en page linéaire, mots coupés, erreur de mise en page dite en français."""

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import BaseDocTemplate
from reportlab.platypus.doctemplate import LayoutError

from app_bureau.cli import main
from app_bureau.exports.pdf import ecrire_pdf
from app_bureau.exports.pdf_commun import MOT_MAX
from app_bureau.exports.pdf_commun import couper as _couper
from app_bureau.fichier.dossier import charger
from app_bureau.fichier.ecriture import ErreurEcriture
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.regles.evaluation import evaluer
from tests.robustesse import EXEMPLE, app

pytestmark = pytest.mark.lent  # sous-processus, gros fichiers ou propriétés


def test_un_mot_d_un_million_de_caracteres_dans_la_base(tmp_path: Path) -> None:
    """Un texte saisi à l'écran n'a pas la borne de la lecture de fichier : la synthèse
    le coupe et l'écourte (avant : plus de 120 s)."""
    base = tmp_path / "b.sqlite"
    dossier = charger(EXEMPLE)
    dossier.solution.logiciel = "L" * 1_000_000
    dossier.etablissements[0].nom = "E" * 160_000
    dossier.nom = "N" * 40_000
    depot = ouvrir_depot(base)
    identifiant = depot.creer(dossier)
    depot.db.close()
    pdf = tmp_path / "long.pdf"
    r = app("exporter", str(identifiant), "--pdf", str(pdf), base=base, delai=90)
    assert r.returncode == 0, r.stderr
    texte = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "L" * MOT_MAX in texte and "[…]" in texte


def test_couper_garde_le_texte_ordinaire() -> None:
    assert _couper("EHPAD Les Ajoncs") == "EHPAD Les Ajoncs"
    coupe = _couper("x" * 150)
    assert coupe.replace("\u200b", "") == "x" * 150 and coupe.count("\u200b") == 2


def test_une_erreur_de_mise_en_page_est_dite_en_francais(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """reportlab lève `LayoutError` quand un élément ne tient pas sur une page."""

    def trop_grand(*_a: object, **_k: object) -> None:
        raise LayoutError("Flowable <Table> too large on page 3")

    monkeypatch.setattr(BaseDocTemplate, "build", trop_grand)
    dossier = charger(EXEMPLE)
    with pytest.raises(ErreurEcriture, match="n'a pas pu être mise en page"):
        ecrire_pdf(dossier, evaluer(dossier), tmp_path / "a.pdf")
    assert main(["exporter", str(EXEMPLE), "--pdf", str(tmp_path / "b.pdf")]) == 2
    erreur = capsys.readouterr().err
    assert "n'a pas pu être mise en page" in erreur and "Traceback" not in erreur
    assert list(tmp_path.iterdir()) == []


def test_ecritures_non_latines_sans_erreur(tmp_path: Path) -> None:
    """Décision (docs/choix-d-interpretation.md) : DejaVu n'a pas les idéogrammes et
    reportlab ne lie pas l'arabe ; la synthèse s'écrit quand même, et le classeur comme le
    fichier dossier gardent le texte exact."""
    from openpyxl import load_workbook

    from app_bureau.operations.documents import Sorties, ecrire_documents

    dossier = charger(EXEMPLE)
    dossier.etablissements[0].nom = "北京市养老院"
    dossier.etablissements[1].nom = "دار المسنين"
    sorties = Sorties(tmp_path / "a.pdf", tmp_path / "a.xlsx", tmp_path / "a.json")
    ecrire_documents(dossier, evaluer(dossier), sorties)
    relu = charger(tmp_path / "a.json")
    assert [e.nom for e in relu.etablissements[:2]] == ["北京市养老院", "دار المسنين"]
    cellules = {
        c.value for f in load_workbook(tmp_path / "a.xlsx") for r in f.iter_rows() for c in r
    }
    assert {"北京市养老院", "دار المسنين"} <= cellules
