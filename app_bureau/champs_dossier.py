"""Les champs du dossier, chacun défini une seule fois (sans Qt).

Pour chaque champ que l'utilisateur renseigne : son chemin dans le dossier
(`etablissements[].finess`), son libellé court et long, son aide, sa nature (texte,
identifiant, montant…), comment lire une saisie (`lire`, tolérant, message français si
refusée), comment contrôler une valeur du modèle (`verifier`, strict : lecture d'un fichier,
garde finale), comment l'afficher et la proposer à modifier, ses choix, et les mots qui
désignent sa colonne dans un tableur (`entetes`).

Tout le reste en découle : formulaires et tableaux de l'écran, collage et import
d'établissements, colonnes du classeur et du PDF, lecture du fichier dossier. Ajouter un champ,
c'est : le modèle (`modele.py`), sa définition ici, une migration (`stockage/schema.py`).
"""

import dataclasses
import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app_bureau.formats import date_courte, euros, mois, mois_court, nombre, pourcentage
from app_bureau.identifiants import (
    erreur_departement,
    erreur_email,
    erreur_finess,
    erreur_siret,
    normaliser,
)
from app_bureau.libelles import (
    CHAMPS,
    MODES_ACHAT,
    PROJETS,
    RUBRIQUES,
    STATUTS,
    TYPES_PORTEUR,
    oui_non,
)
from app_bureau.modele import DECIMALES_MONTANT, DECIMALES_PART, Dossier, RubriqueFinancement
from app_bureau.referentiel.territoires import regions
from app_bureau.regles.parametres import campagnes
from app_bureau.saisie import valeurs as v
from app_bureau.saisie.valeurs import ErreurSaisie


class Nature(StrEnum):
    """Ce qu'est la valeur : elle fixe son type dans le fichier dossier et son éditeur à l'écran."""

    TEXTE = "texte"
    IDENTIFIANT = "identifiant"
    ENTIER = "entier"
    MONTANT = "montant"
    PART = "part"
    BOOLEEN = "booleen"
    CHOIX = "choix"
    ORGANISME = "organisme"
    """L'identifiant d'un organisme gestionnaire du dossier."""
    CATEGORIE = "categorie"
    """Un code de catégorie d'établissement du FINESS."""
    DATE = "date"
    MOIS = "mois"
    """Un mois, gardé comme son premier jour."""


def _toujours_bon(_valeur: Any) -> str | None:
    return None


def _texte(valeur: Any) -> str:
    return "" if valeur is None else str(valeur)


@dataclass(frozen=True)
class DefinitionChamp:
    chemin: str
    """`porteur.siret`, `organismes[].departement`, `etablissements[].finess`."""
    libelle: str
    """Court : en-tête de colonne, étiquette de formulaire (« Devis éditeur »)."""
    libelle_long: str
    """Dans une phrase ou un document (« Devis de l'éditeur pour l'établissement »)."""
    aide: str
    nature: Nature
    lire: Callable[[str], Any] = str.strip
    """Une saisie ou une cellule collée → la valeur ; lève `ErreurSaisie` si elle est refusée."""
    verifier: Callable[[Any], str | None] = _toujours_bon
    """Une valeur du modèle → None si elle est bonne, sinon le problème (sans le nom du champ)."""
    afficher: Callable[[Any], str] = _texte
    """Pour lire : « 62,5 % », « 13 200,00 € », « Oui »."""
    a_modifier: Callable[[Any], str] = _texte
    """Pour modifier : le texte proposé dans la zone de saisie (« 62,5 », « 13 200,50 »)."""
    choix: Mapping[Any, str] = field(default_factory=dict)
    """Valeur → libellé, pour une liste de choix."""
    nul: bool = False
    """La valeur peut manquer (`None`) : FINESS juridique, devis, catégorie."""
    entetes: tuple[str, ...] = ()
    """Les débuts de mots (sans accents, en minuscules) qui désignent la colonne dans un
    tableur : « devis » reconnaît « Devis éditeur (€) »."""
    lire_colle: Callable[[str], Any] | None = None
    """La lecture d'une cellule collée ou importée, si elle diffère de la saisie (une part
    collée peut être une fraction, 0,625)."""

    @property
    def attribut(self) -> str:
        return self.chemin.rpartition(".")[2]

    @property
    def objet(self) -> str:
        """`etablissements[]`, `porteur.contact`, « » pour le dossier lui-même."""
        return self.chemin.rpartition(".")[0]

    def lire_cellule(self, texte: str) -> Any:
        return (self.lire_colle or self.lire)(texte)

    def entete(self, titre_simplifie: str) -> bool:
        """Ce titre de colonne (simplifié par `saisie.valeurs.simplifier`) désigne-t-il ce champ ?"""
        return any(re.search(rf"\b{motif}", titre_simplifie) for motif in self.entetes)


