"""Les mots du fichier des recommandations, chacun défini une fois : ce qu'il accepte (pour
le contrôle à la lecture) et ce qu'il vaut pour un OG (pour l'évaluation).

- `CRITERES` : les critères d'une condition (`faible: true`, `petite_taille: false`…) ;
- `MARQUES` : les marques d'un texte (`{organisme}`, `{questions_sans_reponse}`…), plus les
  paramètres de la campagne par leur nom, écrits selon leur unité (`RENDUS_PAR_UNITE`) ;
- `UNE_PAR` : ce qui répète une recommandation (un OG de la grappe qui fait mieux) ;
- `{marque|singulier|pluriel}` : le mot accordé au nombre que compte la marque.

L'en-tête de `ressources/autodiagnostic/recommandations.yaml` les décrit pour qui l'écrit.
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import cache, cached_property
from typing import Any, Final, Protocol

from app_bureau.formats import euros_ronds, pourcentage
from app_bureau.modele import (
    Dossier,
    Etablissement,
    FinancementsSpecifiques,
    ModeAchat,
    OrganismeGestionnaire,
)
from app_bureau.regles.autodiagnostic.questionnaire import LIBELLES_VERSION
from app_bureau.regles.autodiagnostic.scores import (
    FAIBLE,
    FORT,
    Recommandation,
    ResultatAutodiagnostic,
    note,
)
from app_bureau.regles.parametres import JeuParametres, Unite
from app_bureau.regles.petite_taille import essms_du_dossier, petite_taille


def noms(liste: Sequence[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    if not liste:
        return "aucun"
    return liste[0] if len(liste) == 1 else ", ".join(liste[:-1]) + " et " + liste[-1]


class Sujet(Protocol):
    """Ce dont parle une recommandation : sa dimension et les questions qu'elle regarde."""

    @property
    def dimension(self) -> str | None: ...

    @property
    def questions(self) -> tuple[str, ...]: ...


@dataclass
class Situation:
    """Ce que l'on sait d'un OG pendant qu'on le conseille."""

    resultat: ResultatAutodiagnostic
    og: OrganismeGestionnaire
    dossier: Dossier
    grappe: Sequence[ResultatAutodiagnostic]
    jeu: JeuParametres
    donnees: list[Recommandation] = field(default_factory=list)
    """Les recommandations déjà données à l'OG, dans l'ordre."""

    @cached_property
    def petit(self) -> bool:
        return petite_taille(self.og, self.jeu, essms_du_dossier(self.dossier)[self.og.id])[0]

    @cached_property
    def essms(self) -> list[Etablissement]:
        return [e for e in self.dossier.etablissements if e.organisme == self.og.id]

    def score(self, dimension: str | None) -> Decimal | None:
        return self.resultat.score_de(dimension).score if dimension else self.resultat.score

    def faible(self, sujet: Sujet) -> bool:
        """La dimension est sous 2 sur 4, ou l'une des questions est à 0 ou 1."""
        score = self.score(sujet.dimension)
        if score is not None and score < FAIBLE:
            return True
        return any(
            (n := self.resultat.niveaux.get(identifiant)) is not None and n < FAIBLE
            for identifiant in sujet.questions
        )

    def appuis(self) -> list[dict[str, "Valeur"]]:
        """Dans chaque dimension sous 2 sur 4, l'OG de la grappe qui fait le mieux (3 sur 4 ou
        plus) ; un appui par OG, avec ses dimensions dans l'ordre du radar."""
        appuis: dict[str, list[str]] = {}
        for s in self.resultat.dimensions:
            if s.score is None or s.score >= FAIBLE:
                continue
            avances = [
                (r, score)
                for r in self.grappe
                if r.organisme != self.resultat.organisme
                and (score := r.score_de(s.dimension.id).score) is not None
                and score >= FORT
            ]
            if avances:
                meilleur, score = max(avances, key=lambda paire: paire[1])
                libelle = s.dimension.libelle_court[0].lower() + s.dimension.libelle_court[1:]
                appuis.setdefault(meilleur.nom, []).append(f"{libelle} ({note(score)})")
        return [{"appui": nom, "appui_dimensions": d} for nom, d in appuis.items()]


