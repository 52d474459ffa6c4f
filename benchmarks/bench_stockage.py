"""Mesure de la base : enregistrer un dossier de 2 000 ESSMS, lister 500 dossiers.

Usage : python benchmarks/bench_stockage.py

(a) Enregistrer : médiane de 10 `DepotDossiers.enregistrer` d'un dossier de 2 000 ESSMS
    (une transaction, total estimé par les règles compris), cible < 200 ms ; bases mesurées
    dans la même exécution : `evaluer` seul, et l'insertion brute des 2 000 lignes.
(b) Lister : médiane de 50 `DepotDossiers.lister()` sur 500 dossiers, cible < 50 ms ;
    base : `SELECT count(*)` sur la même table.

Code de sortie : 0 si les deux cibles sont tenues, 1 sinon.
"""

import sys
import tempfile
from pathlib import Path

from bench_estimer import dossier_geant, mediane, ms, texte_exemple, verdict

from app_bureau.fichier.dossier import decoder, lire_dossier
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.regles.evaluation import evaluer

CIBLE_ENREGISTRER = 0.200
CIBLE_LISTER = 0.050


def main() -> int:
    with tempfile.TemporaryDirectory() as dossier_temporaire:
        depot = ouvrir_depot(Path(dossier_temporaire) / "banc.sqlite")
        grand = lire_dossier(dossier_geant(2000))
        identifiant = depot.creer(grand)

        def enregistrer() -> None:
            depot.enregistrer(identifiant, grand, depot.revision(identifiant))

        def inserer_brut() -> None:
            with depot.db.conn:
                depot.db.execute("DELETE FROM brut")
                depot.db.conn.executemany(
                    "INSERT INTO brut VALUES (?, ?, ?)",
                    [(i, e.finess, e.nom) for i, e in enumerate(grand.etablissements)],
                )

        depot.db.execute("CREATE TEMP TABLE brut (position INTEGER, finess TEXT, nom TEXT)")
        duree_enregistrer = mediane(enregistrer, 10)
        duree_evaluer = mediane(lambda: evaluer(grand), 10)
        duree_brut = mediane(inserer_brut, 10)

        petit = lire_dossier(decoder(texte_exemple("grappe-9-ehpad-bretagne.json")))
        for _ in range(500 - len(depot.lister())):
            depot.creer(petit)
        duree_lister = mediane(depot.lister, 50)
        duree_compter = mediane(
            lambda: depot.db.execute("SELECT count(*) FROM dossiers").fetchone(), 50
        )
        nombre = len(depot.lister())
        depot.db.close()

    print(f"Python {sys.version.split()[0]}, {sys.platform}")
    print("\n(a) Enregistrer un dossier de 2 000 ESSMS, médiane de 10")
    print(f"  DepotDossiers.enregistrer (règles comprises) : {ms(duree_enregistrer)}")
    print(f"  base : evaluer seul                          : {ms(duree_evaluer)}")
    print(f"  base : insertion brute de 2 000 lignes       : {ms(duree_brut)}")
    print(f"  rapport à evaluer seul : × {duree_enregistrer / duree_evaluer:.1f}")
    print(f"  cible < 200 ms : {verdict(duree_enregistrer, CIBLE_ENREGISTRER)}")
    print(f"\n(b) Lister {nombre} dossiers, médiane de 50")
    print(f"  DepotDossiers.lister()       : {ms(duree_lister)}")
    print(f"  base : SELECT count(*)       : {ms(duree_compter)}")
    print(f"  rapport au comptage : × {duree_lister / duree_compter:.0f}")
    print(f"  cible < 50 ms : {verdict(duree_lister, CIBLE_LISTER)}")
    tenues = duree_enregistrer < CIBLE_ENREGISTRER and duree_lister < CIBLE_LISTER
    print("\nCibles tenues." if tenues else "\nCible manquée.")
    return 0 if tenues else 1


if __name__ == "__main__":
    sys.exit(main())