# --- Lecteurs et contrôles par nature ------------------------------------------------------


def _identifiant(erreur: Callable[[str], str | None], nul: bool = False) -> dict[str, Any]:
    def lire(texte: str) -> str | None:
        propre = normaliser(texte)
        if propre and (probleme := erreur(propre)):
            raise ErreurSaisie(probleme)
        return propre or (None if nul else "")

    return {
        "nature": Nature.IDENTIFIANT,
        "lire": lire,
        "verifier": lambda valeur: erreur(valeur) if valeur else None,
        "nul": nul,
    }


def _entier(minimum: int) -> dict[str, Any]:
    def lire(texte: str) -> int:
        if not texte.strip() and minimum == 0:
            return 0
        valeur = v.lire_entier(texte) if texte.strip() else None
        if valeur is None or valeur < minimum:
            raise ErreurSaisie(f"un nombre entier d'au moins {minimum}")
        return valeur

    return {
        "nature": Nature.ENTIER,
        "lire": lire,
        "verifier": lambda valeur: f"doit être au moins {minimum}" if valeur < minimum else None,
        "afficher": nombre,
        "a_modifier": str,
    }


def _decimales(valeur: Decimal) -> int:
    return max(0, -int(valeur.as_tuple().exponent))


def _verifier_part(part: Decimal) -> str | None:
    if _decimales(part) > DECIMALES_PART:
        return f"au plus {DECIMALES_PART} décimales"
    if not 0 < part <= 1:
        return "doit être supérieure à 0 et au plus 1"
    return None


def _verifier_montant(montant: Decimal | None) -> str | None:
    if montant is None:
        return None
    if _decimales(montant) > DECIMALES_MONTANT:
        return f"au plus {DECIMALES_MONTANT} décimales"
    if montant < 0:
        return "ne peut pas être négatif"
    return None


def _pourcentage_a_modifier(part: Decimal) -> str:
    """0,625 → « 62,5 » ; 1 → « 100 »."""
    return format((part * 100).normalize(), "f").replace(".", ",")


def _montant_a_modifier(montant: Decimal | None) -> str:
    """13 200 → « 13200 » ; 13 200,5 → « 13200,50 » ; pas de devis → « »."""
    if montant is None:
        return ""
    texte = format(montant.quantize(Decimal("0.01")), "f").replace(".", ",")
    return texte.removesuffix(",00")


def _choix(libelles: Mapping[Any, str], lire: Callable[[str], Any]) -> dict[str, Any]:
    return {
        "nature": Nature.CHOIX,
        "lire": lire,
        "choix": libelles,
        "afficher": lambda valeur: libelles.get(valeur, _texte(valeur)),
        "a_modifier": lambda valeur: libelles.get(valeur, _texte(valeur)),
    }


def _lire_choix(libelles: Mapping[Any, str]) -> Callable[[str], Any]:
    """Le libellé ou la valeur (« Public », « public ») → la valeur."""
    index = {v.simplifier(libelle): valeur for valeur, libelle in libelles.items()}
    index |= {v.simplifier(str(valeur)): valeur for valeur in libelles}

    def lire(texte: str) -> Any:
        cle = v.simplifier(texte)
        if cle in index:
            return index[cle]
        permis = ", ".join(f"« {libelle} »" for libelle in libelles.values())
        raise ErreurSaisie(f"« {texte.strip()} » inconnu (attendu : {permis})")

    return lire


BOOLEEN: dict[str, Any] = {
    "nature": Nature.BOOLEEN,
    "lire": v.lire_oui_non,
    "afficher": oui_non,
    "a_modifier": oui_non,
}
TEXTE: dict[str, Any] = {"nature": Nature.TEXTE}


def _d(chemin: str, libelle: str, libelle_long: str, aide: str, **reste: Any) -> DefinitionChamp:
    return DefinitionChamp(chemin, libelle, libelle_long, aide, **reste)


def _lire_champ_obligatoire(texte: str) -> Any:
    champ = v.lire_champ(texte)
    if champ is None:
        raise ErreurSaisie("choisissez un champ")
    return champ


