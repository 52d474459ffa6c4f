"""Étape « Suivi » : le projet financé, suivi jusqu'au solde.

En tête, où en est la grappe (son état, les ESSMS qui retiennent le solde, le solde maximal
et le montant en jeu, et que l'ARS décide de la modulation réelle) et les documents pour
l'ARS (bilan d'usage PDF, classeur du suivi). Puis cinq onglets : la grappe (frise du projet,
grille des états par ESSMS et indicateur, courbe d'un indicateur, points d'attention), la
convention (formulaire et montant notifié de chaque ESSMS), les mesures (collées, importées
ou tapées, une ligne par ESSMS et par mois, les taux calculés), les dépenses (et l'état des
dépenses face à la subvention) et les pièces à garder.

L'écran ne calcule rien : il montre `session.suivi` (`regles.suivi.evaluer_suivi`) et
demande chaque modification à la session (enregistrée, annulable par Ctrl+Z).

Le dossier devient « suivi » par `debut_suivi.demander_le_suivi` (bouton de l'étape Documents, menu
Dossier) : la convention est préremplie d'après l'estimation (`regles.suivi.suivi_prerempli`).
"""

import copy
import datetime
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app_bureau.champs_dossier import CONVENTION, MESURE
from app_bureau.ecrans.dialogue_mesures import DialogueMesures
from app_bureau.ecrans.ecriture_en_fond import ecrire_en_fond
from app_bureau.ecrans.page_base import STYLE_ERREUR, PageDossier, texte_html
from app_bureau.ecrans.session import SessionDossier
from app_bureau.ecrans.signalement import texte_erreur
from app_bureau.ecrans.suivi_graphiques import CourbeTaux, FriseSuivi, jalons
from app_bureau.ecrans.suivi_tableaux import (
    ColonneSuivi,
    ModeleEtats,
    ModeleLignesSuivi,
    colonne_du_champ,
)
from app_bureau.ecrans.tableaux import DelegueChoix, TableCollable
from app_bureau.ecrans.travail_en_fond import en_fond
from app_bureau.formats import euros, mois, pourcentage, reste_a_justifier
from app_bureau.libelles import (
    ETATS_CIBLE,
    ETATS_SUIVI,
    GRAVITES,
    GRIS,
    L_ARS_DECIDE,
    MONTANT_EN_JEU,
    PROJETS,
    RUBRIQUES,
    TITRE_SOLDE_MAXIMAL,
    accorder,
    retiennent_le_solde,
)
from app_bureau.modele import Mesure, MontantNotifie, RubriqueFinancement
from app_bureau.modifications import AjoutDeLignes, PieceGardee, SuppressionDeLignes
from app_bureau.navigation import Page
from app_bureau.regles import references as ref
from app_bureau.regles.suivi import (
    ANNEXE_3,
    INDICATEURS_D_USAGE,
    SOLDE,
    Indicateur,
    ResultatSuivi,
    etat_des_depenses,
    hors_convention,
    mesures_a_remplir,
    mois_a_ajouter,
    montants_estimes,
    problemes_de_mesure,
)
from app_bureau.saisie.mesures import ORDRE, TITRES, LectureMesures, lire_collage_mesures

ONGLETS = ("Où en est la grappe", "Convention", "Mesures", "Dépenses", "Pièces à garder")
GRAPPE, CONVENTION_, MESURES, DEPENSES, PIECES = range(len(ONGLETS))
_HAUTEUR_TABLEAU = 260


def _tableau(modele: Any, nom: str, hauteur: int = _HAUTEUR_TABLEAU) -> TableCollable:
    vue = TableCollable()
    vue.setModel(modele)
    vue.setAccessibleName(nom)
    vue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    vue.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    vue.setAlternatingRowColors(True)
    vue.setWordWrap(False)
    vue.setMinimumHeight(hauteur)
    vue.verticalHeader().setDefaultSectionSize(vue.fontMetrics().height() + 8)
    vue.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vue.horizontalHeader().setStretchLastSection(True)
    if isinstance(modele, ModeleLignesSuivi):
        for numero, colonne in enumerate(modele.colonnes):
            vue.setColumnWidth(numero, colonne.largeur)
            if colonne.choix is not None:
                vue.setItemDelegateForColumn(numero, DelegueChoix(colonne.choix, vue))
    return vue


def _ligne_de_boutons(*boutons: QPushButton) -> QHBoxLayout:
    ligne = QHBoxLayout()
    for bouton in boutons:
        bouton.setAutoDefault(False)
        ligne.addWidget(bouton)
    ligne.addStretch(1)
    return ligne


def _note(texte: str) -> QLabel:
    etiquette = QLabel(texte)
    etiquette.setWordWrap(True)
    etiquette.setStyleSheet(f"color: {GRIS}")
    return etiquette


