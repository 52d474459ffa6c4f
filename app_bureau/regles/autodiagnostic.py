"""L'autodiagnostic de maturité SI de chaque organisme gestionnaire (instruction 2022/34, II.B.5).

Le questionnaire est une donnée : `ressources/autodiagnostic/questionnaire.yaml`, contrôlé à
la lecture (`QuestionnaireInvalide` dit tout ce qui ne va pas). La version posée suit l'OG :
« rsi » s'il dispose d'un responsable des systèmes d'information, « directeur » sinon.

**Les réponses** font partie du dossier (`Dossier.autodiagnostic` : organisme → question →
niveau 0 à 4 ou `NON_CONCERNE` ; une question absente n'a pas encore de réponse). Elles
voyagent avec lui : base, versions, fichier dossier. `evaluer(dossier)` porte le résultat de
chaque OG dans `Evaluation.autodiagnostics`, lu tel quel par la page, les pièces à joindre et
les exports.

**Les scores**, tous sur 4 et en pourcentage (score / 4) :

- par dimension : la moyenne des niveaux donnés aux questions de la dimension ;
- global : la moyenne des scores des dimensions qui ont au moins un niveau (chaque dimension
  pèse autant, quel que soit son nombre de questions) ;
- socle : la moyenne des niveaux donnés aux questions du socle, à part ;
- « non concerné » compte comme une réponse (pour l'avancement) mais pas dans les moyennes ;
- l'avancement : réponses données (« non concerné » compris) / questions de la version.

Les moyennes sont exactes (fractions) puis arrondies une fois : au centième pour les scores,
à l'unité pour leurs pourcentages, à l'unité inférieure pour l'avancement (100 % veut dire
complet).

**Les mots et les recommandations** : une dimension sous 2 sur 4 est un point faible, à 3 ou
plus un point fort ; une question du socle à 0 ou 1 est citée avec la phrase de son niveau.
Les recommandations renvoient à ce que le programme finance (II.D.3 pour les OG de petite
taille, montants lus dans les paramètres de la campagne) et à la mise en commun dans la
grappe (II.B.4).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml
from babel.numbers import format_currency, format_decimal

from app_bureau.formats import LOCALE, pourcentage
from app_bureau.modele import NON_CONCERNE, Dossier, ModeAchat, OrganismeGestionnaire, Reponse
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles import references as ref
from app_bureau.regles.parametres import JeuParametres
from app_bureau.regles.petite_taille import petite_taille

FORMAT: Final = "autodiagnostic-maturite-si"
NIVEAUX: Final = (0, 1, 2, 3, 4)
NIVEAU_MAX: Final = 4
ReponsesOrganisme = Mapping[str, Reponse]
"""Les réponses d'un OG : question → niveau (0 à 4) ou `NON_CONCERNE`."""

DIMENSIONS_NATIONALES: Final = (
    "management",
    "fonctionnel",
    "infrastructure",
    "service",
    "securite",
    "ethique",
    "usage",
)
"""Les sept dimensions du référentiel national de maturité SI des ESSMS, dans l'ordre du
radar : pratiques de management du SI, adéquation fonctionnelle, adéquation de
l'infrastructure, qualité de service, sécurité du SI, éthique et durabilité, usage et
satisfaction."""

FAIBLE: Final = Decimal(2)
"""En dessous : dimension ou question à renforcer."""
FORT: Final = Decimal(3)
"""À partir de : pratique maîtrisée."""

REGROUPEMENT = f"{ref.INSTRUCTION}, II.B.4)"
MUTUALISATION_FAQ = (
    f"{ref.FAQ}, « Quel est l'intérêt pour des petits organismes gestionnaires (OG) de "
    "constituer un regroupement avec un moyen ou un gros OG ? »"
)
CIBLES_USAGE = f"{ref.INSTRUCTION}, I.A.2) ; annexe 3"
CAHIER_DES_CHARGES = f"{ref.INSTRUCTION}, II.B.3)"
RGPD_DPO = "Règlement (UE) 2016/679 (RGPD), art. 37"


class Version(StrEnum):
    DIRECTEUR = "directeur"
    RSI = "rsi"


LIBELLES_VERSION = {
    Version.DIRECTEUR: "version pour le directeur",
    Version.RSI: "version pour le responsable SI (RSI)",
}


