"""Les réponses d'autodiagnostic font partie du dossier : enregistrées avec lui, relues telles
quelles, gardées dans les versions et le fichier dossier, parties avec leur organisme ; la
position de chaque OG (état de l'écran) reste à part."""

import json
import shutil
import sqlite3
import time
from decimal import Decimal
from pathlib import Path

import pytest

from app_bureau.fichier.dossier import DossierInvalide, decoder, lire_dossier, texte_dossier
from app_bureau.modele import NON_CONCERNE as NC
from app_bureau.modele import OrganismeGestionnaire
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.stockage.depot import DepotDossiers, OrganismeIntrouvable
from app_bureau.stockage.schema import migrations_connues
from tests.conftest import exemple

GRAPPE = exemple()
FIXTURE_SCHEMA_1 = Path(__file__).parent / "donnees" / "base-schema-1.sqlite"


def repondre(depot: DepotDossiers, ident: int, *reponses: tuple[str, str, object]) -> None:
    """Comme l'écran : les réponses changent le dossier, qui est enregistré."""
    enregistre = depot.charger(ident)
    for organisme, question, reponse in reponses:
        enregistre.dossier.repondre(organisme, question, reponse)  # type: ignore[arg-type]
    depot.enregistrer(ident, enregistre.dossier, enregistre.revision)


def test_aller_retour_des_reponses(depot: DepotDossiers, base: Path) -> None:
    ident = depot.importer(GRAPPE)
    revision = depot.revision(ident)
    repondre(
        depot,
        ident,
        ("ajoncs", "man-referent", 2),
        ("ajoncs", "fon-medicament", NC),
        ("ajoncs", "inf-wifi", 0),
        ("keravel", "man-referent", 4),
        ("ajoncs", "man-referent", 3),  # on change d'avis
        ("ajoncs", "inf-wifi", None),  # on efface
    )
    attendu = {
        "ajoncs": {"man-referent": 3, "fon-medicament": NC},
        "keravel": {"man-referent": 4},
    }
    assert depot.charger(ident).dossier.autodiagnostic == attendu
    # Une réponse est une modification du dossier : un second écrivain en serait prévenu.
    assert depot.revision(ident) == revision + 1
    autre = ouvrir_depot(base)
    assert autre.charger(ident).dossier.autodiagnostic == attendu
    autre.db.close()
    # « Non concerné » est stocké sans niveau.
    assert depot.db.execute(
        "SELECT niveau, non_concerne FROM reponses_autodiagnostic WHERE question = ?",
        ["fon-medicament"],
    ).fetchone() == (None, 1)


def test_une_reponse_marque_le_dossier_modifie(depot: DepotDossiers) -> None:
    ident = depot.importer(GRAPPE)
    avant = depot.lister()[0].modifie_le
    time.sleep(0.001)
    repondre(depot, ident, ("ajoncs", "man-referent", 1))
    assert depot.lister()[0].modifie_le > avant


def test_les_reponses_partent_avec_l_organisme_et_la_position_reste(
    depot: DepotDossiers,
) -> None:
    ident = depot.importer(GRAPPE)
    repondre(depot, ident, ("ajoncs", "man-referent", 2), ("keravel", "man-referent", 1))
    depot.noter_position(ident, "ajoncs", "man-budget")
    depot.noter_position(ident, "keravel", "man-budget")
    enregistre = depot.charger(ident)
    enregistre.dossier.nom = "Autre nom"
    revision = depot.enregistrer(ident, enregistre.dossier, enregistre.revision)
    assert depot.positions(ident) == {"keravel": "man-budget", "ajoncs": "man-budget"}
    # Ker Avel quitte la grappe : ses réponses et sa position partent avec lui.
    dossier = depot.charger(ident).dossier
    dossier.etablissements = [e for e in dossier.etablissements if e.organisme == "ajoncs"]
    dossier.retirer_organisme(1)
    depot.enregistrer(ident, dossier, revision)
    assert depot.charger(ident).dossier.autodiagnostic == {"ajoncs": {"man-referent": 2}}
    assert depot.positions(ident) == {"ajoncs": "man-budget"}


def test_la_base_refuse_un_niveau_hors_de_0_a_4(depot: DepotDossiers) -> None:
    ident = depot.importer(GRAPPE)
    enregistre = depot.charger(ident)
    enregistre.dossier.repondre("ajoncs", "man-referent", 9)
    with pytest.raises(sqlite3.IntegrityError):  # total donné : les règles n'en disent rien
        depot.enregistrer(ident, enregistre.dossier, enregistre.revision, Decimal(0))
    assert not depot.db.conn.in_transaction
    assert depot.charger(ident).dossier.autodiagnostic == {}
    with pytest.raises(OrganismeIntrouvable):
        depot.noter_position(ident, "inconnu", "man-referent")


def test_positions_du_plus_recent_au_plus_ancien(depot: DepotDossiers) -> None:
    ident = depot.importer(GRAPPE)
    assert depot.positions(ident) == {}
    depot.noter_position(ident, "ajoncs", "man-referent")
    time.sleep(0.001)
    depot.noter_position(ident, "keravel", "fon-dui")
    time.sleep(0.001)
    depot.noter_position(ident, "ajoncs", "inf-postes")
    assert list(depot.positions(ident).items()) == [
        ("ajoncs", "inf-postes"),
        ("keravel", "fon-dui"),
    ]


