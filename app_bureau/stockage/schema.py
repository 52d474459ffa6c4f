"""Le schéma de la base, migration après migration (`sqlite_utils.Migrations`).

Chaque migration tourne dans sa propre transaction. On n'en modifie jamais une qui a été
publiée : on en ajoute une nouvelle. Les montants et parts sont stockés en TEXT pour rester
des `Decimal` exacts.
"""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("app_bureau")


@migrations()
def m001_schema_initial(db: Database) -> None:
    _executer(
        db,
        """
        CREATE TABLE dossiers (
            id INTEGER PRIMARY KEY,
            nom TEXT NOT NULL,
            campagne TEXT NOT NULL,
            revision INTEGER NOT NULL DEFAULT 1,
            cree_le TEXT NOT NULL,
            modifie_le TEXT NOT NULL,
            archive INTEGER NOT NULL DEFAULT 0 CHECK (archive IN (0, 1)),
            supprime_le TEXT,
            page_courante TEXT,
            amoa_marche INTEGER NOT NULL CHECK (amoa_marche IN (0, 1)),
            amoa_projet INTEGER NOT NULL CHECK (amoa_projet IN (0, 1)),
            nombre_essms INTEGER NOT NULL DEFAULT 0,
            total_estime TEXT,
            autres TEXT NOT NULL DEFAULT '{}',
            financements_autres TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE TABLE porteurs (
            dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id) ON DELETE CASCADE,
            raison_sociale TEXT NOT NULL,
            siret TEXT NOT NULL,
            finess_juridique TEXT,
            statut TEXT NOT NULL,
            soumis_commande_publique INTEGER NOT NULL,
            representativite_nationale INTEGER NOT NULL,
            type TEXT NOT NULL,
            contact_nom TEXT NOT NULL,
            contact_email TEXT NOT NULL,
            contact_telephone TEXT NOT NULL,
            autres TEXT NOT NULL DEFAULT '{}',
            contact_autres TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE TABLE organismes (
            dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            raison_sociale TEXT NOT NULL,
            finess_juridique TEXT,
            siret TEXT NOT NULL,
            departement TEXT NOT NULL,
            nombre_essms_geres INTEGER NOT NULL CHECK (nombre_essms_geres >= 1),
            dispose_rsi INTEGER NOT NULL,
            rattache_entite_nationale INTEGER NOT NULL,
            accord_entite_nationale INTEGER NOT NULL,
            autres TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (dossier_id, id)
        ) STRICT;
        CREATE TABLE solutions (
            dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id) ON DELETE CASCADE,
            editeur TEXT NOT NULL,
            logiciel TEXT NOT NULL,
            referencee_segur INTEGER NOT NULL,
            referencee_sad INTEGER NOT NULL,
            mode_achat TEXT NOT NULL,
            hebergement TEXT NOT NULL,
            autres TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE TABLE etablissements (
            dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            finess TEXT NOT NULL,
            nom TEXT NOT NULL,
            organisme TEXT NOT NULL,
            categorie TEXT,
            champ TEXT NOT NULL,
            projet TEXT NOT NULL,
            deja_finance INTEGER NOT NULL,
            commande_sons_autre_logiciel INTEGER NOT NULL,
            part_activite_eligible TEXT NOT NULL,
            devis_editeur TEXT,
            equipement INTEGER NOT NULL,
            personnes_accompagnees INTEGER NOT NULL CHECK (personnes_accompagnees >= 0),
            autres TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (dossier_id, position),
            FOREIGN KEY (dossier_id, organisme) REFERENCES organismes(dossier_id, id)
                ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
        ) STRICT;
        CREATE UNIQUE INDEX etablissements_finess ON etablissements(dossier_id, finess)
            WHERE finess <> '';
        CREATE TABLE reponses_autodiagnostic (
            dossier_id INTEGER NOT NULL,
            organisme TEXT NOT NULL,
            question TEXT NOT NULL,
            niveau INTEGER CHECK (niveau BETWEEN 0 AND 4),
            non_concerne INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (dossier_id, organisme, question),
            FOREIGN KEY (dossier_id, organisme) REFERENCES organismes(dossier_id, id)
                ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
        ) STRICT;
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            cree_le TEXT NOT NULL,
            libelle TEXT NOT NULL,
            automatique INTEGER NOT NULL,
            contenu TEXT NOT NULL
        ) STRICT;
        CREATE INDEX versions_dossier ON versions(dossier_id, cree_le);
        """,
    )


@migrations()
def m002_positions_autodiagnostic(db: Database) -> None:
    """Où en est chaque OG dans son autodiagnostic : la dernière question affichée, et quand.
    L'assistant y reprend, sur l'OG vu le plus récemment. Une table à part : les réponses
    (`reponses_autodiagnostic`) ne changent pas."""
    _executer(
        db,
        """
        CREATE TABLE positions_autodiagnostic (
            dossier_id INTEGER NOT NULL,
            organisme TEXT NOT NULL,
            question TEXT NOT NULL,
            vue_le TEXT NOT NULL,
            PRIMARY KEY (dossier_id, organisme),
            FOREIGN KEY (dossier_id, organisme) REFERENCES organismes(dossier_id, id)
                ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
        ) STRICT
        """,
    )


