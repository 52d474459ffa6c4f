"""Ouvrir la base : la seule fonction qui règle la connexion SQLite.

- clés étrangères activées, journal WAL, écriture synchrone complète (un arrêt brutal ou une
  coupure de courant ne perd rien de ce qui a été validé) ;
- **endommagée ou indisponible** : seul un fichier que SQLite dit endommagé (`SQLITE_CORRUPT`,
  `SQLITE_NOTADB`, contrôle d'intégrité en échec) est mis de côté, sous un nom daté jamais
  réutilisé, et `BaseEndommagee` est levée. Une base occupée par un autre programme (après
  `ATTENTE_VERROU_S` secondes d'essais), en lecture seule, protégée, sur un disque en erreur,
  ou qui n'est pas un fichier ordinaire, reste où elle est : `BaseIndisponible`, avec ce
  qu'il faut faire ;
- **une base qui n'est pas la nôtre** (des tables, mais pas nos migrations) est refusée sans
  qu'un octet y soit écrit (`BaseEtrangere`) ; une base de l'application à qui il manque des
  tables aussi (`BaseIncomplete`) ;
- une base écrite par une version plus récente de l'application est refusée, sans y toucher ;
- **une base neuve** est construite sous un nom temporaire puis mise en place par lien
  physique : une création interrompue (disque plein, arrêt) ne laisse pas de fichier vide, et
  plusieurs commandes qui créent la même base en même temps en obtiennent une seule ;
- les migrations s'appliquent sous le verrou d'écriture (`BEGIN IMMEDIATE`) : deux processus
  qui ouvrent une base à migrer ne la migrent qu'une fois ; avant toute migration d'une base
  existante, une copie est faite (API de sauvegarde SQLite), sous un nom jamais réutilisé.

Le journal WAL suppose un disque local (pas un partage réseau).
"""

import contextlib
import datetime
import os
import sqlite3
import stat
import sys
from functools import cache
from pathlib import Path

from sqlite_utils import Database

from app_bureau.erreurs import SQLITE_CORRUPT, SQLITE_NOTADB, code_sqlite, message_sqlite
from app_bureau.fichier.ecriture import (
    ErreurEcriture,
    Temporaire,
    nom_libre,
    placer_sans_remplacer,
)
from app_bureau.stockage.schema import migrations, migrations_connues

ENTETE_SQLITE = b"SQLite format 3\x00"
ATTENTE_VERROU_S = 5.0
"""Combien de temps attendre une base occupée par un autre programme (SQLite réessaie
pendant ce temps) avant de dire qu'elle l'est."""
TABLE_MIGRATIONS = migrations.migrations_table


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


class BaseIndisponible(ErreurBase):
    """La base ne peut pas être utilisée maintenant ; elle est laissée où elle est."""

    def __init__(self, chemin: Path, raison: str) -> None:
        super().__init__(
            f"La base {chemin} n'a pas pu être ouverte : {raison}. Elle n'a été ni modifiée "
            "ni déplacée."
        )
        self.chemin = chemin


class BaseEtrangere(ErreurBase):
    def __init__(self, chemin: Path, tables: list[str]) -> None:
        liste = ", ".join(sorted(tables)[:8]) + (" …" if len(tables) > 8 else "")
        super().__init__(
            f"{chemin} est une base SQLite qui n'appartient pas à l'Assistant Grappe (tables : "
            f"{liste}). Elle n'a pas été modifiée : choisissez un autre fichier de base."
        )


class BaseIncomplete(ErreurBase):
    def __init__(self, chemin: Path, manquantes: list[str]) -> None:
        super().__init__(
            f"La base {chemin} est incomplète : il lui manque {', '.join(manquantes)}. Elle "
            "n'a pas été modifiée : restaurez une sauvegarde ou choisissez un autre fichier."
        )


def horodatage() -> str:
    return datetime.datetime.now().strftime("%Y%m%d-%H%M%S")


def nom_a_cote(chemin: Path, etiquette: str) -> Path:
    """Réserve un nom daté à côté de la base (`dossiers.endommagee-20240101-120000.sqlite`,
    puis `…-120000-2.sqlite` dans la même seconde) : deux copies ne se remplacent jamais."""
    date = horodatage()

    def nom(rang: int) -> str:
        return f"{chemin.stem}.{etiquette}-{date}{f'-{rang + 1}' if rang else ''}{chemin.suffix}"

    return nom_libre(chemin.parent, nom)


# --- lire sans écrire ----------------------------------------------------------------------


