"""La base SQLite : un vrai fichier, de vrais processus, de vraies pannes."""

import hashlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlite_utils.migrations import Migrations

from app_bureau.fichier.dossier import DossierInvalide, decoder, vers_donnees
from app_bureau.modele import Dossier
from app_bureau.operations.depot import ouvrir_depot
from app_bureau.referentiel.ressources import ressource
from app_bureau.stockage import base as module_base
from app_bureau.stockage import schema
from app_bureau.stockage.base import BaseEndommagee, BaseTropRecente, ouvrir_base
from app_bureau.stockage.depot import DepotDossiers, DossierModifieAilleurs
from app_bureau.stockage.sauvegarde import restaurer, sauvegarder
from tests.fabrique import dossiers

EXEMPLES = sorted(Path(str(f)) for f in ressource("exemples").iterdir() if f.name.endswith(".json"))
FIXTURE_SCHEMA_1 = Path(__file__).parent / "donnees" / "base-schema-1.sqlite"


@pytest.fixture
def chemin(tmp_path: Path) -> Path:
    return tmp_path / "dossiers.sqlite"


@pytest.fixture
def depot(chemin: Path):  # type: ignore[no-untyped-def]
    depot = ouvrir_depot(chemin)
    yield depot
    depot.db.close()


def empreinte(fichier: Path) -> str:
    return hashlib.sha256(fichier.read_bytes()).hexdigest()


# --- Aller-retour sans perte ------------------------------------------------------------


@pytest.mark.parametrize("fichier", EXEMPLES, ids=lambda f: f.stem)
def test_import_puis_export_rend_le_meme_json(depot: DepotDossiers, fichier: Path) -> None:
    identifiant = depot.importer(fichier)
    assert decoder(depot.exporter(identifiant)) == decoder(fichier.read_text(encoding="utf-8"))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(dossier=dossiers())
@pytest.mark.lent
def test_aller_retour_de_dossiers_engendres(depot: DepotDossiers, dossier: Dossier) -> None:
    dossier.autres = {"extension_future": {"cle": [1, "deux"]}}
    identifiant = depot.creer(dossier)
    assert vers_donnees(depot.charger(identifiant).dossier) == vers_donnees(dossier)


def test_un_fichier_invalide_n_ecrit_rien(depot: DepotDossiers, tmp_path: Path) -> None:
    fichier = tmp_path / "faux.json"
    texte = EXEMPLES[0].read_text(encoding="utf-8").replace('"finess": "3', '"finess": "X', 1)
    fichier.write_text(texte, encoding="utf-8")
    with pytest.raises(DossierInvalide) as erreur:
        depot.importer(fichier)
    assert erreur.value.erreurs
    assert depot.lister() == []


# --- La base elle-même --------------------------------------------------------------------


def test_reglages_de_la_connexion(depot: DepotDossiers) -> None:
    assert depot.db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert depot.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert depot.db.execute("PRAGMA synchronous").fetchone() == (2,)
    tables = {t.name: t.schema for t in depot.db.tables}
    for nom in ("dossiers", "porteurs", "organismes", "solutions", "etablissements"):
        assert tables[nom].rstrip().endswith("STRICT")
    assert "reponses_autodiagnostic" in tables and "versions" in tables


def test_les_tables_sont_strictes(depot: DepotDossiers) -> None:
    identifiant = depot.importer(EXEMPLES[0])
    with pytest.raises(sqlite3.IntegrityError):
        depot.db.execute("UPDATE dossiers SET revision = 'beaucoup' WHERE id = ?", [identifiant])


def test_les_reponses_d_autodiagnostic_survivent_a_l_enregistrement(depot: DepotDossiers) -> None:
    identifiant = depot.importer(EXEMPLES[0])
    og = depot.charger(identifiant).dossier.organismes[0].id
    with depot.db.conn:
        depot.db.execute(
            "INSERT INTO reponses_autodiagnostic VALUES (?, ?, 'q1', 3, 0)", [identifiant, og]
        )
    enregistre = depot.charger(identifiant)  # les réponses font partie du dossier lu
    enregistre.dossier.nom = "Nouveau nom"
    depot.enregistrer(identifiant, enregistre.dossier, enregistre.revision)
    assert depot.db.execute("SELECT count(*) FROM reponses_autodiagnostic").fetchone() == (1,)


# --- Plusieurs dossiers -------------------------------------------------------------------


def test_liste_recherche_doublon_renommage(depot: DepotDossiers) -> None:
    ids = [depot.importer(f) for f in EXEMPLES]
    resumes = depot.lister()
    assert {r.id for r in resumes} == set(ids)
    bretagne = next(r for r in resumes if r.porteur == "Association Les Ajoncs")
    assert (bretagne.nombre_essms, str(bretagne.total_estime)) == (9, "482000.00")
    assert [r.porteur for r in depot.lister("ajoncs")] == ["Association Les Ajoncs"]
    copie = depot.dupliquer(bretagne.id)
    assert depot.charger(copie).dossier.nom.endswith("(copie)")
    depot.renommer(copie, "Variante sans AMOA")
    assert depot.lister()[0].nom == "Variante sans AMOA"


