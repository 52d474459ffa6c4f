"""Les bornes de ce que l'application accepte, en un seul endroit (sans Qt).

Validation, stockage et exports acceptent exactement le même ensemble : ce que la lecture
d'un fichier dossier accepte peut être importé, enregistré, et exporté en PDF, en classeur et
en fichier dossier. Chaque borne est bien au-delà d'un dossier réel ; elle protège contre un
fichier abîmé ou hostile (un nom d'un million de caractères, un nombre de 5 000 chiffres).
Les messages d'erreur citent la borne, pour que l'utilisateur sache quoi corriger.
"""

import re
from decimal import Decimal

# --- fichiers --------------------------------------------------------------------------------

TAILLE_MAX_FICHIER_DOSSIER = 50 * 1024 * 1024
"""50 Mo : un fichier dossier de 2 000 ESSMS pèse environ 1 Mo. Au-delà, il est refusé avant
d'être lu (taille connue par le système) ; s'il grossit pendant la lecture, la lecture
s'arrête à la borne."""

PROFONDEUR_MAX_JSON = 32
"""Objets et listes imbriqués : le format 1 en utilise 4 (dossier → etablissements → liste
→ établissement) ; les clés inconnues gardées telles quelles en ont un peu plus. Au-delà,
le fichier est refusé (sinon : dépassement de pile de l'analyseur JSON)."""

CHIFFRES_MAX_NOMBRE = 40
"""Caractères d'un nombre écrit dans le fichier (« 123.45 », « 1e5 ») : au-delà, refusé avant
d'être converti (un entier de 5 000 chiffres coûte cher, et Python refuse au-delà de 4 300)."""

# --- champs ----------------------------------------------------------------------------------

LONGUEUR_MAX_TEXTE = 500
"""Caractères d'un texte saisi (nom, raison sociale, éditeur, logiciel, contact…). Le plus
long nom d'ESSMS du FINESS compte une centaine de caractères. Un texte plus long est refusé
à la lecture, avec le chemin du champ."""

ENTIER_MAX_SQLITE = 2**63 - 1
"""Le plus grand entier que SQLite stocke : aucun entier lu ne doit le dépasser (sinon
`OverflowError` au moment d'enregistrer)."""

NOMBRE_ESSMS_GERES_MAX = 10_000
"""ESSMS gérés par un organisme gestionnaire : les plus grands en gèrent quelques centaines."""

PERSONNES_ACCOMPAGNEES_MAX = 1_000_000
"""Personnes accompagnées par un ESSMS : un service à domicile en suit quelques milliers."""

ENTIER_MAX_DEFAUT = 1_000_000
"""Tout autre entier saisi (capacité en places…)."""

ENTIERS_MAX = {
    "organismes[].nombre_essms_geres": NOMBRE_ESSMS_GERES_MAX,
    "etablissements[].personnes_accompagnees": PERSONNES_ACCOMPAGNEES_MAX,
}
"""La borne de chaque entier du fichier dossier, par chemin de champ (`champs_dossier`)."""

NUMERO_DOSSIER_MAX = ENTIER_MAX_SQLITE
"""Le n° d'un dossier de la base donné en ligne de commande."""

MONTANT_MAX = Decimal(100_000_000)
"""100 M€ : plafond d'un montant saisi (devis éditeur d'un ESSMS). Les totaux d'un dossier
restent ainsi loin des limites des calculs décimaux et de leur mise en forme."""

# --- import CSV / XLSX -----------------------------------------------------------------------

LIGNES_MAX_IMPORT = 10_000
"""Lignes d'un fichier d'établissements (une grappe réelle en compte quelques dizaines)."""

COLONNES_MAX_IMPORT = 200
"""Colonnes lues d'un fichier d'établissements."""

CELLULES_MAX_IMPORT = 200_000
"""Cellules d'un classeur (10 000 lignes de 20 colonnes) : comptées dans l'archive avant de
l'ouvrir, puis à la lecture ; au-delà, le fichier est refusé avant d'occuper trop de temps
(openpyxl lit environ 25 000 cellules par seconde) et de mémoire."""

TAILLE_MAX_XLSX_DECOMPRESSE = 20 * 1024 * 1024
"""20 Mo : octets décompressés de toutes les parties d'un classeur XLSX (une feuille de
10 000 établissements en fait moins de 10), lus dans le répertoire de
l'archive avant de l'ouvrir : un classeur de quelques Mo qui se décompresserait en Go
(« bombe ») est refusé sans être lu."""

MEMBRES_MAX_XLSX = 10_000
"""Parties d'une archive XLSX (feuilles, styles…) : un classeur ordinaire en a une vingtaine."""

# --- messages ----------------------------------------------------------------------------------

LONGUEUR_MAX_CITATION = 60
"""Caractères d'une valeur citée dans un message d'erreur : au-delà, elle est écourtée."""

_SUBSTITUTS = re.compile("[\ud800-\udfff]")


def citer(valeur: object, longueur: int = LONGUEUR_MAX_CITATION) -> str:
    """La valeur à citer dans un message : écourtée (« … (12 000 caractères) ») et sans
    caractère qu'une console ne saurait écrire."""
    texte = _SUBSTITUTS.sub("\ufffd", str(valeur))
    if len(texte) <= longueur:
        return texte
    return f"{texte[:longueur]}… ({len(texte)} caractères)"
