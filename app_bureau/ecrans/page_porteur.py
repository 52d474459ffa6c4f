"""Page Porteur : qui dépose le projet."""

from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout

from app_bureau.ecrans.page_base import PageDossier
from app_bureau.ecrans.session import SessionDossier
from app_bureau.identifiants import erreur_email, erreur_finess, erreur_siret, normaliser
from app_bureau.libelles import STATUTS, TYPES_PORTEUR
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
        self.setSubTitle("Qui dépose le projet et signe la convention avec l'ARS.")
        identite = QFormLayout()
        self.texte(
            identite, "&Nom du dossier", "nom", lambda d: d.nom,
            lambda d, v: setattr(d, "nom", v), "Le nom sous lequel vous retrouverez ce dossier",
        )  # fmt: skip
        self.texte(
            identite, "&Raison sociale", "porteur.raison_sociale",
            lambda d: d.porteur.raison_sociale,
            lambda d, v: setattr(d.porteur, "raison_sociale", v),
            "Raison sociale du porteur, telle qu'au répertoire SIRENE",
        )  # fmt: skip
        self.texte(
            identite, "&SIRET", "porteur.siret", lambda d: d.porteur.siret,
            lambda d, v: setattr(d.porteur, "siret", v),
            "14 chiffres ; obligatoire pour le porteur (FAQ)",
            valider=erreur_siret, normaliser=normaliser,
        )  # fmt: skip
        self.texte(
            identite, "&FINESS juridique", "porteur.finess_juridique",
            lambda d: d.porteur.finess_juridique or "",
            lambda d, v: setattr(d.porteur, "finess_juridique", v or None),
            "Facultatif pour le porteur (FAQ) ; 9 caractères",
            valider=erreur_finess, normaliser=normaliser,
        )  # fmt: skip
        self.choix(
            identite, "S&tatut", "porteur.statut", STATUTS, lambda d: d.porteur.statut,
            lambda d, v: setattr(d.porteur, "statut", v), "Statut juridique du porteur",
        )  # fmt: skip
        self.choix(
            identite, "T&ype de porteur", "porteur.type", TYPES_PORTEUR,
            lambda d: d.porteur.type, lambda d, v: setattr(d.porteur, "type", v),
            "Organisme gestionnaire, groupement ou GHT",
        )  # fmt: skip
        self.case(
            identite, "Soumis au &code de la commande publique",
            "porteur.soumis_commande_publique", lambda d: d.porteur.soumis_commande_publique,
            lambda d, v: setattr(d.porteur, "soumis_commande_publique", v),
            "Cochez si le porteur applique le code de la commande publique (II.D.1)",
        )  # fmt: skip
        self.case(
            identite, "Représentativité &nationale de l'offre",
            "porteur.representativite_nationale",
            lambda d: d.porteur.representativite_nationale,
            lambda d, v: setattr(d.porteur, "representativite_nationale", v),
            "Le projet a une portée nationale même avec moins de 50 ESSMS (II.C.3)",
        )  # fmt: skip
        contact = QFormLayout()
        self.texte(
            contact, "Nom du &contact", "porteur.contact.nom", lambda d: d.porteur.contact.nom,
            lambda d, v: setattr(d.porteur.contact, "nom", v), "La personne que l'ARS peut joindre",
        )  # fmt: skip
        self.texte(
            contact, "&Courriel", "porteur.contact.email", lambda d: d.porteur.contact.email,
            lambda d, v: setattr(d.porteur.contact, "email", v), "Adresse électronique du contact",
            valider=erreur_email,
        )  # fmt: skip
        self.texte(
            contact, "Télé&phone", "porteur.contact.telephone",
            lambda d: d.porteur.contact.telephone,
            lambda d, v: setattr(d.porteur.contact, "telephone", v), "Téléphone du contact",
        )  # fmt: skip
        colonne = QVBoxLayout(self)
        boite_identite = QGroupBox("Identité")
        boite_identite.setLayout(identite)
        boite_contact = QGroupBox("Contact")
        boite_contact.setLayout(contact)
        colonne.addWidget(boite_identite)
        colonne.addWidget(boite_contact)
        colonne.addWidget(self.message_bloquant)
        colonne.addStretch(1)
