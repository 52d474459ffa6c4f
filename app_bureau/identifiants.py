"""Validation des identifiants à leur saisie : FINESS et SIRET.

Chaque fonction `erreur_*` renvoie `None` si le numéro est valide, sinon un message
français court (sans le nom du champ, que l'appelant ajoute).
"""

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.fr import siret

from app_bureau.referentiel.territoires import prefixes_finess_outre_mer, territoire

CLE_FAUSSE = "la clé ne correspond pas : un chiffre est probablement mal recopié"
"""FINESS ou SIRET : la clé de contrôle ne va pas avec les autres chiffres ; le plus souvent,
un chiffre tapé de travers ou deux chiffres inversés : ce qu'il faut faire, c'est relire le
numéro."""


def normaliser(numero: str) -> str:
    """Retire espaces et points d'un numéro saisi ou collé ; met les lettres en majuscules."""
    return "".join(c for c in numero if c not in " .\u00a0\u202f\t-").upper()


def code_territoire_finess(finess: str) -> str | None:
    """Le code INSEE du territoire d'un FINESS bien formé.

    Métropole : les 2 premiers caractères ; outre-mer (97, 98) : les 2 premiers et le 4e
    (`9701…` Guadeloupe → 971, `9805…` Mayotte → 976).
    """
    if finess[:2] in ("97", "98"):
        return prefixes_finess_outre_mer().get(finess[:2] + finess[2:4])
    return finess[:2]


def erreur_finess(finess: str) -> str | None:
    if len(finess) != 9:
        return "un numéro FINESS compte 9 caractères"
    corse = finess[:2] in ("2A", "2B")
    if not (corse and finess[2:].isdigit()) and not finess.isdigit():
        return "un numéro FINESS ne contient que des chiffres (2A ou 2B en tête pour la Corse)"
    code = code_territoire_finess(finess)
    if code is None or territoire(code) is None:
        return f"le début « {finess[:4]} » ne correspond à aucun département"
    if not corse and not luhn.is_valid(finess):
        return CLE_FAUSSE
    return None


def erreur_siret(numero: str) -> str | None:
    if len(numero) != 14 or not numero.isdigit():
        return "un SIRET compte 14 chiffres"
    try:
        siret.validate(numero)
    except ValidationError:
        return CLE_FAUSSE
    return None


def erreur_departement(code: str) -> str | None:
    if territoire(code) is None:
        return f"« {code} » n'est pas un code INSEE de département (35, 2A, 974…)"
    return None


def erreur_email(email: str) -> str | None:
    nom, arobase, domaine = email.partition("@")
    if not (nom and arobase and "." in domaine) or " " in email:
        return "adresse électronique invalide (exemple : nom@domaine.fr)"
    return None
