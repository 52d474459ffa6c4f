"""Lecture d'un collage depuis un tableur : valeurs tolérées, erreurs champ par champ."""

from decimal import Decimal

import pytest

from app_bureau.modele import Champ, Etablissement, TypeProjet
from app_bureau.saisie.collage import lire_collage
from app_bureau.saisie.valeurs import (
    ErreurSaisie,
    lire_categorie,
    lire_champ,
    lire_entier,
    lire_finess,
    lire_montant,
    lire_oui_non,
    lire_part,
    lire_pourcentage,
    lire_projet,
)

# (lecteur, texte collé, valeur attendue)
VALEURS_ACCEPTEES = [
    (lire_finess, "350012001", "350012001"),
    (lire_finess, " 35 001 200 1 ", "350012001"),
    (lire_finess, "35.001.200.1", "350012001"),
    (lire_finess, "10000123", "010000123"),  # zéro de tête perdu par le tableur
    (lire_finess, "2A0000011", "2A0000011"),
    (lire_finess, "2a0000011", "2A0000011"),
    (lire_finess, "970400016", "970400016"),
    (lire_finess, "", ""),
    (lire_part, "62,5 %", Decimal("0.625")),
    (lire_part, "62.5%", Decimal("0.625")),
    (lire_part, "62,5", Decimal("0.625")),
    (lire_part, "0,625", Decimal("0.625")),
    (lire_part, "1", Decimal(1)),
    (lire_part, "100 %", Decimal(1)),
    (lire_part, "1 %", Decimal("0.01")),
    (lire_part, "", Decimal(1)),
    (lire_pourcentage, "0,5", Decimal("0.005")),  # saisie dans le tableau : un pourcentage
    (lire_pourcentage, "62,5\u00a0%", Decimal("0.625")),
    (lire_montant, "13 200,00 €", Decimal("13200.00")),
    (lire_montant, "13\u202f200,50\u00a0€", Decimal("13200.50")),
    (lire_montant, "13200.5", Decimal("13200.5")),
    (lire_montant, "13.200,50", Decimal("13200.50")),
    (lire_montant, "13,200.50", Decimal("13200.50")),
    (lire_montant, "1.200.000", Decimal(1200000)),
    (lire_montant, "12000 EUR", Decimal(12000)),
    (lire_montant, "€ 12000", Decimal(12000)),
    (lire_montant, "", None),
    (lire_montant, "-", None),
    (lire_montant, "aucun", None),
    (lire_oui_non, "oui", True),
    (lire_oui_non, "Oui", True),
    (lire_oui_non, "x", True),
    (lire_oui_non, "VRAI", True),
    (lire_oui_non, "1", True),
    (lire_oui_non, "non", False),
    (lire_oui_non, "", False),
    (lire_oui_non, "faux", False),
    (lire_champ, "PA", Champ.PA),
    (lire_champ, "pa", Champ.PA),
    (lire_champ, "Personnes âgées", Champ.PA),
    (lire_champ, "personnes agees", Champ.PA),
    (lire_champ, "Personnes handicapées", Champ.PH),
    (lire_champ, "domicile", Champ.DOMICILE),
    (lire_champ, "Protection de l'enfance", Champ.PDE),
    (lire_champ, "Accueil, hébergement, insertion", Champ.AHI),
    (lire_champ, "PJM", Champ.PJM),
    (lire_champ, "", None),
    (lire_projet, "Acquisition", TypeProjet.ACQUISITION),
    (lire_projet, "", TypeProjet.ACQUISITION),
    (lire_projet, "Mise en conformité", TypeProjet.MISE_EN_CONFORMITE),
    (lire_projet, "mise_en_conformite", TypeProjet.MISE_EN_CONFORMITE),
    (lire_projet, "Évolution", TypeProjet.MISE_EN_CONFORMITE),
    (lire_categorie, "500", "500"),
    (lire_categorie, "500 — EHPAD", "500"),
    (lire_categorie, "500 - Établissement d'hébergement", "500"),
    (lire_categorie, "EHPAD", "500"),
    (lire_categorie, "ssiad", "354"),
    (lire_categorie, "999", "999"),  # inconnue : gardée, les règles alertent
    (lire_categorie, "", None),
    (lire_entier, "1 200", 1200),
    (lire_entier, "", 0),
]

# (lecteur, texte collé, message attendu dans l'erreur)
VALEURS_REFUSEES = [
    (
        lire_finess,
        "350012002",
        "la clé ne correspond pas : un chiffre est probablement mal recopié",
    ),
    (lire_finess, "35001200", "9 caractères"),
    (lire_finess, "35001200A", "que des chiffres"),
    (lire_finess, "000012001", "aucun département"),
    (lire_part, "150 %", "150 % dépasse 100 %"),
    (lire_part, "150", "150 % dépasse 100 %"),
    (lire_part, "0", "supérieure à 0"),
    (lire_part, "-10 %", "supérieure à 0"),
    (lire_part, "beaucoup", "« beaucoup » n'est pas un nombre"),
    (lire_part, "12,123456 %", "décimales"),
    (lire_montant, "-5", "négatif"),
    (lire_montant, "12,345", "centime"),
    (lire_montant, "douze mille", "n'est pas un nombre"),
    (lire_oui_non, "peut-être", "« oui » ou « non »"),
    (lire_champ, "PX", "« PX » inconnu"),
    (lire_projet, "location", "« Acquisition » ou « Mise en conformité »"),
    (lire_categorie, "hôpital", "inconnue"),
    (lire_categorie, "EHPA", "501, 502"),  # sigle ambigu
    (lire_entier, "12,5", "entier"),
    (lire_entier, "-3", "négatif"),
]


