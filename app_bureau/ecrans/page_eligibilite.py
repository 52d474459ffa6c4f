"""Page « Éligibilité » : tous les constats des règles, du bloquant à l'information, chacun
avec son paragraphe ; un clic sur un constat mène au champ à corriger."""

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from app_bureau.ecrans.page_base import PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.formats import euros
from app_bureau.libelles import GRAVITES, ORANGE, ROUGE, VERT, compte_gravite
from app_bureau.modele import Gravite
from app_bureau.navigation import TITRES, Page, page_du_champ
from app_bureau.regles import references as ref
from app_bureau.regles.orientation import regle_orientation
from app_bureau.regles.parametres import JeuParametres
from app_bureau.regles.recevabilite import regle_segur
from app_bureau.regles.resultats import Anomalie, Evaluation

ROLE_CHAMP = Qt.ItemDataRole.UserRole
ROLE_GRAVITE = Qt.ItemDataRole.UserRole + 1


def decompte(constats: Sequence[Anomalie]) -> str:
    """« 2 problèmes bloquants, 1 point d'attention, aucune information »."""
    texte = ", ".join(
        compte_gravite(g, sum(1 for a in constats if a.gravite is g), aucun_en_lettres=True)
        for g in Gravite
    )
    return texte[0].upper() + texte[1:]


def _icone(gravite: Gravite) -> QIcon:
    """Un disque de la couleur de la gravité, avec son symbole (la couleur n'est pas seule)."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    peintre = QPainter(pixmap)
    peintre.setRenderHint(QPainter.RenderHint.Antialiasing)
    peintre.setBrush(QColor(GRAVITES[gravite].couleur))
    peintre.setPen(Qt.PenStyle.NoPen)
    peintre.drawEllipse(1, 1, 30, 30)
    police = QFont()
    police.setPixelSize(22)
    police.setBold(True)
    peintre.setFont(police)
    peintre.setPen(QColor("white"))
    peintre.drawText(QRectF(0, 0, 32, 32), Qt.AlignmentFlag.AlignCenter, GRAVITES[gravite].symbole)
    peintre.end()
    return QIcon(pixmap)


def aide_eligibilite(jeu: JeuParametres) -> str:
    """L'aide F1 : les trois gravités et les principaux contrôles, avec leurs paragraphes."""

    def source(reference: str) -> str:
        return f"<i>({escape(reference)})</i>"

    orientation = regle_orientation(jeu)
    taille = jeu["seuils.taille_projet.metropole"]
    taille_om = jeu["seuils.taille_projet.corse_outre_mer"]
    segur = regle_segur(jeu)
    amoa_marche = euros(jeu["financement.financements_specifiques.amoa_marche_par_projet"].valeur)
    couleur = {g: GRAVITES[g].couleur for g in Gravite}
    return f"""
<h3>Les contrôles d'éligibilité</h3>
<p>La page reprend tous les constats des règles sur le dossier, en trois gravités :</p>
<ul>
<li><b style="color:{couleur[Gravite.BLOQUANT]}">Problème bloquant</b> : le dossier n'est
pas recevable tant qu'il n'est pas corrigé.</li>
<li><b style="color:{couleur[Gravite.AVERTISSEMENT]}">Point d'attention</b> : un ESSMS ou
un financement demandé n'est pas retenu, ou l'ARS appréciera ; le dossier reste
recevable.</li>
<li><b style="color:{couleur[Gravite.INFORMATION]}">Information</b> : ce qu'il faut savoir
ou joindre (ARS de dépôt, échéances, pièces, autodiagnostic).</li>
</ul>
<p>Cliquez sur un constat, ou appuyez sur Entrée, pour aller au champ à corriger.</p>
<h4>Les principaux contrôles</h4>
<ul>
<li><b>ESSMS éligibles</b> {source(jeu.reference("eligibilite", ref.ELIGIBILITE_L312_1))} :
établissements et services
de l'article L.312-1 du CASF, identifiés par leur FINESS géographique
{source(ref.SANS_FINESS)}.</li>
<li><b>Non-redondance</b> {source(ref.NON_REDONDANCE)} : un seul financement ESMS
numérique par ESSMS, et pas de « Prestation Ségur » (SONS) commandée pour un autre
logiciel.</li>
<li><b>Orientation</b> {source(orientation.reference)} : {escape(orientation.libelle)}.</li>
<li><b>Taille du projet</b> {source(taille.reference)} : {taille.valeur} ESSMS retenus
attendus idéalement ({taille_om.valeur} si l'ARS pivot est en Corse ou outre-mer) ; en
dessous, l'ARS apprécie.</li>
<li><b>Solution référencée Ségur</b> : obligatoire pour une mise en conformité
{source(ref.SEGUR_CONFORMITE)} ; pour une acquisition dont la majorité des ESSMS ne relève
pas des champs personnes âgées, personnes handicapées ou domicile
{source(ref.SEGUR_CHAMP_NON_MEDICO_SOCIAL)}. La FAQ du 3 février 2023 l'exige pour les
projets d'acquisition {source(ref.SEGUR_ACQUISITION_2023)}. Pour la campagne de ce dossier
({escape(jeu.campagne.libelle)}), {escape(segur.libelle)} {source(segur.reference)}.</li>
<li><b>Achat</b> {source(ref.SAD)} : recours au SAD de la centrale d'achat (ou marché
existant d'un porteur soumis à la commande publique) ; toute acquisition exige une mise en
concurrence des éditeurs {source(ref.MISE_EN_CONCURRENCE)}.</li>
<li><b>Financements spécifiques</b>
{source(jeu.reference("financements_specifiques", ref.FINANCEMENTS_SPECIFIQUES))} : réservés aux
organismes gestionnaires de petite taille (AMOA marché : {amoa_marche} par projet, si
l'achat passe par le SAD).</li>
<li><b>Entité nationale</b> {source(ref.ENTITE_NATIONALE)} : l'accord écrit de l'entité
de rattachement est à joindre, et l'entité ne doit pas proposer de DUI commun à tous ses
ESSMS.</li>
<li><b>Autodiagnostic</b> {source(ref.AUTODIAGNOSTIC)} : chaque organisme gestionnaire
remplit l'autodiagnostic de maturité SI.</li>
</ul>
""".replace("\u202f", "\u00a0")  # le HTML de Qt couperait « 15 000,00 € »


