"""Le fichier dossier, format version 1 : lecture validée et écriture.

Ce JSON est un contrat entre consultants et avec l'application : les clés du format 1
gardent leur nom et leur sens. Toutes sont attendues ; des clés facultatives peuvent
s'y ajouter (elles sont gardées telles quelles).

Un champ ajouté au modèle après le format 1 est une clé facultative : absente d'un fichier
plus ancien, il prend sa valeur par défaut (`FACULTATIF` dans les métadonnées du champ,
`app_bureau.modele`) ; elle n'est écrite que si elle en diffère.

Clé facultative lue par l'application : `autodiagnostic`, les réponses de chaque organisme
gestionnaire à son autodiagnostic de maturité SI — `{"<id de l'OG>": {"<id de la question>":
niveau 0 à 4 ou "non_concerne"}}`. Absente, aucune réponse n'est encore donnée ; elle n'est
écrite que si une réponse existe (un fichier sans autodiagnostic reste tel qu'il était).

La lecture relève *tous* les problèmes, chacun avec le chemin du champ
(`etablissements[3].finess : clé de contrôle invalide`), et ne construit rien s'il y en a.
Un texte vide (SIRET, FINESS, département pas encore connus) est accepté : c'est un
dossier en cours, dont les règles signalent ce qui manque.
"""

import dataclasses
import json
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from app_bureau.bornes import (
    ENTIER_MAX_DEFAUT,
    ENTIERS_MAX,
    LONGUEUR_MAX_TEXTE,
    MONTANT_MAX,
    citer,
)
from app_bureau.champs_dossier import Nature, definition
from app_bureau.fichier.lecture import ErreurLecture, decoder_json, lire_json
from app_bureau.modele import (
    FACULTATIF,
    NON_CONCERNE,
    Dossier,
    Etablissement,
    OrganismeGestionnaire,
    Reponses,
)
from app_bureau.regles.parametres import campagnes

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

FORMAT = "dossier-esms-numerique"
VERSION = 1


@dataclass(frozen=True)
class ErreurChamp:
    chemin: str
    message: str

    def __str__(self) -> str:
        return f"{self.chemin} : {self.message}" if self.chemin else self.message


class DossierInvalide(ValueError):
    def __init__(self, erreurs: list[ErreurChamp]) -> None:
        super().__init__("\n".join(str(e) for e in erreurs))
        self.erreurs = erreurs


class _Lecteur:
    """Lit un objet JSON champ par champ en notant chaque problème avec son chemin."""

    def __init__(self) -> None:
        self.erreurs: list[ErreurChamp] = []

    def erreur(self, chemin: str, message: str) -> None:
        self.erreurs.append(ErreurChamp(chemin, message))

    def objet(self, valeur: Any, chemin: str) -> dict[str, Any]:
        if isinstance(valeur, dict):
            return valeur
        self.erreur(chemin, "un objet JSON { … } est attendu")
        return {}

    def _valeur(self, d: dict[str, Any], cle: str, chemin: str) -> tuple[bool, Any]:
        if cle not in d:
            self.erreur(_chemin(chemin, cle), "champ obligatoire absent")
            return False, None
        return True, d[cle]

    def texte(self, d: dict[str, Any], cle: str, chemin: str, nul: bool = False) -> Any:
        present, v = self._valeur(d, cle, chemin)
        if not present or (v is None and nul):
            return None if nul else ""
        if not isinstance(v, str):
            self.erreur(_chemin(chemin, cle), "un texte est attendu")
            return ""
        if len(v.strip()) > LONGUEUR_MAX_TEXTE:  # borne commune (`bornes`)
            self.erreur(
                _chemin(chemin, cle),
                f"texte trop long ({len(v.strip())} caractères ; au plus {LONGUEUR_MAX_TEXTE})",
            )
        return v.strip()

    def booleen(self, d: dict[str, Any], cle: str, chemin: str) -> bool:
        present, v = self._valeur(d, cle, chemin)
        if present and not isinstance(v, bool):
            self.erreur(_chemin(chemin, cle), "true ou false est attendu")
        return v is True

    def entier(self, d: dict[str, Any], cle: str, chemin: str) -> int | None:
        present, v = self._valeur(d, cle, chemin)
        if not present:
            return None
        if isinstance(v, bool) or not isinstance(v, int):
            self.erreur(_chemin(chemin, cle), "un nombre entier est attendu")
            return None
        return v

    def nombre(self, d: dict[str, Any], cle: str, chemin: str, nul: bool = False) -> Any:
        present, v = self._valeur(d, cle, chemin)
        if not present or (v is None and nul):
            return None
        if isinstance(v, bool) or not isinstance(v, int | Decimal):
            self.erreur(_chemin(chemin, cle), "un nombre est attendu")
            return None
        return Decimal(v)

    def choix(self, d: dict[str, Any], cle: str, chemin: str, enum: type[E]) -> E:
        present, v = self._valeur(d, cle, chemin)
        valeurs = [e.value for e in enum]
        if present and v in valeurs:
            return enum(v)
        if present:
            permis = ", ".join(f"« {x} »" for x in valeurs)
            self.erreur(
                _chemin(chemin, cle), f"valeur « {citer(v)} » inconnue (attendu : {permis})"
            )
        return next(iter(enum))

    def liste(self, d: dict[str, Any], cle: str, chemin: str) -> list[Any]:
        present, v = self._valeur(d, cle, chemin)
        if present and not isinstance(v, list):
            self.erreur(_chemin(chemin, cle), "une liste [ … ] est attendue")
            return []
        return v or []


