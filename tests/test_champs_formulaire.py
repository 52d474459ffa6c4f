"""Le widget d'un champ construit d'après sa définition, sur une vraie session."""

from PySide6.QtWidgets import QComboBox

from app_bureau.champs_dossier import definition
from app_bureau.ecrans.champs_formulaire import ChampFormulaire
from app_bureau.libelles import MODES_ACHAT
from app_bureau.modele import ModeAchat


def test_un_choix_donne_la_valeur_elle_meme_que_les_regles_comparent(qtbot, session_grappe) -> None:
    """Qt rend un StrEnum rangé dans une liste comme un simple texte (« marche_existant ») :
    le dossier recevait ce texte, et les règles, qui comparent par `is`, ne le voyaient pas
    avant un rechargement."""
    d = definition("solution.mode_achat")
    assert d is not None
    champ = ChampFormulaire(d, session_grappe, "solution.mode_achat")
    qtbot.addWidget(champ)
    liste = champ.saisie
    assert isinstance(liste, QComboBox)
    position = liste.findText(MODES_ACHAT[ModeAchat.MARCHE_EXISTANT])
    liste.setCurrentIndex(position)
    liste.activated.emit(position)
    assert session_grappe.dossier.solution.mode_achat is ModeAchat.MARCHE_EXISTANT
    relu = session_grappe.depot.charger(session_grappe.identifiant).dossier
    assert relu.solution.mode_achat is ModeAchat.MARCHE_EXISTANT