def version_de(og: OrganismeGestionnaire) -> Version:
    """La version que remplit l'OG : celle du RSI s'il en a un, celle du directeur sinon."""
    return Version.RSI if og.dispose_rsi else Version.DIRECTEUR


# --- Le questionnaire -------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    id: str
    libelle: str
    libelle_court: str
    description: str


@dataclass(frozen=True)
class Question:
    id: str
    dimension: str
    titre: str
    texte: str
    aide: str
    socle: bool
    versions: frozenset[Version]
    niveaux: tuple[str, ...]
    """La phrase de chaque niveau, de 0 à 4."""


@dataclass(frozen=True)
class Questionnaire:
    titre: str
    description: str
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]

    def dimension(self, identifiant: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == identifiant)

    def question(self, identifiant: str) -> Question:
        return next(q for q in self.questions if q.id == identifiant)

    def questions_de(self, version: Version) -> tuple[Question, ...]:
        """Les questions posées dans cette version, groupées dans l'ordre des dimensions."""
        rang = {d.id: i for i, d in enumerate(self.dimensions)}
        posees = [q for q in self.questions if version in q.versions]
        return tuple(sorted(posees, key=lambda q: rang[q.dimension]))


class QuestionnaireInvalide(ValueError):
    """Le fichier du questionnaire est mal formé ; `erreurs` les dit toutes."""

    def __init__(self, source: str, erreurs: Sequence[str]) -> None:
        self.source = source
        self.erreurs = list(erreurs)
        detail = "\n".join(f"- {e}" for e in self.erreurs)
        super().__init__(f"Questionnaire d'autodiagnostic invalide ({source}) :\n{detail}")


def _texte(valeur: Any) -> bool:
    return isinstance(valeur, str) and bool(valeur.strip())


def _lire_dimensions(brutes: Any, erreurs: list[str]) -> list[Dimension]:
    if not isinstance(brutes, list) or not brutes:
        erreurs.append("« dimensions » doit être une liste non vide")
        return []
    dimensions: list[Dimension] = []
    for i, d in enumerate(brutes):
        if not isinstance(d, dict):
            erreurs.append(f"dimension n° {i + 1} : ce n'est pas une table de champs")
            continue
        identifiant = d.get("id")
        nom = identifiant if _texte(identifiant) else f"n° {i + 1}"
        manquants = [c for c in ("id", "libelle", "libelle_court") if not _texte(d.get(c))]
        if manquants:
            erreurs.append(f"dimension {nom} : {', '.join(manquants)} à renseigner")
            continue
        if identifiant not in DIMENSIONS_NATIONALES:
            erreurs.append(
                f"dimension {identifiant} inconnue : les dimensions sont "
                + ", ".join(DIMENSIONS_NATIONALES)
            )
            continue
        if any(x.id == identifiant for x in dimensions):
            erreurs.append(f"dimension {identifiant} déclarée deux fois")
            continue
        dimensions.append(
            Dimension(
                identifiant, d["libelle"], d["libelle_court"], str(d.get("description") or "")
            )
        )
    absentes = [x for x in DIMENSIONS_NATIONALES if x not in {d.id for d in dimensions}]
    if absentes and not erreurs:
        erreurs.append(f"dimension(s) du référentiel national absente(s) : {', '.join(absentes)}")
    return dimensions


def _lire_niveaux(nom: str, brut: Any, erreurs: list[str]) -> tuple[str, ...] | None:
    if not isinstance(brut, dict):
        erreurs.append(
            f"question {nom} : « niveaux » doit associer une phrase à chaque niveau 0 à 4"
        )
        return None
    ok = True
    for cle in brut:
        if cle not in NIVEAUX or isinstance(cle, bool):
            erreurs.append(f"question {nom} : niveau {cle!r} inconnu (niveaux 0 à 4)")
            ok = False
    for niveau in NIVEAUX:
        if niveau not in brut:
            erreurs.append(f"question {nom} : niveau {niveau} manquant")
            ok = False
        elif not _texte(brut[niveau]):
            erreurs.append(f"question {nom} : la phrase du niveau {niveau} est vide")
            ok = False
    return tuple(brut[n].strip() for n in NIVEAUX) if ok else None


