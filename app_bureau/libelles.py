"""Les mots et les couleurs de l'application, une seule fois, sans Qt ni règle.

Module feuille (il n'importe que le modèle) : les règles, l'écran, les exports et la ligne de
commande en tirent les libellés des valeurs (statut, champ, projet…), des rubriques du
financement, des gravités avec leur couleur, et l'accord des noms avec un nombre. Les
libellés des *champs* du dossier vivent avec leur définition (`app_bureau.champs`).
"""

from dataclasses import dataclass

from app_bureau.modele import (
    Champ,
    EtatCible,
    EtatSuivi,
    Gravite,
    ModeAchat,
    Orientation,
    Statut,
    TypePorteur,
    TypeProjet,
)


def accorder(nombre: int, singulier: str, pluriel: str | None = None) -> str:
    """« 0 problème bloquant », « 1 ESSMS retenu », « 9 ESSMS retenus » : le nom s'accorde
    avec le nombre (pluriel à partir de 2, comme en français) ; `pluriel` par défaut : un
    « s » à chaque mot du singulier qui n'en a pas déjà un (« ESSMS retenu » → « ESSMS
    retenus »)."""
    if nombre < 2:
        return f"{nombre} {singulier}"
    if pluriel is None:
        pluriel = " ".join(m if m.endswith(("s", "x", "S")) else f"{m}s" for m in singulier.split())
    return f"{nombre} {pluriel}"


def essms_retenus(nombre: int) -> str:
    """« 1 ESSMS retenu », « 9 ESSMS retenus »."""
    return accorder(nombre, "ESSMS retenu")


# --- Couleurs (écran et PDF) ----------------------------------------------------------------

BLEU = "#1f4e79"
"""Titres, barres et radar."""
GRIS = "#5f6368"
"""Références et précisions."""
GRIS_MOYEN = "#8a8a8a"
"""Ce qui est sans objet : une dimension sans réponse, une ligne ignorée."""
GRIS_CLAIR = "#b8c2cc"
"""Grilles et filets."""
VERT = "#1b5e20"
"""Ce qui va bien : recevable, ESSMS retenu."""
ROUGE = "#b00020"
"""Ce qui bloque, et toute saisie refusée."""
ORANGE = "#8a5a00"
"""Ce qui mérite attention."""


# --- Valeurs du modèle ----------------------------------------------------------------------

STATUTS = {
    Statut.PUBLIC: "Public",
    Statut.PRIVE_NON_LUCRATIF: "Privé non lucratif",
    Statut.PRIVE_COMMERCIAL: "Privé commercial",
}
TYPES_PORTEUR = {
    TypePorteur.ORGANISME_GESTIONNAIRE: "Organisme gestionnaire",
    TypePorteur.GROUPEMENT: "Groupement (GCSMS, convention…)",
    TypePorteur.GHT: "Groupement hospitalier de territoire (GHT)",
}
MODES_ACHAT = {
    ModeAchat.SAD: "SAD de la centrale d'achat (RESAH)",
    ModeAchat.MARCHE_EXISTANT: "Marché public existant",
    ModeAchat.MISE_EN_CONCURRENCE: "Autre mise en concurrence",
    ModeAchat.AUCUN: "Pas de mise en concurrence",
}
CHAMPS = {
    Champ.PA: "Personnes âgées",
    Champ.PH: "Personnes handicapées",
    Champ.DOMICILE: "Domicile",
    Champ.PDE: "Protection de l'enfance",
    Champ.AHI: "Accueil, hébergement, insertion",
    Champ.PJM: "Protection juridique des majeurs",
    Champ.AUTRE: "Autre",
}
PROJETS = {
    TypeProjet.ACQUISITION: "Acquisition",
    TypeProjet.MISE_EN_CONFORMITE: "Mise en conformité",
}
ORIENTATIONS = {
    Orientation.REGIONALE: "Projet régional",
    Orientation.NATIONALE: "Projet national",
}
OUI, NON = "Oui", "Non"


def oui_non(valeur: bool) -> str:
    return OUI if valeur else NON


