"""Mesure de la recherche dans l'extrait FINESS : 100 000 établissements, sans tout charger.

Usage : python benchmarks/bench_extrait_finess.py [--lignes 100000]

Un extrait synthétique au format publié (première ligne de métadonnées, lignes
`structureet` de 32 champs en UTF-8, libellés accentués, quelques noms entre guillemets,
lignes `geolocalisation` en fin) est écrit dans un dossier temporaire. On chronomètre, en
médiane de 5 exécutions, progression comprise :
(a) la recherche par FINESS juridique (12 établissements répartis dans le fichier) ;
(b) la recherche par mots du nom, sans accents ni majuscules (« residence jardins », qui
    doit trouver « RÉSIDENCE LES JARDINS ») ;
(c) le pire cas : des mots présents dans chaque ligne, mais hors du nom (« personnes
    agees », dans les libellés de catégorie), qu'aucun établissement ne porte ;
cible < 2 s chacune. Base mesurée dans la même exécution : lire le fichier ligne à ligne
sans rien découper.

Code de sortie : 0 si les cibles sont tenues, 1 sinon.
"""

import argparse
import random
import sys
import tempfile
from pathlib import Path

from bench_estimer import mediane, ms, verdict
from stdnum import luhn

from app_bureau.saisie.extrait_finess import chercher

CIBLE = 2.0
REPETITIONS = 5
EJ_CHERCHE = "350099991"  # FINESS juridique valide, 12 établissements
_CATEGORIES = (
    ("500", "Etablissement d'hébergement pour personnes âgées dépendantes", "4401"),
    ("354", "Service de Soins Infirmiers A Domicile", "4401"),
    ("183", "Institut Médico-Educatif (I.M.E.)", "4301"),
    ("437", "Foyer d'Accueil Médicalisé pour Adultes Handicapés", "4302"),
    ("460", "Service d'Aide et d'Accompagnement à Domicile (S.A.A.D)", "4601"),
    ("355", "Centre Hospitalier (C.H.)", "1102"),
    ("620", "Pharmacie d'Officine", "3301"),
)
_NOMS = ("LES TILLEULS", "LE VAL FLEURI", "SAINT JOSEPH", "LES GENETS", "LA RIVIERE", "L'ESTUAIRE")
_TYPES = ("EHPAD", "SSIAD", "IME", "FAM", "SAAD", "CH", "PHARMACIE")
_VILLES = (
    ("35", "ILLE ET VILAINE", "35000 RENNES"),
    ("29", "FINISTERE", "29200 BREST"),
    ("13", "BOUCHES DU RHONE", "13001 MARSEILLE"),
    ("9D", "LA REUNION", "97400 ST DENIS"),
    ("2A", "CORSE DU SUD", "20000 AJACCIO"),
    ("69", "RHONE", "69003 LYON"),
)


def finess(debut: str) -> str:
    return debut + luhn.calc_check_digit(debut)