def _lire_question(
    i: int, q: Any, dimensions: set[str], vues: set[str], erreurs: list[str]
) -> Question | None:
    if not isinstance(q, dict):
        erreurs.append(f"question n° {i + 1} : ce n'est pas une table de champs")
        return None
    identifiant = q.get("id")
    nom = identifiant if _texte(identifiant) else f"n° {i + 1}"
    avant = len(erreurs)
    if not _texte(identifiant):
        erreurs.append(f"question {nom} : identifiant (id) à renseigner")
    elif identifiant in vues:
        erreurs.append(f"question {identifiant} : identifiant en double")
    else:
        vues.add(identifiant)
    for champ in ("titre", "texte"):
        if not _texte(q.get(champ)):
            erreurs.append(f"question {nom} : {champ} à renseigner")
    if q.get("aide") is not None and not isinstance(q.get("aide"), str):
        erreurs.append(f"question {nom} : l'aide doit être un texte")
    dimension = q.get("dimension")
    if dimension not in dimensions:
        erreurs.append(f"question {nom} : dimension {dimension!r} inconnue")
    if not isinstance(q.get("socle"), bool):
        erreurs.append(f"question {nom} : « socle » doit valoir true ou false")
    versions = q.get("versions")
    connues = {v.value for v in Version}
    if (
        not isinstance(versions, list)
        or not versions
        or any(v not in connues for v in versions)
        or len(set(versions)) != len(versions)
    ):
        erreurs.append(
            f"question {nom} : « versions » doit lister sans doublon directeur et/ou rsi"
        )
    niveaux = _lire_niveaux(nom, q.get("niveaux"), erreurs)
    if len(erreurs) > avant or niveaux is None:
        return None
    return Question(
        id=identifiant,
        dimension=dimension,
        titre=q["titre"].strip(),
        texte=q["texte"].strip(),
        aide=(q.get("aide") or "").strip(),
        socle=q["socle"],
        versions=frozenset(Version(v) for v in versions),
        niveaux=niveaux,
    )


def lire_questionnaire(texte: str, source: str = "questionnaire") -> Questionnaire:
    """Le questionnaire décrit par ce texte YAML ; `QuestionnaireInvalide` s'il est mal formé
    (niveaux manquants, identifiants en double, dimension inconnue, dimension sans question
    dans une version, version sans question du socle…)."""
    try:
        brut = yaml.safe_load(texte)
    except yaml.YAMLError as exc:
        raise QuestionnaireInvalide(source, [f"YAML illisible : {exc}"]) from exc
    if not isinstance(brut, dict):
        raise QuestionnaireInvalide(source, ["le fichier doit être une table de champs"])
    erreurs: list[str] = []
    if brut.get("format") != FORMAT:
        erreurs.append(f"« format » doit valoir {FORMAT}")
    if brut.get("version") != 1:
        erreurs.append("« version » doit valoir 1")
    dimensions = _lire_dimensions(brut.get("dimensions"), erreurs)
    questions_brutes = brut.get("questions")
    questions: list[Question] = []
    if not isinstance(questions_brutes, list) or not questions_brutes:
        erreurs.append("« questions » doit être une liste non vide")
    else:
        ids_dimensions = {d.id for d in dimensions}
        vues: set[str] = set()
        for i, q in enumerate(questions_brutes):
            question = _lire_question(i, q, ids_dimensions, vues, erreurs)
            if question is not None:
                questions.append(question)
    if not erreurs:
        for version in Version:
            posees = [q for q in questions if version in q.versions]
            for d in dimensions:
                if not any(q.dimension == d.id for q in posees):
                    erreurs.append(
                        f"dimension {d.id} ({d.libelle}) : aucune question dans la version "
                        f"{version.value}"
                    )
            if not any(q.socle for q in posees):
                erreurs.append(f"version {version.value} : aucune question du socle")
    if erreurs:
        raise QuestionnaireInvalide(source, erreurs)
    return Questionnaire(
        titre=str(brut.get("titre") or ""),
        description=str(brut.get("description") or "").strip(),
        dimensions=tuple(sorted(dimensions, key=lambda d: DIMENSIONS_NATIONALES.index(d.id))),
        questions=tuple(questions),
    )


def charger_questionnaire(chemin: Path) -> Questionnaire:
    return lire_questionnaire(chemin.read_text(encoding="utf-8"), str(chemin))


@cache
def questionnaire() -> Questionnaire:
    """Le questionnaire de l'application (`ressources/autodiagnostic/questionnaire.yaml`)."""
    fichier = ressource("autodiagnostic", "questionnaire.yaml")
    return lire_questionnaire(fichier.read_text(encoding="utf-8"), "questionnaire.yaml")


