"""Les libellés français des valeurs du modèle et des règles, sans Qt.

Une seule source pour l'écran (listes de choix), les exports (PDF, classeur) et la ligne
de commande : un libellé changé ici change partout.
"""

from app_bureau.modele import (
    Champ,
    Gravite,
    ModeAchat,
    Orientation,
    Statut,
    TypePorteur,
    TypeProjet,
)

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
GRAVITES = {
    Gravite.BLOQUANT: "Problème bloquant",
    Gravite.AVERTISSEMENT: "Point d'attention",
    Gravite.INFORMATION: "Information",
}
ORIENTATIONS = {
    Orientation.REGIONALE: "Projet régional",
    Orientation.NATIONALE: "Projet national",
}
GRAVITES_COMPTEES = {
    Gravite.BLOQUANT: ("problème bloquant", "problèmes bloquants"),
    Gravite.AVERTISSEMENT: ("point d'attention", "points d'attention"),
    Gravite.INFORMATION: ("information", "informations"),
}


def compte_gravite(gravite: Gravite, nombre: int) -> str:
    """« 0 problème bloquant », « 1 point d'attention », « 8 informations »."""
    singulier, pluriel = GRAVITES_COMPTEES[gravite]
    return f"{nombre} {pluriel if nombre > 1 else singulier}"
