"""Lire des mesures d'usage collées depuis un tableur ou importées d'un fichier (sans Qt).

Une ligne par ESSMS et par mois : le FINESS, le mois, puis les six comptes de l'annexe 3
(personnes accompagnées, messages MSSanté, DMP alimentés, dossiers actifs, dossiers avec un
projet personnalisé, dossiers avec un événement d'agenda). Les taux en découlent, ils ne se
collent pas. Sans ligne de titres, les colonnes sont celles d'`ORDRE`, dans cet ordre ; une
ligne de titres est reconnue à ses mots (`champs_dossier.MESURE`, `entetes` de chaque champ)
et permet alors n'importe quel ordre, et d'autres colonnes (le nom de l'ESSMS…), non lues.

Chaque cellule est lue par le lecteur de son champ ; le FINESS doit être celui d'un
établissement du dossier, le mois se lit par `saisie.valeurs.lire_mois`, et la mesure entière
passe les contrôles des règles (`regles.suivi.problemes_de_mesure` : un numérateur au-dessus
de son dénominateur, un mois avant le début du projet). Un mois déjà mesuré pour l'ESSMS (dans
le dossier ou plus haut) est refusé. Tout ou rien : les mesures ne s'ajoutent que si aucune
ligne n'est en erreur (`LectureMesures.acceptable`).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app_bureau.champs_dossier import MESURE, DefinitionChamp
from app_bureau.fichier.lecture import probleme_saisie
from app_bureau.formats import mois as nom_du_mois
from app_bureau.modele import Dossier, Mesure
from app_bureau.regles.suivi import essms_suivis, problemes_de_mesure
from app_bureau.saisie.collage import Disposition, cellules_collees
from app_bureau.saisie.valeurs import ErreurSaisie, simplifier

ORDRE = (
    "finess",
    "mois",
    "personnes_accompagnees",
    "messages_mssante",
    "dmp_alimentes",
    "dossiers_actifs",
    "dossiers_avec_projet",
    "dossiers_avec_evenement",
)
"""Les colonnes d'un collage sans ligne de titres, dans l'ordre (l'aide de l'étape le dit
ainsi : ne pas le changer sans elle)."""
CHAMPS: dict[str, DefinitionChamp] = {d.attribut: d for d in MESURE}
COMPTES = ORDRE[2:]
TITRES = {attribut: CHAMPS[attribut].libelle for attribut in ORDRE}


@dataclass(frozen=True)
class LigneMesure:
    numero: int
    """Numéro de la ligne dans le texte collé ou le fichier (1 pour la première, titres compris)."""
    finess: str
    nom: str
    """Le nom de l'ESSMS dans le dossier (« » si le FINESS n'y est pas)."""
    mois: str
    """Le mois lu (« mars 2025 »), ou la cellule telle quelle si elle ne se lit pas."""
    mesure: Mesure | None
    erreurs: tuple[str, ...]
    """« DMP alimentés : 81 dépasse les 80 personnes accompagnées… », une par problème."""
    avertissements: tuple[str, ...] = ()

    @property
    def valide(self) -> bool:
        return self.mesure is not None


@dataclass(frozen=True)
class LectureMesures:
    lignes: tuple[LigneMesure, ...]
    entete: bool
    colonnes_ignorees: tuple[str, ...] = ()
    erreurs: tuple[str, ...] = ()
    """Ce qui empêche toute lecture (une colonne de comptes absente…)."""
    remarques: tuple[str, ...] = ()
    """Ce que la lecture d'un fichier a dû supposer (encodage, feuille lue…)."""

    @property
    def valides(self) -> list[Mesure]:
        return [ligne.mesure for ligne in self.lignes if ligne.mesure is not None]

    @property
    def nombre_erreurs(self) -> int:
        return sum(1 for ligne in self.lignes if not ligne.valide)

    @property
    def acceptable(self) -> bool:
        """Tout ou rien : au moins une mesure, et aucune erreur."""
        return bool(self.lignes) and not self.erreurs and not self.nombre_erreurs

    def problemes(self) -> list[str]:
        """Chaque problème sur une ligne de texte (ligne de commande, message)."""
        resultat = list(self.erreurs)
        for ligne in self.lignes:
            quoi = f"ligne {ligne.numero}" + (f" (FINESS {ligne.finess})" if ligne.finess else "")
            resultat += [f"{quoi} : {e}" for e in ligne.erreurs]
        if not self.lignes and not self.erreurs:
            resultat.append("aucune ligne de mesure à lire")
        return resultat


def attribut_entete(titre: str) -> str:
    """L'attribut que désigne un titre de colonne (« Messages MSSanté envoyés » →
    « messages_mssante ») ; « » sinon. Le premier champ dont un motif commence un mot du
    titre l'emporte (`MESURE` est rangé pour cela)."""
    cle = simplifier(titre)
    return next((d.attribut for d in MESURE if d.entete(cle)), "")


