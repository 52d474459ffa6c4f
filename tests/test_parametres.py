"""Les paramètres sont des données datées : chaque valeur a sa référence et sa date."""

import datetime
from decimal import Decimal as D

import pytest

from app_bureau.regles.parametres import campagnes, definitions, parametres


def test_deux_campagnes_d_appel_et_deux_de_suivi() -> None:
    # Phase de généralisation « s'étendant de 2022 à 2025 » ; appels détenus : 2022 et 2023.
    assert set(campagnes()) == {"2022", "2023", "2024", "2025"}
    assert {c.code for c in campagnes().values() if c.appel} == {"2022", "2023"}


@pytest.mark.parametrize("nom", sorted(definitions()))
def test_chaque_valeur_a_sa_reference_et_sa_date(nom: str) -> None:
    definition = definitions()[nom]
    assert definition["description"] and definition["unite"]
    for campagne, valeur in definition["valeurs"].items():
        assert str(campagne) in campagnes(), f"{nom} : campagne {campagne} inconnue"
        assert valeur.get("reference", "").strip(), f"{nom} ({campagne}) : pas de référence"
        assert isinstance(valeur.get("verifie_le"), datetime.date), f"{nom} ({campagne})"
        assert "valeur" in valeur


# Annexe 2 E et II.D de l'instruction 2022/34, mêmes montants en 2023.
MONTANTS = [
    ("financement.forfait_moa.acquisition.rangs_1_a_49", D(7000)),
    ("financement.forfait_moa.acquisition.a_partir_du_rang_50", D(2000)),
    ("financement.forfait_moa.mise_en_conformite.rangs_1_a_49", D(5000)),
    ("financement.forfait_moa.mise_en_conformite.a_partir_du_rang_50", D(2000)),
    ("financement.plafond_editeur.acquisition.referencee_segur.rangs_1_a_49", D(14500)),
    ("financement.plafond_editeur.acquisition.non_referencee_segur.rangs_1_a_49", D(12000)),
    ("financement.plafond_editeur.acquisition.referencee_segur.a_partir_du_rang_50", D(3000)),
    ("financement.plafond_editeur.acquisition.non_referencee_segur.a_partir_du_rang_50", D(1000)),
    ("financement.plafond_editeur.mise_en_conformite", D(0)),
    ("financement.rang_premier_montant_reduit", D(50)),
    ("financement.financements_specifiques.equipement_par_essms", D(20000)),
    ("financement.financements_specifiques.amoa_marche_par_projet", D(15000)),
    ("financement.financements_specifiques.amoa_projet_par_projet", D(100000)),
    ("seuils.petite_taille.metropole", D(15)),
    ("seuils.petite_taille.corse_outre_mer", D(8)),
    ("seuils.taille_projet.metropole", D(15)),
    ("seuils.taille_projet.corse_outre_mer", D(8)),
    ("seuils.orientation_nationale", D(50)),
    ("versements.avance", D("0.5")),
    ("versements.solde", D("0.5")),
    ("versements.duree_maximale.mise_en_conformite", D(9)),
    ("versements.duree_maximale.acquisition", D(18)),
    ("cibles.ms_sante", D("0.70")),
    ("cibles.dmp", D("0.70")),
    ("cibles.dossiers_actifs", D("0.90")),
]


@pytest.mark.parametrize("campagne", ["2022", "2023"])
@pytest.mark.parametrize(("nom", "valeur"), MONTANTS)
def test_valeurs_des_textes(campagne: str, nom: str, valeur: D) -> None:
    assert parametres(campagne)[nom].valeur == valeur


def test_la_faq_change_l_obligation_segur_en_2023() -> None:
    assert parametres("2022")["conditions.segur_obligatoire_acquisition"].valeur is False
    assert parametres("2023")["conditions.segur_obligatoire_acquisition"].valeur is True
    assert parametres("2023")["conditions.segur_obligatoire_acquisition"].reference.startswith(
        "FAQ"
    )


def test_enveloppes_regionales_de_l_annexe_1() -> None:
    enveloppes = parametres("2022")["enveloppes.enveloppe_regionale"].valeur
    assert len(enveloppes) == 18
    assert sum(enveloppes.values()) == D(44_500_000)
    assert enveloppes["53"] == D(2_406_713)
    assert parametres("2023").get("enveloppes.enveloppe_regionale") is None


def test_dates_2023_de_la_faq() -> None:
    jeu = parametres("2023")
    assert jeu["calendrier.depot_regional_jusqu_au"].valeur == datetime.date(2023, 9, 15)
    assert jeu["calendrier.depot_multiregional_jusqu_au"].valeur == datetime.date(2023, 6, 15)
