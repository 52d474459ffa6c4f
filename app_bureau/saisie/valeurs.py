"""Lire une valeur tapée ou collée, à la française, sans Qt.

Tolérant sur la forme (virgule décimale, « 62,5 % », « oui »/« non », libellé ou code,
zéro de tête du FINESS perdu par un tableur), strict sur le fond : une valeur refusée lève
`ErreurSaisie`, dont le message français ne nomme pas le champ (l'appelant le fait). Les
mêmes lecteurs servent aux formulaires, au tableau des établissements, au collage depuis un
tableur et à l'import d'un fichier (`app_bureau.champs_dossier` les attache à chaque champ).
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cache

from app_bureau.bornes import ENTIER_MAX_DEFAUT, MONTANT_MAX
from app_bureau.identifiants import erreur_finess, normaliser
from app_bureau.libelles import CHAMPS
from app_bureau.modele import DECIMALES_MONTANT, DECIMALES_PART, Champ, TypeProjet
from app_bureau.referentiel.categories_finess import categories

_OUI = {"oui", "o", "x", "vrai", "true", "yes", "y", "1"}
_NON = {"non", "n", "faux", "false", "no", "0", ""}
_ESPACES = " \u00a0\u202f\t"


class ErreurSaisie(ValueError):
    """Une valeur refusée ; le message est en français, sans le nom du champ."""


def simplifier(texte: str) -> str:
    """Minuscules, sans accents ni ponctuation : « Personnes âgées » → « personnes agees »."""
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", sans_accents.lower()).split())


# --- une valeur ---------------------------------------------------------------------------


def lire_finess(texte: str) -> str:
    """Le FINESS normalisé ; « » si vide. Un FINESS de 8 chiffres a perdu son zéro de tête
    (département 01 à 09 lu comme un nombre par le tableur) : on le lui rend."""
    finess = normaliser(texte)
    if len(finess) == 8 and finess.isdigit() and erreur_finess("0" + finess) is None:
        finess = "0" + finess
    if finess:
        probleme = erreur_finess(finess)
        if probleme:
            raise ErreurSaisie(probleme)
    return finess


def lire_nombre(texte: str) -> Decimal:
    """« 13 200,50 € », « 13.200,50 », « 13200.5 », « 62,5 % » → Decimal."""
    propre = "".join(c for c in texte if c not in _ESPACES)
    propre = re.sub(r"(?i)^€|(€|eur|euros?|%)$", "", propre)
    if "," in propre and "." in propre:
        # le dernier séparateur est la virgule décimale, l'autre sépare les milliers
        milliers = "." if propre.rfind(",") > propre.rfind(".") else ","
        propre = propre.replace(milliers, "").replace(",", ".")
    elif "," in propre:
        propre = propre.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3}){2,}", propre):
        propre = propre.replace(".", "")  # 1.200.000 : points des milliers
    try:
        nombre = Decimal(propre)
    except InvalidOperation:
        raise ErreurSaisie(f"« {texte.strip()} » n'est pas un nombre") from None
    if not nombre.is_finite():
        raise ErreurSaisie(f"« {texte.strip()} » n'est pas un nombre")
    exposant = nombre.as_tuple().exponent
    if nombre.adjusted() >= _CHIFFRES_LUS or -int(exposant) > _CHIFFRES_LUS:  # sans calcul
        raise ErreurSaisie(f"« {texte.strip()} » : nombre démesuré")
    return nombre


_CHIFFRES_LUS = 15  # chiffres avant ou après la virgule : bien au-delà des bornes de saisie


def _decimales(nombre: Decimal) -> int:
    return max(0, -int(nombre.as_tuple().exponent))


def part_depuis_pourcentage(pourcent: Decimal) -> Decimal:
    """62,5 (%) → Decimal("0.625") ; refuse hors de ]0 ; 100] ou trop de décimales."""
    if pourcent <= 0:
        raise ErreurSaisie("doit être supérieure à 0 %")
    if pourcent > 100:
        raise ErreurSaisie(f"{_texte_nombre(pourcent)} % dépasse 100 %")
    part = pourcent / 100
    if _decimales(part.normalize()) > DECIMALES_PART:
        raise ErreurSaisie(
            f"au plus {DECIMALES_PART - 2} décimales après la virgule du pourcentage"
        )
    return part.normalize() if part != 1 else Decimal(1)


def lire_pourcentage(texte: str) -> Decimal:
    """Un pourcentage saisi (« 62,5 », « 62,5 % ») → la part (0,625) ; vide → 100 %."""
    if not texte.strip():
        return Decimal(1)
    return part_depuis_pourcentage(lire_nombre(texte))


def lire_part(texte: str) -> Decimal:
    """Part d'activité collée : « 62,5 % » ou « 62,5 » (pourcentage), ou « 0,625 » (fraction :
    sans signe %, un nombre d'au plus 1 est une fraction, 1 vaut 100 %) ; vide → 100 %."""
    if not texte.strip():
        return Decimal(1)
    nombre = lire_nombre(texte)
    if "%" not in texte and 0 < nombre <= 1:
        nombre *= 100
    return part_depuis_pourcentage(nombre)


