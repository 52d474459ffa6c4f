"""Démarrage de l'application de bureau : QApplication en français, fenêtre principale, puis
ouverture de la base (avec ce qu'il faut dire si elle est endommagée).

La fenêtre paraît d'abord ; la base (sqlite-utils) et la liste se chargent juste après, dans
la boucle d'événements : l'utilisateur voit l'application aussitôt."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app_bureau.ecrans.fenetre_principale import FenetrePrincipale

if TYPE_CHECKING:
    from app_bureau.stockage.depot import DepotDossiers


def preparer_application(arguments: list[str]) -> QApplication:
    """L'application Qt en français : locale, boutons standard (« Suivant »…) traduits."""
    application = QApplication.instance() or QApplication(arguments)
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    application.setApplicationName("Assistant Grappe")
    application.setOrganizationName("app-bureau")
    traducteur = QTranslator(application)
    dossier_traductions = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if traducteur.load(QLocale(), "qtbase", "_", dossier_traductions):
        application.installTranslator(traducteur)
    return application  # type: ignore[return-value]


def ouvrir_la_base() -> "DepotDossiers | None":
    """La base de l'utilisateur ; si elle est endommagée, propose une base neuve ou une
    sauvegarde. None si l'utilisateur renonce ou si la base ne peut pas s'ouvrir."""
    from app_bureau.depot_evalue import ouvrir_depot
    from app_bureau.stockage.base import BaseEndommagee, ErreurBase
    from app_bureau.stockage.emplacement import chemin_base
    from app_bureau.stockage.sauvegarde import restaurer

    try:
        return ouvrir_depot()
    except BaseEndommagee as exc:
        boite = QMessageBox(QMessageBox.Icon.Warning, "Base endommagée", str(exc))
        neuve = boite.addButton("Repartir d'une base &neuve", QMessageBox.ButtonRole.AcceptRole)
        sauvegarde = boite.addButton(
            "&Restaurer une sauvegarde…", QMessageBox.ButtonRole.ActionRole
        )
        boite.addButton("&Quitter", QMessageBox.ButtonRole.RejectRole)
        boite.exec()
        if boite.clickedButton() is neuve:
            return ouvrir_depot()
        if boite.clickedButton() is sauvegarde:
            chemin, _ = QFileDialog.getOpenFileName(
                None, "Choisir une sauvegarde", "", "Bases (*.sqlite)"
            )
            if chemin:
                depot = ouvrir_depot()
                restaurer(depot.db, chemin_base(), Path(chemin))
                return depot
        return None
    except ErreurBase as exc:
        QMessageBox.critical(None, "Base inutilisable", str(exc))
        return None


def lancer() -> int:
    application = preparer_application(sys.argv)
    fenetre = FenetrePrincipale()
    fenetre.show()

    def ouvrir() -> None:
        depot = ouvrir_la_base()
        if depot is None:
            application.exit(2)
            return
        fenetre.brancher(depot)
        fenetre.rouvrir_le_dernier()

    QTimer.singleShot(0, ouvrir)
    code = application.exec()
    if fenetre.depot is not None:
        fenetre.depot.db.close()
    return code
