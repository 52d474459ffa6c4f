"""Les tableaux de l'étape « Suivi » : les lignes d'une liste du suivi (montants notifiés,
mesures, dépenses), modifiables case par case, et la grille des états (un ESSMS par ligne,
un indicateur par colonne).

Les modèles lisent le dossier et le résultat des règles de la session à la demande : 500 ESSMS
et 24 mois font 12 000 lignes de mesures, que la vue ne peint qu'à l'écran. Une saisie
acceptée passe par la session (enregistrée, annulable) ; une saisie refusée n'est jamais
perdue : la session la garde (en base) et la case la montre en rouge, précédée de « × », avec
sa raison en infobulle, jusqu'à sa correction. Aucun taux n'est calculé ici : les taux viennent
des règles (`regles.suivi`).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QWidget,
)

from app_bureau import champs_dossier
from app_bureau.champs_dossier import Nature
from app_bureau.ecrans.session import SessionDossier
from app_bureau.ecrans.tableaux import sur_deux_lignes
from app_bureau.fichier.lecture import probleme_saisie
from app_bureau.formats import date_courte, mois, nombre, pourcentage
from app_bureau.libelles import ETATS_CIBLE, GRIS, ROUGE
from app_bureau.regles.suivi import INDICATEURS_D_USAGE, SuiviEssms, SuiviIndicateur
from app_bureau.saisie.valeurs import ErreurSaisie

Index = QModelIndex | QPersistentModelIndex
_AFFICHAGE = Qt.ItemDataRole.DisplayRole
_EDITION = Qt.ItemDataRole.EditRole
_A_DROITE = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ROUGE = QBrush(QColor(ROUGE))
_GRIS = QBrush(QColor(GRIS))
REFUSE = "×"
"""Le signe d'une saisie refusée dans une case : la couleur n'est pas seule à le dire."""


@dataclass(frozen=True)
class ColonneSuivi:
    titre: str
    aide: str
    attribut: str = ""
    """Le champ de la ligne (`suivi.mesures[i].<attribut>`), modifiable ; « » : calculée."""
    calcul: Callable[[int, Any], str] | None = None
    """Pour une colonne calculée : (ligne, objet) → texte."""
    choix: Callable[[], list[tuple[str, Any]]] | None = None
    """Les choix (libellé, valeur) d'une case à liste."""
    droite: bool = False
    largeur: int = 100


def colonne_du_champ(
    liste: str,
    attribut: str,
    largeur: int = 100,
    choix: Callable[[], list[tuple[str, Any]]] | None = None,
) -> ColonneSuivi:
    """La colonne d'un champ, d'après sa définition (`champs_dossier`)."""
    d = champs_dossier.definition(f"{liste}[].{attribut}")
    assert d is not None, (liste, attribut)
    droite = d.nature in (Nature.ENTIER, Nature.MONTANT)
    return ColonneSuivi(d.libelle, d.aide, attribut, None, choix, droite, largeur)


Verification = Callable[[int, str, Any], str | None]
"""(ligne, attribut, nouvelle valeur) → le problème qui la refuse, ou None."""


