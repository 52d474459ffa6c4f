"""Sauvegarder toute la base dans un fichier choisi, et la restaurer.

`restaurer` contrôle la sauvegarde avant de remplacer quoi que ce soit : un fichier ordinaire,
une base SQLite intègre, de l'Assistant Grappe (nos migrations, toutes nos tables et
colonnes), pas d'une version plus récente. L'état actuel est ensuite copié sous un nom daté
jamais réutilisé (deux restaurations dans la même seconde gardent deux copies). La taille de
page de la sauvegarde ne compte pas : si elle diffère, la copie se fait hors du mode WAL
(que SQLite exige pour changer de taille de page), remis aussitôt après.
"""

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from app_bureau.erreurs import message_sqlite
from app_bureau.fichier.ecriture import ecrire_atomiquement
from app_bureau.stockage.base import (
    BaseEtrangere,
    BaseIncomplete,
    BaseIndisponible,
    BaseTropRecente,
    ErreurBase,
    controler_appartenance,
    copier_base,
    migrer,
    nom_a_cote,
    probleme_fichier,
)


def sauvegarder(db: Database, destination: Path, remplacer: bool = False) -> None:
    """Copie cohérente de la base (même pendant que l'application s'en sert)."""
    ecrire_atomiquement(destination, lambda temporaire: copier_base(db.conn, temporaire), remplacer)


def _controler_sauvegarde(sauvegarde: Path) -> None:
    if sauvegarde.is_dir():
        raise ErreurBase(f"{sauvegarde} est un dossier, pas une sauvegarde : choisissez un fichier")
    if not sauvegarde.exists():
        raise ErreurBase(f"Sauvegarde introuvable : {sauvegarde}")
    if not sauvegarde.is_file():
        raise ErreurBase(
            f"{sauvegarde} n'est pas un fichier ordinaire : ce n'est pas une sauvegarde"
        )
    if sauvegarde.stat().st_size == 0:
        raise ErreurBase(f"La sauvegarde {sauvegarde} est vide : elle n'a pas été restaurée.")
    try:
        raison = probleme_fichier(sauvegarde)
    except BaseIndisponible as exc:
        raise ErreurBase(f"La sauvegarde {sauvegarde} ne peut pas être lue : {exc}") from None
    if raison:
        raise ErreurBase(f"La sauvegarde {sauvegarde} est inutilisable : {raison}.")
    try:
        connexion = sqlite3.connect(sauvegarde.absolute().as_uri() + "?mode=ro", uri=True)
        try:
            controler_appartenance(sauvegarde, connexion)
        finally:
            connexion.close()
    except (BaseEtrangere, BaseIncomplete, BaseTropRecente) as exc:
        raise ErreurBase(
            f"{sauvegarde} n'est pas une sauvegarde de l'Assistant Grappe lisible par cette "
            f"version de l'application : {exc} Rien n'a été restauré."
        ) from None
    except sqlite3.Error as exc:
        raise ErreurBase(
            f"La sauvegarde {sauvegarde} ne peut pas être lue : {message_sqlite(exc)}"
        ) from None


def restaurer(db: Database, chemin_base: Path, sauvegarde: Path) -> Path:
    """Remplace le contenu de la base par la sauvegarde, après avoir mis l'état actuel de côté.

    Renvoie le chemin de la copie de l'état actuel. La sauvegarde est contrôlée avant : un
    fichier endommagé, étranger, incomplet ou venu d'une version plus récente est refusé sans
    rien changer.
    """
    _controler_sauvegarde(sauvegarde)
    copie = nom_a_cote(chemin_base, "avant-restauration")
    copier_base(db.conn, copie)
    source = sqlite3.connect(sauvegarde.absolute().as_uri() + "?mode=ro", uri=True)
    try:
        taille_source = source.execute("PRAGMA page_size").fetchone()[0]
        taille_base = db.execute("PRAGMA page_size").fetchone()[0]
        if taille_source != taille_base:  # SQLite ne change pas la taille de page en WAL
            db.execute("PRAGMA journal_mode = DELETE")
            try:
                source.backup(db.conn)
            finally:
                db.execute("PRAGMA journal_mode = WAL")
        else:
            source.backup(db.conn)
    finally:
        source.close()
    migrer(db, chemin_base)
    return copie