def _lecture_seule(chemin: Path) -> sqlite3.Connection:
    """Une connexion qui ne peut rien écrire dans la base (contrôles avant toute écriture)."""
    uri = chemin.absolute().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=ATTENTE_VERROU_S)


def _indisponible(chemin: Path, exc: OSError) -> BaseIndisponible:
    from app_bureau.erreurs import message_os

    return BaseIndisponible(chemin, message_os(exc))


def _verifier_fichier(chemin: Path) -> bool:
    """True si `chemin` existe et n'est pas vide ; `BaseIndisponible` si ce n'est pas un
    fichier ordinaire lisible (dossier, périphérique, droits)."""
    try:
        etat = chemin.stat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _indisponible(chemin, exc) from None
    if stat.S_ISDIR(etat.st_mode):
        raise BaseIndisponible(chemin, "c'est un dossier, pas un fichier de base")
    if not stat.S_ISREG(etat.st_mode):
        raise BaseIndisponible(chemin, "ce n'est pas un fichier ordinaire (périphérique, tube…)")
    return etat.st_size > 0


def probleme_fichier(chemin: Path) -> str | None:
    """Pourquoi ce fichier est une base endommagée ; None s'il est sain (ou vide). Lève
    `BaseIndisponible` s'il ne peut pas être lu pour une autre raison (occupé, protégé…)."""
    try:
        with chemin.open("rb") as fichier:
            entete = fichier.read(len(ENTETE_SQLITE))
    except OSError as exc:
        raise _indisponible(chemin, exc) from None
    if not entete:
        return None
    if entete != ENTETE_SQLITE:
        return "ce n'est pas une base SQLite"
    try:
        connexion = _lecture_seule(chemin)
        try:
            resultat = connexion.execute("PRAGMA integrity_check").fetchall()
        finally:
            connexion.close()
    except sqlite3.DatabaseError as exc:
        if code_sqlite(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return f"fichier illisible : {exc}"
        raise BaseIndisponible(chemin, message_sqlite(exc)) from None
    if resultat != [("ok",)]:
        return "contrôle d'intégrité en échec"
    return None


def _tables(connexion: sqlite3.Connection) -> dict[str, set[str]]:
    """Les tables de la base et leurs colonnes (hors tables internes de SQLite)."""
    noms = [
        n
        for (n,) in connexion.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {nom: {c[1] for c in connexion.execute(f'PRAGMA table_info("{nom}")')} for nom in noms}


@cache
def _tables_attendues(appliquees: tuple[str, ...]) -> dict[str, set[str]]:
    """Les tables et colonnes que créent les migrations `appliquees` (sur une base en
    mémoire)."""
    db = Database(memory=True)
    suivantes = [m for m in migrations_connues() if m not in appliquees]
    migrations.apply(db, stop_before=suivantes)
    return _tables(db.conn)


def controler_appartenance(chemin: Path, connexion: sqlite3.Connection) -> list[str]:
    """Les migrations de l'application appliquées à cette base ([] : base vide, à créer).
    Lève `BaseEtrangere`, `BaseTropRecente` ou `BaseIncomplete` ; n'écrit rien."""
    tables = _tables(connexion)
    if not tables:
        return []
    if TABLE_MIGRATIONS not in tables:
        raise BaseEtrangere(chemin, list(tables))
    try:
        appliquees = [
            nom
            for (nom,) in connexion.execute(
                f"SELECT name FROM {TABLE_MIGRATIONS} WHERE migration_set = ? ORDER BY rowid",
                [migrations.name],
            )
        ]
    except sqlite3.OperationalError:  # une table du même nom, d'un autre programme
        appliquees = []
    if not appliquees:
        raise BaseEtrangere(chemin, list(tables))
    inconnues = [nom for nom in appliquees if nom not in migrations_connues()]
    if inconnues:
        raise BaseTropRecente(chemin, inconnues)
    manquantes = []
    for table, colonnes in _tables_attendues(tuple(appliquees)).items():
        if table not in tables:
            manquantes.append(f"la table {table}")
        elif colonnes - tables[table]:
            absentes = ", ".join(sorted(colonnes - tables[table]))
            manquantes.append(f"les colonnes {absentes} de la table {table}")
    if manquantes:
        raise BaseIncomplete(chemin, manquantes)
    return appliquees


def _controler_sans_ecrire(chemin: Path) -> list[str]:
    try:
        connexion = _lecture_seule(chemin)
        try:
            return controler_appartenance(chemin, connexion)
        finally:
            connexion.close()
    except sqlite3.Error as exc:
        raise BaseIndisponible(chemin, message_sqlite(exc)) from None


# --- mettre de côté, copier ------------------------------------------------------------------


def mettre_de_cote(chemin: Path) -> Path:
    """Renomme la base (et ses fichiers -wal, -shm) sous un nom daté jamais pris ; renvoie
    le nouveau nom."""
    destination = nom_a_cote(chemin, "endommagee")
    try:
        for suffixe in ("-wal", "-shm"):
            compagnon = Path(f"{chemin}{suffixe}")
            if compagnon.exists():
                os.replace(compagnon, Path(f"{destination}{suffixe}"))
        os.replace(chemin, destination)  # remplace le nom réservé (vide), qui est à nous
    except OSError as exc:
        destination.unlink(missing_ok=True)
        raise BaseIndisponible(
            chemin, f"elle est endommagée mais n'a pas pu être mise de côté ({exc.strerror})"
        ) from None
    return destination


def copier_base(source: sqlite3.Connection, destination: Path) -> None:
    """Copie cohérente d'une base ouverte (API de sauvegarde SQLite)."""
    cible = sqlite3.connect(destination)
    try:
        source.backup(cible)
    finally:
        cible.close()


def configurer(db: Database) -> None:
    db.execute(f"PRAGMA busy_timeout = {int(ATTENTE_VERROU_S * 1000)}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")


def migrer(db: Database, chemin: Path) -> None:
    """Applique les migrations en attente sous le verrou d'écriture ; copie d'abord une base
    existante à migrer."""
    appliquees = [m.name for m in migrations.applied(db)]
    if appliquees and migrations.pending(db):
        copier_base(db.conn, nom_a_cote(chemin, "avant-migration"))
    db.execute("BEGIN IMMEDIATE")
    try:
        inconnues = [m.name for m in migrations.applied(db) if m.name not in migrations_connues()]
        if inconnues:
            raise BaseTropRecente(chemin, inconnues)
        migrations.apply(db)  # chaque migration dans un point de sauvegarde de la transaction
        db.conn.commit()
    except BaseException:
        db.conn.rollback()
        raise


def _creer(chemin: Path) -> None:
    """Construit une base neuve sous un nom temporaire, puis la met en place si personne ne
    l'a fait entre-temps (sinon, c'est la sienne qui sert)."""
    temporaire = Temporaire(chemin)
    try:
        connexion = sqlite3.connect(temporaire.chemin)
        try:
            connexion.execute("PRAGMA journal_mode = WAL")  # gardé dans le fichier
            migrations.apply(Database(connexion))
        finally:
            connexion.close()
        temporaire.forcer()
        if sys.platform == "win32":
            temporaire.relacher()  # Windows ne lie ni ne renomme un fichier ouvert
        with contextlib.suppress(FileExistsError):  # un autre processus l'a créée avant
            placer_sans_remplacer(temporaire.chemin, chemin)
    finally:
        temporaire.fermer()


def ouvrir_base(chemin: Path) -> Database:
    """La base prête à l'emploi (créée, contrôlée, migrée) ; lève une `ErreurBase` sinon."""
    try:
        chemin.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BaseIndisponible(
            chemin,
            f"le dossier {chemin.parent} ne peut pas être créé ({exc.strerror}) ; indiquez "
            "une autre base (--base ou APP_BUREAU_BASE)",
        ) from None
    try:
        if not chemin.exists():
            _creer(chemin)
        if _verifier_fichier(chemin):
            raison = probleme_fichier(chemin)
            if raison:
                raise BaseEndommagee(chemin, mettre_de_cote(chemin), raison)
            _controler_sans_ecrire(chemin)
        db = Database(chemin, strict=True)
    except sqlite3.Error as exc:
        raise BaseIndisponible(chemin, message_sqlite(exc)) from None
    except ErreurEcriture:
        raise BaseIndisponible(
            chemin,
            f"elle ne peut pas être créée dans le dossier {chemin.parent} (lecture seule, "
            "protégé ou disque plein) ; indiquez une autre base (--base ou APP_BUREAU_BASE)",
        ) from None
    except OSError as exc:
        raise _indisponible(chemin, exc) from None
    try:
        configurer(db)
        migrer(db, chemin)
    except sqlite3.Error as exc:
        db.close()
        raise BaseIndisponible(chemin, message_sqlite(exc)) from None
    except BaseException:
        db.close()
        raise
    return db
