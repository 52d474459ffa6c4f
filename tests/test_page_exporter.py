"""La page Exporter : documents écrits en fond, version gardée, refus expliqués."""

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from app_bureau.ecrans.assistant import Assistant
from app_bureau.ecrans.session import SessionDossier
from app_bureau.fichier.dossier import decoder
from app_bureau.navigation import Page
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.referentiel.ressources import ressource

EXEMPLE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))


@pytest.fixture
def page(qtbot, application_fr, tmp_path):  # type: ignore[no-untyped-def]
    depot = ouvrir_depot(tmp_path / "b.sqlite")
    assistant = Assistant(SessionDossier(depot, depot.importer(EXEMPLE)))
    qtbot.addWidget(assistant)
    assistant.show()
    assistant.aller_a(Page.DOCUMENTS)
    yield assistant.pages[Page.DOCUMENTS]
    depot.db.close()


def test_le_fichier_dossier_est_ecrit_et_une_version_gardee(
    qtbot, page, tmp_path, monkeypatch
) -> None:
    sortie = tmp_path / "grappe.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(sortie), ""))
    page.boutons_export["dossier"].click()
    qtbot.waitUntil(lambda: page.resultat.text().startswith("Écrit"), timeout=5000)
    assert decoder(sortie.read_text(encoding="utf-8")) == decoder(
        EXEMPLE.read_text(encoding="utf-8")
    )
    assert page.versions.count() == 1
    assert "Export grappe.json (automatique)" in page.versions.item(0).text()


def test_un_dossier_en_lecture_seule_est_dit_en_francais(
    qtbot, page, tmp_path, monkeypatch
) -> None:
    sortie = tmp_path / "grappe.json"

    def refuser(*_arguments: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(sortie), ""))
    monkeypatch.setattr(os, "replace", refuser)
    monkeypatch.setattr(os, "link", refuser)
    page.boutons_export["dossier"].click()
    qtbot.waitUntil(lambda: page.resultat.text().startswith("Rien"), timeout=5000)
    assert "lecture seule" in page.resultat.text()
    assert list(tmp_path.glob("*.json")) == [] and list(tmp_path.glob(".*partiel")) == []
    assert page.versions.count() == 0
    assert all(b.isEnabled() for b in page.boutons_export.values())