# --- Les critères d'une condition -------------------------------------------------------


@dataclass(frozen=True)
class Critere:
    """Un critère : s'il tient pour ce sujet dans cette situation, avec la valeur demandée ;
    les valeurs qu'il accepte (None : true ou false)."""

    tient: Callable[[Situation, Sujet, Any], bool]
    valeurs: tuple[str, ...] | None = None
    avec_dimension: bool = False
    """Il regarde la dimension de la recommandation, qui doit en avoir une."""


def _oui_non(mesure: Callable[[Situation, Sujet], bool], avec_dimension: bool = False) -> Critere:
    return Critere(lambda s, sujet, attendu: mesure(s, sujet) is attendu, None, avec_dimension)


def _etat(resultat: ResultatAutodiagnostic) -> str:
    if not resultat.commence:
        return "non_commence"
    return "complet" if resultat.complet else "incomplet"


def _maitrise(score: Decimal | None) -> bool:
    return score is not None and score >= FORT


FINANCEMENTS_DEMANDES: Final = tuple(
    f.name for f in fields(FinancementsSpecifiques) if f.type in (bool, "bool")
)

CRITERES: Final[dict[str, Critere]] = {
    "autodiagnostic": Critere(
        lambda s, _, etat: _etat(s.resultat) == etat, ("non_commence", "incomplet")
    ),
    "faible": _oui_non(lambda s, sujet: s.faible(sujet), avec_dimension=True),
    "maitrisee": _oui_non(
        lambda s, sujet: _maitrise(s.score(sujet.dimension)), avec_dimension=True
    ),
    "si_maitrise": _oui_non(lambda s, _: _maitrise(s.resultat.score)),
    "petite_taille": _oui_non(lambda s, _: s.petit),
    "og_dispose_rsi": _oui_non(lambda s, _: s.og.dispose_rsi),
    "rsi_dans_la_grappe": _oui_non(lambda s, _: any(o.dispose_rsi for o in s.dossier.organismes)),
    "plusieurs_organismes": _oui_non(lambda s, _: len(s.dossier.organismes) > 1),
    "achat_par_le_sad": _oui_non(lambda s, _: s.dossier.solution.mode_achat is ModeAchat.SAD),
    "financement_demande": Critere(
        lambda s, _, nom: getattr(s.dossier.financements_specifiques, nom) is True,
        FINANCEMENTS_DEMANDES,
    ),
    "og_a_des_essms": _oui_non(lambda s, _: bool(s.essms)),
    "equipement_non_demande": _oui_non(lambda s, _: any(not e.equipement for e in s.essms)),
    "dimensions_recommandees": _oui_non(
        lambda s, _: any(r.dimension is not None for r in s.donnees)
    ),
    # La valeur est l'identifiant d'une recommandation plus haut dans le fichier.
    "a_defaut_de": Critere(lambda s, _, autre: all(r.id != autre for r in s.donnees)),
}
"""Les critères d'une condition, décrits dans l'en-tête du fichier des recommandations."""


def tient(s: Situation, sujet: Sujet, condition: Mapping[str, Any]) -> bool:
    """Tous les critères de la condition tiennent (une condition vide tient toujours)."""
    return all(CRITERES[critere].tient(s, sujet, valeur) for critere, valeur in condition.items())


# --- Les marques d'un texte -------------------------------------------------------------

Valeur = str | int | list[str]

