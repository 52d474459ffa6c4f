"""Page Autodiagnostic : l'autodiagnostic de maturité SI que chaque OG remplit (II.B.5).

On choisit l'OG ; sa version (directeur ou RSI) suit la case « RSI » de la page Organismes.
On répond question par question, groupées par dimension ; chaque réponse est enregistrée
aussitôt (`SessionDossier.repondre`) et la question affichée est notée : en revenant, on
reprend sur le dernier OG vu, à la question où l'on s'était arrêté. L'onglet « Résultats »
montre ce que les règles ont calculé (`Evaluation.autodiagnostics`) : radar, scores, points
forts et faibles, recommandations. La page ne calcule rien elle-même."""

from functools import cache
from html import escape

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app_bureau.ecrans.graphique_radar import GraphiqueRadar
from app_bureau.ecrans.page_base import PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.formats import euros_ronds
from app_bureau.libelles import accorder
from app_bureau.modele import NON_CONCERNE, Reponse
from app_bureau.navigation import Page
from app_bureau.regles.autodiagnostic.questionnaire import (
    LIBELLES_VERSION,
    NIVEAUX,
    Question,
    Version,
    questionnaire,
    version_de,
)
from app_bureau.regles.autodiagnostic.reprise import organisme_de_reprise, question_de_reprise
from app_bureau.regles.autodiagnostic.scores import ResultatAutodiagnostic, avancement_texte, note
from app_bureau.regles.parametres import JeuParametres
from app_bureau.regles.resultats import Evaluation

ID_NON_CONCERNE = len(NIVEAUX)
VERSIONS_COURTES = {Version.DIRECTEUR: "Directeur", Version.RSI: "Responsable SI (RSI)"}
ROLE_QUESTION = Qt.ItemDataRole.UserRole
GRIS = "color: #5f6368"


@cache
def aide_autodiagnostic(jeu: JeuParametres) -> str:
    """L'aide F1 : pourquoi (II.B.5, II.B.4), comment répondre, ce que disent les résultats ;
    les seuils et montants sont ceux de la campagne."""

    def montant(nom: str) -> str:
        parametre = jeu.get(f"financement.financements_specifiques.{nom}")
        return euros_ronds(parametre.valeur) if parametre else "—"

    q = questionnaire()
    taille, taille_om = (
        jeu.get(f"seuils.taille_projet.{lieu}") for lieu in ("metropole", "corse_outre_mer")
    )
    seuils = (
        f"{taille.valeur} ESSMS ({taille_om.valeur} en Corse et outre-mer)"
        if taille and taille_om
        else "la taille attendue"
    )
    directeur = len(q.questions_de(Version.DIRECTEUR))
    rsi = len(q.questions_de(Version.RSI))
    return f"""
<h3>L'autodiagnostic de maturité SI</h3>
<p>Chaque organisme gestionnaire de la grappe, porteur ou membre, remplit un
<b>autodiagnostic de maturité de son système d'information</b> <i>(instruction 2022/34,
II.B.5)</i> : la version pour le <b>responsable SI (RSI)</b> s'il en a un ({rsi} questions),
sinon la version pour le <b>directeur</b> ({directeur} questions). La version suit la case
« RSI » de la page Organismes. L'ARS peut en demander les résultats ; pour une grappe de
moins de {seuils}, elle apprécie la maturité en management du SI
de la maîtrise d'ouvrage avant d'accepter le projet <i>(II.B.4)</i>.</p>
<p>Le questionnaire est celui de l'application : il suit les sept dimensions du référentiel
national de maturité SI des ESSMS, mais ses questions lui sont propres. L'instruction renvoie
aux autodiagnostics de l'ANAP : si l'ARS les demande, remplissez-les aussi.</p>
<h4>Répondre</h4>
<ul>
<li>Choisissez l'organisme dans le tableau du haut : il montre l'avancement de chacun.</li>
<li>Pour chaque question, choisissez le niveau (0 à 4) dont la phrase ressemble le plus à
votre situation, ou « Non concerné » : cette réponse n'entre pas dans les moyennes.</li>
<li>Chaque réponse est enregistrée aussitôt ; vous pouvez arrêter et reprendre plus tard,
à la même question.</li>
<li>Au clavier : Alt+0 à Alt+4 choisissent un niveau, Alt+C « Non concerné », Alt+U la
question suivante, Alt+Q la précédente, Alt+H la prochaine sans réponse, Alt+E efface la
réponse ; les flèches passent d'un niveau à l'autre. Alt+O et Alt+R ouvrent les onglets
Questionnaire et Résultats.</li>
</ul>
<h4>Les résultats</h4>
<ul>
<li>Un score sur 4 (et en pourcentage) par dimension, la moyenne des niveaux donnés ; le
score global est la moyenne des dimensions ; le <b>socle</b> (questions essentielles) est
noté à part.</li>
<li>Le radar montre les sept dimensions ; les points forts et faibles sont dits en mots.</li>
<li>Les recommandations renvoient à ce que le programme finance pour les organismes de
petite taille <i>(II.D.3)</i> : l'AMOA projet ({montant("amoa_projet_par_projet")} par
projet, qui peut financer un chef de projet interne), les équipements
({montant("equipement_par_essms")} par ESSMS), l'AMOA marché
({montant("amoa_marche_par_projet")} par projet, achat par le SAD) ; et à la mise en commun
de moyens dans la grappe <i>(II.B.4)</i>.</li>
</ul>
""".replace("\u202f", "\u00a0")  # le HTML de Qt couperait « 100 000 € »


