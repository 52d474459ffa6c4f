"""Le tableau des établissements : un modèle Qt sur `session.dossier.etablissements`.

Aucun widget par cellule : le modèle lit le dossier à la demande, ce qui reste fluide avec
2 000 lignes. Chaque saisie est contrôlée là où elle entre (`setData`) avec les mêmes
lecteurs que le collage depuis un tableur ; une valeur refusée n'est pas écrite, le modèle
publie le message (`erreur_saisie`, `derniere_erreur`). Une saisie acceptée passe par
`session.appliquer`. Le statut (retenu, rang, motifs) est lu dans `session.evaluation` :
le tableau ne le recalcule jamais.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app_bureau.champs_dossier import definition
from app_bureau.ecrans.session import SessionDossier
from app_bureau.fichier.lecture import probleme_saisie
from app_bureau.formats import euros, pourcentage, texte_explication
from app_bureau.identifiants import code_territoire_finess, erreur_finess
from app_bureau.libelles import CHAMPS, PROJETS, ROUGE, VERT
from app_bureau.modele import Etablissement
from app_bureau.modifications import (
    AjoutEtablissements,
    ChangementDeChamps,
    DeplacementEtablissement,
    SuppressionEtablissements,
)
from app_bureau.referentiel.categories_finess import categorie, categories
from app_bureau.referentiel.territoires import territoire
from app_bureau.regles.resultats import Evaluation, ResultatEtablissement
from app_bureau.saisie.valeurs import ErreurSaisie, part_depuis_pourcentage

Index = QModelIndex | QPersistentModelIndex


class Colonne(IntEnum):
    FINESS = 0
    NOM = 1
    ORGANISME = 2
    CATEGORIE = 3
    CHAMP = 4
    PROJET = 5
    PART = 6
    DEVIS = 7
    EQUIPEMENT = 8
    DEJA_FINANCE = 9
    SONS = 10
    PERSONNES = 11
    TERRITOIRE = 12
    STATUT = 13


@dataclass(frozen=True)
class DefinitionColonne:
    titre: str
    attribut: str
    """Le champ de l'établissement (chemin `etablissements[i].<attribut>`), « » si calculé."""
    aide: str


_ATTRIBUTS = {
    Colonne.FINESS: "finess",
    Colonne.NOM: "nom",
    Colonne.ORGANISME: "organisme",
    Colonne.CATEGORIE: "categorie",
    Colonne.CHAMP: "champ",
    Colonne.PROJET: "projet",
    Colonne.PART: "part_activite_eligible",
    Colonne.DEVIS: "devis_editeur",
    Colonne.EQUIPEMENT: "equipement",
    Colonne.DEJA_FINANCE: "deja_finance",
    Colonne.SONS: "commande_sons_autre_logiciel",
    Colonne.PERSONNES: "personnes_accompagnees",
}


def _colonne_du_champ(attribut: str) -> DefinitionColonne:
    d = definition(f"etablissements[].{attribut}")
    assert d is not None, attribut
    return DefinitionColonne(d.libelle, attribut, d.aide)


COLONNES: dict[Colonne, DefinitionColonne] = {
    **{c: _colonne_du_champ(a) for c, a in _ATTRIBUTS.items()},
    Colonne.TERRITOIRE: DefinitionColonne(
        "Département / région",
        "",
        "Lu dans le numéro FINESS : il désigne l'ARS concernée. Non modifiable.",
    ),
    Colonne.STATUT: DefinitionColonne(
        "Statut",
        "",
        "Ce que disent les règles : retenu (avec son rang) ou non retenu (avec les motifs). "
        "Survolez une cellule pour le détail et les paragraphes cités.",
    ),
}
CASES = frozenset({Colonne.EQUIPEMENT, Colonne.DEJA_FINANCE, Colonne.SONS})
LECTURE_SEULE = frozenset({Colonne.TERRITOIRE, Colonne.STATUT})
COLONNE_DU_CHAMP = {d.attribut: c for c, d in COLONNES.items() if d.attribut}
_NOMBRES = frozenset({Colonne.PART, Colonne.DEVIS, Colonne.PERSONNES})
_PAR_NUMERO = tuple(Colonne)
# Les rôles lus par `data`, en entiers : la vue en demande 7 par cellule peinte.
_AFFICHAGE = Qt.ItemDataRole.DisplayRole.value
_EDITION = Qt.ItemDataRole.EditRole.value
_INFOBULLE = Qt.ItemDataRole.ToolTipRole.value
_ALIGNEMENT = Qt.ItemDataRole.TextAlignmentRole.value
_COULEUR = Qt.ItemDataRole.ForegroundRole.value
_COCHE = Qt.ItemDataRole.CheckStateRole.value
_ROLES_LUS = frozenset({_AFFICHAGE, _EDITION, _INFOBULLE, _ALIGNEMENT, _COULEUR, _COCHE})
_ROLES_STATUT = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole]
_A_DROITE = int(Qt.AlignmentFlag.AlignRight.value | Qt.AlignmentFlag.AlignVCenter.value)
_ROUGE = QBrush(QColor(ROUGE))
_VERT = QBrush(QColor(VERT))


