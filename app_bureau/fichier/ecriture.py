"""Écrire un fichier sans jamais laisser de fichier à moitié écrit.

Le contenu est écrit dans un fichier temporaire du même dossier, forcé sur le disque, puis
renommé à sa place. Un fichier existant n'est remplacé qu'avec l'accord explicite de
l'appelant (`remplacer=True`).
"""

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class ErreurEcriture(Exception):
    """Écriture impossible, avec un message français qui nomme le fichier."""


def _message(chemin: Path, exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"impossible d'écrire {chemin} : le dossier est en lecture seule ou protégé"
    if exc.errno == errno.ENOSPC:
        return f"impossible d'écrire {chemin} : le disque est plein"
    if exc.errno == errno.ENOENT:
        return f"impossible d'écrire {chemin} : le dossier {chemin.parent} n'existe pas"
    return f"impossible d'écrire {chemin} : {exc.strerror or exc}"


def ecrire_atomiquement(
    chemin: Path, ecrire: Callable[[Path], None], remplacer: bool = False
) -> None:
    """Appelle `ecrire(temporaire)` puis met le résultat à la place de `chemin`."""
    if chemin.exists() and not remplacer:
        raise ErreurEcriture(f"{chemin} existe déjà : il n'a pas été remplacé")
    try:
        descripteur, nom = tempfile.mkstemp(
            prefix=f".{chemin.name}.", suffix=".partiel", dir=chemin.parent
        )
    except OSError as exc:
        raise ErreurEcriture(_message(chemin, exc)) from None
    os.close(descripteur)
    # mkstemp crée le fichier en 0600 : le document final suit le masque habituel.
    masque = os.umask(0)
    os.umask(masque)
    os.chmod(nom, 0o666 & ~masque)
    temporaire = Path(nom)
    try:
        ecrire(temporaire)
        with temporaire.open("rb+") as fichier:
            os.fsync(fichier.fileno())
        os.replace(temporaire, chemin)
    except OSError as exc:
        raise ErreurEcriture(_message(chemin, exc)) from None
    finally:
        temporaire.unlink(missing_ok=True)


def ecrire_texte(chemin: Path, texte: str, remplacer: bool = False) -> None:
    ecrire_atomiquement(chemin, lambda t: t.write_text(texte, encoding="utf-8"), remplacer)