def _chemin(parent: str, cle: str) -> str:
    return f"{parent}.{cle}" if parent else cle


@cache
def _types(classe: type) -> dict[str, Any]:
    """Le type annoté de chaque champ (`Decimal | None` → `Decimal`)."""
    resultat = {}
    for nom, annotation in typing.get_type_hints(classe).items():
        arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
        resultat[nom] = (
            arguments[0]
            if arguments
            and typing.get_origin(annotation)
            in (
                typing.Union,
                __import__("types").UnionType,
            )
            else annotation
        )
    return resultat


def _lire_objet(
    lecteur: _Lecteur, classe: type[T], d: dict[str, Any], chemin: str, gabarit: str
) -> T:
    """Un objet du modèle, champ par champ d'après sa classe ; `gabarit` : le chemin de ses
    champs dans `champs_dossier` (`organismes[]`). Les clés inconnues vont dans `autres`."""
    valeurs: dict[str, Any] = {}
    for champ in dataclasses.fields(classe):  # type: ignore[arg-type]
        nom, genre = champ.name, _types(classe)[champ.name]
        if nom == "autres":
            valeurs[nom] = {k: v for k, v in d.items() if k not in _cles(classe)}
        elif dataclasses.is_dataclass(genre):
            if nom not in d:
                lecteur.erreur(_chemin(chemin, nom), "champ obligatoire absent")
            sous = lecteur.objet(d.get(nom, {}), _chemin(chemin, nom))
            valeurs[nom] = _lire_objet(
                lecteur, genre, sous, _chemin(chemin, nom), f"{gabarit}.{nom}"
            )  # type: ignore[arg-type]
        elif nom in d or not champ.metadata.get(FACULTATIF):
            valeurs[nom] = _lire_valeur(lecteur, d, nom, chemin, f"{gabarit}.{nom}", genre)
    return classe(**valeurs)


def _cles(classe: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(classe) if f.name != "autres")  # type: ignore[arg-type]


