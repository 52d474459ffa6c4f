"""Les erreurs à l'écran (issue 11, « Errors ») : le crochet d'exceptions de l'application
et le travail en fond disent toute erreur en français et écrivent le détail d'une erreur
inattendue dans le journal de l'utilisateur ; jamais de pile d'appels à l'écran."""

import errno
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app_bureau.ecrans import signalement
from app_bureau.ecrans.travail_en_fond import en_fond
from app_bureau.erreurs import message_erreur


@pytest.fixture
def journaux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "etat"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "etat"))
    return tmp_path / "etat"


def boites() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "signalement" and w.isVisible()
    ]


@pytest.mark.qt_no_exception_capture
def test_une_erreur_dans_un_slot_est_dite_et_journalisee(
    qtbot, application_fr, journaux: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    monkeypatch.setattr(threading, "excepthook", threading.__excepthook__)
    signalement.installer_crochet()
    assert sys.excepthook is signalement._crochet

    def slot_fautif() -> None:
        raise ZeroDivisionError("division par zéro dans un slot")

    QTimer.singleShot(0, slot_fautif)
    qtbot.waitUntil(lambda: bool(boites()), timeout=5000)
    [boite] = boites()
    assert "Erreur inattendue (ZeroDivisionError)" in boite.text()
    assert "Traceback" not in boite.text()
    [journal] = journaux.rglob("assistant-grappe.log")
    assert str(journal) in boite.text()
    assert "ZeroDivisionError: division par zéro dans un slot" in journal.read_text("utf-8")
    boite.close()


def test_le_travail_en_fond_dit_l_erreur_par_defaut(qtbot, application_fr, journaux) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def disque_plein() -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/tmp/x.pdf")

    en_fond(parent, "Écriture…", disque_plein, lambda _r: None)
    qtbot.waitUntil(lambda: bool(boites()), timeout=5000)
    [boite] = boites()
    assert "Le disque est plein" in boite.text()
    assert not journaux.exists()  # erreur comprise : pas de journal
    boite.close()


@pytest.mark.parametrize(
    ("erreur", "attendu"),
    [
        (sqlite3.OperationalError("database is locked"), None),
        (OSError(errno.EACCES, "Permission denied", "/x"), "accès refusé à /x"),
        (OSError(errno.EISDIR, "Is a directory", "/x"), "/x est un dossier"),
        (MemoryError(), "mémoire insuffisante"),
    ],
)
def test_une_seule_traduction_des_erreurs(erreur: BaseException, attendu: str | None) -> None:
    message = message_erreur(erreur)
    assert "database" not in message and "Permission" not in message
    if attendu:
        assert attendu in message
