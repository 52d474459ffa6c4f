"""Démarrage de l'application de bureau : QApplication en français et fenêtre principale."""

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app_bureau.ecrans.fenetre_principale import FenetrePrincipale


def preparer_application(arguments: list[str]) -> QApplication:
    """L'application Qt en français : locale, boutons standard (« Annuler »…) traduits."""
    application = QApplication.instance() or QApplication(arguments)
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    application.setApplicationName("Assistant Grappe")
    application.setOrganizationName("app-bureau")
    traducteur = QTranslator(application)
    dossier_traductions = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if traducteur.load(QLocale(), "qtbase", "_", dossier_traductions):
        application.installTranslator(traducteur)
    return application  # type: ignore[return-value]


def lancer() -> int:
    application = preparer_application(sys.argv)
    fenetre = FenetrePrincipale()
    fenetre.show()
    return application.exec()
