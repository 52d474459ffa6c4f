"""Le questionnaire de l'autodiagnostic de maturité SI (instruction 2022/34, II.B.5).

Le questionnaire est une donnée : `ressources/autodiagnostic/questionnaire.yaml`, contrôlé à
la lecture (`QuestionnaireInvalide` dit tout ce qui ne va pas). La version posée suit l'OG :
« rsi » s'il dispose d'un responsable des systèmes d'information, « directeur » sinon.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml

from app_bureau.modele import OrganismeGestionnaire, Reponse
from app_bureau.referentiel.ressources import ressource

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
