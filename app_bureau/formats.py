"""Écrire les nombres, montants, dates et valeurs de paramètres à la française, hors Qt (Babel).

Une seule façon de faire, pour l'écran, le PDF, le classeur et la ligne de commande : un
montant est toujours un `Decimal` formaté tel quel, jamais un flottant.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from app_bureau.libelles import CHAMPS, oui_non
from app_bureau.modele import Champ

if TYPE_CHECKING:
    from app_bureau.regles.parametres import Parametre
    from app_bureau.regles.resultats import Explication

LOCALE = "fr_FR"


@lru_cache(maxsize=4096)
def euros(montant: Decimal) -> str:
    """`Decimal("21500")` → « 21 500,00 € » (espaces insécables fines, comme l'usage français)."""
    return format_currency(montant, "EUR", locale=LOCALE)


def reste_a_justifier(ecart: Decimal | None) -> str:
    """Ce qui reste à justifier d'un poste : « 45 148,50 € », « dépassé de 7 350,80 € » (plus
    dépensé que prévu), « — » sans prévision."""
    if ecart is None:
        return "—"
    return f"dépassé de {euros(-ecart)}" if ecart < 0 else euros(ecart)


def euros_ronds(montant: Decimal) -> str:
    """Un montant rond, sans centimes : « 100 000 € » (montants forfaitaires dans une phrase)."""
    return format_currency(
        montant, "EUR", format="#,##0\u00a0¤", locale=LOCALE, currency_digits=False
    )


def nombre(valeur: Decimal | int, decimales: int | None = None) -> str:
    """« 1 234,5 » ; `decimales` fixe le nombre de chiffres après la virgule (arrondi au plus
    proche, la moitié vers le haut)."""
    if decimales is None:
        return format_decimal(valeur, locale=LOCALE)
    pas = Decimal(1).scaleb(-decimales)
    motif = "#,##0" + ("." + "0" * decimales if decimales else "")
    return format_decimal(Decimal(valeur).quantize(pas, ROUND_HALF_UP), motif, locale=LOCALE)


@lru_cache(maxsize=1024)
def pourcentage(part: Decimal) -> str:
    """`Decimal("0.625")` → « 62,5 % »."""
    return format_decimal(part * 100, format="#,##0.##", locale=LOCALE) + "\u00a0%"


def date_courte(jour: datetime.date) -> str:
    """`date(2023, 9, 15)` → « 15/09/2023 »."""
    return format_date(jour, "dd/MM/yyyy", locale=LOCALE)


@lru_cache(maxsize=1024)
def mois(jour: datetime.date) -> str:
    """`date(2025, 3, 1)` → « mars 2025 »."""
    return format_date(jour, "LLLL yyyy", locale=LOCALE)


def mois_court(jour: datetime.date) -> str:
    """`date(2025, 3, 1)` → « 03/2025 » (un axe de graphique, une colonne étroite)."""
    return format_date(jour, "MM/yyyy", locale=LOCALE)


def moment_court(iso: str) -> str:
    """Un horodatage ISO (UTC) → « 23/11/2026 18:55 », à l'heure locale."""
    return format_datetime(
        datetime.datetime.fromisoformat(iso).astimezone(), "dd/MM/yyyy HH:mm", locale=LOCALE
    )


def texte_explication(explication: "Explication") -> str:
    """« Forfait maîtrise d'ouvrage, acquisition, rangs 1 à 49 : 7 000,00 € »."""
    if explication.montant is None:
        return explication.libelle
    return f"{explication.libelle} : {euros(explication.montant)}"


def valeur_parametre(parametre: "Parametre") -> str:
    """La valeur d'un paramètre selon son unité (`regles.parametres.Unite`) : « 7 000,00 € »,
    « 50 % », « 30/12/2022 », une ligne par région pour une enveloppe régionale."""
    from app_bureau.referentiel.territoires import nom_region
    from app_bureau.regles.parametres import Unite

    v = parametre.valeur
    match parametre.unite:
        case Unite.EUROS:
            return euros(v)
        case Unite.EUROS_PAR_REGION:
            lignes = sorted((nom_region(code), montant) for code, montant in v.items())
            return "\n".join(f"{nom} : {euros(montant)}" for nom, montant in lignes)
        case Unite.PART | Unite.TAUX:
            return pourcentage(v)
        case Unite.DATE:
            return date_courte(v)
        case Unite.CHAMPS:
            return " ; ".join(CHAMPS[Champ(c)] for c in v) or "aucun"
        case Unite.OUI_NON:
            return oui_non(v).lower()
        case Unite.RANG:
            return f"{nombre(v)}e ESSMS retenu"
        case Unite.ANNEE:
            return str(v)
        case unite:
            return f"{nombre(v)} {unite}"


def resume_parametre(parametre: "Parametre") -> str:
    """La valeur en une ligne : pour une enveloppe par région, le nombre de régions et le total."""
    from app_bureau.regles.parametres import Unite

    if parametre.unite is Unite.EUROS_PAR_REGION:
        total = sum(parametre.valeur.values(), Decimal(0))
        return f"{len(parametre.valeur)} régions, {euros(total)} au total"
    return valeur_parametre(parametre)
