"""La fenêtre principale et l'assistant, pilotés comme un utilisateur, sur une vraie base."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
from app_bureau.ecrans.page_organismes import COLONNE_TAILLE
from app_bureau.navigation import Page
from app_bureau.referentiel.ressources import ressource

EXEMPLE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))


def bouton(fenetre: FenetrePrincipale, texte: str):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    return next(b for b in fenetre.findChildren(QPushButton) if b.text() == texte)


def test_nouveau_dossier_saisi_au_clavier_et_enregistre(
    ouvrir_fenetre, qtbot, application_fr, base, reglages
) -> None:
    fenetre = ouvrir_fenetre()
    qtbot.mouseClick(bouton(fenetre, "&Nouveau dossier"), Qt.MouseButton.LeftButton)
    assistant = fenetre.assistant
    assert assistant is not None and assistant.page_courante() is Page.PORTEUR

    page = assistant.pages[Page.PORTEUR]
    siret = page.champs["porteur.siret"]
    qtbot.keyClicks(siret, "73282932000075")
    assert any(
        label.text() == "SIRET : la clé ne correspond pas : un chiffre est probablement mal recopié"
        and label.isVisible()
        for label in page.findChildren(QLabel)
    )
    assert fenetre.depot.charger(assistant.session.identifiant).dossier.porteur.siret == ""
    siret.clear()
    qtbot.keyClicks(siret, "732 829 320 00074")
    enregistre = fenetre.depot.charger(assistant.session.identifiant).dossier
    assert enregistre.porteur.siret == "73282932000074"
    raison = page.champs["porteur.raison_sociale"]
    raison.setText("Association Les Aulnes")
    raison.textEdited.emit(raison.text())
    assert fenetre.depot.lister()[0].porteur == "Association Les Aulnes"
    assert "porteur.siret" not in [a.champ for a in assistant.session.evaluation.anomalies]


def test_reouvrir_reprend_le_meme_dossier_a_la_meme_page(
    ouvrir_fenetre, qtbot, application_fr, base, reglages
) -> None:
    fenetre = ouvrir_fenetre()
    identifiant = fenetre.liste.importer_fichier(EXEMPLE)
    assert fenetre.assistant is not None
    fenetre.assistant.aller_a(Page.SOLUTION)
    assert fenetre.assistant.page_courante() is Page.SOLUTION
    fenetre.close()
    fenetre.depot.db.close()

    seconde = ouvrir_fenetre()
    seconde.rouvrir_le_dernier()
    assert seconde.assistant is not None
    assert seconde.assistant.session.identifiant == identifiant
    assert seconde.assistant.page_courante() is Page.SOLUTION
    assert seconde.assistant.panneau.total.text() == "482\u202f000,00\xa0€"


def test_le_panneau_suit_les_changements(
    ouvrir_fenetre, qtbot, application_fr, base, reglages
) -> None:
    fenetre = ouvrir_fenetre()
    fenetre.liste.importer_fichier(EXEMPLE)
    assistant = fenetre.assistant
    assert assistant is not None
    assistant.aller_a(Page.SOLUTION)
    page = assistant.pages[Page.SOLUTION]
    assert page.boite_specifiques.isVisible()
    page.amoa_projet.setFocus()
    qtbot.keyClick(page.amoa_projet, Qt.Key.Key_Space)
    assert assistant.panneau.total.text() == "382\u202f000,00\xa0€"
    assert fenetre.depot.lister()[0].total_estime == 382000


def test_un_fichier_invalide_n_est_pas_importe(
    ouvrir_fenetre, qtbot, application_fr, base, reglages, tmp_path, monkeypatch
) -> None:
    fichier = tmp_path / "invalide.json"
    fichier.write_text('{"format": "dossier-esms-numerique", "version": 1}', encoding="utf-8")
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, texte: messages.append(texte))
    fenetre = ouvrir_fenetre()
    assert fenetre.liste.importer_fichier(fichier) is None
    assert messages and "porteur : champ obligatoire absent" in messages[0]
    assert fenetre.depot.lister() == []


def test_organismes_petite_taille_affichee_et_saisie_validee(
    ouvrir_fenetre, qtbot, application_fr, base, reglages
) -> None:
    fenetre = ouvrir_fenetre()
    fenetre.liste.importer_fichier(EXEMPLE)
    assistant = fenetre.assistant
    assert assistant is not None
    assistant.aller_a(Page.ORGANISMES)
    page = assistant.pages[Page.ORGANISMES]
    assert page.table.item(0, COLONNE_TAILLE).text() == "oui"
    assert "moins de 15" in page.table.item(0, COLONNE_TAILLE).toolTip()
    page.table.item(0, 4).setText("40")
    assert page.table.item(0, COLONNE_TAILLE).text() == "non"
    assert assistant.session.dossier.organismes[0].nombre_essms_geres == 40
    page.table.item(0, 3).setText("99")
    assert "Ligne 1, Département" in page.erreur.text()
    assert assistant.session.dossier.organismes[0].departement == "35"
    # La saisie refusée reste affichée (en rouge), gardée par la session, comptée.
    assert page.table.item(0, 3).text() == "99"
    assert "organismes[0].departement" in assistant.session.saisies
    assert assistant.panneau.bloquants.text() == "1"
    page.table.item(0, 3).setText("29")
    assert assistant.session.dossier.organismes[0].departement == "29"
    assert assistant.session.saisies == {} and page.erreur.text() == ""


def test_eligibilite_mene_au_champ_a_corriger(
    ouvrir_fenetre, qtbot, application_fr, base, reglages
) -> None:
    fenetre = ouvrir_fenetre()
    fenetre.liste.importer_fichier(
        Path(str(ressource("exemples", "national-60-essms-conformite.json")))
    )
    assistant = fenetre.assistant
    assert assistant is not None
    assistant.session.changer("solution.referencee_segur", False)
    assistant.aller_a(Page.ELIGIBILITE)
    eligibilite = assistant.pages[Page.ELIGIBILITE]
    groupe = eligibilite.liste.topLevelItem(0)
    premier = groupe.child(0)
    assert "doit être référencée Ségur" in premier.text(0) + premier.text(1)
    eligibilite.liste.scrollToItem(premier)
    rectangle = eligibilite.liste.visualItemRect(premier)
    qtbot.mouseClick(
        eligibilite.liste.viewport(), Qt.MouseButton.LeftButton, pos=rectangle.center()
    )
    assert assistant.page_courante() is Page.SOLUTION
    case = assistant.pages[Page.SOLUTION].champs["solution.referencee_segur"]
    qtbot.waitUntil(case.hasFocus, timeout=2000)


def test_importer_par_le_bouton_lit_le_fichier_en_fond(
    ouvrir_fenetre, qtbot, application_fr, base, reglages, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    invalide = tmp_path / "invalide.json"
    invalide.write_text(
        EXEMPLE.read_text(encoding="utf-8").replace('"siret": "3', '"siret": "4', 1)
    )
    choisis = iter([str(invalide), str(EXEMPLE)])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (next(choisis), ""))
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, texte: messages.append(texte))
    fenetre = ouvrir_fenetre()

    qtbot.mouseClick(bouton(fenetre, "&Importer…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert (
        "porteur.siret : la clé ne correspond pas : un chiffre est probablement mal recopié"
        in messages[0]
    )
    assert fenetre.depot.lister() == []

    qtbot.mouseClick(bouton(fenetre, "&Importer…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fenetre.assistant is not None, timeout=5000)
    assert fenetre.assistant.panneau.total.text() == "482\u202f000,00\xa0€"
