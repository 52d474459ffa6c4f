"""Le travail qui peut durer (lire, valider, écrire un fichier) tourne hors du fil de
l'interface, avec une fenêtre de progression ; le résultat ou l'erreur revient dans le fil de
l'interface. La base SQLite, elle, reste dans le fil de l'interface (sa connexion lui est
propre) : seul le travail sur les fichiers part en fond."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app_bureau.ecrans.signalement import signaler_erreur


class _Retour(QObject):
    reussi = Signal(object)
    echoue = Signal(object)


class _Tache(QRunnable):
    def __init__(self, fonction: Callable[[], Any], retour: _Retour) -> None:
        super().__init__()
        self.fonction = fonction
        self.retour = retour

    def run(self) -> None:
        try:
            resultat = self.fonction()
        except Exception as exc:  # l'erreur est rendue à l'interface, qui la dit en français
            self.retour.echoue.emit(exc)
        else:
            self.retour.reussi.emit(resultat)


def en_fond(
    parent: QWidget,
    libelle: str,
    fonction: Callable[[], Any],
    apres: Callable[[Any], None],
    si_erreur: Callable[[Exception], None] | None = None,
) -> QProgressDialog:
    """Lance `fonction` hors du fil de l'interface ; `apres(resultat)` ou `si_erreur(exc)`
    sont appelés dans le fil de l'interface. La progression paraît si cela dure. Sans
    `si_erreur`, l'erreur est dite comme par le crochet de l'application
    (`signalement.signaler_erreur` : message français, journal si elle est inattendue)."""
    if si_erreur is None:

        def si_erreur(exc: Exception) -> None:
            signaler_erreur(exc, parent)

    progression = QProgressDialog(libelle, "", 0, 0, parent)
    progression.setWindowTitle("Veuillez patienter")
    progression.setCancelButton(None)
    progression.setWindowModality(Qt.WindowModality.WindowModal)
    progression.setMinimumDuration(400)
    retour = _Retour(parent)

    def fini(resultat: Any) -> None:
        progression.close()
        retour.deleteLater()
        apres(resultat)

    def rate(exc: Exception) -> None:
        progression.close()
        retour.deleteLater()
        try:
            si_erreur(exc)
        except Exception as autre:  # le traitement de l'erreur a lui-même échoué
            signaler_erreur(autre, parent)

    retour.reussi.connect(fini, Qt.ConnectionType.QueuedConnection)
    retour.echoue.connect(rate, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(_Tache(fonction, retour))
    return progression
