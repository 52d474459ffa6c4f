"""Chercher des établissements dans l'extrait FINESS publié en open data (sans Qt).

L'extrait des établissements (data.gouv.fr, « FINESS Extraction du Fichier des
établissements », `etalab-cs1100507-stock-*.csv`) est un CSV sans titres, séparé par des
points-virgules : une première ligne de métadonnées (`finess;etalab;95;2024-03-06`), puis une
ligne `structureet` par établissement (32 champs, voir `CHAMPS`) et, selon les éditions, des
lignes `geolocalisation` que l'on saute. Il compte plus de 100 000 établissements : il est lu
par blocs d'environ 1 Mo, sans jamais être chargé en entier. Chaque bloc est plié (minuscules,
sans accents) sans être décodé ; un bloc où manque le numéro ou l'un des mots est sauté d'un
coup, sinon une expression régulière y trouve les lignes dont le nom ou la commune contient
le mot le plus long. Seules ces lignes candidates sont décodées, découpées et vérifiées :
un mot présent partout mais hors du nom (« agees », dans les libellés de catégorie) ne fait
pas découper tout le fichier.

Les établissements choisis deviennent des lignes d'import comme un collage
(`saisie.collage.lire_lignes`) : FINESS contrôlé, doublons refusés, catégorie et
champ ; l'adresse et le SIRET sont gardés dans `Etablissement.autres` (clés `adresse`,
`siret`).
"""

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import BinaryIO

from app_bureau.identifiants import erreur_siret, normaliser
from app_bureau.modele import Champ
from app_bureau.referentiel.categories_finess import categorie
from app_bureau.referentiel.ressources import donnees_json
from app_bureau.referentiel.territoires import territoire
from app_bureau.saisie.collage import Collage, Disposition, lire_lignes

CHAMPS = (
    "section",
    "nofinesset",
    "nofinessej",
    "rs",
    "rslongue",
    "complrs",
    "compldistrib",
    "numvoie",
    "typvoie",
    "voie",
    "compvoie",
    "lieuditbp",
    "commune",
    "departement",
    "libdepartement",
    "ligneacheminement",
    "telephone",
    "telecopie",
    "categetab",
    "libcategetab",
    "categagretab",
    "libcategagretab",
    "siret",
    "codeape",
    "codemft",
    "libmft",
    "codesph",
    "libsph",
    "dateouv",
    "dateautor",
    "datemaj",
    "numuai",
)
"""Les champs d'une ligne `structureet`, dans l'ordre du fichier."""
_I = {nom: i for i, nom in enumerate(CHAMPS)}

LIMITE = 500
"""Au-delà, la recherche s'arrête : l'utilisateur doit la préciser."""
_BLOC = 1 << 20  # octets lus d'un coup (coupés en fin de ligne) ; une nouvelle par bloc

# Types de voie courants du FINESS (nomenclature des types de voie) ; les autres restent codés.
_TYPES_VOIE = {
    "AV": "AVENUE",
    "BD": "BOULEVARD",
    "CHE": "CHEMIN",
    "IMP": "IMPASSE",
    "PL": "PLACE",
    "R": "RUE",
    "RTE": "ROUTE",
    "ALL": "ALLEE",
    "QUA": "QUAI",
    "CRS": "COURS",
    "SQ": "SQUARE",
}

Progression = Callable[[int, int], None]
"""`progression(octets_lus, taille_du_fichier)`, appelée de loin en loin pendant la lecture."""


class ExtraitInvalide(ValueError):
    """Le fichier n'est pas l'extrait FINESS attendu, ou la recherche est vide ; en français."""


@dataclass(frozen=True)
class StructureFiness:
    """Un établissement de l'extrait, ce que l'application en retient."""

    finess: str
    finess_juridique: str
    nom: str
    categorie: str
    libelle_categorie: str
    adresse: str
    commune: str
    departement: str
    """Code INSEE du département (971 pour le code FINESS 9A) ; le code brut s'il est inconnu."""
    siret: str

    @property
    def territoire(self) -> str:
        """« La Réunion (974) » ; le code seul si le territoire est inconnu."""
        t = territoire(self.departement)
        return f"{t.nom} ({t.code})" if t else self.departement


@dataclass(frozen=True)
class Recherche:
    requete: str
    par_numero: bool
    """True : un FINESS (juridique ou géographique) ; False : des mots du nom."""
    structures: tuple[StructureFiness, ...]
    lignes_lues: int
    """Lignes `structureet` parcourues."""
    tronquee: bool
    """La limite est atteinte : d'autres établissements répondent aussi."""
    date_extrait: str
    """La date de la première ligne (métadonnées), « » si absente."""


