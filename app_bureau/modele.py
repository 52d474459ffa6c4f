"""Le dossier d'une grappe, en données simples (sans Qt, sans base).

Les noms et les valeurs sont ceux du fichier dossier, format version 1
(voir `app_bureau.fichier.dossier`). Les clés inconnues d'un fichier importé sont
gardées dans `autres`, pour qu'un export rende le fichier tel qu'il est venu.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final, Literal


class Statut(StrEnum):
    PUBLIC = "public"
    PRIVE_NON_LUCRATIF = "prive_non_lucratif"
    PRIVE_COMMERCIAL = "prive_commercial"


class TypePorteur(StrEnum):
    ORGANISME_GESTIONNAIRE = "organisme_gestionnaire"
    GROUPEMENT = "groupement"
    GHT = "ght"


class ModeAchat(StrEnum):
    SAD = "sad"
    MARCHE_EXISTANT = "marche_existant"
    MISE_EN_CONCURRENCE = "mise_en_concurrence"
    AUCUN = "aucun"


class Champ(StrEnum):
    PA = "PA"
    PH = "PH"
    DOMICILE = "domicile"
    PDE = "PDE"
    AHI = "AHI"
    PJM = "PJM"
    AUTRE = "autre"


class TypeProjet(StrEnum):
    ACQUISITION = "acquisition"
    MISE_EN_CONFORMITE = "mise_en_conformite"


class Gravite(StrEnum):
    """Ce que pèse une anomalie relevée par les règles."""

    BLOQUANT = "bloquant"
    AVERTISSEMENT = "avertissement"
    INFORMATION = "information"


class Orientation(StrEnum):
    REGIONALE = "regionale"
    NATIONALE = "nationale"


NON_CONCERNE: Final = "non_concerne"
Reponse = int | Literal["non_concerne"]
"""Une réponse d'autodiagnostic : niveau 0 à 4, ou « non concerné »."""
Reponses = dict[str, dict[str, Reponse]]
"""Les réponses d'autodiagnostic du dossier : organisme → question → réponse ; une question
absente n'a pas encore de réponse."""


Autres = dict[str, Any]

FACULTATIF: Final = "facultatif"
"""Métadonnée d'un champ ajouté après le format 1 du fichier dossier : un fichier plus ancien
ne l'a pas, il prend alors sa valeur par défaut (`field(default=…, metadata=FACULTATIF_DANS_LE_FICHIER)`)."""
FACULTATIF_DANS_LE_FICHIER: Final = {FACULTATIF: True}

DECIMALES_PART: Final = 6
"""La part d'activité éligible : au plus 6 décimales (62,5 % = 0,625), écrites exactement."""
DECIMALES_MONTANT: Final = 2
"""Les montants en euros, au centime."""


@dataclass(frozen=True)
class SaisieEnAttente:
    """Ce que l'utilisateur a tapé dans un champ et que la lecture a refusé : gardé tel quel,
    affiché en rouge avec sa raison, compté comme un problème bloquant, jusqu'à sa correction.
    Le dossier, lui, garde la dernière valeur acceptée (il reste valide, comme son fichier)."""

    chemin: str
    texte: str
    message: str


@dataclass
class Contact:
    nom: str = ""
    email: str = ""
    telephone: str = ""
    autres: Autres = field(default_factory=dict)


@dataclass
class Porteur:
    raison_sociale: str = ""
    siret: str = ""
    finess_juridique: str | None = None
    statut: Statut = Statut.PRIVE_NON_LUCRATIF
    soumis_commande_publique: bool = False
    representativite_nationale: bool = False
    type: TypePorteur = TypePorteur.ORGANISME_GESTIONNAIRE
    contact: Contact = field(default_factory=Contact)
    autres: Autres = field(default_factory=dict)


@dataclass
class OrganismeGestionnaire:
    id: str
    raison_sociale: str = ""
    finess_juridique: str | None = None
    siret: str = ""
    departement: str = ""
    nombre_essms_geres: int = 1
    dispose_rsi: bool = False
    rattache_entite_nationale: bool = False
    accord_entite_nationale: bool = False
    entite_nationale_dui_commun: bool = field(default=False, metadata=FACULTATIF_DANS_LE_FICHIER)
    """L'entité nationale de rattachement propose un DUI commun à tous ses ESSMS (FAQ)."""
    soumis_commande_publique: bool = field(default=False, metadata=FACULTATIF_DANS_LE_FICHIER)
    """L'OG est soumis au code de la commande publique (FAQ : regroupement « mixte »)."""
    autres: Autres = field(default_factory=dict)


@dataclass
class Solution:
    editeur: str = ""
    logiciel: str = ""
    referencee_segur: bool = False
    referencee_sad: bool = False
    mode_achat: ModeAchat = ModeAchat.SAD
    hebergement: str = ""
    referencement_segur_en_cours: bool = field(default=False, metadata=FACULTATIF_DANS_LE_FICHIER)
    """Pas encore référencée Ségur, mais en cours de référencement (FAQ) : le troisième état,
    lu seulement si `referencee_segur` est faux."""
    autres: Autres = field(default_factory=dict)


@dataclass
class FinancementsSpecifiques:
    amoa_marche: bool = False
    amoa_projet: bool = False
    autres: Autres = field(default_factory=dict)


@dataclass
class Etablissement:
    finess: str
    organisme: str
    nom: str = ""
    categorie: str | None = None
    champ: Champ = Champ.PA
    projet: TypeProjet = TypeProjet.ACQUISITION
    deja_finance: bool = False
    commande_sons_autre_logiciel: bool = False
    part_activite_eligible: Decimal = Decimal(1)
    devis_editeur: Decimal | None = None
    equipement: bool = False
    personnes_accompagnees: int = 0
    places: int = field(default=0, metadata=FACULTATIF_DANS_LE_FICHIER)
    """Capacité autorisée (places, ou personnes pour un service), telle qu'au FINESS ; 0 :
    non renseignée."""
    autres: Autres = field(default_factory=dict)