def lire_montant(texte: str) -> Decimal | None:
    """Un devis en euros ; vide, « - » ou « aucun » → pas de devis."""
    if simplifier(texte) in ("", "aucun", "sans", "neant", "na", "n a"):
        return None
    montant = lire_nombre(texte)
    if montant < 0:
        raise ErreurSaisie("un devis ne peut pas être négatif")
    if montant > MONTANT_MAX:
        raise ErreurSaisie("au plus 100\u202f000\u202f000 € (borne de saisie)")
    if _decimales(montant.normalize()) > DECIMALES_MONTANT:
        raise ErreurSaisie("un montant s'écrit au centime près (2 décimales au plus)")
    return montant


def lire_oui_non(texte: str) -> bool:
    mot = simplifier(texte)
    if mot in _OUI:
        return True
    if mot in _NON:
        return False
    raise ErreurSaisie(f"« {texte.strip()} » : « oui » ou « non » attendu")


def lire_entier(texte: str) -> int:
    """Un nombre de personnes : entier positif ou nul ; vide → 0."""
    if not texte.strip():
        return 0
    nombre = lire_nombre(texte)
    if nombre != nombre.to_integral_value():
        raise ErreurSaisie(f"« {texte.strip()} » : un nombre entier est attendu")
    if nombre < 0:
        raise ErreurSaisie("ne peut pas être négatif")
    if nombre > ENTIER_MAX_DEFAUT:
        raise ErreurSaisie(f"au plus {ENTIER_MAX_DEFAUT:_}".replace("_", "\u202f"))
    return int(nombre)


def _index_champs() -> dict[str, Champ]:
    index = {simplifier(c.value): c for c in Champ}
    index.update({simplifier(libelle): c for c, libelle in CHAMPS.items()})
    index["ase"] = Champ.PDE  # aide sociale à l'enfance
    return index


_CHAMPS = _index_champs()


def lire_champ(texte: str) -> Champ | None:
    """Code (« PA ») ou libellé (« Personnes âgées ») ; vide → None (suggéré par la catégorie)."""
    cle = simplifier(texte)
    if not cle:
        return None
    if cle in _CHAMPS:
        return _CHAMPS[cle]
    permis = ", ".join(c.value for c in Champ)
    raise ErreurSaisie(f"« {texte.strip()} » inconnu (attendu : {permis} ou leur libellé)")


def lire_projet(texte: str) -> TypeProjet:
    """« Acquisition », « Mise en conformité » (ou « évolution », « mise_en_conformite ») ;
    vide → acquisition."""
    cle = simplifier(texte)
    if not cle or cle.startswith("acqui") or cle == "renouvellement":
        return TypeProjet.ACQUISITION
    if "conformite" in cle or cle.startswith(("evolution", "mec")):
        return TypeProjet.MISE_EN_CONFORMITE
    raise ErreurSaisie(f"« {texte.strip()} » : « Acquisition » ou « Mise en conformité » attendu")