class PhraseNiveau(QLabel):
    """La phrase d'un niveau, à côté de son bouton radio : un clic dessus choisit le niveau
    (un QRadioButton ne sait pas couper un long texte sur plusieurs lignes)."""

    clique = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clique.emit()
        super().mousePressEvent(event)


class ListeQuestions(QTreeWidget):
    """Les questions, groupées par dimension ; Entrée sur une question y va (sans passer à
    la page suivante de l'assistant)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        element = self.currentItem()
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and element is not None
            and element.data(0, ROLE_QUESTION)
        ):
            self.itemActivated.emit(element, 0)
            event.accept()
            return
        super().keyPressEvent(event)


class PageAutodiagnostic(PageDossier):
    PAGE = Page.AUTODIAGNOSTIC

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.AIDE = aide_autodiagnostic(session.evaluation.parametres)
        self.definir_sous_titre(
            "La maturité du système d'information de chaque organisme gestionnaire : "
            "répondez question par question, chaque réponse est enregistrée aussitôt."
        )
        self.questionnaire = questionnaire()
        self.organisme: str | None = None
        self.questions: tuple[Question, ...] = ()
        self.index = 0
        self._signature: tuple[tuple[str, str, bool], ...] | None = None
        self._elements: dict[str, QTreeWidgetItem] = {}
        self._dimensions: dict[str, QTreeWidgetItem] = {}
        self._html = ""

        self.absence = QLabel(
            "Ajoutez d'abord les organismes gestionnaires de la grappe (page « Organismes "
            "gestionnaires ») : chacun remplit son autodiagnostic."
        )
        self.absence.setWordWrap(True)

        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Organismes et avancement de leur autodiagnostic")
        self.table.setHorizontalHeaderLabels(["Organisme", "Version à remplir", "Avancement"])
        self.table.verticalHeader().hide()
        entete = self.table.horizontalHeader()
        entete.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        entete.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        entete.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        entete.resizeSection(2, 230)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setToolTip(
            "Choisissez l'organisme qui répond. La version suit la case « RSI » de la page "
            "Organismes (II.B.5)."
        )
        self.table.setAccessibleName("Organismes gestionnaires et avancement de l'autodiagnostic")
        self.table.itemSelectionChanged.connect(self._organisme_selectionne)

        self.onglets = QTabWidget()
        self.onglets.addTab(self._construire_questionnaire(), "Questi&onnaire")
        self.onglets.addTab(self._construire_resultats(), "&Résultats")
        self.onglets.setTabToolTip(0, "Répondre question par question, groupées par dimension")
        self.onglets.setTabToolTip(1, "Radar, scores, points forts et faibles, recommandations")

        colonne = QVBoxLayout(self)
        colonne.addWidget(self.absence)
        colonne.addWidget(self.table)
        colonne.addWidget(self.onglets, 1)
        self._suivre_le_dossier()

    # --- construction -------------------------------------------------------------------

    def _construire_questionnaire(self) -> QWidget:
        self.liste = ListeQuestions()
        self.liste.setColumnCount(2)
        self.liste.setHeaderLabels(["Question", "Réponse"])
        self.liste.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.liste.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.liste.header().setStretchLastSection(False)
        self.liste.setAccessibleName("Questions de l'autodiagnostic, par dimension")
        self.liste.setToolTip("Cliquez sur une question pour y aller.")
        self.liste.itemActivated.connect(self._question_choisie)
        self.liste.itemClicked.connect(self._question_choisie)

        self.position = QLabel()
        self.position.setStyleSheet(GRIS)
        self.position.setWordWrap(True)
        self.texte_question = QLabel()
        self.texte_question.setWordWrap(True)
        police = QFont(self.texte_question.font())
        police.setPointSizeF(police.pointSizeF() * 1.2)
        police.setBold(True)
        self.texte_question.setFont(police)
        self.aide_question = QLabel()
        self.aide_question.setWordWrap(True)
        self.aide_question.setStyleSheet(f"{GRIS}; font-style: italic")

        self.groupe = QButtonGroup(self)
        self.groupe.setExclusive(True)
        grille = QGridLayout()
        grille.setColumnStretch(1, 1)
        grille.setVerticalSpacing(6)
        self.boutons: dict[int, QRadioButton] = {}
        self.phrases: dict[int, PhraseNiveau] = {}
        for niveau in NIVEAUX:
            bouton = QRadioButton(f"&{niveau}")
            phrase = PhraseNiveau()
            phrase.clique.connect(bouton.click)
            self.groupe.addButton(bouton, niveau)
            grille.addWidget(bouton, niveau, 0, Qt.AlignmentFlag.AlignTop)
            grille.addWidget(phrase, niveau, 1)
            self.boutons[niveau], self.phrases[niveau] = bouton, phrase
        self.bouton_non_concerne = QRadioButton("Non &concerné")
        self.bouton_non_concerne.setToolTip(
            "La question ne s'applique pas à votre organisme : elle n'entre pas dans les "
            "moyennes, mais compte comme répondue."
        )
        self.groupe.addButton(self.bouton_non_concerne, ID_NON_CONCERNE)
        self.boutons[ID_NON_CONCERNE] = self.bouton_non_concerne
        grille.addWidget(
            self.bouton_non_concerne, len(NIVEAUX), 0, 1, 2, Qt.AlignmentFlag.AlignLeft
        )
        self.groupe.idClicked.connect(self._repondu)

        self.precedente = QPushButton("◀ &Question précédente")
        self.precedente.setToolTip("Alt+Q")
        self.precedente.clicked.connect(lambda: self.aller_a_la_question(self.index - 1))
        self.suivante = QPushButton("Question s&uivante ▶")
        self.suivante.setToolTip("Alt+U")
        self.suivante.clicked.connect(lambda: self.aller_a_la_question(self.index + 1))
        self.sans_reponse = QPushButton("Proc&haine sans réponse")
        self.sans_reponse.setToolTip("Alt+H : la prochaine question qui n'a pas de réponse")
        self.sans_reponse.clicked.connect(self._prochaine_sans_reponse)
        self.effacer = QPushButton("&Effacer la réponse")
        self.effacer.setToolTip("Alt+E : la question redevient sans réponse")
        self.effacer.clicked.connect(lambda: self._enregistrer(None))
        boutons = QHBoxLayout()
        boutons.addWidget(self.precedente)
        boutons.addWidget(self.suivante)
        boutons.addStretch(1)
        boutons.addWidget(self.sans_reponse)
        boutons.addWidget(self.effacer)

        self.progression = QProgressBar()
        self.progression.setTextVisible(True)
        self.progression.setAccessibleName("Avancement de l'autodiagnostic de l'organisme")

        panneau = QWidget()
        disposition = QVBoxLayout(panneau)
        disposition.addWidget(self.position)
        disposition.addWidget(self.texte_question)
        disposition.addWidget(self.aide_question)
        disposition.addLayout(grille)
        disposition.addStretch(1)
        disposition.addLayout(boutons)
        disposition.addWidget(self.progression)

        separation = QSplitter()
        separation.addWidget(self.liste)
        separation.addWidget(panneau)
        separation.setStretchFactor(0, 0)
        separation.setStretchFactor(1, 1)
        separation.setSizes([340, 650])
        separation.setChildrenCollapsible(False)
        return separation

    def _construire_resultats(self) -> QWidget:
        self.radar = GraphiqueRadar()
        self.titre_radar = QLabel()
        self.titre_radar.setWordWrap(True)
        self.titre_radar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.titre_radar.setStyleSheet("font-weight: bold")
        gauche = QWidget()
        colonne = QVBoxLayout(gauche)
        colonne.setContentsMargins(0, 0, 0, 0)
        colonne.addWidget(self.titre_radar)
        colonne.addWidget(self.radar, 1)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.setAccessibleName("Scores, points forts et faibles, recommandations")
        separation = QSplitter()
        separation.addWidget(gauche)
        separation.addWidget(self.detail)
        separation.setSizes([470, 520])
        separation.setChildrenCollapsible(False)
        return separation

    # --- état ---------------------------------------------------------------------------

    def _reponses(self) -> dict[str, Reponse]:
        return self.session.dossier.autodiagnostic.get(self.organisme or "", {})

    def resultat(self, organisme: str | None = None) -> ResultatAutodiagnostic | None:
        """Le résultat des règles pour l'OG (l'OG affiché par défaut)."""
        cible = organisme or self.organisme
        return next(
            (r for r in self.session.evaluation.autodiagnostics if r.organisme == cible),
            None,
        )

    def question_courante(self) -> Question | None:
        return self.questions[self.index] if self.questions else None

    # --- cycle de vie -------------------------------------------------------------------

    def rafraichir(self) -> None:
        """Après ouverture ou rechargement : tout refaire et reprendre où l'on en était."""
        super().rafraichir()
        self._signature = None
        self.organisme = None
        self._suivre_le_dossier()

    def evaluation_changee(self, evaluation: Evaluation) -> None:
        self.AIDE = aide_autodiagnostic(evaluation.parametres)
        self._suivre_le_dossier()

    def _suivre_le_dossier(self) -> None:
        organismes = self.session.dossier.organismes
        signature = tuple((og.id, og.raison_sociale, og.dispose_rsi) for og in organismes)
        if signature != self._signature:
            self._signature = signature
            self._remplir_table()
            ids = [og.id for og in organismes]
            positions = self._positions()
            courante = self.question_courante()
            if self.organisme in ids and courante is not None:
                # Même OG (renommé, ou sa case RSI a changé) : on reste sur la même question
                # si la nouvelle version la pose encore.
                positions[self.organisme] = courante.id
            else:
                resultats = self.session.evaluation.autodiagnostics
                self.organisme = organisme_de_reprise(
                    self.session.dossier, resultats, list(positions)
                )
            self._montrer_organisme(positions.get(self.organisme or ""))
        self._mettre_a_jour_avancement()
        self._mettre_a_jour_liste()
        self._mettre_a_jour_resultats()

    def _positions(self) -> dict[str, str]:
        return self.session.positions_autodiagnostic()

    def _remplir_table(self) -> None:
        organismes = self.session.dossier.organismes
        self.absence.setVisible(not organismes)
        self.table.setVisible(bool(organismes))
        self.onglets.setVisible(bool(organismes))
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(organismes))
            for ligne, og in enumerate(organismes):
                nom = QTableWidgetItem(og.raison_sociale or og.id)
                version = QTableWidgetItem(VERSIONS_COURTES[version_de(og)])
                version.setToolTip(
                    "L'OG a un responsable SI : version RSI (II.B.5)"
                    if og.dispose_rsi
                    else "L'OG n'a pas de responsable SI : version directeur (II.B.5)"
                )
                self.table.setItem(ligne, 0, nom)
                self.table.setItem(ligne, 1, version)
                if self.table.cellWidget(ligne, 2) is None:
                    barre = QProgressBar()
                    barre.setTextVisible(True)
                    barre.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                    self.table.setCellWidget(ligne, 2, barre)
        hauteur = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        lignes = min(max(len(organismes), 1), 4)
        self.table.setFixedHeight(
            hauteur + lignes * self.table.verticalHeader().defaultSectionSize()
        )

    def _mettre_a_jour_avancement(self) -> None:
        for ligne, og in enumerate(self.session.dossier.organismes):
            resultat = self.resultat(og.id)
            barre = self.table.cellWidget(ligne, 2)
            if resultat is None or not isinstance(barre, QProgressBar):
                continue
            _regler_barre(barre, resultat)
            texte = avancement_texte(resultat)
            self.table.item(ligne, 0).setToolTip(f"{og.raison_sociale or og.id} : {texte}")
        resultat = self.resultat()
        if resultat is not None:
            _regler_barre(self.progression, resultat)

    def _montrer_organisme(self, position: str | None) -> None:
        """Affiche les questions de l'OG choisi, à la question `position` s'il la pose
        (sinon à la première sans réponse)."""
        organismes = self.session.dossier.organismes
        og = self.session.dossier.organisme(self.organisme or "")
        if og is None:
            self.questions = ()
            self.liste.clear()
            self._elements.clear()
            self._dimensions.clear()
            return
        with QSignalBlocker(self.table):
            self.table.selectRow(organismes.index(og))
        self.questions = self.questionnaire.questions_de(version_de(og))
        self.index = question_de_reprise(self.questions, self._reponses(), position)
        self._remplir_liste()
        self._afficher_question(noter=False)

    def aller_au_champ(self, chemin: str) -> None:
        """`autodiagnostic.<organisme>` : l'autodiagnostic de cet OG."""
        ids = [og.id for og in self.session.dossier.organismes]
        organisme = chemin.split(".")[1] if chemin.count(".") else ""
        if organisme in ids:
            self.table.selectRow(ids.index(organisme))
        self.table.setFocus()

    def _organisme_selectionne(self) -> None:
        lignes = self.table.selectionModel().selectedRows()
        if not lignes:
            return
        og = self.session.dossier.organismes[lignes[0].row()]
        if og.id != self.organisme:
            self.organisme = og.id
            self._montrer_organisme(self._positions().get(og.id))
            self._mettre_a_jour_avancement()
            self._mettre_a_jour_liste()
            self._mettre_a_jour_resultats()

    # --- la liste des questions ---------------------------------------------------------

    def _remplir_liste(self) -> None:
        self.liste.clear()
        self._elements.clear()
        self._dimensions.clear()
        for d in self.questionnaire.dimensions:
            groupe = QTreeWidgetItem(self.liste, [d.libelle, ""])
            groupe.setFirstColumnSpanned(False)
            groupe.setFlags(Qt.ItemFlag.ItemIsEnabled)
            groupe.setToolTip(0, d.description)
            police = groupe.font(0)
            police.setBold(True)
            groupe.setFont(0, police)
            self._dimensions[d.id] = groupe
            for question in self.questions:
                if question.dimension == d.id:
                    element = QTreeWidgetItem(groupe, [question.titre, ""])
                    element.setData(0, ROLE_QUESTION, question.id)
                    socle = " (question du socle)" if question.socle else ""
                    element.setToolTip(0, f"{question.texte}{socle}")
                    self._elements[question.id] = element
            groupe.setExpanded(True)
        self._mettre_a_jour_liste()

    def _mettre_a_jour_liste(self) -> None:
        reponses = self._reponses()
        for identifiant, element in self._elements.items():
            reponse = reponses.get(identifiant)
            element.setText(1, _reponse_courte(reponse))
            element.setToolTip(1, "Sans réponse" if reponse is None else "Répondu")
        resultat = self.resultat()
        if resultat is not None:
            for s in resultat.dimensions:
                groupe = self._dimensions.get(s.dimension.id)
                if groupe is not None:
                    repondues = s.niveaux_donnes + s.non_concerne
                    groupe.setText(1, f"{repondues}/{s.questions}")
                    groupe.setToolTip(1, f"{accorder(repondues, 'réponse')} sur {s.questions}")
        courante = self.question_courante()
        if courante is not None and courante.id in self._elements:
            with QSignalBlocker(self.liste):
                self.liste.setCurrentItem(self._elements[courante.id])

    def _question_choisie(self, element: QTreeWidgetItem) -> None:
        identifiant = element.data(0, ROLE_QUESTION)
        ids = [q.id for q in self.questions]
        if identifiant in ids:
            self.aller_a_la_question(ids.index(identifiant))

    # --- la question affichée -----------------------------------------------------------

    def aller_a_la_question(self, index: int) -> None:
        if not self.questions:
            return
        self.index = max(0, min(index, len(self.questions) - 1))
        self._afficher_question(noter=True)
        self._mettre_a_jour_liste()

    def _prochaine_sans_reponse(self) -> None:
        reponses = self._reponses()
        n = len(self.questions)
        for decalage in range(1, n + 1):
            index = (self.index + decalage) % n
            if self.questions[index].id not in reponses:
                self.aller_a_la_question(index)
                return

    def _afficher_question(self, noter: bool) -> None:
        question = self.question_courante()
        og = self.session.dossier.organisme(self.organisme or "")
        if question is None or og is None:
            return
        dimension = self.questionnaire.dimension(question.dimension)
        socle = " · question du socle" if question.socle else ""
        self.position.setText(
            f"{og.raison_sociale or og.id} · question {self.index + 1} sur "
            f"{len(self.questions)} · {dimension.libelle}{socle}"
        )
        version = LIBELLES_VERSION[version_de(og)]
        self.position.setToolTip(version[0].upper() + version[1:])
        self.texte_question.setText(question.texte)
        self.aide_question.setText(question.aide)
        self.aide_question.setVisible(bool(question.aide))
        for niveau in NIVEAUX:
            phrase = question.niveaux[niveau]
            self.phrases[niveau].setText(phrase)
            self.boutons[niveau].setToolTip(f"Niveau {niveau} : {phrase}")
            self.boutons[niveau].setAccessibleName(f"Niveau {niveau} : {phrase}")
        self._cocher(self._reponses().get(question.id))
        self.precedente.setEnabled(self.index > 0)
        self.suivante.setEnabled(self.index < len(self.questions) - 1)
        if noter:
            self.session.noter_position_autodiagnostic(og.id, question.id)

    def _cocher(self, reponse: Reponse | None) -> None:
        """Coche le bouton de la réponse (aucun si la question n'a pas de réponse)."""
        self.groupe.setExclusive(False)
        for bouton in self.boutons.values():
            bouton.setChecked(False)
        self.groupe.setExclusive(True)
        if reponse is not None:
            self.boutons[ID_NON_CONCERNE if reponse == NON_CONCERNE else int(reponse)].setChecked(
                True
            )
        self.effacer.setEnabled(reponse is not None)

    def _repondu(self, identifiant: int) -> None:
        self._enregistrer(NON_CONCERNE if identifiant == ID_NON_CONCERNE else identifiant)

    def _enregistrer(self, reponse: Reponse | None) -> None:
        question = self.question_courante()
        if question is None or self.organisme is None:
            return
        if self._reponses().get(question.id) == reponse:
            return
        if not self.session.repondre(self.organisme, question.id, reponse):
            self._cocher(self._reponses().get(question.id))
        elif reponse is None:
            self._cocher(None)
        else:
            self.effacer.setEnabled(True)

    # --- les résultats ------------------------------------------------------------------

    def _mettre_a_jour_resultats(self) -> None:
        resultat = self.resultat()
        if resultat is None:
            self.radar.definir_scores([])
            self.titre_radar.setText("")
            self.detail.setHtml("")
            self._html = ""
            return
        self.radar.definir_scores(list(resultat.scores_par_dimension().items()))
        self.titre_radar.setText(f"{resultat.nom} — score global {note(resultat.score)}")
        html = _html_resultat(resultat)
        if html != self._html:  # sinon la lecture en cours remonterait en haut
            self._html = html
            self.detail.setHtml(html)


