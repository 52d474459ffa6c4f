"""Le dossier ouvert : le modèle, sa dernière évaluation, son enregistrement immédiat, et la
pile des modifications qu'« Annuler » (Ctrl+Z) défait.

Le flux est unique : une page demande une modification (`changer`, `appliquer`) → elle
s'applique au dossier → les règles l'évaluent → `evaluation_changee` prévient les pages et le
panneau → la base l'enregistre, en une transaction. Chaque modification réussie entre dans la
pile `pile` (QUndoStack) : annuler, c'est appliquer son inverse par le même chemin.

Une saisie refusée (FINESS à la clé fausse…) ne touche pas au dossier : elle est gardée à part
(`saisies`, en base), montrée en rouge et comptée comme un problème bloquant jusqu'à sa
correction ; `saisies_changees` prévient l'écran.

Si un autre écrivain a changé le dossier entre-temps, `conflit` porte le message à montrer,
et `recharger` reprend l'état de la base. Si la base refuse l'enregistrement (contrainte,
disque), le dossier est rechargé tel qu'enregistré et `refus` porte le message : l'écran ne
montre jamais autre chose que ce qui est en base.
"""

import contextlib
import re
import sqlite3
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app_bureau.erreurs import message_erreur
from app_bureau.modele import Dossier, Reponse, SaisieEnAttente
from app_bureau.modifications import (
    ChangementDeChamps,
    DeplacementEtablissement,
    Modification,
    ReponseAutodiagnostic,
    RetraitOrganisme,
    SuppressionDeLignes,
    SuppressionEtablissements,
    changement,
)
from app_bureau.navigation import Page, constats, page_de_nom
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.resultats import Anomalie, Evaluation
from app_bureau.regles.suivi import ResultatSuivi, evaluer_suivi, montants_estimes
from app_bureau.stockage.base import ErreurBase
from app_bureau.stockage.depot import DepotDossiers, DossierModifieAilleurs

FRAPPES = 1
"""L'identifiant des commandes qu'on fusionne : un même champ modifié frappe après frappe."""
_LIGNE = re.compile(
    r"^(etablissements|organismes|suivi\.convention\.montants|suivi\.mesures|suivi\.depenses)"
    r"\[(\d+)\]"
)


