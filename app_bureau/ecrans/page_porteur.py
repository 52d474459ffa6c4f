"""Page Porteur : qui dépose le projet."""

from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout

from app_bureau.ecrans.page_base import PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.navigation import Page


class PagePorteur(PageDossier):
    PAGE = Page.PORTEUR
    AIDE = """
    <p>Le <b>porteur</b> dépose le projet pour toute la grappe et signe la convention avec
    l'ARS. Ce peut être l'un des organismes gestionnaires, un groupement (convention, GCSMS…)
    ou un GHT.</p>
    <ul>
    <li>Le porteur doit avoir un <b>SIRET</b> ; le FINESS juridique n'est pas obligatoire
    (FAQ ESMS numérique, 03/02/2023).</li>
    <li>Un porteur soumis au <b>code de la commande publique</b> peut utiliser un marché en
    cours au lieu du SAD, si la solution est référencée SAD ou Ségur (instruction 2022/34,
    II.D.1).</li>
    <li>Un porteur <b>représentatif de l'offre nationale</b> dépose au niveau national, même
    avec moins de 50 ESSMS (II.C.3).</li>
    <li>Un <b>GHT</b> peut proposer une solution référencée Ségur dans le couloir hôpital, sous
    conditions (FAQ).</li>
    </ul>"""

    def __init__(self, session: SessionDossier) -> None:
        super().__init__(session)
        self.definir_sous_titre("Qui dépose le projet et signe la convention avec l'ARS.")
        identite = QFormLayout()
        for chemin, raccourci in (
            ("nom", "N"),
            ("porteur.raison_sociale", "R"),
            ("porteur.siret", "S"),
            ("porteur.finess_juridique", "F"),
            ("porteur.statut", "t"),
            ("porteur.type", "y"),
            ("porteur.soumis_commande_publique", "c"),
            ("porteur.representativite_nationale", "n"),
        ):
            self.champ(identite, chemin, raccourci)
        contact = QFormLayout()
        for chemin, raccourci in (
            ("porteur.contact.nom", "u"),
            ("porteur.contact.email", "C"),
            ("porteur.contact.telephone", "p"),
        ):
            self.champ(contact, chemin, raccourci)
        colonne = QVBoxLayout(self)
        boite_identite = QGroupBox("Identité")
        boite_identite.setLayout(identite)
        boite_contact = QGroupBox("Contact")
        boite_contact.setLayout(contact)
        colonne.addWidget(boite_identite)
        colonne.addWidget(boite_contact)
        colonne.addWidget(self.message_bloquant)
        colonne.addStretch(1)
