"""Page « Financement » : les montants des règles, par ESSMS, par poste, par ARS, avec leurs
explications. La page ne calcule aucun euro : elle montre l'évaluation de la session."""

from decimal import Decimal
from html import escape

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app_bureau.ecrans.graphique_barres import GraphiqueBarres
from app_bureau.ecrans.modele_financement import (
    COLONNES,
    PREMIERE_COLONNE_MONTANT,
    ROLE_TRI,
    ModeleFinancement,
)
from app_bureau.ecrans.page_base import PageDossier, texte_html
from app_bureau.ecrans.session import SessionDossier
from app_bureau.formats import euros, pourcentage, texte_explication
from app_bureau.libelles import GRIS, RUBRIQUES, SOLDE_MAXIMAL
from app_bureau.navigation import Page
from app_bureau.regles import references as ref
from app_bureau.regles.parametres import JeuParametres
from app_bureau.regles.resultats import Evaluation, Explication

# Les postes du financement, dans l'ordre des totaux des règles.
POSTES = tuple((r.cle, r.court) for r in RUBRIQUES)
_DROITE = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def aide_financement(jeu: JeuParametres) -> str:
    """L'aide F1, avec les montants et paragraphes de la campagne du dossier."""

    def valeur(nom: str) -> str:
        return texte_html(euros(jeu[nom].valeur))

    def source(nom: str) -> str:
        return f"<i>({texte_html(jeu[nom].reference)})</i>"

    moa, editeur = "financement.forfait_moa", "financement.plafond_editeur"
    acq, conf = f"{moa}.acquisition", f"{moa}.mise_en_conformite"
    segur, non_segur = (
        f"{editeur}.acquisition.referencee_segur",
        (f"{editeur}.acquisition.non_referencee_segur"),
    )
    fs = "financement.financements_specifiques"
    rang = jeu["financement.rang_premier_montant_reduit"].valeur
    return f"""
<h3>Le financement du dossier ({escape(jeu.campagne.libelle)})</h3>
<p>Les montants sont ceux des règles du programme ESMS numérique : la page les montre tels
quels. Chaque montant a sa ligne d'explication et son paragraphe ; sélectionnez une ligne du
tableau pour voir le détail d'un établissement, ou « Explication des totaux » pour le dossier.</p>
<ul>
<li><b>Acquisition</b> {source(f"{acq}.rangs_1_a_49")} : forfait de maîtrise d'ouvrage
(MOA) de {valeur(f"{acq}.rangs_1_a_49")} par ESSMS retenu, et prestation de l'éditeur au
devis, dans la limite de {valeur(f"{non_segur}.rangs_1_a_49")}, ou de
{valeur(f"{segur}.rangs_1_a_49")} si la solution est référencée Ségur.</li>
<li><b>Mise en conformité</b> {source(f"{conf}.rangs_1_a_49")} : forfait MOA de
{valeur(f"{conf}.rangs_1_a_49")} par ESSMS retenu ; l'éditeur est payé par l'ASP au titre
du SONS.</li>
<li><b>À partir du {rang}<sup>e</sup> ESSMS retenu</b>
{source("financement.rang_premier_montant_reduit")} : MOA de
{valeur(f"{acq}.a_partir_du_rang_50")} (acquisition) ou {valeur(f"{conf}.a_partir_du_rang_50")}
(mise en conformité), éditeur plafonné à {valeur(f"{segur}.a_partir_du_rang_50")} (Ségur)
ou {valeur(f"{non_segur}.a_partir_du_rang_50")}.</li>
<li><b>Organismes gestionnaires de petite taille</b> {source(f"{fs}.equipement_par_essms")},
moins de {jeu["seuils.petite_taille.metropole"].valeur} ESSMS gérés
({jeu["seuils.petite_taille.corse_outre_mer"].valeur} en Corse et outre-mer) :
équipements et infrastructures, {valeur(f"{fs}.equipement_par_essms")} par ESSMS retenu ;
AMOA marché, {valeur(f"{fs}.amoa_marche_par_projet")} par projet si l'achat passe par le SAD
{source(f"{fs}.amoa_marche_par_projet")} ; AMOA projet, {valeur(f"{fs}.amoa_projet_par_projet")}
par projet {source(f"{fs}.amoa_projet_par_projet")}.</li>
<li><b>Versements</b> {source("versements.avance")} : avance de
{pourcentage(jeu["versements.avance"].valeur)} à la signature de la convention, solde de
{pourcentage(jeu["versements.solde"].valeur)} au plus sur atteinte des cibles d'usage.
{texte_html(SOLDE_MAXIMAL)}.</li>
<li><b>Répartition entre ARS</b> <i>({escape(ref.REPARTITION_ARS)})</i> : pour un projet
régional, le total est partagé au prorata du nombre d'ESSMS retenus de chaque région ;
l'arrondi va à l'ARS pivot. Un projet national reçoit tous ses crédits par l'ARS pivot que
la CNSA et la DNS désignent après la sélection <i>({escape(ref.CREDITS_NATIONAUX)})</i>.</li>
</ul>
<p>Un établissement non retenu figure en gris, à 0 € ; son infobulle dit pourquoi.</p>
"""


