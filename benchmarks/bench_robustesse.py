"""Entrées hostiles : refus rapides, mémoire bornée, mise en page linéaire (issue 16).

Usage : python benchmarks/bench_robustesse.py

(a) Un fichier dossier de 60 Mo (au-delà de la borne de 50 Mo) refusé par `charger` ; et
    `/dev/zero`. Cible < 1 s. Base mesurée dans la même exécution : lire les 60 Mo
    (`Path.read_bytes`), ce que coûterait un refus après lecture.
(b) Un classeur XLSX hostile (300 Mo de blancs compressés en ~300 Ko) refusé par
    `import_fichier.lire_fichier`, dans un processus neuf : durée de `lire_fichier` (import
    des modules de l'application non compris) et mémoire maximale du processus (RSS).
    Cibles < 2 s et < 200 Mo. Base : le même processus sur un petit classeur ordinaire
    (import de Python, d'openpyxl et de l'application compris).
(c) La synthèse PDF d'un dossier dont un nom, le logiciel et un ESSMS sont des mots de
    10 000, 40 000 et 160 000 caractères (saisis à l'écran : la lecture des fichiers les
    refuserait). Cible : 160 000 caractères en moins de 3 × la base, qui est la synthèse du
    même dossier aux textes ordinaires (avant : 47 s pour un nom de 160 000 caractères).

Code de sortie : 0 si les cibles sont tenues, 1 sinon.
"""

import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from bench_estimer import mediane, ms, verdict
from openpyxl import Workbook

from app_bureau.exports.pdf import ecrire_pdf
from app_bureau.fichier.dossier import DossierInvalide, charger
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.evaluation import evaluer

CIBLE_REFUS = 1.0
CIBLE_XLSX = 2.0
CIBLE_MEMOIRE_MO = 200
RAPPORT_PDF = 3.0
EXEMPLE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))

MESURE_XLSX = """
import resource, sys, time
from app_bureau.saisie.import_fichier import FichierIllisible, lire_fichier
debut = time.perf_counter()
try:
    lire_fichier(__import__("pathlib").Path(sys.argv[1]))
    refuse = 0
except FichierIllisible:
    refuse = 1
duree = time.perf_counter() - debut
print(duree, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, refuse)
"""


def us(secondes: float) -> str:
    return f"{secondes * 1e6:8.0f} µs"


def refus(chemin: Path) -> float:
    debut = time.perf_counter()
    try:
        charger(chemin)
    except DossierInvalide:
        return time.perf_counter() - debut
    raise SystemExit(f"{chemin} n'a pas été refusé")


def classeur(chemin: Path, blancs_mo: int) -> Path:
    modele = Workbook()
    modele.active.append(["FINESS", "Nom"])
    modele.active.append(["350012001", "EHPAD Les Ajoncs"])
    modele.save(chemin)
    if not blancs_mo:
        return chemin
    bombe = chemin.with_name("bombe.xlsx")
    with zipfile.ZipFile(chemin) as source, zipfile.ZipFile(bombe, "w", zipfile.ZIP_DEFLATED) as z:
        for membre in source.infolist():
            if membre.filename != "xl/worksheets/sheet1.xml":
                z.writestr(membre, source.read(membre))
                continue
            with z.open(membre.filename, "w", force_zip64=True) as feuille:
                feuille.write(b"<worksheet><sheetData>")
                for _ in range(blancs_mo):
                    feuille.write(b" " * (1024 * 1024))
                feuille.write(b"</sheetData></worksheet>")
    return bombe


def processus_xlsx(chemin: Path) -> tuple[float, float, bool]:
    sortie = subprocess.run(
        [sys.executable, "-c", MESURE_XLSX, str(chemin)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(sortie[0]), float(sortie[1]), sortie[2] == "1"


def pdf_avec_mots(longueur: int, chemin: Path) -> float:
    dossier = charger(EXEMPLE)
    if longueur:
        dossier.nom = "N" * longueur
        dossier.solution.logiciel = "L" * longueur
        dossier.etablissements[0].nom = "E" * longueur
    evaluation = evaluer(dossier)
    return mediane(lambda: ecrire_pdf(dossier, evaluation, chemin, remplacer=True), 3)


def main() -> int:
    print(f"Python {sys.version.split()[0]}, {sys.platform}")
    with tempfile.TemporaryDirectory() as temporaire:
        dossier = Path(temporaire)
        gros = dossier / "gros.json"
        with gros.open("wb") as f:
            f.write(b'{"format": "dossier-esms-numerique", "x": "')
            f.truncate(60 * 1024 * 1024)
        duree_gros = mediane(lambda: refus(gros), 5)
        duree_zero = mediane(lambda: refus(Path("/dev/zero")), 5)
        duree_lecture = mediane(gros.read_bytes, 5)
        petit = classeur(dossier / "petit.xlsx", 0)
        bombe = classeur(dossier / "modele.xlsx", 300)
        xlsx_base = processus_xlsx(petit)
        xlsx_bombe = processus_xlsx(bombe)
        assert xlsx_bombe[2], "le classeur hostile n'a pas été refusé"
        pdf = {n: pdf_avec_mots(n, dossier / f"mots-{n}.pdf") for n in (0, 10_000, 40_000, 160_000)}
        taille_exemple = len(json.dumps(json.loads(EXEMPLE.read_text("utf-8"))))

    print("\n(a) fichier dossier de 60 Mo (borne : 50 Mo), médiane de 5")
    print(f"    refus de 60 Mo             {us(duree_gros)}  {verdict(duree_gros, CIBLE_REFUS)}")
    print(f"    refus de /dev/zero         {us(duree_zero)}  {verdict(duree_zero, CIBLE_REFUS)}")
    print(f"    base : lire les 60 Mo      {ms(duree_lecture)}")
    print(f"\n(b) classeur XLSX hostile ({bombe.name}, 300 Mo de blancs), processus neuf")
    print(
        f"    refus                      {ms(xlsx_bombe[0])}  {verdict(xlsx_bombe[0], CIBLE_XLSX)}"
        f"   mémoire max {xlsx_bombe[1]:6.0f} Mo  "
        f"{verdict(xlsx_bombe[1], CIBLE_MEMOIRE_MO)}"
    )
    print(f"    base : petit classeur lu   {ms(xlsx_base[0])}   mémoire max {xlsx_base[1]:6.0f} Mo")
    print(f"\n(c) synthèse PDF, mots démesurés (exemple de {taille_exemple} octets), médiane de 3")
    for longueur, duree in pdf.items():
        nom = "base : textes ordinaires" if not longueur else f"mots de {longueur:>7} car."
        print(f"    {nom:<27}{ms(duree)}  × {duree / pdf[0]:.2f}")
    rapport = pdf[160_000] / pdf[0]
    print(
        f"    cible : 160 000 caractères < {RAPPORT_PDF} × la base  {verdict(rapport, RAPPORT_PDF)}"
    )
    tenu = (
        duree_gros < CIBLE_REFUS
        and duree_zero < CIBLE_REFUS
        and xlsx_bombe[0] < CIBLE_XLSX
        and xlsx_bombe[1] < CIBLE_MEMOIRE_MO
        and rapport < RAPPORT_PDF
    )
    return 0 if tenu else 1


if __name__ == "__main__":
    sys.exit(main())
