"""Mesure du temps d'estimation sur un dossier de 2 000 ESSMS.

Usage : python benchmarks/bench_estimer.py [--essms 2000]

(a) En processus : médiane de 20 exécutions de `regles.evaluer(dossier)` suivi de
    `sortie_json.evaluation_en_json`, cible < 100 ms ; bases de comparaison mesurées dans
    la même exécution : le même calcul sur l'exemple de 9 ESSMS et un simple `json.loads`
    du fichier de 2 000 ESSMS.
(b) De bout en bout : médiane de 5 exécutions de
    `python -m app_bureau estimer --json FICHIER`, cible < 1 s ; base : `python -c pass`.

Code de sortie : 0 si les deux cibles sont tenues, 1 sinon.
"""

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from stdnum import luhn

from app_bureau.cli.sortie_json import evaluation_en_json
from app_bureau.fichier.dossier import decoder, encoder, lire_dossier
from app_bureau.modele import Dossier
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.evaluation import evaluer

CIBLE_EN_PROCESSUS = 0.100  # secondes
CIBLE_BOUT_EN_BOUT = 1.0  # secondes
REPETITIONS_EN_PROCESSUS = 20
REPETITIONS_BOUT_EN_BOUT = 5
ESSMS_PAR_ORGANISME = 10

# Départements de métropole, Corse et outre-mer (préfixe FINESS sur 4 caractères pour
# l'outre-mer : 9704 → 974, 9805 → 976).
DEPARTEMENTS = ["35", "56", "29", "22", "44", "75", "69", "13", "31", "59", "2A", "974", "976"]
PREFIXES_OUTRE_MER = {"971": "9701", "972": "9702", "973": "9703", "974": "9704", "976": "9805"}


def texte_exemple(nom: str) -> str:
    return ressource("exemples", nom).read_text(encoding="utf-8")


def finess(departement: str, numero: int) -> str:
    """Un FINESS géographique valide et unique pour (département, numéro)."""
    if departement in ("2A", "2B"):
        return f"{departement}{numero:07d}"  # Corse : format seulement, pas de clé de Luhn
    prefixe = PREFIXES_OUTRE_MER.get(departement, departement)
    debut = f"{prefixe}{numero:0{8 - len(prefixe)}d}"
    return debut + luhn.calc_check_digit(debut)