@cache
def departements_finess() -> dict[str, str]:
    """Codes de département propres au FINESS (« 9A ») → code INSEE (« 971 »)."""
    return dict(donnees_json("territoires.json")["departements_extrait_finess"]["codes"])


def departement_insee(code: str) -> str:
    """Le code INSEE d'un champ `departement` de l'extrait : « 9D » → « 974 », « 35 » → « 35 »."""
    code = code.strip().upper()
    return departements_finess().get(code, code)


def plier(texte: str) -> str:
    """Minuscules sans accents ni ligatures, pour comparer des noms : « Cœur » → « coeur »."""
    texte = texte.lower()
    if texte.isascii():
        return texte
    texte = texte.replace("œ", "oe").replace("æ", "ae")
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()


def _mots(texte: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in plier(texte)).split()


def _numero_cherche(requete: str) -> str | None:
    """Le FINESS cherché si la requête en est un (8 chiffres : zéro de tête perdu)."""
    numero = normaliser(requete)
    if len(numero) == 8 and numero.isdigit():
        numero = "0" + numero
    if len(numero) == 9 and (numero.isdigit() or numero[:2] in ("2A", "2B")):
        return numero
    return None


def _decoder(ligne: bytes) -> str:
    try:
        return ligne.decode("utf-8")
    except UnicodeDecodeError:  # anciennes éditions en Windows-1252
        return ligne.decode("cp1252", errors="replace")


def _champs(ligne: bytes) -> list[str]:
    """Les champs d'une ligne ; un retour chariot égaré au milieu (édition abîmée) compte
    pour une espace, et une ligne que le module csv refuse est découpée aux « ; »."""
    texte = _decoder(ligne).rstrip("\r\n").replace("\r", " ")
    if '"' in texte:
        try:
            return next(csv.reader([texte], delimiter=";"))
        except (csv.Error, StopIteration):
            return texte.split(";")
    return texte.split(";")


def _table_de_pliage() -> bytes:
    """Plier du texte UTF-8 sans le décoder : une lettre latine accentuée s'écrit C3 xx, où
    xx + 0x40 est son code (é : C3 A9, U+00E9) ; on efface C3 et remplace xx par la lettre de
    base. Un octet dont la lettre ne se plie pas en une lettre ASCII (ß, æ, ø…) reste tel quel."""
    table = bytearray(range(256))
    for octet in range(0x80, 0xC0):
        lettre = plier(chr(octet + 0x40))
        if len(lettre) == 1 and lettre.isalpha():
            table[octet] = ord(lettre)
    return bytes(table)


_TABLE_PLIAGE = _table_de_pliage()


def _plier_octets(texte: bytes) -> bytes | None:
    """`texte` en minuscules sans accents, comme `plier`, sans le décoder ; None si ce n'est
    pas possible (UTF-8 invalide, caractère hors Latin-1) : il faut alors décoder. Les fins de
    ligne sont gardées : la n-ième ligne pliée est la n-ième ligne du texte."""
    basse = texte.lower()
    if basse.isascii():
        return basse
    try:
        texte.decode("utf-8")  # UTF-8 valide : chaque C3 est suivi d'un seul octet de suite
    except UnicodeDecodeError:
        return None
    if b"\xc5" in basse:  # œ, Œ
        basse = basse.replace(b"\xc5\x93", b"oe").replace(b"\xc5\x92", b"oe")
    pliee = basse.translate(_TABLE_PLIAGE, b"\xc3")
    return pliee if pliee.isascii() else None


def _blocs(fichier: BinaryIO) -> Iterator[bytes]:
    """Le fichier par blocs d'environ 1 Mo, chacun fait de lignes entières."""
    reste = b""
    while bloc := fichier.read(_BLOC):
        bloc = reste + bloc
        fin = bloc.rfind(b"\n") + 1
        reste = bloc[fin:]
        if fin:
            yield bloc[:fin]
    if reste:
        yield reste


def _candidates(bloc: bytes, numero: str | None, mots: list[bytes]) -> list[bytes]:
    """Les lignes du bloc qui contiennent le numéro, ou dont le nom et la commune pliés
    contiennent tous les mots : un filtre sur le texte brut, qui ne peut pas écarter une ligne
    qui répond (la vérification sur les champs décodés vient ensuite)."""
    if numero:
        return _lignes_contenant(bloc, numero.encode())
    plie = _plier_octets(bloc)
    if plie is not None:  # tout le bloc plié d'un coup : le cas courant
        return _lignes_au_nom(bloc, plie, mots)
    candidates = []
    for ligne in bloc.split(b"\n"):
        pliee = _plier_octets(ligne)
        if pliee is None or _nom_contient(pliee, mots):
            candidates.append(ligne)
    return candidates


_ZONE_DU_NOM = (_I["rs"], _I["rslongue"], _I["ligneacheminement"])


