"""Une seule traduction des erreurs en messages français (sans Qt), pour la ligne de
commande (code de sortie 2) et les écrans.

- nos erreurs (`ErreurBase`, `ErreurEcriture`, `DossierInvalide`, `FichierIllisible`…) portent
  déjà leur message français : il est repris tel quel ;
- `sqlite3.Error` : d'après le code SQLite (base occupée, en lecture seule, disque plein,
  endommagée…), jamais le texte anglais seul ;
- `OSError` : d'après `errno`, avec le fichier en cause ;
- tout le reste est une « erreur inattendue » : le message le dit, et l'appelant écrit la
  pile dans le journal (`app_bureau.journal`) et en donne le chemin.
"""

import errno
import sqlite3
from pathlib import Path

from app_bureau.bornes import citer

# Codes primaires de SQLite (https://sqlite.org/rescode.html).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM = 3, 5, 6, 7
SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL = 8, 10, 11, 13
SQLITE_CANTOPEN, SQLITE_CONSTRAINT, SQLITE_TOOBIG, SQLITE_NOTADB = 14, 19, 18, 26
SQLITE_AUTH = 23

BASE_OCCUPEE = (
    "la base est utilisée par un autre programme (une autre fenêtre de l'application, une "
    "sauvegarde ou un antivirus) : réessayez dans un instant ; rien n'a été modifié"
)
BASE_LECTURE_SEULE = (
    "la base est en lecture seule (fichier ou dossier protégé, disque en lecture seule) : "
    "rien n'a été modifié ; vérifiez les droits du dossier ou choisissez une autre base"
)
DISQUE_PLEIN = "le disque est plein : libérez de la place puis réessayez ; rien n'a été modifié"


_CODES_PAR_TEXTE = (
    ("locked", SQLITE_BUSY),
    ("busy", SQLITE_BUSY),
    ("readonly", SQLITE_READONLY),
    ("read-only", SQLITE_READONLY),
    ("disk is full", SQLITE_FULL),
    ("malformed", SQLITE_CORRUPT),
    ("not a database", SQLITE_NOTADB),
    ("disk i/o", SQLITE_IOERR),
    ("unable to open", SQLITE_CANTOPEN),
)


def code_sqlite(exc: sqlite3.Error) -> int | None:
    """Le code primaire SQLite d'une erreur (5 pour « database is locked »), None sans code.
    Sans code (erreur levée par une bibliothèque), d'après le texte anglais de SQLite."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF
    texte = str(exc).lower()
    return next((c for mot, c in _CODES_PAR_TEXTE if mot in texte), None)


def est_occupee(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error) and code_sqlite(exc) in (SQLITE_BUSY, SQLITE_LOCKED)


def message_sqlite(exc: sqlite3.Error) -> str:
    code = code_sqlite(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return BASE_OCCUPEE
    if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH):
        return BASE_LECTURE_SEULE
    if code == SQLITE_FULL:
        return DISQUE_PLEIN
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return (
            "la base est endommagée : fermez l'application ; à la prochaine ouverture, elle "
            "sera mise de côté et vous pourrez restaurer une sauvegarde"
        )
    if code == SQLITE_IOERR:
        return (
            "erreur de lecture ou d'écriture du disque sur la base (disque retiré, réseau "
            "coupé ?) : rien n'a été modifié ; réessayez"
        )
    if code == SQLITE_CANTOPEN:
        return (
            "la base ne peut pas être ouverte (dossier absent, protégé ou en lecture seule) : "
            "vérifiez le dossier ou choisissez une autre base"
        )
    if code == SQLITE_NOMEM:
        return "mémoire insuffisante pour cette opération : rien n'a été modifié"
    if code == SQLITE_CONSTRAINT:
        return f"la base a refusé la modification (règle non respectée : {citer(str(exc))})"
    if code == SQLITE_TOOBIG:
        return "la modification est trop grande pour la base (texte trop long) : refusée"
    return f"erreur de la base ({citer(str(exc))}) : rien n'a été modifié"


def message_os(exc: OSError, ecriture: Path | None = None) -> str:
    """Une erreur du système sur un fichier, en français, avec le fichier en cause.
    `ecriture` : le fichier qu'on écrivait (le message commence alors par « impossible
    d'écrire … »)."""
    if ecriture is not None:
        return f"impossible d'écrire {ecriture} : {_raison_ecriture(exc, ecriture)}"
    fichier = f" {exc.filename}" if exc.filename else ""
    if exc.errno == errno.ENOENT:
        return f"fichier ou dossier introuvable :{fichier}" if fichier else "fichier introuvable"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"accès refusé{(' à' + fichier) if fichier else ''} (fichier ou dossier protégé)"
    if exc.errno == errno.EROFS:
        return f"disque en lecture seule{(' :' + fichier) if fichier else ''}"
    if exc.errno in _DISQUE_PLEIN:
        return "le disque est plein : libérez de la place puis réessayez"
    if exc.errno == errno.EISDIR:
        return f"{fichier.strip() or 'ce chemin'} est un dossier, pas un fichier"
    if exc.errno == errno.ENOTDIR:
        return f"chemin invalide :{fichier} (une partie n'est pas un dossier)"
    if exc.errno == errno.EEXIST:
        return f"{fichier.strip() or 'le fichier'} existe déjà"
    if exc.errno == errno.ENAMETOOLONG:
        return "nom de fichier trop long"
    if exc.errno == errno.EIO:
        return f"erreur de lecture ou d'écriture du disque{(' :' + fichier) if fichier else ''}"
    return f"erreur du système{(' sur' + fichier) if fichier else ''} ({citer(exc.strerror or str(exc))})"


