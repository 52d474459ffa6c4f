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
from typing import Any, Final, Literal

from sqlite_utils import Database

from app_bureau.modele import (
    Champ,
    Contact,
    Dossier,
    Etablissement,
    FinancementsSpecifiques,
    ModeAchat,
    OrganismeGestionnaire,
    Porteur,
    Solution,
    Statut,
    TypePorteur,
    TypeProjet,
)
from app_bureau.stockage.base import ErreurBase

NON_CONCERNE: Final = "non_concerne"
Reponse = int | Literal["non_concerne"]
"""Une réponse d'autodiagnostic : niveau 0 à 4 ou « non concerné » (les mêmes valeurs que
`regles.autodiagnostic`, que le stockage n'importe pas)."""

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


@dataclass(frozen=True)
class Version:
    id: int
    dossier_id: int
    cree_le: str
    libelle: str
    automatique: bool


def maintenant() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")


def _json(valeur: dict[str, Any]) -> str:
    return json.dumps(valeur, ensure_ascii=False, sort_keys=True, default=str)


def _decimal(valeur: Decimal | None) -> str | None:
    return None if valeur is None else str(valeur)


class DepotDossiers:
    def __init__(self, db: Database, estimer: Estimation | None = None) -> None:
        self.db = db
        self.estimer = estimer

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
            porteur=Porteur(
                raison_sociale=p["raison_sociale"],
                siret=p["siret"],
                finess_juridique=p["finess_juridique"],
                statut=Statut(p["statut"]),
                soumis_commande_publique=bool(p["soumis_commande_publique"]),
                representativite_nationale=bool(p["representativite_nationale"]),
                type=TypePorteur(p["type"]),
                contact=Contact(
                    p["contact_nom"],
                    p["contact_email"],
                    p["contact_telephone"],
                    json.loads(p["contact_autres"]),
                ),
                autres=json.loads(p["autres"]),
            ),
            organismes=[
                OrganismeGestionnaire(
                    id=o["id"],
                    raison_sociale=o["raison_sociale"],
                    finess_juridique=o["finess_juridique"],
                    siret=o["siret"],
                    departement=o["departement"],
                    nombre_essms_geres=o["nombre_essms_geres"],
                    dispose_rsi=bool(o["dispose_rsi"]),
                    rattache_entite_nationale=bool(o["rattache_entite_nationale"]),
                    accord_entite_nationale=bool(o["accord_entite_nationale"]),
                    autres=json.loads(o["autres"]),
                )
                for o in organismes
            ],
            solution=Solution(
                editeur=s["editeur"],
                logiciel=s["logiciel"],
                referencee_segur=bool(s["referencee_segur"]),
                referencee_sad=bool(s["referencee_sad"]),
                mode_achat=ModeAchat(s["mode_achat"]),
                hebergement=s["hebergement"],
                autres=json.loads(s["autres"]),
            ),
            financements_specifiques=FinancementsSpecifiques(
                bool(d["amoa_marche"]), bool(d["amoa_projet"]), json.loads(d["financements_autres"])
            ),
            etablissements=[
                Etablissement(
                    finess=e["finess"],
                    organisme=e["organisme"],
                    nom=e["nom"],
                    categorie=e["categorie"],
                    champ=Champ(e["champ"]),
                    projet=TypeProjet(e["projet"]),
                    deja_finance=bool(e["deja_finance"]),
                    commande_sons_autre_logiciel=bool(e["commande_sons_autre_logiciel"]),
                    part_activite_eligible=Decimal(e["part_activite_eligible"]),
                    devis_editeur=None
                    if e["devis_editeur"] is None
                    else Decimal(e["devis_editeur"]),
                    equipement=bool(e["equipement"]),
                    personnes_accompagnees=e["personnes_accompagnees"],
                    autres=json.loads(e["autres"]),
                )
                for e in etablissements
            ],
            autres=json.loads(d["autres"]),
        )
        return DossierEnregistre(identifiant, d["revision"], dossier, d["page_courante"])

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
            "d.modifie_le, d.archive, d.supprime_le FROM dossiers d "
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
            )
            for r in self.db.execute(requete, parametres).fetchall()
        ]

    def nombre_de_reponses(self, identifiant: int) -> dict[str, int]:
        """Le nombre de réponses d'autodiagnostic enregistrées, par organisme."""
        return dict(
            self.db.execute(
                "SELECT organisme, count(*) FROM reponses_autodiagnostic WHERE dossier_id = ? "
                "GROUP BY organisme",
                [identifiant],
            ).fetchall()
        )

    # --- autodiagnostic -----------------------------------------------------------------
    # Les réponses et la position de chaque OG sont gardées hors du dossier : chaque réponse
    # est enregistrée aussitôt, seule, sans changer la révision du dossier (elle ne peut pas
    # entrer en conflit avec son enregistrement) ; les organismes étant mis à jour en place,
    # elles survivent à l'enregistrement du dossier et partent avec leur organisme.

    def reponses(self, identifiant: int) -> dict[str, dict[str, Reponse]]:
        """Organisme → question → niveau 0 à 4, ou « non_concerne »."""
        resultat: dict[str, dict[str, Reponse]] = {}
        for organisme, question, niveau, non_concerne in self.db.execute(
            "SELECT organisme, question, niveau, non_concerne FROM reponses_autodiagnostic "
            "WHERE dossier_id = ? AND (niveau IS NOT NULL OR non_concerne = 1)",
            [identifiant],
        ).fetchall():
            resultat.setdefault(organisme, {})[question] = (
                NON_CONCERNE if non_concerne else int(niveau)
            )
        return resultat

    def repondre(
        self, identifiant: int, organisme: str, question: str, reponse: Reponse | None
    ) -> None:
        """Enregistre une réponse, en une transaction : un niveau de 0 à 4, « non_concerne »,
        ou None pour l'effacer. Le dossier est noté modifié (sa révision ne change pas)."""
        niveau_valide = (
            isinstance(reponse, int) and not isinstance(reponse, bool) and 0 <= reponse <= 4
        )
        if reponse is not None and reponse != NON_CONCERNE and not niveau_valide:
            raise ValueError(f"réponse invalide : {reponse!r} (0 à 4 ou {NON_CONCERNE})")
        with self._ecriture():
            self._verifier_organisme(identifiant, organisme)
            if reponse is None:
                self.db.execute(
                    "DELETE FROM reponses_autodiagnostic WHERE dossier_id = ? AND organisme = ? "
                    "AND question = ?",
                    [identifiant, organisme, question],
                )
            else:
                non_concerne = reponse == NON_CONCERNE
                self.db.execute(
                    "INSERT INTO reponses_autodiagnostic VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (dossier_id, organisme, question) DO UPDATE SET "
                    "niveau = excluded.niveau, non_concerne = excluded.non_concerne",
                    [
                        identifiant,
                        organisme,
                        question,
                        None if non_concerne else reponse,
                        int(non_concerne),
                    ],
                )
            self.db.execute(
                "UPDATE dossiers SET modifie_le = ? WHERE id = ?", [maintenant(), identifiant]
            )

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
        p, s, fs = dossier.porteur, dossier.solution, dossier.financements_specifiques
        if total is None and self.estimer:
            total = self.estimer(dossier)
        self.db.execute(
            "UPDATE dossiers SET nom = ?, campagne = ?, modifie_le = ?, amoa_marche = ?, "
            "amoa_projet = ?, nombre_essms = ?, total_estime = ?, autres = ?, "
            "financements_autres = ? WHERE id = ?",
            [
                dossier.nom,
                dossier.campagne,
                moment,
                int(fs.amoa_marche),
                int(fs.amoa_projet),
                len(dossier.etablissements),
                _decimal(total),
                _json(dossier.autres),
                _json(fs.autres),
                identifiant,
            ],
        )
        self.db.execute(
            "INSERT OR REPLACE INTO porteurs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                identifiant,
                p.raison_sociale,
                p.siret,
                p.finess_juridique,
                p.statut.value,
                int(p.soumis_commande_publique),
                int(p.representativite_nationale),
                p.type.value,
                p.contact.nom,
                p.contact.email,
                p.contact.telephone,
                _json(p.autres),
                _json(p.contact.autres),
            ],
        )
        self.db.execute(
            "INSERT OR REPLACE INTO solutions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                identifiant,
                s.editeur,
                s.logiciel,
                int(s.referencee_segur),
                int(s.referencee_sad),
                s.mode_achat.value,
                s.hebergement,
                _json(s.autres),
            ],
        )
        # Les organismes sont mis à jour en place : leurs réponses d'autodiagnostic restent.
        self.db.execute("DELETE FROM etablissements WHERE dossier_id = ?", [identifiant])
        ids = [og.id for og in dossier.organismes]
        marques = ", ".join("?" for _ in ids)
        self.db.execute(
            f"DELETE FROM organismes WHERE dossier_id = ? AND id NOT IN ({marques})",
            [identifiant, *ids],
        )
        self.db.conn.executemany(
            "INSERT INTO organismes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (dossier_id, id) DO UPDATE SET position = excluded.position, "
            "raison_sociale = excluded.raison_sociale, "
            "finess_juridique = excluded.finess_juridique, siret = excluded.siret, "
            "departement = excluded.departement, "
            "nombre_essms_geres = excluded.nombre_essms_geres, "
            "dispose_rsi = excluded.dispose_rsi, "
            "rattache_entite_nationale = excluded.rattache_entite_nationale, "
            "accord_entite_nationale = excluded.accord_entite_nationale, autres = excluded.autres",
            [
                (
                    identifiant,
                    og.id,
                    position,
                    og.raison_sociale,
                    og.finess_juridique,
                    og.siret,
                    og.departement,
                    og.nombre_essms_geres,
                    int(og.dispose_rsi),
                    int(og.rattache_entite_nationale),
                    int(og.accord_entite_nationale),
                    _json(og.autres),
                )
                for position, og in enumerate(dossier.organismes)
            ],
        )
        self.db.conn.executemany(
            "INSERT INTO etablissements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    identifiant,
                    position,
                    e.finess,
                    e.nom,
                    e.organisme,
                    e.categorie,
                    e.champ.value,
                    e.projet.value,
                    int(e.deja_finance),
                    int(e.commande_sons_autre_logiciel),
                    str(e.part_activite_eligible),
                    _decimal(e.devis_editeur),
                    int(e.equipement),
                    e.personnes_accompagnees,
                    _json(e.autres),
                )
                for position, e in enumerate(dossier.etablissements)
            ],
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
        """Une copie du dossier, réponses d'autodiagnostic comprises."""
        dossier = self.charger(identifiant).dossier
        dossier.nom = nom or f"{dossier.nom} (copie)"
        copie = self.creer(dossier)
        with self._ecriture():
            self.db.execute(
                "INSERT INTO reponses_autodiagnostic "
                "(dossier_id, organisme, question, niveau, non_concerne) "
                "SELECT ?, organisme, question, niveau, non_concerne "
                "FROM reponses_autodiagnostic WHERE dossier_id = ?",
                [copie, identifiant],
            )
        return copie

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
