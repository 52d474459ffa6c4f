"""Réglages et objets communs des tests : Qt sans écran et en français, une base neuve par
test, un dossier d'exemple ouvert dans une session, la fenêtre principale.

Les tests lents (sous-processus, 2 000 ESSMS) portent la marque `lent` : la CI les lance
tous ; `pytest -m "not lent"` donne en local une suite rapide."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings

from app_bureau.referentiel.ressources import ressource

if TYPE_CHECKING:
    from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
    from app_bureau.ecrans.session import SessionDossier
    from app_bureau.stockage.depot import DepotDossiers

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

JOUR_DES_TESTS = "2022-06-01"
"""Le jour auquel les règles évaluent pendant les tests (`regles.calendrier`, variable
`APP_BUREAU_DATE`, héritée par les sous-processus) : pendant la campagne 2022 des exemples,
pour que leurs constats ne changent pas avec l'horloge. Les tests des dates passées donnent
leur propre jour."""
os.environ["APP_BUREAU_DATE"] = JOUR_DES_TESTS


def exemple(nom: str = "grappe-9-ehpad-bretagne") -> Path:
    """Le chemin d'un dossier d'exemple fourni avec l'application."""
    return Path(str(ressource("exemples", f"{nom}.json")))


@pytest.fixture
def application_fr(qapp):  # type: ignore[no-untyped-def]
    """L'application Qt réglée comme au lancement (locale et traductions françaises)."""
    from app_bureau.ecrans.application import preparer_application

    return preparer_application([])


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """Le chemin d'une base neuve, propre au test."""
    return tmp_path / "dossiers.sqlite"


@pytest.fixture
def depot(base: Path) -> "Iterator[DepotDossiers]":
    """Le dépôt d'une base neuve (un vrai fichier SQLite), refermé après le test."""
    from app_bureau.operations.depot import ouvrir_depot

    depot = ouvrir_depot(base)
    yield depot
    depot.db.close()


@pytest.fixture
def session_grappe(depot: "DepotDossiers", application_fr) -> "SessionDossier":  # type: ignore[no-untyped-def]
    """L'exemple des 9 EHPAD importé dans la base et ouvert, comme par l'assistant."""
    from app_bureau.ecrans.session import SessionDossier

    return SessionDossier(depot, depot.importer(exemple()))


@pytest.fixture
def reglages(tmp_path: Path) -> QSettings:
    """Des réglages Qt propres au test (fichier INI temporaire)."""
    return QSettings(str(tmp_path / "reglages.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ouvrir_fenetre(
    qtbot, application_fr, base: Path, reglages: QSettings
) -> "Callable[[], FenetrePrincipale]":  # type: ignore[no-untyped-def]
    """Ouvre la fenêtre principale sur la base du test, comme un lancement de l'application ;
    l'appeler de nouveau après avoir fermé la fenêtre, c'est relancer l'application."""
    from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
    from app_bureau.operations.depot import ouvrir_depot

    def ouvrir() -> FenetrePrincipale:
        fenetre = FenetrePrincipale(ouvrir_depot(base), reglages)
        qtbot.addWidget(fenetre)
        fenetre.show()
        return fenetre

    return ouvrir