def test_archives_et_corbeille(depot: DepotDossiers) -> None:
    a, b, c = (depot.importer(f) for f in EXEMPLES)
    depot.archiver(a)
    depot.mettre_a_la_corbeille(b)
    assert [r.id for r in depot.lister()] == [c]
    assert [r.id for r in depot.lister(archives=True)] == [a]
    assert [r.id for r in depot.lister(corbeille=True)] == [b]
    depot.sortir_de_la_corbeille(b)
    assert {r.id for r in depot.lister()} == {b, c}
    depot.mettre_a_la_corbeille(c)
    assert depot.vider_la_corbeille() == 1
    assert depot.lister(corbeille=True) == []
    assert depot.db.execute(
        "SELECT count(*) FROM etablissements WHERE dossier_id = ?", [c]
    ).fetchone() == (0,)


# --- Versions -----------------------------------------------------------------------------


def test_versions_et_restauration(depot: DepotDossiers) -> None:
    identifiant = depot.importer(EXEMPLES[0])
    version = depot.creer_version(identifiant, "Avant le conseil d'administration")
    enregistre = depot.charger(identifiant)
    enregistre.dossier.etablissements.pop()
    depot.enregistrer(identifiant, enregistre.dossier, enregistre.revision)
    avant = len(enregistre.dossier.etablissements)

    depot.restaurer_version(version)
    assert len(depot.charger(identifiant).dossier.etablissements) == avant + 1
    libelles = [v.libelle for v in depot.versions(identifiant)]
    assert libelles == ["État avant restauration", "Avant le conseil d'administration"]


# --- Deux écrivains ------------------------------------------------------------------------


def test_un_second_ecrivain_est_prevenu_et_peut_recharger(chemin: Path) -> None:
    premier, second = ouvrir_depot(chemin), ouvrir_depot(chemin)
    identifiant = premier.importer(EXEMPLES[0])
    vue_1, vue_2 = premier.charger(identifiant), second.charger(identifiant)
    vue_1.dossier.nom = "Modifié dans la fenêtre 1"
    premier.enregistrer(identifiant, vue_1.dossier, vue_1.revision)
    vue_2.dossier.nom = "Modifié dans la fenêtre 2"
    with pytest.raises(DossierModifieAilleurs):
        second.enregistrer(identifiant, vue_2.dossier, vue_2.revision)
    assert second.charger(identifiant).dossier.nom == "Modifié dans la fenêtre 1"
    recharge = second.charger(identifiant)
    recharge.dossier.nom = "Modifié dans la fenêtre 2"
    second.enregistrer(identifiant, recharge.dossier, recharge.revision)
    assert premier.charger(identifiant).dossier.nom == "Modifié dans la fenêtre 2"
    premier.db.close()
    second.db.close()


ECRIVAIN = """
import sys
from pathlib import Path
from app_bureau.operations.depot import ouvrir_depot
depot = ouvrir_depot(Path(sys.argv[1]))
identifiant = depot.importer(Path(sys.argv[2]))
print(identifiant, flush=True)
grand = depot.charger(identifiant).dossier
modele = grand.etablissements[0]
while True:
    enregistre = depot.charger(identifiant)
    enregistre.dossier.etablissements = grand.etablissements * 1
    enregistre.dossier.nom = "en cours " + str(enregistre.revision)
    depot.enregistrer(identifiant, enregistre.dossier, enregistre.revision)
"""