# --- Les scores -------------------------------------------------------------------------


CENTIEME = Decimal("0.01")


def _decimal(valeur: Fraction, pas: Decimal = CENTIEME, arrondi: str = ROUND_HALF_UP) -> Decimal:
    return (Decimal(valeur.numerator) / Decimal(valeur.denominator)).quantize(pas, rounding=arrondi)


def _moyenne(niveaux: Sequence[int | Fraction]) -> Fraction | None:
    return Fraction(sum(niveaux, Fraction(0)), len(niveaux)) if niveaux else None


def _score(moyenne: Fraction | None) -> Decimal | None:
    return None if moyenne is None else _decimal(moyenne)


def _pourcentage(moyenne: Fraction | None) -> Decimal | None:
    return None if moyenne is None else _decimal(moyenne * 100 / NIVEAU_MAX, Decimal(1))


@dataclass(frozen=True)
class ScoreDimension:
    dimension: Dimension
    score: Decimal | None
    """De 0 à 4, au centième ; None si aucune question de la dimension n'a de niveau."""
    pourcentage: Decimal | None
    """Le score rapporté à 4, en pour cent, à l'unité."""
    niveaux_donnes: int
    non_concerne: int
    questions: int


@dataclass(frozen=True)
class Recommandation:
    texte: str
    reference: str
    dimension: str | None = None


@dataclass(frozen=True)
class ResultatAutodiagnostic:
    organisme: str
    nom: str
    version: Version
    dimensions: tuple[ScoreDimension, ...]
    score: Decimal | None
    pourcentage: Decimal | None
    socle: Decimal | None
    socle_pourcentage: Decimal | None
    reponses: int
    """Réponses données, « non concerné » compris."""
    questions: int
    niveaux: Mapping[str, int | None]
    """Question répondue → niveau (None : non concerné), pour les questions de la version."""
    forces: tuple[str, ...]
    faiblesses: tuple[str, ...]
    recommandations: tuple[Recommandation, ...] = ()

    @property
    def commence(self) -> bool:
        return self.reponses > 0

    @property
    def complet(self) -> bool:
        return self.reponses >= self.questions

    @property
    def avancement(self) -> Decimal:
        """La part des questions qui ont une réponse, de 0 à 1, au centième inférieur."""
        return _decimal(Fraction(self.reponses, self.questions), arrondi=ROUND_FLOOR)

    @property
    def avancement_pourcentage(self) -> int:
        """En pour cent, arrondi à l'unité inférieure : 100 seulement si tout est répondu."""
        return int(_decimal(Fraction(self.reponses * 100, self.questions), Decimal(1), ROUND_FLOOR))

    def score_de(self, dimension: str) -> ScoreDimension:
        return next(s for s in self.dimensions if s.dimension.id == dimension)

    def scores_par_dimension(self) -> dict[str, Decimal | None]:
        """Libellé court → score sur 4, dans l'ordre du radar."""
        return {s.dimension.libelle_court: s.score for s in self.dimensions}


def nombre(valeur: Decimal) -> str:
    """`Decimal("2.33")` → « 2,3 » (une décimale, à la française)."""
    return format_decimal(valeur.quantize(Decimal("0.1"), ROUND_HALF_UP), "0.0", locale=LOCALE)


def note(score: Decimal | None) -> str:
    """« 2,3 sur 4 », ou « sans réponse »."""
    return "sans réponse" if score is None else f"{nombre(score)} sur 4"


def qualificatif(score: Decimal) -> str:
    if score < 1:
        return "presque tout reste à construire"
    if score < FAIBLE:
        return "des bases fragiles"
    if score < FORT:
        return "en place, à consolider"
    if score < Decimal("3.5"):
        return "pratiques maîtrisées"
    return "pratiques avancées"


def _niveau(valeur: Reponse, organisme: str, question: str) -> int | None:
    if valeur == NON_CONCERNE:
        return None
    if isinstance(valeur, bool) or valeur not in NIVEAUX:
        raise ValueError(
            f"réponse {valeur!r} invalide ({organisme}, {question}) : 0 à 4 ou non concerné"
        )
    return int(valeur)


