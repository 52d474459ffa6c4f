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
(`etablissements[3].finess : la clé ne correspond pas : un chiffre est probablement mal
recopié`), et ne construit rien s'il y en a.
Un texte vide (SIRET, FINESS, département pas encore connus) est accepté : c'est un
dossier en cours, dont les règles signalent ce qui manque.
"""

import dataclasses
import datetime
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
    Suivi,
)
from app_bureau.regles.parametres import campagnes, campagnes_d_appel

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

    def date(
        self, d: dict[str, Any], cle: str, chemin: str, nul: bool = False
    ) -> datetime.date | None:
        present, v = self._valeur(d, cle, chemin)
        if not present or (v is None and nul):
            return None
        if isinstance(v, str) and len(v) == 10:
            try:
                return datetime.date.fromisoformat(v)
            except ValueError:
                pass
        self.erreur(_chemin(chemin, cle), "une date AAAA-MM-JJ est attendue")
        return None

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
        nom = champ.name
        if nom == "autres":
            valeurs[nom] = {k: v for k, v in d.items() if k not in _cles(classe)}
        elif nom in d or not champ.metadata.get(FACULTATIF):
            valeurs[nom] = _lire_champ(lecteur, classe, nom, d, chemin, f"{gabarit}.{nom}")
    return classe(**valeurs)


def _lire_champ(
    lecteur: _Lecteur, classe: type, nom: str, d: dict[str, Any], chemin: str, gabarit: str
) -> Any:
    """Un champ d'après son type : objet imbriqué (peut-être absent), liste d'objets, liste de
    textes, ou valeur simple."""
    genre = _types(classe)[nom]
    ici = _chemin(chemin, nom)
    if dataclasses.is_dataclass(genre):
        if nom in d and d[nom] is None and _optionnel(classe, nom):
            return None
        if nom not in d:
            lecteur.erreur(ici, "champ obligatoire absent")
        return _lire_objet(lecteur, genre, lecteur.objet(d.get(nom, {}), ici), ici, gabarit)  # type: ignore[arg-type]
    if typing.get_origin(genre) is list:
        element = typing.get_args(genre)[0]
        brutes = lecteur.liste(d, nom, chemin)
        if element is str:
            textes = [x for x in brutes if isinstance(x, str)]
            if len(textes) != len(brutes):
                lecteur.erreur(ici, "une liste de textes est attendue")
            return textes
        return [
            _lire_objet(
                lecteur, element, lecteur.objet(o, f"{ici}[{i}]"), f"{ici}[{i}]", f"{gabarit}[]"
            )
            for i, o in enumerate(brutes)
        ]
    return _lire_valeur(lecteur, d, nom, chemin, gabarit, genre)


@cache
def _optionnel(classe: type, nom: str) -> bool:
    annotation = typing.get_type_hints(classe)[nom]
    return type(None) in typing.get_args(annotation)


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
        case Nature.DATE | Nature.MOIS:
            valeur = lecteur.date(d, nom, chemin, nul)
            if nature is Nature.MOIS and valeur is not None and valeur.day != 1:
                lecteur.erreur(
                    _chemin(chemin, nom), "un mois s'écrit par son premier jour (AAAA-MM-01)"
                )
        case Nature.CHOIX if defn is not None and defn.choix:
            valeur = lecteur.texte(d, nom, chemin, nul)
            if valeur and valeur not in defn.choix:  # vide : pas encore choisi
                permis = ", ".join(f"« {c} »" for c in defn.choix if c)
                lecteur.erreur(
                    _chemin(chemin, nom), f"« {citer(valeur)} » inconnu (attendu : {permis})"
                )
                return None
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
    if "campagne" in d and campagne not in campagnes_d_appel():
        connues = ", ".join(campagnes_d_appel())
        probleme = f"campagne « {citer(campagne)} » inconnue" if campagne else "campagne à indiquer"
        if campagne in campagnes():  # 2024, 2025 : appel non détenu
            probleme = (
                f"campagne {campagne} : l'application n'en détient pas l'appel à projets ; un "
                f"projet financé en {campagne} se suit avec la campagne de sa convention"
            )
        lecteur.erreur("campagne", f"{probleme} (connues : {connues})")

    valeurs: dict[str, Any] = {"campagne": campagne, "nom": lecteur.texte(d, "nom", "")}
    for champ in dataclasses.fields(Dossier):
        cle = champ.name
        if cle in valeurs or cle in ("autodiagnostic", "autres"):
            continue
        if cle in d or not champ.metadata.get(FACULTATIF):
            valeurs[cle] = _lire_champ(lecteur, Dossier, cle, d, "", cle)
    _verifier_references(lecteur, valeurs["organismes"], valeurs["etablissements"])
    if valeurs.get("suivi") is not None:
        _verifier_suivi(lecteur, valeurs["suivi"], valeurs["etablissements"])
    valeurs["autodiagnostic"] = _lire_autodiagnostic(
        lecteur, d.get("autodiagnostic", {}), valeurs["organismes"]
    )
    valeurs["autres"] = {
        k: v for k, v in d.items() if k not in ("format", "version", *_cles(Dossier))
    }
    if lecteur.erreurs:
        raise DossierInvalide(lecteur.erreurs)
    return Dossier(**valeurs)


def _verifier_suivi(lecteur: _Lecteur, suivi: Suivi, etablissements: list[Etablissement]) -> None:
    """Les mesures, montants et dépenses portent sur des ESSMS du dossier ; une mesure par ESSMS
    et par mois ; chaque mesure tient debout (`regles.suivi.problemes_de_mesure`)."""
    from app_bureau.regles.suivi import problemes_de_mesure

    connus = {e.finess for e in etablissements if e.finess}
    absent = "aucun établissement du dossier n'a ce FINESS"
    for i, m in enumerate(suivi.convention.montants):
        if m.finess not in connus:
            lecteur.erreur(f"suivi.convention.montants[{i}].finess", absent)
    vues: set[tuple[str, datetime.date]] = set()
    for i, mesure in enumerate(suivi.mesures):
        chemin = f"suivi.mesures[{i}]"
        if mesure.finess not in connus:
            lecteur.erreur(f"{chemin}.finess", absent)
        if mesure.mois is None:  # déjà signalé : pas une date
            continue
        if (mesure.finess, mesure.mois) in vues:
            lecteur.erreur(f"{chemin}.mois", "ce mois est déjà mesuré pour cet ESSMS")
        vues.add((mesure.finess, mesure.mois))
        for champ, probleme in problemes_de_mesure(mesure, suivi.convention.debut_projet):
            lecteur.erreur(f"{chemin}.{champ}", probleme)
    for i, depense in enumerate(suivi.depenses):
        if depense.finess and depense.finess not in connus:
            lecteur.erreur(f"suivi.depenses[{i}].finess", absent)


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
    from app_bureau.regles.autodiagnostic.questionnaire import NIVEAUX, questionnaire

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
            donnees[champ.name] = [
                _donnees(x) if dataclasses.is_dataclass(x) else x for x in valeur
            ]
        elif isinstance(valeur, Enum):
            donnees[champ.name] = valeur.value
        elif isinstance(valeur, datetime.date):
            donnees[champ.name] = valeur.isoformat()
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
