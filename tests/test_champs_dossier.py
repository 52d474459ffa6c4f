"""Les définitions des champs : chacune complète, une par attribut du modèle, et tout ce qui en
découle — fichier dossier, base, collage, classeur — suit un champ ajouté (les places)."""

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app_bureau import champs_dossier
from app_bureau.champs_dossier import Nature, definition, definitions_de
from app_bureau.exports.classeur import ecrire_classeur
from app_bureau.fichier.dossier import decoder, lire_dossier, texte_dossier, vers_donnees
from app_bureau.modele import (
    Contact,
    Etablissement,
    FinancementsSpecifiques,
    OrganismeGestionnaire,
    Porteur,
    Solution,
)
from app_bureau.regles.evaluation import evaluer
from app_bureau.saisie.collage import attribut_entete, lire_collage
from app_bureau.saisie.valeurs import ErreurSaisie
from app_bureau.stockage.depot import DepotDossiers
from tests.conftest import exemple
from tests.fabrique import dossier, etab, finess

GRAPPE = exemple()

OBJETS = {
    "porteur": Porteur,
    "porteur.contact": Contact,
    "organismes[]": OrganismeGestionnaire,
    "solution": Solution,
    "financements_specifiques": FinancementsSpecifiques,
    "etablissements[]": Etablissement,
}


@pytest.mark.parametrize(("objet", "classe"), OBJETS.items())
def test_chaque_champ_saisi_a_sa_definition(objet: str, classe: type) -> None:
    attributs = {
        f.name
        for f in dataclasses.fields(classe)
        if f.name not in ("autres", "id") and not dataclasses.is_dataclass(f.type)
    } - {"contact"}
    assert {d.attribut for d in definitions_de(objet)} == attributs


def test_definitions_completes_et_uniques() -> None:
    chemins = [d.chemin for d in champs_dossier.TOUS]
    assert len(chemins) == len(set(chemins))
    for d in champs_dossier.TOUS:
        assert d.libelle and d.libelle_long and len(d.aide) > 10, d.chemin
        assert d.nature is not Nature.CHOIX or d.choix, d.chemin


def test_chemin_concret_et_valeurs() -> None:
    d = dossier([etab(1), etab(2)])
    assert definition("etablissements[1].devis_editeur") is definition(
        "etablissements[].devis_editeur"
    )
    assert definition("inconnu.champ") is None
    champs_dossier.changer(d, "etablissements[1].nom", "Les Lilas")
    assert champs_dossier.valeur(d, "etablissements[1].nom") == "Les Lilas"
    champs_dossier.changer(d, "porteur.contact.telephone", "02 99 00 00 00")
    assert d.porteur.contact.telephone == "02 99 00 00 00"
    with pytest.raises(KeyError):
        champs_dossier.changer(d, "porteur.pas_un_champ", 1)


@pytest.mark.parametrize(
    ("chemin", "texte", "attendu"),
    [
        ("porteur.siret", " 732 829 320 00074 ", "73282932000074"),
        ("porteur.finess_juridique", "", None),
        ("etablissements[].part_activite_eligible", "62,5", Decimal("0.625")),
        ("etablissements[].devis_editeur", "13 200,50 €", Decimal("13200.50")),
        ("organismes[].nombre_essms_geres", "12", 12),
        ("etablissements[].places", "", 0),
        ("porteur.statut", "public", "public"),
        ("organismes[].dispose_rsi", "oui", True),
    ],
)
def test_lire_une_saisie(chemin: str, texte: str, attendu: object) -> None:
    d = definition(chemin)
    assert d is not None
    assert d.lire(texte) == attendu


@pytest.mark.parametrize(
    ("chemin", "texte", "message"),
    [
        (
            "porteur.siret",
            "31234567400014",
            "la clé ne correspond pas : un chiffre est probablement mal recopié",
        ),
        ("organismes[].nombre_essms_geres", "0", "au moins 1"),
        ("organismes[].departement", "99", "n'est pas un code INSEE"),
        ("etablissements[].places", "-3", "négatif"),
        ("porteur.type", "association", "inconnu"),
    ],
)
def test_saisie_refusee_avec_un_message_francais(chemin: str, texte: str, message: str) -> None:
    d = definition(chemin)
    assert d is not None
    with pytest.raises(ErreurSaisie, match=message):
        d.lire(texte)


