"""Mesure du temps d'écriture de la synthèse PDF d'un dossier de 500 ESSMS.

Usage : python benchmarks/bench_export_pdf.py [--essms 500] [--repetitions 5]

Chronométré : médiane de 5 exécutions de `exports.pdf.ecrire_pdf(dossier, evaluation, chemin)`
(mise en page, polices incorporées, écriture atomique comprises ; l'évaluation est faite une
fois avant), cible < 3 s. Base mesurée dans la même exécution : un document reportlab nu,
un seul tableau des mêmes 500 lignes (11 colonnes de texte, police DejaVu, en-tête répété),
sans couverture, synthèse, annexes ni numérotation « Page X sur Y ».

Code de sortie : 0 si la cible est tenue, 1 sinon.
"""

import argparse
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

from bench_estimer import dossier_geant, mediane, verdict
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle

from app_bureau.exports.pdf import POLICE, ecrire_pdf, enregistrer_polices
from app_bureau.fichier.dossier import decoder, encoder, lire_dossier
from app_bureau.formats import euros
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.resultats import Evaluation

CIBLE = 3.0  # secondes


def document_nu(evaluation: Evaluation) -> bytes:
    """La base : les mêmes lignes dans un seul tableau reportlab, sans rien autour."""
    lignes = [
        ["FINESS", "Nom", "Région", "Rang", "MOA", "Éditeur", "Équipement", "Total", "", "", ""]
    ]
    for r in evaluation.etablissements:
        montants = [euros(r.moa), euros(r.editeur), euros(r.equipement), euros(r.total)]
        lignes.append([r.finess, r.nom, r.region or "", str(r.rang or ""), *montants, "", "", ""])
    tampon = BytesIO()
    document = SimpleDocTemplate(tampon, pagesize=landscape(A4), initialFontName=POLICE)
    style = TableStyle(
        [("FONTNAME", (0, 0), (-1, -1), POLICE), ("FONTSIZE", (0, 0), (-1, -1), 7.5)]
    )
    document.build([LongTable(lignes, repeatRows=1, style=style)])
    return tampon.getvalue()


def main() -> int:
    analyseur = argparse.ArgumentParser(description="Banc d'essai de la synthèse PDF.")
    analyseur.add_argument("--essms", type=int, default=500, help="nombre d'ESSMS (500)")
    analyseur.add_argument("--repetitions", type=int, default=5, help="exécutions mesurées (5)")
    options = analyseur.parse_args()

    dossier = lire_dossier(decoder(encoder(dossier_geant(options.essms))))
    debut = time.perf_counter()
    evaluation = evaluer(dossier)
    duree_evaluation = time.perf_counter() - debut
    enregistrer_polices()

    with tempfile.TemporaryDirectory() as dossier_temporaire:
        chemin = Path(dossier_temporaire) / "synthese.pdf"

        def exporter() -> None:
            ecrire_pdf(dossier, evaluation, chemin, remplacer=True)

        duree = mediane(exporter, options.repetitions)
        pages = len(PdfReader(chemin).pages)
        taille = chemin.stat().st_size
    base = mediane(lambda: document_nu(evaluation), options.repetitions)
    pages_base = len(PdfReader(BytesIO(document_nu(evaluation))).pages)

    print(
        f"Dossier de test : {len(dossier.etablissements)} ESSMS, {len(dossier.organismes)} OG, "
        f"{evaluation.nombre_essms_retenus} retenus, {len(evaluation.anomalies)} constats"
    )
    print(f"Python {sys.version.split()[0]}, {sys.platform}")
    print(f"  pour information : evaluer(dossier) : {duree_evaluation * 1000:8.1f} ms")
    print()
    print(f"Médiane de {options.repetitions} exécutions")
    print(
        f"  ecrire_pdf, {options.essms} ESSMS          : {duree:6.2f} s "
        f"({pages} pages, {taille / 1e6:.1f} Mo)"
    )
    print(f"  base : tableau reportlab nu     : {base:6.2f} s ({pages_base} pages)")
    print(f"  rapport à la base : × {duree / base:.1f}")
    print(
        f"    (par page : {duree / pages * 1000:.1f} ms contre {base / pages_base * 1000:.1f} ms)"
    )
    tenue = duree < CIBLE
    print(f"  cible < {CIBLE:.0f} s : {verdict(duree, CIBLE)}")
    print()
    print("Cible tenue." if tenue else "La cible n'est pas tenue.")
    return 0 if tenue else 1


if __name__ == "__main__":
    sys.exit(main())