_DISQUE_PLEIN = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def _raison_ecriture(exc: OSError, chemin: Path) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "le dossier est en lecture seule ou protégé"
    if exc.errno in _DISQUE_PLEIN:
        return "le disque est plein"
    if exc.errno == errno.ENOENT:
        return f"le dossier {chemin.parent} n'existe pas"
    if exc.errno == errno.EISDIR:
        return "c'est un dossier, pas un fichier"
    if exc.errno == errno.ENOTDIR:
        return f"{chemin.parent} n'est pas un dossier"
    if exc.errno == errno.ENAMETOOLONG:
        return "le nom du fichier est trop long"
    return f"erreur du système ({citer(exc.strerror or str(exc))})"


def _nos_erreurs() -> tuple[type[BaseException], ...]:
    """Les erreurs qui portent déjà un message français (importées au besoin)."""
    from app_bureau.fichier.dossier import DossierInvalide
    from app_bureau.fichier.ecriture import ErreurEcriture
    from app_bureau.regles.calendrier import DateInvalide
    from app_bureau.saisie.extrait_finess import ExtraitInvalide
    from app_bureau.saisie.import_fichier import DispositionInvalide, FichierIllisible
    from app_bureau.stockage.base import ErreurBase

    return (
        ErreurBase,
        ErreurEcriture,
        DossierInvalide,
        FichierIllisible,
        DispositionInvalide,
        ExtraitInvalide,
        DateInvalide,
    )


def est_attendue(exc: BaseException) -> bool:
    """L'erreur a un message français complet (pas besoin du journal pour la comprendre)."""
    return isinstance(exc, (*_nos_erreurs(), sqlite3.Error, OSError, MemoryError))


def message_erreur(exc: BaseException) -> str:
    """Le message français à montrer pour `exc` (sans majuscule initiale ni point final)."""
    if isinstance(exc, _nos_erreurs()):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        return message_sqlite(exc)
    if isinstance(exc, OSError):
        return message_os(exc)
    if isinstance(exc, MemoryError):
        return "mémoire insuffisante pour cette opération : fermez d'autres programmes et réessayez"
    if isinstance(exc, RecursionError):
        return "données trop profondément imbriquées : opération abandonnée"
    return (
        f"erreur inattendue ({type(exc).__name__}) : l'opération n'a pas abouti. "
        "Si elle se reproduit, transmettez le journal au support"
    )
