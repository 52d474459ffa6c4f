"""Importer des établissements depuis un fichier CSV ou un classeur XLSX (sans Qt).

Le fichier est d'abord lu en cellules de texte (`lire_fichier`) : CSV séparé par `;`, `,` ou
tabulation, en UTF-8 (avec ou sans BOM), UTF-16 (« texte Unicode » d'Excel) ou Windows-1252,
tout cela détecté ; XLSX lu par openpyxl en lecture seule. La disposition des colonnes est
devinée d'après les titres, comme pour un collage (`deviner`), puis corrigée par
l'utilisateur (écran) ou imposée (`--colonnes`, `disposition_imposee`). Les lignes sont enfin
lues par `saisie.collage.lire_lignes` : mêmes tolérances, mêmes erreurs ligne par
ligne qu'un collage depuis un tableur.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from app_bureau.bornes import (
    CELLULES_MAX_IMPORT,
    COLONNES_MAX_IMPORT,
    LIGNES_MAX_IMPORT,
    MEMBRES_MAX_XLSX,
    TAILLE_MAX_XLSX_DECOMPRESSE,
)
from app_bureau.erreurs import message_os
from app_bureau.fichier.lecture import ErreurLecture, lire_octets
from app_bureau.modele import OrganismeGestionnaire
from app_bureau.saisie.collage import (
    COLONNES,
    TITRES,
    Collage,
    Disposition,
    attribut_entete,
    deviner_disposition,
    lire_lignes,
)
from app_bureau.saisie.valeurs import simplifier

TAILLE_MAXIMALE = 50 * 1024 * 1024
"""Au-delà, ce n'est pas une liste d'établissements (l'extrait FINESS se cherche à part)."""

LIGNES_MAX_FEUILLE = 1_048_576
"""Les lignes d'une feuille Excel : au-delà, le fichier n'est pas un classeur d'Excel."""

SEPARATEURS = {"\t": "tabulation", ";": "point-virgule", ",": "virgule"}
_ECHANTILLON = 50  # lignes examinées pour choisir le séparateur
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|â€|Â[\u00a0-\u00bf]")


class FichierIllisible(ValueError):
    """Le fichier ne peut pas être lu comme un tableau ; le message dit pourquoi, en français."""


class DispositionInvalide(ValueError):
    """`--colonnes` ou la disposition choisie ne convient pas ; chaque problème listé."""

    def __init__(self, problemes: Sequence[str]) -> None:
        super().__init__("\n".join(problemes))
        self.problemes = tuple(problemes)


@dataclass(frozen=True)
class Tableau:
    """Les cellules d'un fichier, en texte, et ce que la lecture a dû supposer."""

    lignes: tuple[tuple[str, ...], ...]
    description: str
    """« CSV, UTF-8, séparateur point-virgule » ; « classeur XLSX, feuille « ESSMS » »."""
    remarques: tuple[str, ...] = ()

    @property
    def nombre_colonnes(self) -> int:
        return max((len(ligne) for ligne in self.lignes), default=0)


def lettre(colonne: int) -> str:
    """0 → « A », 26 → « AA » : les colonnes se désignent comme dans le tableur."""
    texte, reste = "", colonne + 1
    while reste:
        reste, chiffre = divmod(reste - 1, 26)
        texte = chr(ord("A") + chiffre) + texte
    return texte


def _rang_de_lettre(texte: str) -> int:
    """« A » → 0, « AA » → 26 : l'inverse de `lettre`."""
    rang = 0
    for caractere in texte.upper():
        rang = rang * 26 + ord(caractere) - ord("A") + 1
    return rang - 1


# --- lire le fichier ------------------------------------------------------------------------


def lire_fichier(chemin: Path) -> Tableau:
    """Lit un CSV ou un XLSX d'après son contenu (pas son extension) ; `FichierIllisible`
    si ce n'est pas un tableau lisible."""
    try:
        taille = chemin.stat().st_size
        if taille > TAILLE_MAXIMALE:
            raise FichierIllisible(
                f"{chemin.name} pèse {taille // (1024 * 1024)} Mo : c'est trop pour une liste "
                "d'établissements (l'extrait FINESS se consulte avec « Chercher dans l'extrait "
                "FINESS… »)."
            )
    except OSError as exc:
        raise FichierIllisible(f"{chemin.name} ne peut pas être lu ({message_os(exc)}).") from None
    try:  # fichier ordinaire seulement (un tube ne bloque pas), lu au plus jusqu'à la borne
        donnees = lire_octets(chemin, TAILLE_MAXIMALE)
    except ErreurLecture as exc:
        raise FichierIllisible(exc.problemes[0].message + ".") from None
    if donnees.startswith(b"PK\x03\x04"):
        return lire_xlsx(donnees)
    if donnees.startswith(b"\xd0\xcf\x11\xe0"):
        raise FichierIllisible(
            "Ce classeur est au format Excel 97-2003 (.xls), que l'application ne lit pas : "
            "enregistrez-le au format .xlsx ou CSV."
        )
    return lire_csv(donnees)


def lire_csv(donnees: bytes) -> Tableau:
    texte, encodage, remarques = _decoder(donnees)
    if not texte.strip():
        raise FichierIllisible("Le fichier est vide : aucune ligne à lire.")
    _refuser_extrait_finess(texte)
    indication = re.match(r"sep=(.)\r?\n", texte)  # Excel écrit parfois « sep=; » en tête
    if indication and indication.group(1) in SEPARATEURS:
        separateur: str | None = indication.group(1)
        texte = texte[indication.end() :]
    else:
        separateur = _choisir_separateur(texte)
    lignes = _lignes_csv(texte, separateur or ";")
    colonnes = f"séparateur {SEPARATEURS[separateur]}" if separateur else "une seule colonne"
    return Tableau(lignes, f"CSV, {encodage}, {colonnes}", tuple(remarques))


def _lignes_csv(texte: str, separateur: str) -> tuple[tuple[str, ...], ...]:
    """Les lignes du CSV, bornées (`bornes.LIGNES_MAX_IMPORT`, `COLONNES_MAX_IMPORT`). Une
    cellule qui s'étend sur plusieurs lignes (guillemet non refermé, le plus souvent) est
    refusée avec le numéro de la ligne où elle commence : sinon, elle avalerait les lignes
    suivantes en silence."""
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    lignes: list[tuple[str, ...]] = []
    remplies = 0
    while True:
        debut = lecteur.line_num + 1
        try:
            cellules = next(lecteur)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field larger" in str(exc):
                raise FichierIllisible(
                    f"Ligne {debut} : une cellule dépasse {csv.field_size_limit():_} "
                    'caractères (guillemet « " » non refermé ?) : corrigez le fichier ; '
                    "rien n'a été importé.".replace("_", "\u202f")
                ) from None
            raise FichierIllisible(
                f"Ligne {debut} : le fichier n'est pas un CSV lisible ; rien n'a été importé."
            ) from None
        if any("\n" in c or "\r" in c for c in cellules):
            raise FichierIllisible(
                f"Ligne {debut} : une cellule s'étend sur plusieurs lignes (guillemet « \" » "
                "ouvert et non refermé ?). Corrigez le fichier ; rien n'a été importé."
            )
        if len(cellules) > COLONNES_MAX_IMPORT:
            raise FichierIllisible(
                f"Ligne {debut} : {len(cellules)} colonnes ; l'import en lit au plus "
                f"{COLONNES_MAX_IMPORT}. Rien n'a été importé."
            )
        if any(c.strip() for c in cellules):
            remplies += 1
            if remplies > LIGNES_MAX_IMPORT:
                raise _trop_de_lignes()
        lignes.append(tuple(cellules))
    return tuple(lignes)


def _trop_de_lignes() -> FichierIllisible:
    return FichierIllisible(
        f"Le fichier a plus de {LIGNES_MAX_IMPORT:_} lignes remplies ; l'import est limité "
        "à ce nombre (une grappe réelle en compte quelques dizaines) : découpez-le ou "
        "retirez les lignes inutiles. Rien n'a été importé.".replace("_", "\u202f")
    )


def _decoder(donnees: bytes) -> tuple[str, str, list[str]]:
    """Le texte, le nom de l'encodage reconnu, les remarques (accents réparés…)."""
    if donnees.startswith(codecs.BOM_UTF8):
        return _verifier_texte(donnees[3:].decode("utf-8", errors="replace")), "UTF-8 (BOM)", []
    if donnees.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _verifier_texte(donnees.decode("utf-16")), "UTF-16", []
        except UnicodeDecodeError:
            raise FichierIllisible(_BINAIRE) from None
    if b"\x00" in donnees[:4096]:
        raise FichierIllisible(_BINAIRE)
    try:
        texte = donnees.decode("utf-8")
    except UnicodeDecodeError:
        try:
            texte = donnees.decode("cp1252")
        except UnicodeDecodeError:
            raise FichierIllisible(_BINAIRE) from None
        return _verifier_texte(texte), "Windows-1252", []
    texte = _verifier_texte(texte)
    remarques: list[str] = []
    if _MOJIBAKE.search(texte):
        exemple = _MOJIBAKE.search(texte)
        try:
            repare = texte.encode("cp1252").decode("utf-8")
        except UnicodeError:
            remarques.append(
                "Certains accents semblent abîmés (« "
                + (exemple.group(0) if exemple else "")
                + " ») : le fichier a sans doute été converti deux fois. Vérifiez les noms."
            )
        else:
            remarques.append(
                "Accents réparés : le fichier avait été converti deux fois en UTF-8 "
                "(« Ã© » lu « é »). Vérifiez les noms dans l'aperçu."
            )
            texte = repare
    return texte, "UTF-8", remarques


_BINAIRE = (
    "Ce fichier ne contient pas de texte lisible : choisissez un classeur .xlsx ou un fichier "
    "CSV (texte séparé par des points-virgules, des virgules ou des tabulations)."
)


def _verifier_texte(texte: str) -> str:
    """Refuse un contenu binaire : trop de caractères de contrôle pour un texte."""
    echantillon = texte[:20000]
    controles = sum(1 for c in echantillon if ord(c) < 32 and c not in "\t\r\n")
    if controles > max(2, len(echantillon) // 100) or "\x00" in echantillon:
        raise FichierIllisible(_BINAIRE)
    return texte


def _refuser_extrait_finess(texte: str) -> None:
    debut = texte[:2000].lower()
    if debut.startswith("finess;etalab") or debut.startswith("structureet;"):
        raise FichierIllisible(
            "Ce fichier est l'extrait FINESS des établissements, pas une liste à importer : "
            "cherchez-y vos établissements avec « Chercher dans l'extrait FINESS… » (page "
            "« Établissements »)."
        )


def _choisir_separateur(texte: str) -> str | None:
    """Le séparateur qui découpe l'échantillon en un nombre de colonnes le plus régulier."""
    echantillon = "\n".join(texte.splitlines()[:_ECHANTILLON])
    meilleur: tuple[float, int] = (0.0, 1)
    choisi: str | None = None
    for separateur in SEPARATEURS:
        try:
            lignes = list(csv.reader(io.StringIO(echantillon), delimiter=separateur))
        except csv.Error:
            continue
        largeurs = [len(ligne) for ligne in lignes if any(c.strip() for c in ligne)]
        if not largeurs:
            continue
        largeur, nombre = Counter(largeurs).most_common(1)[0]
        score = (nombre / len(largeurs), largeur)
        if largeur > 1 and score > meilleur:
            meilleur, choisi = score, separateur
    return choisi


_XLSX_ILLISIBLE = (
    "Ce fichier n'est pas un classeur .xlsx lisible (archive incomplète ou autre format "
    "compressé) : ouvrez-le dans votre tableur et enregistrez-le au format .xlsx ou CSV."
)


def _controler_archive(donnees: bytes) -> None:
    """Avant d'ouvrir le classeur : le répertoire de l'archive dit combien de parties elle a
    et ce qu'elles pèsent une fois décompressées (le module zipfile refuse d'en lire plus que
    ce qui est annoncé). Une « bombe » (quelques Mo qui en feraient des Go) est refusée."""
    try:
        with zipfile.ZipFile(io.BytesIO(donnees)) as archive:
            membres = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FichierIllisible(_XLSX_ILLISIBLE) from None
    if len(membres) > MEMBRES_MAX_XLSX:
        raise FichierIllisible(
            f"Ce classeur compte {len(membres)} parties : ce n'est pas un classeur ordinaire "
            f"(au plus {MEMBRES_MAX_XLSX}) ; il n'a pas été lu."
        )
    total = sum(m.file_size for m in membres)
    if total > TAILLE_MAX_XLSX_DECOMPRESSE:
        raise FichierIllisible(
            f"Ce classeur se décompresse en {total // (1024 * 1024)} Mo : l'import en lit au "
            f"plus {TAILLE_MAX_XLSX_DECOMPRESSE // (1024 * 1024)} (une liste d'établissements "
            "en fait moins d'un). Enregistrez seulement la feuille des établissements, ou en "
            "CSV ; il n'a pas été lu."
        )
    cellules = _compter_cellules(donnees, [m for m in membres if _FEUILLE.match(m.filename)])
    if cellules > CELLULES_MAX_IMPORT:
        raise _trop_de_cellules(f"{cellules:_}".replace("_", "\u202f"))


_FEUILLE = re.compile(r"xl/worksheets/[^/]+\.xml$")
_CELLULE = re.compile(rb"<(?:\w+:)?c[\s/>]")


def _compter_cellules(donnees: bytes, feuilles: list[zipfile.ZipInfo]) -> int:
    """Les balises de cellule des feuilles, comptées en décompressant au fil de l'eau (sans
    analyser le XML : bien plus vite qu'openpyxl, qui les lirait une à une)."""
    total = 0
    with zipfile.ZipFile(io.BytesIO(donnees)) as archive:
        for feuille in feuilles:
            with archive.open(feuille) as flux:
                reste = b""
                while bloc := flux.read(1 << 20):
                    bloc = reste + bloc
                    coupure = max(
                        0, len(bloc) - 16
                    )  # une balise coupée est comptée au bloc suivant
                    total += len(_CELLULE.findall(bloc, 0, coupure))
                    reste = bloc[coupure:]
                total += len(_CELLULE.findall(reste))
    return total


def _trop_de_cellules(combien: str) -> FichierIllisible:
    return FichierIllisible(
        f"Ce classeur a trop de cellules ({combien} ; l'import en lit au plus "
        f"{CELLULES_MAX_IMPORT:_}) pour une liste d'établissements : gardez seulement les "
        "colonnes et lignes utiles ; rien n'a été importé.".replace("_", "\u202f")
    )


def lire_xlsx(donnees: bytes) -> Tableau:
    from openpyxl import load_workbook  # ici seulement : son import coûte ~0,1 s

    _controler_archive(donnees)
    try:
        classeur = load_workbook(io.BytesIO(donnees), read_only=True, data_only=True)
    except Exception:  # toute archive que openpyxl ne sait pas lire : même réponse
        raise FichierIllisible(_XLSX_ILLISIBLE) from None
    try:
        feuilles = [(f.title, _lignes_feuille(f)) for f in classeur.worksheets]
    except FichierIllisible:
        raise
    except Exception:  # cellule que openpyxl ne sait pas convertir, XML abîmé
        raise FichierIllisible(_XLSX_ILLISIBLE) from None
    finally:
        classeur.close()
    remplies = [(titre, lignes) for titre, lignes in feuilles if lignes]
    if not remplies:
        raise FichierIllisible("Le classeur est vide : aucune feuille ne contient de cellule.")
    titre, lignes = remplies[0]
    remarques = []
    if len(feuilles) > 1:
        autres = ", ".join(f"« {t} »" for t, _ in feuilles if t != titre)
        remarques.append(
            f"Seule la feuille « {titre} » est lue (la première qui contient des données ; "
            f"autres feuilles : {autres})."
        )
    return Tableau(lignes, f"classeur XLSX, feuille « {titre} »", tuple(remarques))


def _lignes_feuille(feuille: Any) -> tuple[tuple[str, ...], ...]:
    """Les lignes de la feuille, en texte, bornées en lignes remplies, colonnes et cellules
    lues (`bornes`) : la lecture s'arrête dès qu'une borne est dépassée."""
    lignes: list[tuple[str, ...]] = []
    feuille.reset_dimensions()  # pas de lignes complétées à la largeur annoncée par le fichier
    remplies = cellules_lues = 0
    for numero, rangee in enumerate(feuille.iter_rows(), start=1):
        cellules_lues += len(rangee)
        if cellules_lues > CELLULES_MAX_IMPORT or numero > LIGNES_MAX_FEUILLE:
            raise _trop_de_cellules(f"plus de {cellules_lues:_}".replace("_", "\u202f"))
        cellules = [_texte_cellule(c.value, getattr(c, "number_format", "")) for c in rangee]
        while cellules and not cellules[-1]:
            cellules.pop()
        if len(cellules) > COLONNES_MAX_IMPORT:
            raise FichierIllisible(
                f"Ligne {numero} de la feuille « {feuille.title} » : {len(cellules)} colonnes ; "
                f"l'import en lit au plus {COLONNES_MAX_IMPORT}. Rien n'a été importé."
            )
        if cellules:
            remplies += 1
            if remplies > LIGNES_MAX_IMPORT:
                raise _trop_de_lignes()
        lignes.append(tuple(cellules))
    while lignes and not lignes[-1]:
        lignes.pop()
    return tuple(lignes)


def _texte_cellule(valeur: object, format_nombre: str | None) -> str:
    """La cellule telle qu'un collage la donnerait : 62,5 % reste un pourcentage, un FINESS
    saisi comme nombre garde ses chiffres (le zéro perdu est rendu par `lire_finess`)."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, int | float):
        nombre = Decimal(repr(valeur)) if isinstance(valeur, float) else Decimal(valeur)
        if "%" in (format_nombre or ""):
            return _texte_decimal(nombre * 100) + " %"
        return _texte_decimal(nombre)
    if isinstance(valeur, datetime.datetime | datetime.date):
        return valeur.strftime("%d/%m/%Y")
    return str(valeur).strip()


def _texte_decimal(nombre: Decimal) -> str:
    texte = format(nombre.normalize(), "f")
    return texte.rstrip("0").rstrip(".") if "." in texte else texte


# --- la disposition des colonnes ------------------------------------------------------------


def deviner(tableau: Tableau) -> Disposition:
    """La disposition devinée d'après les titres, à la largeur du tableau."""
    devinee = deviner_disposition(tableau.lignes)
    largeur = tableau.nombre_colonnes
    attributs = (devinee.attributs + ("",) * largeur)[:largeur]
    return replace(devinee, attributs=attributs)


def avec_attributs(tableau: Tableau, attributs: Sequence[str], entete: bool) -> Disposition:
    """La disposition choisie par l'utilisateur ; les titres des colonnes non lues notés."""
    titres = tableau.lignes[0] if entete and tableau.lignes else ()
    ignorees = tuple(
        titre.strip()
        for titre, attribut in zip(titres, attributs, strict=False)
        if not attribut and titre.strip()
    )
    return Disposition(tuple(attributs), entete, ignorees)


def problemes(disposition: Disposition) -> list[str]:
    """Ce qui empêche de lire avec cette disposition : pas de FINESS, un champ deux fois."""
    resultat = []
    if "finess" not in disposition.attributs:
        resultat.append(
            "Aucune colonne n'est lue comme « FINESS » : indiquez celle qui porte le numéro "
            "FINESS géographique de chaque établissement."
        )
    for attribut, titre in COLONNES:
        colonnes = [lettre(i) for i, a in enumerate(disposition.attributs) if a == attribut]
        if len(colonnes) > 1:
            resultat.append(
                f"« {titre} » est choisi pour plusieurs colonnes ({', '.join(colonnes)}) : "
                "gardez-en une."
            )
    return resultat


def nom_de_champ(texte: str) -> str:
    """« finess », « part_activite_eligible », « Part éligible », « devis » → l'attribut ;
    « » si le texte ne désigne aucun champ."""
    propre = texte.strip()
    if propre in TITRES:
        return propre
    return attribut_entete(propre)


def disposition_imposee(texte: str, tableau: Tableau) -> Disposition:
    """Lit `--colonnes` : « finess=A,nom=C,categorie=Catégorie FINESS » (champ=colonne, la
    colonne par sa lettre, son numéro ou son titre) ou « finess,nom,,categorie » (un champ par
    colonne, dans l'ordre ; vide : colonne non lue). `DispositionInvalide` sinon."""
    elements = [e.strip() for e in texte.split(",")]
    largeur = max(tableau.nombre_colonnes, 1)
    attributs = [""] * largeur
    erreurs: list[str] = []
    par_titre = False
    noms = ", ".join(a for a, _ in COLONNES)
    if any("=" in e for e in elements):
        titres = [simplifier(t) for t in (tableau.lignes[0] if tableau.lignes else ())]
        for element in elements:
            if not element:
                continue
            champ_texte, egal, colonne_texte = element.partition("=")
            attribut = nom_de_champ(champ_texte)
            if not egal or not attribut:
                erreurs.append(
                    f"--colonnes : « {element} » : champ=colonne attendu, avec un champ parmi "
                    f"{noms}"
                )
                continue
            colonne, titre = _colonne(colonne_texte.strip(), titres)
            if colonne is None or colonne >= largeur:
                erreurs.append(
                    f"--colonnes : colonne « {colonne_texte.strip()} » introuvable (lettre A à "
                    f"{lettre(largeur - 1)}, numéro 1 à {largeur}, ou titre de la première ligne)"
                )
                continue
            par_titre = par_titre or titre
            if attributs[colonne]:
                erreurs.append(
                    f"--colonnes : la colonne {lettre(colonne)} est donnée à deux champs "
                    f"({TITRES[attributs[colonne]]} et {TITRES[attribut]})"
                )
                continue
            attributs[colonne] = attribut
    else:
        if len(elements) > largeur:
            largeur = len(elements)
            attributs = [""] * largeur
        for i, element in enumerate(elements):
            if element in ("", "-"):
                continue
            attribut = nom_de_champ(element)
            if not attribut:
                erreurs.append(
                    f"--colonnes : « {element} » (colonne {lettre(i)}) ne désigne aucun champ ; "
                    f"champs possibles : {noms} (ou vide pour ne pas lire la colonne)"
                )
            attributs[i] = attribut
    disposition = avec_attributs(
        tableau, attributs, _entete_probable(tableau, attributs, par_titre)
    )
    erreurs += [f"--colonnes : {p}" for p in problemes(disposition)]
    if erreurs:
        raise DispositionInvalide(erreurs)
    return disposition


def _entete_probable(tableau: Tableau, attributs: Sequence[str], par_titre: bool) -> bool:
    """Des titres en première ligne : désignés par leur titre, reconnus comme tels, ou une
    cellule sans chiffre là où la colonne FINESS attend un numéro."""
    if par_titre or deviner_disposition(tableau.lignes).entete:
        return True
    premiere = tableau.lignes[0] if tableau.lignes else ()
    if "finess" in attributs and attributs.index("finess") < len(premiere):
        cellule = premiere[attributs.index("finess")].strip()
        return bool(cellule) and not any(c.isdigit() for c in cellule)
    return False


def _colonne(texte: str, titres: Sequence[str]) -> tuple[int | None, bool]:
    """La colonne désignée (0 pour A) et si elle l'est par son titre, préféré à une lettre
    (« Nom » est un titre avant d'être la colonne NOM)."""
    cle = simplifier(texte)
    if cle and cle in titres:
        return titres.index(cle), True
    if texte.isdigit():
        return (int(texte) - 1 if int(texte) >= 1 else None), False
    if re.fullmatch(r"[A-Za-z]{1,3}", texte):
        return _rang_de_lettre(texte), False
    return None, False


# --- lire les établissements ----------------------------------------------------------------


def lire_etablissements(
    tableau: Tableau,
    disposition: Disposition,
    organisme: str = "",
    finess_du_dossier: Iterable[str] = (),
    organismes: Sequence[OrganismeGestionnaire] = (),
) -> Collage:
    """Les lignes du fichier lues comme un collage ; la description du fichier et ce que sa
    lecture a supposé viennent en remarques. `organismes` : ceux du dossier, que la colonne
    « Organisme gestionnaire » désigne (une ligne sans organisme prend `organisme`)."""
    collage = lire_lignes(
        tableau.lignes,
        disposition,
        organisme,
        finess_du_dossier,
        origine="le fichier",
        organismes=organismes,
    )
    remarques = (f"Fichier lu : {tableau.description}.", *tableau.remarques)
    return replace(collage, remarques=remarques)