def _lire_texte_obligatoire(texte: str) -> str:
    propre = texte.strip()
    if not propre:
        raise ErreurSaisie("à indiquer")
    return propre


# --- Les champs ---------------------------------------------------------------------------

DOSSIER = (
    _d(
        "nom",
        "Nom du dossier",
        "Nom du dossier",
        "Le nom sous lequel vous retrouverez ce dossier",
        **TEXTE,
    ),
)

PORTEUR = (
    _d(
        "porteur.raison_sociale",
        "Raison sociale",
        "Raison sociale du porteur",
        "Raison sociale du porteur, telle qu'au répertoire SIRENE",
        **TEXTE,
    ),
    _d(
        "porteur.siret",
        "SIRET",
        "SIRET du porteur",
        "14 chiffres ; obligatoire pour le porteur (FAQ)",
        **_identifiant(erreur_siret),
    ),
    _d(
        "porteur.finess_juridique",
        "FINESS juridique",
        "FINESS juridique du porteur",
        "Facultatif pour le porteur (FAQ) ; 9 caractères",
        **_identifiant(erreur_finess, nul=True),
    ),
    _d(
        "porteur.statut",
        "Statut",
        "Statut juridique",
        "Statut juridique du porteur",
        **_choix(STATUTS, _lire_choix(STATUTS)),
    ),
    _d(
        "porteur.soumis_commande_publique",
        "Soumis au code de la commande publique",
        "Soumis au code de la commande publique",
        "Cochez si le porteur applique le code de la commande publique (II.D.1)",
        **BOOLEEN,
    ),
    _d(
        "porteur.representativite_nationale",
        "Représentativité nationale de l'offre",
        "Représentativité nationale",
        "Le projet a une portée nationale même avec moins de 50 ESSMS (II.C.3)",
        **BOOLEEN,
    ),
    _d(
        "porteur.type",
        "Type de porteur",
        "Type de porteur",
        "Organisme gestionnaire, groupement ou GHT",
        **_choix(TYPES_PORTEUR, _lire_choix(TYPES_PORTEUR)),
    ),
    _d(
        "porteur.contact.nom",
        "Nom du contact",
        "Contact : nom",
        "La personne que l'ARS peut joindre",
        **TEXTE,
    ),
    _d(
        "porteur.contact.email",
        "Courriel",
        "Contact : adresse électronique",
        "Adresse électronique du contact",
        nature=Nature.IDENTIFIANT,
        lire=lambda texte: _lire_email(texte),
        verifier=lambda valeur: erreur_email(valeur) if valeur else None,
    ),
    _d(
        "porteur.contact.telephone",
        "Téléphone",
        "Contact : téléphone",
        "Téléphone du contact",
        **TEXTE,
    ),
)


def _lire_email(texte: str) -> str:
    propre = texte.strip()
    if propre and (probleme := erreur_email(propre)):
        raise ErreurSaisie(probleme)
    return propre


ORGANISME = (
    _d(
        "organismes[].raison_sociale",
        "Raison sociale",
        "Raison sociale",
        "Raison sociale de l'organisme gestionnaire",
        **TEXTE,
    ),
    _d(
        "organismes[].siret",
        "SIRET",
        "SIRET",
        "14 chiffres",
        **_identifiant(erreur_siret),
    ),
    _d(
        "organismes[].finess_juridique",
        "FINESS juridique",
        "FINESS juridique",
        "Facultatif ; 9 caractères",
        **_identifiant(erreur_finess, nul=True),
    ),
    _d(
        "organismes[].departement",
        "Département",
        "Département",
        "Code INSEE (35, 2A, 974…) : en Corse et outre-mer, le seuil de petite taille est 8",
        **_identifiant(erreur_departement),
    ),
    _d(
        "organismes[].nombre_essms_geres",
        "ESSMS gérés",
        "ESSMS gérés",
        "Tous les ESSMS que l'OG gère, pas seulement ceux du projet (II.D.3)",
        **_entier(minimum=1),
    ),
    _d(
        "organismes[].dispose_rsi",
        "RSI",
        "Dispose d'un RSI",
        "L'OG a un responsable des systèmes d'information (II.B.5)",
        **BOOLEEN,
    ),
    _d(
        "organismes[].rattache_entite_nationale",
        "Entité nationale",
        "Rattaché à une entité nationale",
        "L'OG est rattaché à une entité nationale (II.B.2)",
        **BOOLEEN,
    ),
    _d(
        "organismes[].accord_entite_nationale",
        "Accord écrit",
        "Accord de l'entité nationale",
        "Accord écrit de l'entité nationale",
        **BOOLEEN,
    ),
    _d(
        "organismes[].entite_nationale_dui_commun",
        "DUI commun de l'entité",
        "DUI commun proposé par l'entité nationale",
        "Cochez si l'entité nationale de rattachement propose un DUI commun à tous ses ESSMS : "
        "ils ne peuvent alors pas être financés dans ce projet (FAQ)",
        **BOOLEEN,
    ),
    _d(
        "organismes[].soumis_commande_publique",
        "Commande publique",
        "Soumis au code de la commande publique",
        "Cochez si l'OG applique le code de la commande publique (établissement public…) : "
        "l'achat du regroupement suit alors ce code (FAQ)",
        **BOOLEEN,
    ),
)

