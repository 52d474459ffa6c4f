"""Démarrage de l'application de bureau : QApplication en français, fenêtre principale, puis
ouverture de la base (avec ce qu'il faut dire si elle est endommagée).

La fenêtre paraît d'abord ; la base (sqlite-utils) et la liste se chargent juste après, dans
la boucle d'événements : l'utilisateur voit l'application aussitôt."""

import gc
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QObject,
    QSettings,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
from app_bureau.ecrans.signalement import installer_crochet
from app_bureau.journal import consigner_les_plantages, fin_des_plantages
from app_bureau.stockage.emplacement import NOM_FICHIER, VARIABLE

if TYPE_CHECKING:
    from app_bureau.stockage.depot import DepotDossiers

DELAI_ESSAI_MS = 120_000  # au-delà, l'essai `--smoke` est déclaré raté (boîte modale bloquée…)
# Ce que la plateforme Qt « offscreen » dit à chaque fenêtre ; l'essai ne le répète pas.
BRUIT_HORS_ECRAN = "This plugin does not support propagateSizeHints()"


def preparer_application(arguments: list[str]) -> QApplication:
    """L'application Qt en français : locale, boutons standard (« Suivant »…) traduits."""
    application = QApplication.instance() or QApplication(arguments)
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    application.setApplicationName("Assistant Grappe")
    application.setOrganizationName("app-bureau")
    application.setDesktopFileName("assistant-grappe")  # packaging/assistant-grappe.desktop
    icone = Path(getattr(sys, "_MEIPASS", "")) / "icone" / "assistant-grappe-256.png"
    if getattr(sys, "frozen", False) and icone.is_file():  # paquet PyInstaller
        application.setWindowIcon(QIcon(str(icone)))
    if application.findChild(QTranslator, "qtbase"):
        return application  # type: ignore[return-value]
    traducteur = QTranslator(application)
    traducteur.setObjectName("qtbase")
    dossier_traductions = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if traducteur.load(QLocale(), "qtbase", "_", dossier_traductions):
        application.installTranslator(traducteur)
        # Installé après : consulté avant qtbase, pour ce qui lui manque seulement.
        application.installTranslator(ComplementTraduction(traducteur, application))
    return application  # type: ignore[return-value]


