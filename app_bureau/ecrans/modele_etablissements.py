"""Le tableau des établissements : un modèle Qt sur `session.dossier.etablissements`.

Le tableau ne montre que l'essentiel : FINESS, nom, organisme gestionnaire, catégorie, projet
(modifiables dans la cellule), le statut et le total que donnent les règles. Les autres champs
de la ligne choisie sont dans le formulaire de la page.

Aucun widget par cellule : le modèle lit le dossier à la demande, ce qui reste fluide avec
2 000 lignes. Chaque saisie est contrôlée là où elle entre (`setData`) avec les lecteurs des
définitions des champs. Une saisie acceptée passe par `session.appliquer` ; une saisie refusée
n'est pas écrite dans le dossier mais gardée par la session (`noter_saisie`, en base) : la
cellule montre ce qui a été tapé, en rouge, la raison en infobulle, jusqu'à sa correction.
Le statut et le total sont lus dans `session.evaluation` : le tableau ne les recalcule jamais.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app_bureau.champs_dossier import definition
from app_bureau.ecrans.champs_formulaire import (
    categorie_de_la_liste,
    libelle_categorie_court,
    liste_categories,
)
from app_bureau.ecrans.session import SessionDossier
from app_bureau.ecrans.tableaux import DelegueChoix
from app_bureau.fichier.lecture import probleme_saisie
from app_bureau.formats import euros, texte_explication
from app_bureau.identifiants import code_territoire_finess, erreur_finess
from app_bureau.libelles import PROJETS, ROUGE, VERT
from app_bureau.modele import Etablissement, SaisieEnAttente
from app_bureau.modifications import (
    AjoutEtablissements,
    ChangementDeChamps,
    DeplacementEtablissement,
    SuppressionEtablissements,
)
from app_bureau.referentiel.categories_finess import categorie
from app_bureau.referentiel.territoires import territoire
from app_bureau.regles.resultats import Evaluation, ResultatEtablissement
from app_bureau.saisie.valeurs import ErreurSaisie

Index = QModelIndex | QPersistentModelIndex


class Colonne(IntEnum):
    FINESS = 0
    NOM = 1
    ORGANISME = 2
    CATEGORIE = 3
    PROJET = 4
    STATUT = 5
    TOTAL = 6


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
    Colonne.PROJET: "projet",
}


_TITRES_COURTS = {"organisme": "Organisme", "categorie": "Catégorie"}
"""Des titres de colonne plus courts que le libellé du champ (le tableau est étroit ; l'aide
de l'en-tête dit le reste)."""


def _colonne_du_champ(attribut: str) -> DefinitionColonne:
    d = definition(f"etablissements[].{attribut}")
    assert d is not None, attribut
    return DefinitionColonne(_TITRES_COURTS.get(attribut, d.libelle), attribut, d.aide)


COLONNES: dict[Colonne, DefinitionColonne] = {
    **{c: _colonne_du_champ(a) for c, a in _ATTRIBUTS.items()},
    Colonne.STATUT: DefinitionColonne(
        "Statut",
        "",
        "Ce que disent les règles : retenu (avec son rang) ou non retenu (avec les motifs). "
        "Survolez une cellule pour le détail et les paragraphes cités.",
    ),
    Colonne.TOTAL: DefinitionColonne(
        "Total",
        "",
        "Le financement que les règles calculent pour l'établissement retenu (éditeur, "
        "maîtrise d'ouvrage, équipement) ; survolez pour le détail de chaque euro.",
    ),
}
CHAMPS_DU_TABLEAU = frozenset(_ATTRIBUTS.values())
"""Les champs modifiables dans le tableau ; les autres sont dans le formulaire de la page."""
LECTURE_SEULE = frozenset({Colonne.STATUT, Colonne.TOTAL})
COLONNE_DU_CHAMP = {d.attribut: c for c, d in COLONNES.items() if d.attribut}
_PAR_NUMERO = tuple(Colonne)
# Les rôles lus par `data`, en entiers : la vue en demande plusieurs par cellule peinte.
_AFFICHAGE = Qt.ItemDataRole.DisplayRole.value
_EDITION = Qt.ItemDataRole.EditRole.value
_INFOBULLE = Qt.ItemDataRole.ToolTipRole.value
_ALIGNEMENT = Qt.ItemDataRole.TextAlignmentRole.value
_COULEUR = Qt.ItemDataRole.ForegroundRole.value
_ICONE = Qt.ItemDataRole.DecorationRole.value
_ROLES_LUS = frozenset({_AFFICHAGE, _EDITION, _INFOBULLE, _ALIGNEMENT, _COULEUR, _ICONE})
_ROLES_RESULTAT = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole]
_A_DROITE = int(Qt.AlignmentFlag.AlignRight.value | Qt.AlignmentFlag.AlignVCenter.value)
_DRAPEAUX = tuple(
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | (Qt.ItemFlag.NoItemFlags if c in LECTURE_SEULE else Qt.ItemFlag.ItemIsEditable)
    for c in Colonne
)
"""Les drapeaux de chaque colonne, calculés une fois (la vue les demande à chaque cellule)."""
_ROUGE = QBrush(QColor(ROUGE))
_VERT = QBrush(QColor(VERT))
_SANS_MONTANT = "—"