SOLUTION = (
    _d(
        "solution.editeur",
        "Éditeur",
        "Éditeur de la solution",
        "L'éditeur retenu ou envisagé",
        **TEXTE,
    ),
    _d(
        "solution.logiciel",
        "Logiciel",
        "Logiciel (DUI)",
        "Le nom et la version du logiciel DUI",
        **TEXTE,
    ),
    _d(
        "solution.referencee_segur",
        "Référencée Ségur",
        "Solution référencée Ségur",
        "Référencement Ségur vague 1 du couloir médico-social, délivré par l'ANS",
        **BOOLEEN,
    ),
    _d(
        "solution.referencement_segur_en_cours",
        "Référencement Ségur en cours",
        "Référencement Ségur en cours",
        "Solution pas encore référencée Ségur, dont le référencement est demandé : il doit "
        "intervenir avant le début du paramétrage du logiciel (FAQ)",
        **BOOLEEN,
    ),
    _d(
        "solution.referencee_sad",
        "Référencée dans le SAD",
        "Solution référencée au SAD",
        "Solution référencée dans le système d'acquisition dynamique du RESAH",
        **BOOLEEN,
    ),
    _d(
        "solution.mode_achat",
        "Mode d'achat",
        "Mode d'achat",
        "Comment l'éditeur est choisi (II.D.1 ; FAQ)",
        **_choix(MODES_ACHAT, _lire_choix(MODES_ACHAT)),
    ),
    _d(
        "solution.hebergement",
        "Hébergement",
        "Hébergement",
        "Idéalement un seul mode d'hébergement pour le projet (FAQ)",
        **TEXTE,
    ),
    _d(
        "financements_specifiques.amoa_marche",
        "AMOA marché",
        "AMOA marché demandée",
        "Accompagnement de la procédure de marché du SAD, par projet (II.D.3)",
        **BOOLEEN,
    ),
    _d(
        "financements_specifiques.amoa_projet",
        "AMOA projet (ou chef de projet interne)",
        "AMOA projet demandée",
        "Accompagnement au pilotage du projet de DUI, par projet (II.D.3)",
        **BOOLEEN,
    ),
)

