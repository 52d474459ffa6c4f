"""Mesure du suivi d'une grappe financée de 500 ESSMS, 24 mois de mesures chacun.

Usage : python benchmarks/bench_suivi.py [--essms 500] [--mois 24]

(a) État : médiane de 20 `regles.suivi.evaluer_suivi` (calendrier, état de chaque ESSMS et de
    chaque indicateur, état de la grappe, solde, dépenses, pièces), cible < 200 ms ; bases
    mesurées dans la même exécution : `regles.evaluer` du même dossier (l'estimation, que la
    session refait à chaque saisie) et une simple lecture des comptes des 12 000 mesures.
(b) Le rapport pour l'ARS, comme l'écran l'écrit (un bouton par document) : médiane de 3
    `operations.bilan.ecrire_bilan` du bilan d'usage PDF seul, cible < 5 s, puis du classeur
    du suivi XLSX seul, cible < 5 s ; bases : la synthèse PDF du même dossier
    (`exports.pdf.ecrire_pdf`) et un classeur openpyxl nu d'autant de lignes de nombres (son
    écriture domine celle du classeur du suivi). Les deux ensemble (`app-bureau suivi --pdf
    --xlsx`) sont affichés, sans cible.

Le dossier vient de `bench_estimer.dossier_geant` ; la convention reprend l'estimation ; les
mesures courent de mars 2023 à février 2025, un ESSMS sur trois sous une cible ; 1 000
factures. Code de sortie : 0 si les deux cibles sont tenues, 1 sinon.
"""

import argparse
import datetime
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from bench_estimer import dossier_geant, mediane, ms, verdict
from openpyxl import Workbook

from app_bureau.exports.pdf import ecrire_pdf
from app_bureau.fichier.dossier import lire_dossier
from app_bureau.modele import Depense, Dossier, Mesure, RubriqueFinancement
from app_bureau.operations.bilan import SortiesBilan, ecrire_bilan
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.suivi import evaluer_suivi, montants_estimes, suivi_prerempli

CIBLE_ETAT = 0.200  # secondes
CIBLE_BILAN = 5.0  # secondes
REPETITIONS_ETAT = 20
REPETITIONS_BILAN = 3
DEBUT = datetime.date(2023, 1, 1)
JOUR = datetime.date(2025, 3, 15)


