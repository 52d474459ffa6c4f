"""Les recommandations de l'autodiagnostic : ce que chaque OG peut faire pour progresser.

Elles sont une donnée : `ressources/autodiagnostic/recommandations.yaml`. Chacune dit quand
elle s'applique (`condition` : des critères, tous vrais), sa phrase avec des marques (valeurs
de l'OG, paramètres de la campagne par leur nom) et sa référence ; le sens de chaque mot est
dans `vocabulaire`. Le fichier est contrôlé à la lecture contre le questionnaire (dimensions,
questions) et les paramètres (noms, unités) : `RecommandationsInvalides` dit tout ce qui ne
va pas.

Elles renvoient à ce que le programme finance (II.D.3 pour les OG de petite taille, montants
lus dans les paramètres de la campagne) et à la mise en commun dans la grappe (II.B.4).
Elles sont examinées dans l'ordre du fichier, qui est celui où l'OG les lit.
`evaluer_autodiagnostics(dossier, jeu)` porte le résultat de chaque OG, recommandations
comprises, dans `Evaluation.autodiagnostics`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Final

import yaml

from app_bureau.modele import Dossier, OrganismeGestionnaire
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.autodiagnostic.questionnaire import Questionnaire, questionnaire
from app_bureau.regles.autodiagnostic.scores import (
    Recommandation,
    ResultatAutodiagnostic,
    noter,
)
from app_bureau.regles.autodiagnostic.vocabulaire import (
    ACCORDABLES,
    CRITERES,
    MARQUES,
    MOTIF_MARQUE,
    RENDUS_PAR_UNITE,
    UNE_PAR,
    Situation,
    Valeur,
    ecrire,
    marque,
    tient,
)
from app_bureau.regles.parametres import JeuParametres, definitions

FORMAT: Final = "autodiagnostic-recommandations"


@dataclass(frozen=True)
class Suite:
    """Une phrase ajoutée au texte si sa condition (`si`) tient."""

    condition: Mapping[str, Any]
    texte: str


@dataclass(frozen=True)
class ModeleRecommandation:
    """Une recommandation du fichier, contrôlée."""

    id: str
    dimension: str | None
    questions: tuple[str, ...]
    condition: Mapping[str, Any]
    """Critère → valeur demandée ; tous doivent tenir."""
    texte: str
    suites: tuple[Suite, ...] = ()
    """La première qui tient est ajoutée au texte."""
    reference: str | None = None
    reference_du_parametre: str | None = None
    seule: bool = False
    """Quand elle s'applique, l'OG n'a qu'elle."""
    une_par: str | None = None


# --- Lire et contrôler le fichier -------------------------------------------------------


class RecommandationsInvalides(ValueError):
    """Le fichier des recommandations est mal formé ; `erreurs` les dit toutes."""

    def __init__(self, source: str, erreurs: Sequence[str]) -> None:
        self.source = source
        self.erreurs = list(erreurs)
        detail = "\n".join(f"- {e}" for e in self.erreurs)
        super().__init__(f"Recommandations d'autodiagnostic invalides ({source}) :\n{detail}")


CLES: Final = {
    "id",
    "dimension",
    "questions",
    "condition",
    "seule",
    "une_par",
    "texte",
    "suites",
    "reference",
    "reference_du_parametre",
}


def _texte(valeur: Any) -> bool:
    return isinstance(valeur, str) and bool(valeur.strip())


class _Controle:
    """Les contrôles d'un fichier, qui notent chaque erreur au lieu de s'arrêter."""

    def __init__(self, q: Questionnaire) -> None:
        self.q = q
        self.dimensions = {d.id for d in q.dimensions}
        self.parametres = definitions()
        self.erreurs: list[str] = []
        self.vus: list[str] = []

    def erreur(self, nom: str, message: str) -> None:
        self.erreurs.append(f"recommandation {nom} : {message}")

    def parametre(self, nom: str, qui: str, rendu: bool) -> None:
        definition = self.parametres.get(nom)
        if definition is None:
            self.erreur(qui, f"paramètre {nom} inconnu")
        elif rendu and definition["unite"] not in RENDUS_PAR_UNITE:
            self.erreur(
                qui,
                f"le paramètre {nom} (unité {definition['unite']}) ne s'écrit pas dans un texte "
                f"(unités possibles : {', '.join(RENDUS_PAR_UNITE)})",
            )

    def condition(self, brute: Any, qui: str, dimension: str | None) -> dict[str, Any]:
        if brute is None:
            return {}
        if not isinstance(brute, dict):
            self.erreur(qui, "la condition doit être une table de critères")
            return {}
        for critere, valeur in brute.items():
            definition = CRITERES.get(critere)
            if definition is None:
                self.erreur(qui, f"critère {critere!r} inconnu (critères : {', '.join(CRITERES)})")
                continue
            if definition.avec_dimension and dimension is None:
                self.erreur(qui, f"le critère {critere} regarde la dimension : il en faut une")
            if critere == "a_defaut_de":
                if valeur not in self.vus:
                    self.erreur(
                        qui, f"a_defaut_de : {valeur!r} n'est pas une recommandation plus haut"
                    )
            elif definition.valeurs is None:
                if not isinstance(valeur, bool):
                    self.erreur(qui, f"le critère {critere} vaut true ou false")
            elif valeur not in definition.valeurs:
                self.erreur(qui, f"le critère {critere} vaut {' ou '.join(definition.valeurs)}")
        return dict(brute)

    def marques(self, texte: Any, qui: str, une_par: Any) -> str:
        if not _texte(texte):
            self.erreur(qui, "texte à renseigner")
            return ""
        repetition = UNE_PAR.get(une_par) if isinstance(une_par, str) else None
        apportees = repetition.marques if repetition else ()
        for contenu in MOTIF_MARQUE.findall(texte):
            m = marque(contenu)
            if m is None:
                self.erreur(
                    qui, f"marque {{{contenu}}} mal écrite ({{nom}} ou {{nom|singulier|pluriel}})"
                )
            elif m.parametre:
                if m.accord:
                    self.erreur(qui, f"le paramètre {m.nom} ne compte rien : pas d'accord")
                else:
                    self.parametre(m.nom, qui, rendu=True)
            elif m.nom in MARQUES or m.nom in apportees:
                if m.accord and m.nom not in ACCORDABLES:
                    self.erreur(qui, f"la marque {m.nom} ne compte rien : pas d'accord")
            else:
                connues = ", ".join([*MARQUES, *apportees])
                self.erreur(qui, f"marque {{{contenu}}} inconnue (marques : {connues})")
        reste = MOTIF_MARQUE.sub("", texte)
        if "{" in reste or "}" in reste:
            self.erreur(qui, "accolade sans marque dans le texte")
        return texte.strip()

    def suites(self, brutes: Any, qui: str, m: dict[str, Any]) -> tuple[Suite, ...]:
        if brutes is None:
            return ()
        if not isinstance(brutes, list):
            self.erreur(qui, "« suites » doit être une liste")
            return ()
        suites = []
        for i, brute in enumerate(brutes):
            nom = f"{qui}, suite n° {i + 1}"
            if not isinstance(brute, dict) or set(brute) - {"si", "texte"}:
                self.erreur(nom, "une suite a un texte et, s'il le faut, une condition « si »")
                continue
            if "si" not in brute and i < len(brutes) - 1:
                self.erreur(nom, "sans « si », elle doit venir en dernier")
            condition = self.condition(brute.get("si"), nom, m.get("dimension"))
            suites.append(Suite(condition, self.marques(brute.get("texte"), nom, m.get("une_par"))))
        return tuple(suites)

    def recommandation(self, i: int, m: Any) -> ModeleRecommandation | None:
        if not isinstance(m, dict):
            self.erreurs.append(f"recommandation n° {i + 1} : ce n'est pas une table de champs")
            return None
        identifiant = m.get("id")
        qui = identifiant if _texte(identifiant) else f"n° {i + 1}"
        avant = len(self.erreurs)
        for cle in sorted(map(str, set(m) - CLES)):
            self.erreur(qui, f"champ {cle!r} inconnu")
        if not _texte(identifiant):
            self.erreur(qui, "identifiant (id) à renseigner")
        elif identifiant in self.vus:
            self.erreur(qui, "identifiant en double")
        dimension = m.get("dimension")
        if dimension is not None and (
            not isinstance(dimension, str) or dimension not in self.dimensions
        ):
            self.erreur(qui, f"dimension {dimension!r} inconnue")
        questions = m.get("questions") or []
        if not isinstance(questions, list):
            self.erreur(qui, "« questions » doit être une liste d'identifiants")
            questions = []
        for identifiant_question in questions:
            question = next((x for x in self.q.questions if x.id == identifiant_question), None)
            if question is None:
                self.erreur(qui, f"question {identifiant_question!r} inconnue du questionnaire")
            elif question.dimension != dimension:
                self.erreur(
                    qui,
                    f"la question {identifiant_question} est de la dimension "
                    f"{question.dimension}, pas {dimension}",
                )
        condition = self.condition(m.get("condition"), qui, dimension)
        if questions and "faible" not in condition:
            self.erreur(qui, "des questions sans le critère faible : personne ne les regarde")
        if not isinstance(m.get("seule", False), bool):
            self.erreur(qui, "« seule » vaut true ou false")
        une_par = m.get("une_par")
        if une_par is not None and (not isinstance(une_par, str) or une_par not in UNE_PAR):
            self.erreur(qui, f"une_par vaut {' ou '.join(UNE_PAR)}")
        texte = self.marques(m.get("texte"), qui, une_par)
        suites = self.suites(m.get("suites"), qui, m)
        reference, du_parametre = m.get("reference"), m.get("reference_du_parametre")
        if (reference is None) == (du_parametre is None):
            self.erreur(qui, "il faut une référence : reference ou reference_du_parametre")
        elif reference is not None and not _texte(reference):
            self.erreur(qui, "la référence doit être un texte")
        elif du_parametre is not None:
            self.parametre(str(du_parametre), qui, rendu=False)
        if _texte(identifiant) and identifiant not in self.vus:
            self.vus.append(identifiant)
        if len(self.erreurs) > avant:
            return None
        return ModeleRecommandation(
            id=identifiant,
            dimension=dimension,
            questions=tuple(questions),
            condition=condition,
            texte=texte,
            suites=suites,
            reference=reference.strip() if reference is not None else None,
            reference_du_parametre=du_parametre,
            seule=m.get("seule", False),
            une_par=une_par,
        )


def lire_recommandations(
    texte: str, q: Questionnaire | None = None, source: str = "recommandations"
) -> tuple[ModeleRecommandation, ...]:
    """Les recommandations décrites par ce texte YAML, contrôlées contre le questionnaire
    (dimensions, questions) et les paramètres (noms, unités) ; `RecommandationsInvalides`
    s'il est mal formé (critère, marque ou champ inconnu, référence manquante…)."""
    try:
        brut = yaml.safe_load(texte)
    except yaml.YAMLError as exc:
        raise RecommandationsInvalides(source, [f"YAML illisible : {exc}"]) from exc
    if not isinstance(brut, dict):
        raise RecommandationsInvalides(source, ["le fichier doit être une table de champs"])
    controle = _Controle(q or questionnaire())
    if brut.get("format") != FORMAT:
        controle.erreurs.append(f"« format » doit valoir {FORMAT}")
    if brut.get("version") != 1:
        controle.erreurs.append("« version » doit valoir 1")
    brutes = brut.get("recommandations")
    modeles: list[ModeleRecommandation] = []
    if not isinstance(brutes, list) or not brutes:
        controle.erreurs.append("« recommandations » doit être une liste non vide")
    else:
        for i, m in enumerate(brutes):
            modele = controle.recommandation(i, m)
            if modele is not None:
                modeles.append(modele)
    if controle.erreurs:
        raise RecommandationsInvalides(source, controle.erreurs)
    return tuple(modeles)