@pytest.mark.parametrize(("lecteur", "texte", "attendu"), VALEURS_ACCEPTEES)
def test_valeurs_acceptees(lecteur, texte, attendu) -> None:
    assert lecteur(texte) == attendu


@pytest.mark.parametrize(("lecteur", "texte", "message"), VALEURS_REFUSEES)
def test_valeurs_refusees(lecteur, texte, message) -> None:
    with pytest.raises(ErreurSaisie, match=message):
        lecteur(texte)


def test_une_ligne_complete_sans_entete() -> None:
    collage = lire_collage(
        "350012001\tEHPAD Les Ajoncs\t500\tPersonnes âgées\tMise en conformité\t62,5 %\t"
        "13 200,00 €\toui\tnon\tnon\t62\n",
        organisme="ajoncs",
    )
    assert not collage.entete
    assert [ligne.valide for ligne in collage.lignes] == [True]
    assert collage.valides == [
        Etablissement(
            finess="350012001",
            organisme="ajoncs",
            nom="EHPAD Les Ajoncs",
            categorie="500",
            champ=Champ.PA,
            projet=TypeProjet.MISE_EN_CONFORMITE,
            part_activite_eligible=Decimal("0.625"),
            devis_editeur=Decimal("13200.00"),
            equipement=True,
            personnes_accompagnees=62,
        )
    ]


def test_colonnes_absentes_valeurs_par_defaut_et_champ_suggere() -> None:
    collage = lire_collage("350012001\tSSIAD du Pays\t354\r\n350012019\tSans catégorie\r\n")
    ssiad, autre = collage.valides
    assert ssiad.champ is Champ.DOMICILE  # proposé par la catégorie 354
    assert ssiad.part_activite_eligible == 1 and ssiad.devis_editeur is None
    assert ssiad.projet is TypeProjet.ACQUISITION and not ssiad.equipement
    assert autre.categorie is None and autre.champ is Champ.PA


def test_entete_reconnue_et_colonnes_dans_le_desordre() -> None:
    collage = lire_collage(
        "Nom de l'établissement\tN° FINESS\tDépartement\tPart éligible\tÉquipement\n"
        "EHPAD Les Ajoncs\t350012001\t35\t80 %\tx\n"
    )
    assert collage.entete
    assert collage.colonnes_ignorees == ("Département",)
    (e,) = collage.valides
    assert (e.finess, e.nom, e.part_activite_eligible, e.equipement) == (
        "350012001",
        "EHPAD Les Ajoncs",
        Decimal("0.8"),
        True,
    )
    assert collage.lignes[0].numero == 2  # numéros du texte collé, en-tête compris


def test_une_premiere_ligne_de_donnees_n_est_pas_un_entete() -> None:
    # « Résidence Les Champs » contient un mot de titre, mais la ligne commence par un FINESS
    collage = lire_collage("350012001\tRésidence Les Champs\n")
    assert not collage.entete and len(collage.valides) == 1


def test_erreurs_champ_par_champ_et_rien_de_construit() -> None:
    collage = lire_collage("350012002\tX\t500\tPX\tAcquisition\t150 %\t-5\tpeut-être\n")
    (ligne,) = collage.lignes
    assert ligne.etablissement is None and not ligne.valide
    assert ligne.finess == "350012002"  # tel que collé, pour que l'utilisateur s'y retrouve
    assert ligne.erreurs == (
        "FINESS : la clé ne correspond pas : un chiffre est probablement mal recopié",
        "Champ : « PX » inconnu (attendu : PA, PH, domicile, PDE, AHI, PJM, autre ou leur libellé)",
        "Part d'activité éligible : 150 % dépasse 100 %",
        "Devis éditeur : un devis ne peut pas être négatif",
        "Équipement : « peut-être » : « oui » ou « non » attendu",
    )


def test_doublons_avec_le_dossier_et_dans_le_collage() -> None:
    collage = lire_collage(
        "350012001\tDéjà là\n350012019\tPremière\n350012019\tSeconde\n\t\t\n\tsans FINESS\n",
        finess_du_dossier=["350012001", ""],
    )
    assert [(ligne.numero, ligne.erreurs) for ligne in collage.lignes] == [
        (1, ("FINESS : 350012001 figure déjà dans le dossier",)),
        (2, ()),
        (3, ("FINESS : 350012019 figure déjà plus haut dans le collage (ligne 2)",)),
        (5, ("FINESS : à indiquer (le programme exige le FINESS géographique)",)),
    ]  # la ligne 4, vide, est sautée
    assert collage.nombre_erreurs == 3


def test_cellules_entre_guillemets_et_point_virgule() -> None:
    # Un tableur met entre guillemets une cellule qui contient un retour à la ligne.
    avec_tabulations = lire_collage('350012001\t"EHPAD\nLes Ajoncs"\t500\n')
    assert avec_tabulations.valides[0].nom == "EHPAD\nLes Ajoncs"
    csv_francais = lire_collage("350012001;EHPAD Les Ajoncs;500;PA;Acquisition;62,5 %\n")
    assert csv_francais.valides[0].part_activite_eligible == Decimal("0.625")


def test_texte_vide() -> None:
    collage = lire_collage("")
    assert collage.lignes == () and collage.valides == [] and not collage.entete
