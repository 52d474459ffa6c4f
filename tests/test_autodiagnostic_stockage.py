"""Les réponses d'autodiagnostic dans la base : chacune enregistrée seule, relue telle quelle,
gardée quand le dossier est enregistré, partie avec son organisme ; la position de chaque OG."""

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from app_bureau.operations.depot import ouvrir_depot
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles import autodiagnostic
from app_bureau.stockage import depot as module_depot
from app_bureau.stockage.depot import DepotDossiers, OrganismeIntrouvable
from app_bureau.stockage.schema import migrations_connues

GRAPPE = Path(str(ressource("exemples", "grappe-9-ehpad-bretagne.json")))
FIXTURE_SCHEMA_1 = Path(__file__).parent / "donnees" / "base-schema-1.sqlite"
NC = autodiagnostic.NON_CONCERNE


@pytest.fixture
def depot(tmp_path: Path):  # type: ignore[no-untyped-def]
    depot = ouvrir_depot(tmp_path / "b.sqlite")
    yield depot
    depot.db.close()


def test_les_deux_couches_parlent_de_la_meme_reponse() -> None:
    assert module_depot.NON_CONCERNE == autodiagnostic.NON_CONCERNE


def test_aller_retour_des_reponses(depot: DepotDossiers, tmp_path: Path) -> None:
    ident = depot.importer(GRAPPE)
    revision = depot.revision(ident)
    depot.repondre(ident, "ajoncs", "man-referent", 2)
    depot.repondre(ident, "ajoncs", "fon-medicament", NC)
    depot.repondre(ident, "ajoncs", "inf-wifi", 0)
    depot.repondre(ident, "keravel", "man-referent", 4)
    depot.repondre(ident, "ajoncs", "man-referent", 3)  # on change d'avis
    depot.repondre(ident, "ajoncs", "inf-wifi", None)  # on efface
    attendu = {
        "ajoncs": {"man-referent": 3, "fon-medicament": NC},
        "keravel": {"man-referent": 4},
    }
    assert depot.reponses(ident) == attendu
    assert depot.nombre_de_reponses(ident) == {"ajoncs": 2, "keravel": 1}
    # Une réponse ne change pas la révision : pas de conflit avec l'enregistrement du dossier.
    assert depot.revision(ident) == revision
    # Relue par une autre connexion : chaque réponse est validée aussitôt.
    autre = ouvrir_depot(tmp_path / "b.sqlite")
    assert autre.reponses(ident) == attendu
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
    depot.repondre(ident, "ajoncs", "man-referent", 1)
    assert depot.lister()[0].modifie_le > avant


def test_les_reponses_survivent_a_l_enregistrement_et_partent_avec_l_organisme(
    depot: DepotDossiers,
) -> None:
    ident = depot.importer(GRAPPE)
    depot.repondre(ident, "ajoncs", "man-referent", 2)
    depot.repondre(ident, "keravel", "man-referent", 1)
    depot.noter_position(ident, "keravel", "man-budget")
    enregistre = depot.charger(ident)
    enregistre.dossier.nom = "Autre nom"
    enregistre.dossier.organismes[0].dispose_rsi = True
    revision = depot.enregistrer(ident, enregistre.dossier, enregistre.revision)
    assert depot.reponses(ident) == {"ajoncs": {"man-referent": 2}, "keravel": {"man-referent": 1}}
    # Ker Avel quitte la grappe : ses réponses et sa position partent avec lui.
    dossier = depot.charger(ident).dossier
    dossier.organismes = dossier.organismes[:1]
    dossier.etablissements = [e for e in dossier.etablissements if e.organisme == "ajoncs"]
    depot.enregistrer(ident, dossier, revision)
    assert depot.reponses(ident) == {"ajoncs": {"man-referent": 2}}
    assert depot.positions(ident) == {}


def test_reponses_refusees_sans_rien_ecrire(depot: DepotDossiers) -> None:
    ident = depot.importer(GRAPPE)
    for invalide in (7, -1, True, "beaucoup"):
        with pytest.raises(ValueError, match="réponse invalide"):
            depot.repondre(ident, "ajoncs", "man-referent", invalide)  # type: ignore[arg-type]
    with pytest.raises(OrganismeIntrouvable, match="« inconnu »"):
        depot.repondre(ident, "inconnu", "man-referent", 1)
    with pytest.raises(OrganismeIntrouvable):
        depot.noter_position(ident, "inconnu", "man-referent")
    # La connexion reste utilisable : aucune transaction n'est restée ouverte.
    assert not depot.db.conn.in_transaction
    depot.repondre(ident, "ajoncs", "man-referent", 1)
    assert depot.reponses(ident) == {"ajoncs": {"man-referent": 1}}
    # La base elle-même refuse un niveau hors de 0 à 4.
    with pytest.raises(sqlite3.IntegrityError):
        depot.db.execute(
            "UPDATE reponses_autodiagnostic SET niveau = 9 WHERE dossier_id = ?", [ident]
        )


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
    depot.repondre(ident, "ajoncs", "man-referent", 2)
    depot.repondre(ident, "keravel", "fon-medicament", NC)
    copie = depot.dupliquer(ident)
    assert depot.reponses(copie) == depot.reponses(ident)
    depot.repondre(copie, "ajoncs", "man-referent", 4)
    assert depot.reponses(ident)["ajoncs"]["man-referent"] == 2


def test_la_corbeille_videe_emporte_les_reponses(depot: DepotDossiers) -> None:
    ident = depot.importer(GRAPPE)
    depot.repondre(ident, "ajoncs", "man-referent", 2)
    depot.noter_position(ident, "ajoncs", "man-referent")
    depot.mettre_a_la_corbeille(ident)
    depot.vider_la_corbeille()
    for table in ("reponses_autodiagnostic", "positions_autodiagnostic"):
        assert depot.db.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def test_une_base_du_premier_schema_recoit_les_positions(tmp_path: Path) -> None:
    chemin = tmp_path / "ancienne.sqlite"
    shutil.copy(FIXTURE_SCHEMA_1, chemin)
    depot = ouvrir_depot(chemin)
    assert "positions_autodiagnostic" in depot.db.table_names()
    assert migrations_connues()[:2] == ["m001_schema_initial", "m002_positions_autodiagnostic"]
    [resume] = depot.lister()
    organisme = depot.charger(resume.id).dossier.organismes[0].id
    depot.repondre(resume.id, organisme, "man-referent", 3)
    depot.noter_position(resume.id, organisme, "man-referent")
    assert depot.reponses(resume.id) == {organisme: {"man-referent": 3}}
    assert depot.positions(resume.id) == {organisme: "man-referent"}
    depot.db.close()
