"""L'étape Documents : à quoi sert chaque document, avertissement avant d'exporter un dossier
qui a des problèmes bloquants, documents écrits en fond, version gardée, « Ouvrir » et
« Ouvrir le dossier », boîtes de fichiers en français dans « Documents », refus expliqués."""

import errno
import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
)

from app_bureau.ecrans.assistant import Assistant
from app_bureau.ecrans.fichiers import dossier_documents
from app_bureau.ecrans.page_documents import PageDocuments
from app_bureau.ecrans.session import SessionDossier
from app_bureau.fichier.dossier import decoder
from app_bureau.navigation import Page
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.referentiel.ressources import ressource

EXEMPLE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))
DOCUMENTS = Path(dossier_documents())


def test_les_boites_s_ouvrent_dans_un_dossier_qui_existe() -> None:
    """Essai d'un directeur sans dossier « Documents » : la boîte s'ouvrait dans le dossier du
    programme ; c'est « Documents » s'il existe, sinon le dossier personnel."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    attendu = documents if Path(documents).is_dir() else str(Path.home())
    assert DOCUMENTS.is_dir() and Path(attendu) == DOCUMENTS


@pytest.fixture
def assistant(qtbot, application_fr, tmp_path):  # type: ignore[no-untyped-def]
    depot = ouvrir_depot(tmp_path / "b.sqlite")
    assistant = Assistant(SessionDossier(depot, depot.importer(EXEMPLE)))
    qtbot.addWidget(assistant)
    assistant.show()
    assistant.aller_a(Page.DOCUMENTS)
    yield assistant
    depot.db.close()


@pytest.fixture
def page(assistant) -> PageDocuments:  # type: ignore[no-untyped-def]
    page = assistant.pages[Page.DOCUMENTS]
    assert isinstance(page, PageDocuments)
    return page


class BoiteEnregistrer:
    """Tient lieu de la boîte « Enregistrer sous » : note ce qu'elle proposait, répond."""

    def __init__(self, monkeypatch, reponse: Path | None) -> None:  # type: ignore[no-untyped-def]
        self.appels: list[tuple[str, str, str]] = []
        self.reponse = reponse
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self)

    def __call__(self, _parent, titre: str, propose: str, filtre: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
        self.appels.append((titre, propose, filtre))
        return (str(self.reponse) if self.reponse else "", "")


class Questions:
    """Tient lieu de QMessageBox.question : note le texte, répond Oui ou Non."""

    def __init__(self, monkeypatch, oui: bool) -> None:  # type: ignore[no-untyped-def]
        self.textes: list[str] = []
        self.oui = oui
        monkeypatch.setattr(QMessageBox, "question", self)

    def __call__(self, _parent, _titre, texte, *_reste) -> QMessageBox.StandardButton:  # type: ignore[no-untyped-def]
        self.textes.append(texte)
        return QMessageBox.StandardButton.Yes if self.oui else QMessageBox.StandardButton.No


def urls_ouvertes(monkeypatch) -> list[QUrl]:  # type: ignore[no-untyped-def]
    ouvertes: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: ouvertes.append(url) or True)
    return ouvertes


def test_chaque_document_dit_a_quoi_il_sert(page) -> None:
    usages = {genre: label.text() for genre, label in page.usages.items()}
    assert usages["pdf"].startswith("Pour le conseil d'administration")
    assert usages["classeur"].startswith("À recopier dans l'outil de dépôt de la CNSA")
    assert usages["dossier"].startswith("Pour un consultant ou une sauvegarde")
    for genre, bouton in page.boutons_export.items():
        assert bouton.isVisible() and bouton.accessibleDescription() == usages[genre]
    assert page.etat.text() == "Aucun problème bloquant : le dossier est recevable en l'état."


