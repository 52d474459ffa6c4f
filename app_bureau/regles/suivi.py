"""Le suivi d'un projet financé jusqu'à son solde (instruction 2022/34, I.A.2, annexe 2 F et
annexe 3), en Python pur.

Ce que disent les textes :
- le solde (50 %) est versé « sous conditions d'atteinte des cibles d'usage en fin du
  déploiement de la solution » (I.A.2), pour **tous** les ESSMS du projet : 70 % pour la
  MSSanté et le DMP, 90 % pour les trois indicateurs du DUI (annexe 2 F, annexe 3) ;
- chaque indicateur se mesure « sur le mois écoulé mesuré à chaque fin de mois (avec une
  période de 3 mois pour la première mesure) » (annexe 3) ;
- la durée attendue : 9 mois pour une montée de version, 18 mois pour une acquisition
  (I.A.2), « délais indicatifs pouvant être révisés par l'ARS » (FAQ) ;
- sinon, « le montant du solde est modulé en fonction du niveau d'atteinte des cibles et/ou du
  niveau des dépenses engagées et justifiées » (annexe 2 F) : **l'ARS décide** de la
  modulation. L'application montre le solde maximal et ce qui manque pour l'obtenir ; elle
  n'invente aucune formule de réduction. Le « montant en jeu » qu'elle affiche est la part du
  solde des ESSMS qui n'atteignent pas encore leurs cibles : un ordre de grandeur, pas une
  réduction calculée.

Les taux viennent des comptes saisis (`Mesure`), jamais tapés. Choix où les textes se taisent
(voir docs/choix-d-interpretation.md) : la première mesure porte sur le mois où s'achèvent
les trois premiers mois du projet ; un ESSMS est jugé sur sa dernière mesure ; la fin prévue
d'un ESSMS suit son type de projet, ou la durée revue par l'ARS ; les ESSMS suivis sont ceux
dont la convention donne le montant (tous ceux du dossier si elle n'en donne aucun).
"""

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import NamedTuple

from app_bureau.libelles import INDICATEURS
from app_bureau.modele import (
    Convention,
    Dossier,
    Etablissement,
    EtatCible,
    EtatSuivi,
    Gravite,
    Mesure,
    MontantNotifie,
    RubriqueFinancement,
    Suivi,
    TypeProjet,
)
from app_bureau.regles import references as ref
from app_bureau.regles.parametres import Campagne, JeuParametres, Parametre, campagnes, parametres
from app_bureau.regles.resultats import Anomalie, Evaluation, arrondir

ANNEXE_3 = f"{ref.INSTRUCTION}, annexe 3"
SOLDE = f"{ref.INSTRUCTION}, I.A.2) ; annexe 2 F"
PHASE_DE_GENERALISATION = (
    f"{ref.INSTRUCTION}, résumé (« phase de généralisation, celle-ci s'étendant de 2022 à 2025 »)"
)
DUREES_REVISABLES = (
    f"{ref.FAQ}, « Que se passe-t-il si les cibles d'utilisation ne sont pas atteintes dans "
    "les délais (9 mois pour une montée de version et 18 mois pour une acquisition) ? »"
)


@dataclass(frozen=True)
class Indicateur:
    cle: str
    """Le nom de sa cible dans les paramètres (`cibles.<cle>`) et de son libellé court."""
    numerateur: str
    denominateur: str
    borne: bool
    """Le numérateur ne peut pas dépasser le dénominateur (un DMP par personne…) ; les messages
    MSSanté, eux, le peuvent : l'annexe 3 rapporte des messages envoyés à des personnes."""

    @property
    def libelle(self) -> str:
        return INDICATEURS[self.cle]

    @cached_property
    def comptes(self) -> "attrgetter[tuple[datetime.date, int, int]]":
        """Mesure → (mois, numérateur, dénominateur)."""
        return attrgetter("mois", self.numerateur, self.denominateur)

    def taux(self, mesure: Mesure) -> "Taux":
        return Taux._make(self.comptes(mesure))


