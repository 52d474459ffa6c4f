"""Montants par ESSMS retenu (II.D.1, II.D.2, II.D.4), financements spécifiques des OG de
petite taille (II.D.3), totaux et versements (I.A.2)."""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from app_bureau.formats import euros, pourcentage
from app_bureau.libelles import TOTAL, essms_retenus
from app_bureau.modele import Dossier, Etablissement, Gravite, ModeAchat, Solution, TypeProjet
from app_bureau.regles import references as ref
from app_bureau.regles.parametres import JeuParametres, Parametre
from app_bureau.regles.resultats import (
    Anomalie,
    Explication,
    ResultatEtablissement,
    ResultatOrganisme,
    Totaux,
    Versements,
    arrondir,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MontantsEssms:
    moa: Decimal
    editeur: Decimal
    equipement: Decimal
    explications: tuple[Explication, ...]


def _ligne(libelle: str, montant: Decimal, parametre: Parametre | str) -> Explication:
    """Une ligne au montant tiré d'un paramètre daté, ou fondée sur un paragraphe (texte)."""
    if isinstance(parametre, str):
        return _explication(libelle, montant, parametre, None)
    return _explication(libelle, montant, parametre.reference, parametre.nom)


@lru_cache(maxsize=8)
def _premier_rang_reduit(jeu: JeuParametres) -> Decimal:
    return jeu["financement.rang_premier_montant_reduit"].valeur


@lru_cache(maxsize=8192)
def _explication(
    libelle: str, montant: Decimal, reference: str, parametre: str | None
) -> Explication:
    """Les mêmes lignes reviennent d'un ESSMS à l'autre : elles sont partagées (immuables)."""
    return Explication(libelle, reference, montant, parametre)


def montants_essms(
    etablissement: Etablissement,
    rang: int,
    organisme_petit: bool,
    solution: Solution,
    jeu: JeuParametres,
) -> MontantsEssms:
    """Les trois montants d'un ESSMS retenu, chacun arrondi une fois, avec leurs lignes."""
    reduit = rang >= _premier_rang_reduit(jeu)
    tranche = "a_partir_du_rang_50" if reduit else "rangs_1_a_49"
    libelle_rang = f"rang {rang}, montant réduit" if reduit else "rangs 1 à 49"
    lignes: list[Explication] = []
    part = etablissement.part_activite_eligible

    def au_prorata(libelle: str, base: Decimal) -> Decimal:
        if part == 1:
            return arrondir(base)
        montant = arrondir(base * part)
        lignes.append(
            _ligne(f"{libelle} × {pourcentage(part)} d'activité éligible", montant, ref.CONFORT)
        )
        return montant

    if etablissement.projet is TypeProjet.ACQUISITION:
        forfait = jeu[f"financement.forfait_moa.acquisition.{tranche}"]
        lignes.append(
            _ligne(
                f"Forfait maîtrise d'ouvrage, acquisition, {libelle_rang}", forfait.valeur, forfait
            )
        )
        moa = au_prorata("Maîtrise d'ouvrage", forfait.valeur)
        segur = "referencee_segur" if solution.referencee_segur else "non_referencee_segur"
        plafond = jeu[f"financement.plafond_editeur.acquisition.{segur}.{tranche}"]
        if solution.referencee_segur:
            qualite = "référencée Ségur"
        elif solution.referencement_segur_en_cours:
            qualite = "en cours de référencement Ségur (plafond d'une solution non référencée)"
        else:
            qualite = "non référencée Ségur"
        libelle = f"Prestation de l'éditeur, solution {qualite}, {libelle_rang}"
        devis = etablissement.devis_editeur
        if devis is None:
            base = plafond.valeur
            lignes.append(_ligne(f"{libelle}, plafond retenu faute de devis", base, plafond))
        elif devis <= plafond.valeur:
            base = devis
            texte = f"{libelle}, devis (plafond {euros(plafond.valeur)})"
            lignes.append(_ligne(texte, base, plafond))
        else:
            base = plafond.valeur
            texte = f"{libelle}, devis de {euros(devis)} ramené au plafond"
            lignes.append(_ligne(texte, base, plafond))
        editeur = au_prorata("Prestation de l'éditeur", base)
    else:
        forfait = jeu[f"financement.forfait_moa.mise_en_conformite.{tranche}"]
        texte = f"Forfait maîtrise d'ouvrage, mise en conformité, {libelle_rang}"
        lignes.append(_ligne(texte, forfait.valeur, forfait))
        moa = au_prorata("Maîtrise d'ouvrage", forfait.valeur)
        sons = jeu["financement.plafond_editeur.mise_en_conformite"]
        texte = "Prestation de l'éditeur, payée par l'ASP au titre du SONS"
        lignes.append(_ligne(texte, sons.valeur, sons))
        editeur = arrondir(sons.valeur)

    equipement = ZERO
    if etablissement.equipement and organisme_petit:
        forfait_eq = jeu["financement.financements_specifiques.equipement_par_essms"]
        texte = "Équipements et infrastructures, OG de petite taille"
        lignes.append(_ligne(texte, forfait_eq.valeur, forfait_eq))
        equipement = au_prorata("Équipements", forfait_eq.valeur)
    return MontantsEssms(moa, editeur, equipement, tuple(lignes))


def financements_par_projet(
    dossier: Dossier, petits_engages: list[ResultatOrganisme], jeu: JeuParametres
) -> tuple[Decimal, Decimal, list[Explication], list[Anomalie]]:
    """AMOA marché et AMOA projet : par projet, s'ils sont demandés et qu'au moins un OG de
    petite taille a un ESSMS retenu ; l'AMOA marché seulement si l'achat passe par le SAD."""
    fs = dossier.financements_specifiques
    lignes: list[Explication] = []
    anomalies: list[Anomalie] = []
    noms = ", ".join(og.raison_sociale or og.id for og in petits_engages)
    montants = {"amoa_marche": ZERO, "amoa_projet": ZERO}
    demandes = (
        ("amoa_marche", fs.amoa_marche, "amoa_marche_par_projet", "AMOA marché (procédure du SAD)"),
        ("amoa_projet", fs.amoa_projet, "amoa_projet_par_projet", "AMOA projet (pilotage du DUI)"),
    )
    for cle, demande, nom_parametre, libelle in demandes:
        if not demande:
            continue
        parametre = jeu[f"financement.financements_specifiques.{nom_parametre}"]
        champ = f"financements_specifiques.{cle}"
        if not petits_engages:
            message = (
                f"{libelle} demandée mais non finançable : aucun organisme gestionnaire de "
                "petite taille n'a d'ESSMS retenu dans le projet."
            )
            anomalies.append(Anomalie(Gravite.AVERTISSEMENT, message, parametre.reference, champ))
        elif cle == "amoa_marche" and dossier.solution.mode_achat is not ModeAchat.SAD:
            message = (
                f"{libelle} demandée mais non finançable : elle n'est prévue que lorsque l'achat "
                "passe par le SAD de la centrale d'achat mandatée par la CNSA."
            )
            anomalies.append(
                Anomalie(
                    Gravite.AVERTISSEMENT,
                    message,
                    jeu.reference("financements_specifiques", ref.FINANCEMENTS_SPECIFIQUES),
                    champ,
                )
            )
        else:
            montants[cle] = arrondir(parametre.valeur)
            texte = f"{libelle}, par projet, OG de petite taille : {noms}"
            lignes.append(_ligne(texte, montants[cle], parametre))
    return montants["amoa_marche"], montants["amoa_projet"], lignes, anomalies


def totaux(
    lignes: list[ResultatEtablissement],
    amoa_marche: Decimal,
    amoa_projet: Decimal,
    explications_projet: list[Explication],
) -> Totaux:
    retenus = [r for r in lignes if r.retenu]
    moa = sum((r.moa for r in retenus), ZERO)
    editeur = sum((r.editeur for r in retenus), ZERO)
    equipement = sum((r.equipement for r in retenus), ZERO)
    total = moa + editeur + equipement + amoa_marche + amoa_projet
    sur = f"somme sur {essms_retenus(len(retenus))}"
    explications = [
        Explication(f"Maîtrise d'ouvrage, {sur}", ref.TOTAL, moa),
        Explication(f"Prestations de l'éditeur, {sur}", ref.TOTAL, editeur),
        Explication(f"Équipements, {sur}", ref.TOTAL, equipement),
        *explications_projet,
        Explication(TOTAL, ref.TOTAL, total),
    ]
    return Totaux(moa, editeur, equipement, amoa_marche, amoa_projet, total, tuple(explications))


def versements(total: Decimal, jeu: JeuParametres) -> Versements:
    """L'avance (arrondie au centime) et le solde, qui en est le complément exact."""
    part_avance = jeu["versements.avance"]
    part_solde = jeu["versements.solde"]
    avance = arrondir(total * part_avance.valeur)
    solde = total - avance
    return Versements(
        avance,
        solde,
        (
            _ligne(
                f"Avance, {pourcentage(part_avance.valeur)} à la signature de la convention",
                avance,
                part_avance,
            ),
            _ligne(
                f"Solde, {pourcentage(part_solde.valeur)} sur atteinte des cibles d'usage, au "
                "plus (modulé par l'ARS selon l'atteinte des cibles et les dépenses engagées et "
                "justifiées)",
                solde,
                part_solde,
            ),
        ),
    )
