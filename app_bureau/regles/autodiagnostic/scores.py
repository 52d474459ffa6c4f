"""Les scores d'un OG à l'autodiagnostic et leur traduction en mots.

Tous les scores sont sur 4 et en pourcentage (score / 4) :

- par dimension : la moyenne des niveaux donnés aux questions de la dimension ;
- global : la moyenne des scores des dimensions qui ont au moins un niveau (chaque dimension
  pèse autant, quel que soit son nombre de questions) ;
- socle : la moyenne des niveaux donnés aux questions du socle, à part ;
- « non concerné » compte comme une réponse (pour l'avancement) mais pas dans les moyennes ;
- l'avancement : réponses données (« non concerné » compris) / questions de la version.

Les moyennes sont exactes (fractions) puis arrondies une fois : au centième pour les scores,
à l'unité pour leurs pourcentages, à l'unité inférieure pour l'avancement (100 % veut dire
complet).

Les mots : une dimension sous 2 sur 4 est un point faible, à 3 ou plus un point fort ; une
question du socle à 0 ou 1 est citée avec la phrase de son niveau.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

from babel.numbers import format_decimal

from app_bureau.formats import LOCALE
from app_bureau.modele import NON_CONCERNE, OrganismeGestionnaire, Reponse
from app_bureau.regles.autodiagnostic.questionnaire import (
    NIVEAU_MAX,
    NIVEAUX,
    Dimension,
    Question,
    Questionnaire,
    ReponsesOrganisme,
    Version,
    questionnaire,
    version_de,
)

FAIBLE: Final = Decimal(2)
"""En dessous : dimension ou question à renforcer."""
FORT: Final = Decimal(3)
"""À partir de : pratique maîtrisée."""

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
    """Ce qu'un OG peut faire pour progresser (`recommandations.recommander`)."""

    id: str
    """L'identifiant de la recommandation dans son fichier (le même pour chaque appui)."""
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
