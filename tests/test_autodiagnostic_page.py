"""La page Autodiagnostic sur une vraie base : on répond comme un utilisateur (souris et
clavier), on ferme, on rouvre sur la même base, et tout est là, à la même question."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QWidget

from app_bureau.ecrans.assistant import Assistant
from app_bureau.ecrans.graphique_radar import COULEUR_SCORE
from app_bureau.ecrans.page_autodiagnostic import PageAutodiagnostic
from app_bureau.ecrans.session import SessionDossier
from app_bureau.modele import NON_CONCERNE, Gravite
from app_bureau.modifications import RetraitOrganisme, SuppressionEtablissements
from app_bureau.navigation import Page
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.autodiagnostic.questionnaire import Version, questionnaire
from app_bureau.stockage.depot import DepotDossiers

GRAPPE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))
DIRECTEUR = [q.id for q in questionnaire().questions_de(Version.DIRECTEUR)]
GAUCHE = Qt.MouseButton.LeftButton


@pytest.fixture
def base(tmp_path: Path) -> Path:
    chemin = tmp_path / "dossiers.sqlite"
    depot = ouvrir_depot(chemin)
    depot.importer(GRAPPE)
    depot.db.close()
    return chemin


def ouvrir(qtbot, chemin: Path) -> tuple[DepotDossiers, PageAutodiagnostic]:  # type: ignore[no-untyped-def]
    """Comme au lancement : la base ouverte, une session neuve, la page affichée."""
    depot = ouvrir_depot(chemin)
    session = SessionDossier(depot, depot.lister()[0].id)
    page = PageAutodiagnostic(session)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return depot, page


def cliquer(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, GAUCHE, pos=widget.rect().center())


def avancement(page: PageAutodiagnostic, ligne: int) -> str:
    barre = page.table.cellWidget(ligne, 2)
    assert isinstance(barre, QProgressBar)
    return barre.text().replace("\xa0", " ")


def choisir_organisme(qtbot, page: PageAutodiagnostic, ligne: int) -> None:  # type: ignore[no-untyped-def]
    rectangle = page.table.visualItemRect(page.table.item(ligne, 0))
    qtbot.mouseClick(page.table.viewport(), GAUCHE, pos=rectangle.center())


def test_repondre_fermer_et_reprendre_ou_l_on_en_etait(qtbot, application_fr, base) -> None:
    depot, page = ouvrir(qtbot, base)
    identifiant = page.session.identifiant
    assert [page.table.item(i, 0).text() for i in range(2)] == [
        "Association Les Ajoncs",
        "Fondation Ker Avel",
    ]
    assert [page.table.item(i, 1).text() for i in range(2)] == ["Directeur", "Directeur"]
    assert avancement(page, 0) == avancement(page, 1) == "0 réponse sur 25 (0 %)"
    assert (page.organisme, page.index) == ("ajoncs", 0)
    assert page.texte_question.text() == questionnaire().question(DIRECTEUR[0]).texte
    assert not any(b.isChecked() for b in page.boutons.values())

    # Quatre réponses : un bouton, la phrase d'un niveau, « non concerné », un bouton.
    cliquer(qtbot, page.boutons[2])
    cliquer(qtbot, page.suivante)
    cliquer(qtbot, page.phrases[3])
    cliquer(qtbot, page.suivante)
    cliquer(qtbot, page.bouton_non_concerne)
    cliquer(qtbot, page.suivante)
    cliquer(qtbot, page.boutons[1])
    cliquer(qtbot, page.suivante)
    attendu = {DIRECTEUR[0]: 2, DIRECTEUR[1]: 3, DIRECTEUR[2]: NON_CONCERNE, DIRECTEUR[3]: 1}
    assert depot.charger(identifiant).dossier.autodiagnostic == {
        "ajoncs": attendu
    }  # chacune déjà en base
    assert avancement(page, 0) == "4 réponses sur 25 (16 %)"
    assert page.progression.text().replace("\xa0", " ") == "4 réponses sur 25 (16 %)"
    assert page.index == 4
    groupe = page.liste.topLevelItem(0)
    assert [groupe.child(i).text(1) for i in range(groupe.childCount())] == ["2", "3", "NC", "1"]
    assert groupe.text(1) == "4/4"

    # Le radar reçoit les scores des règles : management (2 + 3 + 1) / 3, rien ailleurs.
    resultat = page.resultat()
    assert resultat is not None
    assert page.radar.scores == list(resultat.scores_par_dimension().items())
    assert page.radar.scores[0] == ("Management du SI", D("2.00"))
    assert all(score is None for _, score in page.radar.scores[1:])
    assert "Management du SI : 2,0 sur 4" in page.radar.toolTip()
    cliquer(qtbot, page.onglets.tabBar())  # l'onglet Résultats est lisible
    page.onglets.setCurrentIndex(1)
    assert "Score global" in page.detail.toPlainText()
    assert "Recommandations" in page.detail.toPlainText()
    page.onglets.setCurrentIndex(0)

    # Au tour de Ker Avel : une réponse, puis on va voir la 4e question par la liste.
    choisir_organisme(qtbot, page, 1)
    assert (page.organisme, page.index) == ("keravel", 0)
    assert page.radar.scores[0] == ("Management du SI", None)
    cliquer(qtbot, page.boutons[4])
    element = page.liste.topLevelItem(0).child(3)
    qtbot.mouseClick(page.liste.viewport(), GAUCHE, pos=page.liste.visualItemRect(element).center())
    assert page.question_courante().id == DIRECTEUR[3]  # type: ignore[union-attr]
    assert avancement(page, 1) == "1 réponse sur 25 (4 %)"

    # On ferme tout, on rouvre sur la même base : les réponses et la position sont là.
    page.close()
    depot.db.close()
    depot, page = ouvrir(qtbot, base)
    assert depot.charger(identifiant).dossier.autodiagnostic == {
        "ajoncs": attendu,
        "keravel": {DIRECTEUR[0]: 4},
    }
    assert (page.organisme, page.question_courante().id) == ("keravel", DIRECTEUR[3])  # type: ignore[union-attr]
    assert avancement(page, 0) == "4 réponses sur 25 (16 %)"
    assert avancement(page, 1) == "1 réponse sur 25 (4 %)"
    choisir_organisme(qtbot, page, 0)
    assert page.question_courante().id == DIRECTEUR[4]  # type: ignore[union-attr]
    cliquer(qtbot, page.precedente)
    assert page.boutons[1].isChecked()  # la réponse enregistrée est cochée
    depot.db.close()


def test_effacer_et_prochaine_sans_reponse(qtbot, application_fr, base) -> None:
    depot, page = ouvrir(qtbot, base)
    cliquer(qtbot, page.boutons[0])
    assert page.effacer.isEnabled()
    cliquer(qtbot, page.suivante)
    cliquer(qtbot, page.boutons[4])
    cliquer(qtbot, page.effacer)
    assert not any(b.isChecked() for b in page.boutons.values())
    assert depot.charger(page.session.identifiant).dossier.autodiagnostic == {
        "ajoncs": {DIRECTEUR[0]: 0}
    }
    page.aller_a_la_question(0)
    cliquer(qtbot, page.sans_reponse)
    assert page.index == 1
    assert not page.precedente.isEnabled() or page.index > 0
    page.aller_a_la_question(len(DIRECTEUR) - 1)
    assert not page.suivante.isEnabled()
    depot.db.close()


def test_au_clavier(qtbot, application_fr, base) -> None:
    depot, page = ouvrir(qtbot, base)
    page.activateWindow()
    page.boutons[1].setFocus()
    qtbot.waitUntil(page.boutons[1].hasFocus, timeout=2000)
    qtbot.keyClick(page.boutons[1], Qt.Key.Key_Space)  # Espace choisit le niveau
    assert page.boutons[1].isChecked()
    qtbot.keyClick(page.boutons[1], Qt.Key.Key_Down)  # les flèches passent d'un niveau à l'autre
    assert page.boutons[2].isChecked()
    assert page.session.dossier.autodiagnostic["ajoncs"] == {DIRECTEUR[0]: 2}
    # Les raccourcis Alt+… « cliquent » le bouton après une brève animation.
    qtbot.keyClick(page, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # Alt+4
    qtbot.waitUntil(page.boutons[4].isChecked, timeout=2000)
    qtbot.keyClick(page, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # question suivante
    qtbot.waitUntil(lambda: page.index == 1, timeout=2000)
    qtbot.keyClick(page, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # non concerné
    qtbot.waitUntil(page.bouton_non_concerne.isChecked, timeout=2000)
    assert depot.charger(page.session.identifiant).dossier.autodiagnostic == {
        "ajoncs": {DIRECTEUR[0]: 4, DIRECTEUR[1]: NON_CONCERNE}
    }
    # Entrée sur une question de la liste y va, sans quitter la page.
    element = page.liste.topLevelItem(1).child(0)
    page.liste.setCurrentItem(element)
    qtbot.keyClick(page.liste, Qt.Key.Key_Return)
    assert page.question_courante().dimension == "fonctionnel"  # type: ignore[union-attr]
    depot.db.close()


def test_la_version_suit_la_case_rsi(qtbot, application_fr, base) -> None:
    depot, page = ouvrir(qtbot, base)
    cliquer(qtbot, page.boutons[3])
    page.session.changer("organismes[0].dispose_rsi", True)
    assert page.table.item(0, 1).text() == "Responsable SI (RSI)"
    assert len(page.questions) == len(questionnaire().questions_de(Version.RSI))
    # La question commune garde sa réponse, dans la version plus longue.
    assert avancement(page, 0) == f"1 réponse sur {len(page.questions)} (1 %)"
    assert page.position.text().startswith(
        f"Association Les Ajoncs · question 1 sur {len(page.questions)}"
    )
    assert page.position.toolTip() == "Version pour le responsable SI (RSI)"
    depot.db.close()


def test_sans_organisme_la_page_le_dit(qtbot, application_fr, base) -> None:
    depot, page = ouvrir(qtbot, base)
    session = page.session
    session.appliquer(SuppressionEtablissements(range(len(session.dossier.etablissements))))
    while session.dossier.organismes:
        session.appliquer(RetraitOrganisme(0))
    assert page.absence.isVisible() and not page.onglets.isVisible()
    depot.db.close()


def test_dans_l_assistant_aide_et_eligibilite(qtbot, application_fr, base) -> None:
    depot = ouvrir_depot(base)
    session = SessionDossier(depot, depot.lister()[0].id)
    assistant = Assistant(session)
    qtbot.addWidget(assistant)
    assistant.resize(1280, 760)
    assistant.show()
    assistant.aller_a(Page.AUTODIAGNOSTIC)
    page = assistant.pages[Page.AUTODIAGNOSTIC]
    assert isinstance(page, PageAutodiagnostic)
    assert "II.B.5" in page.AIDE and "II.B.4" in page.AIDE
    assert "100\xa0000\xa0€" in page.AIDE  # montants lus dans les paramètres
    cliquer(qtbot, page.boutons[1])
    avertissements = [
        a.message for a in session.evaluation.anomalies if a.gravite is Gravite.AVERTISSEMENT
    ]
    assert any(
        "Scores de maturité que l'ARS regardera — Association Les Ajoncs : 1,0 sur 4" in m
        for m in avertissements
    )
    eligibilite = assistant.pages[Page.ELIGIBILITE]
    textes = [
        eligibilite.liste.topLevelItem(i).child(j).text(0)
        for i in range(eligibilite.liste.topLevelItemCount())
        for j in range(eligibilite.liste.topLevelItem(i).childCount())
    ]
    assert any("rempli à 4\xa0%" in t for t in textes)
    depot.db.close()


def test_le_radar_se_dessine(qtbot, application_fr, base) -> None:
    depot, page = ouvrir(qtbot, base)
    for niveau in (4, 3, 4):
        cliquer(qtbot, page.boutons[niveau])
        cliquer(qtbot, page.suivante)
    page.onglets.setCurrentIndex(1)
    qtbot.waitExposed(page.radar)
    image = page.radar.grab().toImage()
    couleur = COULEUR_SCORE.rgb()
    traces = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixel(x, y) == couleur
    )
    assert traces > 30  # le contour du polygone des scores
    assert page.titre_radar.text() == "Association Les Ajoncs — score global 3,7 sur 4"
    depot.db.close()