class DelegueRetourALaLigne(QStyledItemDelegate):
    """Les constats sont des phrases : leur hauteur suit la largeur de leur colonne (la vue
    arborescente de Qt ne donne pas cette largeur au calcul de la hauteur)."""

    def __init__(self, liste: "ListeConstats") -> None:
        super().__init__(liste)
        self.liste = liste

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        largeur = self.liste.header().sectionSize(index.column())
        if index.column() == 0:
            profondeur = 1 if index.parent().isValid() else 0
            largeur -= self.liste.indentation() * (profondeur + 1)
        options = QStyleOptionViewItem(option)
        options.rect = QRect(0, 0, max(largeur, 40), 1)
        options.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        taille = super().sizeHint(options, index)
        return QSize(taille.width(), taille.height() + 4)


class ListeConstats(QTreeWidget):
    """L'arbre des constats ; Entrée sur un constat vaut un clic."""

    valide = Signal(QTreeWidgetItem)

    def __init__(self) -> None:
        super().__init__()
        self.setItemDelegate(DelegueRetourALaLigne(self))
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        # Une colonne plus large ou plus étroite : les hauteurs des lignes changent.
        self.header().sectionResized.connect(lambda *_: self.doItemsLayout())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        element = self.currentItem()
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and element is not None
            and element.data(0, ROLE_CHAMP)
        ):
            self.valide.emit(element)
            event.accept()  # sinon Entrée irait au bouton « Suivant » de l'assistant
            return
        super().keyPressEvent(event)