class ModeleLignesSuivi(QAbstractTableModel):
    """Une ligne par élément d'une liste du suivi (`suivi.mesures`…)."""

    erreur_saisie = Signal(str)
    """Le message de la dernière saisie refusée, « » quand une saisie est acceptée."""

    def __init__(
        self,
        session: SessionDossier,
        liste: str,
        colonnes: Sequence[ColonneSuivi],
        verifier: Verification | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.liste = liste
        self.colonnes = list(colonnes)
        self.verifier = verifier
        session.dossier_recharge.connect(self.reinitialiser)
        session.evaluation_changee.connect(self._tout_relire)
        session.saisies_changees.connect(self._tout_relire)

    def lignes(self) -> list[Any]:
        try:
            return champs_dossier.valeur(self.session.dossier, self.liste)  # type: ignore[no-any-return]
        except KeyError:  # le dossier n'est pas (ou plus) suivi
            return []

    def chemin(self, ligne: int, attribut: str) -> str:
        return f"{self.liste}[{ligne}].{attribut}"

    # --- lecture ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lignes())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.colonnes)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _AFFICHAGE) -> Any:
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(self.colonnes):
            colonne = self.colonnes[section]
            if role == _AFFICHAGE:
                return sur_deux_lignes(colonne.titre)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{colonne.titre} — {colonne.aide}"
            return None
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        drapeaux = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.colonnes[index.column()].attribut:
            drapeaux |= Qt.ItemFlag.ItemIsEditable
        return drapeaux

    def data(self, index: Index, role: int = _AFFICHAGE) -> Any:
        lignes = self.lignes()
        if not index.isValid() or not 0 <= index.row() < len(lignes):
            return None
        ligne, colonne = index.row(), self.colonnes[index.column()]
        objet = lignes[ligne]
        saisie = (
            self.session.saisies.get(self.chemin(ligne, colonne.attribut))
            if colonne.attribut
            else None
        )
        if role == _AFFICHAGE:
            if saisie is not None:
                return f"{REFUSE} {saisie.texte}"
            if colonne.calcul is not None:
                return colonne.calcul(ligne, objet)
            return self._affichage(colonne, getattr(objet, colonne.attribut))
        if role == _EDITION:
            if colonne.choix is not None:
                return getattr(objet, colonne.attribut)
            if saisie is not None:
                return saisie.texte
            d = champs_dossier.definition(self.chemin(ligne, colonne.attribut))
            return d.a_modifier(getattr(objet, colonne.attribut)) if d else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if saisie is not None:
                return f"Refusé : {saisie.message}. Corrigez la case ; rien d'autre n'a changé."
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if saisie is not None:
                return _ROUGE
            return _GRIS if not colonne.attribut else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _A_DROITE if colonne.droite else None
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and saisie is not None:
            return f"Refusé : {saisie.message}"
        return None

    def _affichage(self, colonne: ColonneSuivi, valeur: Any) -> str:
        if colonne.choix is not None:
            return next((libelle for libelle, v in colonne.choix() if v == valeur), str(valeur))
        d = champs_dossier.definition(f"{self.liste}[].{colonne.attribut}")
        if d is None:
            return str(valeur)
        if d.nature is Nature.ENTIER:
            return nombre(valeur)
        if d.nature is Nature.DATE:
            return date_courte(valeur)
        return d.afficher(valeur)

    # --- écriture -----------------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = _EDITION) -> bool:
        lignes = self.lignes()
        if role != _EDITION or not index.isValid() or not 0 <= index.row() < len(lignes):
            return False
        ligne, colonne = index.row(), self.colonnes[index.column()]
        if not colonne.attribut:
            return False
        chemin = self.chemin(ligne, colonne.attribut)
        texte = "" if value is None else str(value)
        try:
            if colonne.choix is not None:
                valeur = value
            else:
                if probleme := probleme_saisie(texte):  # bornes communes (`bornes`)
                    raise ErreurSaisie(probleme)
                d = champs_dossier.definition(chemin)
                assert d is not None, chemin
                valeur = d.lire(texte)
            if self.verifier and (probleme := self.verifier(ligne, colonne.attribut, valeur)):
                raise ErreurSaisie(probleme)
        except ErreurSaisie as exc:
            self.session.noter_saisie(chemin, texte, str(exc))
            self._signaler(f"Ligne {ligne + 1}, {colonne.titre} : {exc}")
            return True  # la saisie est gardée (en rouge), l'éditeur se ferme
        self.session.changer(chemin, valeur)
        self._signaler("")
        return True

    def _signaler(self, message: str) -> None:
        self.erreur_saisie.emit(message)

    def reinitialiser(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _tout_relire(self, *_: object) -> None:
        lignes = self.rowCount()
        if lignes:
            self.dataChanged.emit(self.index(0, 0), self.index(lignes - 1, len(self.colonnes) - 1))


# --- la grille des états ------------------------------------------------------------------------


def texte_indicateur(suivi: SuiviIndicateur) -> str:
    """« ✓ 92,5 % », « … 64 % », « ? — » : le signe de l'état, puis le dernier taux."""
    dernier = suivi.dernier
    taux = pourcentage(dernier.part) if dernier and dernier.part is not None else "—"
    return f"{ETATS_CIBLE[suivi.etat].symbole} {taux}"


def detail_indicateur(suivi: SuiviIndicateur) -> str:
    """L'infobulle : l'état en mots, le dernier mois avec ses comptes, la cible."""
    presentation = ETATS_CIBLE[suivi.etat]
    cible = pourcentage(suivi.cible.valeur)
    lignes = [f"{suivi.indicateur.libelle} : {presentation.libelle} (cible {cible})"]
    dernier = suivi.dernier
    if dernier is not None:
        taux = pourcentage(dernier.part) if dernier.part is not None else "—"
        lignes.append(
            f"{mois(dernier.mois)} : {nombre(dernier.numerateur)} sur "
            f"{nombre(dernier.denominateur)}, soit {taux}"
        )
    lignes.append(suivi.cible.reference)
    return "\n".join(lignes)


TITRES_GRILLE = (
    "ESSMS",
    "État",
    *(i.libelle for i in INDICATEURS_D_USAGE),
    "Fin prévue",
    "Mois manquants",
)
_PREMIER_INDICATEUR = 2
_INDICATEURS = len(INDICATEURS_D_USAGE)


class ModeleEtats(QAbstractTableModel):
    """Un ESSMS suivi par ligne : son état, puis chaque indicateur (signe, dernier taux), sa fin
    prévue et ses mois sans mesure ; lu dans `session.suivi`."""

    def __init__(self, session: SessionDossier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._lignes = self.rowCount()
        session.evaluation_changee.connect(self._relire)
        session.dossier_recharge.connect(self._relire)

    def essms(self) -> tuple[SuiviEssms, ...]:
        return self.session.suivi.essms if self.session.suivi else ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.essms())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TITRES_GRILLE)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _AFFICHAGE) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == _AFFICHAGE:
            # Sur deux lignes (« Projet / personnalisé ») : la grille tient sans défiler.
            return sur_deux_lignes(TITRES_GRILLE[section])
        rang = section - _PREMIER_INDICATEUR
        infobulle = role == Qt.ItemDataRole.ToolTipRole
        if orientation is Qt.Orientation.Horizontal and infobulle and 0 <= rang < _INDICATEURS:
            ind = INDICATEURS_D_USAGE[rang]
            return f"{ind.libelle} : le dernier mois mesuré ; survolez une case"
        return super().headerData(section, orientation, role)

    def indicateur(self, index: Index) -> SuiviIndicateur | None:
        essms = self.essms()
        rang = index.column() - _PREMIER_INDICATEUR
        if not index.isValid() or index.row() >= len(essms):
            return None
        if 0 <= rang < len(INDICATEURS_D_USAGE):
            return essms[index.row()].indicateurs[rang]
        return None

    def data(self, index: Index, role: int = _AFFICHAGE) -> Any:
        essms = self.essms()
        if not index.isValid() or index.row() >= len(essms):
            return None
        e, colonne = essms[index.row()], index.column()
        suivi_indicateur = self.indicateur(index)
        etat = suivi_indicateur.etat if suivi_indicateur else e.etat
        if role == _AFFICHAGE:
            if suivi_indicateur is not None:
                return texte_indicateur(suivi_indicateur)
            if colonne == 0:
                return e.nom or e.finess
            if colonne == 1:
                return f"{ETATS_CIBLE[e.etat].symbole} {ETATS_CIBLE[e.etat].libelle}"
            if colonne == len(TITRES_GRILLE) - 2:
                return date_courte(e.fin_prevue) if e.fin_prevue else "—"
            return str(len(e.mois_manquants)) if e.mois_manquants else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if suivi_indicateur is not None:
                return detail_indicateur(suivi_indicateur)
            if colonne == 0:
                return f"{e.nom or e.finess} — FINESS {e.finess}"
            if colonne == len(TITRES_GRILLE) - 1 and e.mois_manquants:
                return "Sans mesure : " + ", ".join(mois(m) for m in e.mois_manquants)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and colonne >= 1:
            if colonne in (len(TITRES_GRILLE) - 2, len(TITRES_GRILLE) - 1):
                return None
            return QBrush(QColor(ETATS_CIBLE[etat].couleur))
        if role == Qt.ItemDataRole.TextAlignmentRole and colonne == len(TITRES_GRILLE) - 1:
            return _A_DROITE
        if role == Qt.ItemDataRole.AccessibleTextRole and suivi_indicateur is not None:
            return f"{texte_indicateur(suivi_indicateur)}, {ETATS_CIBLE[etat].libelle}"
        return None

    def _relire(self, *_: object) -> None:
        if self.rowCount() != self._lignes:
            self.beginResetModel()
            self._lignes = self.rowCount()
            self.endResetModel()
            return
        if self._lignes:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._lignes - 1, len(TITRES_GRILLE) - 1)
            )