INDICATEURS_D_USAGE = (
    Indicateur("ms_sante", "messages_mssante", "personnes_accompagnees", borne=False),
    Indicateur("dmp", "dmp_alimentes", "personnes_accompagnees", borne=True),
    Indicateur("dossiers_actifs", "dossiers_actifs", "personnes_accompagnees", borne=True),
    Indicateur(
        "dossiers_avec_projet_personnalise", "dossiers_avec_projet", "dossiers_actifs", borne=True
    ),
    Indicateur("dossiers_avec_evenement", "dossiers_avec_evenement", "dossiers_actifs", borne=True),
)


def _mois_plus(jour: datetime.date, mois: int) -> datetime.date:
    """Le même jour, `mois` mois plus tard (ramené au dernier jour d'un mois plus court)."""
    rang = jour.year * 12 + jour.month - 1 + mois
    annee, numero = divmod(rang, 12)
    dernier = calendar.monthrange(annee, numero + 1)[1]
    return datetime.date(annee, numero + 1, min(jour.day, dernier))


def _debut_du_mois(jour: datetime.date) -> datetime.date:
    return jour.replace(day=1)


def fin_du_mois(jour: datetime.date) -> datetime.date:
    return jour.replace(day=calendar.monthrange(jour.year, jour.month)[1])


# --- une mesure ------------------------------------------------------------------------------


def problemes_de_mesure(mesure: Mesure, debut: datetime.date | None) -> list[tuple[str, str]]:
    """Ce qui ne tient pas debout dans une mesure : (attribut, problème en français). Les
    mêmes contrôles servent au fichier dossier, au collage et à la saisie."""
    from app_bureau.champs_dossier import definition

    def libelle(attribut: str) -> str:
        d = definition(f"suivi.mesures[].{attribut}")
        return d.libelle_long.lower() if d else attribut

    problemes = []
    for ind in INDICATEURS_D_USAGE:
        n, d = getattr(mesure, ind.numerateur), getattr(mesure, ind.denominateur)
        if ind.borne and n > d:
            problemes.append(
                (ind.numerateur, f"{n} dépasse les {d} {libelle(ind.denominateur)} du mois")
            )
    if debut is not None and mesure.mois < _debut_du_mois(debut):
        problemes.append(("mois", f"mois avant le début du projet ({debut.strftime('%d/%m/%Y')})"))
    return list(dict.fromkeys(problemes))


# --- résultats -------------------------------------------------------------------------------


_DIX_MILLIEME = Decimal("0.0001")


@lru_cache(maxsize=65536)
def _part(numerateur: int, denominateur: int) -> Decimal | None:
    if not denominateur:
        return None
    return (Decimal(numerateur) / Decimal(denominateur)).quantize(_DIX_MILLIEME)


class Taux(NamedTuple):
    """Un mois d'un indicateur : ses comptes (un n-uplet : 500 ESSMS × 24 mois × 5
    indicateurs en font 60 000, construits vite)."""

    mois: datetime.date
    numerateur: int
    denominateur: int

    @property
    def part(self) -> Decimal | None:
        """Le taux (0,7 pour 70 %) au dix-millième ; None si le dénominateur est nul."""
        return _part(self.numerateur, self.denominateur)


@dataclass(frozen=True)
class SuiviIndicateur:
    indicateur: Indicateur
    cible: Parametre
    mesures: Sequence[Mesure]
    """Les mesures de l'ESSMS, dans l'ordre des mois."""
    etat: EtatCible

    @cached_property
    def serie(self) -> tuple[Taux, ...]:
        """Un taux par mois mesuré, dans l'ordre des mois (construite à la demande :
        l'état ne lit que la dernière mesure)."""
        comptes = self.indicateur.comptes
        return tuple(Taux._make(comptes(m)) for m in self.mesures)

    @property
    def dernier(self) -> Taux | None:
        return self.indicateur.taux(self.mesures[-1]) if self.mesures else None


@dataclass(frozen=True)
class SuiviEssms:
    finess: str
    nom: str
    projet: TypeProjet
    fin_prevue: datetime.date | None
    montant_notifie: Decimal
    indicateurs: tuple[SuiviIndicateur, ...]
    etat: EtatCible
    mois_manquants: tuple[datetime.date, ...]
    """Les mois dus sans mesure, du premier dû au dernier mois écoulé."""
    depenses: Decimal


@dataclass(frozen=True)
class Preuve:
    identifiant: str
    libelle: str
    reference: str
    gardee: bool