def _mois(rang: int) -> datetime.date:
    """Mars 2023 (la première mesure d'un projet commencé le 1er janvier), puis les suivants."""
    total = 2023 * 12 + 2 + rang
    return datetime.date(total // 12, total % 12 + 1, 1)


def dossier_suivi(nombre: int, mois: int) -> Dossier:
    """Un dossier de `nombre` ESSMS financé, avec `mois` mois de mesures par ESSMS suivi."""
    dossier = lire_dossier(dossier_geant(nombre))
    suivi = suivi_prerempli(dossier, evaluer(dossier))
    suivi.convention.signee_le = datetime.date(2022, 12, 15)
    suivi.convention.debut_projet = DEBUT
    suivi.convention.avance_recue_le = datetime.date(2023, 2, 1)
    suivi.convention.avance_montant = (suivi.convention.montant_total or Decimal(0)) / 2
    for i, montant in enumerate(suivi.convention.montants):
        for rang in range(mois):
            progres = min(rang * 4, 40)
            manque = 8 if i % 3 == 0 else 0  # un ESSMS sur trois reste sous une cible
            personnes = 60 + i % 40
            actifs = personnes * (55 + progres) // 100
            suivi.mesures.append(
                Mesure(
                    montant.finess,
                    _mois(rang),
                    personnes,
                    personnes * (40 + progres) // 100,
                    personnes * (35 + progres - manque) // 100,
                    actifs,
                    actifs * (60 + progres) // 100 if progres < 30 else actifs * 95 // 100,
                    actifs * 93 // 100,
                )
            )
    for i in range(1000):
        suivi.depenses.append(
            Depense(
                datetime.date(2023, 1 + i % 12, 1 + i % 28),
                f"Fournisseur {i % 17}",
                "Licences et paramétrage",
                Decimal(1200 + 37 * (i % 50)) + Decimal("0.45"),
                list(RubriqueFinancement)[i % 5],
                suivi.convention.montants[i % len(suivi.convention.montants)].finess,
            )
        )
    dossier.suivi = suivi
    return dossier


def classeur_nu(lignes: int, colonnes: int, chemin: Path) -> None:
    classeur = Workbook()
    feuille = classeur.active
    for i in range(lignes):
        feuille.append([i * colonnes + j + 0.25 for j in range(colonnes)])
    classeur.save(chemin)


def main() -> int:
    analyse = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyse.add_argument("--essms", type=int, default=500)
    analyse.add_argument("--mois", type=int, default=24)
    options = analyse.parse_args()

    dossier = dossier_suivi(options.essms, options.mois)
    assert dossier.suivi is not None
    evaluation = evaluer(dossier)
    estimes = montants_estimes(evaluation)
    resultat = evaluer_suivi(dossier, JOUR, estimes)
    assert resultat is not None
    mesures = dossier.suivi.mesures
    print(f"Python {sys.version.split()[0]}, {sys.platform}")
    print(
        f"Dossier : {len(dossier.etablissements)} ESSMS, {len(resultat.essms)} suivis, "
        f"{len(mesures)} mesures, {len(dossier.suivi.depenses)} factures ; grappe "
        f"« {resultat.etat.value} », {len(resultat.retiennent_le_solde)} ESSMS retiennent le solde"
    )

    print(f"\n(a) État du suivi, médiane de {REPETITIONS_ETAT} exécutions")
    etat = mediane(lambda: evaluer_suivi(dossier, JOUR, estimes), REPETITIONS_ETAT)
    estimation = mediane(lambda: evaluer(dossier), REPETITIONS_ETAT)
    lecture = mediane(
        lambda: sum(m.personnes_accompagnees + m.dmp_alimentes for m in mesures),
        REPETITIONS_ETAT,
    )
    print(f"  evaluer_suivi, {options.essms} ESSMS × {options.mois} mois : {ms(etat)}")
    print(f"  base : evaluer (l'estimation) du même dossier  : {ms(estimation)}")
    print(f"  base : lire les comptes des {len(mesures)} mesures  : {ms(lecture)}")
    print(f"  rapport à l'estimation : × {etat / estimation:.2f}")
    print(f"  cible < {CIBLE_ETAT * 1000:.0f} ms : {verdict(etat, CIBLE_ETAT)}")

    print(f"\n(b) Rapport pour l'ARS, médiane de {REPETITIONS_BILAN} exécutions")
    with tempfile.TemporaryDirectory() as temporaire:
        dossier_sortie = Path(temporaire)
        pdf, xlsx = dossier_sortie / "bilan.pdf", dossier_sortie / "suivi.xlsx"

        def ecrire(sorties: SortiesBilan) -> float:
            return mediane(
                lambda: ecrire_bilan(dossier, evaluation, resultat, sorties, remplacer=True),
                REPETITIONS_BILAN,
            )

        duree_pdf = ecrire(SortiesBilan(pdf=pdf))
        duree_xlsx = ecrire(SortiesBilan(classeur=xlsx))
        ensemble = ecrire(SortiesBilan(pdf, xlsx))
        taille_pdf, taille_xlsx = pdf.stat().st_size, xlsx.stat().st_size
        synthese = mediane(
            lambda: ecrire_pdf(dossier, evaluation, dossier_sortie / "s.pdf", remplacer=True),
            REPETITIONS_BILAN,
        )
        nu = mediane(
            lambda: classeur_nu(len(mesures), 14, dossier_sortie / "nu.xlsx"), REPETITIONS_BILAN
        )
    print(f"  bilan d'usage PDF                              : {ms(duree_pdf)}")
    print(f"  base : synthèse PDF du même dossier            : {ms(synthese)}")
    print(f"  rapport à la synthèse : × {duree_pdf / synthese:.2f}")
    print(f"  cible < {CIBLE_BILAN:.0f} s : {verdict(duree_pdf, CIBLE_BILAN)}")
    print(f"  classeur du suivi XLSX                         : {ms(duree_xlsx)}")
    print(f"  base : classeur nu de {len(mesures)} × 14 nombres    : {ms(nu)}")
    print(f"  rapport au classeur nu : × {duree_xlsx / nu:.2f}")
    print(f"  cible < {CIBLE_BILAN:.0f} s : {verdict(duree_xlsx, CIBLE_BILAN)}")
    print(f"  les deux ensemble (ligne de commande)          : {ms(ensemble)}")
    print(f"  tailles : PDF {taille_pdf / 1024:.0f} Kio, XLSX {taille_xlsx / 1024:.0f} Kio")

    tenues = etat < CIBLE_ETAT and duree_pdf < CIBLE_BILAN and duree_xlsx < CIBLE_BILAN
    print("\nCibles tenues." if tenues else "\nAu moins une cible n'est pas tenue.")
    return 0 if tenues else 1


if __name__ == "__main__":
    sys.exit(main())