class PageSuivi(PageDossier):
    PAGE = Page.SUIVI
    AIDE = f"""
<p>Le financement est versé en deux fois : l'<b>avance</b> (50 %) à la signature de la
convention avec l'ARS, le <b>solde</b> (50 %) « sous conditions d'atteinte des cibles
d'usage en fin du déploiement » ({ref.INSTRUCTION}, I.A.2 ; annexe 2 F), pour
<b>chaque</b> ESSMS de la grappe.</p>
<p><b>Les cinq indicateurs</b> ({ANNEXE_3}) se mesurent chaque mois, ESSMS par ESSMS, la
première mesure portant sur les trois premiers mois du projet : messages envoyés par la
MSSanté et DMP alimentés, rapportés aux personnes accompagnées (cible 70 %) ; dossiers
actifs, rapportés aux personnes accompagnées, puis dossiers actifs avec un projet
personnalisé et avec un événement d'agenda, rapportés aux dossiers actifs (cible 90 %).
Vous saisissez les <b>comptes</b> ; les taux en découlent, jamais tapés.</p>
<p><b>Durées</b> : 9 mois pour une mise en conformité, 18 mois pour une acquisition,
« délais indicatifs pouvant être révisés par l'ARS » (FAQ) : indiquez sa durée dans la
convention si elle l'a revue.</p>
<p><b>Le solde</b> : l'application montre le solde maximal et le montant en jeu (la part du
solde des ESSMS qui n'atteignent pas encore leurs cibles). {L_ARS_DECIDE}</p>
<p><b>Coller des mesures</b> : copiez des lignes dans votre tableur puis « Coller depuis un
tableur » (ou Ctrl+V dans le tableau des mesures). Sans ligne de titres, les colonnes sont,
dans cet ordre : {", ".join(TITRES[a] for a in ORDRE)}. Avec une ligne de titres, l'ordre
est libre et les autres colonnes (le nom de l'ESSMS…) sont ignorées. Un aperçu montre chaque
ligne ; rien n'est ajouté tant qu'une ligne est en erreur. « Importer un fichier… » lit de
même un classeur .xlsx ou un CSV.</p>
<p><b>Les dépenses</b> : une ligne par facture (date, fournisseur, montant TTC, poste,
ESSMS). L'état des dépenses les compare, poste par poste, à l'estimation, et leur total au
montant notifié : c'est l'écart que l'ARS regarde.</p>
<p><b>Les pièces à garder</b> : cochez-les au fur et à mesure ; les pièces des marchés
publics se conservent jusqu'en 2036 (FAQ).</p>
<p>Le <b>bilan d'usage</b> (PDF) et le <b>classeur du suivi</b> (une ligne par ESSMS et par
mois) sont les documents à adresser à l'ARS.</p>"""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.definir_sous_titre(
            "Le projet financé, jusqu'au solde : convention, mesures d'usage de chaque ESSMS, "
            "dépenses et pièces à garder. F1 : aide."
        )
        self.vide = QLabel(
            "Ce dossier n'est pas encore suivi : à l'étape « Documents », « Le projet est "
            "financé : suivre l'usage… »."
        )
        self.vide.setWordWrap(True)
        self.contenu = QWidget()
        self._construire_entete()
        self.onglets = QTabWidget()
        self.onglets.setAccessibleName("Parties du suivi")
        for construire, titre in zip(
            (
                self._onglet_grappe,
                self._onglet_convention,
                self._onglet_mesures,
                self._onglet_depenses,
                self._onglet_pieces,
            ),
            ONGLETS,
            strict=True,
        ):
            self.onglets.addTab(construire(), titre)
        colonne = QVBoxLayout(self.contenu)
        colonne.setContentsMargins(0, 0, 0, 0)
        colonne.addLayout(self.entete)
        colonne.addWidget(self.onglets, 1)
        disposition = QVBoxLayout(self)
        disposition.addWidget(self.vide)
        disposition.addWidget(self.contenu, 1)
        disposition.addWidget(self.message_bloquant)
        self._suivi_avant = session.dossier.suivi is not None

    # --- construction ----------------------------------------------------------------------

    def _construire_entete(self) -> None:
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName("État de la grappe")
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.solde = QLabel()
        self.solde.setWordWrap(True)
        self.solde.setAccessibleName("Solde projeté")
        self.ars_decide = _note(L_ARS_DECIDE)
        self.ars_decide.setToolTip(SOLDE)
        self.bouton_pdf = QPushButton("Bilan d'usage &PDF…")
        self.bouton_pdf.setToolTip(
            "Pour l'ARS : la grappe, les indicateurs de chaque ESSMS et leur évolution, l'état "
            "des dépenses, ce qui reste à atteindre pour le solde"
        )
        self.bouton_classeur = QPushButton("Classeur du suivi (&XLSX)…")
        self.bouton_classeur.setToolTip(
            "Une ligne par ESSMS et par mois (comptes et taux), les états et les dépenses"
        )
        self.bouton_pdf.clicked.connect(lambda: self.choisir_fichier("pdf"))
        self.bouton_classeur.clicked.connect(lambda: self.choisir_fichier("classeur"))
        self.resultat_export = QLabel()
        self.resultat_export.setWordWrap(True)
        self.resultat_export.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        gauche = QVBoxLayout()
        gauche.addWidget(self.verdict)
        gauche.addWidget(self.solde)
        gauche.addWidget(self.ars_decide)
        droite = QVBoxLayout()
        for bouton in (self.bouton_pdf, self.bouton_classeur):
            bouton.setAutoDefault(False)
            droite.addWidget(bouton)
        droite.addStretch(1)
        haut = QHBoxLayout()
        haut.addLayout(gauche, 1)
        haut.addLayout(droite)
        self.entete = QVBoxLayout()
        self.entete.addLayout(haut)
        self.entete.addWidget(self.resultat_export)

    def _onglet_grappe(self) -> QWidget:
        onglet = QWidget()
        self.frise = FriseSuivi()
        legende = " · ".join(f"{p.symbole} {p.libelle}" for p in ETATS_CIBLE.values())
        self.modele_etats = ModeleEtats(self.session, self)
        self.grille = QTableView()
        self.grille.setModel(self.modele_etats)
        self.grille.setAccessibleName("États par ESSMS et par indicateur")
        self.grille.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grille.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grille.setMinimumHeight(180)
        self.grille.verticalHeader().hide()
        self.grille.horizontalHeader().setStretchLastSection(True)
        self.grille.selectionModel().currentChanged.connect(self._case_choisie)
        self.choix_essms = QComboBox()
        self.choix_essms.setAccessibleName("ESSMS de la courbe")
        self.choix_indicateur = QComboBox()
        self.choix_indicateur.setAccessibleName("Indicateur de la courbe")
        for ind in INDICATEURS_D_USAGE:
            self.choix_indicateur.addItem(ind.libelle, ind.cle)
        self.choix_essms.currentIndexChanged.connect(lambda _: self._montrer_courbe())
        self.choix_indicateur.currentIndexChanged.connect(lambda _: self._montrer_courbe())
        self.courbe = CourbeTaux()
        self.courbe.setMinimumHeight(220)
        self.constats = QListWidget()
        self.constats.setAccessibleName("Points d'attention du suivi")
        self.constats.setWordWrap(True)
        self.constats.setMaximumHeight(130)
        self.constats.itemActivated.connect(
            lambda item: self.aller_au_champ(item.data(Qt.ItemDataRole.UserRole) or "")
        )
        choix = QHBoxLayout()
        etiquette = QLabel("Courbe de l'&ESSMS")
        etiquette.setBuddy(self.choix_essms)
        choix.addWidget(etiquette)
        choix.addWidget(self.choix_essms, 1)
        etiquette = QLabel("&indicateur")
        etiquette.setBuddy(self.choix_indicateur)
        choix.addWidget(etiquette)
        choix.addWidget(self.choix_indicateur)
        colonne = QVBoxLayout(onglet)
        colonne.addWidget(self.frise)
        colonne.addWidget(_note(legende))
        colonne.addWidget(self.grille, 1)
        colonne.addLayout(choix)
        colonne.addWidget(self.courbe, 1)
        self.titre_constats = QLabel("<b>Points d'attention</b>")
        colonne.addWidget(self.titre_constats)
        colonne.addWidget(self.constats)
        return onglet

    def _onglet_convention(self) -> QWidget:
        onglet = QWidget()
        formulaire = QFormLayout()
        for d in CONVENTION:
            if d.objet == "suivi.convention":
                self.champ(formulaire, d.chemin)
        self.modele_montants = ModeleLignesSuivi(
            self.session,
            "suivi.convention.montants",
            [
                ColonneSuivi(
                    "ESSMS",
                    "Le nom de l'ESSMS dans le dossier",
                    calcul=self._nom_essms,
                    largeur=220,
                ),
                ColonneSuivi("FINESS", "Le FINESS de l'ESSMS", calcul=lambda _i, m: m.finess),
                ColonneSuivi(
                    "Estimation",
                    "Le montant estimé par l'application pour cet ESSMS (étape Financement)",
                    calcul=self._estimation,
                    droite=True,
                    largeur=120,
                ),
                colonne_du_champ("suivi.convention.montants", "montant", 140),
            ],
            parent=self,
        )
        self.montants = _tableau(self.modele_montants, "Montant notifié de chaque ESSMS", 200)
        self.modele_montants.erreur_saisie.connect(self._erreur_montants)
        self.erreur_montants = QLabel()
        self.erreur_montants.setStyleSheet(STYLE_ERREUR)
        self.erreur_montants.setWordWrap(True)
        self.texte_hors_convention = QLabel()
        self.texte_hors_convention.setWordWrap(True)
        self.bouton_hors_convention = QPushButton("Les &ajouter à la convention")
        self.bouton_hors_convention.setAutoDefault(False)
        self.bouton_hors_convention.clicked.connect(self.ajouter_a_la_convention)
        ligne = QHBoxLayout()
        ligne.addWidget(self.texte_hors_convention, 1)
        ligne.addWidget(self.bouton_hors_convention)
        colonne = QVBoxLayout(onglet)
        colonne.addLayout(formulaire)
        colonne.addWidget(QLabel("<b>Montant notifié de chaque ESSMS</b>"))
        colonne.addWidget(
            _note(
                "Prérempli avec l'estimation ; corrigez-le d'après la convention. Les ESSMS de "
                "ce tableau sont ceux dont l'usage est suivi pour le solde."
            )
        )
        colonne.addWidget(self.montants, 1)
        colonne.addWidget(self.erreur_montants)
        colonne.addLayout(ligne)
        return onglet

    def _onglet_mesures(self) -> QWidget:
        onglet = QWidget()
        liste = "suivi.mesures"
        colonnes = [
            ColonneSuivi("ESSMS", "Le nom de l'ESSMS mesuré", calcul=self._nom_essms, largeur=160),
            ColonneSuivi("Mois", "Le mois mesuré", calcul=lambda _i, m: mois(m.mois), largeur=110),
            *(colonne_du_champ(liste, a, 96) for a in ORDRE[2:]),
            *(
                ColonneSuivi(
                    f"{ind.libelle} (%)",
                    f"Calculé : {ind.libelle} — {self._formule(ind)} (annexe 3), jamais tapé",
                    calcul=self._taux(ind),
                    droite=True,
                    largeur=90,
                )
                for ind in INDICATEURS_D_USAGE
            ),
        ]
        self.modele_mesures = ModeleLignesSuivi(
            self.session, liste, colonnes, self._verifier_mesure, self
        )
        self.mesures = _tableau(
            self.modele_mesures, "Mesures d'usage, une ligne par ESSMS et par mois"
        )
        self.mesures.coller_demande.connect(self.coller_mesures)
        self.modele_mesures.erreur_saisie.connect(self._erreur_mesures)
        self.bouton_coller = QPushButton("&Coller depuis un tableur")
        self.bouton_coller.setToolTip(
            "Colle des lignes copiées dans un tableur (Ctrl+V dans le tableau) ; un aperçu "
            "s'affiche avant tout ajout"
        )
        self.bouton_coller.clicked.connect(self.coller_mesures)
        self.bouton_importer = QPushButton("&Importer un fichier…")
        self.bouton_importer.setToolTip(
            "Un classeur .xlsx ou un fichier CSV, une ligne par ESSMS et par mois"
        )
        self.bouton_importer.clicked.connect(self.importer_mesures)
        self.bouton_mois = QPushButton("Ajouter un &mois")
        self.bouton_mois.setToolTip(
            "Une ligne à zéro par ESSMS suivi pour le mois proposé : tapez ensuite ses comptes"
        )
        self.bouton_mois.clicked.connect(self.ajouter_un_mois)
        self.bouton_supprimer_mesures = QPushButton("Supp&rimer")
        self.bouton_supprimer_mesures.setToolTip("Supprime les lignes choisies (Ctrl+Z les rend)")
        self.bouton_supprimer_mesures.clicked.connect(self.supprimer_mesures)
        self.erreur_mesures = QLabel()
        self.erreur_mesures.setStyleSheet(STYLE_ERREUR)
        self.erreur_mesures.setWordWrap(True)
        colonne = QVBoxLayout(onglet)
        colonne.addWidget(
            _note(
                "Une ligne par ESSMS et par mois : les comptes du mois ; les taux (en gris) en "
                "découlent. Sans ligne de titres, collez les colonnes dans cet ordre : "
                + ", ".join(TITRES[a] for a in ORDRE)
                + "."
            )
        )
        colonne.addLayout(
            _ligne_de_boutons(
                self.bouton_coller,
                self.bouton_importer,
                self.bouton_mois,
                self.bouton_supprimer_mesures,
            )
        )
        colonne.addWidget(self.mesures, 1)
        colonne.addWidget(self.erreur_mesures)
        return onglet

    def _onglet_depenses(self) -> QWidget:
        onglet = QWidget()
        liste = "suivi.depenses"
        postes = [(r.long, RubriqueFinancement(r.cle)) for r in RUBRIQUES]
        colonnes = [
            colonne_du_champ(liste, "date", 95),
            colonne_du_champ(liste, "fournisseur", 150),
            colonne_du_champ(liste, "objet", 170),
            colonne_du_champ(liste, "montant_ttc", 115),
            colonne_du_champ(liste, "rubrique", 170, choix=lambda: postes),
            colonne_du_champ(liste, "finess", 160, choix=self._choix_essms_depense),
        ]
        self.modele_depenses = ModeleLignesSuivi(self.session, liste, colonnes, parent=self)
        self.depenses = _tableau(self.modele_depenses, "Dépenses du projet", 200)
        self.modele_depenses.erreur_saisie.connect(self._erreur_depenses)
        self.bouton_depense = QPushButton("A&jouter une dépense")
        self.bouton_depense.clicked.connect(self.ajouter_une_depense)
        self.bouton_supprimer_depenses = QPushButton("Supprim&er")
        self.bouton_supprimer_depenses.clicked.connect(self.supprimer_depenses)
        self.erreur_depenses = QLabel()
        self.erreur_depenses.setStyleSheet(STYLE_ERREUR)
        self.erreur_depenses.setWordWrap(True)
        self.etat_depenses = QTableWidget(0, 4)
        self.etat_depenses.setAccessibleName("État des dépenses")
        self.etat_depenses.setHorizontalHeaderLabels(
            ["Poste", "Dépenses justifiées", "Prévu", "Reste à justifier"]
        )
        self.etat_depenses.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.etat_depenses.verticalHeader().hide()
        self.etat_depenses.setColumnWidth(0, 260)
        for numero in (1, 2, 3):
            self.etat_depenses.setColumnWidth(numero, 150)
        self.etat_depenses.setMinimumHeight(7 * (self.fontMetrics().height() + 10))
        colonne = QVBoxLayout(onglet)
        colonne.addWidget(
            _note(
                "Une ligne par facture. Les dépenses « engagées et justifiées » comptent pour le "
                f"solde ({SOLDE})."
            )
        )
        colonne.addLayout(_ligne_de_boutons(self.bouton_depense, self.bouton_supprimer_depenses))
        colonne.addWidget(self.depenses, 1)
        colonne.addWidget(self.erreur_depenses)
        colonne.addWidget(QLabel("<b>État des dépenses</b>"))
        colonne.addWidget(self.etat_depenses)
        colonne.addWidget(
            _note(
                "« Prévu » : l'estimation de chaque poste ; pour le total, le montant notifié "
                "par la convention."
            )
        )
        return onglet

    def _onglet_pieces(self) -> QWidget:
        onglet = QWidget()
        self.cases_pieces: dict[str, QCheckBox] = {}
        self.colonne_pieces = QVBoxLayout(onglet)
        self.colonne_pieces.addWidget(
            _note("À garder pour l'ARS et pour un contrôle ; cochez-les au fur et à mesure.")
        )
        self.colonne_pieces.addStretch(1)
        return onglet

    # --- ce que montrent les colonnes ------------------------------------------------------

    def _nom_essms(self, _ligne: int, objet: Any) -> str:
        e = next((e for e in self.session.dossier.etablissements if e.finess == objet.finess), None)
        return (e.nom or e.finess) if e else f"{objet.finess} (hors du dossier)"

    def _estimation(self, _ligne: int, montant: MontantNotifie) -> str:
        estime = montants_estimes(self.session.evaluation).get(montant.finess)
        return euros(estime) if estime is not None else "—"

    @staticmethod
    def _formule(ind: Indicateur) -> str:
        numerateur = next(d.libelle for d in MESURE if d.attribut == ind.numerateur)
        denominateur = next(d.libelle for d in MESURE if d.attribut == ind.denominateur)
        return f"{numerateur} / {denominateur}"

    @staticmethod
    def _taux(ind: Indicateur) -> Any:
        def texte(_ligne: int, mesure: Mesure) -> str:
            part = ind.taux(mesure).part
            return "—" if part is None else pourcentage(part)

        return texte

    def _choix_essms_depense(self) -> list[tuple[str, str]]:
        return [("Tout le projet", "")] + [
            (e.nom or e.finess, e.finess) for e in self.session.dossier.etablissements if e.finess
        ]

    def _verifier_mesure(self, ligne: int, attribut: str, valeur: Any) -> str | None:
        """Une mesure modifiée case par case passe les contrôles des règles."""
        suivi = self.session.dossier.suivi
        if suivi is None or ligne >= len(suivi.mesures):
            return None
        mesure = copy.copy(suivi.mesures[ligne])
        setattr(mesure, attribut, valeur)
        problemes = problemes_de_mesure(mesure, suivi.convention.debut_projet)
        return " ; ".join(p for _, p in problemes) or None

    # --- relire ------------------------------------------------------------------------------

    def rafraichir(self) -> None:
        suivi = self.session.dossier.suivi
        self.vide.setVisible(suivi is None)
        self.contenu.setVisible(suivi is not None)
        if suivi is not None and not self._suivi_avant:
            self.onglets.setCurrentIndex(CONVENTION_)  # le suivi commence : la convention
        self._suivi_avant = suivi is not None
        super().rafraichir()
        self._relire_pieces()
        self.evaluation_changee(self.session.evaluation)

    def evaluation_changee(self, _evaluation: object) -> None:
        resultat = self.session.suivi
        if resultat is None or self.session.dossier.suivi is None:
            return
        self._montrer_verdict(resultat)
        self._ajuster_la_grille()
        self._montrer_frise(resultat)
        self._montrer_choix_essms(resultat)
        self._montrer_courbe()
        self._montrer_constats(resultat)
        self._montrer_depenses(resultat)
        self._montrer_hors_convention()
        self._cocher_pieces(resultat)
        prochain = mois_a_ajouter(resultat)
        self.bouton_mois.setEnabled(prochain is not None)
        self.bouton_mois.setText(
            f"Ajouter le &mois : {mois(prochain)}" if prochain else "Ajouter un &mois"
        )

    def _montrer_verdict(self, resultat: ResultatSuivi) -> None:
        presentation = ETATS_SUIVI[resultat.etat]
        retiennent = resultat.retiennent_le_solde
        detail = retiennent_le_solde(len(retiennent), len(resultat.essms))
        if retiennent:
            noms = ", ".join(e.nom or e.finess for e in retiennent[:5])
            suite = f" et {len(retiennent) - 5} autres" if len(retiennent) > 5 else ""
            detail += f" : {noms}{suite}"
        self.verdict.setText(
            f'<span style="font-size: 13pt; font-weight: bold; color: {presentation.couleur}">'
            f"{presentation.symbole} Grappe : {presentation.libelle}</span> — {texte_html(detail)}"
        )
        self.solde.setText(
            f"Montant notifié : <b>{texte_html(euros(resultat.montant_notifie))}</b> · Avance : "
            f"{texte_html(euros(resultat.avance))} · {TITRE_SOLDE_MAXIMAL} : "
            f"<b>{texte_html(euros(resultat.solde_maximal))}</b> · {MONTANT_EN_JEU} : "
            f"<b>{texte_html(euros(resultat.montant_en_jeu))}</b>"
        )

    def _ajuster_la_grille(self) -> None:
        """Les colonnes à la mesure de leurs titres (sur deux lignes) et de leurs cases ; le
        nom de l'ESSMS plafonné (en entier dans l'infobulle)."""
        self.grille.resizeColumnsToContents()
        self.grille.setColumnWidth(0, min(self.grille.columnWidth(0), 160))

    def _montrer_frise(self, resultat: ResultatSuivi) -> None:
        fins: dict[datetime.date, list[str]] = {}
        for e in resultat.essms:
            if e.fin_prevue:
                projets = fins.setdefault(e.fin_prevue, [])
                if PROJETS[e.projet] not in projets:
                    projets.append(PROJETS[e.projet])
        libelles = {
            f"Fin prévue ({', '.join(p.lower() for p in projets)})": jour
            for jour, projets in fins.items()
        }
        self.frise.definir(jalons(resultat.calendrier, libelles))

    def _montrer_choix_essms(self, resultat: ResultatSuivi) -> None:
        voulus = [(e.nom or e.finess, e.finess) for e in resultat.essms]
        actuels = [
            (self.choix_essms.itemText(i), self.choix_essms.itemData(i))
            for i in range(self.choix_essms.count())
        ]
        if voulus == actuels:
            return
        choisi = self.choix_essms.currentData()
        self.choix_essms.blockSignals(True)
        self.choix_essms.clear()
        for texte, finess in voulus:
            self.choix_essms.addItem(texte, finess)
        self.choix_essms.setCurrentIndex(max(self.choix_essms.findData(choisi), 0))
        self.choix_essms.blockSignals(False)

    def _montrer_courbe(self) -> None:
        resultat = self.session.suivi
        finess = self.choix_essms.currentData()
        e = next((e for e in resultat.essms if e.finess == finess), None) if resultat else None
        rang = max(self.choix_indicateur.currentIndex(), 0)
        if e is None:
            self.courbe.definir("", None)
            return
        suivi_indicateur = e.indicateurs[rang]
        titre = f"{e.nom or e.finess} — {suivi_indicateur.indicateur.libelle}"
        self.courbe.definir(titre, suivi_indicateur)

    def _case_choisie(self, courant: QModelIndex, _precedent: QModelIndex) -> None:
        resultat = self.session.suivi
        if not courant.isValid() or resultat is None or courant.row() >= len(resultat.essms):
            return
        self.choix_essms.setCurrentIndex(
            max(self.choix_essms.findData(resultat.essms[courant.row()].finess), 0)
        )
        rang = courant.column() - 2
        if 0 <= rang < len(INDICATEURS_D_USAGE):
            self.choix_indicateur.setCurrentIndex(rang)

    def _montrer_constats(self, resultat: ResultatSuivi) -> None:
        self.constats.clear()
        for a in resultat.anomalies:
            presentation = GRAVITES[a.gravite]
            item = QListWidgetItem(f"{presentation.symbole} {a.message}")
            item.setToolTip(f"{presentation.titre} — {a.reference}")
            item.setData(Qt.ItemDataRole.UserRole, a.champ)
            self.constats.addItem(item)
        if not resultat.anomalies:
            self.constats.addItem("Aucun point d'attention.")
        nombre = len(resultat.anomalies)
        self.titre_constats.setText(
            f"<b>Points d'attention</b> ({accorder(nombre, 'point', 'points')})"
        )

    def _montrer_depenses(self, resultat: ResultatSuivi) -> None:
        lignes = etat_des_depenses(resultat, self.session.evaluation)
        self.etat_depenses.setRowCount(len(lignes))
        for rang, ligne in enumerate(lignes):
            textes = (
                ligne.libelle,
                euros(ligne.depenses),
                euros(ligne.prevu) if ligne.prevu is not None else "—",
                reste_a_justifier(ligne.ecart),
            )
            for colonne, texte in enumerate(textes):
                cellule = QTableWidgetItem(texte)
                if colonne:
                    cellule.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if ligne.rubrique is None:
                    police = cellule.font()
                    police.setBold(True)
                    cellule.setFont(police)
                self.etat_depenses.setItem(rang, colonne, cellule)

    def _montrer_hors_convention(self) -> None:
        hors = hors_convention(self.session.dossier)
        self.texte_hors_convention.setText(
            f"{accorder(len(hors), 'ESSMS du dossier n’est', 'ESSMS du dossier ne sont')} pas "
            "dans la convention : leur usage n'est pas suivi."
            if hors
            else ""
        )
        self.texte_hors_convention.setVisible(bool(hors))
        self.bouton_hors_convention.setVisible(bool(hors))

    def _relire_pieces(self) -> None:
        resultat = self.session.suivi
        if resultat is None:
            return
        identifiants = [p.identifiant for p in resultat.preuves]
        if list(self.cases_pieces) == identifiants:
            return
        for case in self.cases_pieces.values():
            case.deleteLater()
        self.cases_pieces = {}
        for rang, preuve in enumerate(resultat.preuves):
            case = QCheckBox(preuve.libelle)
            case.setToolTip(preuve.reference)
            case.setAccessibleDescription(preuve.reference)
            case.toggled.connect(
                lambda coche, i=preuve.identifiant: self.session.appliquer(PieceGardee(i, coche))
            )
            self.cases_pieces[preuve.identifiant] = case
            self.colonne_pieces.insertWidget(1 + rang, case)

    def _cocher_pieces(self, resultat: ResultatSuivi) -> None:
        self._relire_pieces()
        for preuve in resultat.preuves:
            case = self.cases_pieces.get(preuve.identifiant)
            if case is not None and case.isChecked() != preuve.gardee:
                case.blockSignals(True)
                case.setChecked(preuve.gardee)
                case.blockSignals(False)

    # --- actions -----------------------------------------------------------------------------

    def _erreur_mesures(self, message: str) -> None:
        self.erreur_mesures.setText(message)

    def _erreur_depenses(self, message: str) -> None:
        self.erreur_depenses.setText(message)

    def _erreur_montants(self, message: str) -> None:
        self.erreur_montants.setText(message)

    def coller_mesures(self) -> None:
        texte = QApplication.clipboard().text()
        if not texte.strip():
            self.erreur_mesures.setText(
                "Le presse-papiers ne contient pas de texte : copiez d'abord des lignes dans "
                "votre tableur."
            )
            return
        lecture = lire_collage_mesures(texte, self.session.dossier)
        self._ajouter_apres_apercu(lecture, "Coller des mesures — aperçu")

    def importer_mesures(self) -> None:
        nom, _filtre = QFileDialog.getOpenFileName(
            self,
            "Importer des mesures d'usage",
            "",
            "Classeurs et fichiers CSV (*.xlsx *.csv *.txt);;Tous les fichiers (*)",
        )
        if nom:
            self.importer_fichier_de_mesures(Path(nom))

    def importer_fichier_de_mesures(self, chemin: Path) -> None:
        """Lit le fichier en fond, puis l'aperçu ; rien n'est ajouté sans validation."""
        from app_bureau.saisie.import_fichier import lire_fichier
        from app_bureau.saisie.mesures import lire_tableau_mesures

        dossier = copy.deepcopy(self.session.dossier)

        def lire() -> LectureMesures:
            tableau = lire_fichier(chemin)
            return lire_tableau_mesures(
                tableau.lignes, tableau.description, tableau.remarques, dossier
            )

        def illisible(exc: Exception) -> None:
            self.erreur_mesures.setText(f"{chemin.name} n'a pas pu être lu : {texte_erreur(exc)}")

        en_fond(
            self,
            f"Lecture de {chemin.name}…",
            lire,
            lambda lecture: self._ajouter_apres_apercu(lecture, "Importer des mesures — aperçu"),
            illisible,
        )

    def _ajouter_apres_apercu(self, lecture: LectureMesures, titre: str) -> None:
        dialogue = DialogueMesures(lecture, titre, self)
        try:
            accepte = dialogue.exec() == QDialog.DialogCode.Accepted
        finally:
            dialogue.deleteLater()
        if not accepte or not lecture.acceptable:
            return
        # Relu sur le dossier du moment : rien n'a pu changer pendant l'aperçu (dialogue modal).
        self.session.appliquer(AjoutDeLignes("suivi.mesures", lecture.valides))
        self.erreur_mesures.setText("")
        self.mesures.scrollToBottom()

    def ajouter_un_mois(self) -> None:
        resultat = self.session.suivi
        prochain = mois_a_ajouter(resultat) if resultat else None
        if resultat is None or prochain is None:
            return
        lignes = mesures_a_remplir(resultat, prochain)
        if lignes:
            debut = self.modele_mesures.rowCount()
            self.session.appliquer(AjoutDeLignes("suivi.mesures", lignes))
            index = self.modele_mesures.index(debut, 2)
            self.mesures.setCurrentIndex(index)
            self.mesures.scrollTo(index)
            self.mesures.setFocus()

    def _lignes_choisies(self, vue: QTableView) -> list[int]:
        lignes = {i.row() for i in vue.selectionModel().selectedIndexes()}
        if not lignes and vue.currentIndex().isValid():
            lignes = {vue.currentIndex().row()}
        return sorted(lignes)

    def supprimer_mesures(self) -> None:
        lignes = self._lignes_choisies(self.mesures)
        if lignes:
            self.session.appliquer(SuppressionDeLignes("suivi.mesures", lignes))

    def ajouter_une_depense(self) -> None:
        from app_bureau.modele import Depense

        debut = self.modele_depenses.rowCount()
        self.session.appliquer(
            AjoutDeLignes(
                "suivi.depenses", [Depense(self.session.evaluation.campagne_etat.aujourd_hui)]
            )
        )
        index = self.modele_depenses.index(debut, 1)
        self.depenses.setCurrentIndex(index)
        self.depenses.setFocus()

    def supprimer_depenses(self) -> None:
        lignes = self._lignes_choisies(self.depenses)
        if lignes:
            self.session.appliquer(SuppressionDeLignes("suivi.depenses", lignes))

    def ajouter_a_la_convention(self) -> None:
        hors = hors_convention(self.session.dossier)
        if hors:
            estimes = montants_estimes(self.session.evaluation)
            montants = [MontantNotifie(f, estimes.get(f, Decimal(0))) for f in hors]
            self.session.appliquer(AjoutDeLignes("suivi.convention.montants", montants))

    # --- documents pour l'ARS ----------------------------------------------------------------

    def choisir_fichier(self, genre: str) -> None:
        filtre, extension, titre = {
            "pdf": ("PDF (*.pdf)", ".pdf", "Bilan d'usage pour l'ARS"),
            "classeur": ("Classeur Excel (*.xlsx)", ".xlsx", "Classeur du suivi"),
        }[genre]
        nom = f"{self.session.dossier.nom or 'dossier'} — bilan d'usage{extension}".replace(
            "/", "-"
        )
        chemin, _ = QFileDialog.getSaveFileName(self, titre, nom, filtre)
        if chemin:
            # La boîte de dialogue a déjà demandé l'accord pour remplacer un fichier existant.
            self.exporter_vers(genre, Path(chemin), remplacer=True)

    def exporter_vers(self, genre: str, chemin: Path, remplacer: bool = False) -> None:
        """Écrit le document hors du fil de l'interface, sur une copie du dossier ; une version
        est gardée quand c'est fait (tout ou rien)."""
        from app_bureau.operations.bilan import SortiesBilan, preparer_bilan

        resultat = self.session.suivi
        if resultat is None:
            return
        sorties = SortiesBilan(**{genre: chemin})
        dossier = copy.deepcopy(self.session.dossier)
        evaluation = self.session.evaluation
        ecrire_en_fond(
            self,
            self.session,
            chemin,
            lambda: preparer_bilan(dossier, evaluation, resultat, sorties, remplacer),
            (self.bouton_pdf, self.bouton_classeur),
            lambda: self.resultat_export.setText(f"Écrit : {chemin}"),
            self.resultat_export.setText,
        )

    # --- aller à un champ --------------------------------------------------------------------

    def aller_au_champ(self, chemin: str) -> None:
        """`suivi.mesures[3].dmp_alimentes` : l'onglet des mesures, la ligne 3 ;
        `suivi.mesures[350000014]` : la ligne de l'ESSMS dans la grille ; `suivi.convention.…` :
        le champ de la convention."""
        for liste, onglet, vue, modele in (
            ("suivi.mesures", MESURES, self.mesures, self.modele_mesures),
            ("suivi.depenses", DEPENSES, self.depenses, self.modele_depenses),
            ("suivi.convention.montants", CONVENTION_, self.montants, self.modele_montants),
        ):
            trouve = re.fullmatch(rf"{re.escape(liste)}\[(\d+)\](?:\.(\w+))?", chemin)
            if trouve:
                self.onglets.setCurrentIndex(onglet)
                ligne = int(trouve.group(1))
                attribut = trouve.group(2) or ""
                colonne = next(
                    (i for i, c in enumerate(modele.colonnes) if c.attribut == attribut), 0
                )
                index = modele.index(ligne, colonne)
                vue.setCurrentIndex(index)
                vue.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
                vue.setFocus()
                return
        trouve = re.fullmatch(r"suivi\.mesures\[([0-9A-Za-z]+)\]", chemin)
        resultat = self.session.suivi
        if trouve and resultat is not None:
            rang = next((i for i, e in enumerate(resultat.essms) if e.finess == trouve.group(1)), 0)
            self.onglets.setCurrentIndex(GRAPPE)
            self.grille.selectionModel().setCurrentIndex(
                self.modele_etats.index(rang, 1),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
            self.grille.setFocus()
            return
        if chemin.startswith("suivi.convention"):
            self.onglets.setCurrentIndex(CONVENTION_)
        super().aller_au_champ(chemin)