def noter(
    og: OrganismeGestionnaire, reponses: ReponsesOrganisme, q: Questionnaire | None = None
) -> ResultatAutodiagnostic:
    """Les scores d'un OG, sans les recommandations (qui regardent toute la grappe).

    Les réponses à des questions hors de la version de l'OG (une ancienne version, avant
    un changement de la case RSI) sont gardées en base mais ne comptent pas."""
    q = q or questionnaire()
    version = version_de(og)
    posees = q.questions_de(version)
    niveaux: dict[str, int | None] = {
        question.id: _niveau(reponses[question.id], og.id, question.id)
        for question in posees
        if question.id in reponses
    }
    dimensions = []
    moyennes: list[Fraction] = []
    for d in q.dimensions:
        de_la_dimension = [question for question in posees if question.dimension == d.id]
        donnes = [n for question in de_la_dimension if (n := niveaux.get(question.id)) is not None]
        non_concerne = sum(
            1
            for question in de_la_dimension
            if question.id in niveaux and niveaux[question.id] is None
        )
        moyenne = _moyenne(donnes)
        if moyenne is not None:
            moyennes.append(moyenne)
        dimensions.append(
            ScoreDimension(
                d, _score(moyenne), _pourcentage(moyenne), len(donnes), non_concerne,
                len(de_la_dimension),
            )
        )  # fmt: skip
    globale = _moyenne(moyennes)
    socle = _moyenne(
        [n for question in posees if question.socle and (n := niveaux.get(question.id)) is not None]
    )
    return ResultatAutodiagnostic(
        organisme=og.id,
        nom=og.raison_sociale or og.id,
        version=version,
        dimensions=tuple(dimensions),
        score=_score(globale),
        pourcentage=_pourcentage(globale),
        socle=_score(socle),
        socle_pourcentage=_pourcentage(socle),
        reponses=len(niveaux),
        questions=len(posees),
        niveaux=niveaux,
        forces=_forces(dimensions),
        faiblesses=_faiblesses(dimensions, posees, niveaux),
    )


def _notees(dimensions: Sequence[ScoreDimension]) -> list[tuple[ScoreDimension, Decimal]]:
    return [(s, s.score) for s in dimensions if s.score is not None]


def _en_mots(notees: Sequence[tuple[ScoreDimension, Decimal]]) -> list[str]:
    """Une phrase par qualificatif, dans l'ordre donné : « Des bases fragiles : sécurité du
    SI (1,0 sur 4), qualité de service (1,3 sur 4). »"""
    groupes: dict[str, list[str]] = {}
    for s, score in notees:
        libelle = s.dimension.libelle[0].lower() + s.dimension.libelle[1:]
        groupes.setdefault(qualificatif(score), []).append(f"{libelle} ({note(score)})")
    return [f"{q[0].upper()}{q[1:]} : {', '.join(d)}." for q, d in groupes.items()]


def _forces(dimensions: Sequence[ScoreDimension]) -> tuple[str, ...]:
    """Les dimensions à 3 sur 4 ou plus ; à défaut, la plus avancée si elle atteint 2."""
    notees = _notees(dimensions)
    fortes = sorted((p for p in notees if p[1] >= FORT), key=lambda p: -p[1])
    if fortes:
        return tuple(_en_mots(fortes))
    if notees:
        s, score = max(notees, key=lambda p: p[1])
        if score >= FAIBLE:
            return (f"{s.dimension.libelle} : votre dimension la plus avancée ({note(score)}).",)
    return ()


def _faiblesses(
    dimensions: Sequence[ScoreDimension],
    posees: Sequence[Question],
    niveaux: Mapping[str, int | None],
) -> tuple[str, ...]:
    """Les dimensions sous 2 sur 4, puis les questions du socle à 0 ou 1, avec la phrase du
    niveau donné."""
    faibles = sorted((p for p in _notees(dimensions) if p[1] < FAIBLE), key=lambda p: p[1])
    textes = _en_mots(faibles)
    for question in posees:
        niveau = niveaux.get(question.id)
        if question.socle and niveau is not None and niveau < FAIBLE:
            textes.append(f"{question.titre} (question du socle) : « {question.niveaux[niveau]} »")
    return tuple(textes)


# --- Les recommandations ----------------------------------------------------------------


def euros_ronds(montant: Decimal) -> str:
    """`Decimal("100000")` → « 100 000 € »."""
    return format_currency(
        montant, "EUR", format="#,##0\u00a0¤", locale=LOCALE, currency_digits=False
    )


