"""Ce que rendent les règles : montants, explications et anomalies, sans calcul."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from app_bureau.modele import Gravite, Orientation
from app_bureau.regles.parametres import JeuParametres

if TYPE_CHECKING:
    from app_bureau.regles.autodiagnostic.scores import ResultatAutodiagnostic
    from app_bureau.regles.calendrier import EtatCampagne

CENTIME = Decimal("0.01")


def arrondir(montant: Decimal) -> Decimal:
    """Au centime, la moitié vers le haut (une seule fois par ligne calculée)."""
    return montant.quantize(CENTIME, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Explication:
    """Une ligne d'explication : ce qu'elle dit, le texte qui le fonde et, pour un montant, le
    montant et le paramètre daté d'où il vient. Chaque sortie la met en forme
    (`formats.texte_explication`)."""

    libelle: str
    reference: str
    montant: Decimal | None = None
    parametre: str | None = None
    """Le nom du paramètre (`financement.forfait_moa.acquisition.rangs_1_a_49`), s'il y en a un."""


@dataclass(frozen=True, slots=True)
class Anomalie:
    gravite: Gravite
    message: str
    reference: str
    champ: str = ""
    """Chemin du champ à corriger, comme dans le fichier dossier (`etablissements[3].finess`)."""


@dataclass(frozen=True)
class ResultatOrganisme:
    id: str
    raison_sociale: str
    petite_taille: bool
    explication: Explication
    nombre_essms_retenus: int


@dataclass(frozen=True, slots=True)
class ResultatEtablissement:
    index: int
    finess: str
    nom: str
    retenu: bool
    motifs_non_retenu: tuple[Explication, ...]
    rang: int | None
    region: str | None
    moa: Decimal
    editeur: Decimal
    equipement: Decimal
    total: Decimal
    explications: tuple[Explication, ...]


@dataclass(frozen=True)
class Totaux:
    moa: Decimal
    editeur: Decimal
    equipement: Decimal
    amoa_marche: Decimal
    amoa_projet: Decimal
    total: Decimal
    explications: tuple[Explication, ...]


@dataclass(frozen=True)
class Versements:
    avance: Decimal
    solde: Decimal
    explications: tuple[Explication, ...]


@dataclass(frozen=True)
class Evaluation:
    campagne: str
    parametres: JeuParametres
    orientation: Orientation
    orientation_explication: Explication
    ars_pivot: str | None
    """La région de l'ARS pivot (code INSEE) ; pour un projet national, la plus probable."""
    ars_pivot_explication: Explication
    """« ARS Bretagne » ; « ARS Île-de-France, probable : la CNSA et la DNS désignent… »."""
    nombre_essms_retenus: int
    organismes: tuple[ResultatOrganisme, ...]
    etablissements: tuple[ResultatEtablissement, ...]
    totaux: Totaux
    versements: Versements
    repartition_ars: dict[str, Decimal]
    essms_par_ars: dict[str, int]
    """Les ESSMS retenus que porte chaque ARS de la répartition : ceux de sa région, ou tous
    pour l'ARS pivot d'un projet national."""
    repartition_explications: tuple[Explication, ...]
    anomalies: tuple[Anomalie, ...]
    autodiagnostics: "tuple[ResultatAutodiagnostic, ...]"
    """L'autodiagnostic de chaque OG, dans l'ordre du dossier (`regles.autodiagnostic`)."""
    campagne_etat: "EtatCampagne"
    """La campagne au jour de l'évaluation : en cours, dépôt clos ou close
    (`regles.calendrier`)."""

    @property
    def mention_pivot(self) -> str:
        """« ARS pivot », ou « ARS pivot probable » pour un projet national (IV.A)."""
        return "ARS pivot probable" if self.orientation is Orientation.NATIONALE else "ARS pivot"

    def libelle_ars(self, code: str) -> str:
        """Une ligne de répartition : « ARS Bretagne (ARS pivot) »."""
        from app_bureau.referentiel.territoires import nom_ars

        if not code:
            return "Région inconnue"
        return nom_ars(code) + (f" ({self.mention_pivot})" if code == self.ars_pivot else "")

    @property
    def recevable(self) -> bool:
        return not any(a.gravite is Gravite.BLOQUANT for a in self.anomalies)

    def nombre(self, gravite: Gravite) -> int:
        return sum(1 for a in self.anomalies if a.gravite is gravite)
