"""Le PDF reprend l'autodiagnostic quand les réponses existent (export depuis la base)."""

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app_bureau.operations.depot import ouvrir_depot
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.autodiagnostic.questionnaire import questionnaire

pytestmark = pytest.mark.lent  # sous-processus ou calculs longs

EXEMPLE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))


def test_export_par_la_commande_avec_les_reponses(tmp_path: Path) -> None:
    base = tmp_path / "b.sqlite"
    depot = ouvrir_depot(base)
    identifiant = depot.importer(EXEMPLE)
    enregistre = depot.charger(identifiant)
    og = enregistre.dossier.organismes[0]
    questions = questionnaire().questions_de("directeur")
    for question in questions[:5]:
        enregistre.dossier.repondre(og.id, question.id, 2)
    depot.enregistrer(identifiant, enregistre.dossier, enregistre.revision)
    depot.db.close()
    sortie = tmp_path / "synthese.pdf"
    resultat = subprocess.run(
        [sys.executable, "-m", "app_bureau", "exporter", str(identifiant), "--pdf", str(sortie),
         "--base", str(base)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert resultat.returncode == 0, resultat.stderr
    texte = "\n".join(page.extract_text() for page in PdfReader(sortie).pages)
    assert "Autodiagnostic de maturité SI" in texte
    assert f"5 réponses sur {len(questions)}" in texte
    polices = {
        str(police["/BaseFont"])
        for page in PdfReader(sortie).pages
        for police in page["/Resources"].get("/Font", {}).values()
    }
    assert not any("Helvetica" in p for p in polices)
    assert oct(sortie.stat().st_mode & 0o777) != oct(0o600)
