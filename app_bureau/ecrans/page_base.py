"""Ce que partagent les pages du dossier : la session, les champs liés au dossier, l'aide (F1),
les problèmes bloquants de la page, aller à un champ."""

from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from app_bureau import champs_dossier
from app_bureau.champs_dossier import Nature
from app_bureau.ecrans.champs_formulaire import STYLE_ERREUR, ChampFormulaire, avec_raccourci
from app_bureau.ecrans.session import SessionDossier
from app_bureau.navigation import TITRES, Page, bloquants_de_la_page
from app_bureau.regles.resultats import Evaluation


def texte_html(texte: str) -> str:
    """Texte échappé pour le HTML de Qt, qui prend l'espace fine insécable des montants pour
    une espace ordinaire (et coupe « 63 000,00 € ») : on lui donne une insécable."""
    return escape(texte).replace("\u202f", "\u00a0")


class PageDossier(QWidget):
    """Une étape du dossier. Les sous-classes définissent `PAGE`, `AIDE` (HTML, avec les
    paragraphes cités), leur sous-titre (`definir_sous_titre`), et construisent leurs champs avec `champ`, qui les lie
    au dossier : chaque modification passe par la session (évaluée, enregistrée, annulable)."""

    PAGE: Page
    AIDE: str = ""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__()
        self.session = session
        self.titre = TITRES[self.PAGE]
        self.sous_titre = ""
        self.setAccessibleName(self.titre)
        self.champs: dict[str, QWidget] = {}
        self._relectures: list[Callable[[], None]] = []
        self.message_bloquant = QLabel()
        self.message_bloquant.setWordWrap(True)
        self.message_bloquant.setStyleSheet(STYLE_ERREUR)
        self.message_bloquant.hide()
        session.evaluation_changee.connect(self._evaluation_changee)
        session.saisies_changees.connect(self._montrer_bloquants)
        session.dossier_recharge.connect(self.rafraichir)

    def definir_sous_titre(self, texte: str) -> None:
        """La phrase qui dit, sous le titre de l'étape, à quoi elle sert."""
        self.sous_titre = texte

    # --- champs liés au dossier ---------------------------------------------------------

    def champ(self, formulaire: QFormLayout, chemin: str, raccourci: str = "") -> QWidget:
        """Le champ `chemin`, construit d'après sa définition (`champs_dossier`), ajouté au
        formulaire avec son libellé ; `raccourci` : la lettre soulignée (Alt+lettre)."""
        definition = champs_dossier.definition(chemin)
        assert definition is not None, chemin
        champ = ChampFormulaire(definition, self.session, chemin)
        libelle = avec_raccourci(definition.libelle, raccourci)
        if definition.nature is Nature.BOOLEEN:
            champ.saisie.setText(libelle)  # type: ignore[attr-defined]
            formulaire.addRow("", champ)
        else:
            etiquette = QLabel(libelle)
            etiquette.setBuddy(champ.saisie)
            formulaire.addRow(etiquette, champ)
        self.champs[chemin] = champ.saisie
        self._relectures.append(champ.relire)
        return champ.saisie

    # --- cycle de vie ---------------------------------------------------------------------

    def rafraichir(self) -> None:
        """Remet les widgets à l'image du dossier (après ouverture ou rechargement)."""
        for relire in self._relectures:
            relire()

    def _evaluation_changee(self, evaluation: Evaluation) -> None:
        self._montrer_bloquants()
        self.evaluation_changee(evaluation)

    def _montrer_bloquants(self) -> None:
        bloquants = bloquants_de_la_page(self.session.evaluation, self.PAGE, self.session.saisies)
        self.message_bloquant.setText("\n".join(f"• {a.message}" for a in bloquants))
        self.message_bloquant.setVisible(bool(bloquants))

    def evaluation_changee(self, evaluation: Evaluation) -> None:
        """À redéfinir par les pages qui montrent des résultats des règles."""

    def aller_au_champ(self, chemin: str) -> None:
        """Donne le focus au widget du champ (ou de son parent le plus proche)."""
        while chemin:
            if chemin in self.champs:
                self.champs[chemin].setFocus()
                return
            chemin = chemin.rpartition(".")[0] if "." in chemin else ""