def _faible(resultat: ResultatAutodiagnostic, dimension: str, *questions: str) -> bool:
    """La dimension est sous 2 sur 4, ou l'une de ces questions est à 0 ou 1."""
    score = resultat.score_de(dimension).score
    if score is not None and score < FAIBLE:
        return True
    return any(
        (n := resultat.niveaux.get(identifiant)) is not None and n < FAIBLE
        for identifiant in questions
    )


def _montant(jeu: JeuParametres, nom: str) -> tuple[str, str] | None:
    """Le montant d'un paramètre, en euros ronds, et sa référence (None sans valeur)."""
    parametre = jeu.get(nom)
    return None if parametre is None else (euros_ronds(parametre.valeur), parametre.reference)


def _noms(noms: Sequence[str]) -> str:
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


def recommander(
    resultat: ResultatAutodiagnostic,
    og: OrganismeGestionnaire,
    dossier: Dossier,
    grappe: Sequence[ResultatAutodiagnostic],
    jeu: JeuParametres,
) -> tuple[Recommandation, ...]:
    """Ce que l'OG peut faire, relié à ce que le programme finance ; les montants sont ceux
    des paramètres de la campagne du dossier."""
    if not resultat.commence:
        return (
            Recommandation(
                f"Remplissez l'autodiagnostic ({LIBELLES_VERSION[resultat.version]}) : chaque "
                "organisme de la grappe doit le faire, et l'ARS peut en demander les résultats.",
                ref.AUTODIAGNOSTIC,
            ),
        )
    recos: list[Recommandation] = []
    if not resultat.complet:
        reste = resultat.questions - resultat.reponses
        recos.append(
            Recommandation(
                f"Terminez l'autodiagnostic : {reste} question{'s' if reste > 1 else ''} sans "
                "réponse. Répondez « Non concerné » quand une question ne s'applique pas.",
                ref.AUTODIAGNOSTIC,
            )
        )
    petit = petite_taille(og, jeu)[0]
    fs = dossier.financements_specifiques
    plusieurs = len(dossier.organismes) > 1

    if _faible(resultat, "management", "man-referent"):
        amoa_projet = _montant(jeu, "financement.financements_specifiques.amoa_projet_par_projet")
        forfait = _montant(jeu, "financement.forfait_moa.acquisition.rangs_1_a_49")
        if petit and amoa_projet:
            suite = (
                "Elle est demandée dans ce dossier."
                if fs.amoa_projet
                else "Elle se demande sur la page « Solution DUI et achat »."
            )
            texte = (
                "Confiez le pilotage du projet à un chef de projet : l'AMOA projet "
                f"({amoa_projet[0]} par projet) peut financer un chef de projet interne pour "
                f"toute la grappe. {suite}"
            )
            recos.append(Recommandation(texte, amoa_projet[1], "management"))
        elif forfait:
            texte = (
                "Désignez un chef de projet interne, avec du temps dédié : le forfait de "
                f"maîtrise d'ouvrage ({forfait[0]} par ESSMS en acquisition) finance le "
                "management du projet et la conduite du changement."
            )
            recos.append(Recommandation(texte, forfait[1], "management"))

    management = resultat.score_de("management").score
    if plusieurs and not og.dispose_rsi and (management is None or management < FORT):
        avec_rsi = [o.raison_sociale or o.id for o in dossier.organismes if o.dispose_rsi]
        if avec_rsi:
            verbe = "dispose" if len(avec_rsi) == 1 else "disposent"
            texte = (
                f"Mutualisez dans la grappe : {_noms(avec_rsi)} {verbe} d'un responsable SI ; "
                f"la convention de regroupement peut lui confier du temps pour {resultat.nom}."
            )
            recos.append(Recommandation(texte, REGROUPEMENT, "management"))
        else:
            texte = (
                "Mutualisez dans la grappe : aucun de ses organismes n'a de responsable SI ; la "
                "convention de regroupement peut en partager un (ou un chef de projet SI) "
                "entre ses membres."
            )
            recos.append(
                Recommandation(texte, f"{REGROUPEMENT} ; {MUTUALISATION_FAQ}", "management")
            )

    # Dans chaque dimension faible, l'OG de la grappe qui fait le mieux (3 sur 4 ou plus).
    appuis: dict[str, list[str]] = {}
    for s in resultat.dimensions:
        if s.score is None or s.score >= FAIBLE:
            continue
        avances = [
            (r, score)
            for r in grappe
            if r.organisme != resultat.organisme
            and (score := r.score_de(s.dimension.id).score) is not None
            and score >= FORT
        ]
        if avances:
            meilleur, score = max(avances, key=lambda paire: paire[1])
            libelle = s.dimension.libelle_court[0].lower() + s.dimension.libelle_court[1:]
            appuis.setdefault(meilleur.nom, []).append(f"{libelle} ({note(score)})")
    for nom, dimensions in appuis.items():
        texte = (
            f"Appuyez-vous sur {nom}, qui fait mieux en {_noms(dimensions)} : partagez ses "
            "pratiques et ses outils dans le cadre du regroupement."
        )
        recos.append(Recommandation(texte, REGROUPEMENT))

    if _faible(resultat, "infrastructure", "inf-wifi", "inf-postes"):
        equipement = _montant(jeu, "financement.financements_specifiques.equipement_par_essms")
        if petit and equipement:
            siens = [e for e in dossier.etablissements if e.organisme == og.id]
            sans = [e for e in siens if not e.equipement]
            texte = (
                "Équipez les établissements (Wi-Fi, postes, tablettes) : le programme finance "
                f"{equipement[0]} par ESSMS retenu d'un organisme de petite taille, avec le "
                "projet de DUI."
            )
            if sans:
                texte += (
                    f" {len(sans)} de ses {len(siens)} ESSMS ne le demandent pas encore "
                    "(page « Établissements »)."
                )
            elif siens:
                texte += f" L'équipement est demandé pour ses {len(siens)} ESSMS."
            recos.append(Recommandation(texte, equipement[1], "infrastructure"))
        else:
            texte = (
                "Prévoyez le Wi-Fi et les postes dans votre budget d'investissement : le "
                "financement des équipements est réservé aux organismes de petite taille."
            )
            recos.append(Recommandation(texte, ref.FINANCEMENTS_SPECIFIQUES, "infrastructure"))

    if _faible(resultat, "fonctionnel", "fon-besoins"):
        amoa_marche = _montant(jeu, "financement.financements_specifiques.amoa_marche_par_projet")
        if petit and amoa_marche:
            texte = (
                "Faites-vous aider pour écrire vos besoins et choisir l'éditeur : l'AMOA marché "
                f"({amoa_marche[0]} par projet) accompagne la consultation dans le SAD de la "
                "centrale d'achat."
            )
            if dossier.solution.mode_achat is not ModeAchat.SAD:
                texte += " Elle suppose un achat par le SAD."
            elif fs.amoa_marche:
                texte += " Elle est demandée dans ce dossier."
            recos.append(Recommandation(texte, amoa_marche[1], "fonctionnel"))
        else:
            texte = (
                "Écrivez vos besoins avec les équipes avant de choisir la solution, en partant "
                "du cahier des charges national du DUI."
            )
            recos.append(Recommandation(texte, CAHIER_DES_CHARGES, "fonctionnel"))

    if _faible(resultat, "securite", "sec-sauvegardes", "sec-habilitations"):
        texte = (
            "Sécurisez avant de déployer le DUI : des sauvegardes dont la restauration a été "
            "essayée, un compte par personne, des consignes en cas d'attaque. La grappe peut "
            "partager un responsable de la sécurité."
        )
        recos.append(Recommandation(texte, MUTUALISATION_FAQ, "securite"))

    if _faible(resultat, "service", "ser-mode-degrade"):
        texte = (
            "Écrivez la procédure à suivre quand le DUI ne répond plus et organisez "
            "l'assistance : une astreinte informatique partagée par la grappe coûte moins cher "
            "qu'une astreinte par organisme."
        )
        recos.append(Recommandation(texte, REGROUPEMENT, "service"))

    if _faible(resultat, "ethique", "eth-rgpd"):
        texte = (
            "Désignez un délégué à la protection des données (DPO) et tenez le registre des "
            "traitements ; un même délégué peut servir plusieurs organismes de la grappe."
        )
        recos.append(Recommandation(texte, RGPD_DPO, "ethique"))

    if _faible(resultat, "usage", "usa-formation", "usa-mssante"):
        cibles = [
            (libelle, jeu.get(f"cibles.{nom}"))
            for libelle, nom in (("MSSanté", "ms_sante"), ("DMP", "dmp"))
        ] + [("dossiers actifs", jeu.get("cibles.dossiers_actifs"))]
        liste = ", ".join(f"{libelle} {pourcentage(p.valeur)}" for libelle, p in cibles if p)
        solde = jeu.get("versements.solde")
        part = f" ({pourcentage(solde.valeur)})" if solde else ""
        texte = (
            f"Préparez les usages dès maintenant : le solde de la subvention{part} n'est versé "
            f"qu'une fois les cibles atteintes dans chaque ESSMS ({liste}). Formez des "
            "utilisateurs référents dans chaque équipe."
        )
        recos.append(Recommandation(texte, CIBLES_USAGE, "usage"))

    faibles = [r for r in recos if r.dimension is not None]
    if not faibles and plusieurs and resultat.score is not None and resultat.score >= FORT:
        texte = (
            f"SI solide ({note(resultat.score)}) : {resultat.nom} peut appuyer les autres "
            "membres de la grappe (retour d'expérience, référents, achats)."
        )
        recos.append(Recommandation(texte, REGROUPEMENT))
    return tuple(recos)


