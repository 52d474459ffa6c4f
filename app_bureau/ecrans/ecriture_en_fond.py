"""Écrire des documents d'un dossier ouvert (synthèse, classeur, fichier, bilan d'usage) sans
figer l'écran : préparés hors du fil de l'interface sur une copie du dossier, puis mis en
place et une version gardée dans le fil de l'interface (la base y vit) ; tout ou rien."""

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QWidget

from app_bureau.ecrans.session import SessionDossier
from app_bureau.ecrans.travail_en_fond import en_fond
from app_bureau.erreurs import message_erreur
from app_bureau.fichier.ecriture import Ensemble
from app_bureau.operations.exporter import placer_et_garder_version


def ecrire_en_fond(
    parent: QWidget,
    session: SessionDossier,
    chemin: Path,
    preparer: Callable[[], Ensemble],
    boutons: Iterable[QAbstractButton],
    ecrit: Callable[[], None],
    rien_ecrit: Callable[[str], None],
) -> None:
    """`preparer` tourne en fond ; les `boutons` d'écriture sont inactifs pendant ce temps.
    `ecrit()` quand les documents sont en place et la version gardée ; sinon `rien_ecrit`
    reçoit le message en français (« Rien n'a été écrit : … »)."""
    inactifs = list(boutons)
    for bouton in inactifs:
        bouton.setEnabled(False)

    def reactiver() -> None:
        for bouton in inactifs:
            bouton.setEnabled(True)

    def fini(ensemble: Ensemble) -> None:
        try:
            placer_et_garder_version(session.depot, session.identifiant, ensemble)
        except Exception as exc:
            echec(exc)
            return
        finally:
            ensemble.abandonner()
        reactiver()
        ecrit()

    def echec(exc: Exception) -> None:
        reactiver()
        rien_ecrit(f"Rien n'a été écrit : {message_erreur(exc)}")

    en_fond(parent, f"Écriture de {chemin.name}…", preparer, fini, echec)