def dossier_geant(nombre: int) -> dict[str, Any]:
    """Un dossier de `nombre` ESSMS, à partir des exemples (EHPAD et services à domicile).

    Départements variés, acquisitions et mises en conformité mêlées, parts d'activité
    « confort », devis sous et au-dessus du plafond, OG de petite et de grande taille,
    quelques ESSMS déjà financés (non retenus).
    """
    base = decoder(texte_exemple("grappe-9-ehpad-bretagne.json"))
    domicile = decoder(texte_exemple("domicile-20-services-confort.json"))
    modeles = base["etablissements"] + domicile["etablissements"]
    organisme_modele = base["organismes"][0]

    organismes: list[dict[str, Any]] = []
    etablissements: list[dict[str, Any]] = []
    for i in range(nombre):
        departement = DEPARTEMENTS[(i // ESSMS_PAR_ORGANISME) % len(DEPARTEMENTS)]
        if i % ESSMS_PAR_ORGANISME == 0:
            n = len(organismes)
            og = copy.deepcopy(organisme_modele)
            og.update(
                id=f"og{n:04d}",
                raison_sociale=f"Organisme gestionnaire {n}",
                finess_juridique=None,
                departement=departement,
                # un OG sur deux est de petite taille (moins de 15 ESSMS, 8 outre-mer)
                nombre_essms_geres=ESSMS_PAR_ORGANISME if n % 2 == 0 else 40,
            )
            organismes.append(og)
        e = copy.deepcopy(modeles[i % len(modeles)])
        e.update(
            finess=finess(departement, i),
            nom=f"ESSMS n° {i + 1}",
            organisme=organismes[-1]["id"],
            projet="mise_en_conformite" if i % 3 == 0 else "acquisition",
            deja_finance=i % 97 == 0,
            part_activite_eligible=Decimal("0.65") if i % 7 == 0 else e["part_activite_eligible"],
            devis_editeur=(
                Decimal(16000) if i % 11 == 0 else Decimal(12000 + 250 * (i % 5)) if i % 4 else None
            ),
            equipement=i % 2 == 0,
        )
        etablissements.append(e)
    base["nom"] = f"Banc d'essai : {nombre} ESSMS"
    base["organismes"] = organismes
    base["etablissements"] = etablissements
    return base


def mediane(fonction: Callable[[], object], repetitions: int) -> float:
    """Médiane, en secondes, de `repetitions` appels (après un appel de mise en route)."""
    fonction()
    durees = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        fonction()
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees)


def estimation(dossier: Dossier) -> Callable[[], dict[str, Any]]:
    return lambda: evaluation_en_json(evaluer(dossier))


def commande(*arguments: str) -> Callable[[], None]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def lancer() -> None:
        r = subprocess.run(
            [sys.executable, *arguments], capture_output=True, env=env, check=False, timeout=120
        )
        if r.returncode != 0:
            raise SystemExit(f"échec de {' '.join(arguments)} :\n{r.stderr.decode()}")

    return lancer


def ms(secondes: float) -> str:
    return f"{secondes * 1000:8.1f} ms"


def verdict(duree: float, cible: float) -> str:
    return "OK" if duree < cible else "TROP LENT"


def main() -> int:
    analyseur = argparse.ArgumentParser(description="Banc d'essai de l'estimation.")
    analyseur.add_argument("--essms", type=int, default=2000, help="nombre d'ESSMS (2000)")
    options = analyseur.parse_args()

    donnees = dossier_geant(options.essms)
    texte = encoder(donnees)
    dossier = lire_dossier(decoder(texte))
    petit = lire_dossier(decoder(texte_exemple("grappe-9-ehpad-bretagne.json")))
    resultat = evaluation_en_json(evaluer(dossier))
    print(f"Dossier de test : {len(dossier.etablissements)} ESSMS, {len(dossier.organismes)} OG,")
    print(
        f"  {resultat['nombre_essms_retenus']} retenus, total {resultat['totaux']['total']} €, "
        f"{len(resultat['anomalies'])} anomalies, {len(texte) / 1e6:.1f} Mo de JSON"
    )
    print(f"Python {sys.version.split()[0]}, {sys.platform}")

    print()
    print(f"(a) En processus, médiane de {REPETITIONS_EN_PROCESSUS} exécutions")
    grand = mediane(estimation(dossier), REPETITIONS_EN_PROCESSUS)
    neuf = mediane(estimation(petit), REPETITIONS_EN_PROCESSUS)
    chargement = mediane(lambda: json.loads(texte), REPETITIONS_EN_PROCESSUS)
    lecture = mediane(lambda: lire_dossier(decoder(texte)), REPETITIONS_EN_PROCESSUS)
    print(f"  evaluer + evaluation_en_json, {options.essms} ESSMS : {ms(grand)}")
    print(f"  base : la même chose, 9 ESSMS               : {ms(neuf)}")
    print(f"  base : json.loads du fichier de {options.essms} ESSMS  : {ms(chargement)}")
    print(f"  pour information : lecture validée du fichier   : {ms(lecture)}")
    print(f"  rapport au dossier de 9 ESSMS : × {grand / neuf:.0f}")
    print(f"    (par ESSMS : {grand / options.essms * 1e6:.1f} µs contre {neuf / 9 * 1e6:.1f} µs)")
    print(f"  rapport à json.loads          : × {grand / chargement:.1f}")
    print(f"  cible < {CIBLE_EN_PROCESSUS * 1000:.0f} ms : {verdict(grand, CIBLE_EN_PROCESSUS)}")

    print()
    print(f"(b) De bout en bout, médiane de {REPETITIONS_BOUT_EN_BOUT} exécutions")
    with tempfile.TemporaryDirectory() as dossier_temporaire:
        fichier = Path(dossier_temporaire) / f"dossier-{options.essms}-essms.json"
        fichier.write_text(texte, encoding="utf-8")
        ligne = commande("-m", "app_bureau", "estimer", "--json", str(fichier))
        bout_en_bout = mediane(ligne, REPETITIONS_BOUT_EN_BOUT)
        vide = mediane(commande("-c", "pass"), REPETITIONS_BOUT_EN_BOUT)
    print(f"  python -m app_bureau estimer --json FICHIER : {ms(bout_en_bout)}")
    print(f"  base : python -c pass                        : {ms(vide)}")
    print(f"  rapport à python -c pass : × {bout_en_bout / vide:.1f}")
    print(f"  cible < {CIBLE_BOUT_EN_BOUT:.0f} s : {verdict(bout_en_bout, CIBLE_BOUT_EN_BOUT)}")
    tenues = grand < CIBLE_EN_PROCESSUS and bout_en_bout < CIBLE_BOUT_EN_BOUT
    print()
    print("Cibles tenues." if tenues else "Au moins une cible n'est pas tenue.")
    return 0 if tenues else 1


if __name__ == "__main__":
    sys.exit(main())