def evaluer_autodiagnostics(
    dossier: Dossier, jeu: JeuParametres, q: Questionnaire | None = None
) -> tuple[ResultatAutodiagnostic, ...]:
    """Le résultat de chaque OG du dossier, dans l'ordre du dossier, recommandations comprises."""
    q = q or questionnaire()
    reponses = dossier.autodiagnostic
    resultats = [noter(og, reponses.get(og.id, {}), q) for og in dossier.organismes]
    return tuple(
        replace(r, recommandations=recommander(r, og, dossier, resultats, jeu))
        for r, og in zip(resultats, dossier.organismes, strict=True)
    )


def commence(resultats: Sequence[ResultatAutodiagnostic]) -> bool:
    """Au moins un OG a commencé l'autodiagnostic dans l'application. Sinon (fichier d'un
    consultant, autodiagnostic rempli ailleurs), les règles en parlent comme avant : une pièce à
    joindre, sans avancement ni scores."""
    return any(r.commence for r in resultats)


def resume_maturite(resultat: ResultatAutodiagnostic) -> str:
    """Ce que l'ARS regardera d'un OG, en une ligne : « Les Ajoncs : 2,1 sur 4 (management
    du SI 1,5 sur 4), rempli à 40 % »."""
    if not resultat.commence:
        return f"{resultat.nom} : autodiagnostic non commencé"
    management = resultat.score_de("management").score
    texte = f"{resultat.nom} : {note(resultat.score)} (management du SI {note(management)})"
    if not resultat.complet:
        texte += f", rempli à {resultat.avancement_pourcentage}\u00a0%"
    return texte


