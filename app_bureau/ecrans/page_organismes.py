"""Page Organismes gestionnaires : les OG de la grappe, et lesquels sont « de petite taille »."""

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app_bureau import champs_dossier
from app_bureau.champs_dossier import Nature
from app_bureau.ecrans.page_base import STYLE_ERREUR, PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.ecrans.tableaux import sur_deux_lignes
from app_bureau.libelles import ROUGE
from app_bureau.modele import OrganismeGestionnaire
from app_bureau.modifications import AjoutOrganisme, RetraitOrganisme
from app_bureau.navigation import Page
from app_bureau.regles.resultats import Evaluation
from app_bureau.saisie.valeurs import ErreurSaisie

COLONNES = champs_dossier.ORGANISME
COLONNE_TAILLE = len(COLONNES)


class PageOrganismes(PageDossier):
    PAGE = Page.ORGANISMES
    AIDE = """
    <p>Les <b>organismes gestionnaires</b> (OG) de la grappe. Chaque OG remplit un
    autodiagnostic de maturité de son SI : la version « RSI » s'il a un responsable des
    systèmes d'information, sinon la version « directeur » (instruction 2022/34, II.B.5).</p>
    <p>Un OG est <b>de petite taille</b> s'il gère en tout moins de 15 ESSMS, ou moins de 8 si
    son siège est en Corse ou outre-mer. Il ouvre alors des financements spécifiques :
    équipement par ESSMS, AMOA marché, AMOA projet (II.D.3).</p>
    <p>Un OG rattaché à une <b>entité nationale</b> doit joindre l'accord écrit de celle-ci ;
    sans cet accord, ou si l'entité propose un DUI commun à tous ses ESSMS, ses ESSMS ne sont
    pas retenus (II.B.2, FAQ).</p>
    <p>Un OG <b>soumis au code de la commande publique</b> (établissement public…) impose ce
    code à l'achat de la solution (FAQ).</p>"""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.definir_sous_titre("Les organismes gestionnaires qui composent la grappe.")
        self.table = QTableWidget(0, len(COLONNES) + 1)
        self.table.setAccessibleName("Organismes gestionnaires de la grappe")
        # Titres sur deux lignes : les onze colonnes tiennent sans défiler à 1366×768.
        titres = [c.libelle for c in COLONNES] + ["Petite taille"]
        self.table.setHorizontalHeaderLabels(
            [titres[0], *(sur_deux_lignes(t) if len(t) > 9 else t for t in titres[1:])]
        )
        for i, colonne in enumerate(COLONNES):
            self.table.horizontalHeaderItem(i).setToolTip(colonne.aide)
        entete = self.table.horizontalHeader()
        entete.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        entete.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._cellule_modifiee)
        self.champs["organismes"] = self.table
        self.erreur = QLabel()
        self.erreur.setStyleSheet(STYLE_ERREUR)
        ajouter = QPushButton("&Ajouter un organisme")
        ajouter.clicked.connect(self.ajouter)
        supprimer = QPushButton("&Supprimer")
        supprimer.setToolTip("Seulement un organisme sans établissement dans le dossier")
        supprimer.clicked.connect(self.supprimer)
        boutons = QHBoxLayout()
        boutons.addWidget(ajouter)
        boutons.addWidget(supprimer)
        boutons.addStretch(1)
        colonne = QVBoxLayout(self)
        colonne.addWidget(self.table, 1)
        colonne.addWidget(self.erreur)
        colonne.addLayout(boutons)
        colonne.addWidget(self.message_bloquant)
        session.saisies_changees.connect(self.rafraichir)

    def rafraichir(self) -> None:
        with QSignalBlocker(self.table):
            organismes = self.session.dossier.organismes
            self.table.setRowCount(len(organismes))
            for ligne, og in enumerate(organismes):
                for i, colonne in enumerate(COLONNES):
                    valeur = getattr(og, colonne.attribut)
                    item = QTableWidgetItem()
                    item.setToolTip(colonne.aide)
                    if colonne.nature is Nature.BOOLEEN:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                        item.setCheckState(
                            Qt.CheckState.Checked if valeur else Qt.CheckState.Unchecked
                        )
                    else:
                        saisie = self.session.saisies.get(f"organismes[{ligne}].{colonne.attribut}")
                        item.setText(saisie.texte if saisie else colonne.a_modifier(valeur))
                        if saisie:  # refusée : gardée telle quelle, en rouge, avec sa raison
                            item.setForeground(QColor(ROUGE))
                            item.setToolTip(f"{colonne.libelle} : {saisie.message}")
                    self.table.setItem(ligne, i, item)
        libelles = {c.attribut: c.libelle for c in COLONNES}
        refusees = [
            f"Ligne {int(c.split('[')[1].split(']')[0]) + 1}, "
            f"{libelles.get(c.rpartition('.')[2], '')} : {s.message}"
            for c, s in self.session.saisies.items()
            if c.startswith("organismes[")
        ]
        self.erreur.setText("\n".join(refusees))
        self.evaluation_changee(self.session.evaluation)

    def evaluation_changee(self, evaluation: Evaluation) -> None:
        with QSignalBlocker(self.table):
            for ligne, resultat in enumerate(evaluation.organismes[: self.table.rowCount()]):
                item = QTableWidgetItem("oui" if resultat.petite_taille else "non")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(
                    f"{resultat.explication.libelle} — {resultat.explication.reference}"
                )
                self.table.setItem(ligne, COLONNE_TAILLE, item)

    def _cellule_modifiee(self, item: QTableWidgetItem) -> None:
        ligne, index = item.row(), item.column()
        if index >= len(COLONNES):
            return
        colonne = COLONNES[index]
        if colonne.nature is Nature.BOOLEEN:
            valeur: object = item.checkState() == Qt.CheckState.Checked
        else:
            try:
                valeur = colonne.lire(item.text())
            except ErreurSaisie as exc:
                self.session.noter_saisie(
                    f"organismes[{ligne}].{colonne.attribut}", item.text(), str(exc)
                )
                return
        self.session.changer(f"organismes[{ligne}].{colonne.attribut}", valeur)

    def ajouter(self) -> None:
        existants = {og.id for og in self.session.dossier.organismes}
        numero = next(n for n in range(1, len(existants) + 2) if f"og{n}" not in existants)

        self.session.appliquer(AjoutOrganisme(OrganismeGestionnaire(id=f"og{numero}")))
        self.rafraichir()
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()

    def supprimer(self) -> None:
        ligne = self.table.currentRow()
        if ligne < 0:
            return
        og = self.session.dossier.organismes[ligne]
        if any(e.organisme == og.id for e in self.session.dossier.etablissements):
            self.erreur.setText(
                f"{og.raison_sociale or og.id} a des établissements dans le dossier : "
                "supprimez-les ou rattachez-les à un autre organisme d'abord."
            )
            return
        self.erreur.clear()
        self.session.appliquer(RetraitOrganisme(ligne))
        self.rafraichir()

    def aller_au_champ(self, chemin: str) -> None:
        self.table.setFocus()
        if chemin.startswith("organismes["):
            ligne = int(chemin[len("organismes[") :].split("]")[0])
            cle = chemin.partition("].")[2]
            index = next((i for i, c in enumerate(COLONNES) if c.attribut == cle), 0)
            self.table.setCurrentCell(ligne, index)