def deviner_disposition(lignes: Sequence[Sequence[str]]) -> Disposition:
    """Avec une ligne de titres (« FINESS » en tête, ou deux titres reconnus sans chiffre en
    tête), chaque colonne d'après son titre ; sans, l'ordre d'`ORDRE`."""
    premiere = list(lignes[0]) if lignes else []
    attributs = [attribut_entete(c) for c in premiere]
    entete = bool(premiere) and (
        attributs[0] == "finess"
        or (sum(1 for a in attributs if a) >= 2 and not any(ch.isdigit() for ch in premiere[0]))
    )
    if not entete:
        return Disposition(ORDRE, False)
    vus: set[str] = set()
    uniques = []
    for attribut in attributs:  # une colonne par champ : la première qui le désigne
        uniques.append("" if attribut in vus else attribut)
        vus.add(attribut)
    ignorees = tuple(t.strip() for t, a in zip(premiere, uniques, strict=True) if not a)
    return Disposition(tuple(uniques), True, tuple(i for i in ignorees if i))


def lire_collage_mesures(texte: str, dossier: Dossier) -> LectureMesures:
    """Lit des lignes collées depuis un tableur (tabulations, ou points-virgules)."""
    lignes = cellules_collees(texte)
    return lire_mesures(lignes, deviner_disposition(lignes), dossier)


def lire_tableau_mesures(
    lignes: Sequence[Sequence[str]], description: str, remarques: Sequence[str], dossier: Dossier
) -> LectureMesures:
    """Les lignes d'un fichier CSV ou XLSX (`saisie.import_fichier.lire_fichier`), lues comme
    un collage ; la description du fichier et ce que sa lecture a supposé en remarques."""
    lecture = lire_mesures(lignes, deviner_disposition(lignes), dossier, "le fichier")
    return replace(lecture, remarques=(f"Fichier lu : {description}.", *remarques))


def lire_mesures(
    lignes: Sequence[Sequence[str]],
    disposition: Disposition,
    dossier: Dossier,
    origine: str = "le collage",
) -> LectureMesures:
    """Lit chaque ligne selon `disposition` ; `origine` nomme la provenance dans le message
    d'un doublon (« plus haut dans le collage »)."""
    attributs = list(disposition.attributs)
    manquants = [TITRES[a] for a in ORDRE if a not in attributs]
    if manquants:
        return LectureMesures(
            (),
            disposition.entete,
            disposition.colonnes_ignorees,
            (
                "Colonnes introuvables : "
                + ", ".join(manquants)
                + ". Chaque mesure a son FINESS, son mois et ses six comptes (titres des "
                "colonnes, ou cet ordre sans titres : "
                + ", ".join(TITRES[a] for a in ORDRE)
                + ").",
            ),
        )
    suivi = dossier.suivi
    debut = suivi.convention.debut_projet if suivi else None
    noms = {e.finess: e.nom or e.finess for e in dossier.etablissements if e.finess}
    suivis = {e.finess for e in essms_suivis(dossier)}
    deja: dict[tuple[str, datetime.date], str] = {
        (m.finess, m.mois): "dans le dossier" for m in (suivi.mesures if suivi else [])
    }
    resultat: list[LigneMesure] = []
    debut_lignes = 1 if disposition.entete else 0
    for numero, cellules in enumerate(lignes[debut_lignes:], start=debut_lignes + 1):
        if not any(c.strip() for c in cellules):
            continue
        valeurs: dict[str, object] = {}
        erreurs: list[str] = []
        avertissements: list[str] = []
        textes = dict(zip(attributs, cellules, strict=False))
        for attribut in ORDRE:
            cellule = textes.get(attribut, "")
            if probleme := probleme_saisie(cellule):
                erreurs.append(f"{TITRES[attribut]} : {probleme}")
                continue
            if not cellule.strip():
                quoi = "à indiquer (0 s'il n'y en a pas)" if attribut in COMPTES else "à indiquer"
                erreurs.append(f"{TITRES[attribut]} : {quoi}")
                continue
            try:
                valeurs[attribut] = CHAMPS[attribut].lire_cellule(cellule)
            except ErreurSaisie as exc:
                erreurs.append(f"{TITRES[attribut]} : {exc}")
        finess = str(valeurs.get("finess", "")) or textes.get("finess", "").strip()
        if "finess" in valeurs and finess not in noms:
            erreurs.insert(0, f"FINESS : {finess} n'est pas un établissement du dossier")
        elif "finess" in valeurs and finess not in suivis:
            avertissements.append(
                f"{noms[finess]} n'est pas dans la convention : sa mesure est gardée, elle ne "
                "compte pas pour le solde"
            )
        mois = valeurs.get("mois")
        mois_texte = (
            nom_du_mois(mois) if isinstance(mois, datetime.date) else textes.get("mois", "")
        )
        if not erreurs:
            mesure = Mesure(**valeurs)  # type: ignore[arg-type]
            erreurs += [
                f"{TITRES[champ]} : {probleme}"
                for champ, probleme in problemes_de_mesure(mesure, debut)
            ]
            cle = (mesure.finess, mesure.mois)
            if cle in deja:
                erreurs.append(f"Mois : {mois_texte} est déjà mesuré pour cet ESSMS {deja[cle]}")
            if not erreurs:
                deja[cle] = f"plus haut dans {origine} (ligne {numero})"
                resultat.append(
                    LigneMesure(
                        numero, finess, noms[finess], mois_texte, mesure, (), tuple(avertissements)
                    )
                )
                continue
        resultat.append(
            LigneMesure(
                numero,
                finess,
                noms.get(finess, ""),
                mois_texte.strip(),
                None,
                tuple(erreurs),
                tuple(avertissements),
            )
        )
    return LectureMesures(tuple(resultat), disposition.entete, disposition.colonnes_ignorees)