@dataclass(frozen=True)
class Calendrier:
    debut: datetime.date | None
    premiere_mesure: datetime.date | None
    """Le mois de la première mesure (son premier jour) ; elle est due à la fin de ce mois."""
    fin_prevue: datetime.date | None
    """La plus tardive des fins prévues des ESSMS."""
    aujourd_hui: datetime.date


@dataclass(frozen=True)
class ResultatSuivi:
    calendrier: Calendrier
    essms: tuple[SuiviEssms, ...]
    etat: EtatSuivi
    montant_notifie: Decimal
    avance: Decimal
    """L'avance reçue (celle de la convention si elle est saisie, sinon sa part du montant)."""
    solde_maximal: Decimal
    montant_en_jeu: Decimal
    """La part du solde des ESSMS qui n'atteignent pas (encore) leurs cibles : un ordre de
    grandeur ; l'ARS décide de la modulation réelle (annexe 2 F)."""
    depenses_par_rubrique: dict[RubriqueFinancement, Decimal]
    depenses: Decimal
    preuves: tuple[Preuve, ...]
    anomalies: tuple[Anomalie, ...]

    @property
    def retiennent_le_solde(self) -> tuple[SuiviEssms, ...]:
        return tuple(e for e in self.essms if e.etat is not EtatCible.ATTEINTE)


_GRAVITE_ETAT = {
    EtatCible.EN_RETARD: 0,
    EtatCible.SANS_MESURE: 1,
    EtatCible.PAS_ENCORE: 2,
    EtatCible.PAS_DUE: 3,
    EtatCible.ATTEINTE: 4,
}


def premiere_mesure(debut: datetime.date, jeu: JeuParametres) -> datetime.date:
    """Le mois (son premier jour) où s'achève la période de la première mesure : début
    1er janvier → mars ; début 15 janvier → avril (la période est couverte entière)."""
    periode = int(jeu["suivi.periode_premiere_mesure"].valeur)
    return _debut_du_mois(_mois_plus(debut, periode) - datetime.timedelta(days=1))


def fin_prevue(
    debut: datetime.date, projet: TypeProjet, duree_revue: int, jeu: JeuParametres
) -> datetime.date:
    duree = duree_revue or int(jeu[f"versements.duree_maximale.{projet.value}"].valeur)
    return _mois_plus(debut, duree)


def _etat_indicateur(
    dernier: Taux | None,
    cible: Decimal,
    premiere: datetime.date | None,
    fin: datetime.date | None,
    aujourd_hui: datetime.date,
) -> EtatCible:
    if dernier is None:
        if premiere is None or aujourd_hui <= fin_du_mois(premiere):
            return EtatCible.PAS_DUE
        return (
            EtatCible.EN_RETARD if fin is not None and aujourd_hui > fin else EtatCible.SANS_MESURE
        )
    if dernier.part is not None and dernier.part >= cible:
        return EtatCible.ATTEINTE
    if fin is not None and aujourd_hui > fin:
        return EtatCible.EN_RETARD
    return EtatCible.PAS_ENCORE


def _mois_dus(premiere: datetime.date | None, aujourd_hui: datetime.date) -> list[datetime.date]:
    """Les mois dont la mesure était due (mois achevés depuis la première mesure)."""
    if premiere is None:
        return []
    dus, mois = [], premiere
    while fin_du_mois(mois) < aujourd_hui:
        dus.append(mois)
        mois = _mois_plus(mois, 1)
    return dus


def _preuves(dossier: Dossier, suivi: Suivi, jeu: JeuParametres) -> tuple[Preuve, ...]:
    gardees = set(suivi.preuves_gardees)
    conservation = jeu.get("suivi.conservation_pieces_marches")
    marche = f", à conserver jusqu'en {conservation.valeur}" if conservation else ""
    liste = [
        ("convention", "Convention signée avec l'ARS", SOLDE),
        (
            "pieces_marche",
            f"Pièces de la mise en concurrence et du marché{marche}",
            conservation.reference if conservation else ref.MISE_EN_CONCURRENCE,
        ),
        (
            "conformite_solution",
            "Preuve de conformité de la solution (marché ou contrat avec l'éditeur), au plus "
            "tard à la vérification de service régulier",
            f"{ref.INSTRUCTION}, II.D.1)",
        ),
        (
            "factures",
            "Factures des dépenses engagées et justifiées",
            f"{ref.INSTRUCTION}, annexe 2 F",
        ),
        (
            "exports_usage",
            "Exports mensuels des indicateurs d'usage du DUI, ESSMS par ESSMS",
            ANNEXE_3,
        ),
        ("releves_mssante_dmp", "Relevés MSSanté et DMP, ESSMS par ESSMS", ANNEXE_3),
    ]
    return tuple(
        Preuve(identifiant, libelle, reference, identifiant in gardees)
        for identifiant, libelle, reference in liste
    )