def _regler_barre(barre: QProgressBar, resultat: ResultatAutodiagnostic) -> None:
    barre.setRange(0, resultat.questions)
    barre.setValue(resultat.reponses)
    barre.setFormat(avancement_texte(resultat).replace("\u00a0", " "))
    barre.setToolTip(f"Autodiagnostic rempli : {avancement_texte(resultat)}")


def _reponse_courte(reponse: Reponse | None) -> str:
    if reponse is None:
        return "—"
    return "NC" if reponse == NON_CONCERNE else str(reponse)


def _pourcent(valeur: object) -> str:
    return "—" if valeur is None else f"{valeur}\u00a0%"


def _html_resultat(r: ResultatAutodiagnostic) -> str:
    lignes = "".join(
        f"<tr><td>{escape(s.dimension.libelle)}</td><td align='right'>{note(s.score)}</td>"
        f"<td align='right'>{_pourcent(s.pourcentage)}</td>"
        f"<td align='right'>{s.niveaux_donnes + s.non_concerne}/{s.questions}</td></tr>"
        for s in r.dimensions
    )

    def liste(titre: str, elements: tuple[str, ...], vide: str) -> str:
        corps = "".join(f"<li>{escape(e)}</li>" for e in elements) or f"<li>{escape(vide)}</li>"
        return f"<h4>{titre}</h4><ul>{corps}</ul>"

    recommandations = "".join(
        f"<li>{escape(x.texte)} <i style='color:#5f6368'>({escape(x.reference)})</i></li>"
        for x in r.recommandations
    )
    etat = "complet" if r.complet else "en cours"
    html = f"""
<p><b>{escape(r.nom)}</b> — {escape(LIBELLES_VERSION[r.version])}<br>
Autodiagnostic {etat} : {escape(avancement_texte(r))}.<br>
Score global : <b>{note(r.score)}</b> ({_pourcent(r.pourcentage)}) ·
socle : <b>{note(r.socle)}</b> ({_pourcent(r.socle_pourcentage)})</p>
{liste("Points forts", r.forces, "Aucun pour l'instant.")}
{liste("Points faibles", r.faiblesses, "Aucun relevé.")}
<h4>Recommandations</h4><ul>{recommandations or "<li>Aucune.</li>"}</ul>
<h4>Détail par dimension</h4>
<table cellspacing='0' cellpadding='3' border='1' style='border-collapse: collapse'>
<tr><th align='left'>Dimension</th><th>Score</th><th>%</th><th>Réponses</th></tr>
{lignes}
</table>
"""
    return html.replace("\u202f", "\u00a0")
