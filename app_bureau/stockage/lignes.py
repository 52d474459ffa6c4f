"""Un objet du modèle en ligne de table, et retour : une seule conversion pour toutes les tables.

Les colonnes se déduisent des classes de données (`dataclasses.fields`) : une colonne par
champ simple, du même nom ; un objet imbriqué (le contact du porteur) est mis à plat, ses
colonnes préfixées de son nom (`contact_email`, `contact_autres`) ; les clés inconnues d'un
fichier importé (`autres`) sont gardées en JSON. Les valeurs suivent le type annoté : booléen
en 0/1, énumération par sa valeur, `Decimal` en texte (exact), `None` pour une valeur absente.

Une liste d'objets (les mesures d'un suivi) a sa propre table, remplie par le dépôt ; une date
est gardée en texte ISO (AAAA-MM-JJ).

Ajouter un champ au modèle n'appelle donc qu'une migration (`schema.py`) qui crée sa colonne.
"""

import dataclasses
import datetime
import json
import types
import typing
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar

Ligne = dict[str, Any]
T = TypeVar("T")
AUTRES = "autres"


@cache
def _types(classe: type) -> dict[str, Any]:
    return typing.get_type_hints(classe)


def _sans_none(annotation: Any) -> Any:
    """`Decimal | None` → `Decimal` ; un type simple reste tel quel."""
    if isinstance(annotation, types.UnionType | typing._UnionGenericAlias):  # type: ignore[attr-defined]
        restants = [a for a in typing.get_args(annotation) if a is not type(None)]
        return restants[0]
    return annotation


def en_json(valeur: dict[str, Any]) -> str:
    """Les clés inconnues en JSON ; leurs nombres décimaux restent des nombres."""
    from app_bureau.fichier.dossier import nombre_json

    return json.dumps(valeur, ensure_ascii=False, sort_keys=True, default=nombre_json)


def depuis_json(texte: str) -> dict[str, Any]:
    from app_bureau.fichier.dossier import decoder

    return decoder(texte)  # type: ignore[no-any-return]


def vers_ligne(objet: Any, prefixe: str = "", autres: str | None = None) -> Ligne:
    """Les colonnes d'un objet du modèle ; `autres` renomme la colonne des clés inconnues."""
    ligne: Ligne = {}
    for champ in dataclasses.fields(objet):
        valeur = getattr(objet, champ.name)
        if champ.name == AUTRES:
            ligne[autres or f"{prefixe}{AUTRES}"] = en_json(valeur)
        elif isinstance(valeur, list):
            continue  # une liste d'objets a sa propre table
        elif dataclasses.is_dataclass(valeur):
            ligne.update(vers_ligne(valeur, f"{prefixe}{champ.name}_"))
        elif isinstance(valeur, bool):
            ligne[prefixe + champ.name] = int(valeur)
        elif isinstance(valeur, Enum):
            ligne[prefixe + champ.name] = valeur.value
        elif isinstance(valeur, Decimal):
            ligne[prefixe + champ.name] = str(valeur)
        elif isinstance(valeur, datetime.date):
            ligne[prefixe + champ.name] = valeur.isoformat()
        else:
            ligne[prefixe + champ.name] = valeur
    return ligne


def depuis_ligne(classe: type[T], ligne: Ligne, prefixe: str = "", autres: str | None = None) -> T:
    """L'objet de `classe` lu dans une ligne écrite par `vers_ligne`."""
    valeurs: dict[str, Any] = {}
    for nom, annotation in _types(classe).items():  # type: ignore[arg-type]
        if nom == AUTRES:
            valeurs[nom] = depuis_json(ligne[autres or f"{prefixe}{AUTRES}"])
            continue
        genre = _sans_none(annotation)
        if typing.get_origin(genre) is list:
            continue  # remplie depuis sa propre table
        if dataclasses.is_dataclass(genre):
            valeurs[nom] = depuis_ligne(genre, ligne, f"{prefixe}{nom}_")  # type: ignore[arg-type]
            continue
        brute = ligne[prefixe + nom]
        if brute is None:
            valeurs[nom] = None
        elif genre is datetime.date:
            valeurs[nom] = datetime.date.fromisoformat(brute)
        elif genre is bool:
            valeurs[nom] = bool(brute)
        elif isinstance(genre, type) and issubclass(genre, Enum | Decimal):
            valeurs[nom] = genre(brute)
        else:
            valeurs[nom] = brute
    return classe(**valeurs)


def insertion(table: str, colonnes: list[str], conflit: str = "") -> str:
    """`INSERT` qui nomme ses colonnes ; `conflit` : les colonnes de la clé, pour mettre à jour
    une ligne existante au lieu de la remplacer (ce qui en dépend reste)."""
    requete = (
        f"INSERT INTO {table} ({', '.join(colonnes)}) VALUES ({', '.join('?' for _ in colonnes)})"
    )
    if conflit:
        cles = {c.strip() for c in conflit.split(",")}
        affectations = ", ".join(f"{c} = excluded.{c}" for c in colonnes if c not in cles)
        requete += f" ON CONFLICT ({conflit}) DO UPDATE SET {affectations}"
    return requete