class ComplementTraduction(QTranslator):
    """Ce que qtbase_fr ne traduit pas dans la boîte de fichiers de Qt (celle de Linux) :
    Qt 6 a ajouté une lettre de raccourci à « &Look in: » et « Files of &type: », et le
    catalogue français n'a encore que les textes d'avant, sans « & » (« Voir dans : »). Le
    texte traduit sans « & » reçoit la même lettre de raccourci, s'il la contient."""

    CONTEXTES = frozenset({"QFileDialog"})

    def __init__(self, catalogue: QTranslator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complement-qtbase")
        self.catalogue = catalogue

    def isEmpty(self) -> bool:
        return False

    def translate(  # type: ignore[override]
        self, contexte: str, source: str, precision: str | None = None, nombre: int = -1
    ) -> str | None:
        # None : « pas de traduction ici » (Qt passe au catalogue suivant) ; « » serait
        # pris pour une traduction vide.
        if contexte not in self.CONTEXTES or "&" not in source:
            return None
        if self.catalogue.translate(contexte, source, precision, nombre):
            return None  # le catalogue a déjà ce texte : c'est lui qui répond
        traduit = self.catalogue.translate(contexte, source.replace("&", ""), precision, nombre)
        if not traduit:
            return None
        lettre = source[source.index("&") + 1 : source.index("&") + 2]
        position = traduit.lower().find(lettre.lower()) if lettre.isalpha() else -1
        return f"{traduit[:position]}&{traduit[position:]}" if position >= 0 else f"&{traduit}"


def ouvrir_la_base() -> "DepotDossiers | None":
    """La base de l'utilisateur ; si elle est endommagée, propose une base neuve ou une
    sauvegarde. None si l'utilisateur renonce ou si la base ne peut pas s'ouvrir."""
    from app_bureau.erreurs import message_erreur
    from app_bureau.operations.depot import ouvrir_depot
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
                try:
                    restaurer(depot.db, chemin_base(), Path(chemin))
                except Exception as erreur:  # sauvegarde refusée : la base neuve reste
                    QMessageBox.warning(None, "Sauvegarde refusée", message_erreur(erreur))
                return depot
        return None
    except ErreurBase as exc:
        QMessageBox.critical(None, "Base inutilisable", str(exc))
        return None


def lancer(
    reglages: QSettings | None = None,
    apres_ouverture: Callable[[FenetrePrincipale], None] | None = None,
) -> int:
    """La fenêtre d'abord, la base juste après ; `apres_ouverture` sert à l'essai `--smoke`."""
    application = preparer_application(sys.argv)
    installer_crochet()  # toute erreur non rattrapée : message français et journal
    consigner_les_plantages()  # un plantage de Qt laisse au moins sa pile dans le journal
    fenetre = FenetrePrincipale(reglages=reglages)
    fenetre.show()

    def ouvrir() -> None:
        depot = ouvrir_la_base()
        if depot is None:
            application.exit(2)
            return
        fenetre.brancher(depot)
        fenetre.rouvrir_le_dernier()
        if apres_ouverture is not None:
            apres_ouverture(fenetre)

    QTimer.singleShot(0, ouvrir)
    code = application.exec()
    if fenetre.depot is not None:
        fenetre.depot.db.close()
    fin_des_plantages()
    return code


def fumee() -> int:
    """`app-bureau --smoke` : l'application démarre comme d'habitude, mais sur une base et des
    réglages temporaires ; l'essai ouvre l'exemple depuis l'accueil, parcourt les pages, écrit
    la synthèse PDF et le classeur, ouvre « À propos », puis ferme. Code 0 si tout a marché,
    1 sinon (chaque problème sur la sortie d'erreur). Rien n'est écrit hors du dossier
    temporaire, qui est supprimé à la fin."""
    problemes: list[str] = []
    constats: list[str] = []
    ancien_crochet = sys.excepthook
    ancienne_base = os.environ.get(VARIABLE)

    def exception_non_rattrapee(
        type_: type[BaseException], valeur: BaseException, pile: TracebackType | None
    ) -> None:
        problemes.append("".join(traceback.format_exception(type_, valeur, pile)))

    def message_qt(genre: QtMsgType, contexte: QMessageLogContext, message: str) -> None:
        if message != BRUIT_HORS_ECRAN:
            _dire(message, erreur=True)

    sys.excepthook = exception_non_rattrapee
    ancien_gestionnaire = qInstallMessageHandler(message_qt)
    try:
        with tempfile.TemporaryDirectory(prefix="assistant-grappe-essai-") as temporaire:
            dossier = Path(temporaire)
            os.environ[VARIABLE] = str(dossier / NOM_FICHIER)
            reglages = QSettings(str(dossier / "reglages.ini"), QSettings.Format.IniFormat)

            def essayer(fenetre: FenetrePrincipale) -> None:
                try:
                    constats.extend(_essai(fenetre, dossier))
                except EssaiRate as exc:
                    problemes.append(str(exc))
                except Exception:
                    problemes.append(traceback.format_exc())
                fenetre.close()
                QApplication.exit(0)

            def trop_long() -> None:
                problemes.append(f"l'essai n'a pas fini en {DELAI_ESSAI_MS // 1000} s")
                QApplication.exit(3)

            minuterie = QTimer(preparer_application(sys.argv))
            minuterie.setSingleShot(True)
            minuterie.timeout.connect(trop_long)
            minuterie.start(DELAI_ESSAI_MS)
            code = lancer(reglages, essayer)
            minuterie.stop()
            # La fenêtre fermée, Qt a aussi demandé de quitter (dernière fenêtre) : cette
            # demande ne doit pas arrêter la boucle suivante (essai lancé depuis les tests).
            QCoreApplication.removePostedEvents(QApplication.instance(), QEvent.Type.Quit)
            reglages.sync()
            del reglages
            gc.collect()
    finally:
        sys.excepthook = ancien_crochet
        qInstallMessageHandler(ancien_gestionnaire)
        if ancienne_base is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = ancienne_base
    if code != 0 and not problemes:
        problemes.append(f"l'application s'est arrêtée avec le code {code}")
    if problemes:
        _dire("Essai de démarrage : ÉCHEC\n" + "\n".join(problemes), erreur=True)
        return 1
    _dire("Essai de démarrage réussi :" + "".join(f"\n  - {c}" for c in constats))
    return 0


def _essai(fenetre: FenetrePrincipale, dossier: Path) -> list[str]:
    """Ce que l'essai `--smoke` vérifie, dans la vraie fenêtre ; lève `EssaiRate` sinon."""
    from app_bureau.ecrans.a_propos import BIBLIOTHEQUES
    from app_bureau.formats import euros
    from app_bureau.navigation import Page
    from app_bureau.operations.documents import Sorties, ecrire_documents

    application = QApplication.instance()
    QApplication.processEvents()
    traducteurs = application.findChildren(QTranslator)
    _exiger(any(not t.isEmpty() for t in traducteurs), "traduction qtbase_fr introuvable")
    _exiger(fenetre.isVisible(), "la fenêtre principale n'est pas visible")
    _exiger(fenetre.accueil is not None, "l'accueil n'est pas montré sur une base vide")
    _exiger(fenetre.pile.currentWidget() is fenetre.accueil, "l'accueil n'est pas au premier plan")
    fenetre.accueil.bouton_exemple.click()
    assistant = fenetre.assistant
    _exiger(assistant is not None, "l'exemple ne s'est pas ouvert")
    for page in Page:
        assistant.aller_a(page)
        QApplication.processEvents()
    _exiger(assistant.page_courante() is Page.DOCUMENTS, "l'assistant n'a pas atteint Exporter")
    evaluation = assistant.session.evaluation
    total = evaluation.totaux.total
    _exiger(total > 0, "l'exemple n'a aucun financement estimé")
    sorties = Sorties(dossier / "essai.pdf", dossier / "essai.xlsx")
    for chemin in ecrire_documents(assistant.session.dossier, evaluation, sorties):
        _exiger(chemin.stat().st_size > 0, f"{chemin.name} est vide")
    fenetre.montrer_a_propos()
    QApplication.processEvents()
    _exiger(fenetre.a_propos is not None and fenetre.a_propos.isVisible(), "« À propos » absent")
    _exiger(fenetre.a_propos.parametres.table.rowCount() > 0, "aucun paramètre affiché")
    inconnues = [b.nom for b in BIBLIOTHEQUES if b.version() is None]
    _exiger(not inconnues, f"version inconnue pour {', '.join(inconnues)}")
    fenetre.a_propos.close()
    return [
        f"fenêtre principale ouverte, en français (Qt {qVersion()})",
        "accueil montré sur une base vide",
        f"exemple ouvert, {len(Page)} pages parcourues, total estimé {euros(total)}",
        "synthèse PDF et classeur écrits",
        "« À propos » ouvert, versions des bibliothèques connues",
    ]


class EssaiRate(Exception):
    """Une vérification de l'essai `--smoke` a échoué."""


def _exiger(condition: object, probleme: str) -> None:
    if not condition:
        raise EssaiRate(probleme)


def _dire(texte: str, erreur: bool = False) -> None:
    """Écrit sur la sortie (absente dans l'exécutable fenêtré de Windows)."""
    flux = sys.stderr if erreur else sys.stdout
    if flux is not None:
        print(texte, file=flux, flush=True)