# --- Gravités -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PresentationGravite:
    titre: str
    """« Problème bloquant » : en-tête de groupe, colonne « Gravité »."""
    singulier: str
    pluriel: str
    couleur: str
    aucun: str
    """« aucun » ou « aucune », au genre du nom."""
    repere: str
    """Le repère d'une ligne de texte (ligne de commande) : « BLOQUANT »."""
    symbole: str
    """Le signe de l'icône, pour que la couleur ne soit pas seule à parler : « × »."""


GRAVITES = {
    Gravite.BLOQUANT: PresentationGravite(
        "Problème bloquant",
        "problème bloquant",
        "problèmes bloquants",
        ROUGE,
        "aucun",
        "BLOQUANT",
        "×",
    ),
    Gravite.AVERTISSEMENT: PresentationGravite(
        "Point d'attention",
        "point d'attention",
        "points d'attention",
        ORANGE,
        "aucun",
        "attention",
        "!",
    ),
    Gravite.INFORMATION: PresentationGravite(
        "Information", "information", "informations", BLEU, "aucune", "info", "i"
    ),
}


def compte_gravite(gravite: Gravite, nombre: int, aucun_en_lettres: bool = False) -> str:
    """« 0 problème bloquant » (ou « aucun problème bloquant »), « 1 point d'attention »,
    « 8 informations »."""
    presentation = GRAVITES[gravite]
    if nombre == 0 and aucun_en_lettres:
        return f"{presentation.aucun} {presentation.singulier}"
    return accorder(nombre, presentation.singulier, presentation.pluriel)


# --- Rubriques du financement ---------------------------------------------------------------


@dataclass(frozen=True)
class Rubrique:
    cle: str
    """L'attribut du montant dans les résultats (`Totaux.moa`, `ResultatEtablissement.moa`)."""
    court: str
    """Dans un tableau ou un graphique : « Maîtrise d'ouvrage »."""
    long: str
    """Dans une phrase ou un plan de financement : « Maîtrise d'ouvrage (MOA) »."""


RUBRIQUES = (
    Rubrique("moa", "Maîtrise d'ouvrage", "Maîtrise d'ouvrage (MOA)"),
    Rubrique("editeur", "Éditeur", "Prestations de l'éditeur"),
    Rubrique("equipement", "Équipements", "Équipements et infrastructures"),
    Rubrique("amoa_marche", "AMOA marché", "AMOA marché"),
    Rubrique("amoa_projet", "AMOA projet", "AMOA projet"),
)
"""Les postes du financement, dans l'ordre de l'instruction (II.D)."""
RUBRIQUES_ESSMS = RUBRIQUES[:3]
"""Les postes financés ESSMS par ESSMS ; l'AMOA se finance par projet."""
TOTAL = "Total de la subvention demandée"
AVANCE = "Avance à la signature de la convention"
SOLDE = "Solde sur atteinte des cibles d'usage, au plus"
SOLDE_MAXIMAL = (
    "Le solde est un montant maximal : s'il manque des cibles d'usage, ou si les dépenses "
    "engagées et justifiées sont notablement inférieures à la subvention, l'ARS le module"
)
"""Dit à côté de chaque solde (écran, PDF, classeur, ligne de commande) : annexe 2 F, « le
montant du solde est modulé en fonction du niveau d'atteinte des cibles et/ou du niveau des
dépenses engagées et justifiées »."""


# --- Suivi du projet financé ----------------------------------------------------------------


@dataclass(frozen=True)
class PresentationEtat:
    libelle: str
    couleur: str
    symbole: str


