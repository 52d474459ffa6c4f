"""Les étapes du dossier, sans Qt : leur ordre, l'étape où se corrige chaque champ, l'état de
chaque étape (à compléter, n problèmes bloquants, complet) et les constats qu'elle affiche.

C'est le seul endroit qui sait quelles étapes existent et quelle étape possède un champ :
l'écran ne fait que l'afficher. Une saisie refusée (`SaisieEnAttente`) compte comme un
problème bloquant de l'étape de son champ, comme un constat des règles.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

from app_bureau.champs_dossier import definition
from app_bureau.libelles import ETATS_SUIVI, accorder
from app_bureau.modele import Dossier, EtatSuivi, Gravite, SaisieEnAttente
from app_bureau.regles.resultats import Anomalie, Evaluation

if TYPE_CHECKING:
    from app_bureau.regles.suivi import ResultatSuivi


class Page(IntEnum):
    PORTEUR = 0
    ORGANISMES = 1
    ETABLISSEMENTS = 2
    SOLUTION = 3
    AUTODIAGNOSTIC = 4
    ELIGIBILITE = 5
    FINANCEMENT = 6
    DOCUMENTS = 7
    SUIVI = 8
    """Le projet financé, jusqu'au solde : montrée une fois le dossier financé (`visibles`)."""


TITRES = {
    Page.PORTEUR: "Porteur du projet",
    Page.ORGANISMES: "Organismes gestionnaires",
    Page.ETABLISSEMENTS: "Établissements",
    Page.SOLUTION: "Solution DUI et achat",
    Page.AUTODIAGNOSTIC: "Autodiagnostic",
    Page.ELIGIBILITE: "Éligibilité",
    Page.FINANCEMENT: "Financement",
    Page.DOCUMENTS: "Documents",
    Page.SUIVI: "Suivi",
}
ANCIENS_NOMS = {"exporter": Page.DOCUMENTS}
"""Les noms d'étape gardés par une version précédente (page où reprendre un dossier)."""

_PREFIXES = (
    ("nom", Page.PORTEUR),
    ("campagne", Page.PORTEUR),
    ("porteur", Page.PORTEUR),
    ("organismes", Page.ORGANISMES),
    ("etablissements", Page.ETABLISSEMENTS),
    ("solution", Page.SOLUTION),
    ("financements_specifiques", Page.SOLUTION),
    ("autodiagnostic", Page.AUTODIAGNOSTIC),
    ("suivi", Page.SUIVI),
)
REFERENCE_SAISIE = "Saisie à corriger dans l'application"


def page_du_champ(chemin: str) -> Page | None:
    """L'étape où se corrige un champ (`etablissements[3].finess` → Établissements)."""
    for prefixe, page in _PREFIXES:
        if chemin == prefixe or chemin.startswith((f"{prefixe}.", f"{prefixe}[")):
            return page
    return None


def page_de_nom(nom: str | None) -> Page:
    """L'étape d'un nom gardé en base (`documents`, ou `exporter` d'une version précédente) ;
    la première si le nom n'est pas connu."""
    cle = (nom or "").lower()
    if cle in ANCIENS_NOMS:
        return ANCIENS_NOMS[cle]
    return Page.__members__.get(cle.upper(), Page.PORTEUR)


def visibles(dossier: Dossier) -> tuple[Page, ...]:
    """Les étapes montrées : toutes, sauf « Suivi » tant que le dossier n'est pas financé
    (`Dossier.suivi`, créé quand l'utilisateur dit que le projet est financé)."""
    return tuple(p for p in Page if p is not Page.SUIVI or dossier.suivi is not None)


def page_suivante(page: Page, pages: Sequence[Page] = tuple(Page)) -> Page | None:
    """L'étape qui suit parmi `pages` (les étapes visibles)."""
    return next((p for p in pages if p > page), None)


def page_precedente(page: Page, pages: Sequence[Page] = tuple(Page)) -> Page | None:
    return next((p for p in reversed(pages) if p < page), None)


# --- Saisies refusées -----------------------------------------------------------------------


_LIGNES = {
    "etablissements": "ligne",
    "suivi.convention.montants": "montants notifiés, ligne",
    "suivi.mesures": "mesures, ligne",
    "suivi.depenses": "dépenses, ligne",
}
_LIGNE = re.compile(r"^([a-z_.]+)\[(\d+)\]")


