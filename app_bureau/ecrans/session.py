"""Le dossier ouvert : le modèle, sa dernière évaluation, son enregistrement immédiat.

Le flux est unique : une page modifie le dossier par `modifier` → les règles l'évaluent →
le signal `evaluation_changee` prévient les pages et le panneau → la base l'enregistre, en
une transaction. Les réponses d'autodiagnostic font partie du dossier : même chemin.
Si un autre écrivain a changé le dossier entre-temps, `conflit` porte le message à montrer,
et `recharger` reprend l'état de la base. Si la base refuse l'enregistrement (contrainte,
disque), le dossier est rechargé tel qu'enregistré et `refus` porte le message : l'écran ne
montre jamais autre chose que ce qui est en base.
"""

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app_bureau.modele import Dossier, Reponse
from app_bureau.navigation import Page, page_de_nom
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.resultats import Evaluation
from app_bureau.stockage.depot import DepotDossiers, DossierModifieAilleurs


class SessionDossier(QObject):
    evaluation_changee = Signal(object)
    dossier_recharge = Signal()
    conflit = Signal(str)
    refus = Signal(str)

    def __init__(self, depot: DepotDossiers, identifiant: int) -> None:
        super().__init__()
        self.depot = depot
        self.identifiant = identifiant
        enregistre = depot.charger(identifiant)
        self.dossier: Dossier = enregistre.dossier
        self.revision = enregistre.revision
        self.page_initiale = page_de_nom(enregistre.page_courante)
        self.evaluation: Evaluation = evaluer(self.dossier)

    def modifier(self, action: Callable[[Dossier], None]) -> bool:
        """Applique `action` au dossier, réévalue, prévient, enregistre. False si conflit."""
        action(self.dossier)
        self.evaluation = evaluer(self.dossier)
        self.evaluation_changee.emit(self.evaluation)
        try:
            self.revision = self.depot.enregistrer(
                self.identifiant, self.dossier, self.revision, self.evaluation.totaux.total
            )
        except DossierModifieAilleurs as exc:
            self.conflit.emit(str(exc))
            return False
        except sqlite3.Error as exc:
            self.recharger()
            self.refus.emit(f"Modification non enregistrée ({exc}) : le dossier est rechargé.")
            return False
        return True

    def recharger(self) -> None:
        enregistre = self.depot.charger(self.identifiant)
        self.dossier, self.revision = enregistre.dossier, enregistre.revision
        self.evaluation = evaluer(self.dossier)
        self.dossier_recharge.emit()
        self.evaluation_changee.emit(self.evaluation)

    def repondre(self, organisme: str, question: str, reponse: Reponse | None) -> bool:
        """Note une réponse d'autodiagnostic (None l'efface) : une modification du dossier."""
        return self.modifier(lambda d: d.repondre(organisme, question, reponse))

    def noter_page(self, page: Page) -> None:
        self.depot.noter_page(self.identifiant, page.name.lower())