def essms_suivis(dossier: Dossier) -> list[Etablissement]:
    """Les ESSMS dont l'usage est suivi : ceux de la convention quand elle donne le montant de
    chacun (c'est elle qui compte, annexe 2 F), sinon tous ceux du dossier qui ont un FINESS."""
    avec_finess = [e for e in dossier.etablissements if e.finess]
    if dossier.suivi is None or not dossier.suivi.convention.montants:
        return avec_finess
    conventionnes = {m.finess for m in dossier.suivi.convention.montants}
    return [e for e in avec_finess if e.finess in conventionnes]


def hors_convention(dossier: Dossier) -> list[str]:
    """Les FINESS des ESSMS du dossier que la convention ne nomme pas (quand elle donne les
    montants de chacun) : leur usage n'est pas suivi pour le solde."""
    if dossier.suivi is None or not dossier.suivi.convention.montants:
        return []
    suivis = {e.finess for e in essms_suivis(dossier)}
    return [e.finess for e in dossier.etablissements if e.finess and e.finess not in suivis]


def campagne_du_suivi(dossier: Dossier) -> Campagne:
    """La campagne dont le suivi prend cibles et durées : celle de la convention (2024, 2025
    compris), sinon celle du dossier."""
    convention = dossier.suivi.convention if dossier.suivi else None
    return campagnes()[(convention.campagne if convention else "") or dossier.campagne]