def _liste(titre: str, explications: tuple[Explication, ...]) -> str:
    lignes = "".join(
        f"<li>{texte_html(texte_explication(e))} — <i>{texte_html(e.reference)}</i></li>"
        for e in explications
    )
    return f"<h4>{texte_html(titre)}</h4><ul>{lignes}</ul>"


class PageFinancement(PageDossier):
    PAGE = Page.FINANCEMENT

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.definir_sous_titre(
            "Les montants calculés par les règles du programme, avec leurs explications."
        )
        self._evaluation: Evaluation = self.session.evaluation

        # Totaux par poste, puis versements.
        self.totaux_affiches: dict[str, QLabel] = {}
        self._etiquettes: dict[str, QLabel] = {}
        grille = QGridLayout()
        lignes = [*POSTES, ("total", "Total"), ("avance", "Avance"), ("solde", "Solde")]
        for rang, (cle, libelle) in enumerate(lignes):
            etiquette, valeur = QLabel(libelle), QLabel()
            self._etiquettes[cle] = etiquette
            valeur.setAlignment(_DROITE)
            valeur.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if cle == "total":
                etiquette.setStyleSheet("font-weight: bold")
                valeur.setStyleSheet("font-weight: bold")
            ligne_grille = rang + (1 if rang >= len(POSTES) else 0)
            grille.addWidget(etiquette, ligne_grille, 0)
            grille.addWidget(valeur, ligne_grille, 1)
            self.totaux_affiches[cle] = valeur
        trait = QFrame()
        trait.setFrameShape(QFrame.Shape.HLine)
        grille.addWidget(trait, len(POSTES), 0, 1, 2)
        grille.setRowStretch(len(lignes) + 1, 1)
        boite_totaux = QGroupBox("Totaux par poste")
        boite_totaux.setLayout(grille)

        # Répartition entre ARS.
        self.repartition = QTableWidget(0, 2)
        self.repartition.setHorizontalHeaderLabels(["ARS", "Montant"])
        self.repartition.verticalHeader().hide()
        self.repartition.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.repartition.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.repartition.setWordWrap(False)
        hauteur_ligne = self.repartition.fontMetrics().height() + 8
        self.repartition.verticalHeader().setDefaultSectionSize(hauteur_ligne)
        entete = self.repartition.horizontalHeader()
        entete.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        entete.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        boite_ars = QGroupBox("Répartition entre ARS")
        QVBoxLayout(boite_ars).addWidget(self.repartition)

        self.graphique = GraphiqueBarres()
        boite_graphique = QGroupBox("Par poste")
        QVBoxLayout(boite_graphique).addWidget(self.graphique)

        # Sous les trois boîtes, sur toute la largeur : le solde est un maximum (annexe 2 F).
        self.note_solde = QLabel()
        self.note_solde.setWordWrap(True)
        self.note_solde.setStyleSheet(f"color: {GRIS}")

        haut = QWidget()
        colonne_haut = QVBoxLayout(haut)
        colonne_haut.setContentsMargins(0, 0, 0, 0)
        rangee = QHBoxLayout()
        rangee.addWidget(boite_totaux, 3)
        rangee.addWidget(boite_ars, 4)
        rangee.addWidget(boite_graphique, 4)
        colonne_haut.addLayout(rangee)
        colonne_haut.addWidget(self.note_solde)

        # Le tableau par ESSMS, triable, et le panneau d'explications.
        self.modele = ModeleFinancement()
        self.tri = QSortFilterProxyModel(self)
        self.tri.setSourceModel(self.modele)
        self.tri.setSortRole(ROLE_TRI)
        self.table = QTableView()
        self.table.setAccessibleName("Financement par établissement")
        self.table.setModel(self.tri)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setToolTip("Sélectionnez un établissement pour voir le détail de ses montants.")
        self._regler_colonnes()
        self.table.selectionModel().selectionChanged.connect(self._selection_changee)

        self.explications = QTextBrowser()
        self.explications.setOpenLinks(False)
        bouton_totaux = QPushButton("Explication des totaux")
        bouton_totaux.setToolTip("Désélectionne l'établissement et explique les totaux du dossier")
        bouton_totaux.clicked.connect(self.table.clearSelection)
        bas = QWidget()
        colonne_bas = QVBoxLayout(bas)
        colonne_bas.setContentsMargins(0, 0, 0, 0)
        colonne_bas.addWidget(self.explications, 1)
        colonne_bas.addWidget(bouton_totaux, 0, Qt.AlignmentFlag.AlignRight)

        # Le tableau prend toute la largeur : ses huit colonnes en ont besoin.
        separateur = QSplitter(Qt.Orientation.Vertical)
        for partie, etirement in ((haut, 0), (self.table, 3), (bas, 2)):
            separateur.addWidget(partie)
            separateur.setStretchFactor(separateur.indexOf(partie), etirement)
        separateur.setChildrenCollapsible(False)
        haut.setMinimumHeight(haut.sizeHint().height())  # les totaux jamais coupés
        QVBoxLayout(self).addWidget(separateur)

        self.evaluation_changee(self.session.evaluation)

    def _regler_colonnes(self) -> None:
        """Largeurs fixes (pas de « resize to contents » sur des milliers de lignes)."""
        metriques = self.table.fontMetrics()
        entete = self.table.horizontalHeader()
        largeur_montant = metriques.horizontalAdvance(euros(Decimal("888888.88"))) + 24
        largeurs = {
            0: metriques.horizontalAdvance("888888888") + 16,
            2: metriques.horizontalAdvance("non retenu") + 16,
            3: metriques.horizontalAdvance("Auvergne-Rhône-Alpes") + 16,
        }
        for colonne in range(PREMIERE_COLONNE_MONTANT, len(COLONNES)):
            largeurs[colonne] = largeur_montant
        for colonne, largeur in largeurs.items():
            entete.resizeSection(colonne, largeur)
        entete.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        entete.setTextElideMode(Qt.TextElideMode.ElideRight)  # « Maîtrise d'ouvr… », infobulle
        entete.setMinimumSectionSize(60)
        self.table.verticalHeader().setDefaultSectionSize(metriques.height() + 8)

    def evaluation_changee(self, evaluation: Evaluation) -> None:
        """Appelée par la page de base à chaque évaluation de la session."""
        self._evaluation = evaluation
        self.AIDE = aide_financement(evaluation.parametres)
        t, v = evaluation.totaux, evaluation.versements
        valeurs = {
            "moa": t.moa,
            "editeur": t.editeur,
            "equipement": t.equipement,
            "amoa_marche": t.amoa_marche,
            "amoa_projet": t.amoa_projet,
            "total": t.total,
            "avance": v.avance,
            "solde": v.solde,
        }
        for cle, valeur in valeurs.items():
            self.totaux_affiches[cle].setText(euros(valeur))
        jeu = evaluation.parametres
        self._etiquettes["avance"].setText(
            f"Avance ({pourcentage(jeu['versements.avance'].valeur)}, à la signature)"
        )
        self._etiquettes["solde"].setText(
            f"Solde ({pourcentage(jeu['versements.solde'].valeur)}, sur cibles d'usage), au plus"
        )
        self._etiquettes["solde"].setToolTip(
            f"{SOLDE_MAXIMAL} ({jeu['versements.solde'].reference})."
        )
        self.totaux_affiches["solde"].setToolTip(self._etiquettes["solde"].toolTip())
        self.note_solde.setText(f"{SOLDE_MAXIMAL}.")
        self.graphique.definir_barres([(libelle, valeurs[cle]) for cle, libelle in POSTES])

        self.repartition.setRowCount(len(evaluation.repartition_ars))
        for rang, (code, valeur) in enumerate(evaluation.repartition_ars.items()):
            nom = evaluation.libelle_ars(code)
            cellule_montant = QTableWidgetItem(euros(valeur))
            cellule_montant.setTextAlignment(_DROITE)
            cellule_nom = QTableWidgetItem(nom)
            cellule_nom.setToolTip(nom)
            self.repartition.setItem(rang, 0, cellule_nom)
            self.repartition.setItem(rang, 1, cellule_montant)

        self.modele.definir(evaluation.etablissements)
        self._montrer_explications()

    def _selection_changee(self, _choisi: QItemSelection, _retire: QItemSelection) -> None:
        self._montrer_explications()

    def ligne_choisie(self) -> int | None:
        """Le rang (dans le dossier) de l'établissement sélectionné, ou None."""
        lignes = self.table.selectionModel().selectedRows()
        return self.tri.mapToSource(lignes[0]).row() if lignes else None

    def _montrer_explications(self) -> None:
        choisie = self.ligne_choisie()
        if choisie is None:
            e = self._evaluation
            html = (
                "<p><i>Sélectionnez un établissement du tableau pour le détail de ses "
                "montants.</i></p>"
                + _liste("Totaux du dossier", e.totaux.explications)
                + _liste("Versements", e.versements.explications)
                + _liste("Répartition entre ARS", e.repartition_explications)
            )
        else:
            r = self.modele.ligne(choisie)
            etat = (
                f"Rang {r.rang}, total {euros(r.total)}"
                if r.retenu
                else "Non retenu : aucun montant."
            )
            titre = f"{r.nom or 'Établissement sans nom'} — FINESS {r.finess or 'absent'}"
            html = f"<h3>{texte_html(titre)}</h3><p>{texte_html(etat)}</p>" + _liste(
                "Détail des montants" if r.retenu else "Motifs", r.explications
            )
        self.explications.setHtml(html)