def _nom_contient(ligne_pliee: bytes, mots: list[bytes]) -> bool:
    """Les mots sont-ils dans le nom court, le nom long ou la commune de la ligne pliée ?
    Un mot ailleurs (libellé de catégorie, adresse) ne suffit pas. Avec des guillemets, un
    champ peut contenir un « ; » : on regarde alors toute la ligne."""
    if b'"' in ligne_pliee:
        return all(m in ligne_pliee for m in mots)
    champs = ligne_pliee.split(b";")
    zone = b" ".join(champs[i] for i in _ZONE_DU_NOM if i < len(champs))
    return all(m in zone for m in mots)


@cache
def _motif_du_nom(mot: bytes) -> re.Pattern[bytes]:
    """Une ligne `structureet` (précédée de sa fin de ligne) dont le nom court (4e champ), le
    nom long (5e) ou la commune (16e) contient `mot` ; le moteur d'expressions régulières
    parcourt les lignes sans boucle Python, même quand le mot est dans toutes (« agees »)."""
    champ, m = rb"[^;\n]*", re.escape(mot)
    debut = rb"\nstructureet;" + champ + b";" + champ + b";"
    commune = rb"(?:" + champ + rb";){%d}" % (_I["ligneacheminement"] - _I["rs"])
    return re.compile(
        debut + rb"(?:%s%s|%s;%s%s|%s%s%s)" % (champ, m, champ, champ, m, commune, champ, m)
    )


def _lignes_au_nom(bloc: bytes, plie: bytes, mots: list[bytes]) -> list[bytes]:
    """Les lignes de `bloc` dont la ligne pliée de même rang répond à `_nom_contient`."""
    if not all(m in plie for m in mots):
        return []
    ancre = max(mots, key=len)
    debuts = {trouve.start() for trouve in _motif_du_nom(ancre).finditer(b"\n" + plie)}
    position = 0
    while (guillemet := plie.find(b'"', position)) != -1:  # « ; » possible entre guillemets
        debuts.add(plie.rfind(b"\n", 0, guillemet) + 1)
        fin = plie.find(b"\n", guillemet)
        position = len(plie) if fin == -1 else fin + 1
    gardes = []
    for debut in sorted(debuts):
        fin = plie.find(b"\n", debut)
        if _nom_contient(plie[debut : len(plie) if fin == -1 else fin], mots):
            gardes.append(debut)
    return _lignes_aux_debuts(bloc, plie, gardes)


def _lignes_contenant(bloc: bytes, aiguille: bytes) -> list[bytes]:
    """Les lignes de `bloc` qui contiennent `aiguille`, d'une occurrence à la suivante."""
    debuts = []
    position = 0
    while (trouve := bloc.find(aiguille, position)) != -1:
        debuts.append(bloc.rfind(b"\n", 0, trouve) + 1)
        fin = bloc.find(b"\n", trouve)
        position = len(bloc) if fin == -1 else fin + 1
    return _lignes_aux_debuts(bloc, bloc, debuts)


def _lignes_aux_debuts(bloc: bytes, texte: bytes, debuts: list[int]) -> list[bytes]:
    """Les lignes de `bloc` de même rang que les lignes de `texte` qui commencent aux
    positions `debuts` (croissantes) ; le pliage garde les fins de ligne, donc les rangs."""
    if not debuts:
        return []
    lignes = bloc.split(b"\n")
    rangs, rang, compte_jusqu_a = [], 0, 0
    for debut in debuts:
        rang += texte.count(b"\n", compte_jusqu_a, debut)
        compte_jusqu_a = debut
        rangs.append(rang)
    return [lignes[r] for r in rangs]


