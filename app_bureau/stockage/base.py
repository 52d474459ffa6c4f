"""Ouvrir la base : la seule fonction qui règle la connexion SQLite.

- clés étrangères activées, journal WAL, écriture synchrone complète (un arrêt brutal ou une
  coupure de courant ne perd rien de ce qui a été validé) ;
- un fichier qui n'est pas une base SQLite, tronqué ou qui échoue à `PRAGMA integrity_check`
  n'est jamais réécrit : il est mis de côté sous un nom daté et `BaseEndommagee` est levée ;
- une base écrite par une version plus récente de l'application est refusée, sans y toucher ;
- avant toute migration d'une base existante, une copie est faite (API de sauvegarde SQLite).

Le journal WAL suppose un disque local (pas un partage réseau).
"""

import datetime
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from app_bureau.stockage.schema import migrations, migrations_connues

ENTETE_SQLITE = b"SQLite format 3\x00"


class ErreurBase(Exception):
    """Un problème de base, avec un message français pour l'utilisateur."""


class BaseEndommagee(ErreurBase):
    def __init__(self, chemin: Path, mise_de_cote: Path, raison: str) -> None:
        super().__init__(
            f"La base {chemin} est endommagée ({raison}). Elle n'a pas été modifiée : elle a "
            f"été mise de côté sous le nom {mise_de_cote.name}. Vous pouvez repartir d'une "
            "base neuve ou restaurer une sauvegarde."
        )
        self.chemin = chemin
        self.mise_de_cote = mise_de_cote


class BaseTropRecente(ErreurBase):
    def __init__(self, chemin: Path, inconnues: list[str]) -> None:
        super().__init__(
            f"La base {chemin} a été écrite par une version plus récente de l'application "
            f"(évolutions inconnues : {', '.join(inconnues)}). Elle n'a pas été modifiée : "
            "mettez l'application à jour pour l'ouvrir."
        )


def horodatage() -> str:
    return datetime.datetime.now().strftime("%Y%m%d-%H%M%S")


def _copie_a_cote(chemin: Path, etiquette: str) -> Path:
    return chemin.with_name(f"{chemin.stem}.{etiquette}-{horodatage()}{chemin.suffix}")


def probleme_fichier(chemin: Path) -> str | None:
    """Pourquoi ce fichier n'est pas une base saine ; None s'il l'est (ou s'il est vide)."""
    with chemin.open("rb") as fichier:
        entete = fichier.read(len(ENTETE_SQLITE))
    if not entete:
        return None
    if entete != ENTETE_SQLITE:
        return "ce n'est pas une base SQLite"
    try:
        connexion = sqlite3.connect(chemin)
        try:
            resultat = connexion.execute("PRAGMA integrity_check").fetchall()
        finally:
            connexion.close()
    except sqlite3.DatabaseError as exc:
        return f"fichier illisible : {exc}"
    if resultat != [("ok",)]:
        return "contrôle d'intégrité en échec"
    return None


def mettre_de_cote(chemin: Path) -> Path:
    """Renomme la base (et ses fichiers -wal, -shm) sous un nom daté ; renvoie le nouveau nom."""
    destination = _copie_a_cote(chemin, "endommagee")
    for suffixe in ("-wal", "-shm"):
        compagnon = Path(f"{chemin}{suffixe}")
        if compagnon.exists():
            compagnon.rename(Path(f"{destination}{suffixe}"))
    chemin.rename(destination)
    return destination


def copier_base(source: sqlite3.Connection, destination: Path) -> None:
    """Copie cohérente d'une base ouverte (API de sauvegarde SQLite)."""
    cible = sqlite3.connect(destination)
    try:
        source.backup(cible)
    finally:
        cible.close()


def configurer(db: Database) -> None:
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")


def ouvrir_base(chemin: Path) -> Database:
    """La base prête à l'emploi (créée, contrôlée, migrée) ; lève une `ErreurBase` sinon."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    if chemin.exists():
        raison = probleme_fichier(chemin)
        if raison:
            raise BaseEndommagee(chemin, mettre_de_cote(chemin), raison)
    db = Database(chemin, strict=True)
    try:
        appliquees = [m.name for m in migrations.applied(db)]
        inconnues = [nom for nom in appliquees if nom not in migrations_connues()]
        if inconnues:
            raise BaseTropRecente(chemin, inconnues)
        configurer(db)
        if appliquees and migrations.pending(db):
            copier_base(db.conn, _copie_a_cote(chemin, "avant-migration"))
        migrations.apply(db)
    except BaseException:
        db.close()
        raise
    return db