def test_recevable_mais_campagne_close_le_dit(assistant, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Essai d'un directeur en 2026 : « le dossier est recevable en l'état » sans un mot de la
    campagne close (issue 13 : jamais « Recevable » sans la campagne et son statut)."""
    monkeypatch.setenv("APP_BUREAU_DATE", "2026-12-01")
    assistant.session.recharger()  # évalué au jour donné
    page = assistant.pages[Page.DOCUMENTS]
    page.rafraichir()
    assert page.etat.text().startswith(
        "Aucun problème bloquant : le dossier est recevable en l'état. Attention : Campagne 2022 "
        "— close : les ARS devaient engager les crédits avant le 30/12/2022"
    )


def test_le_fichier_dossier_est_ecrit_puis_s_ouvre(qtbot, page, tmp_path, monkeypatch) -> None:
    sortie = tmp_path / "grappe.json"
    boite = BoiteEnregistrer(monkeypatch, sortie)
    questions = Questions(monkeypatch, oui=False)
    ouvertes = urls_ouvertes(monkeypatch)
    assert not page.bouton_ouvrir.isVisible() and not page.bouton_ouvrir_dossier.isVisible()
    qtbot.mouseClick(page.boutons_export["dossier"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.resultat.text().startswith("Écrit"), timeout=5000)

    assert not questions.textes  # aucun problème bloquant : aucune question
    ((titre, propose, filtre),) = boite.appels
    assert titre == "Enregistrer : Fichier dossier"
    assert (
        Path(propose) == DOCUMENTS / "Grappe DUI des EHPAD du pays de Rennes et du Morbihan.json"
    )  # dans Documents
    assert filtre == "Dossiers ESMS numérique (*.json)"
    assert decoder(sortie.read_text(encoding="utf-8")) == decoder(
        EXEMPLE.read_text(encoding="utf-8")
    )
    assert page.resultat.text() == f"Écrit : {sortie}"
    assert page.versions.count() == 1
    assert "Export grappe.json (automatique)" in page.versions.item(0).text()

    # « Ouvrir » et « Ouvrir le dossier » : le programme du système, par son URL
    assert page.bouton_ouvrir.isVisible() and page.bouton_ouvrir_dossier.isVisible()
    qtbot.mouseClick(page.bouton_ouvrir, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.bouton_ouvrir_dossier, Qt.MouseButton.LeftButton)
    assert ouvertes == [QUrl.fromLocalFile(str(sortie)), QUrl.fromLocalFile(str(tmp_path))]

    # le document suivant est proposé dans le même dossier
    qtbot.mouseClick(page.boutons_export["classeur"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(boite.appels) == 2, timeout=5000)
    assert (
        Path(boite.appels[1][1])
        == tmp_path / "Grappe DUI des EHPAD du pays de Rennes et du Morbihan.xlsx"
    )
    qtbot.waitUntil(lambda: page.versions.count() == 2, timeout=10000)


def test_si_le_systeme_ne_peut_pas_ouvrir_il_le_dit(qtbot, page, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    page.montrer_ecrit(tmp_path / "grappe.pdf")
    qtbot.mouseClick(page.bouton_ouvrir, Qt.MouseButton.LeftButton)
    assert page.resultat.text().startswith(f"L'ordinateur n'a pas pu ouvrir {tmp_path}")


def test_exporter_un_dossier_qui_a_des_problemes_bloquants_demande_d_abord(
    qtbot, assistant, page, tmp_path, monkeypatch
) -> None:
    session = assistant.session
    session.noter_saisie("etablissements[3].finess", "350012036", "la clé ne correspond pas")
    session.noter_saisie("porteur.siret", "123", "un SIRET compte 14 chiffres")
    assert assistant.panneau.bloquants.text() == "2"
    assert page.etat.text().startswith("Le dossier a 2 problèmes bloquants")
    sortie = tmp_path / "synthese.pdf"
    boite = BoiteEnregistrer(monkeypatch, sortie)

    # Non : rien n'est demandé de plus, rien n'est écrit
    questions = Questions(monkeypatch, oui=False)
    qtbot.mouseClick(page.boutons_export["pdf"], Qt.MouseButton.LeftButton)
    assert questions.textes == [
        "Le dossier a 2 problèmes bloquants : le PDF dira « Non recevable ». Exporter quand même ?"
    ]
    assert boite.appels == [] and not sortie.exists()

    # Oui : l'export se fait
    questions = Questions(monkeypatch, oui=True)
    qtbot.mouseClick(page.boutons_export["pdf"], Qt.MouseButton.LeftButton)
    assert len(questions.textes) == 1 and len(boite.appels) == 1
    qtbot.waitUntil(lambda: page.resultat.text().startswith("Écrit"), timeout=15000)
    assert sortie.read_bytes().startswith(b"%PDF")
    assert page.versions.count() == 1


def test_un_dossier_en_lecture_seule_est_dit_en_francais(
    qtbot, page, tmp_path, monkeypatch
) -> None:
    sortie = tmp_path / "grappe.json"

    def refuser(*_arguments: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    BoiteEnregistrer(monkeypatch, sortie)
    monkeypatch.setattr(os, "replace", refuser)
    monkeypatch.setattr(os, "link", refuser)
    page.boutons_export["dossier"].click()
    qtbot.waitUntil(lambda: page.resultat.text().startswith("Rien"), timeout=5000)
    assert "lecture seule" in page.resultat.text()
    assert list(tmp_path.glob("*.json")) == [] and list(tmp_path.glob(".*partiel")) == []
    assert page.versions.count() == 0
    assert all(b.isEnabled() for b in page.boutons_export.values())
    assert not page.bouton_ouvrir.isVisible()


def test_la_boite_de_fichiers_de_qt_est_en_francais(qtbot, application_fr) -> None:
    """qtbase_fr n'a que les textes d'avant Qt 6 pour « &Look in: » et « Files of &type: »
    (sans lettre de raccourci) : sans complément, la boîte était à moitié en anglais."""
    boite = QFileDialog(None, "Enregistrer", str(DOCUMENTS), "PDF (*.pdf)")
    boite.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    boite.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(boite)
    boite.show()
    textes = [e.text() for e in boite.findChildren(QLabel) if e.text()]
    assert textes == ["&Voir dans\xa0:", "&Nom de fichier\xa0:", "Fichiers de &type\xa0:"]
    boutons = {b.text() for b in boite.findChildren(QPushButton)}
    assert boutons == {"&Enregistrer", "Annuler"}
    # le complément ne répond que pour ce qui manque : le reste vient du catalogue
    assert QApplication.translate("QFileDialog", "Look in:") == "Voir dans\xa0:"
    assert QApplication.translate("QPlatformTheme", "&Yes") == "&Oui"
    assert QApplication.translate("QFileDialog", "&Look in:") == "&Voir dans\xa0:"


def test_clavier_noms_et_raccourcis_de_l_etape(qtbot, assistant, page) -> None:
    page.montrer_ecrit(DOCUMENTS / "dossier.pdf")
    boutons = [b for b in assistant.findChildren(QAbstractButton) if b.isVisible()]
    for bouton in boutons:
        assert bouton.accessibleName() or bouton.text(), bouton
    lettres = [m.group(1).lower() for b in boutons if (m := re.search(r"&(\w)", b.text()))]
    assert len(lettres) >= 7 and len(lettres) == len(set(lettres)), lettres
    assert page.versions.accessibleName() == "Versions du dossier"