class PageEligibilite(PageDossier):
    PAGE = Page.ELIGIBILITE
    champ_a_corriger = Signal(str)
    """Le chemin du champ d'un constat cliqué (`solution.referencee_segur`) : l'assistant le
    relie à son `aller_au_champ`."""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.definir_sous_titre(
            "Ce que les règles relèvent sur le dossier, du plus grave au moins grave."
        )
        self._icones = {g: _icone(g) for g in Gravite}
        self._replies: set[str] = set()  # les groupes que l'utilisateur a repliés

        self.campagne = QLabel()
        self.campagne.setWordWrap(True)
        self.campagne.setAccessibleName("État de la campagne")
        self.decompte = QLabel()
        self.decompte.setStyleSheet("font-size: 13pt; font-weight: bold")
        self.etat = QLabel()
        self.etat.setWordWrap(True)

        self.liste = ListeConstats()
        self.liste.setAccessibleName("Constats des règles : cliquez pour aller au champ")
        self.liste.setColumnCount(2)
        self.liste.setHeaderLabels(["Constat", "Référence"])
        self.liste.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.liste.setTextElideMode(Qt.TextElideMode.ElideNone)
        entete = self.liste.header()
        entete.setStretchLastSection(False)
        entete.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        entete.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        entete.resizeSection(1, 320)
        self.liste.itemClicked.connect(lambda element, _colonne: self._aller(element))
        self.liste.valide.connect(self._aller)
        self.liste.itemCollapsed.connect(lambda e: self._replies.add(e.data(0, ROLE_GRAVITE)))
        self.liste.itemExpanded.connect(lambda e: self._replies.discard(e.data(0, ROLE_GRAVITE)))

        disposition = QVBoxLayout(self)
        disposition.addWidget(self.campagne)
        disposition.addWidget(self.decompte)
        disposition.addWidget(self.etat)
        disposition.addWidget(self.liste, 1)

        self.evaluation_changee(session.evaluation)
        session.saisies_changees.connect(lambda: self.evaluation_changee(session.evaluation))

    def evaluation_changee(self, evaluation: Evaluation) -> None:
        """Appelée à chaque évaluation de la session, et quand une saisie est refusée ou
        corrigée : les saisies refusées sont des problèmes bloquants comme les autres."""
        self.AIDE = aide_eligibilite(evaluation.parametres)
        etat = evaluation.campagne_etat
        if etat.dates_passees:  # en tête de page : une date de la campagne est passée
            self.campagne.setText(" ".join(a.message for a in etat.alertes))
            self.campagne.setStyleSheet(f"color: {ORANGE}; font-weight: bold")
        else:
            self.campagne.setText(etat.texte + ".")
            self.campagne.setStyleSheet("")
        self.campagne.setToolTip(etat.explication.reference)
        tous = self.session.constats()
        self.decompte.setText(decompte(tous))
        if any(a.gravite is Gravite.BLOQUANT for a in tous):
            self.etat.setText(
                "Le dossier n'est pas recevable tant que les problèmes bloquants ne sont pas "
                "corrigés. Cliquez sur un constat pour aller au champ en cause."
            )
            self.etat.setStyleSheet(f"color: {ROUGE}")
        else:
            self.etat.setText(
                "Aucun problème bloquant. Relisez les points d'attention et les informations "
                "avant le dépôt."
            )
            self.etat.setStyleSheet(f"color: {VERT}")

        self.liste.setUpdatesEnabled(False)
        self.liste.clear()
        for gravite in Gravite:
            constats = [a for a in tous if a.gravite is gravite]
            if constats:
                self._groupe(gravite, constats)
        self.liste.setUpdatesEnabled(True)

    def _groupe(self, gravite: Gravite, constats: list[Anomalie]) -> None:
        groupe = QTreeWidgetItem(self.liste, [compte_gravite(gravite, len(constats))])
        groupe.setFirstColumnSpanned(True)
        groupe.setIcon(0, self._icones[gravite])
        groupe.setData(0, ROLE_GRAVITE, gravite.value)
        groupe.setFlags(Qt.ItemFlag.ItemIsEnabled)
        police = groupe.font(0)
        police.setBold(True)
        groupe.setFont(0, police)
        groupe.setForeground(0, QBrush(QColor(GRAVITES[gravite].couleur)))
        for a in constats:
            element = QTreeWidgetItem(groupe, [a.message, a.reference])
            element.setIcon(0, self._icones[gravite])
            element.setData(0, ROLE_CHAMP, a.champ)
            if a.champ:
                page = page_du_champ(a.champ)
                ou = f" (page « {TITRES[page]} »)" if page is not None else ""
                action = "voir" if gravite is Gravite.INFORMATION else "corriger"
                infobulle = f"Cliquez pour {action}{ou}.\n{a.reference}"
            else:
                infobulle = f"Rien à corriger : à savoir pour le dépôt.\n{a.reference}"
            element.setToolTip(0, infobulle)
            element.setToolTip(1, infobulle)
        groupe.setExpanded(gravite.value not in self._replies)

    def _aller(self, element: QTreeWidgetItem) -> None:
        champ = element.data(0, ROLE_CHAMP)
        if isinstance(champ, str) and champ:
            self.champ_a_corriger.emit(champ)