def texte_statut(resultat: ResultatEtablissement) -> str:
    if resultat.retenu:
        return f"retenu, rang {resultat.rang}"
    return "non retenu : " + " ; ".join(m.libelle for m in resultat.motifs_non_retenu)


def detail_statut(resultat: ResultatEtablissement) -> str:
    """L'infobulle du statut : les motifs ou les montants, chacun avec son paragraphe."""
    if resultat.retenu:
        entete = f"Retenu, rang {resultat.rang} : {euros(resultat.total)}"
        lignes = resultat.explications
    else:
        entete, lignes = "Non retenu :", resultat.motifs_non_retenu
    return "\n".join([entete, *(f"• {texte_explication(e)} ({e.reference})" for e in lignes)])


def texte_territoire(finess: str) -> str:
    """« Ille-et-Vilaine (35) — Bretagne », lu dans le FINESS ; « » s'il n'est pas valide."""
    if not finess or erreur_finess(finess):
        return ""
    code = code_territoire_finess(finess)
    lieu = territoire(code) if code else None
    if lieu is None:
        return ""
    region = lieu.region.nom if lieu.region else "hors programme"
    return f"{lieu.nom} ({lieu.code}) — {region}"


def _coche(valeur: Any) -> bool:
    if isinstance(valeur, Qt.CheckState):
        return valeur is Qt.CheckState.Checked
    return int(valeur) == Qt.CheckState.Checked.value


def _nombre(valeur: Any) -> bool:
    return isinstance(valeur, int | float | Decimal) and not isinstance(valeur, bool)