class SessionDossier(QObject):
    evaluation_changee = Signal(object)
    dossier_recharge = Signal()
    """Tout le dossier est à relire (rechargement, ou lignes ajoutées ou retirées)."""
    saisies_changees = Signal()
    conflit = Signal(str)
    refus = Signal(str)
    message = Signal(str)
    """Une information passagère pour la barre d'état (« 2 établissements supprimés… »)."""

    def __init__(self, depot: DepotDossiers, identifiant: int) -> None:
        super().__init__()
        self.depot = depot
        self.identifiant = identifiant
        enregistre = depot.charger(identifiant)
        self.dossier: Dossier = enregistre.dossier
        self.revision = enregistre.revision
        self.page_initiale = page_de_nom(enregistre.page_courante)
        self.saisies: dict[str, SaisieEnAttente] = depot.saisies(identifiant)
        self.evaluation: Evaluation = evaluer(self.dossier)
        self.suivi: ResultatSuivi | None = self._evaluer_suivi()
        """Où en est le projet financé (None s'il ne l'est pas) : évalué avec le dossier."""
        self.pile = QUndoStack(self)

    def _evaluer(self) -> None:
        self.evaluation = evaluer(self.dossier)
        self.suivi = self._evaluer_suivi()

    def _evaluer_suivi(self) -> ResultatSuivi | None:
        if self.dossier.suivi is None:
            return None
        jour = self.evaluation.campagne_etat.aujourd_hui  # le même jour que l'évaluation
        return evaluer_suivi(self.dossier, jour, montants_estimes(self.evaluation))

    # --- modifier ----------------------------------------------------------------------------

    def appliquer(self, modification: Modification) -> bool:
        """Applique la modification (enregistrée, annulable) ; False si la base l'a refusée."""
        commande = _Commande(self, modification)
        self.pile.push(commande)
        return commande.reussie

    def changer(self, chemin: str, valeur: Any) -> bool:
        """Une saisie acceptée : la valeur du champ ; sa saisie refusée, s'il y en avait, est
        oubliée. Rien n'est modifié si la valeur est déjà celle du dossier."""
        from app_bureau import champs_dossier

        reussie = champs_dossier.valeur(self.dossier, chemin) == valeur or self.appliquer(
            changement(chemin, valeur)
        )
        if reussie:  # après la modification : l'écran relit alors la valeur acceptée
            self.effacer_saisie(chemin)
        return reussie

    def repondre(self, organisme: str, question: str, reponse: Reponse | None) -> bool:
        """Note une réponse d'autodiagnostic (None l'efface) : une modification du dossier."""
        return self.appliquer(ReponseAutodiagnostic(organisme, question, reponse))

    def _executer(self, modification: Modification, annuler: bool, relire: bool = False) -> bool:
        """Applique (ou défait) puis évalue, prévient et enregistre. False si la base refuse.
        `relire` : les écrans relisent tout (annuler, rétablir : la valeur ne vient pas de la
        saisie en cours)."""
        if annuler:
            modification.annuler(self.dossier)
        else:
            modification.appliquer(self.dossier)
        self._evaluer()
        if modification.structure or relire:
            self.dossier_recharge.emit()
        self.evaluation_changee.emit(self.evaluation)
        try:
            self.revision = self.depot.enregistrer(
                self.identifiant, self.dossier, self.revision, self.evaluation.totaux.total
            )
        except DossierModifieAilleurs as exc:
            self.conflit.emit(str(exc))
            return False
        except (sqlite3.Error, ErreurBase) as exc:
            self.recharger()
            self.refus.emit(
                f"Modification non enregistrée ({message_erreur(exc)}) : le dossier est rechargé."
            )
            return False
        return True

    def recharger(self) -> None:
        """Reprend le dossier tel qu'il est en base ; la pile d'annulation repart de zéro."""
        enregistre = self.depot.charger(self.identifiant)
        self.dossier, self.revision = enregistre.dossier, enregistre.revision
        self.saisies = self.depot.saisies(self.identifiant)
        self._evaluer()
        self.pile.clear()
        self.dossier_recharge.emit()
        self.saisies_changees.emit()
        self.evaluation_changee.emit(self.evaluation)

    # --- saisies refusées --------------------------------------------------------------------

    def noter_saisie(self, chemin: str, texte: str, message: str) -> None:
        """Garde ce qui a été tapé et refusé, avec sa raison (le dossier n'est pas modifié)."""
        saisie = SaisieEnAttente(chemin, texte, message)
        if self.saisies.get(chemin) != saisie:
            self._remplacer_saisies({**self.saisies, chemin: saisie})

    def effacer_saisie(self, chemin: str) -> None:
        if chemin in self.saisies:
            self._remplacer_saisies({c: s for c, s in self.saisies.items() if c != chemin})

    def _remplacer_saisies(self, saisies: dict[str, SaisieEnAttente]) -> None:
        try:
            self.depot.remplacer_saisies(self.identifiant, saisies)
        except (sqlite3.Error, ErreurBase) as exc:
            self.refus.emit(f"Saisie non gardée ({message_erreur(exc)}).")
        self.saisies = saisies
        self.saisies_changees.emit()

    def constats(self) -> tuple[Anomalie, ...]:
        """Les saisies refusées et les constats des règles : ce que montrent l'Éligibilité et
        le panneau."""
        return constats(self.evaluation, self.saisies)

    # --- état de l'écran ---------------------------------------------------------------------

    def noter_page(self, page: Page) -> None:
        self.depot.noter_page(self.identifiant, page.name.lower())

    def positions_autodiagnostic(self) -> dict[str, str]:
        return self.depot.positions(self.identifiant)

    def noter_position_autodiagnostic(self, organisme: str, question: str) -> None:
        """La question que l'OG a sous les yeux, pour y reprendre ; sans conséquence si la
        base ne peut pas la garder (l'OG vient d'être retiré ailleurs…)."""
        with contextlib.suppress(sqlite3.Error, ErreurBase):
            self.depot.noter_position(self.identifiant, organisme, question)