def test_afficher_et_proposer_a_modifier() -> None:
    part = definition("etablissements[].part_activite_eligible")
    devis = definition("etablissements[].devis_editeur")
    assert part is not None and devis is not None
    assert part.afficher(Decimal("0.625")) == "62,5\xa0%"
    assert part.a_modifier(Decimal("0.625")) == "62,5"
    assert part.lire(part.a_modifier(Decimal("0.333333"))) == Decimal("0.333333")
    assert devis.afficher(Decimal("13200.5")) == "13\u202f200,50\xa0€"
    assert devis.a_modifier(Decimal("13200.5")) == "13200,50"
    assert devis.a_modifier(None) == ""


# --- Un champ ajouté par le modèle, sa définition et une migration : les places -------------


def test_les_places_voyagent_par_le_fichier_dossier() -> None:
    donnees = decoder(GRAPPE.read_text(encoding="utf-8"))
    assert "places" not in donnees["etablissements"][0]  # un fichier d'avant le champ
    lu = lire_dossier(donnees)
    assert lu.etablissements[0].places == 0
    assert decoder(texte_dossier(lu)) == donnees  # relu et réécrit à l'identique
    lu.etablissements[0].places = 84
    relu = lire_dossier(vers_donnees(lu))
    assert relu.etablissements[0].places == 84
    donnees["etablissements"][0]["places"] = -1
    with pytest.raises(ValueError, match=r"etablissements\[0\]\.places : doit être au moins 0"):
        lire_dossier(donnees)


def test_les_places_sont_gardees_par_la_base(depot: DepotDossiers) -> None:
    ident = depot.importer(GRAPPE)
    enregistre = depot.charger(ident)
    enregistre.dossier.etablissements[2].places = 40
    depot.enregistrer(ident, enregistre.dossier, enregistre.revision)
    assert [e.places for e in depot.charger(ident).dossier.etablissements][:3] == [0, 0, 40]


def test_les_places_sont_lues_au_collage_par_leur_titre() -> None:
    assert attribut_entete("Capacité autorisée") == "places"
    assert attribut_entete("Nombre de places") == "places"
    ajoncs = OrganismeGestionnaire("ajoncs", "Association Les Ajoncs", finess("35", 900))
    texte = (
        "FINESS\tNom\tOrganisme gestionnaire\tPlaces\n"
        f"{finess('35', 1)}\tEHPAD A\tAssociation les ajoncs\t84\n"
        f"{finess('35', 2)}\tEHPAD B\t{finess('35', 900)}\tbeaucoup\n"
        f"{finess('35', 3)}\tEHPAD C\tInconnue\t12\n"
    )
    collage = lire_collage(texte, "", (), [ajoncs])
    assert collage.colonnes_ignorees == ()
    premiere, deuxieme, troisieme = collage.lignes
    assert premiere.etablissement is not None
    assert (premiere.etablissement.places, premiere.etablissement.organisme) == (84, "ajoncs")
    assert deuxieme.erreurs == ("Places : « beaucoup » n'est pas un nombre",)
    assert troisieme.erreurs[0].startswith(
        "Organisme gestionnaire : « Inconnue » ne correspond à aucun organisme gestionnaire"
    )


def test_les_places_sont_une_colonne_du_classeur(tmp_path: Path) -> None:
    d = dossier([etab(1, places=84)])
    chemin = tmp_path / "pai.xlsx"
    ecrire_classeur(d, evaluer(d), chemin)
    feuille = load_workbook(chemin)["Établissements"]
    entetes = [c.value for c in feuille[1]]
    assert "Capacité autorisée (places)" in entetes
    assert feuille.cell(row=2, column=entetes.index("Capacité autorisée (places)") + 1).value == 84