@cache
def recommandations() -> tuple[ModeleRecommandation, ...]:
    """Les recommandations de l'application (`ressources/autodiagnostic/recommandations.yaml`)."""
    fichier = ressource("autodiagnostic", "recommandations.yaml")
    return lire_recommandations(fichier.read_text(encoding="utf-8"), None, "recommandations.yaml")


# --- Conseiller un OG -------------------------------------------------------------------


def _donner(
    s: Situation, modele: ModeleRecommandation, apportees: Mapping[str, Valeur]
) -> Recommandation | None:
    """La recommandation écrite pour cet OG ; None si un paramètre qu'elle nomme n'a pas de
    valeur dans la campagne."""
    texte = ecrire(modele.texte, s, apportees)
    if texte is None:
        return None
    for suite in modele.suites:
        if tient(s, modele, suite.condition):
            ajout = ecrire(suite.texte, s, apportees)
            if ajout is not None:
                texte = f"{texte} {ajout}"
                break
    reference = modele.reference
    if modele.reference_du_parametre is not None:
        parametre = s.jeu.get(modele.reference_du_parametre)
        if parametre is None:
            return None
        reference = parametre.reference
    return Recommandation(modele.id, texte, reference or "", modele.dimension)


def recommander(
    resultat: ResultatAutodiagnostic,
    og: OrganismeGestionnaire,
    dossier: Dossier,
    grappe: Sequence[ResultatAutodiagnostic],
    jeu: JeuParametres,
    modeles: Sequence[ModeleRecommandation] | None = None,
) -> tuple[Recommandation, ...]:
    """Ce que l'OG peut faire, relié à ce que le programme finance ; les montants sont ceux
    des paramètres de la campagne du dossier. Les recommandations (celles de l'application
    sans `modeles`) sont examinées dans l'ordre ; une `seule` qui s'applique est la seule
    donnée."""
    s = Situation(resultat, og, dossier, grappe, jeu)
    for modele in recommandations() if modeles is None else modeles:
        if not tient(s, modele, modele.condition):
            continue
        elements = [{}] if modele.une_par is None else UNE_PAR[modele.une_par].elements(s)
        donnees = [r for e in elements if (r := _donner(s, modele, e)) is not None]
        if modele.seule and donnees:
            return tuple(donnees)
        s.donnees.extend(donnees)
    return tuple(s.donnees)


def evaluer_autodiagnostics(
    dossier: Dossier,
    jeu: JeuParametres,
    q: Questionnaire | None = None,
    modeles: Sequence[ModeleRecommandation] | None = None,
) -> tuple[ResultatAutodiagnostic, ...]:
    """Le résultat de chaque OG du dossier, dans l'ordre du dossier, recommandations comprises."""
    q = q or questionnaire()
    reponses = dossier.autodiagnostic
    resultats = [noter(og, reponses.get(og.id, {}), q) for og in dossier.organismes]
    return tuple(
        replace(r, recommandations=recommander(r, og, dossier, resultats, jeu, modeles))
        for r, og in zip(resultats, dossier.organismes, strict=True)
    )
