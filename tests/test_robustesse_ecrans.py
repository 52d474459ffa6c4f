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


def test_un_texte_trop_long_est_refuse_sous_le_champ(qtbot, application_fr, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Un texte saisi de plus de 500 caractères : le fichier dossier exporté ne se relirait
    pas ; il est refusé sous le champ, comme une autre saisie invalide (rien n'est tronqué)."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    from app_bureau.ecrans.page_porteur import PagePorteur
    from app_bureau.ecrans.session import SessionDossier
    from app_bureau.operations.depot import ouvrir_depot
    from tests.robustesse import EXEMPLE

    depot = ouvrir_depot(tmp_path / "b.sqlite")
    session = SessionDossier(depot, depot.importer(EXEMPLE))
    page = PagePorteur(session)
    qtbot.addWidget(page)
    page.show()
    page.rafraichir()
    saisie = next(
        w
        for w in page.findChildren(QLineEdit)
        if w.text() == session.dossier.porteur.raison_sociale
    )
    ancien = session.dossier.porteur.raison_sociale
    saisie.setText("R" * 501)
    saisie.textEdited.emit(saisie.text())
    assert session.dossier.porteur.raison_sociale == ancien
    assert depot.charger(session.identifiant).dossier.porteur.raison_sociale == ancien
    assert any(
        "texte trop long (501 caractères ; au plus 500)" in e.text()
        for e in page.findChildren(QLabel)
    )
    depot.db.close()


def test_le_tableau_des_etablissements_refuse_un_texte_hors_bornes(  # type: ignore[no-untyped-def]
    qtbot, application_fr, tmp_path
) -> None:
    from app_bureau.ecrans.modele_etablissements import Colonne, ModeleEtablissements
    from app_bureau.ecrans.session import SessionDossier
    from app_bureau.operations.depot import ouvrir_depot
    from tests.robustesse import EXEMPLE

    depot = ouvrir_depot(tmp_path / "b.sqlite")
    session = SessionDossier(depot, depot.importer(EXEMPLE))
    modele = ModeleEtablissements(session)
    ancien = session.dossier.etablissements[0].nom
    for texte in ("E" * 501, "EHPAD\x01"):
        assert not modele.setData(modele.index(0, Colonne.NOM), texte)
        assert session.dossier.etablissements[0].nom == ancien
    assert modele.setData(modele.index(0, Colonne.NOM), "E" * 500)
    depot.db.close()
