"""La porte de lecture des fichiers dossier (sans Qt) : tout ce qui précède la lecture champ
par champ (`fichier.dossier.lire_dossier`).

- **le fichier** : un fichier ordinaire (pas un dossier, un tube, `/dev/zero`), d'au plus
  `bornes.TAILLE_MAX_FICHIER_DOSSIER` ; ouvert sans attendre (un tube ne bloque pas), lu au
  plus jusqu'à la borne (un fichier qui grossit pendant la lecture est arrêté) ;
- **l'encodage** : UTF-8, avec ou sans BOM ; UTF-16 avec BOM (« Unicode » du Bloc-notes)
  accepté ; UTF-16 sans BOM et tout autre contenu non UTF-8 refusés, avec un message qui dit
  quoi faire ;
- **le JSON** : nombres d'au plus `bornes.CHIFFRES_MAX_NOMBRE` caractères (les décimaux restent
  des `Decimal` exacts), `NaN` et `Infinity` refusés, imbrication d'au plus
  `bornes.PROFONDEUR_MAX_JSON` niveaux ;
- **les textes** (valeurs et clés, y compris les clés inconnues gardées telles quelles) : pas
  de demi-caractère UTF-16 isolé (`"\\ud800"`), pas de caractère de contrôle autre que
  tabulation et fins de ligne, pas de non-caractère U+FFFE / U+FFFF — chacun signalé avec
  le chemin du champ (`etablissements[2].nom`).

Seule `ErreurLecture` (une `ValueError`) en sort : ni `ValueError` de Python, ni
`RecursionError`, ni `OverflowError`, ni `UnicodeDecodeError`.
"""

import codecs
import json
import os
import re
import stat
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app_bureau.bornes import (
    CHIFFRES_MAX_NOMBRE,
    LONGUEUR_MAX_TEXTE,
    PROFONDEUR_MAX_JSON,
    TAILLE_MAX_FICHIER_DOSSIER,
    citer,
)

INTERDITS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Ce qu'un texte ne contient jamais : caractères de contrôle (sauf tabulation, fins de
ligne), demi-caractères UTF-16 isolés, non-caractères U+FFFE et U+FFFF. Ni SQLite (UTF-8), ni
le classeur (XML), ni le PDF ne sauraient les écrire."""


@dataclass(frozen=True)
class Probleme:
    chemin: str
    message: str


class ErreurLecture(ValueError):
    """Le fichier ou le texte ne peut pas être lu comme un dossier ; chaque problème avec le
    chemin du champ (vide : le fichier entier)."""

    def __init__(self, problemes: list[Probleme]) -> None:
        super().__init__("\n".join(f"{p.chemin} : {p.message}" for p in problemes))
        self.problemes = problemes


def _refus(message: str) -> ErreurLecture:
    return ErreurLecture([Probleme("", message)])


def _mo(octets: int) -> str:
    return f"{octets / (1024 * 1024):.0f} Mo"


# --- le fichier ------------------------------------------------------------------------------


def lire_octets(chemin: Path, limite: int = TAILLE_MAX_FICHIER_DOSSIER) -> bytes:
    """Le contenu d'un fichier ordinaire d'au plus `limite` octets ; `ErreurLecture` sinon."""
    drapeaux = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descripteur = os.open(chemin, drapeaux)
    except FileNotFoundError:
        raise _refus(f"fichier introuvable : {chemin}") from None
    except IsADirectoryError:
        raise _refus(f"{chemin} est un dossier, pas un fichier dossier") from None
    except PermissionError:
        raise _refus(f"lecture de {chemin} refusée (fichier protégé)") from None
    except OSError as exc:
        raise _refus(f"lecture impossible de {chemin} ({exc.strerror or exc})") from None
    try:
        etat = os.fstat(descripteur)
        if stat.S_ISDIR(etat.st_mode):
            raise _refus(f"{chemin} est un dossier, pas un fichier dossier")
        if not stat.S_ISREG(etat.st_mode):
            raise _refus(
                f"{chemin} n'est pas un fichier ordinaire (périphérique, tube…) : il n'est pas lu"
            )
        if etat.st_size > limite:
            raise _refus(
                f"{chemin} pèse {_mo(etat.st_size)} : un fichier dossier ne dépasse pas "
                f"{_mo(limite)} (2 000 ESSMS en font environ 1) ; ce n'est pas un fichier dossier"
            )
        with open(descripteur, "rb", closefd=False) as fichier:
            contenu = fichier.read(limite + 1)
    except OSError as exc:
        raise _refus(f"lecture impossible de {chemin} ({exc.strerror or exc})") from None
    finally:
        os.close(descripteur)
    if len(contenu) > limite:
        raise _refus(f"{chemin} dépasse {_mo(limite)} : ce n'est pas un fichier dossier")
    return contenu


def texte_de(contenu: bytes, chemin: Path | str = "le fichier") -> str:
    """Le texte d'un fichier dossier : UTF-8 (BOM accepté) ou UTF-16 avec BOM."""
    if contenu.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return contenu.decode("utf-16")
        except UnicodeDecodeError:
            raise _refus(
                f"lecture impossible de {chemin} : texte UTF-16 abîmé ; enregistrez-le en UTF-8"
            ) from None
    if contenu.startswith(codecs.BOM_UTF8):
        contenu = contenu[len(codecs.BOM_UTF8) :]
    try:
        return contenu.decode("utf-8")
    except UnicodeDecodeError as exc:
        debut = contenu[:200]
        if debut[1::2].count(0) > len(debut) // 4 or debut[0::2].count(0) > len(debut) // 4:
            raise _refus(
                f"lecture impossible de {chemin} : texte UTF-16 sans marque d'ordre (BOM) ; "
                "enregistrez-le en UTF-8"
            ) from None
        ligne = contenu[: exc.start].count(b"\n") + 1
        raise _refus(
            f"lecture impossible de {chemin} : ce n'est pas du texte UTF-8 (octet invalide "
            f"ligne {ligne}) ; enregistrez-le en UTF-8, ou ce n'est pas un fichier dossier"
        ) from None