def _lire_valeur(
    lecteur: _Lecteur, d: dict[str, Any], nom: str, chemin: str, gabarit: str, genre: Any
) -> Any:
    """Une valeur simple : le type JSON que demande sa nature, puis le contrôle de son champ."""
    defn = definition(gabarit)
    nature = defn.nature if defn else Nature.TEXTE
    nul = defn.nul if defn else False
    if isinstance(genre, type) and issubclass(genre, StrEnum):
        return lecteur.choix(d, nom, chemin, genre)
    match nature:
        case Nature.BOOLEEN:
            return lecteur.booleen(d, nom, chemin)
        case Nature.ENTIER:
            valeur = lecteur.entier(d, nom, chemin)
            maximum = ENTIERS_MAX.get(gabarit, ENTIER_MAX_DEFAUT)  # bornes communes (`bornes`)
            if valeur is not None and valeur > maximum:
                lecteur.erreur(_chemin(chemin, nom), f"au plus {maximum:_}".replace("_", "\u202f"))
                return None
        case Nature.MONTANT | Nature.PART:
            valeur = lecteur.nombre(d, nom, chemin, nul)
            if nature is Nature.MONTANT and valeur is not None and valeur > MONTANT_MAX:
                lecteur.erreur(
                    _chemin(chemin, nom), "au plus 100\u202f000\u202f000 € (borne de saisie)"
                )
                return None
        case Nature.CATEGORIE:
            valeur = lecteur.texte(d, nom, chemin, nul) or None
        case _:
            valeur = lecteur.texte(d, nom, chemin, nul)
    if valeur is not None and defn is not None and (probleme := defn.verifier(valeur)):
        lecteur.erreur(_chemin(chemin, nom), probleme)
    return valeur


def lire_dossier(donnees: Any) -> Dossier:
    """Construit le dossier à partir du JSON décodé, ou lève `DossierInvalide`."""
    lecteur = _Lecteur()
    d = lecteur.objet(donnees, "")
    if d.get("format") != FORMAT:
        lecteur.erreur("format", f"« {FORMAT} » est attendu : ce fichier n'est pas un dossier")
        raise DossierInvalide(lecteur.erreurs)
    if type(d.get("version")) is not int or d.get("version") != VERSION:
        lecteur.erreur(
            "version",
            f"version {citer(repr(d.get('version')))} non prise en charge (cette application lit la "
            f"version {VERSION})",
        )
        raise DossierInvalide(lecteur.erreurs)
    campagne = lecteur.texte(d, "campagne", "")
    if "campagne" in d and campagne not in campagnes():
        connues = ", ".join(campagnes())
        probleme = f"campagne « {citer(campagne)} » inconnue" if campagne else "campagne à indiquer"
        lecteur.erreur("campagne", f"{probleme} (connues : {connues})")

    valeurs: dict[str, Any] = {"campagne": campagne, "nom": lecteur.texte(d, "nom", "")}
    for cle, genre in _types(Dossier).items():
        if cle in valeurs or cle in ("autodiagnostic", "autres"):
            continue
        if dataclasses.is_dataclass(genre):
            if cle not in d:
                lecteur.erreur(cle, "champ obligatoire absent")
            valeurs[cle] = _lire_objet(lecteur, genre, lecteur.objet(d.get(cle, {}), cle), cle, cle)  # type: ignore[arg-type]
        else:  # une liste d'objets : organismes, établissements
            element = typing.get_args(genre)[0]
            valeurs[cle] = [
                _lire_objet(
                    lecteur, element, lecteur.objet(o, f"{cle}[{i}]"), f"{cle}[{i}]", f"{cle}[]"
                )
                for i, o in enumerate(lecteur.liste(d, cle, ""))
            ]
    _verifier_references(lecteur, valeurs["organismes"], valeurs["etablissements"])
    valeurs["autodiagnostic"] = _lire_autodiagnostic(
        lecteur, d.get("autodiagnostic", {}), valeurs["organismes"]
    )
    valeurs["autres"] = {
        k: v for k, v in d.items() if k not in ("format", "version", *_cles(Dossier))
    }
    if lecteur.erreurs:
        raise DossierInvalide(lecteur.erreurs)
    return Dossier(**valeurs)


def _verifier_references(
    lecteur: _Lecteur, organismes: list[OrganismeGestionnaire], etablissements: list[Etablissement]
) -> None:
    ids: set[str] = set()
    for i, og in enumerate(organismes):
        if not og.id:
            lecteur.erreur(f"organismes[{i}].id", "identifiant vide")
        elif og.id in ids:
            lecteur.erreur(f"organismes[{i}].id", f"identifiant « {og.id} » déjà utilisé")
        ids.add(og.id)
    vus: dict[str, int] = {}
    for i, et in enumerate(etablissements):
        if et.organisme not in ids:
            lecteur.erreur(
                f"etablissements[{i}].organisme",
                f"aucun organisme gestionnaire n'a l'identifiant « {et.organisme} »",
            )
        if et.finess and et.finess in vus:
            lecteur.erreur(
                f"etablissements[{i}].finess",
                f"FINESS {et.finess} déjà présent (etablissements[{vus[et.finess]}])",
            )
        vus.setdefault(et.finess, i)