def anomalie_de_saisie(saisie: SaisieEnAttente) -> Anomalie:
    d = definition(saisie.chemin)
    libelle = d.libelle_long if d else saisie.chemin
    ou = ""
    trouve = _LIGNE.match(saisie.chemin)
    if trouve and trouve.group(1) in _LIGNES:
        ou = f"{_LIGNES[trouve.group(1)]} {int(trouve.group(2)) + 1}, "
    message = f"{ou}{libelle} : « {saisie.texte} » n'est pas enregistré — {saisie.message}."
    return Anomalie(
        Gravite.BLOQUANT, message[0].upper() + message[1:], REFERENCE_SAISIE, saisie.chemin
    )


def constats(evaluation: Evaluation, saisies: dict[str, SaisieEnAttente]) -> tuple[Anomalie, ...]:
    """Les saisies refusées (problèmes bloquants) puis les constats des règles, du plus grave
    au moins grave : ce que listent l'Éligibilité et le panneau. Un champ dont la saisie est
    refusée n'a qu'un constat, celui de sa saisie (« SIRET à indiquer » n'ajouterait rien)."""
    return (
        *(anomalie_de_saisie(s) for s in saisies.values()),
        *(a for a in evaluation.anomalies if a.champ not in saisies),
    )


def bloquants_de_la_page(
    evaluation: Evaluation, page: Page, saisies: dict[str, SaisieEnAttente] | None = None
) -> list[Anomalie]:
    return [
        a
        for a in constats(evaluation, saisies or {})
        if a.gravite is Gravite.BLOQUANT and page_du_champ(a.champ) is page
    ]


# --- État des étapes ------------------------------------------------------------------------


@dataclass(frozen=True)
class EtatEtape:
    bloquants: int
    a_completer: bool
    suivi: EtatSuivi | None = None
    """Pour l'étape « Suivi » : où en est la grappe (« en cours », « en retard »…)."""

    @property
    def complet(self) -> bool:
        return not self.bloquants and not self.a_completer

    @property
    def libelle(self) -> str:
        """« 2 problèmes bloquants », « à compléter », « complet », ou l'état du suivi."""
        if self.bloquants:
            return accorder(self.bloquants, "problème bloquant", "problèmes bloquants")
        if self.a_completer:
            return "à compléter"
        return ETATS_SUIVI[self.suivi].libelle if self.suivi else "complet"


def _manque(dossier: Dossier, evaluation: Evaluation, page: Page) -> bool:
    """L'étape attend encore quelque chose de l'utilisateur (sans que ce soit bloquant)."""
    p, s = dossier.porteur, dossier.solution
    match page:
        case Page.PORTEUR:
            return not (p.raison_sociale and p.siret and p.contact.nom and p.contact.email)
        case Page.ORGANISMES:
            return not dossier.organismes or any(
                not (og.raison_sociale and og.departement and og.siret) for og in dossier.organismes
            )
        case Page.ETABLISSEMENTS:
            return not dossier.etablissements
        case Page.SOLUTION:
            return not (s.editeur and s.logiciel)
        case Page.AUTODIAGNOSTIC:
            return not evaluation.autodiagnostics or not all(
                r.complet for r in evaluation.autodiagnostics
            )
        case Page.FINANCEMENT:
            return not evaluation.nombre_essms_retenus
        case Page.DOCUMENTS:
            return not evaluation.recevable
    return False


def etat(
    page: Page,
    dossier: Dossier,
    evaluation: Evaluation,
    saisies: dict[str, SaisieEnAttente],
    suivi: "ResultatSuivi | None" = None,
) -> EtatEtape:
    """L'état d'une étape : l'Éligibilité compte tous les problèmes bloquants du dossier, les
    autres étapes ceux de leurs champs. Le « Suivi » est à compléter tant que la convention
    n'a pas ses dates de signature et de début, puis dit l'état de la grappe (`suivi`)."""
    if page is Page.SUIVI:
        bloquants = len(bloquants_de_la_page(evaluation, page, saisies))
        convention = dossier.suivi.convention if dossier.suivi else None
        manque = convention is None or not (convention.signee_le and convention.debut_projet)
        return EtatEtape(bloquants, manque, suivi.etat if suivi else None)
    if page is Page.ELIGIBILITE:
        bloquants = sum(1 for a in constats(evaluation, saisies) if a.gravite is Gravite.BLOQUANT)
        return EtatEtape(bloquants, False)
    manque = _manque(dossier, evaluation, page)
    if page is Page.DOCUMENTS and saisies:  # une saisie refusée : pas recevable non plus
        manque = True
    return EtatEtape(len(bloquants_de_la_page(evaluation, page, saisies)), manque)
