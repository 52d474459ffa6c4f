"""Le dépôt des dossiers : lire, enregistrer, lister, dupliquer, archiver, corbeille, versions.

Chaque action de l'utilisateur est une transaction. Le fichier dossier (validation, JSON)
n'est importé qu'à l'import ou à l'export : l'ouverture de la liste reste rapide. L'enregistrement est optimiste : il
précise la révision lue ; si un autre écrivain (autre fenêtre, autre instance) a enregistré
entre-temps, `DossierModifieAilleurs` est levée et rien n'est écrasé.
"""

import datetime
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app_bureau.modele import (
    NON_CONCERNE,
    Convention,
    Depense,
    Dossier,
    Etablissement,
    FinancementsSpecifiques,
    Mesure,
    MontantNotifie,
    OrganismeGestionnaire,
    Porteur,
    Reponses,
    SaisieEnAttente,
    Solution,
    Suivi,
)
from app_bureau.stockage.base import ErreurBase
from app_bureau.stockage.lignes import depuis_json, depuis_ligne, en_json, insertion, vers_ligne

FINANCEMENTS_AUTRES = "financements_autres"
"""Les financements spécifiques sont des colonnes de `dossiers` ; leurs clés inconnues aussi."""

Estimation = Callable[[Dossier], Decimal]
"""Le total estimé d'un dossier, gardé pour la liste (fourni par l'appelant : les règles)."""


class DossierIntrouvable(ErreurBase):
    def __init__(self, identifiant: int) -> None:
        super().__init__(f"Aucun dossier n° {identifiant} dans la base.")


class DossierModifieAilleurs(ErreurBase):
    def __init__(self, identifiant: int) -> None:
        super().__init__(
            f"Le dossier n° {identifiant} a été modifié ailleurs (autre fenêtre ou autre poste) "
            "depuis que vous l'avez ouvert. Rechargez-le pour voir ces changements ; vos "
            "dernières saisies n'ont pas été enregistrées."
        )


class OrganismeIntrouvable(ErreurBase):
    def __init__(self, identifiant: int, organisme: str) -> None:
        super().__init__(
            f"Le dossier n° {identifiant} n'a plus d'organisme gestionnaire « {organisme} » "
            "(retiré depuis une autre fenêtre ?) : la réponse n'a pas été enregistrée."
        )


@dataclass(frozen=True)
class DossierEnregistre:
    id: int
    revision: int
    dossier: Dossier
    page_courante: str | None


@dataclass(frozen=True)
class ResumeDossier:
    id: int
    nom: str
    porteur: str
    campagne: str
    nombre_essms: int
    total_estime: Decimal | None
    modifie_le: str
    archive: bool
    supprime_le: str | None
    etat_suivi: str | None = None
    """L'état du suivi d'un dossier financé à son dernier enregistrement (`EtatSuivi`) ; None
    pour un dossier qui n'est pas (encore) financé."""


@dataclass(frozen=True)
class Version:
    id: int
    dossier_id: int
    cree_le: str
    libelle: str
    automatique: bool


def maintenant() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")


