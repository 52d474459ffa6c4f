"""Trois champs ajoutés (migration m006) : chaque OG soumis ou non au code de la commande
publique et le DUI commun de son entité nationale, la solution en cours de référencement
Ségur. Clés facultatives du fichier dossier, colonnes de la base, définitions des champs."""

from app_bureau.champs_dossier import definition
from app_bureau.fichier.dossier import decoder, lire_dossier, texte_dossier, vers_donnees
from app_bureau.stockage.depot import DepotDossiers
from app_bureau.stockage.schema import migrations_connues
from tests.conftest import exemple

GRAPPE = exemple()


def test_un_fichier_d_avant_les_champs_se_lit_et_se_reecrit_a_l_identique() -> None:
    donnees = decoder(GRAPPE.read_text(encoding="utf-8"))
    assert "soumis_commande_publique" not in donnees["organismes"][0]
    assert "referencement_segur_en_cours" not in donnees["solution"]
    lu = lire_dossier(donnees)
    assert not lu.organismes[0].soumis_commande_publique
    assert not lu.organismes[0].entite_nationale_dui_commun
    assert not lu.solution.referencement_segur_en_cours
    assert decoder(texte_dossier(lu)) == donnees


def test_les_champs_voyagent_par_le_fichier_et_la_base(depot: DepotDossiers) -> None:
    lu = lire_dossier(decoder(GRAPPE.read_text(encoding="utf-8")))
    lu.organismes[0].soumis_commande_publique = True
    lu.organismes[0].entite_nationale_dui_commun = True
    lu.solution.referencement_segur_en_cours = True
    relu = lire_dossier(vers_donnees(lu))
    assert relu.organismes[0].soumis_commande_publique
    assert relu.organismes[0].entite_nationale_dui_commun
    assert relu.solution.referencement_segur_en_cours

    ident = depot.importer(GRAPPE)
    enregistre = depot.charger(ident)
    enregistre.dossier.organismes[0].soumis_commande_publique = True
    enregistre.dossier.organismes[0].entite_nationale_dui_commun = True
    enregistre.dossier.solution.referencement_segur_en_cours = True
    depot.enregistrer(ident, enregistre.dossier, enregistre.revision)
    charge = depot.charger(ident).dossier
    assert charge.organismes[0].soumis_commande_publique
    assert charge.organismes[0].entite_nationale_dui_commun
    assert charge.solution.referencement_segur_en_cours
    assert "m006_commande_publique_entite_nationale_segur_en_cours" in migrations_connues()


def test_chaque_champ_a_sa_definition_en_francais() -> None:
    assert definition("organismes[].soumis_commande_publique").libelle == "Commande publique"
    assert definition("organismes[].entite_nationale_dui_commun").libelle == (
        "DUI commun de l'entité"
    )
    assert definition("solution.referencement_segur_en_cours").libelle == (
        "Référencement Ségur en cours"
    )