def test_une_copie_du_dossier_garde_les_reponses(depot: DepotDossiers) -> None:
    ident = depot.importer(GRAPPE)
    repondre(depot, ident, ("ajoncs", "man-referent", 2), ("keravel", "fon-medicament", NC))
    copie = depot.dupliquer(ident)
    assert depot.charger(copie).dossier.autodiagnostic == {
        "ajoncs": {"man-referent": 2},
        "keravel": {"fon-medicament": NC},
    }
    repondre(depot, copie, ("ajoncs", "man-referent", 4))
    assert depot.charger(ident).dossier.autodiagnostic["ajoncs"]["man-referent"] == 2


def test_la_corbeille_videe_emporte_les_reponses(depot: DepotDossiers) -> None:
    ident = depot.importer(GRAPPE)
    repondre(depot, ident, ("ajoncs", "man-referent", 2))
    depot.noter_position(ident, "ajoncs", "man-referent")
    depot.mettre_a_la_corbeille(ident)
    depot.vider_la_corbeille()
    for table in ("reponses_autodiagnostic", "positions_autodiagnostic"):
        assert depot.db.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def test_restaurer_une_version_ne_perd_aucune_reponse(depot: DepotDossiers) -> None:
    """Le scénario relevé par la revue de code (issue 11) : version, nouvel OG, deux réponses,
    restauration de la version, puis de « État avant restauration » → l'OG revient, avec ses
    réponses."""
    ident = depot.importer(GRAPPE)
    version = depot.creer_version(ident, "Avant le nouvel OG")
    enregistre = depot.charger(ident)
    enregistre.dossier.organismes.append(OrganismeGestionnaire(id="rive", raison_sociale="Rive"))
    enregistre.dossier.repondre("rive", "man-referent", 3)
    enregistre.dossier.repondre("rive", "fon-medicament", NC)
    depot.enregistrer(ident, enregistre.dossier, enregistre.revision)

    depot.restaurer_version(version)
    assert depot.charger(ident).dossier.organisme("rive") is None
    [avant_restauration] = [v for v in depot.versions(ident) if v.automatique]
    depot.restaurer_version(avant_restauration.id)

    dossier = depot.charger(ident).dossier
    assert dossier.organisme("rive") is not None
    assert dossier.autodiagnostic == {"rive": {"man-referent": 3, "fon-medicament": NC}}


def test_le_fichier_dossier_porte_les_reponses(depot: DepotDossiers, tmp_path: Path) -> None:
    """importer → exporter → importer : les mêmes réponses."""
    ident = depot.importer(GRAPPE)
    repondre(depot, ident, ("ajoncs", "man-referent", 2), ("keravel", "fon-medicament", NC))
    fichier = tmp_path / "client.json"
    fichier.write_text(depot.exporter(ident), encoding="utf-8")
    assert json.loads(fichier.read_text(encoding="utf-8"))["autodiagnostic"] == {
        "ajoncs": {"man-referent": 2},
        "keravel": {"fon-medicament": NC},
    }
    copie = depot.importer(fichier)
    assert (
        depot.charger(copie).dossier.autodiagnostic == depot.charger(ident).dossier.autodiagnostic
    )
    # Sans réponse, le fichier n'a pas de clé « autodiagnostic » (il reste celui d'avant).
    assert "autodiagnostic" not in json.loads(
        texte_dossier(lire_dossier(decoder(GRAPPE.read_text())))
    )


@pytest.mark.parametrize(
    ("reponses", "chemin", "message"),
    [
        ({"inconnu": {"man-referent": 1}}, "autodiagnostic.inconnu", "aucun organisme"),
        ({"ajoncs": {"pas-une-question": 1}}, "autodiagnostic.ajoncs.pas-une-question", "inconnue"),
        ({"ajoncs": {"man-referent": 5}}, "autodiagnostic.ajoncs.man-referent", "niveau 0 à 4"),
        ({"ajoncs": {"man-referent": True}}, "autodiagnostic.ajoncs.man-referent", "niveau 0 à 4"),
        ({"ajoncs": {"man-referent": "oui"}}, "autodiagnostic.ajoncs.man-referent", "niveau 0 à 4"),
        ({"ajoncs": []}, "autodiagnostic.ajoncs", "objet JSON"),
    ],
)
def test_un_fichier_aux_reponses_invalides_est_refuse(
    reponses: object, chemin: str, message: str
) -> None:
    donnees = decoder(GRAPPE.read_text(encoding="utf-8"))
    donnees["autodiagnostic"] = reponses
    with pytest.raises(DossierInvalide) as erreur:
        lire_dossier(donnees)
    assert [(e.chemin, message in e.message) for e in erreur.value.erreurs] == [(chemin, True)]


def test_une_base_du_premier_schema_recoit_les_positions(tmp_path: Path) -> None:
    chemin = tmp_path / "ancienne.sqlite"
    shutil.copy(FIXTURE_SCHEMA_1, chemin)
    depot = ouvrir_depot(chemin)
    assert "positions_autodiagnostic" in depot.db.table_names()
    assert migrations_connues()[:2] == ["m001_schema_initial", "m002_positions_autodiagnostic"]
    [resume] = depot.lister()
    organisme = depot.charger(resume.id).dossier.organismes[0].id
    repondre(depot, resume.id, (organisme, "man-referent", 3))
    depot.noter_position(resume.id, organisme, "man-referent")
    assert depot.charger(resume.id).dossier.autodiagnostic == {organisme: {"man-referent": 3}}
    assert depot.positions(resume.id) == {organisme: "man-referent"}
    depot.db.close()
