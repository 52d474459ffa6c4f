"""Dire une erreur à l'utilisateur, en français, sans jamais montrer de pile d'appels.

`signaler_erreur` traduit l'erreur (`app_bureau.erreurs.message_erreur`) et l'affiche dans
une boîte de message ; une erreur inattendue est d'abord écrite, avec sa pile, dans le
journal (`app_bureau.journal`), dont la boîte donne le chemin. C'est le crochet
d'exceptions de l'application (`installer_crochet`, appelé par `application.lancer`) : une
erreur dans un slot Qt, qui sinon disparaîtrait (exécutable fenêtré sans console), est dite
ainsi ; et c'est ce que fait le travail en fond (`travail_en_fond.en_fond`) quand
l'appelant ne traite pas l'erreur lui-même.
"""

import sys
import threading
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def texte_erreur(exc: BaseException) -> str:
    """Le message à montrer (avec le chemin du journal pour une erreur inattendue). Traduction
    et journal ne sont chargés qu'à la première erreur : le démarrage n'en paie rien."""
    from app_bureau.erreurs import est_attendue, message_erreur
    from app_bureau.journal import consigner

    message = message_erreur(exc)
    if not est_attendue(exc):
        journal = consigner(exc, "application")
        if journal is not None:
            message += f".\n\nLe détail a été écrit dans le journal : {journal}"
    return message[:1].upper() + message[1:]


def signaler_erreur(
    exc: BaseException, parent: QWidget | None = None, titre: str = "Opération impossible"
) -> QMessageBox:
    """Montre l'erreur dans une boîte de message (modale pour sa fenêtre, sans bloquer
    l'appelant) ; la renvoie."""
    boite = QMessageBox(
        QMessageBox.Icon.Warning, titre, texte_erreur(exc), parent=parent or _fenetre()
    )
    boite.setObjectName("signalement")
    _ouvertes.add(boite)  # sans parent, Python la détruirait aussitôt
    boite.finished.connect(lambda _code: _ouvertes.discard(boite))
    boite.open()
    return boite


_ouvertes: set[QMessageBox] = set()


def _fenetre() -> QWidget | None:
    return QApplication.activeWindow()


def _crochet(type_: type[BaseException], valeur: BaseException, pile: TracebackType | None) -> None:
    if issubclass(type_, KeyboardInterrupt):
        sys.__excepthook__(type_, valeur, pile)
        return
    try:
        signaler_erreur(valeur, titre="Erreur")
    except Exception:  # le crochet lui-même ne doit pas échouer : au moins le journal
        from app_bureau.journal import consigner

        consigner(valeur, "crochet")


def _crochet_fil(arguments: threading.ExceptHookArgs) -> None:
    """Une erreur dans un autre fil que celui de l'interface : journal seulement (une
    boîte ne s'ouvre que dans le fil de l'interface)."""
    if arguments.exc_value is not None:
        from app_bureau.journal import consigner

        consigner(arguments.exc_value, f"fil {getattr(arguments.thread, 'name', '?')}")


def installer_crochet() -> None:
    """Installe le crochet, sauf si un autre est déjà en place (essai `--smoke`, tests)."""
    if sys.excepthook is sys.__excepthook__:
        sys.excepthook = _crochet
    if threading.excepthook is threading.__excepthook__:
        threading.excepthook = _crochet_fil
