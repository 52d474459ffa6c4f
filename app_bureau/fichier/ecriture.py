"""Écrire des fichiers sans jamais laisser de fichier à moitié écrit, ni écraser par mégarde.

Chaque contenu est écrit dans un fichier temporaire caché du même dossier
(`.NOM.xxxxxxxx.partiel`), forcé sur le disque, puis mis à sa place :

- sans accord pour remplacer, par un **lien physique** (`os.link`), qui échoue si le nom est
  déjà pris : il n'y a pas de fenêtre entre « le fichier n'existe pas » et « je l'écris » où
  un fichier créé entre-temps serait écrasé. Sur un système de fichiers sans liens physiques
  (clé USB en FAT, certains partages), le nom est d'abord réservé par une création exclusive
  (`O_EXCL`), puis le contenu renommé dessus ;
- avec accord (`remplacer=True`), par `os.replace`, atomique.

Un temporaire est verrouillé tant que son écrivain vit (`flock` ; sous Windows, le fichier
ouvert ne peut pas être effacé). Un arrêt brutal (processus tué, coupure) laisse son
temporaire : la prochaine écriture dans le même dossier efface ceux dont l'écrivain a
disparu (`nettoyer_partiels`).

`Ensemble` écrit plusieurs fichiers en tout ou rien : tous les contenus d'abord, sous des
noms temporaires ; ils ne sont mis en place qu'ensuite, et si l'un ne peut pas l'être, ceux
déjà placés sont retirés et les fichiers remplacés rendus. Après `placer`, `annuler` défait
encore tout (utile si l'opération qui suit, garder une version, échoue) ; `confirmer` clôt.
"""

import contextlib
import errno
import os
import re
import secrets
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from app_bureau import erreurs

try:  # verrous consultatifs (POSIX)
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

SUFFIXE = ".partiel"
_PARTIEL = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.partiel$")
"""Le nom d'un temporaire de ce module : `.NOM.` + 8 caractères de `mkstemp` + `.partiel`."""
_SANS_LIEN = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EOPNOTSUPP}
_SANS_LIEN.add(getattr(errno, "ENOTSUP", errno.EOPNOTSUPP))


class ErreurEcriture(Exception):
    """Écriture impossible, avec un message français qui nomme le fichier."""


def message_os(chemin: Path, exc: OSError) -> str:
    """Ce qu'une `OSError` veut dire pour l'écriture de `chemin` (`erreurs.message_os`)."""
    if exc.errno == errno.EEXIST:
        return f"{chemin} existe déjà : il n'a pas été remplacé"
    return erreurs.message_os(exc, ecriture=chemin)


# --- temporaires ---------------------------------------------------------------------------


