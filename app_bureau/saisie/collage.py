"""Lire des établissements collés depuis un tableur (sans Qt).

Un tableur copie ses cellules en texte : une ligne par établissement, les colonnes séparées
par des tabulations. Les colonnes attendues, dans cet ordre : FINESS, Nom, Catégorie, Champ,
Projet, Part éligible, Devis, Équipement (puis, facultatives : Déjà financé, SONS autre
logiciel, Personnes accompagnées). Une ligne d'en-tête est reconnue à ses titres ; elle
permet alors de coller les colonnes dans n'importe quel ordre.

La lecture est tolérante sur la forme (virgule décimale, « 62,5 % », « oui »/« non »,
libellé ou code du champ, zéro de tête du FINESS perdu par le tableur) et stricte sur le
fond : chaque ligne est rendue soit avec son établissement, soit avec ses erreurs, champ
par champ, en français. Une catégorie inconnue n'est qu'un avertissement : la ligne est
gardée, les règles signalent la catégorie à vérifier. Les mêmes fonctions `lire_*` servent à
la saisie dans le tableau ; `lire_lignes` sert aussi à l'import d'un fichier CSV ou XLSX et
de l'extrait FINESS (`saisie.import_fichier`, `saisie.extrait_finess`).
"""

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from app_bureau.fichier.dossier import DECIMALES_MONTANT, DECIMALES_PART
from app_bureau.identifiants import erreur_finess, normaliser
from app_bureau.libelles import CHAMPS, PROJETS
from app_bureau.modele import Champ, Etablissement, TypeProjet
from app_bureau.referentiel.categories_finess import categorie, categories

# Les libellés français viennent de `app_bureau.libelles` (partagés avec écrans et exports).
LIBELLES_CHAMP = CHAMPS
LIBELLES_PROJET = PROJETS

# Les colonnes dans l'ordre attendu sans en-tête : (attribut d'Etablissement, titre).
COLONNES: tuple[tuple[str, str], ...] = (
    ("finess", "FINESS"),
    ("nom", "Nom"),
    ("categorie", "Catégorie"),
    ("champ", "Champ"),
    ("projet", "Projet"),
    ("part_activite_eligible", "Part éligible"),
    ("devis_editeur", "Devis"),
    ("equipement", "Équipement"),
    ("deja_finance", "Déjà financé"),
    ("commande_sons_autre_logiciel", "SONS autre logiciel"),
    ("personnes_accompagnees", "Personnes accompagnées"),
)
TITRES = dict(COLONNES)

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
    return nombre


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
    return int(nombre)


def _index_champs() -> dict[str, Champ]:
    index = {simplifier(c.value): c for c in Champ}
    index.update({simplifier(libelle): c for c, libelle in LIBELLES_CHAMP.items()})
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


# --- un collage ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LigneCollee:
    numero: int
    """Numéro de la ligne dans le texte collé (1 pour la première, en-tête compris)."""
    finess: str
    nom: str
    etablissement: Etablissement | None
    erreurs: tuple[str, ...]
    """« FINESS : clé de contrôle invalide », une par champ refusé."""
    avertissements: tuple[str, ...] = ()
    """Ce qui n'empêche pas l'ajout mais mérite un coup d'œil (catégorie inconnue…)."""

    @property
    def valide(self) -> bool:
        return self.etablissement is not None


@dataclass(frozen=True)
class Collage:
    lignes: tuple[LigneCollee, ...]
    entete: bool
    colonnes_ignorees: tuple[str, ...]
    """Titres d'en-tête non reconnus (leurs colonnes ne sont pas lues)."""
    remarques: tuple[str, ...] = ()
    """Ce que la lecture d'un fichier a dû supposer ou réparer (encodage, feuille lue…)."""

    @property
    def valides(self) -> list[Etablissement]:
        return [ligne.etablissement for ligne in self.lignes if ligne.etablissement]

    @property
    def nombre_erreurs(self) -> int:
        return sum(1 for ligne in self.lignes if not ligne.valide)

    @property
    def nombre_avertissements(self) -> int:
        return sum(1 for ligne in self.lignes if ligne.valide and ligne.avertissements)


@dataclass(frozen=True)
class Disposition:
    """Comment lire les colonnes : l'attribut d'`Etablissement` de chacune (« » : colonne non
    lue) et si la première ligne porte les titres."""

    attributs: tuple[str, ...]
    entete: bool
    colonnes_ignorees: tuple[str, ...] = ()
    """Titres de la ligne d'en-tête qui ne désignent aucun champ."""


# Titre d'en-tête simplifié → attribut : le premier motif qui commence un mot l'emporte.
_MOTIFS_ENTETE: tuple[tuple[str, str], ...] = (
    ("juridique", ""),
    ("finess", "finess"),
    ("categorie", "categorie"),
    ("champ", "champ"),
    ("public", "champ"),
    ("projet", "projet"),
    ("part", "part_activite_eligible"),
    ("eligible", "part_activite_eligible"),
    ("devis", "devis_editeur"),
    ("equipement", "equipement"),
    ("deja", "deja_finance"),
    ("personnes", "personnes_accompagnees"),
    ("accompagn", "personnes_accompagnees"),
    ("sons", "commande_sons_autre_logiciel"),
    ("nom", "nom"),
    ("denomination", "nom"),
    ("raison sociale", "nom"),
    ("etablissement", "nom"),
)