MARQUES: Final[dict[str, Callable[[Situation], Valeur]]] = {
    "organisme": lambda s: s.resultat.nom,
    "version": lambda s: LIBELLES_VERSION[s.resultat.version],
    "score": lambda s: note(s.resultat.score),
    "questions_sans_reponse": lambda s: s.resultat.questions - s.resultat.reponses,
    "organismes_avec_rsi": lambda s: [
        o.raison_sociale or o.id for o in s.dossier.organismes if o.dispose_rsi
    ],
    "essms_de_l_og": lambda s: len(s.essms),
    "essms_sans_equipement": lambda s: sum(1 for e in s.essms if not e.equipement),
}
"""Les marques de tout texte, hors paramètres et marques d'une répétition."""


@dataclass(frozen=True)
class Repetition:
    """Ce qui répète une recommandation : une fois par élément, chacun apportant ses marques."""

    marques: tuple[str, ...]
    elements: Callable[[Situation], list[dict[str, Valeur]]]


UNE_PAR: Final[dict[str, Repetition]] = {
    "organisme_qui_fait_mieux": Repetition(("appui", "appui_dimensions"), Situation.appuis),
}

RENDUS_PAR_UNITE: Final[dict[Unite, Callable[[Any], str]]] = {
    Unite.EUROS: euros_ronds,
    Unite.TAUX: pourcentage,
    Unite.PART: pourcentage,
}
"""Comment s'écrit la valeur d'un paramètre dans une phrase, selon son unité : les montants
forfaitaires en euros ronds, les taux et parts en pourcentage."""

ACCORDABLES: Final = {
    "questions_sans_reponse",
    "organismes_avec_rsi",
    "essms_de_l_og",
    "essms_sans_equipement",
    "appui_dimensions",
}
"""Les marques qui comptent quelque chose : `{marque|singulier|pluriel}` s'y accorde."""

MOTIF_MARQUE: Final = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Marque:
    nom: str
    accord: tuple[str, str] | None = None
    """(singulier, pluriel) : la marque est remplacée par le mot accordé, pas par sa valeur."""

    @property
    def parametre(self) -> bool:
        """Un nom de paramètre (`financement.forfait_moa…`) : les autres marques n'ont pas
        de point."""
        return "." in self.nom


def marque(contenu: str) -> Marque | None:
    """`nom` ou `nom|singulier|pluriel` (le contenu des accolades) ; None si mal écrit."""
    morceaux = contenu.split("|")
    if len(morceaux) == 1 and morceaux[0]:
        return Marque(morceaux[0])
    if len(morceaux) == 3 and all(morceaux):
        return Marque(morceaux[0], (morceaux[1], morceaux[2]))
    return None


@cache
def _morceaux(texte: str) -> tuple[str | Marque, ...]:
    """Le texte découpé une fois pour toutes : des bouts littéraux et des marques."""
    morceaux: list[str | Marque] = []
    debut = 0
    for trouvee in MOTIF_MARQUE.finditer(texte):
        m = marque(trouvee.group(1))
        assert m is not None  # contrôlé à la lecture
        morceaux += [texte[debut : trouvee.start()], m]
        debut = trouvee.end()
    morceaux.append(texte[debut:])
    return tuple(morceaux)


def ecrire(texte: str, s: Situation, apportees: Mapping[str, Valeur]) -> str | None:
    """Le texte, ses marques remplacées (celles d'une répétition dans `apportees`) ; None si
    un paramètre qu'il nomme n'a pas de valeur dans la campagne."""
    ecrit = []
    for m in _morceaux(texte):
        if isinstance(m, str):
            ecrit.append(m)
        elif m.parametre:
            parametre = s.jeu.get(m.nom)
            if parametre is None:
                return None
            ecrit.append(RENDUS_PAR_UNITE[parametre.unite](parametre.valeur))
        else:
            valeur = apportees[m.nom] if m.nom in apportees else MARQUES[m.nom](s)
            if m.accord is not None:
                nombre = valeur if isinstance(valeur, int) else len(valeur)
                ecrit.append(m.accord[0] if nombre <= 1 else m.accord[1])
            else:
                ecrit.append(noms(valeur) if isinstance(valeur, list) else str(valeur))
    return "".join(ecrit)