def chercher(
    chemin: Path,
    requete: str,
    progression: Progression | None = None,
    limite: int = LIMITE,
) -> Recherche:
    """Les établissements dont le FINESS juridique ou géographique est `requete`, ou dont le
    nom (court ou long) et la commune contiennent tous les mots de `requete`, sans accents ni
    majuscules. Le fichier est lu par blocs, jamais en entier ; `ExtraitInvalide` s'il n'est
    pas l'extrait des établissements."""
    numero = _numero_cherche(requete)
    mots = [] if numero else _mots(requete)
    if not numero and not mots:
        raise ExtraitInvalide("Indiquez un numéro FINESS ou au moins un mot du nom.")
    try:
        taille = chemin.stat().st_size
        fichier = chemin.open("rb")
    except OSError as exc:
        raise ExtraitInvalide(f"{chemin.name} ne peut pas être lu ({exc.strerror}).") from None
    trouves: list[StructureFiness] = []
    lues = lus = 0
    date = ""
    tronquee = False
    with fichier:
        premiere = fichier.readline()
        entete = _champs(premiere)
        if entete[0] == "finess":
            lus = len(premiere)
            date = entete[3].strip() if len(entete) > 3 else ""
        elif entete[0] == "structureet":
            fichier.seek(0)
        else:
            raise ExtraitInvalide(
                f"{chemin.name} n'est pas l'extrait FINESS des établissements : sa première "
                "ligne devrait commencer par « finess;etalab » (fichier "
                "etalab-cs1100507-stock-….csv de data.gouv.fr)."
            )
        for bloc in _blocs(fichier):
            lus += len(bloc)
            lues += bloc.count(b"\nstructureet;") + bloc.startswith(b"structureet;")
            for ligne in _candidates(bloc, numero, [m.encode() for m in mots]):
                structure = _lire_si_elle_repond(ligne, numero, mots)
                if structure is None:
                    continue
                if len(trouves) == limite:
                    tronquee = True
                    break
                trouves.append(structure)
            if progression:
                progression(lus, taille)
            if tronquee:
                break
    if not lues:
        raise ExtraitInvalide(
            f"{chemin.name} ne contient aucune ligne « structureet » : ce n'est pas l'extrait "
            "des établissements (etalab-cs1100507-stock-….csv)."
        )
    return Recherche(requete.strip(), numero is not None, tuple(trouves), lues, tronquee, date)


def _lire_si_elle_repond(
    ligne: bytes, numero: str | None, mots: list[str]
) -> StructureFiness | None:
    """La structure de la ligne si c'est un établissement qui répond vraiment : le numéro en
    FINESS géographique ou juridique, ou les mots dans le nom ou la commune."""
    if not ligne.startswith(b"structureet;"):
        return None
    champs = _champs(ligne)
    if len(champs) <= _I["siret"]:
        return None
    if numero:
        if numero not in (champs[_I["nofinesset"]], champs[_I["nofinessej"]]):
            return None
    else:
        nom = " ".join(champs[_I[c]] for c in ("rs", "rslongue", "ligneacheminement"))
        plie = " ".join(_mots(nom))
        if not all(m in plie for m in mots):
            return None
    return _structure(champs)


def _structure(champs: list[str]) -> StructureFiness:
    def champ(nom: str) -> str:
        i = _I[nom]
        return champs[i].strip() if i < len(champs) else ""

    type_voie = champ("typvoie")
    voie = " ".join(
        p
        for p in (
            champ("numvoie"),
            champ("compvoie"),
            _TYPES_VOIE.get(type_voie.upper(), type_voie),
            champ("voie"),
        )
        if p
    )
    parties = (champ("compldistrib"), voie, champ("lieuditbp"))
    adresse = ", ".join(p for p in (*parties, champ("ligneacheminement")) if p)
    return StructureFiness(
        finess=champ("nofinesset"),
        finess_juridique=champ("nofinessej"),
        nom=champ("rslongue") or champ("rs"),
        categorie=champ("categetab"),
        libelle_categorie=champ("libcategetab"),
        adresse=adresse,
        commune=champ("ligneacheminement"),
        departement=departement_insee(champ("departement")),
        siret=champ("siret"),
    )


# --- des structures choisies aux lignes d'import --------------------------------------------

_DISPOSITION = Disposition(("finess", "nom", "categorie", "champ"), entete=False)


def champ_de(code_categorie: str) -> Champ:
    """Le champ que propose la catégorie ; « autre » si l'application ne la connaît pas."""
    cat = categorie(code_categorie)
    return cat.champ if cat else Champ.AUTRE


def lire_structures(
    structures: Sequence[StructureFiness],
    organisme: str = "",
    finess_du_dossier: Iterable[str] = (),
) -> Collage:
    """Les structures choisies, lues comme un collage (FINESS contrôlé, doublons, catégorie) ;
    l'adresse et le SIRET vont dans `autres`."""
    # Jamais de ligne toute vide (le champ est toujours rempli) : une ligne lue par structure.
    lignes = [(s.finess, s.nom, s.categorie, champ_de(s.categorie).value) for s in structures]
    collage = lire_lignes(lignes, _DISPOSITION, organisme, finess_du_dossier, "la sélection")
    lues = []
    for ligne, structure in zip(collage.lignes, structures, strict=True):
        avertissements = list(ligne.avertissements)
        autres: dict[str, str] = {}
        if structure.adresse:
            autres["adresse"] = structure.adresse
        if structure.siret and erreur_siret(structure.siret) is None:
            autres["siret"] = structure.siret
        elif structure.siret:
            avertissements.append(
                f"SIRET : « {structure.siret} » invalide dans l'extrait, non repris"
            )
        etablissement = ligne.etablissement and replace(ligne.etablissement, autres=autres)
        lues.append(
            replace(ligne, etablissement=etablissement, avertissements=tuple(avertissements))
        )
    return replace(collage, lignes=tuple(lues))