def attribut_entete(titre: str) -> str:
    """L'attribut que désigne un titre de colonne (« N° FINESS » → « finess ») ; « » sinon."""
    cle = simplifier(titre)
    return next(
        (attribut for motif, attribut in _MOTIFS_ENTETE if re.search(rf"\b{motif}", cle)), ""
    )


def _est_entete(cellules: Sequence[str]) -> bool:
    """Une ligne de titres : « FINESS » en tête, ou deux titres reconnus sans chiffre en tête."""
    premiere = cellules[0] if cellules else ""
    if attribut_entete(premiere) == "finess":
        return True
    reconnus = sum(1 for c in cellules if attribut_entete(c))
    return reconnus >= 2 and not any(ch.isdigit() for ch in premiere)


def deviner_disposition(lignes: Sequence[Sequence[str]]) -> Disposition:
    """Avec une ligne de titres, chaque colonne d'après son titre ; sans, l'ordre de `COLONNES`."""
    if lignes and _est_entete(lignes[0]):
        attributs = tuple(attribut_entete(titre) for titre in lignes[0])
        ignorees = tuple(t.strip() for t, a in zip(lignes[0], attributs, strict=True) if not a)
        return Disposition(attributs, True, ignorees)
    return Disposition(tuple(attribut for attribut, _ in COLONNES), False)


def _cellules(texte: str) -> list[list[str]]:
    separateur = "\t" if "\t" in texte or ";" not in texte else ";"
    lecteur = csv.reader(io.StringIO(texte.replace("\r\n", "\n")), delimiter=separateur)
    return [ligne for ligne in lecteur]


_LECTEURS: dict[str, Callable[[str], object]] = {
    "finess": lire_finess,
    "nom": str.strip,
    "categorie": lire_categorie,
    "champ": lire_champ,
    "projet": lire_projet,
    "part_activite_eligible": lire_part,
    "devis_editeur": lire_montant,
    "equipement": lire_oui_non,
    "deja_finance": lire_oui_non,
    "commande_sons_autre_logiciel": lire_oui_non,
    "personnes_accompagnees": lire_entier,
}


def lire_collage(texte: str, organisme: str = "", finess_du_dossier: Iterable[str] = ()) -> Collage:
    """Lit le texte collé. `organisme` : l'OG des établissements créés ; `finess_du_dossier` :
    les FINESS déjà présents (un doublon est refusé)."""
    lignes = _cellules(texte)
    return lire_lignes(lignes, deviner_disposition(lignes), organisme, finess_du_dossier)


def lire_lignes(
    lignes: Sequence[Sequence[str]],
    disposition: Disposition,
    organisme: str = "",
    finess_du_dossier: Iterable[str] = (),
    origine: str = "le collage",
) -> Collage:
    """Lit des lignes de cellules selon `disposition` ; `origine` nomme leur provenance dans
    le message d'un doublon (« plus haut dans le collage »)."""
    attributs = list(disposition.attributs)
    debut = 1 if disposition.entete else 0
    presents = {f: "dans le dossier" for f in finess_du_dossier if f}

    resultat: list[LigneCollee] = []
    for numero, cellules in enumerate(lignes[debut:], start=debut + 1):
        if not any(c.strip() for c in cellules):
            continue
        valeurs: dict[str, object] = {}
        erreurs: list[str] = []
        avertissements: list[str] = []
        for attribut, cellule in zip(attributs, cellules, strict=False):
            if not attribut or attribut in valeurs:
                continue
            try:
                valeurs[attribut] = _LECTEURS[attribut](cellule)
            except ErreurSaisie as exc:
                if attribut == "categorie":  # les règles signalent une catégorie à vérifier
                    valeurs[attribut] = None
                    avertissements.append(f"{TITRES[attribut]} : {exc} ; laissée vide")
                else:
                    erreurs.append(f"{TITRES[attribut]} : {exc}")
        code = valeurs.get("categorie")
        if code and categorie(str(code)) is None:
            avertissements.append(
                f"Catégorie : {code} inconnue de l'application ; vérifiez-la (les règles la "
                "signalent)"
            )
        finess = str(valeurs.get("finess", ""))
        if not finess and not any(e.startswith("FINESS") for e in erreurs):
            erreurs.insert(0, "FINESS : à indiquer (le programme exige le FINESS géographique)")
        elif finess in presents:
            erreurs.insert(0, f"FINESS : {finess} figure déjà {presents[finess]}")
        nom = str(valeurs.get("nom", ""))
        if erreurs:
            position = attributs.index("finess") if "finess" in attributs else len(cellules)
            brut = cellules[position] if position < len(cellules) else ""
            resultat.append(
                LigneCollee(
                    numero, finess or brut.strip(), nom, None, tuple(erreurs), tuple(avertissements)
                )
            )
            continue
        presents[finess] = f"plus haut dans {origine} (ligne {numero})"
        etablissement = _etablissement(valeurs, organisme)
        resultat.append(LigneCollee(numero, finess, nom, etablissement, (), tuple(avertissements)))
    return Collage(tuple(resultat), disposition.entete, disposition.colonnes_ignorees)


def _etablissement(valeurs: dict[str, object], organisme: str) -> Etablissement:
    code = valeurs.get("categorie")
    if valeurs.get("champ") is None:
        cat = categorie(str(code)) if code else None
        valeurs["champ"] = cat.champ if cat else Champ.PA
    return Etablissement(organisme=organisme, **valeurs)  # type: ignore[arg-type]