class ModeleEtablissements(QAbstractTableModel):
    """Une ligne par établissement du dossier, dans l'ordre du dossier (qui fixe le rang)."""

    erreur_saisie = Signal(str)
    """Le message de la dernière saisie refusée, « » quand une saisie est acceptée."""

    def __init__(self, session: SessionDossier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.derniere_erreur = ""
        self._lignes = len(self.etablissements)
        self._statuts = self._textes_statut(session.evaluation)
        """Les statuts affichés, pour ne signaler à la vue que ceux qui changent."""
        session.evaluation_changee.connect(self._evaluation_changee)
        session.dossier_recharge.connect(self.reinitialiser)

    @property
    def etablissements(self) -> list[Etablissement]:
        return self.session.dossier.etablissements

    # --- lecture --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.etablissements)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Colonne)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and 0 <= section < len(Colonne):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLONNES[Colonne(section)].titre
            if role == Qt.ItemDataRole.ToolTipRole:
                return COLONNES[Colonne(section)].aide
            return None
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        drapeaux = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        colonne = _PAR_NUMERO[index.column()]
        if colonne in CASES:
            return drapeaux | Qt.ItemFlag.ItemIsUserCheckable
        if colonne not in LECTURE_SEULE:
            return drapeaux | Qt.ItemFlag.ItemIsEditable
        return drapeaux

    def resultat(self, ligne: int) -> ResultatEtablissement | None:
        """Le résultat des règles pour la ligne (None si l'évaluation ne la connaît pas)."""
        resultats = self.session.evaluation.etablissements
        return resultats[ligne] if 0 <= ligne < len(resultats) else None

    def data(self, index: Index, role: int = _AFFICHAGE) -> Any:
        if role not in _ROLES_LUS:
            return None
        ligne = index.row()
        etablissements = self.session.dossier.etablissements
        if not 0 <= ligne < len(etablissements):
            return None  # index invalide (ligne -1) ou périmé
        e = etablissements[ligne]
        colonne = _PAR_NUMERO[index.column()]
        if role == _AFFICHAGE:
            return self._affichage(e, ligne, colonne)
        if role == _EDITION:
            return self._valeur_a_modifier(e, colonne)
        if role == _COCHE:
            if colonne not in CASES:
                return None
            coche = getattr(e, COLONNES[colonne].attribut)
            return Qt.CheckState.Checked if coche else Qt.CheckState.Unchecked
        if role == _INFOBULLE:
            return self._infobulle(e, ligne, colonne)
        if role == _ALIGNEMENT:
            return _A_DROITE if colonne in _NOMBRES else None
        if colonne is Colonne.STATUT:  # couleur du texte
            resultat = self.resultat(ligne)
            return None if resultat is None else _VERT if resultat.retenu else _ROUGE
        return None

    def _affichage(self, e: Etablissement, ligne: int, colonne: Colonne) -> str | None:
        match colonne:
            case Colonne.FINESS:
                return e.finess
            case Colonne.NOM:
                return e.nom
            case Colonne.ORGANISME:
                og = self.session.dossier.organisme(e.organisme)
                if og is None:
                    return f"{e.organisme} (inconnu)"
                return og.raison_sociale or og.id
            case Colonne.CATEGORIE:
                return e.categorie or ""
            case Colonne.CHAMP:
                return CHAMPS[e.champ]
            case Colonne.PROJET:
                return PROJETS[e.projet]
            case Colonne.PART:
                return pourcentage(e.part_activite_eligible)
            case Colonne.DEVIS:
                return "" if e.devis_editeur is None else euros(e.devis_editeur)
            case Colonne.PERSONNES:
                return QLocale().toString(e.personnes_accompagnees)
            case Colonne.TERRITOIRE:
                return texte_territoire(e.finess)
            case Colonne.STATUT:
                resultat = self.resultat(ligne)
                return "" if resultat is None else texte_statut(resultat)
        return None  # cases à cocher : pas de texte

    def _valeur_a_modifier(self, e: Etablissement, colonne: Colonne) -> Any:
        """La valeur donnée à l'éditeur de la cellule (celle que `setData` reçoit en retour)."""
        match colonne:
            case Colonne.CATEGORIE:
                return e.categorie or ""
            case Colonne.CHAMP | Colonne.PROJET:
                return getattr(e, COLONNES[colonne].attribut).value
            case Colonne.PART:
                return float(e.part_activite_eligible * 100)  # un pourcentage, de 0 à 100
            case Colonne.DEVIS:
                return None if e.devis_editeur is None else float(e.devis_editeur)
        if colonne in CASES or colonne in LECTURE_SEULE:
            return None
        return getattr(e, COLONNES[colonne].attribut)

    def _infobulle(self, e: Etablissement, ligne: int, colonne: Colonne) -> str | None:
        match colonne:
            case Colonne.STATUT:
                resultat = self.resultat(ligne)
                return None if resultat is None else detail_statut(resultat)
            case Colonne.CATEGORIE if e.categorie:
                cat = categorie(e.categorie)
                if cat is None:
                    return f"Catégorie {e.categorie} inconnue de l'application : vérifiez-la."
                essms = "ESSMS de l'art. L.312-1 du CASF" if cat.essms else "pas un ESSMS"
                return f"{cat.code} — {cat.libelle}\n{essms} ({cat.reference})"
            case Colonne.ORGANISME:
                return f"Identifiant de l'organisme : {e.organisme}"
        return None

    # --- écriture -------------------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.row() >= len(self.etablissements):
            return False
        ligne, colonne = index.row(), Colonne(index.column())
        if colonne in CASES and role == Qt.ItemDataRole.CheckStateRole:
            changements: dict[str, Any] = {COLONNES[colonne].attribut: _coche(value)}
        elif role == Qt.ItemDataRole.EditRole and colonne not in LECTURE_SEULE | CASES:
            try:
                changements = self._changements(ligne, colonne, value)
            except ErreurSaisie as exc:
                self._signaler(f"Ligne {ligne + 1}, {COLONNES[colonne].titre} : {exc}")
                return False
        else:
            return False
        self.modifier_ligne(ligne, changements)
        return True

    def _changements(self, ligne: int, colonne: Colonne, valeur: Any) -> dict[str, Any]:
        """Lit et contrôle la valeur saisie ; lève `ErreurSaisie` si elle est refusée."""
        e = self.etablissements[ligne]
        texte = "" if valeur is None else str(valeur)
        if probleme := probleme_saisie(texte):  # bornes communes (`bornes`)
            raise ErreurSaisie(probleme)
        attribut = _ATTRIBUTS[colonne]
        champ = definition(f"etablissements[].{attribut}")
        assert champ is not None
        match colonne:
            case Colonne.FINESS:
                finess = champ.lire(texte)
                autre = self.ligne_du_finess(finess, sauf=ligne)
                if autre is not None:
                    raise ErreurSaisie(f"{finess} figure déjà à la ligne {autre + 1}")
                return {"finess": finess}
            case Colonne.ORGANISME:
                if self.session.dossier.organisme(texte) is None:
                    raise ErreurSaisie(f"aucun organisme gestionnaire « {texte} » dans le dossier")
                return {"organisme": texte}
            case Colonne.CATEGORIE:
                return self._changements_categorie(e, champ.lire(texte))
            case Colonne.CHAMP | Colonne.PROJET if isinstance(valeur, StrEnum):
                return {attribut: valeur}
            case Colonne.PART if _nombre(valeur):  # l'éditeur de la cellule donne un nombre
                return {attribut: part_depuis_pourcentage(Decimal(str(round(float(valeur), 4))))}
        return {attribut: champ.lire(texte)}

    @staticmethod
    def _changements_categorie(e: Etablissement, code: str | None) -> dict[str, Any]:
        """La catégorie, et le champ qu'elle suggère si l'utilisateur n'en a pas choisi
        d'autre : pas de catégorie avant, ou le champ suivait la catégorie précédente."""
        changements: dict[str, Any] = {"categorie": code}
        nouvelle = categorie(code) if code else None
        ancienne = categorie(e.categorie) if e.categorie else None
        if nouvelle and (ancienne is None or e.champ is ancienne.champ):
            changements["champ"] = nouvelle.champ
        return changements

    def ligne_du_finess(self, finess: str, sauf: int = -1) -> int | None:
        if not finess:
            return None
        return next(
            (i for i, e in enumerate(self.etablissements) if e.finess == finess and i != sauf),
            None,
        )

    def modifier_ligne(self, ligne: int, changements: dict[str, Any]) -> None:
        """Applique des valeurs déjà contrôlées à une ligne, en une modification du dossier."""
        e = self.etablissements[ligne]
        nouveaux = {
            f"etablissements[{ligne}].{k}": v for k, v in changements.items() if getattr(e, k) != v
        }
        for chemin in (f"etablissements[{ligne}].{k}" for k in changements):
            self.session.effacer_saisie(chemin)
        if nouveaux:
            self.session.appliquer(ChangementDeChamps(nouveaux, "modifier un établissement"))
            self.dataChanged.emit(self.index(ligne, 0), self.index(ligne, Colonne.TERRITOIRE))
        self._signaler("")

    def _signaler(self, message: str) -> None:
        self.derniere_erreur = message
        self.erreur_saisie.emit(message)

    # --- lignes ajoutées, supprimées, déplacées (une modification du dossier chacune) -------

    def ajouter(self, nouveaux: Iterable[Etablissement]) -> int:
        """Ajoute les établissements en fin de tableau ; renvoie la première ligne ajoutée."""
        liste = list(nouveaux)
        debut = len(self.etablissements)
        if liste:
            self.session.appliquer(AjoutEtablissements(liste))
        return debut

    def supprimer(self, lignes: Iterable[int]) -> int:
        """Supprime les lignes données (dans n'importe quel ordre), en une modification
        annulable ; renvoie le nombre de lignes supprimées."""
        a_supprimer = sorted({i for i in lignes if 0 <= i < len(self.etablissements)})
        if a_supprimer:
            self.session.appliquer(SuppressionEtablissements(a_supprimer))
        return len(a_supprimer)

    def deplacer(self, ligne: int, decalage: int) -> bool:
        """Monte (-1) ou descend (+1) une ligne ; False si elle est déjà au bord."""
        cible = ligne + decalage
        if not (0 <= ligne < len(self.etablissements) and 0 <= cible < len(self.etablissements)):
            return False
        return self.session.appliquer(DeplacementEtablissement(ligne, cible))

    def reinitialiser(self) -> None:
        """Tout relire (dossier rechargé, ou lignes changées hors de ce modèle)."""
        self.beginResetModel()
        self._lignes = len(self.etablissements)
        self._statuts = self._textes_statut(self.session.evaluation)
        self.endResetModel()

    @staticmethod
    def _textes_statut(evaluation: Evaluation) -> list[str]:
        return [texte_statut(r) for r in evaluation.etablissements]

    def _evaluation_changee(self, evaluation: Evaluation) -> None:
        """Prévient la vue des seuls statuts dont le texte a changé, en un signal.

        Un signal sur toute la colonne ferait repeindre tout le tableau visible (Qt ne le
        limite pas aux lignes affichées) : ~50 ms à chaque saisie sur 2 000 lignes. Comparer
        2 000 textes coûte moins d'une milliseconde ; cocher « Équipement » ne change aucun
        statut, retirer un ESSMS change les rangs de tous ceux qui le suivent."""
        if len(self.etablissements) != self._lignes:
            self.reinitialiser()
            return
        anciens, nouveaux = self._statuts, self._textes_statut(evaluation)
        self._statuts = nouveaux
        changes = [
            i for i, texte in enumerate(nouveaux) if i >= len(anciens) or anciens[i] != texte
        ]
        if changes:
            self.dataChanged.emit(
                self.index(changes[0], Colonne.STATUT),
                self.index(changes[-1], Colonne.STATUT),
                _ROLES_STATUT,
            )


# --- éditeurs des cellules ----------------------------------------------------------------


class DelegueChoix(QStyledItemDelegate):
    """Une liste déroulante : `options()` donne (libellé, valeur transmise à `setData`).
    Le choix est enregistré comme toute saisie : Entrée, Tab, ou clic ailleurs."""

    def __init__(self, options: Callable[[], list[tuple[str, str]]], parent: QWidget) -> None:
        super().__init__(parent)
        self.options = options

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        liste = QComboBox(parent)
        for libelle, valeur in self.options():
            liste.addItem(libelle, valeur)
        return liste

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        valeur = index.data(Qt.ItemDataRole.EditRole)
        position = editor.findData(valeur)
        if position < 0 and valeur:
            editor.insertItem(0, f"{valeur} (inconnu)", valeur)
            position = 0
        with QSignalBlocker(editor):
            editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class DelegueTexte(QStyledItemDelegate):
    """Une zone de texte lue à la française par le modèle (« 62,5 », « 13 200,00 »)."""

    def __init__(self, formater: Callable[[Any], str], indication: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.formater = formater
        self.indication = indication

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        zone = QLineEdit(parent)
        zone.setPlaceholderText(self.indication)
        return zone

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(self.formater(index.data(Qt.ItemDataRole.EditRole)))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class DelegueEntier(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        boite = QSpinBox(parent)
        boite.setRange(0, 1_000_000)
        return boite

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


def _pourcentage_a_saisir(valeur: Any) -> str:
    """62.5 → « 62,5 » ; 100.0 → « 100 »."""
    texte = QLocale().toString(float(valeur or 0), "f", 4)
    return texte.rstrip("0").rstrip(",")


def _montant_a_saisir(valeur: Any) -> str:
    """13200.0 → « 13 200 » ; 13200.5 → « 13 200,50 » ; None → « »."""
    if valeur is None:
        return ""
    texte = QLocale().toString(float(valeur), "f", 2)
    return texte.removesuffix(",00")


def installer_delegues(vue: QTableView, modele: ModeleEtablissements) -> None:
    """Donne à chaque colonne modifiable l'éditeur qui convient."""

    def organismes() -> list[tuple[str, str]]:
        return [(og.raison_sociale or og.id, og.id) for og in modele.session.dossier.organismes]

    def liste_categories() -> list[tuple[str, str]]:
        return [("(non renseignée)", "")] + [
            (f"{code} — {cat.libelle}", code) for code, cat in sorted(categories().items())
        ]

    champs = [(libelle, champ.value) for champ, libelle in CHAMPS.items()]
    projets = [(libelle, projet.value) for projet, libelle in PROJETS.items()]
    delegues: dict[Colonne, QStyledItemDelegate] = {
        Colonne.ORGANISME: DelegueChoix(organismes, vue),
        Colonne.CATEGORIE: DelegueChoix(liste_categories, vue),
        Colonne.CHAMP: DelegueChoix(lambda: champs, vue),
        Colonne.PROJET: DelegueChoix(lambda: projets, vue),
        Colonne.PART: DelegueTexte(_pourcentage_a_saisir, "de 0 à 100 (%)", vue),
        Colonne.DEVIS: DelegueTexte(_montant_a_saisir, "aucun devis", vue),
        Colonne.PERSONNES: DelegueEntier(vue),
    }
    for colonne, delegue in delegues.items():
        vue.setItemDelegateForColumn(colonne, delegue)