def avancement_texte(resultat: ResultatAutodiagnostic) -> str:
    """« 10 réponses sur 25 (40 %) »."""
    pluriel = "s" if resultat.reponses > 1 else ""
    return (
        f"{resultat.reponses} réponse{pluriel} sur {resultat.questions} "
        f"({resultat.avancement_pourcentage}\u00a0%)"
    )


# --- Reprendre où l'on s'était arrêté ---------------------------------------------------


def question_de_reprise(
    questions: Sequence[Question], reponses: ReponsesOrganisme, position: str | None
) -> int:
    """L'index de la question à montrer en reprenant : celle où l'on s'était arrêté
    (`position`, la dernière affichée) si elle est encore posée ; sinon la première sans
    réponse ; sinon la première."""
    ids = [q.id for q in questions]
    if position in ids:
        return ids.index(position)
    return next((i for i, identifiant in enumerate(ids) if identifiant not in reponses), 0)


def organisme_de_reprise(
    dossier: Dossier, resultats: Sequence[ResultatAutodiagnostic], recents: Sequence[str]
) -> str | None:
    """L'OG à montrer en reprenant : le dernier vu (`recents`, du plus récent au plus ancien),
    sinon le premier dont l'autodiagnostic n'est pas complet, sinon le premier."""
    presents = {og.id for og in dossier.organismes}
    for organisme in recents:
        if organisme in presents:
            return organisme
    incomplet = next((r.organisme for r in resultats if not r.complet), None)
    if incomplet is not None:
        return incomplet
    return dossier.organismes[0].id if dossier.organismes else None
