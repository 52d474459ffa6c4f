"""Page Autodiagnostic : l'autodiagnostic de maturité SI que chaque OG doit remplir (II.B.5).

Le questionnaire lui-même arrive avec son propre chantier ; la page dit déjà, pour chaque OG,
quelle version il remplit et où il en est."""

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from app_bureau.ecrans.page_base import PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.navigation import Page
from app_bureau.regles import Evaluation


class PageAutodiagnostic(PageDossier):
    PAGE = Page.AUTODIAGNOSTIC
    AIDE = """
    <p>Chaque organisme gestionnaire de la grappe, porteur ou membre, remplit un
    <b>autodiagnostic de maturité de son système d'information</b> (instruction 2022/34,
    II.B.5) : la version pour le responsable SI (RSI) s'il en a un, sinon la version pour le
    directeur. L'ARS peut en demander les résultats ; elle s'en sert pour juger si une petite
    grappe peut mener son projet (II.B.4).</p>"""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.setSubTitle("La maturité du système d'information de chaque organisme gestionnaire.")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Organisme", "Version à remplir", "Réponses"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        note = QLabel(
            "Le questionnaire de l'application sera proposé ici pour chaque organisme ; "
            "la version à remplir dépend de la case « RSI » de la page Organismes."
        )
        note.setWordWrap(True)
        colonne = QVBoxLayout(self)
        colonne.addWidget(self.table, 1)
        colonne.addWidget(note)

    def evaluation_changee(self, evaluation: Evaluation) -> None:
        organismes = self.session.dossier.organismes
        self.table.setRowCount(len(organismes))
        reponses = self.session.depot.nombre_de_reponses(self.session.identifiant)
        for ligne, og in enumerate(organismes):
            version = "Responsable SI (RSI)" if og.dispose_rsi else "Directeur"
            for colonne, texte in enumerate(
                (og.raison_sociale or og.id, version, str(reponses.get(og.id, 0)))
            ):
                self.table.setItem(ligne, colonne, QTableWidgetItem(texte))
