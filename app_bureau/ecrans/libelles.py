"""Les libellés français des valeurs du modèle, pour les listes de choix."""

from app_bureau.modele import Champ, ModeAchat, Statut, TypePorteur, TypeProjet

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