def ecrire_extrait(chemin: Path, nombre: int) -> int:
    """Écrit l'extrait ; renvoie le nombre de « RÉSIDENCE LES JARDINS » qu'il contient."""
    hasard = random.Random(2024)
    jardins = 0
    with chemin.open("w", encoding="utf-8", newline="\n") as fichier:
        fichier.write("finess;etalab;95;2024-03-06\n")
        for i in range(nombre):
            departement, libelle, acheminement = _VILLES[i % len(_VILLES)]
            categorie, libcat, agregat = _CATEGORIES[hasard.randrange(len(_CATEGORIES))]
            ej = EJ_CHERCHE if i % (nombre // 12) == 7 else finess(f"{10 + i % 80:02d}{i:06d}")
            if i % 9973 == 0:
                rs, jardins = "RÉSIDENCE LES JARDINS", jardins + 1
            elif i % 501 == 0:
                rs = '"EHPAD ""LA SOURCE""; ANNEXE"'
            else:
                rs = f"{_TYPES[i % len(_TYPES)]} {_NOMS[hasard.randrange(len(_NOMS))]} {i}"
            champs = [
                "structureet",
                finess(f"{10 + i % 80:02d}{i + 500000:06d}"),
                ej,
                rs,
                rs,
                "",
                "",
                str(1 + i % 120),
                "R",
                "DE LA RÉPUBLIQUE",
                "",
                "",
                f"{i % 400:03d}",
                departement,
                libelle,
                acheminement,
                f"02{i:08d}",
                "",
                categorie,
                libcat,
                agregat,
                "Etablissements et Services pour Personnes Agées",
                f"{i:014d}",
                "8710A",
                "45",
                "ARS / DG EPS",
                "",
                "",
                "1990-01-01",
                "1990-01-01",
                "2023-06-12",
                "",
            ]
            fichier.write(";".join(champs) + "\n")
        for i in range(nombre // 10):
            fichier.write(f"geolocalisation;{i:09d};351234.5;6789012.3;1,ATLASANTE;2023-06-12\n")
    return jardins


def lire_sans_decouper(chemin: Path) -> int:
    with chemin.open("rb") as fichier:
        return sum(1 for _ in fichier)


def main() -> int:
    analyseur = argparse.ArgumentParser(description="Banc d'essai de la recherche FINESS.")
    analyseur.add_argument("--lignes", type=int, default=100_000, help="établissements (100000)")
    options = analyseur.parse_args()

    with tempfile.TemporaryDirectory() as dossier:
        chemin = Path(dossier) / "etalab-cs1100507-stock-synthetique.csv"
        jardins = ecrire_extrait(chemin, options.lignes)
        taille = chemin.stat().st_size
        nouvelles: list[int] = []

        def par_ej() -> None:
            nouvelles.clear()
            r = chercher(chemin, EJ_CHERCHE, lambda lus, total: nouvelles.append(lus))
            assert len(r.structures) == 12, len(r.structures)

        def par_nom() -> None:
            r = chercher(chemin, "residence jardins", lambda lus, total: None)
            assert len(r.structures) == jardins, (len(r.structures), jardins)

        def pire() -> None:
            r = chercher(chemin, "personnes agees", lambda lus, total: None)
            assert not r.structures, len(r.structures)

        duree_base = mediane(lambda: lire_sans_decouper(chemin), REPETITIONS)
        duree_ej = mediane(par_ej, REPETITIONS)
        duree_nom = mediane(par_nom, REPETITIONS)
        duree_pire = mediane(pire, REPETITIONS)

    print(f"Python {sys.version.split()[0]}, {sys.platform}")
    nombre = f"{options.lignes:,}".replace(",", "\u202f")
    print(f"Extrait synthétique : {nombre} établissements, {taille / 1_000_000:.1f} Mo")
    print(f"\nRecherche, médiane de {REPETITIONS} (progression comprise)")
    lignes = (
        ("base : lire le fichier ligne à ligne, sans découper", duree_base, ""),
        (
            "(a) par FINESS juridique, 12 trouvés",
            duree_ej,
            f"× {duree_ej / duree_base:.1f} la base, {len(nouvelles)} nouvelles de progression",
        ),
        (
            f"(b) par mots « residence jardins », {jardins} trouvés",
            duree_nom,
            f"× {duree_nom / duree_base:.1f} la base",
        ),
        (
            "(c) par mots « personnes agees », 0 trouvé",
            duree_pire,
            f"× {duree_pire / duree_base:.1f} la base",
        ),
    )
    for libelle, duree, rapport in lignes:
        print(f"  {libelle:<54}: {ms(duree)}  {rapport}".rstrip())
    durees = (duree_ej, duree_nom, duree_pire)
    verdicts = ", ".join(f"({n}) {verdict(d, CIBLE)}" for n, d in zip("abc", durees, strict=True))
    print(f"  cible < 2 s chacune : {verdicts}")
    tenues = max(durees) < CIBLE
    print("\nCibles tenues." if tenues else "\nCible manquée.")
    return 0 if tenues else 1


if __name__ == "__main__":
    sys.exit(main())