class EtatCible(StrEnum):
    """Où en est un ESSMS (ou un indicateur) de ses cibles d'usage."""

    ATTEINTE = "atteinte"
    PAS_ENCORE = "pas_encore"
    """Pas encore atteinte, la fin prévue du déploiement n'est pas passée."""
    EN_RETARD = "en_retard"
    """Pas atteinte, la fin prévue du déploiement est passée."""
    SANS_MESURE = "sans_mesure"
    """Une mesure était due et il n'y en a pas."""
    PAS_DUE = "pas_due"
    """La première mesure n'est pas encore due."""


class EtatSuivi(StrEnum):
    """Où en est la grappe : ce que dit la liste des dossiers."""

    A_DEMARRER = "a_demarrer"
    EN_COURS = "en_cours"
    CIBLES_ATTEINTES = "cibles_atteintes"
    EN_RETARD = "en_retard"


class RubriqueFinancement(StrEnum):
    """Les postes du financement (II.D), auxquels se rattache une dépense."""

    MOA = "moa"
    EDITEUR = "editeur"
    EQUIPEMENT = "equipement"
    AMOA_MARCHE = "amoa_marche"
    AMOA_PROJET = "amoa_projet"


@dataclass
class MontantNotifie:
    """Le montant que la convention accorde à un ESSMS (c'est lui qui compte, pas l'estimation)."""

    finess: str
    montant: Decimal = Decimal(0)
    autres: Autres = field(default_factory=dict)


@dataclass
class Convention:
    """La convention signée avec l'ARS, et ce qu'elle a déjà versé."""

    signee_le: datetime.date | None = None
    ars: str = ""
    """Le code INSEE de la région de l'ARS signataire."""
    montant_total: Decimal | None = None
    montants: list[MontantNotifie] = field(default_factory=list)
    avance_recue_le: datetime.date | None = None
    avance_montant: Decimal | None = None
    debut_projet: datetime.date | None = None
    duree_revue_mois: int = 0
    """La durée du projet revue par l'ARS, en mois (FAQ) ; 0 : celle des textes."""
    campagne: str = field(default="", metadata=FACULTATIF_DANS_LE_FICHIER)
    """La campagne de l'appel à projets qui a financé la grappe (2024, 2025 compris) : ses
    cibles et ses durées ; vide : celle du dossier."""
    autres: Autres = field(default_factory=dict)


@dataclass
class Mesure:
    """Les comptes d'un ESSMS pour un mois (annexe 3) : chaque taux en découle, jamais tapé."""

    finess: str
    mois: datetime.date
    """Le premier jour du mois mesuré."""
    personnes_accompagnees: int = 0
    messages_mssante: int = 0
    dmp_alimentes: int = 0
    dossiers_actifs: int = 0
    dossiers_avec_projet: int = 0
    dossiers_avec_evenement: int = 0
    autres: Autres = field(default_factory=dict)


@dataclass
class Depense:
    """Une facture, rattachée à un poste et, s'il y a lieu, à un ESSMS (FINESS)."""

    date: datetime.date
    fournisseur: str = ""
    objet: str = ""
    montant_ttc: Decimal = Decimal(0)
    rubrique: RubriqueFinancement = RubriqueFinancement.EDITEUR
    finess: str = ""
    """« » : une dépense du projet entier (AMOA…)."""
    autres: Autres = field(default_factory=dict)


@dataclass
class Suivi:
    """Le projet financé, suivi jusqu'au solde : convention, mesures d'usage, dépenses, pièces
    à garder."""

    convention: Convention = field(default_factory=Convention)
    mesures: list[Mesure] = field(default_factory=list)
    depenses: list[Depense] = field(default_factory=list)
    preuves_gardees: list[str] = field(default_factory=list)
    """Les pièces de la liste à garder que le porteur a cochées (identifiants)."""
    autres: Autres = field(default_factory=dict)


@dataclass
class Dossier:
    campagne: str
    nom: str = ""
    porteur: Porteur = field(default_factory=Porteur)
    organismes: list[OrganismeGestionnaire] = field(default_factory=list)
    solution: Solution = field(default_factory=Solution)
    financements_specifiques: FinancementsSpecifiques = field(
        default_factory=FinancementsSpecifiques
    )
    etablissements: list[Etablissement] = field(default_factory=list)
    autodiagnostic: Reponses = field(default_factory=dict)
    suivi: Suivi | None = field(default=None, metadata=FACULTATIF_DANS_LE_FICHIER)
    """Le projet financé, une fois la convention signée ; None tant qu'il ne l'est pas."""
    autres: Autres = field(default_factory=dict)

    def organisme(self, identifiant: str) -> OrganismeGestionnaire | None:
        return next((og for og in self.organismes if og.id == identifiant), None)

    def repondre(self, organisme: str, question: str, reponse: Reponse | None) -> None:
        """Note la réponse d'un OG à une question d'autodiagnostic ; None l'efface."""
        reponses = self.autodiagnostic.setdefault(organisme, {})
        if reponse is None:
            reponses.pop(question, None)
        else:
            reponses[question] = reponse
        if not reponses:
            del self.autodiagnostic[organisme]

    def retirer_organisme(self, index: int) -> OrganismeGestionnaire:
        """Retire un OG du dossier, et ses réponses d'autodiagnostic avec lui."""
        og = self.organismes.pop(index)
        self.autodiagnostic.pop(og.id, None)
        return og
