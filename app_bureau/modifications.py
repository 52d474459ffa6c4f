"""Les modifications d'un dossier, chacune réversible (sans Qt) : ce que l'écran applique, et
ce qu'« Annuler » (Ctrl+Z) défait et « Rétablir » (Ctrl+Y) refait.

Une modification garde ce qu'il faut pour revenir en arrière : l'ancienne valeur d'un champ,
les établissements retirés et leur place, l'organisme retiré et ses réponses. Elle ne copie
jamais tout le dossier (2 000 établissements : la copie coûterait plus que la saisie).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app_bureau import champs_dossier
from app_bureau.libelles import accorder
from app_bureau.modele import Dossier, Etablissement, OrganismeGestionnaire, Reponse, Suivi


class Modification:
    libelle: str
    """Ce que dit le menu : « Annuler : supprimer 2 établissements »."""
    structure: bool = False
    """Elle ajoute, retire ou déplace des lignes : les tableaux se relisent entièrement."""

    def appliquer(self, dossier: Dossier) -> None:
        raise NotImplementedError

    def annuler(self, dossier: Dossier) -> None:
        raise NotImplementedError


@dataclass
class ChangementDeChamps(Modification):
    """Un ou plusieurs champs changés ensemble (la catégorie et le champ qu'elle suggère)."""

    nouvelles: dict[str, Any]
    """Chemin → nouvelle valeur."""
    libelle: str = "modifier un champ"
    anciennes: dict[str, Any] = field(default_factory=dict)

    def appliquer(self, dossier: Dossier) -> None:
        for chemin, valeur in self.nouvelles.items():
            self.anciennes.setdefault(chemin, champs_dossier.valeur(dossier, chemin))
            champs_dossier.changer(dossier, chemin, valeur)

    def annuler(self, dossier: Dossier) -> None:
        for chemin, valeur in self.anciennes.items():
            champs_dossier.changer(dossier, chemin, valeur)


def changement(chemin: str, valeur: Any) -> ChangementDeChamps:
    d = champs_dossier.definition(chemin)
    return ChangementDeChamps({chemin: valeur}, f"modifier « {d.libelle if d else chemin} »")


@dataclass
class AjoutEtablissements(Modification):
    etablissements: list[Etablissement]
    position: int | None = None
    """Où les insérer ; à la fin par défaut."""
    structure = True

    @property
    def libelle(self) -> str:  # type: ignore[override]
        return f"ajouter {accorder(len(self.etablissements), 'établissement')}"

    def appliquer(self, dossier: Dossier) -> None:
        if self.position is None:
            self.position = len(dossier.etablissements)
        dossier.etablissements[self.position : self.position] = self.etablissements

    def annuler(self, dossier: Dossier) -> None:
        assert self.position is not None
        del dossier.etablissements[self.position : self.position + len(self.etablissements)]


@dataclass
class SuppressionEtablissements(Modification):
    lignes: Sequence[int]
    retires: list[tuple[int, Etablissement]] = field(default_factory=list)
    structure = True

    @property
    def libelle(self) -> str:  # type: ignore[override]
        return f"supprimer {accorder(len(set(self.lignes)), 'établissement')}"

    def appliquer(self, dossier: Dossier) -> None:
        lignes = sorted({i for i in self.lignes if 0 <= i < len(dossier.etablissements)})
        self.retires = [(i, dossier.etablissements[i]) for i in lignes]
        for i in reversed(lignes):
            del dossier.etablissements[i]

    def annuler(self, dossier: Dossier) -> None:
        for i, etablissement in self.retires:
            dossier.etablissements.insert(i, etablissement)


@dataclass
class DeplacementEtablissement(Modification):
    ligne: int
    cible: int
    libelle: str = "déplacer un établissement"
    structure = True

    def appliquer(self, dossier: Dossier) -> None:
        liste = dossier.etablissements
        liste.insert(self.cible, liste.pop(self.ligne))

    def annuler(self, dossier: Dossier) -> None:
        liste = dossier.etablissements
        liste.insert(self.ligne, liste.pop(self.cible))


@dataclass
class AjoutOrganisme(Modification):
    organisme: OrganismeGestionnaire
    libelle: str = "ajouter un organisme gestionnaire"
    structure = True

    def appliquer(self, dossier: Dossier) -> None:
        dossier.organismes.append(self.organisme)

    def annuler(self, dossier: Dossier) -> None:
        dossier.organismes.remove(self.organisme)


@dataclass
class RetraitOrganisme(Modification):
    index: int
    libelle: str = "retirer un organisme gestionnaire"
    retire: OrganismeGestionnaire | None = None
    reponses: dict[str, Reponse] | None = None
    structure = True

    def appliquer(self, dossier: Dossier) -> None:
        identifiant = dossier.organismes[self.index].id
        self.reponses = dossier.autodiagnostic.get(identifiant)
        self.retire = dossier.retirer_organisme(self.index)

    def annuler(self, dossier: Dossier) -> None:
        assert self.retire is not None
        dossier.organismes.insert(self.index, self.retire)
        if self.reponses:
            dossier.autodiagnostic[self.retire.id] = self.reponses


@dataclass
class ReponseAutodiagnostic(Modification):
    organisme: str
    question: str
    reponse: Reponse | None
    libelle: str = "répondre à une question de l'autodiagnostic"
    ancienne: Reponse | None = None

    def appliquer(self, dossier: Dossier) -> None:
        self.ancienne = dossier.autodiagnostic.get(self.organisme, {}).get(self.question)
        dossier.repondre(self.organisme, self.question, self.reponse)

    def annuler(self, dossier: Dossier) -> None:
        dossier.repondre(self.organisme, self.question, self.ancienne)


# --- Le suivi du projet financé ------------------------------------------------------------


@dataclass
class DebutSuivi(Modification):
    """Le projet est financé : le dossier reçoit son suivi (convention préremplie)."""

    suivi: Suivi
    libelle: str = "suivre le projet financé"
    structure = True

    def appliquer(self, dossier: Dossier) -> None:
        dossier.suivi = self.suivi

    def annuler(self, dossier: Dossier) -> None:
        dossier.suivi = None


NOMS_DES_LISTES = {
    "suivi.convention.montants": ("montant notifié", "montants notifiés"),
    "suivi.mesures": ("mesure", "mesures"),
    "suivi.depenses": ("dépense", "dépenses"),
}
"""Les listes du suivi qu'on allonge ou raccourcit, et le nom de leurs lignes (pour le menu
« Annuler : ajouter 6 mesures »)."""


def _liste(dossier: Dossier, chemin: str) -> list[Any]:
    liste = champs_dossier.valeur(dossier, chemin)
    assert isinstance(liste, list), chemin
    return liste


@dataclass
class AjoutDeLignes(Modification):
    """Des lignes ajoutées en fin d'une liste du suivi (`NOMS_DES_LISTES`), en une fois."""

    liste: str
    lignes: list[Any]
    position: int | None = None
    structure = True

    @property
    def libelle(self) -> str:  # type: ignore[override]
        return f"ajouter {accorder(len(self.lignes), *NOMS_DES_LISTES[self.liste])}"

    def appliquer(self, dossier: Dossier) -> None:
        liste = _liste(dossier, self.liste)
        if self.position is None:
            self.position = len(liste)
        liste[self.position : self.position] = self.lignes

    def annuler(self, dossier: Dossier) -> None:
        assert self.position is not None
        del _liste(dossier, self.liste)[self.position : self.position + len(self.lignes)]


@dataclass
class SuppressionDeLignes(Modification):
    """Des lignes retirées d'une liste du suivi ; annuler les remet à leur place."""

    liste: str
    indices: Sequence[int]
    retirees: list[tuple[int, Any]] = field(default_factory=list)
    structure = True

    @property
    def libelle(self) -> str:  # type: ignore[override]
        return f"supprimer {accorder(len(set(self.indices)), *NOMS_DES_LISTES[self.liste])}"

    def appliquer(self, dossier: Dossier) -> None:
        liste = _liste(dossier, self.liste)
        indices = sorted({i for i in self.indices if 0 <= i < len(liste)})
        self.retirees = [(i, liste[i]) for i in indices]
        for i in reversed(indices):
            del liste[i]

    def annuler(self, dossier: Dossier) -> None:
        liste = _liste(dossier, self.liste)
        for i, ligne in self.retirees:
            liste.insert(i, ligne)


@dataclass
class PieceGardee(Modification):
    """Une pièce de la liste à garder, cochée (gardée) ou décochée."""

    identifiant: str
    gardee: bool
    avant: list[str] = field(default_factory=list)

    @property
    def libelle(self) -> str:  # type: ignore[override]
        return "cocher une pièce à garder" if self.gardee else "décocher une pièce à garder"

    def appliquer(self, dossier: Dossier) -> None:
        assert dossier.suivi is not None
        pieces = dossier.suivi.preuves_gardees
        self.avant = list(pieces)
        if self.gardee and self.identifiant not in pieces:
            pieces.append(self.identifiant)
        elif not self.gardee and self.identifiant in pieces:
            pieces.remove(self.identifiant)

    def annuler(self, dossier: Dossier) -> None:
        assert dossier.suivi is not None
        dossier.suivi.preuves_gardees[:] = self.avant