def evaluer_suivi(
    dossier: Dossier, aujourd_hui: datetime.date, estimations: dict[str, Decimal] | None = None
) -> ResultatSuivi | None:
    """Où en est le projet financé ; None si le dossier n'est pas (encore) suivi.
    `estimations` : le montant estimé de chaque ESSMS (FINESS → euros), pris quand la
    convention n'en donne pas."""
    suivi = dossier.suivi
    if suivi is None:
        return None
    convention = suivi.convention
    jeu = parametres(campagne_du_suivi(dossier).code)
    debut = convention.debut_projet
    premiere = premiere_mesure(debut, jeu) if debut else None
    notifies = {m.finess: m.montant for m in convention.montants}
    mesures: dict[str, list[Mesure]] = {}
    for m in sorted(suivi.mesures, key=lambda x: x.mois):
        mesures.setdefault(m.finess, []).append(m)
    depenses_essms: dict[str, Decimal] = {}
    par_rubrique = {r: Decimal("0.00") for r in RubriqueFinancement}
    for depense in suivi.depenses:
        par_rubrique[depense.rubrique] += depense.montant_ttc
        if depense.finess:
            depenses_essms[depense.finess] = (
                depenses_essms.get(depense.finess, Decimal(0)) + depense.montant_ttc
            )
    part_solde = jeu["versements.solde"].valeur
    dus = _mois_dus(premiere, aujourd_hui)

    lignes: list[SuiviEssms] = []
    anomalies: list[Anomalie] = []
    for e in essms_suivis(dossier):
        fin = fin_prevue(debut, e.projet, convention.duree_revue_mois, jeu) if debut else None
        serie_mesures = mesures.get(e.finess, [])
        indicateurs = []
        for ind in INDICATEURS_D_USAGE:
            cible = jeu[f"cibles.{ind.cle}"]
            dernier = ind.taux(serie_mesures[-1]) if serie_mesures else None
            etat = _etat_indicateur(dernier, cible.valeur, premiere, fin, aujourd_hui)
            indicateurs.append(SuiviIndicateur(ind, cible, serie_mesures, etat))
        etat_essms = min((i.etat for i in indicateurs), key=_GRAVITE_ETAT.__getitem__)
        mesures_faites = {m.mois for m in serie_mesures}
        manquants = tuple(mois for mois in dus if mois not in mesures_faites)
        if manquants and manquants[-1] == dus[-1] and not (fin and aujourd_hui > fin):
            # Le dernier mois dû manque : une cible atteinte plus tôt ne dit pas l'usage
            # d'aujourd'hui (une mesure « à chaque fin de mois », annexe 3).
            etat_essms = min(etat_essms, EtatCible.SANS_MESURE, key=_GRAVITE_ETAT.__getitem__)
        montant = notifies.get(e.finess, (estimations or {}).get(e.finess, Decimal(0)))
        lignes.append(
            SuiviEssms(
                e.finess, e.nom, e.projet, fin, montant, tuple(indicateurs), etat_essms,
                manquants, depenses_essms.get(e.finess, Decimal("0.00")),
            )
        )  # fmt: skip
        chemin = f"suivi.mesures[{e.finess}]"
        if manquants:
            from app_bureau.formats import mois as nom_du_mois

            liste = ", ".join(nom_du_mois(m) for m in manquants[:3])
            suite = f" et {len(manquants) - 3} autres" if len(manquants) > 3 else ""
            anomalies.append(
                Anomalie(
                    Gravite.AVERTISSEMENT,
                    f"{e.nom or e.finess} : mesure manquante pour {liste}{suite}.",
                    ANNEXE_3,
                    chemin,
                )
            )
        if etat_essms is EtatCible.EN_RETARD:
            manquees = ", ".join(
                i.indicateur.libelle for i in indicateurs if i.etat is not EtatCible.ATTEINTE
            )
            anomalies.append(
                Anomalie(
                    Gravite.AVERTISSEMENT,
                    f"{e.nom or e.finess} : fin prévue du déploiement passée, cibles non "
                    f"atteintes ({manquees}) : l'ARS peut moduler le solde.",
                    f"{SOLDE} ; {DUREES_REVISABLES}",
                    chemin,
                )
            )

    montant_notifie = convention.montant_total
    if montant_notifie is None:
        montant_notifie = sum((e.montant_notifie for e in lignes), Decimal("0.00"))
    solde_maximal = arrondir(montant_notifie * part_solde)
    avance = (
        convention.avance_montant
        if convention.avance_montant is not None
        else montant_notifie - solde_maximal
    )
    en_jeu = arrondir(
        sum(
            (e.montant_notifie * part_solde for e in lignes if e.etat is not EtatCible.ATTEINTE),
            Decimal(0),
        )
    )
    if not lignes or not debut:
        etat = EtatSuivi.A_DEMARRER
    elif all(e.etat is EtatCible.ATTEINTE for e in lignes):
        etat = EtatSuivi.CIBLES_ATTEINTES
    elif any(e.etat is EtatCible.EN_RETARD for e in lignes):
        etat = EtatSuivi.EN_RETARD
    else:
        etat = EtatSuivi.EN_COURS
    if convention.signee_le is None:
        anomalies.insert(
            0,
            Anomalie(
                Gravite.AVERTISSEMENT,
                "Date de signature de la convention à indiquer : l'avance est versée à partir "
                "d'elle.",
                SOLDE,
                "suivi.convention.signee_le",
            ),
        )
    if debut is None:
        anomalies.insert(
            0,
            Anomalie(
                Gravite.AVERTISSEMENT,
                "Date de début du projet à indiquer : elle fixe la première mesure et la fin "
                "prévue du déploiement.",
                ANNEXE_3,
                "suivi.convention.debut_projet",
            ),
        )
    if not jeu.campagne.appel:
        anomalies.append(
            Anomalie(
                Gravite.INFORMATION,
                f"{jeu.campagne.libelle} : l'application n'en détient pas l'appel à projets ; "
                "les montants sont ceux de la convention, les cibles d'usage et les durées "
                "ceux de l'instruction 2022/34 tant qu'aucun texte n'en date d'autres.",
                PHASE_DE_GENERALISATION,
                "suivi.convention.campagne",
            )
        )
    fins = [e.fin_prevue for e in lignes if e.fin_prevue]
    calendrier = Calendrier(debut, premiere, max(fins) if fins else None, aujourd_hui)
    depenses = sum(par_rubrique.values(), Decimal("0.00"))
    return ResultatSuivi(
        calendrier, tuple(lignes), etat, montant_notifie, avance, solde_maximal, en_jeu,
        par_rubrique, depenses, _preuves(dossier, suivi, jeu), tuple(anomalies),
    )  # fmt: skip


