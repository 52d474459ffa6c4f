"""Lire des établissements collés depuis un tableur (sans Qt).

Un tableur copie ses cellules en texte : une ligne par établissement, les colonnes séparées
par des tabulations. Sans ligne de titres, les colonnes attendues sont celles d'`ORDRE`, dans
cet ordre : FINESS, Nom, Catégorie, Champ, Projet, Part éligible, Devis, Équipement (puis,
facultatives : Déjà financé, SONS autre logiciel, Personnes accompagnées, Organisme, Places).
Une ligne de titres est reconnue à ses mots (`champs_dossier`, `entetes` de chaque champ) ;
elle permet alors de coller les colonnes dans n'importe quel ordre.

Chaque cellule est lue par le lecteur de son champ (`champs_dossier`) : tolérant sur la forme,
strict sur le fond. Chaque ligne est rendue soit avec son établissement, soit avec ses
erreurs, champ par champ, en français. Une catégorie inconnue n'est qu'un avertissement : la
ligne est gardée, les règles signalent la catégorie à vérifier. La colonne de l'organisme
gestionnaire est lue par sa raison sociale, son identifiant ou son FINESS juridique parmi les
organismes du dossier ; vide, l'organisme choisi pour tout le collage. `lire_lignes` sert
aussi à l'import d'un fichier CSV ou XLSX et de l'extrait FINESS (`saisie.import_fichier`,
`saisie.extrait_finess`).
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app_bureau.champs_dossier import ETABLISSEMENT, DefinitionChamp
from app_bureau.fichier.lecture import probleme_saisie
from app_bureau.identifiants import normaliser
from app_bureau.modele import Champ, Etablissement, OrganismeGestionnaire
from app_bureau.referentiel.categories_finess import categorie
from app_bureau.saisie.valeurs import ErreurSaisie, simplifier

ORDRE = (
    "finess",
    "nom",
    "categorie",
    "champ",
    "projet",
    "part_activite_eligible",
    "devis_editeur",
    "equipement",
    "deja_finance",
    "commande_sons_autre_logiciel",
    "personnes_accompagnees",
    "organisme",
)
"""Les colonnes d'un collage sans ligne de titres, dans l'ordre (le mode d'emploi de la page
le dit ainsi : ne pas le changer sans lui)."""
CHAMPS: dict[str, DefinitionChamp] = {
    d.attribut: d
    for d in sorted(
        ETABLISSEMENT, key=lambda d: ORDRE.index(d.attribut) if d.attribut in ORDRE else len(ORDRE)
    )
}
"""Tous les champs de l'établissement : ceux d'`ORDRE` d'abord, les autres ensuite (une
colonne de titre reconnu est lue, quel que soit son champ)."""
COLONNES: tuple[tuple[str, str], ...] = tuple((a, d.libelle) for a, d in CHAMPS.items())
"""(attribut d'`Etablissement`, titre), pour proposer les colonnes à lire."""
TITRES = dict(COLONNES)

# --- un collage ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LigneCollee:
    numero: int
    """Numéro de la ligne dans le texte collé (1 pour la première, en-tête compris)."""
    finess: str
    nom: str
    etablissement: Etablissement | None
    erreurs: tuple[str, ...]
    """« FINESS : la clé ne correspond pas… », une par champ refusé."""
    avertissements: tuple[str, ...] = ()
    """Ce qui n'empêche pas l'ajout mais mérite un coup d'œil (catégorie inconnue…)."""

    @property
    def valide(self) -> bool:
        return self.etablissement is not None


@dataclass(frozen=True)
class Collage:
    lignes: tuple[LigneCollee, ...]
    entete: bool
    colonnes_ignorees: tuple[str, ...]
    """Titres d'en-tête non reconnus (leurs colonnes ne sont pas lues)."""
    remarques: tuple[str, ...] = ()
    """Ce que la lecture d'un fichier a dû supposer ou réparer (encodage, feuille lue…)."""

    @property
    def valides(self) -> list[Etablissement]:
        return [ligne.etablissement for ligne in self.lignes if ligne.etablissement]

    @property
    def nombre_erreurs(self) -> int:
        return sum(1 for ligne in self.lignes if not ligne.valide)

    @property
    def nombre_avertissements(self) -> int:
        return sum(1 for ligne in self.lignes if ligne.valide and ligne.avertissements)


@dataclass(frozen=True)
class Disposition:
    """Comment lire les colonnes : l'attribut d'`Etablissement` de chacune (« » : colonne non
    lue) et si la première ligne porte les titres."""

    attributs: tuple[str, ...]
    entete: bool
    colonnes_ignorees: tuple[str, ...] = ()
    """Titres de la ligne d'en-tête qui ne désignent aucun champ."""


def attribut_entete(titre: str) -> str:
    """L'attribut que désigne un titre de colonne (« N° FINESS » → « finess ») ; « » sinon."""
    cle = simplifier(titre)
    return next((d.attribut for d in ETABLISSEMENT if d.entete(cle)), "")


def _est_entete(cellules: Sequence[str]) -> bool:
    """Une ligne de titres : « FINESS » en tête, ou deux titres reconnus sans chiffre en tête."""
    premiere = cellules[0] if cellules else ""
    if attribut_entete(premiere) == "finess":
        return True
    reconnus = sum(1 for c in cellules if attribut_entete(c))
    return reconnus >= 2 and not any(ch.isdigit() for ch in premiere)


def deviner_disposition(lignes: Sequence[Sequence[str]]) -> Disposition:
    """Avec une ligne de titres, chaque colonne d'après son titre ; sans, l'ordre de `COLONNES`."""
    if lignes and _est_entete(lignes[0]):
        attributs = tuple(attribut_entete(titre) for titre in lignes[0])
        ignorees = tuple(t.strip() for t, a in zip(lignes[0], attributs, strict=True) if not a)
        return Disposition(attributs, True, ignorees)
    return Disposition(ORDRE, False)


def cellules_collees(texte: str) -> list[list[str]]:
    """Le texte copié d'un tableur, en cellules (tabulations, ou points-virgules sans tabulation)."""
    separateur = "\t" if "\t" in texte or ";" not in texte else ";"
    lecteur = csv.reader(io.StringIO(texte.replace("\r\n", "\n")), delimiter=separateur)
    return [ligne for ligne in lecteur]


def lire_collage(
    texte: str,
    organisme: str = "",
    finess_du_dossier: Iterable[str] = (),
    organismes: Sequence[OrganismeGestionnaire] = (),
) -> Collage:
    """Lit le texte collé. `organisme` : l'OG des établissements dont la ligne n'en désigne
    pas ; `finess_du_dossier` : les FINESS déjà présents (un doublon est refusé) ;
    `organismes` : ceux du dossier, que la colonne « Organisme » peut désigner."""
    lignes = cellules_collees(texte)
    return lire_lignes(
        lignes, deviner_disposition(lignes), organisme, finess_du_dossier, organismes=organismes
    )


def organisme_designe(
    texte: str, organismes: Sequence[OrganismeGestionnaire]
) -> OrganismeGestionnaire:
    """L'organisme du dossier que désigne une cellule : sa raison sociale (sans accents ni
    casse), son identifiant ou son FINESS juridique ; `ErreurSaisie` s'il n'y en a aucun."""
    cle, numero = simplifier(texte), normaliser(texte)
    for og in organismes:
        if cle in (simplifier(og.raison_sociale), simplifier(og.id)) or (
            og.finess_juridique and numero == og.finess_juridique
        ):
            return og
    raise ErreurSaisie(
        f"« {texte.strip()} » ne correspond à aucun organisme gestionnaire du dossier "
        "(raison sociale, identifiant ou FINESS juridique)"
    )


def lire_lignes(
    lignes: Sequence[Sequence[str]],
    disposition: Disposition,
    organisme: str = "",
    finess_du_dossier: Iterable[str] = (),
    origine: str = "le collage",
    organismes: Sequence[OrganismeGestionnaire] = (),
) -> Collage:
    """Lit des lignes de cellules selon `disposition` ; `origine` nomme leur provenance dans
    le message d'un doublon (« plus haut dans le collage ») ; `organismes` : ceux du dossier,
    pour la colonne « Organisme » (vide, la ligne prend `organisme`)."""
    attributs = list(disposition.attributs)
    debut = 1 if disposition.entete else 0
    presents = {f: "dans le dossier" for f in finess_du_dossier if f}

    resultat: list[LigneCollee] = []
    for numero, cellules in enumerate(lignes[debut:], start=debut + 1):
        if not any(c.strip() for c in cellules):
            continue
        valeurs: dict[str, object] = {}
        erreurs: list[str] = []
        avertissements: list[str] = []
        for attribut, cellule in zip(attributs, cellules, strict=False):
            if not attribut or attribut in valeurs:
                continue
            if attribut == "organisme" and not cellule.strip():
                continue  # l'organisme choisi pour tout le collage
            if probleme := probleme_saisie(cellule):  # bornes communes à toute saisie
                erreurs.append(f"{TITRES[attribut]} : {probleme}")
                valeurs[attribut] = None
                continue
            try:
                if attribut == "organisme":
                    valeurs[attribut] = organisme_designe(cellule, organismes).id
                else:
                    valeurs[attribut] = CHAMPS[attribut].lire_cellule(cellule)
            except ErreurSaisie as exc:
                if attribut == "categorie":  # les règles signalent une catégorie à vérifier
                    valeurs[attribut] = None
                    avertissements.append(f"{TITRES[attribut]} : {exc} ; laissée vide")
                else:
                    erreurs.append(f"{TITRES[attribut]} : {exc}")
        code = valeurs.get("categorie")
        if code and categorie(str(code)) is None:
            avertissements.append(
                f"Catégorie : {code} inconnue de l'application ; vérifiez-la (les règles la "
                "signalent)"
            )
        finess = str(valeurs.get("finess", ""))
        if not finess and not any(e.startswith("FINESS") for e in erreurs):
            erreurs.insert(0, "FINESS : à indiquer (le programme exige le FINESS géographique)")
        elif finess in presents:
            erreurs.insert(0, f"FINESS : {finess} figure déjà {presents[finess]}")
        nom = str(valeurs.get("nom", ""))
        if erreurs:
            position = attributs.index("finess") if "finess" in attributs else len(cellules)
            brut = cellules[position] if position < len(cellules) else ""
            resultat.append(
                LigneCollee(
                    numero, finess or brut.strip(), nom, None, tuple(erreurs), tuple(avertissements)
                )
            )
            continue
        presents[finess] = f"plus haut dans {origine} (ligne {numero})"
        etablissement = _etablissement(valeurs, organisme)
        resultat.append(LigneCollee(numero, finess, nom, etablissement, (), tuple(avertissements)))
    return Collage(tuple(resultat), disposition.entete, disposition.colonnes_ignorees)


def _etablissement(valeurs: dict[str, object], organisme: str) -> Etablissement:
    code = valeurs.get("categorie")
    if valeurs.get("champ") is None:
        cat = categorie(str(code)) if code else None
        valeurs["champ"] = cat.champ if cat else Champ.PA
    valeurs.setdefault("organisme", organisme)
    return Etablissement(**valeurs)  # type: ignore[arg-type]