@cache
def _icone_refus() -> QIcon:
    """Le signe d'une saisie refusée : pas la couleur seule (ligne choisie, daltonisme)."""
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


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


def texte_total(resultat: ResultatEtablissement) -> str:
    """Le total de l'établissement retenu ; un tiret s'il n'est pas retenu."""
    return euros(resultat.total) if resultat.retenu else _SANS_MONTANT


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


def chemin_de(ligne: int, attribut: str) -> str:
    return f"etablissements[{ligne}].{attribut}"


class ModeleEtablissements(QAbstractTableModel):
    """Une ligne par établissement du dossier, dans l'ordre du dossier (qui fixe le rang)."""

    erreur_saisie = Signal(str)
    """Le message de la dernière saisie refusée, « » quand une saisie est acceptée."""

    def __init__(self, session: SessionDossier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.derniere_erreur = ""
        self._lignes = len(self.etablissements)
        self._resultats = self._textes_resultat(session.evaluation)
        """Statut et total affichés, pour ne signaler à la vue que ceux qui changent."""
        self._refusees: dict[int, dict[str, SaisieEnAttente]] = {}
        """Les saisies refusées des cellules du tableau, par ligne puis par champ."""
        self._noter_refusees()
        session.evaluation_changee.connect(self._evaluation_changee)
        session.dossier_recharge.connect(self.reinitialiser)
        session.saisies_changees.connect(self._saisies_changees)

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
        # Appelé des centaines de fois par peinture : pas d'énumération construite ici.
        if orientation is Qt.Orientation.Vertical:
            return section + 1 if role == _AFFICHAGE else None
        if 0 <= section < len(_PAR_NUMERO):
            if role == _AFFICHAGE:
                return COLONNES[_PAR_NUMERO[section]].titre
            if role == _INFOBULLE:
                return COLONNES[_PAR_NUMERO[section]].aide
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _DRAPEAUX[index.column()] if index.isValid() else Qt.ItemFlag.NoItemFlags

    def resultat(self, ligne: int) -> ResultatEtablissement | None:
        """Le résultat des règles pour la ligne (None si l'évaluation ne la connaît pas)."""
        resultats = self.session.evaluation.etablissements
        return resultats[ligne] if 0 <= ligne < len(resultats) else None

    def refusee(self, ligne: int, colonne: Colonne) -> SaisieEnAttente | None:
        """La saisie refusée gardée pour cette cellule, s'il y en a une."""
        refusees = self._refusees.get(ligne)
        return refusees.get(_ATTRIBUTS.get(colonne, "")) if refusees else None

    def data(self, index: Index, role: int = _AFFICHAGE) -> Any:
        if role not in _ROLES_LUS:
            return None
        ligne = index.row()
        etablissements = self.session.dossier.etablissements
        if not 0 <= ligne < len(etablissements):
            return None  # index invalide (ligne -1) ou périmé
        e = etablissements[ligne]
        colonne = _PAR_NUMERO[index.column()]
        refusee = self.refusee(ligne, colonne) if ligne in self._refusees else None
        if role == _AFFICHAGE:
            return refusee.texte if refusee else self._affichage(e, ligne, colonne)
        if role == _EDITION:
            return refusee.texte if refusee else self._valeur_a_modifier(e, colonne)
        if role == _INFOBULLE:
            if refusee:
                return f"Refusé : {refusee.message}. Corrigez la cellule."
            return self._infobulle(e, ligne, colonne)
        if role == _ALIGNEMENT:
            return _A_DROITE if colonne is Colonne.TOTAL else None
        if role == _ICONE:  # la saisie refusée se voit aussi sur une ligne choisie
            return _icone_refus() if refusee else None
        # couleur du texte
        if refusee:
            return _ROUGE
        if colonne is Colonne.STATUT:
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
                return libelle_categorie_court(e.categorie) if e.categorie else ""
            case Colonne.PROJET:
                return PROJETS[e.projet]
            case Colonne.STATUT:
                resultat = self.resultat(ligne)
                return "" if resultat is None else texte_statut(resultat)
            case Colonne.TOTAL:
                resultat = self.resultat(ligne)
                return "" if resultat is None else texte_total(resultat)
        return None

    def _valeur_a_modifier(self, e: Etablissement, colonne: Colonne) -> Any:
        """La valeur donnée à l'éditeur de la cellule (celle que `setData` reçoit en retour)."""
        match colonne:
            case Colonne.CATEGORIE:
                return e.categorie or ""
            case Colonne.PROJET:
                return e.projet.value
        if colonne in LECTURE_SEULE:
            return None
        return getattr(e, COLONNES[colonne].attribut)

    def _infobulle(self, e: Etablissement, ligne: int, colonne: Colonne) -> str | None:
        match colonne:
            case Colonne.STATUT | Colonne.TOTAL:
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
            case Colonne.NOM:
                return e.nom or None
        return None

    # --- écriture -------------------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Une saisie dans une cellule : acceptée, elle modifie le dossier (True) ; refusée,
        elle est gardée par la session avec sa raison, et le dossier ne change pas (False)."""
        if not index.isValid() or index.row() >= len(self.etablissements):
            return False
        ligne, colonne = index.row(), Colonne(index.column())
        if role != Qt.ItemDataRole.EditRole or colonne in LECTURE_SEULE:
            return False
        try:
            changements = self._changements(ligne, colonne, value)
        except ErreurSaisie as exc:
            texte = "" if value is None else str(value)
            self.session.noter_saisie(chemin_de(ligne, _ATTRIBUTS[colonne]), texte, str(exc))
            self._signaler(f"Ligne {ligne + 1}, {COLONNES[colonne].titre} : {exc}")
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
            case Colonne.PROJET if isinstance(valeur, StrEnum):
                return {attribut: valeur}
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
        """Applique des valeurs déjà contrôlées à une ligne, en une modification du dossier ;
        les saisies refusées de ces champs sont oubliées (corrigées)."""
        e = self.etablissements[ligne]
        nouveaux = {chemin_de(ligne, k): v for k, v in changements.items() if getattr(e, k) != v}
        if nouveaux:
            self.session.appliquer(ChangementDeChamps(nouveaux, "modifier un établissement"))
            self.dataChanged.emit(self.index(ligne, 0), self.index(ligne, Colonne.PROJET))
        for attribut in changements:
            self.session.effacer_saisie(chemin_de(ligne, attribut))
        self._signaler("")

    def _signaler(self, message: str) -> None:
        self.derniere_erreur = message
        self.erreur_saisie.emit(message)

    # --- saisies refusées -----------------------------------------------------------------

    def _noter_refusees(self) -> dict[int, dict[str, SaisieEnAttente]]:
        """Range les saisies refusées des cellules par ligne ; rend les anciennes."""
        anciennes, self._refusees = self._refusees, {}
        for chemin, saisie in self.session.saisies.items():
            if not chemin.startswith("etablissements["):
                continue
            indice, _, attribut = chemin[len("etablissements[") :].partition("].")
            if attribut in CHAMPS_DU_TABLEAU and indice.isdigit():
                self._refusees.setdefault(int(indice), {})[attribut] = saisie
        return anciennes

    def _saisies_changees(self) -> None:
        anciennes = self._noter_refusees()
        lignes = sorted(
            ligne
            for ligne in set(anciennes) | set(self._refusees)
            if anciennes.get(ligne) != self._refusees.get(ligne) and ligne < self.rowCount()
        )
        if lignes:
            self.dataChanged.emit(self.index(lignes[0], 0), self.index(lignes[-1], Colonne.PROJET))

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
        if a_supprimer and self.session.appliquer(SuppressionEtablissements(a_supprimer)):
            return len(a_supprimer)
        return 0

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
        self._resultats = self._textes_resultat(self.session.evaluation)
        self._noter_refusees()
        self.endResetModel()

    @staticmethod
    def _textes_resultat(evaluation: Evaluation) -> list[tuple[str, Decimal]]:
        return [(texte_statut(r), r.total) for r in evaluation.etablissements]

    def _evaluation_changee(self, evaluation: Evaluation) -> None:
        """Prévient la vue des seuls statuts et totaux qui ont changé, en un signal.

        Un signal sur toute la colonne ferait repeindre tout le tableau visible (Qt ne le
        limite pas aux lignes affichées) : ~50 ms à chaque saisie sur 2 000 lignes. Comparer
        2 000 textes coûte moins d'une milliseconde ; cocher « Équipement » ne change que le
        total de sa ligne, retirer un ESSMS change les rangs de tous ceux qui le suivent."""
        if len(self.etablissements) != self._lignes:
            self.reinitialiser()
            return
        anciens, nouveaux = self._resultats, self._textes_resultat(evaluation)
        self._resultats = nouveaux
        changes = [i for i, r in enumerate(nouveaux) if i >= len(anciens) or anciens[i] != r]
        if changes:
            self.dataChanged.emit(
                self.index(changes[0], Colonne.STATUT),
                self.index(changes[-1], Colonne.TOTAL),
                _ROLES_RESULTAT,
            )


# --- éditeurs des cellules ----------------------------------------------------------------


class DelegueCategorie(QStyledItemDelegate):
    """La catégorie cherchée par son libellé ou son sigle (« EHPAD », « SSIAD », « IME ») ou
    son code ; un texte qui n'est pas un libellé proposé est lu comme une saisie (« 354 »,
    « SSIAD ») et, refusé, gardé en rouge dans la cellule."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        # Le milieu se perd, pas le code : « Résidence autono…ement (202) ».
        option.textElideMode = Qt.TextElideMode.ElideMiddle

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        liste = liste_categories(parent)
        liste.setAccessibleName("Catégorie FINESS")
        return liste

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        valeur = str(index.data(Qt.ItemDataRole.EditRole) or "")
        position = editor.findData(valeur)
        with QSignalBlocker(editor):
            if position >= 0:
                editor.setCurrentIndex(position)
            else:  # un code inconnu, ou une saisie refusée : le texte tel quel
                editor.setEditText(valeur)
        editor.lineEdit().selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        code = categorie_de_la_liste(editor)
        model.setData(index, editor.currentText() if code is None else code)


def installer_delegues(vue: QTableView, modele: ModeleEtablissements) -> None:
    """Donne à chaque colonne à choix l'éditeur qui convient (FINESS et nom : une zone de
    texte, l'éditeur par défaut)."""

    def organismes() -> list[tuple[str, str]]:
        return [(og.raison_sociale or og.id, og.id) for og in modele.session.dossier.organismes]

    projets = [(libelle, projet.value) for projet, libelle in PROJETS.items()]
    delegues: dict[Colonne, QStyledItemDelegate] = {
        # « Association…Genêts », « Association…Armor » : la fin distingue deux associations.
        Colonne.ORGANISME: DelegueChoix(organismes, vue, Qt.TextElideMode.ElideMiddle),
        Colonne.CATEGORIE: DelegueCategorie(vue),
        Colonne.PROJET: DelegueChoix(lambda: projets, vue),
    }
    for colonne, delegue in delegues.items():
        vue.setItemDelegateForColumn(colonne, delegue)