@cache
def _index_sigles() -> dict[str, tuple[str, ...]]:
    """Sigle entre parenthèses du libellé (« EHPAD ») ou libellé entier → codes."""
    index: dict[str, tuple[str, ...]] = {}
    for code, cat in categories().items():
        cles = {simplifier(cat.libelle)}
        cles.update(simplifier(s) for s in re.findall(r"\(([^)]+)\)", cat.libelle))
        for cle in cles:
            index[cle] = (*index.get(cle, ()), code)
    return index


def lire_categorie(texte: str) -> str | None:
    """« 500 », « 500 — EHPAD » ou « EHPAD » → « 500 » ; vide → None. Un code à 3 chiffres
    absent de la table est gardé : les règles signalent qu'il faut le vérifier."""
    propre = texte.strip()
    if not propre:
        return None
    code = re.match(r"^(\d{3})(?:\D|$)", propre)
    if code:
        return code.group(1)
    trouves = _index_sigles().get(simplifier(propre), ())
    if len(trouves) == 1:
        return trouves[0]
    if trouves:
        codes = ", ".join(trouves)
        raise ErreurSaisie(f"« {propre} » peut désigner les catégories {codes} : indiquez le code")
    raise ErreurSaisie(
        f"« {propre} » inconnue (code FINESS à 3 chiffres attendu, 500 pour un EHPAD)"
    )


def _texte_nombre(nombre: Decimal) -> str:
    return format(nombre.normalize(), "f").replace(".", ",")


# --- dates --------------------------------------------------------------------------------

_MOIS = (
    "janvier", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
)  # fmt: skip
_ANNEES_PERMISES = range(2000, 2100)


def _jour(annee: int, mois: int, jour: int, texte: str) -> datetime.date:
    try:
        if annee not in _ANNEES_PERMISES:
            raise ValueError
        return datetime.date(annee, mois, jour)
    except ValueError:
        raise ErreurSaisie(f"« {texte.strip()} » n'est pas une date (JJ/MM/AAAA)") from None


def lire_date(texte: str) -> datetime.date | None:
    """« 15/03/2025 », « 15-03-2025 », « 2025-03-15 » (ISO), une date de tableur ; vide → None."""
    propre = texte.strip()
    if not propre:
        return None
    if trouve := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", propre):
        annee, mois, jour = (int(x) for x in trouve.groups())
        return _jour(annee, mois, jour, texte)
    if trouve := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", propre):
        jour, mois, annee = (int(x) for x in trouve.groups())
        return _jour(annee, mois, jour, texte)
    raise ErreurSaisie(f"« {propre} » n'est pas une date (JJ/MM/AAAA)")


def lire_mois(texte: str) -> datetime.date:
    """Un mois → son premier jour : « 03/2025 », « 2025-03 », « mars 2025 », ou une date du
    mois (« 31/03/2025 », « 2025-03-01 »)."""
    propre = texte.strip()
    cle = simplifier(propre)
    if trouve := re.fullmatch(r"(\d{1,2})[/.\-](\d{4})", propre):
        return _jour(int(trouve.group(2)), int(trouve.group(1)), 1, texte)
    if trouve := re.fullmatch(r"(\d{4})-(\d{1,2})", propre):
        return _jour(int(trouve.group(1)), int(trouve.group(2)), 1, texte)
    if trouve := re.fullmatch(r"([a-z]+) (\d{4})", cle):
        nom, annee = trouve.groups()
        if nom in _MOIS:
            return _jour(int(annee), _MOIS.index(nom) + 1, 1, texte)
    if propre:
        try:
            jour = lire_date(propre)
        except ErreurSaisie:
            jour = None
        if jour is not None:
            return jour.replace(day=1)
    raise ErreurSaisie(f"« {propre} » n'est pas un mois (MM/AAAA, ou « mars 2025 »)")