def lire_json(chemin: Path) -> Any:
    """Le JSON d'un fichier dossier, contrôlé (voir le module)."""
    return decoder_json(texte_de(lire_octets(chemin), chemin))


# --- le JSON ---------------------------------------------------------------------------------


class _NombreDemesure:
    """Un nombre écrit trop long pour être converti : signalé ensuite avec son chemin."""

    def __init__(self, texte: str) -> None:
        self.longueur = len(texte)


def _entier(texte: str) -> int | _NombreDemesure:
    return int(texte) if len(texte) <= CHIFFRES_MAX_NOMBRE else _NombreDemesure(texte)


def _decimal(texte: str) -> Decimal | _NombreDemesure:
    if len(texte) > CHIFFRES_MAX_NOMBRE:
        return _NombreDemesure(texte)
    try:
        return Decimal(texte)
    except InvalidOperation:  # impossible pour un nombre JSON : par prudence
        return _NombreDemesure(texte)


def _constante(texte: str) -> None:
    raise _refus(f"« {texte} » n'est pas un nombre permis dans un fichier dossier")


def decoder_json(texte: str) -> Any:
    """Décode le JSON (décimaux exacts), puis contrôle nombres, profondeur et textes ;
    `ErreurLecture` au moindre problème, tous les problèmes de texte listés."""
    if texte.startswith("\ufeff"):
        texte = texte[1:]
    try:
        donnees = json.loads(
            texte, parse_float=_decimal, parse_int=_entier, parse_constant=_constante
        )
    except json.JSONDecodeError as exc:
        raise _refus(f"JSON mal formé, ligne {exc.lineno}, colonne {exc.colno}") from None
    except RecursionError:
        raise _refus(
            f"JSON imbriqué trop profondément (au plus {PROFONDEUR_MAX_JSON} niveaux)"
        ) from None
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, ErreurLecture):
            raise
        raise _refus(f"JSON illisible ({citer(exc)})") from None
    problemes = controler(donnees)
    if problemes:
        raise ErreurLecture(problemes)
    return donnees


def _chemin(parent: str, cle: str | int) -> str:
    if isinstance(cle, int):
        return f"{parent}[{cle}]"
    return f"{parent}.{cle}" if parent else cle


def probleme_texte(texte: str) -> str | None:
    """Pourquoi ce texte ne peut pas être gardé ; None s'il le peut."""
    trouve = INTERDITS.search(texte)
    if trouve is None:
        return None
    caractere = trouve.group()
    if "\ud800" <= caractere <= "\udfff":
        quoi = f"demi-caractère UTF-16 isolé (U+{ord(caractere):04X})"
    else:
        quoi = f"caractère de contrôle U+{ord(caractere):04X}"
    return f"{quoi} en position {trouve.start() + 1} : ce n'est pas du texte"


def probleme_saisie(texte: str) -> str | None:
    """Pourquoi un texte saisi (à l'écran, collé, importé) est refusé : trop long
    (`bornes.LONGUEUR_MAX_TEXTE`) ou pas du texte. Les mêmes bornes qu'à la lecture d'un
    fichier dossier : ce qui est saisi s'exporte et se relit."""
    if len(texte.strip()) > LONGUEUR_MAX_TEXTE:
        return f"texte trop long ({len(texte.strip())} caractères ; au plus {LONGUEUR_MAX_TEXTE})"
    return probleme_texte(texte)


def controler(donnees: Any) -> list[Probleme]:
    """Parcourt le JSON décodé sans récursion : profondeur, nombres démesurés, textes."""
    problemes: list[Probleme] = []
    pile: list[tuple[Any, str, int]] = [(donnees, "", 0)]
    while pile and len(problemes) < 100:
        valeur, chemin, profondeur = pile.pop()
        if isinstance(valeur, dict | list):
            if profondeur >= PROFONDEUR_MAX_JSON:
                problemes.append(
                    Probleme(
                        chemin,
                        f"imbrication trop profonde (au plus {PROFONDEUR_MAX_JSON} niveaux)",
                    )
                )
                continue
            elements = valeur.items() if isinstance(valeur, dict) else enumerate(valeur)
            enfants = []
            for cle, enfant in elements:
                if isinstance(cle, str) and (probleme := probleme_texte(cle)):
                    problemes.append(Probleme(chemin, f"nom de clé invalide : {probleme}"))
                    continue
                enfants.append((enfant, _chemin(chemin, cle), profondeur + 1))
            pile.extend(reversed(enfants))
        elif isinstance(valeur, str):
            if probleme := probleme_texte(valeur):
                problemes.append(Probleme(chemin, probleme))
        elif isinstance(valeur, _NombreDemesure):
            problemes.append(
                Probleme(
                    chemin,
                    f"nombre de {valeur.longueur} caractères : bien trop grand (au plus "
                    f"{CHIFFRES_MAX_NOMBRE} caractères)",
                )
            )
    return problemes