@migrations()
def m003_places(db: Database) -> None:
    """La capacité autorisée de chaque établissement (0 : non renseignée)."""
    db.execute(
        "ALTER TABLE etablissements ADD COLUMN places INTEGER NOT NULL DEFAULT 0 "
        "CHECK (places >= 0)"
    )


@migrations()
def m004_saisies_en_attente(db: Database) -> None:
    """Ce que l'utilisateur a tapé et que la lecture a refusé (un FINESS à la clé fausse…) :
    gardé, par chemin de champ, jusqu'à sa correction, pour ne jamais perdre une saisie. Un
    état de l'écran, à part du dossier (le fichier dossier et les règles restent stricts)."""
    _executer(
        db,
        """
        CREATE TABLE saisies_en_attente (
            dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
            chemin TEXT NOT NULL,
            texte TEXT NOT NULL,
            message TEXT NOT NULL,
            saisi_le TEXT NOT NULL,
            PRIMARY KEY (dossier_id, chemin)
        ) STRICT
        """,
    )


@migrations()
def m005_suivi(db: Database) -> None:
    """Le suivi d'un projet financé : la convention (et les pièces gardées), le montant notifié
    de chaque ESSMS, les mesures d'usage mensuelles, les dépenses ; et l'état du suivi gardé
    pour la liste des dossiers. Un dossier sans convention n'a aucune ligne ici."""
    _executer(
        db,
        """
        CREATE TABLE conventions (
            dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id) ON DELETE CASCADE,
            signee_le TEXT,
            ars TEXT NOT NULL,
            montant_total TEXT,
            avance_recue_le TEXT,
            avance_montant TEXT,
            debut_projet TEXT,
            duree_revue_mois INTEGER NOT NULL DEFAULT 0 CHECK (duree_revue_mois >= 0),
            autres TEXT NOT NULL DEFAULT '{}',
            preuves_gardees TEXT NOT NULL DEFAULT '[]',
            suivi_autres TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE TABLE montants_notifies (
            dossier_id INTEGER NOT NULL REFERENCES conventions(dossier_id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            finess TEXT NOT NULL,
            montant TEXT NOT NULL,
            autres TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (dossier_id, position)
        ) STRICT;
        CREATE TABLE mesures (
            dossier_id INTEGER NOT NULL REFERENCES conventions(dossier_id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            finess TEXT NOT NULL,
            mois TEXT NOT NULL,
            personnes_accompagnees INTEGER NOT NULL CHECK (personnes_accompagnees >= 0),
            messages_mssante INTEGER NOT NULL CHECK (messages_mssante >= 0),
            dmp_alimentes INTEGER NOT NULL CHECK (dmp_alimentes >= 0),
            dossiers_actifs INTEGER NOT NULL CHECK (dossiers_actifs >= 0),
            dossiers_avec_projet INTEGER NOT NULL CHECK (dossiers_avec_projet >= 0),
            dossiers_avec_evenement INTEGER NOT NULL CHECK (dossiers_avec_evenement >= 0),
            autres TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (dossier_id, position)
        ) STRICT;
        CREATE UNIQUE INDEX mesures_par_mois ON mesures(dossier_id, finess, mois);
        CREATE TABLE depenses (
            dossier_id INTEGER NOT NULL REFERENCES conventions(dossier_id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            date TEXT NOT NULL,
            fournisseur TEXT NOT NULL,
            objet TEXT NOT NULL,
            montant_ttc TEXT NOT NULL,
            rubrique TEXT NOT NULL,
            finess TEXT NOT NULL,
            autres TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (dossier_id, position)
        ) STRICT;
        ALTER TABLE dossiers ADD COLUMN etat_suivi TEXT
        """,
    )


@migrations()
def m006_commande_publique_entite_nationale_segur_en_cours(db: Database) -> None:
    """Chaque OG : soumis ou non au code de la commande publique, et si son entité nationale
    propose un DUI commun ; la solution : en cours de référencement Ségur (0 : non)."""
    _executer(
        db,
        """
        ALTER TABLE organismes ADD COLUMN soumis_commande_publique INTEGER NOT NULL DEFAULT 0
            CHECK (soumis_commande_publique IN (0, 1));
        ALTER TABLE organismes ADD COLUMN entite_nationale_dui_commun INTEGER NOT NULL DEFAULT 0
            CHECK (entite_nationale_dui_commun IN (0, 1));
        ALTER TABLE solutions ADD COLUMN referencement_segur_en_cours INTEGER NOT NULL DEFAULT 0
            CHECK (referencement_segur_en_cours IN (0, 1))
        """,
    )


@migrations()
def m007_campagne_de_la_convention(db: Database) -> None:
    """La campagne de l'appel à projets de la convention ('' : celle du dossier)."""
    _executer(db, "ALTER TABLE conventions ADD COLUMN campagne TEXT NOT NULL DEFAULT ''")


def _executer(db: Database, script: str) -> None:
    """Instruction par instruction, dans la transaction de la migration (pas `executescript`,
    qui valide la transaction en cours)."""
    for instruction in script.split(";"):
        if instruction.strip():
            db.execute(instruction)


def migrations_connues() -> list[str]:
    """Les noms de toutes les migrations de cette version de l'application, dans l'ordre."""
    return [m.name for m in migrations.pending(Database(memory=True))]
