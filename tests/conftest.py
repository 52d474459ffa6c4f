"""Réglages communs : Qt sans écran, en français."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
def reglages(tmp_path: Path) -> QSettings:
    """Des réglages Qt propres au test (fichier INI temporaire)."""
    return QSettings(str(tmp_path / "reglages.ini"), QSettings.Format.IniFormat)