# Dans l'ordre où un titre de colonne est reconnu : le premier champ dont un motif commence un
# mot du titre l'emporte (« FINESS juridique » désigne l'organisme, « Nom de l'organisme »
# aussi ; les motifs du nom, très communs, passent en dernier).
ETABLISSEMENT = (
    _d(
        "etablissements[].organisme",
        "Organisme gestionnaire",
        "Organisme gestionnaire",
        "Organisme gestionnaire de l'établissement (raison sociale, identifiant ou FINESS "
        "juridique d'un organisme du dossier).",
        nature=Nature.ORGANISME,
        lire=_lire_texte_obligatoire,
        entetes=("juridique", "organisme", "gestionnaire", "og"),
    ),
    _d(
        "etablissements[].finess",
        "FINESS",
        "FINESS",
        "Numéro FINESS géographique de l'établissement (9 caractères, clé de contrôle "
        "vérifiée). Sans FINESS, l'établissement ne peut pas être financé.",
        nature=Nature.IDENTIFIANT,
        lire=v.lire_finess,
        verifier=lambda valeur: erreur_finess(valeur) if valeur else None,
        entetes=("finess",),
    ),
    _d(
        "etablissements[].categorie",
        "Catégorie FINESS",
        "Catégorie FINESS",
        "Catégorie d'établissement du répertoire FINESS (500 pour un EHPAD). Elle dit s'il "
        "s'agit d'un ESSMS de l'article L.312-1 du CASF et propose le champ.",
        nature=Nature.CATEGORIE,
        lire=v.lire_categorie,
        nul=True,
        entetes=("categorie",),
    ),
    _d(
        "etablissements[].champ",
        "Champ",
        "Champ",
        "Public accompagné : personnes âgées, personnes handicapées, domicile, protection de "
        "l'enfance, accueil-hébergement-insertion, protection juridique des majeurs.",
        entetes=("champ", "public"),
        lire_colle=v.lire_champ,
        **_choix(CHAMPS, _lire_champ_obligatoire),
    ),
    _d(
        "etablissements[].projet",
        "Projet",
        "Projet",
        "Acquisition (ou renouvellement) d'un DUI, ou mise en conformité Ségur du DUI en place.",
        entetes=("projet",),
        **_choix(PROJETS, v.lire_projet),
    ),
    _d(
        "etablissements[].part_activite_eligible",
        "Part d'activité éligible",
        "Part d'activité éligible",
        "Part de l'activité qui relève du programme, en pour cent. Un service à domicile qui "
        "fait aussi du « confort » n'est financé qu'au prorata de son activité éligible.",
        nature=Nature.PART,
        lire=v.lire_pourcentage,
        lire_colle=v.lire_part,
        verifier=_verifier_part,
        afficher=pourcentage,
        a_modifier=_pourcentage_a_modifier,
        entetes=("part", "eligible"),
    ),
    _d(
        "etablissements[].devis_editeur",
        "Devis éditeur",
        "Devis éditeur",
        "Montant du devis de l'éditeur pour cet établissement. Vide : le plafond est retenu.",
        nature=Nature.MONTANT,
        lire=v.lire_montant,
        verifier=_verifier_montant,
        afficher=lambda montant: "" if montant is None else euros(montant),
        a_modifier=_montant_a_modifier,
        nul=True,
        entetes=("devis",),
    ),
    _d(
        "etablissements[].equipement",
        "Équipement",
        "Équipement demandé",
        "Cochez si l'établissement demande le forfait « équipements et infrastructures » "
        "(réservé aux organismes gestionnaires de petite taille).",
        entetes=("equipement",),
        **BOOLEEN,
    ),
    _d(
        "etablissements[].deja_finance",
        "Déjà financé",
        "Déjà financé par ESMS numérique",
        "Cochez si l'établissement a déjà reçu un financement ESMS numérique : il ne peut pas "
        "être financé une seconde fois.",
        entetes=("deja",),
        **BOOLEEN,
    ),
    _d(
        "etablissements[].personnes_accompagnees",
        "Personnes accompagnées",
        "Personnes accompagnées",
        "Nombre de personnes accompagnées (information pour l'ARS).",
        entetes=("personnes", "accompagn"),
        **_entier(minimum=0),
    ),
    _d(
        "etablissements[].places",
        "Places",
        "Capacité autorisée (places)",
        "Capacité autorisée de l'établissement (places, ou personnes prises en charge pour un "
        "service), telle qu'au FINESS : information pour l'ARS.",
        entetes=("places", "capacite"),
        **_entier(minimum=0),
    ),
    _d(
        "etablissements[].commande_sons_autre_logiciel",
        "SONS autre logiciel",
        "Prestation Ségur (SONS) pour un autre logiciel",
        "Cochez si l'établissement a commandé la « Prestation Ségur » (SONS) pour un autre "
        "logiciel de DUI que celui du projet : il n'est alors pas retenu.",
        entetes=("sons",),
        **BOOLEEN,
    ),
    _d(
        "etablissements[].nom",
        "Nom",
        "Nom",
        "Nom de l'établissement ou du service.",
        entetes=("nom", "denomination", "raison sociale", "etablissement"),
        **TEXTE,
    ),
)

_RUBRIQUES = {RubriqueFinancement(r.cle): r.long for r in RUBRIQUES}

# --- Le suivi du projet financé ------------------------------------------------------------


def _date(nul: bool) -> dict[str, Any]:
    def lire(texte: str) -> datetime.date | None:
        jour = v.lire_date(texte)
        if jour is None and not nul:
            raise ErreurSaisie("une date est attendue (JJ/MM/AAAA)")
        return jour

    return {
        "nature": Nature.DATE,
        "lire": lire,
        "nul": nul,
        "afficher": lambda jour: "" if jour is None else date_courte(jour),
        "a_modifier": lambda jour: "" if jour is None else date_courte(jour),
    }