def _renumeroter(
    saisies: dict[str, SaisieEnAttente], modification: Modification
) -> dict[str, SaisieEnAttente]:
    """Les saisies refusées des lignes (établissements, organismes) suivent leurs lignes quand
    des lignes sont retirées ou déplacées ; celles d'une ligne retirée partent avec elle."""

    def nouvelle_ligne(liste: str, ligne: int) -> int | None:
        if isinstance(modification, SuppressionDeLignes):
            if liste != modification.liste:
                return ligne
            retirees = {i for i, _ in modification.retirees}
            return None if ligne in retirees else ligne - sum(1 for i in retirees if i < ligne)
        if liste.startswith("suivi."):
            return ligne  # ajoutées en fin de liste : les lignes d'avant ne bougent pas
        if liste == "organismes":
            if isinstance(modification, RetraitOrganisme):
                if ligne == modification.index:
                    return None
                return ligne - 1 if ligne > modification.index else ligne
            return ligne
        if isinstance(modification, SuppressionEtablissements):
            retirees = {i for i, _ in modification.retires}
            return None if ligne in retirees else ligne - sum(1 for i in retirees if i < ligne)
        if isinstance(modification, DeplacementEtablissement):
            ordre = list(range(max(ligne, modification.ligne, modification.cible) + 1))
            ordre.insert(modification.cible, ordre.pop(modification.ligne))
            return ordre.index(ligne)
        return ligne

    resultat = {}
    for chemin, saisie in saisies.items():
        trouve = _LIGNE.match(chemin)
        if trouve is None:
            resultat[chemin] = saisie
            continue
        ligne = nouvelle_ligne(trouve.group(1), int(trouve.group(2)))
        if ligne is not None:
            nouveau = f"{trouve.group(1)}[{ligne}]{chemin[trouve.end() :]}"
            resultat[nouveau] = SaisieEnAttente(nouveau, saisie.texte, saisie.message)
    return resultat


class _Commande(QUndoCommand):
    """Une modification dans la pile d'annulation ; ses saisies refusées d'avant sont gardées
    pour qu'annuler les rende."""

    def __init__(self, session: SessionDossier, modification: Modification) -> None:
        super().__init__(modification.libelle)
        self.session = session
        self.modification = modification
        self.saisies_avant = dict(session.saisies)
        self.reussie = False
        self.deja_faite = False

    def redo(self) -> None:
        self.reussie = self.session._executer(
            self.modification, annuler=False, relire=self.deja_faite
        )
        self.deja_faite = True
        if not self.reussie:
            self.setObsolete(True)  # jamais entrée dans la pile
            return
        if self.modification.structure and self.session.saisies:
            self.session._remplacer_saisies(_renumeroter(self.saisies_avant, self.modification))

    def id(self) -> int:
        """Les frappes successives dans un même champ ne font qu'une modification à annuler."""
        m = self.modification
        return FRAPPES if isinstance(m, ChangementDeChamps) and len(m.nouvelles) == 1 else -1

    def mergeWith(self, autre: QUndoCommand) -> bool:
        if not isinstance(autre, _Commande) or autre.id() != FRAPPES:
            return False
        ici, la = self.modification, autre.modification
        assert isinstance(ici, ChangementDeChamps) and isinstance(la, ChangementDeChamps)
        if ici.nouvelles.keys() != la.nouvelles.keys():
            return False
        ici.nouvelles = dict(la.nouvelles)
        if ici.nouvelles == ici.anciennes:
            self.setObsolete(True)  # revenu à la valeur d'avant : rien à annuler
        return True

    def undo(self) -> None:
        if self.session._executer(self.modification, annuler=True, relire=True):
            if self.modification.structure and self.session.saisies != self.saisies_avant:
                self.session._remplacer_saisies(self.saisies_avant)
        else:
            self.setObsolete(True)