# --- ce que l'écran, les documents et la ligne de commande en tirent -------------------------


def montants_estimes(evaluation: Evaluation) -> dict[str, Decimal]:
    """Le montant estimé de chaque ESSMS retenu (FINESS → euros) : ce que `evaluer_suivi`
    prend quand la convention ne donne pas le montant d'un ESSMS."""
    return {r.finess: r.total for r in evaluation.etablissements if r.retenu and r.finess}


def suivi_prerempli(dossier: Dossier, evaluation: Evaluation) -> Suivi:
    """Le suivi d'un dossier qui vient d'être financé : la convention préremplie avec
    l'estimation (montant total, montant de chaque ESSMS retenu, ARS pivot), à corriger
    d'après la convention signée — ce sont les chiffres de l'ARS qui comptent. Sans ESSMS
    retenu (grappe préparée ailleurs), chaque ESSMS du dossier y figure, pour 0 €."""
    estimes = montants_estimes(evaluation)
    if estimes:
        montants = [MontantNotifie(finess, montant) for finess, montant in estimes.items()]
        total: Decimal | None = evaluation.totaux.total
    else:
        montants = [MontantNotifie(e.finess) for e in dossier.etablissements if e.finess]
        total = None
    return Suivi(Convention(ars=evaluation.ars_pivot or "", montant_total=total, montants=montants))


@dataclass(frozen=True)
class LigneDepenses:
    """Une ligne de l'état des dépenses : un poste, ou le total."""

    libelle: str
    depenses: Decimal
    prevu: Decimal | None
    """L'estimation du poste ; pour le total, le montant notifié."""
    rubrique: RubriqueFinancement | None = None
    """None : la ligne du total."""

    @property
    def ecart(self) -> Decimal | None:
        """Ce qui reste à justifier (négatif : dépensé au-delà)."""
        return None if self.prevu is None else self.prevu - self.depenses


def etat_des_depenses(resultat: ResultatSuivi, evaluation: Evaluation) -> tuple[LigneDepenses, ...]:
    """Les dépenses justifiées de chaque poste face à son estimation, puis le total face au
    montant notifié : l'écart que l'ARS regarde (« niveau des dépenses engagées et
    justifiées », annexe 2 F)."""
    from app_bureau.libelles import RUBRIQUES

    lignes = [
        LigneDepenses(
            r.long,
            resultat.depenses_par_rubrique[RubriqueFinancement(r.cle)],
            getattr(evaluation.totaux, r.cle),
            RubriqueFinancement(r.cle),
        )
        for r in RUBRIQUES
    ]
    lignes.append(
        LigneDepenses("Total, face au montant notifié", resultat.depenses, resultat.montant_notifie)
    )
    return tuple(lignes)


def mois_a_ajouter(resultat: ResultatSuivi) -> datetime.date | None:
    """Le mois qu'« Ajouter un mois » propose : le premier mois dû sans mesure d'un ESSMS
    suivi ; sinon celui qui suit la dernière mesure ; sinon celui de la première mesure
    (None sans date de début)."""
    manquants = [m for e in resultat.essms for m in e.mois_manquants]
    if manquants:
        return min(manquants)
    derniers = [
        e.indicateurs[0].mesures[-1].mois for e in resultat.essms if e.indicateurs[0].mesures
    ]
    if derniers:
        return _mois_plus(max(derniers), 1)
    return resultat.calendrier.premiere_mesure


def mesures_a_remplir(resultat: ResultatSuivi, mois: datetime.date) -> list[Mesure]:
    """Une mesure à zéro pour `mois` de chaque ESSMS suivi qui n'en a pas encore : des lignes
    où taper les comptes."""
    return [
        Mesure(e.finess, mois)
        for e in resultat.essms
        if all(m.mois != mois for m in e.indicateurs[0].mesures)
    ]