MOIS: dict[str, Any] = {
    "nature": Nature.MOIS,
    "lire": v.lire_mois,
    "afficher": mois,
    "a_modifier": mois_court,
}


def _montant(nul: bool) -> dict[str, Any]:
    def lire(texte: str) -> Decimal | None:
        montant = v.lire_montant(texte)
        if montant is None and not nul:
            raise ErreurSaisie("un montant est attendu")
        return montant

    return {
        "nature": Nature.MONTANT,
        "lire": lire,
        "verifier": _verifier_montant,
        "afficher": lambda montant: "" if montant is None else euros(montant),
        "a_modifier": _montant_a_modifier,
        "nul": nul,
    }


def _nom_des_regions() -> dict[str, str]:
    return {code: region.nom for code, region in sorted(regions().items(), key=lambda r: r[1].nom)}


def _campagnes_du_suivi() -> dict[str, str]:
    """Vide : la campagne du dossier ; puis toutes les campagnes, 2024 et 2025 comprises."""
    return {"": "Celle du dossier"} | {code: c.libelle for code, c in sorted(campagnes().items())}


_FINESS_D_UN_ESSMS = {
    "nature": Nature.IDENTIFIANT,
    "lire": v.lire_finess,
    "verifier": lambda valeur: erreur_finess(valeur) if valeur else None,
    "entetes": ("finess",),
}

CONVENTION = (
    _d(
        "suivi.convention.signee_le",
        "Convention signée le",
        "Date de signature de la convention ARS-porteur",
        "La date de signature de la convention avec l'ARS : l'avance de 50 % est versée à "
        "partir de cette date (instruction 2022/34, I.A.2).",
        **_date(nul=True),
    ),
    _d(
        "suivi.convention.ars",
        "ARS",
        "ARS signataire",
        "L'agence régionale de santé qui a signé la convention (l'ARS pivot d'un projet "
        "multirégional ou national).",
        **_choix(_nom_des_regions(), _lire_choix(_nom_des_regions())),
    ),
    _d(
        "suivi.convention.montant_total",
        "Montant notifié",
        "Montant total notifié par l'ARS",
        "Le montant total de la subvention inscrit dans la convention : c'est lui qui compte, "
        "pas l'estimation de l'application.",
        **_montant(nul=True),
    ),
    _d(
        "suivi.convention.avance_recue_le",
        "Avance reçue le",
        "Date de réception de l'avance",
        "La date à laquelle l'avance a été reçue.",
        **_date(nul=True),
    ),
    _d(
        "suivi.convention.avance_montant",
        "Avance reçue",
        "Montant de l'avance reçue",
        "Le montant de l'avance effectivement reçu (50 % de la subvention, instruction "
        "2022/34, I.A.2).",
        **_montant(nul=True),
    ),
    _d(
        "suivi.convention.debut_projet",
        "Début du projet",
        "Date de début du projet",
        "Le début du projet fixe la première mesure d'usage (trois mois après) et la fin "
        "prévue du déploiement (instruction 2022/34, I.A.2 et annexe 3).",
        **_date(nul=True),
    ),
    _d(
        "suivi.convention.duree_revue_mois",
        "Durée revue par l'ARS (mois)",
        "Durée du projet revue par l'ARS",
        "Les durées de 9 mois (mise en conformité) et 18 mois (acquisition) sont indicatives et "
        "l'ARS peut les réviser (FAQ) : indiquez la durée qu'elle a retenue ; vide ou 0 : "
        "celle des textes.",
        **_entier(minimum=0),
    ),
    _d(
        "suivi.convention.campagne",
        "Appel à projets",
        "Campagne de l'appel à projets qui a financé la grappe",
        "La campagne dont relève la convention : ses cibles d'usage et ses durées servent au "
        "suivi. Un projet de 2024 ou 2025, préparé ailleurs, se suit ici : les montants "
        "viennent de la convention, et les cibles et durées de l'instruction 2022/34 tant "
        "qu'aucun texte n'en date d'autres.",
        **_choix(_campagnes_du_suivi(), _lire_choix(_campagnes_du_suivi())),
    ),
    _d(
        "suivi.convention.montants[].finess",
        "FINESS",
        "FINESS de l'ESSMS",
        "L'ESSMS dont la convention fixe le montant.",
        **_FINESS_D_UN_ESSMS,
    ),
    _d(
        "suivi.convention.montants[].montant",
        "Montant notifié",
        "Montant notifié pour l'ESSMS",
        "Le montant que la convention accorde à cet ESSMS ; prérempli avec l'estimation, à "
        "corriger d'après la convention.",
        **_montant(nul=False),
    ),
)