def _verrouiller(descripteur: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(descripteur, fcntl.LOCK_EX | fcntl.LOCK_NB)


def nettoyer_partiels(dossier: Path) -> list[Path]:
    """Efface les temporaires de ce module laissés dans `dossier` par un écrivain disparu
    (tué en pleine écriture) ; ceux d'un écrivain vivant, verrouillés, restent. Ne lève
    jamais : le ménage ne doit pas empêcher d'écrire. Renvoie ce qui a été effacé."""
    effaces: list[Path] = []
    try:
        noms = [e.name for e in os.scandir(dossier) if _PARTIEL.match(e.name)]
    except OSError:
        return effaces
    for nom in noms:
        chemin = dossier / nom
        try:
            if fcntl is None:  # Windows : un temporaire ouvert ne s'efface pas
                chemin.unlink()
            else:
                descripteur = os.open(chemin, os.O_RDONLY)
                try:
                    fcntl.flock(descripteur, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    chemin.unlink()  # verrou obtenu : personne ne l'écrit plus
                finally:
                    os.close(descripteur)
            for compagnon in ("-journal", "-wal", "-shm"):  # base neuve en construction
                Path(f"{chemin}{compagnon}").unlink(missing_ok=True)
            effaces.append(chemin)
        except OSError:
            continue
    return effaces


class Temporaire:
    """Un fichier temporaire verrouillé à côté de `cible`, effacé par `fermer` s'il n'a pas
    été mis en place."""

    def __init__(self, cible: Path) -> None:
        self.cible = cible
        nettoyer_partiels(cible.parent)
        # POSIX : créé sous un autre suffixe, verrouillé, puis renommé ; un `.partiel` est
        # verrouillé dès qu'il est visible, le ménage d'un autre processus n'y touche pas.
        # Windows : le fichier ouvert ne peut ni être effacé ni être renommé ; pas de détour.
        suffixe = SUFFIXE if fcntl is None else ".prep"
        try:
            descripteur, nom = tempfile.mkstemp(
                prefix=f".{cible.name}.", suffix=suffixe, dir=cible.parent
            )
        except OSError as exc:
            raise ErreurEcriture(message_os(cible, exc)) from None
        _verrouiller(descripteur)
        self.chemin = Path(nom).with_suffix(SUFFIXE)
        try:
            if suffixe != SUFFIXE:
                os.replace(nom, self.chemin)
        except OSError as exc:
            os.close(descripteur)
            Path(nom).unlink(missing_ok=True)
            raise ErreurEcriture(message_os(cible, exc)) from None
        self.descripteur: int | None = descripteur
        # mkstemp crée le fichier en 0600 : le document final suit le masque habituel.
        masque = os.umask(0)
        os.umask(masque)
        with contextlib.suppress(OSError):
            os.chmod(self.chemin, 0o666 & ~masque)

    def forcer(self) -> None:
        """Le contenu sur le disque (fsync) avant de le mettre en place."""
        with self.chemin.open("rb+") as fichier:
            os.fsync(fichier.fileno())

    def relacher(self) -> None:
        """Ferme le descripteur (et lâche le verrou)."""
        if self.descripteur is not None:
            with contextlib.suppress(OSError):
                os.close(self.descripteur)
            self.descripteur = None

    def fermer(self) -> None:
        self.relacher()
        with contextlib.suppress(OSError):
            self.chemin.unlink(missing_ok=True)


def _synchroniser_dossier(dossier: Path) -> None:
    """Le renommage lui-même sur le disque (POSIX) ; sans effet ailleurs."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        descripteur = os.open(dossier, os.O_RDONLY)
        try:
            os.fsync(descripteur)
        finally:
            os.close(descripteur)


def placer_sans_remplacer(source: Path, cible: Path) -> None:
    """Met `source` au nom `cible` seulement si ce nom est libre ; `FileExistsError` sinon.
    `source` disparaît. Par lien physique ; sans liens physiques, le nom est réservé par
    création exclusive puis `source` renommé dessus."""
    try:
        os.link(source, cible)
    except FileExistsError:
        raise
    except (OSError, NotImplementedError) as exc:
        if isinstance(exc, OSError) and exc.errno not in _SANS_LIEN:
            raise
        descripteur = os.open(cible, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        os.close(descripteur)
        os.replace(source, cible)  # remplace la réservation vide, qui est à nous
        return
    os.unlink(source)


def nom_libre(dossier: Path, nom: Callable[[int], str]) -> Path:
    """Réserve (crée vide, de façon exclusive) le premier nom `nom(0)`, `nom(1)`… libre dans
    `dossier` : deux appels, même dans la même seconde, n'obtiennent jamais le même."""
    for rang in range(10_000):
        chemin = dossier / nom(rang)
        try:
            os.close(os.open(chemin, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        return chemin
    raise FileExistsError(errno.EEXIST, "aucun nom libre", str(dossier / nom(0)))


# --- écrire -----------------------------------------------------------------------------


@dataclass
class _Place:
    cible: Path
    ancien: Path | None  # le fichier remplacé, gardé sous un nom caché jusqu'à `confirmer`
    inode: tuple[int, int]


class Ensemble:
    """Plusieurs fichiers écrits en tout ou rien (voir le module).

    `preparer` écrit un contenu sous un nom temporaire ; `placer` les met tous en place ou
    aucun ; `annuler` les retire et rend les fichiers remplacés ; `confirmer` clôt ;
    `abandonner` efface les temporaires. S'utilise aussi comme gestionnaire de contexte :
    à la sortie, sans exception, tout est placé et confirmé ; sinon abandonné.
    """

    def __init__(self, remplacer: bool = False) -> None:
        self.remplacer = remplacer
        self.prets: list[tuple[Path, Temporaire]] = []
        self.places: list[_Place] = []

    def verifier(self, chemins: Iterable[Path]) -> None:
        """Avant d'écrire quoi que ce soit : chaque chemin désigne un fichier possible, une
        seule fois, et rien n'existe déjà sans accord pour remplacer."""
        chemins = list(chemins)
        vus: dict[Path, Path] = {}
        existants: list[Path] = []
        for chemin in chemins:
            if not str(chemin).strip() or chemin.name in ("", ".", ".."):
                raise ErreurEcriture(f"« {chemin} » n'est pas un nom de fichier")
            try:
                absolu = chemin.resolve()
            except (OSError, RuntimeError) as exc:
                message = f"impossible d'écrire {chemin} : chemin invalide ({exc})"
                raise ErreurEcriture(message) from None
            if absolu in vus:
                raise ErreurEcriture(
                    f"le même fichier {chemin} est demandé deux fois : rien n'a été écrit"
                )
            vus[absolu] = chemin
            if chemin.is_dir():
                raise ErreurEcriture(
                    f"{chemin} est un dossier : indiquez un nom de fichier ; rien n'a été écrit"
                )
            if not chemin.parent.is_dir():
                raise ErreurEcriture(
                    f"impossible d'écrire {chemin} : le dossier {chemin.parent} n'existe pas ; "
                    "rien n'a été écrit"
                )
            if chemin.exists() or chemin.is_symlink():
                existants.append(chemin)
        if existants and not self.remplacer:
            noms = ", ".join(str(c) for c in existants)
            verbe = "existe" if len(existants) == 1 else "existent"
            raise ErreurEcriture(f"{noms} {verbe} déjà : rien n'a été écrit ni remplacé")

    def preparer(self, chemin: Path, ecrire: Callable[[Path], None]) -> None:
        """Appelle `ecrire(temporaire)` ; le contenu attend `placer`."""
        temporaire = Temporaire(chemin)
        try:
            ecrire(temporaire.chemin)
            temporaire.forcer()
        except OSError as exc:
            temporaire.fermer()
            raise ErreurEcriture(message_os(chemin, exc)) from None
        except BaseException:
            temporaire.fermer()
            raise
        self.prets.append((chemin, temporaire))

    def placer(self) -> list[Path]:
        """Met chaque contenu à sa place ; au moindre échec, défait ceux déjà placés et lève
        `ErreurEcriture` (rien n'est changé)."""
        try:
            for chemin, temporaire in self.prets:
                self._placer_un(chemin, temporaire)
        except OSError as exc:
            echoue = chemin
            self.annuler()
            self.abandonner()
            if exc.errno == errno.EEXIST:
                raise ErreurEcriture(
                    f"{echoue} existe déjà (créé entre-temps) : rien n'a été écrit ni remplacé"
                ) from None
            raise ErreurEcriture(message_os(echoue, exc) + " ; rien n'a été écrit") from None
        except BaseException:
            self.annuler()
            self.abandonner()
            raise
        for dossier in {c.parent for c, _ in self.prets}:
            _synchroniser_dossier(dossier)
        chemins = [c for c, _ in self.prets]
        self.abandonner()
        return chemins

    def _placer_un(self, chemin: Path, temporaire: Temporaire) -> None:
        if sys.platform == "win32":
            temporaire.relacher()  # Windows ne renomme pas un fichier ouvert
        ancien = self._garder_l_ancien(chemin) if self.remplacer else None
        try:
            if self.remplacer:
                os.replace(temporaire.chemin, chemin)
            else:
                placer_sans_remplacer(temporaire.chemin, chemin)
        except BaseException:
            if ancien is not None:
                ancien.unlink(missing_ok=True)
            raise
        etat = os.stat(chemin)
        self.places.append(_Place(chemin, ancien, (etat.st_dev, etat.st_ino)))

    @staticmethod
    def _garder_l_ancien(chemin: Path) -> Path | None:
        """Un second nom (lien physique caché) pour le fichier qui va être remplacé, afin de
        pouvoir le rendre ; None s'il n'existe pas ou sans liens physiques."""
        if not chemin.is_file():
            return None
        for _ in range(100):
            ancien = chemin.with_name(f".{chemin.name}.{secrets.token_hex(4)}.ancien")
            try:
                os.link(chemin, ancien)
            except FileExistsError:
                continue
            except (OSError, NotImplementedError):
                return None
            return ancien
        return None

    def annuler(self) -> None:
        """Défait `placer` : les fichiers créés sont retirés, les fichiers remplacés rendus.
        Au mieux : ne lève pas."""
        for place in reversed(self.places):
            with contextlib.suppress(OSError):
                etat = os.stat(place.cible)
                if (etat.st_dev, etat.st_ino) != place.inode:
                    continue  # un autre programme l'a changé depuis : on n'y touche pas
                if place.ancien is not None:
                    os.replace(place.ancien, place.cible)
                else:
                    place.cible.unlink()
        self.places = []

    def confirmer(self) -> None:
        """Les fichiers restent ; les anciens contenus gardés pour `annuler` sont effacés."""
        for place in self.places:
            if place.ancien is not None:
                with contextlib.suppress(OSError):
                    place.ancien.unlink()
        self.places = []

    def abandonner(self) -> None:
        """Efface les temporaires qui n'ont pas été placés."""
        for _chemin, temporaire in self.prets:
            temporaire.fermer()
        self.prets = []

    def __enter__(self) -> "Ensemble":
        return self

    def __exit__(self, type_: object, *_: object) -> None:
        if type_ is None:
            self.placer()
            self.confirmer()
        else:
            self.annuler()
            self.abandonner()


def ecrire_atomiquement(
    chemin: Path, ecrire: Callable[[Path], None], remplacer: bool = False
) -> None:
    """Appelle `ecrire(temporaire)` puis met le résultat à la place de `chemin` ; un fichier
    existant n'est remplacé qu'avec `remplacer=True` (`ErreurEcriture` sinon)."""
    if not remplacer and (chemin.exists() or chemin.is_symlink()):
        raise ErreurEcriture(f"{chemin} existe déjà : il n'a pas été remplacé")
    if chemin.is_dir():
        raise ErreurEcriture(f"{chemin} est un dossier : indiquez un nom de fichier")
    with Ensemble(remplacer) as ensemble:
        ensemble.preparer(chemin, ecrire)


def ecrire_texte(chemin: Path, texte: str, remplacer: bool = False) -> None:
    ecrire_atomiquement(chemin, lambda t: t.write_text(texte, encoding="utf-8"), remplacer)