class DepotDossiers:
    def __init__(
        self,
        db: Database,
        estimer: Estimation | None = None,
        suivre: "Callable[[Dossier], str | None] | None" = None,
    ) -> None:
        self.db = db
        self.estimer = estimer
        self.suivre = suivre
        """L'état du suivi d'un dossier financé (gardé pour la liste) ; fourni par l'appelant."""

    @contextmanager
    def _ecriture(self) -> Iterator[None]:
        """Une transaction d'écriture, verrou pris dès le début (BEGIN IMMEDIATE)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.conn.commit()
        except BaseException:
            self.db.conn.rollback()
            raise

    # --- lecture ------------------------------------------------------------------------

    def _ligne_dossier(self, identifiant: int) -> dict[str, Any]:
        ligne = next(self.db.query("SELECT * FROM dossiers WHERE id = ?", [identifiant]), None)
        if ligne is None:
            raise DossierIntrouvable(identifiant)
        return ligne

    def revision(self, identifiant: int) -> int:
        return int(self._ligne_dossier(identifiant)["revision"])

    def charger(self, identifiant: int) -> DossierEnregistre:
        d = self._ligne_dossier(identifiant)
        p = next(self.db.query("SELECT * FROM porteurs WHERE dossier_id = ?", [identifiant]))
        s = next(self.db.query("SELECT * FROM solutions WHERE dossier_id = ?", [identifiant]))
        organismes = self.db.query(
            "SELECT * FROM organismes WHERE dossier_id = ? ORDER BY position", [identifiant]
        )
        etablissements = self.db.query(
            "SELECT * FROM etablissements WHERE dossier_id = ? ORDER BY position", [identifiant]
        )
        dossier = Dossier(
            campagne=d["campagne"],
            nom=d["nom"],
            porteur=depuis_ligne(Porteur, p),
            organismes=[depuis_ligne(OrganismeGestionnaire, o) for o in organismes],
            solution=depuis_ligne(Solution, s),
            financements_specifiques=depuis_ligne(
                FinancementsSpecifiques, d, autres=FINANCEMENTS_AUTRES
            ),
            etablissements=[depuis_ligne(Etablissement, e) for e in etablissements],
            autodiagnostic=self._reponses(identifiant),
            suivi=self._suivi(identifiant),
            autres=depuis_json(d["autres"]),
        )
        return DossierEnregistre(identifiant, d["revision"], dossier, d["page_courante"])

    def _suivi(self, identifiant: int) -> Suivi | None:
        ligne = next(
            self.db.query("SELECT * FROM conventions WHERE dossier_id = ?", [identifiant]), None
        )
        if ligne is None:
            return None

        def lignes(table: str) -> Iterator[dict[str, Any]]:
            return self.db.query(
                f"SELECT * FROM {table} WHERE dossier_id = ? ORDER BY position", [identifiant]
            )

        convention = depuis_ligne(Convention, ligne)
        convention.montants = [depuis_ligne(MontantNotifie, x) for x in lignes("montants_notifies")]
        return Suivi(
            convention=convention,
            mesures=[depuis_ligne(Mesure, x) for x in lignes("mesures")],
            depenses=[depuis_ligne(Depense, x) for x in lignes("depenses")],
            preuves_gardees=json.loads(ligne["preuves_gardees"]),
            autres=depuis_json(ligne["suivi_autres"]),
        )

    def _reponses(self, identifiant: int) -> Reponses:
        reponses: Reponses = {}
        for organisme, question, niveau, non_concerne in self.db.execute(
            "SELECT organisme, question, niveau, non_concerne FROM reponses_autodiagnostic "
            "WHERE dossier_id = ? AND (niveau IS NOT NULL OR non_concerne = 1) ORDER BY rowid",
            [identifiant],
        ).fetchall():
            reponses.setdefault(organisme, {})[question] = (
                NON_CONCERNE if non_concerne else int(niveau)
            )
        return reponses

    def lister(
        self, recherche: str = "", archives: bool = False, corbeille: bool = False
    ) -> list[ResumeDossier]:
        """Les dossiers, les plus récemment modifiés d'abord (hors corbeille et archives par
        défaut) ; `recherche` filtre sur le nom du dossier ou du porteur."""
        conditions = ["d.supprime_le IS NOT NULL" if corbeille else "d.supprime_le IS NULL"]
        if not corbeille:
            conditions.append("d.archive = ?")
        parametres: list[Any] = [] if corbeille else [int(archives)]
        if recherche:
            conditions.append("(d.nom LIKE ? OR p.raison_sociale LIKE ?)")
            motif = f"%{recherche}%"
            parametres += [motif, motif]
        requete = (
            "SELECT d.id, d.nom, p.raison_sociale, d.campagne, d.nombre_essms, d.total_estime, "
            "d.modifie_le, d.archive, d.supprime_le, d.etat_suivi FROM dossiers d "
            "JOIN porteurs p ON p.dossier_id = d.id WHERE "
            + " AND ".join(conditions)
            + " ORDER BY d.modifie_le DESC"
        )
        return [
            ResumeDossier(
                id=r[0],
                nom=r[1],
                porteur=r[2],
                campagne=r[3],
                nombre_essms=r[4],
                total_estime=None if r[5] is None else Decimal(r[5]),
                modifie_le=r[6],
                archive=bool(r[7]),
                supprime_le=r[8],
                etat_suivi=r[9],
            )
            for r in self.db.execute(requete, parametres).fetchall()
        ]

    # --- autodiagnostic -----------------------------------------------------------------
    # Les réponses font partie du dossier (`Dossier.autodiagnostic`) et s'enregistrent avec
    # lui. La position de chaque OG (la dernière question affichée) est un état de l'écran :
    # gardée à part, sans toucher au dossier ni à sa révision.

    def positions(self, identifiant: int) -> dict[str, str]:
        """Organisme → dernière question affichée, de l'OG vu le plus récemment au plus
        ancien."""
        return dict(
            self.db.execute(
                "SELECT organisme, question FROM positions_autodiagnostic WHERE dossier_id = ? "
                "ORDER BY vue_le DESC",
                [identifiant],
            ).fetchall()
        )

    def noter_position(self, identifiant: int, organisme: str, question: str) -> None:
        """La question que l'OG a sous les yeux, pour y reprendre (sans toucher au dossier)."""
        with self._ecriture():
            self._verifier_organisme(identifiant, organisme)
            self.db.execute(
                "INSERT INTO positions_autodiagnostic VALUES (?, ?, ?, ?) "
                "ON CONFLICT (dossier_id, organisme) DO UPDATE SET question = excluded.question, "
                "vue_le = excluded.vue_le",
                [identifiant, organisme, question, maintenant()],
            )

    # --- saisies refusées ---------------------------------------------------------------
    # Ce qui a été tapé et refusé, gardé jusqu'à sa correction : un état de l'écran, sans
    # toucher au dossier ni à sa révision (comme la position d'autodiagnostic).

    def saisies(self, identifiant: int) -> dict[str, SaisieEnAttente]:
        return {
            chemin: SaisieEnAttente(chemin, texte, message)
            for chemin, texte, message in self.db.execute(
                "SELECT chemin, texte, message FROM saisies_en_attente WHERE dossier_id = ? "
                "ORDER BY saisi_le",
                [identifiant],
            ).fetchall()
        }

    def remplacer_saisies(self, identifiant: int, saisies: dict[str, SaisieEnAttente]) -> None:
        """Les saisies refusées du dossier deviennent exactement `saisies`, en une transaction."""
        with self._ecriture():
            self._ligne_dossier(identifiant)
            self.db.execute("DELETE FROM saisies_en_attente WHERE dossier_id = ?", [identifiant])
            moment = maintenant()
            self.db.conn.executemany(
                "INSERT INTO saisies_en_attente VALUES (?, ?, ?, ?, ?)",
                [(identifiant, s.chemin, s.texte, s.message, moment) for s in saisies.values()],
            )

    def _verifier_organisme(self, identifiant: int, organisme: str) -> None:
        """Dans une transaction : l'organisme existe (la clé étrangère, différée, ne le dirait
        qu'à la validation)."""
        trouve = self.db.execute(
            "SELECT 1 FROM organismes WHERE dossier_id = ? AND id = ?", [identifiant, organisme]
        ).fetchone()
        if trouve is None:
            self._ligne_dossier(identifiant)
            raise OrganismeIntrouvable(identifiant, organisme)

    # --- écriture -----------------------------------------------------------------------

    def creer(self, dossier: Dossier) -> int:
        with self._ecriture():
            moment = maintenant()
            curseur = self.db.execute(
                "INSERT INTO dossiers (nom, campagne, cree_le, modifie_le, amoa_marche, "
                "amoa_projet) VALUES (?, ?, ?, ?, 0, 0)",
                [dossier.nom, dossier.campagne, moment, moment],
            )
            identifiant = int(curseur.lastrowid or 0)
            self._ecrire_contenu(identifiant, dossier, moment)
        return identifiant

    def enregistrer(
        self,
        identifiant: int,
        dossier: Dossier,
        revision: int,
        total_estime: Decimal | None = None,
    ) -> int:
        """Enregistre tout le dossier si personne ne l'a changé depuis `revision` ; renvoie la
        nouvelle révision. `total_estime`, s'il est déjà connu de l'appelant, évite de
        réévaluer le dossier."""
        with self._ecriture():
            self._avancer_revision(identifiant, revision)
            self._ecrire_contenu(identifiant, dossier, maintenant(), total_estime)
        return revision + 1

    def _avancer_revision(self, identifiant: int, revision: int) -> None:
        curseur = self.db.execute(
            "UPDATE dossiers SET revision = revision + 1 WHERE id = ? AND revision = ?",
            [identifiant, revision],
        )
        if curseur.rowcount == 0:
            self._ligne_dossier(identifiant)
            raise DossierModifieAilleurs(identifiant)

    def _ecrire_contenu(
        self, identifiant: int, dossier: Dossier, moment: str, total: Decimal | None = None
    ) -> None:
        if total is None and self.estimer:
            total = self.estimer(dossier)
        colonnes = {
            "nom": dossier.nom,
            "campagne": dossier.campagne,
            "modifie_le": moment,
            "nombre_essms": len(dossier.etablissements),
            "total_estime": None if total is None else str(total),
            "autres": en_json(dossier.autres),
            **vers_ligne(dossier.financements_specifiques, autres=FINANCEMENTS_AUTRES),
            "etat_suivi": self.suivre(dossier) if self.suivre else None,
        }
        self.db.execute(
            f"UPDATE dossiers SET {', '.join(f'{c} = ?' for c in colonnes)} WHERE id = ?",
            [*colonnes.values(), identifiant],
        )
        for table, objet in (("porteurs", dossier.porteur), ("solutions", dossier.solution)):
            ligne = {"dossier_id": identifiant, **vers_ligne(objet)}
            self.db.execute(insertion(table, list(ligne), "dossier_id"), list(ligne.values()))
        # Les organismes sont mis à jour en place : la position d'autodiagnostic de chacun reste.
        self.db.execute("DELETE FROM etablissements WHERE dossier_id = ?", [identifiant])
        self.db.execute("DELETE FROM reponses_autodiagnostic WHERE dossier_id = ?", [identifiant])
        ids = [og.id for og in dossier.organismes]
        self.db.execute(
            f"DELETE FROM organismes WHERE dossier_id = ? AND id NOT IN ({', '.join('?' for _ in ids)})",
            [identifiant, *ids],
        )
        self._inserer(
            "organismes",
            [
                {"dossier_id": identifiant, "position": position, **vers_ligne(og)}
                for position, og in enumerate(dossier.organismes)
            ],
            conflit="dossier_id, id",
        )
        self._inserer(
            "etablissements",
            [
                {"dossier_id": identifiant, "position": position, **vers_ligne(e)}
                for position, e in enumerate(dossier.etablissements)
            ],
        )
        self._ecrire_suivi(identifiant, dossier.suivi)
        self._inserer(
            "reponses_autodiagnostic",
            [
                {
                    "dossier_id": identifiant,
                    "organisme": organisme,
                    "question": question,
                    "niveau": None if reponse == NON_CONCERNE else reponse,
                    "non_concerne": int(reponse == NON_CONCERNE),
                }
                for organisme, reponses in dossier.autodiagnostic.items()
                for question, reponse in reponses.items()
            ],
        )

    def _ecrire_suivi(self, identifiant: int, suivi: Suivi | None) -> None:
        # Les lignes des mesures, montants et dépenses partent avec leur convention.
        self.db.execute("DELETE FROM conventions WHERE dossier_id = ?", [identifiant])
        if suivi is None:
            return
        ligne = {
            "dossier_id": identifiant,
            **vers_ligne(suivi.convention),
            "preuves_gardees": json.dumps(suivi.preuves_gardees, ensure_ascii=False),
            "suivi_autres": en_json(suivi.autres),
        }
        self.db.execute(insertion("conventions", list(ligne)), list(ligne.values()))
        for table, objets in (
            ("montants_notifies", suivi.convention.montants),
            ("mesures", suivi.mesures),
            ("depenses", suivi.depenses),
        ):
            self._inserer(
                table,
                [
                    {"dossier_id": identifiant, "position": position, **vers_ligne(objet)}
                    for position, objet in enumerate(objets)
                ],
            )

    def _inserer(self, table: str, lignes: list[dict[str, Any]], conflit: str = "") -> None:
        if lignes:
            self.db.conn.executemany(
                insertion(table, list(lignes[0]), conflit), [list(x.values()) for x in lignes]
            )

    def _modifier(self, identifiant: int, affectations: str, valeurs: list[Any]) -> None:
        with self._ecriture():
            self._ligne_dossier(identifiant)
            self.db.execute(
                f"UPDATE dossiers SET {affectations}, revision = revision + 1, modifie_le = ? "
                "WHERE id = ?",
                [*valeurs, maintenant(), identifiant],
            )

    def renommer(self, identifiant: int, nom: str) -> None:
        self._modifier(identifiant, "nom = ?", [nom.strip()])

    def archiver(self, identifiant: int, archive: bool = True) -> None:
        self._modifier(identifiant, "archive = ?", [int(archive)])

    def mettre_a_la_corbeille(self, identifiant: int) -> None:
        self._modifier(identifiant, "supprime_le = ?", [maintenant()])

    def sortir_de_la_corbeille(self, identifiant: int) -> None:
        self._modifier(identifiant, "supprime_le = NULL", [])

    def vider_la_corbeille(self) -> int:
        with self._ecriture():
            return self.db.execute("DELETE FROM dossiers WHERE supprime_le IS NOT NULL").rowcount

    def noter_page(self, identifiant: int, page: str) -> None:
        """La page de l'assistant où l'utilisateur se trouve (sans toucher à la révision)."""
        with self._ecriture():
            self.db.execute(
                "UPDATE dossiers SET page_courante = ? WHERE id = ?", [page, identifiant]
            )

    def dupliquer(self, identifiant: int, nom: str | None = None) -> int:
        """Une copie du dossier (réponses d'autodiagnostic comprises : elles en font partie)."""
        dossier = self.charger(identifiant).dossier
        dossier.nom = nom or f"{dossier.nom} (copie)"
        return self.creer(dossier)

    # --- fichier dossier ----------------------------------------------------------------

    def importer(self, chemin: Path) -> int:
        """Crée un dossier depuis un fichier ; `DossierInvalide` (rien n'est écrit) sinon."""
        from app_bureau.fichier.dossier import charger

        return self.creer(charger(chemin))

    def exporter(self, identifiant: int) -> str:
        from app_bureau.fichier.dossier import texte_dossier

        return texte_dossier(self.charger(identifiant).dossier)

    # --- versions -----------------------------------------------------------------------

    def creer_version(self, identifiant: int, libelle: str, automatique: bool = False) -> int:
        contenu = self.exporter(identifiant)
        with self._ecriture():
            curseur = self.db.execute(
                "INSERT INTO versions (dossier_id, cree_le, libelle, automatique, contenu) "
                "VALUES (?, ?, ?, ?, ?)",
                [identifiant, maintenant(), libelle, int(automatique), contenu],
            )
        return int(curseur.lastrowid or 0)

    def versions(self, identifiant: int) -> list[Version]:
        return [
            Version(r["id"], r["dossier_id"], r["cree_le"], r["libelle"], bool(r["automatique"]))
            for r in self.db.query(
                "SELECT id, dossier_id, cree_le, libelle, automatique FROM versions "
                "WHERE dossier_id = ? ORDER BY cree_le DESC, id DESC",
                [identifiant],
            )
        ]

    def restaurer_version(self, version_id: int) -> None:
        """Remet le dossier dans l'état de la version ; l'état actuel devient une version."""
        from app_bureau.fichier.dossier import decoder, lire_dossier

        ligne = next(
            self.db.query(
                "SELECT dossier_id, contenu, cree_le FROM versions WHERE id = ?", [version_id]
            ),
            None,
        )
        if ligne is None:
            raise ErreurBase(f"Aucune version n° {version_id} dans la base.")
        identifiant = ligne["dossier_id"]
        dossier = lire_dossier(decoder(ligne["contenu"]))
        self.creer_version(identifiant, "État avant restauration", automatique=True)
        self.enregistrer(identifiant, dossier, self.revision(identifiant))