MESURE = (
    _d(
        "suivi.mesures[].finess",
        "FINESS",
        "FINESS de l'ESSMS",
        "L'ESSMS mesuré.",
        **_FINESS_D_UN_ESSMS,
    ),
    _d(
        "suivi.mesures[].mois",
        "Mois",
        "Mois mesuré",
        "Le mois écoulé, mesuré à sa fin ; la première mesure porte sur les trois premiers "
        "mois du projet (annexe 3).",
        entetes=("mois", "periode", "date"),
        **MOIS,
    ),
    _d(
        "suivi.mesures[].personnes_accompagnees",
        "Personnes accompagnées",
        "Personnes accompagnées (file active)",
        "La file active : personnes accompagnées dans l'effectif au 31/12 plus sorties "
        "définitives dans l'année, chacune comptée une fois (annexe 3 C 1).",
        entetes=("personnes", "file active", "accompagn"),
        **_entier(minimum=0),
    ),
    _d(
        "suivi.mesures[].messages_mssante",
        "Messages MSSanté",
        "Messages envoyés par la MSSanté",
        "Le nombre de messages envoyés par la messagerie sécurisée de santé dans le mois "
        "(annexe 3 A).",
        entetes=("mssante", "ms sante", "messag"),
        **_entier(minimum=0),
    ),
    _d(
        "suivi.mesures[].dmp_alimentes",
        "DMP alimentés",
        "DMP alimentés avec au moins un document",
        "Le nombre de DMP alimentés avec au moins un document dans le mois (annexe 3 A).",
        entetes=("dmp",),
        **_entier(minimum=0),
    ),
    _d(
        "suivi.mesures[].dossiers_avec_projet",
        "Avec projet personnalisé",
        "Dossiers actifs avec un projet personnalisé",
        "Les dossiers actifs ayant un projet personnalisé en préparation ou actif (annexe 3 C 2).",
        entetes=("projet", "personnalise"),
        **_entier(minimum=0),
    ),
    _d(
        "suivi.mesures[].dossiers_avec_evenement",
        "Avec événement d'agenda",
        "Dossiers actifs avec au moins un événement d'agenda",
        "Les dossiers actifs ayant au moins un événement d'agenda dans le DUI (annexe 3 C 2).",
        entetes=("evenement", "agenda"),
        **_entier(minimum=0),
    ),
    _d(
        "suivi.mesures[].dossiers_actifs",
        "Dossiers actifs",
        "Dossiers actifs",
        "Les dossiers du DUI d'une personne accompagnée, mis à jour au moins une fois dans le "
        "mois (annexe 3 C 1).",
        entetes=("actifs", "dossiers"),
        **_entier(minimum=0),
    ),
)

DEPENSE = (
    _d(
        "suivi.depenses[].date",
        "Date",
        "Date de la facture",
        "La date de la facture.",
        entetes=("date",),
        **_date(nul=False),
    ),
    _d(
        "suivi.depenses[].fournisseur",
        "Fournisseur",
        "Fournisseur",
        "L'éditeur, le prestataire ou le fournisseur facturé.",
        entetes=("fournisseur", "prestataire", "editeur"),
        **TEXTE,
    ),
    _d(
        "suivi.depenses[].objet",
        "Objet",
        "Objet de la dépense",
        "Ce que la facture paie (licences, paramétrage, formation, postes…).",
        entetes=("objet", "libelle", "designation"),
        **TEXTE,
    ),
    _d(
        "suivi.depenses[].montant_ttc",
        "Montant TTC",
        "Montant TTC",
        "Le montant toutes taxes comprises de la facture.",
        entetes=("montant", "ttc"),
        **_montant(nul=False),
    ),
    _d(
        "suivi.depenses[].rubrique",
        "Poste",
        "Poste du financement",
        "Le poste du financement auquel la dépense se rattache (II.D).",
        entetes=("poste", "rubrique"),
        **_choix(_RUBRIQUES, _lire_choix(_RUBRIQUES)),
    ),
    _d(
        "suivi.depenses[].finess",
        "ESSMS",
        "FINESS de l'ESSMS",
        "L'ESSMS concerné ; vide pour une dépense du projet entier (AMOA).",
        **_FINESS_D_UN_ESSMS,
    ),
)

SUIVI = (*CONVENTION, *MESURE, *DEPENSE)