def _lire_autodiagnostic(
    lecteur: _Lecteur, valeur: Any, organismes: list[OrganismeGestionnaire]
) -> Reponses:
    from app_bureau.regles.autodiagnostic import NIVEAUX, questionnaire

    connues = {q.id for q in questionnaire().questions}
    ids = {og.id for og in organismes}
    reponses: Reponses = {}
    for organisme, brutes in lecteur.objet(valeur, "autodiagnostic").items():
        chemin = f"autodiagnostic.{organisme}"
        if organisme not in ids:
            lecteur.erreur(
                chemin, f"aucun organisme gestionnaire n'a l'identifiant « {citer(organisme)} »"
            )
        for question, reponse in lecteur.objet(brutes, chemin).items():
            if question not in connues:
                lecteur.erreur(f"{chemin}.{question}", "question inconnue du questionnaire")
            elif reponse != NON_CONCERNE and (type(reponse) is not int or reponse not in NIVEAUX):
                lecteur.erreur(
                    f"{chemin}.{question}", f"niveau 0 à 4 ou « {NON_CONCERNE} » attendu"
                )
            else:
                reponses.setdefault(organisme, {})[question] = reponse
    return reponses


def decoder(texte: str) -> Any:
    """Décode le JSON en gardant les nombres décimaux exacts (pas de float), à travers la
    porte de lecture (`fichier.lecture`) ; `DossierInvalide` si elle refuse."""
    try:
        return decoder_json(texte)
    except ErreurLecture as exc:
        raise _invalide(exc) from None


def charger(chemin: Path) -> Dossier:
    """Lit un fichier dossier ; lève `DossierInvalide` (lisible) pour tout problème."""
    try:
        donnees = lire_json(chemin)
    except ErreurLecture as exc:
        raise _invalide(exc) from None
    return lire_dossier(donnees)


def _invalide(exc: ErreurLecture) -> DossierInvalide:
    return DossierInvalide([ErreurChamp(p.chemin, p.message) for p in exc.problemes])


def _donnees(objet: Any) -> dict[str, Any]:
    """Un objet du modèle en JSON, ses clés dans l'ordre de sa classe, puis ses clés inconnues."""
    donnees: dict[str, Any] = {}
    for champ in dataclasses.fields(objet):
        valeur = getattr(objet, champ.name)
        if champ.name == "autres":
            donnees.update(valeur)
        elif champ.metadata.get(FACULTATIF) and valeur == champ.default:
            continue  # un fichier d'avant ce champ reste tel qu'il était
        elif dataclasses.is_dataclass(valeur):
            donnees[champ.name] = _donnees(valeur)
        elif isinstance(valeur, list):
            donnees[champ.name] = [_donnees(element) for element in valeur]
        elif isinstance(valeur, Enum):
            donnees[champ.name] = valeur.value
        else:
            donnees[champ.name] = valeur
    return donnees


def vers_donnees(dossier: Dossier) -> dict[str, Any]:
    """Le dossier au format 1, prêt à encoder (les nombres restent des `Decimal`)."""
    donnees = {"format": FORMAT, "version": VERSION, **_donnees(dossier)}
    if not dossier.autodiagnostic:
        del donnees["autodiagnostic"]
    return donnees


def nombre_json(valeur: Any) -> Any:
    if isinstance(valeur, Decimal):
        return int(valeur) if valeur == valeur.to_integral_value() else float(valeur)
    raise TypeError(f"{type(valeur).__name__} non encodable en JSON")


def encoder(donnees: Any) -> str:
    """JSON lisible (UTF-8, indenté) ; les `Decimal` deviennent des nombres JSON."""
    return json.dumps(donnees, ensure_ascii=False, indent=2, default=nombre_json) + "\n"


def texte_dossier(dossier: Dossier) -> str:
    return encoder(vers_donnees(dossier))
