"""La fenêtre principale, pilotée comme un utilisateur : choisir un exemple, cliquer."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app_bureau.dossier_fichier import charger
from app_bureau.ecrans.fenetre_principale import FenetrePrincipale
from app_bureau.regles import evaluer
from app_bureau.ressources_donnees import ressource


def test_ouvrir_un_exemple_montre_le_total_des_regles(qtbot, application_fr) -> None:
    fenetre = FenetrePrincipale()
    qtbot.addWidget(fenetre)
    fenetre.show()
    fenetre.exemples.setCurrentIndex(fenetre.exemples.findText("grappe-9-ehpad-bretagne"))
    qtbot.mouseClick(fenetre.bouton_exemple, Qt.MouseButton.LeftButton)

    evaluation = evaluer(charger(Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))))
    assert evaluation.totaux.total == 482000
    assert "482\u202f000,00\xa0€" in fenetre.resume.text()
    assert "9 ESSMS retenus" in fenetre.resume.text()
    assert "moins que les 15 attendus" in fenetre.detail.toPlainText()


def test_un_dossier_invalide_est_refuse_avec_le_champ_en_cause(
    qtbot, application_fr, tmp_path, monkeypatch
) -> None:
    fichier = tmp_path / "invalide.json"
    fichier.write_text('{"format": "dossier-esms-numerique", "version": 1}', encoding="utf-8")
    messages: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _titre, texte: messages.append(texte)
    )
    fenetre = FenetrePrincipale()
    qtbot.addWidget(fenetre)
    fenetre.ouvrir(fichier)
    assert messages and "porteur : champ obligatoire absent" in messages[0]
    assert fenetre.resume.text() == "Ouvrez un dossier pour voir son évaluation."
