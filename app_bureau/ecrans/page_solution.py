"""Page Solution DUI et achat, et financements spécifiques des OG de petite taille."""

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout

from app_bureau.ecrans.page_base import PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.formats import euros
from app_bureau.navigation import Page
from app_bureau.regles.resultats import Evaluation


class PageSolution(PageDossier):
    PAGE = Page.SOLUTION
    AIDE = """
    <p>Une <b>seule solution DUI</b> pour tous les ESSMS du projet (FAQ).</p>
    <ul>
    <li>Une <b>mise en conformité</b> exige une solution référencée Ségur ; l'éditeur est payé
    par l'État au titre du SONS (instruction 2022/34, II.B.3 et II.D.2).</li>
    <li>Une <b>acquisition</b> dont la majorité des ESSMS relève des personnes âgées, des
    personnes handicapées ou du domicile passe par le <b>SAD</b> de la centrale d'achat
    mandatée par la CNSA, sauf marché en cours d'un porteur soumis au code de la commande
    publique (II.D.1). Toute acquisition exige une mise en concurrence (FAQ).</li>
    <li>En 2022, une solution non référencée Ségur n'est possible que pour une acquisition
    majoritairement PA / PH / domicile ; à partir de 2023, la FAQ exige le référencement Ségur
    pour les acquisitions aussi.</li>
    <li>Une solution <b>en cours de référencement Ségur</b> est acceptée si le référencement
    intervient avant le démarrage du paramétrage du logiciel (FAQ) : joindre la preuve de la
    demande ; le plafond de l'éditeur reste celui d'une solution non référencée.</li>
    <li>Si le porteur ou un organisme gestionnaire est soumis au code de la commande publique
    (case de la page Organismes), l'achat suit ce code (FAQ).</li>
    <li>Les <b>OG de petite taille</b> peuvent demander une AMOA marché (procédure du SAD) et
    une AMOA projet, par projet (II.D.3).</li>
    </ul>"""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.definir_sous_titre(
            "Le logiciel choisi, la façon de l'acheter, et l'accompagnement demandé."
        )
        solution = QFormLayout()
        for chemin, raccourci in (
            ("solution.editeur", "d"),
            ("solution.logiciel", "L"),
            ("solution.referencee_segur", "S"),
            ("solution.referencement_segur_en_cours", "c"),
            ("solution.referencee_sad", "A"),
            ("solution.mode_achat", "M"),
            ("solution.hebergement", "H"),
        ):
            self.champ(solution, chemin, raccourci)
        specifiques = QFormLayout()
        self.explication_specifiques = QLabel()
        self.explication_specifiques.setWordWrap(True)
        specifiques.addRow(self.explication_specifiques)
        self.amoa_marche = self.champ(specifiques, "financements_specifiques.amoa_marche", "r")
        self.amoa_projet = self.champ(specifiques, "financements_specifiques.amoa_projet", "p")
        self.boite_specifiques = QGroupBox("Financements spécifiques des OG de petite taille")
        self.boite_specifiques.setLayout(specifiques)
        boite_solution = QGroupBox("Solution DUI")
        boite_solution.setLayout(solution)
        colonne = QVBoxLayout(self)
        colonne.addWidget(boite_solution)
        colonne.addWidget(self.boite_specifiques)
        colonne.addWidget(self.message_bloquant)
        colonne.addStretch(1)

    def evaluation_changee(self, evaluation: Evaluation) -> None:
        """Les financements spécifiques ne s'affichent que si un petit OG les rend possibles."""
        petits = [
            og for og in evaluation.organismes if og.petite_taille and og.nombre_essms_retenus
        ]
        demandes = self.session.dossier.financements_specifiques
        self.boite_specifiques.setVisible(
            bool(petits) or demandes.amoa_marche or demandes.amoa_projet
        )
        jeu = evaluation.parametres
        equipement = jeu["financement.financements_specifiques.equipement_par_essms"].valeur
        marche = jeu["financement.financements_specifiques.amoa_marche_par_projet"].valeur
        projet = jeu["financement.financements_specifiques.amoa_projet_par_projet"].valeur
        noms = ", ".join(og.raison_sociale or og.id for og in petits) or "aucun"
        self.explication_specifiques.setText(
            f"OG de petite taille ayant un ESSMS retenu : {noms}. Ils ouvrent l'équipement "
            f"({euros(equipement)} par ESSMS, à cocher dans la page Établissements), "
            f"l'AMOA marché ({euros(marche)} par projet, achat par le SAD) et l'AMOA projet "
            f"({euros(projet)} par projet) — instruction 2022/34, II.D.3."
        )
