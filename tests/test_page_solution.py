"""La page Solution : la case « Référencement Ségur en cours » change le dossier et les règles,
et chaque Alt+lettre de l'étape désigne un seul champ ou bouton."""

import re

from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel

from app_bureau.ecrans.assistant import Assistant
from app_bureau.modele import Gravite
from app_bureau.navigation import Page


def test_referencement_en_cours_coche_a_l_ecran(qtbot, session_grappe) -> None:  # type: ignore[no-untyped-def]
    assistant = Assistant(session_grappe)
    qtbot.addWidget(assistant)
    assistant.resize(1366, 740)
    assistant.show()
    assistant.aller_a(Page.SOLUTION)
    page = assistant.pages[Page.SOLUTION]

    textes = [b.text() for b in assistant.findChildren(QAbstractButton) if b.isVisible()]
    textes += [e.text() for e in assistant.findChildren(QLabel) if e.isVisible() and e.buddy()]
    lettres = [m.group(1).lower() for t in textes if (m := re.search(r"&(\w)", t))]
    assert len(lettres) == len(set(lettres)), lettres

    case = page.champs["solution.referencement_segur_en_cours"]
    assert isinstance(case, QCheckBox)
    assert case.text().replace("&", "") == "Référencement Ségur en cours"
    case.click()
    assert session_grappe.dossier.solution.referencement_segur_en_cours
    # L'exemple a une solution référencée Ségur : la case est dite sans effet.
    [a] = [
        a
        for a in session_grappe.evaluation.anomalies
        if a.champ == "solution.referencement_segur_en_cours"
    ]
    assert a.gravite is Gravite.INFORMATION and "sans effet" in a.message
