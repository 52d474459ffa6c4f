"""Sauvegarder toute la base dans un fichier choisi, et la restaurer."""

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from app_bureau.fichier.ecriture import ecrire_atomiquement
from app_bureau.stockage.base import ErreurBase, copier_base, horodatage, probleme_fichier
from app_bureau.stockage.schema import migrations, migrations_connues


def sauvegarder(db: Database, destination: Path, remplacer: bool = False) -> None:
    """Copie cohérente de la base (même pendant que l'application s'en sert)."""
    ecrire_atomiquement(destination, lambda temporaire: copier_base(db.conn, temporaire), remplacer)


def restaurer(db: Database, chemin_base: Path, sauvegarde: Path) -> Path:
    """Remplace le contenu de la base par la sauvegarde, après avoir mis l'état actuel de côté.

    Renvoie le chemin de la copie de l'état actuel. La sauvegarde est contrôlée avant : un
    fichier endommagé ou venu d'une version plus récente est refusé sans rien changer.
    """
    if not sauvegarde.is_file():
        raise ErreurBase(f"Sauvegarde introuvable : {sauvegarde}")
    raison = probleme_fichier(sauvegarde)
    if raison:
        raise ErreurBase(f"La sauvegarde {sauvegarde} est inutilisable : {raison}.")
    source = sqlite3.connect(sauvegarde)
    try:
        appliquees = [m.name for m in migrations.applied(Database(source))]
        if not appliquees or any(nom not in migrations_connues() for nom in appliquees):
            raise ErreurBase(
                f"{sauvegarde} n'est pas une sauvegarde de l'Assistant Grappe lisible par "
                "cette version de l'application."
            )
        copie = chemin_base.with_name(
            f"{chemin_base.stem}.avant-restauration-{horodatage()}{chemin_base.suffix}"
        )
        copier_base(db.conn, copie)
        source.backup(db.conn)
    finally:
        source.close()
    migrations.apply(db)
    return copie