@pytest.mark.lent
def test_un_ecrivain_tue_en_pleine_ecriture_ne_perd_rien(chemin: Path) -> None:
    deja = ouvrir_depot(chemin)
    sauve = deja.importer(EXEMPLES[1])
    deja.db.close()
    processus = subprocess.Popen(
        [sys.executable, "-c", ECRIVAIN, str(chemin), str(EXEMPLES[2])],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert processus.stdout is not None
    identifiant = int(processus.stdout.readline())
    time.sleep(0.5)
    processus.send_signal(signal.SIGKILL)
    processus.wait()

    depot = ouvrir_depot(chemin)
    assert depot.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert decoder(depot.exporter(sauve)) == decoder(EXEMPLES[1].read_text(encoding="utf-8"))
    assert len(depot.charger(identifiant).dossier.etablissements) == 60
    depot.db.close()


# --- Base endommagée, trop récente, migrations ----------------------------------------------


@pytest.mark.parametrize("abimer", ["pas_sqlite", "tronquee", "pages_ecrasees"])
def test_une_base_endommagee_est_mise_de_cote_jamais_reecrite(chemin: Path, abimer: str) -> None:
    depot = ouvrir_depot(chemin)
    for fichier in EXEMPLES:
        depot.importer(fichier)
    depot.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    depot.db.close()
    contenu = chemin.read_bytes()
    if abimer == "pas_sqlite":
        contenu = b"Ceci est un tableur, pas une base.\n" * 20
    elif abimer == "tronquee":
        contenu = contenu[: len(contenu) // 3]
    else:
        contenu = contenu[:8192] + b"\xff" * 8192 + contenu[16384:]
    chemin.write_bytes(contenu)

    with pytest.raises(BaseEndommagee) as erreur:
        ouvrir_base(chemin)
    assert "endommagée" in str(erreur.value)
    mise_de_cote = erreur.value.mise_de_cote
    assert "endommagee" in mise_de_cote.name
    assert mise_de_cote.read_bytes() == contenu
    assert not chemin.exists()
    neuve = ouvrir_depot(chemin)
    assert neuve.lister() == []
    neuve.db.close()


def test_une_base_plus_recente_est_refusee_sans_etre_touchee(chemin: Path) -> None:
    ouvrir_depot(chemin).db.close()
    with sqlite3.connect(chemin) as connexion:
        connexion.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('app_bureau', 'm099_venue_du_futur', '2030-01-01')"
        )
    connexion.close()
    avant = empreinte(chemin)
    with pytest.raises(BaseTropRecente, match="version plus récente"):
        ouvrir_base(chemin)
    assert empreinte(chemin) == avant


def test_la_base_du_premier_schema_s_ouvre_avec_ses_donnees(tmp_path: Path) -> None:
    chemin = tmp_path / "ancienne.sqlite"
    shutil.copy(FIXTURE_SCHEMA_1, chemin)
    depot = ouvrir_depot(chemin)
    [resume] = depot.lister()
    assert resume.nombre_essms == 9
    assert depot.versions(resume.id)[0].libelle == "Version de référence"
    depot.db.close()


def test_copie_de_la_base_avant_une_migration(tmp_path: Path, monkeypatch) -> None:
    chemin = tmp_path / "ancienne.sqlite"
    shutil.copy(FIXTURE_SCHEMA_1, chemin)
    suivantes = Migrations("app_bureau")
    suivantes(name="m001_schema_initial")(schema.m001_schema_initial)

    @suivantes()
    def m002_essai(db) -> None:  # type: ignore[no-untyped-def]
        db.execute("ALTER TABLE dossiers ADD COLUMN essai TEXT")

    monkeypatch.setattr(module_base, "migrations", suivantes)
    monkeypatch.setattr(
        module_base, "migrations_connues", lambda: ["m001_schema_initial", "m002_essai"]
    )
    db = ouvrir_base(chemin)
    assert "essai" in db["dossiers"].columns_dict
    db.close()
    [copie] = list(tmp_path.glob("ancienne.avant-migration-*.sqlite"))
    assert "essai" not in {
        c[1] for c in sqlite3.connect(copie).execute("PRAGMA table_info(dossiers)")
    }


# --- Sauvegarde et restauration -----------------------------------------------------------


def test_sauvegarde_puis_restauration(depot: DepotDossiers, chemin: Path, tmp_path: Path) -> None:
    garde = depot.importer(EXEMPLES[0])
    sauvegarde = tmp_path / "sauvegarde.sqlite"
    sauvegarder(depot.db, sauvegarde)
    depot.mettre_a_la_corbeille(garde)
    depot.vider_la_corbeille()
    depot.importer(EXEMPLES[1])

    copie = restaurer(depot.db, chemin, sauvegarde)
    assert [r.id for r in depot.lister()] == [garde]
    assert copie.exists() and "avant-restauration" in copie.name


def test_une_sauvegarde_endommagee_est_refusee(
    depot: DepotDossiers, chemin: Path, tmp_path: Path
) -> None:
    depot.importer(EXEMPLES[0])
    faux = tmp_path / "faux.sqlite"
    faux.write_bytes(b"rien d'utile")
    with pytest.raises(Exception, match="inutilisable"):
        restaurer(depot.db, chemin, faux)
    assert len(depot.lister()) == 1


def test_les_nombres_des_cles_inconnues_restent_des_nombres(depot: DepotDossiers) -> None:
    """Une clé ajoutée par un consultant (« subvention_cd »: 1500.5) revient telle quelle."""
    from decimal import Decimal

    from app_bureau.fichier.dossier import decoder, lire_dossier

    donnees = decoder(EXEMPLES[0].read_text(encoding="utf-8"))
    donnees["subvention_cd"] = Decimal("1500.5")
    donnees["etablissements"][0]["capacite_cd"] = {"places": 12, "taux": Decimal("0.25")}
    identifiant = depot.creer(lire_dossier(donnees))
    relu = decoder(depot.exporter(identifiant))
    assert relu["subvention_cd"] == Decimal("1500.5")
    assert relu["etablissements"][0]["capacite_cd"] == {"places": 12, "taux": Decimal("0.25")}