TOUS = (*DOSSIER, *PORTEUR, *ORGANISME, *SOLUTION, *ETABLISSEMENT, *SUIVI)
_PAR_CHEMIN = {d.chemin: d for d in TOUS}
_INDICE = re.compile(r"\[\d+\]")


def gabarit(chemin: str) -> str:
    """`etablissements[3].finess` → `etablissements[].finess`."""
    return _INDICE.sub("[]", chemin)


def definition(chemin: str) -> DefinitionChamp | None:
    """La définition du champ d'un chemin (`organismes[0].siret`), None s'il n'en a pas."""
    return _PAR_CHEMIN.get(gabarit(chemin))


def libelle(chemin: str) -> str:
    """Le libellé court d'un champ défini (« Appel à projets »), pour un titre de ligne."""
    d = definition(chemin)
    if d is None:
        raise KeyError(f"champ sans définition : {chemin}")
    return d.libelle


def definitions_de(objet: str) -> tuple[DefinitionChamp, ...]:
    """Les champs d'un objet, dans l'ordre de leur définition : `etablissements[]`."""
    return tuple(d for d in TOUS if d.objet == objet)


# --- Lire et écrire un champ du dossier par son chemin --------------------------------------

_ETAPE = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def _parent(dossier: Dossier, chemin: str) -> tuple[Any, str]:
    objet: Any = dossier
    *etapes, attribut = chemin.split(".")
    for etape in etapes:
        trouve = _ETAPE.fullmatch(etape)
        if trouve is None:
            raise KeyError(chemin)
        objet = getattr(objet, trouve.group(1))
        if objet is None:  # `suivi.…` d'un dossier qui n'est pas (ou plus) suivi
            raise KeyError(chemin)
        if trouve.group(2) is not None:
            objet = objet[int(trouve.group(2))]
    return objet, attribut


def valeur(dossier: Dossier, chemin: str) -> Any:
    """La valeur du champ : `valeur(d, "organismes[1].siret")`."""
    objet, attribut = _parent(dossier, chemin)
    return getattr(objet, attribut)


def changer(dossier: Dossier, chemin: str, nouvelle: Any) -> None:
    objet, attribut = _parent(dossier, chemin)
    if not dataclasses.is_dataclass(objet) or attribut not in {
        f.name for f in dataclasses.fields(objet)
    }:
        raise KeyError(chemin)
    setattr(objet, attribut, nouvelle)


# --- Un chemin dit pour un lecteur ----------------------------------------------------------

PARTIES = {
    "nom": "Dossier",
    "campagne": "Dossier",
    "porteur": "Porteur du projet",
    "organismes": "Organismes gestionnaires",
    "etablissements": "Établissements",
    "solution": "Solution DUI",
    "financements_specifiques": "Financements spécifiques",
    "autodiagnostic": "Autodiagnostic de maturité SI",
    "suivi": "Suivi du projet",
}
"""Le nom, pour un lecteur, de chaque partie du dossier (la première étape d'un chemin)."""


def libelle_chemin(dossier: Dossier, chemin: str) -> str:
    """Le champ d'un chemin dit en français, jamais le chemin lui-même : « Organisme Les
    Ajoncs — RSI : non », « Établissement EHPAD Ker Avel — Devis éditeur : non renseigné »,
    « Financements spécifiques », « Autodiagnostic de maturité SI — Organisme Les Ajoncs »."""
    if not chemin:
        return ""
    tete, _, reste = chemin.partition(".")
    etape = _ETAPE.fullmatch(tete)
    partie, indice = (etape.group(1), etape.group(2)) if etape else (tete, None)
    qui = PARTIES.get(partie, "Dossier")
    if partie == "autodiagnostic":
        og = next((o for o in dossier.organismes if o.id == reste), None)
        return f"{qui} — Organisme {og.raison_sociale or og.id}" if og else qui
    if partie in ("organismes", "etablissements") and indice is not None:
        liste = getattr(dossier, partie)
        if int(indice) < len(liste):
            objet = liste[int(indice)]
            if partie == "organismes":
                qui = f"Organisme {objet.raison_sociale or objet.id}"
            else:
                qui = f"Établissement {objet.nom or objet.finess or f'n° {int(indice) + 1}'}"
    d = definition(chemin)
    if d is None:
        return qui
    try:
        affiche = d.afficher(valeur(dossier, chemin))
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return f"{qui} — {d.libelle}"
    return f"{qui} — {d.libelle} : {affiche or 'non renseigné'}"