ETATS_CIBLE = {
    EtatCible.ATTEINTE: PresentationEtat("cible atteinte", VERT, "✓"),
    EtatCible.PAS_ENCORE: PresentationEtat("pas encore atteinte", ORANGE, "…"),
    EtatCible.EN_RETARD: PresentationEtat("en retard", ROUGE, "×"),
    EtatCible.SANS_MESURE: PresentationEtat("mesure manquante", ROUGE, "?"),
    EtatCible.PAS_DUE: PresentationEtat("première mesure pas encore due", GRIS, "·"),
}
ETATS_SUIVI = {
    EtatSuivi.A_DEMARRER: PresentationEtat("à démarrer", GRIS, "·"),
    EtatSuivi.EN_COURS: PresentationEtat("en cours", ORANGE, "…"),
    EtatSuivi.CIBLES_ATTEINTES: PresentationEtat("cibles atteintes", VERT, "✓"),
    EtatSuivi.EN_RETARD: PresentationEtat("en retard", ROUGE, "×"),
}


def etat_suivi_garde(valeur: str | None) -> PresentationEtat | None:
    """L'état du suivi gardé dans la base pour la liste des dossiers (`EtatSuivi.value`) ;
    None pour un dossier non financé, ou un état inconnu (base d'une version plus récente)."""
    return next((p for e, p in ETATS_SUIVI.items() if e.value == valeur), None)


INDICATEURS = {
    "ms_sante": "MSSanté",
    "dmp": "DMP",
    "dossiers_actifs": "Dossiers actifs",
    "dossiers_avec_projet_personnalise": "Projet personnalisé",
    "dossiers_avec_evenement": "Événement d'agenda",
}
"""Le nom court de chaque indicateur d'usage (annexe 3) ; le nom long est la description de
sa cible dans les paramètres (`cibles.*`)."""


def retiennent_le_solde(nombre: int, total: int) -> str:
    """« 1 ESSMS sur 9 retient le solde », « 2 ESSMS sur 9 retiennent le solde » ; « les 9
    ESSMS atteignent toutes leurs cibles » ; « aucun ESSMS suivi »."""
    if not total:
        return "aucun ESSMS suivi"
    if not nombre:
        if total == 1:
            return "l'ESSMS suivi atteint toutes ses cibles"
        return f"les {total} ESSMS atteignent toutes leurs cibles"
    verbe = "retient" if nombre < 2 else "retiennent"
    return f"{accorder(nombre, 'ESSMS')} sur {total} {verbe} le solde"


L_ARS_DECIDE = (
    "Le solde maximal et le montant en jeu ne sont que des ordres de grandeur : c'est l'ARS "
    "qui décide de la modulation réelle du solde, selon l'atteinte des cibles d'usage par "
    "chaque ESSMS et le niveau des dépenses engagées et justifiées (instruction 2022/34, "
    "annexe 2 F). L'application ne calcule aucune réduction."
)
"""La phrase qui accompagne partout le solde projeté (écran, bilan PDF, classeur, ligne de
commande)."""
MONTANT_EN_JEU = "Montant en jeu"
"""La part du solde des ESSMS qui n'atteignent pas (encore) leurs cibles."""
TITRE_SOLDE_MAXIMAL = "Solde maximal"
"""Le titre court du solde projeté dans le suivi (le solde, au plus, si toutes les cibles sont
atteintes)."""


# --- Documents -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    titre: str
    usage: str
    """À quoi il sert et pour qui, en une phrase."""
    si_bloquant: str
    """Ce que devient le document si le dossier a des problèmes bloquants."""


DOCUMENTS = {
    "pdf": Document(
        "Synthèse PDF",
        "Pour le conseil d'administration : les montants, les contrôles, les pièces à joindre "
        "et l'explication de chaque euro.",
        "le PDF dira « Non recevable »",
    ),
    "classeur": Document(
        "Classeur PAI numérique",
        "À recopier dans l'outil de dépôt de la CNSA (PAI numérique) : porteur, organismes, "
        "établissements, coûts et plan de financement, rien à recalculer.",
        "le classeur reprendra un dossier qui n'est pas recevable en l'état",
    ),
    "dossier": Document(
        "Fichier dossier",
        "Pour un consultant ou une sauvegarde : tout le dossier dans un fichier (.json) qui "
        "se rouvre dans l'application.",
        "le fichier gardera le dossier tel qu'il est, sans les saisies refusées (en rouge)",
    ),
}
"""Les documents que l'étape « Documents » écrit, par genre (`operations.documents.Sorties`)."""
