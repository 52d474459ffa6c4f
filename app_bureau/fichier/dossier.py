"""Le fichier dossier, format version 1 : lecture validée et écriture.

Ce JSON est un contrat entre consultants et avec l'application : les clés du format 1
gardent leur nom et leur sens. Toutes sont attendues ; des clés facultatives peuvent
s'y ajouter (elles sont gardées telles quelles).

Clé facultative lue par l'application : `autodiagnostic`, les réponses de chaque organisme
gestionnaire à son autodiagnostic de maturité SI — `{"<id de l'OG>": {"<id de la question>":
niveau 0 à 4 ou "non_concerne"}}`. Absente, aucune réponse n'est encore donnée ; elle n'est
écrite que si une réponse existe (un fichier sans autodiagnostic reste tel qu'il était).

La lecture relève *tous* les problèmes, chacun avec le chemin du champ
(`etablissements[3].finess : clé de contrôle invalide`), et ne construit rien s'il y en a.
Un texte vide (SIRET, FINESS, département pas encore connus) est accepté : c'est un
dossier en cours, dont les règles signalent ce qui manque.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from app_bureau.identifiants import erreur_departement, erreur_email, erreur_finess, erreur_siret
from app_bureau.modele import (
    DECIMALES_MONTANT,
    DECIMALES_PART,
    NON_CONCERNE,
    Champ,
    Contact,
    Dossier,
    Etablissement,
    FinancementsSpecifiques,
    ModeAchat,
    OrganismeGestionnaire,
    Porteur,
    Reponses,
    Solution,
    Statut,
    TypePorteur,
    TypeProjet,
)
from app_bureau.regles.parametres import campagnes

E = TypeVar("E", bound=StrEnum)

FORMAT = "dossier-esms-numerique"
VERSION = 1


@dataclass(frozen=True)
class ErreurChamp:
    chemin: str
    message: str

    def __str__(self) -> str:
        return f"{self.chemin} : {self.message}" if self.chemin else self.message


class DossierInvalide(ValueError):
    def __init__(self, erreurs: list[ErreurChamp]) -> None:
        super().__init__("\n".join(str(e) for e in erreurs))
        self.erreurs = erreurs


class _Lecteur:
    """Lit un objet JSON champ par champ en notant chaque problème avec son chemin."""

    def __init__(self) -> None:
        self.erreurs: list[ErreurChamp] = []

    def erreur(self, chemin: str, message: str) -> None:
        self.erreurs.append(ErreurChamp(chemin, message))

    def objet(self, valeur: Any, chemin: str) -> dict[str, Any]:
        if isinstance(valeur, dict):
            return valeur
        self.erreur(chemin, "un objet JSON { … } est attendu")
        return {}

    def _valeur(self, d: dict[str, Any], cle: str, chemin: str) -> tuple[bool, Any]:
        if cle not in d:
            self.erreur(_chemin(chemin, cle), "champ obligatoire absent")
            return False, None
        return True, d[cle]

    def texte(self, d: dict[str, Any], cle: str, chemin: str, nul: bool = False) -> Any:
        present, v = self._valeur(d, cle, chemin)
        if not present or (v is None and nul):
            return None if nul else ""
        if not isinstance(v, str):
            self.erreur(_chemin(chemin, cle), "un texte est attendu")
            return ""
        return v.strip()

    def booleen(self, d: dict[str, Any], cle: str, chemin: str) -> bool:
        present, v = self._valeur(d, cle, chemin)
        if present and not isinstance(v, bool):
            self.erreur(_chemin(chemin, cle), "true ou false est attendu")
        return v is True

    def entier(self, d: dict[str, Any], cle: str, chemin: str, minimum: int) -> int:
        present, v = self._valeur(d, cle, chemin)
        if not present:
            return minimum
        if isinstance(v, bool) or not isinstance(v, int):
            self.erreur(_chemin(chemin, cle), "un nombre entier est attendu")
            return minimum
        if v < minimum:
            self.erreur(_chemin(chemin, cle), f"doit être au moins {minimum}")
        return v

    def nombre(
        self, d: dict[str, Any], cle: str, chemin: str, decimales: int, nul: bool = False
    ) -> Any:
        present, v = self._valeur(d, cle, chemin)
        if not present or (v is None and nul):
            return None
        if isinstance(v, bool) or not isinstance(v, int | Decimal):
            self.erreur(_chemin(chemin, cle), "un nombre est attendu")
            return None
        nombre = Decimal(v)
        if -nombre.as_tuple().exponent > decimales:  # type: ignore[operator]
            self.erreur(_chemin(chemin, cle), f"au plus {decimales} décimales")
        return nombre

    def choix(self, d: dict[str, Any], cle: str, chemin: str, enum: type[E]) -> E:
        present, v = self._valeur(d, cle, chemin)
        valeurs = [e.value for e in enum]
        if present and v in valeurs:
            return enum(v)
        if present:
            permis = ", ".join(f"« {x} »" for x in valeurs)
            self.erreur(_chemin(chemin, cle), f"valeur « {v} » inconnue (attendu : {permis})")
        return next(iter(enum))

    def identifiant(
        self, d: dict[str, Any], cle: str, chemin: str, erreur_de: Any, nul: bool = False
    ) -> Any:
        v = self.texte(d, cle, chemin, nul)
        if v:
            probleme = erreur_de(v)
            if probleme:
                self.erreur(_chemin(chemin, cle), probleme)
        return v

    def liste(self, d: dict[str, Any], cle: str, chemin: str) -> list[Any]:
        present, v = self._valeur(d, cle, chemin)
        if present and not isinstance(v, list):
            self.erreur(_chemin(chemin, cle), "une liste [ … ] est attendue")
            return []
        return v or []


def _chemin(parent: str, cle: str) -> str:
    return f"{parent}.{cle}" if parent else cle


def _autres(d: dict[str, Any], connues: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in connues}


_CLES_DOSSIER = ("format", "version", "campagne", "nom", "porteur", "organismes", "solution")
_CLES_DOSSIER += ("financements_specifiques", "etablissements", "autodiagnostic")
_CLES_PORTEUR = ("raison_sociale", "siret", "finess_juridique", "statut")
_CLES_PORTEUR += ("soumis_commande_publique", "representativite_nationale", "type", "contact")
_CLES_CONTACT = ("nom", "email", "telephone")
_CLES_ORGANISME = ("id", "raison_sociale", "finess_juridique", "siret", "departement")
_CLES_ORGANISME += ("nombre_essms_geres", "dispose_rsi", "rattache_entite_nationale")
_CLES_ORGANISME += ("accord_entite_nationale",)
_CLES_SOLUTION = ("editeur", "logiciel", "referencee_segur", "referencee_sad", "mode_achat")
_CLES_SOLUTION += ("hebergement",)
_CLES_FINANCEMENTS = ("amoa_marche", "amoa_projet")
_CLES_ETABLISSEMENT = ("finess", "nom", "organisme", "categorie", "champ", "projet")
_CLES_ETABLISSEMENT += ("deja_finance", "commande_sons_autre_logiciel", "part_activite_eligible")
_CLES_ETABLISSEMENT += ("devis_editeur", "equipement", "personnes_accompagnees")


def lire_dossier(donnees: Any) -> Dossier:
    """Construit le dossier à partir du JSON décodé, ou lève `DossierInvalide`."""
    lecteur = _Lecteur()
    d = lecteur.objet(donnees, "")
    if d.get("format") != FORMAT:
        lecteur.erreur("format", f"« {FORMAT} » est attendu : ce fichier n'est pas un dossier")
        raise DossierInvalide(lecteur.erreurs)
    if type(d.get("version")) is not int or d.get("version") != VERSION:
        lecteur.erreur(
            "version",
            f"version {d.get('version')!r} non prise en charge (cette application lit la "
            f"version {VERSION})",
        )
        raise DossierInvalide(lecteur.erreurs)
    campagne = lecteur.texte(d, "campagne", "")
    if "campagne" in d and campagne not in campagnes():
        connues = ", ".join(campagnes())
        probleme = f"campagne « {campagne} » inconnue" if campagne else "campagne à indiquer"
        lecteur.erreur("campagne", f"{probleme} (connues : {connues})")

    organismes = [
        _lire_organisme(lecteur, o, f"organismes[{i}]")
        for i, o in enumerate(lecteur.liste(d, "organismes", ""))
    ]
    etablissements = [
        _lire_etablissement(lecteur, e, f"etablissements[{i}]")
        for i, e in enumerate(lecteur.liste(d, "etablissements", ""))
    ]
    _verifier_references(lecteur, organismes, etablissements)
    reponses = _lire_autodiagnostic(lecteur, d.get("autodiagnostic", {}), organismes)
    fs = lecteur.objet(d.get("financements_specifiques", {}), "financements_specifiques")
    dossier = Dossier(
        campagne=campagne,
        nom=lecteur.texte(d, "nom", ""),
        porteur=_lire_porteur(lecteur, lecteur.objet(d.get("porteur", {}), "porteur")),
        organismes=organismes,
        solution=_lire_solution(lecteur, lecteur.objet(d.get("solution", {}), "solution")),
        financements_specifiques=FinancementsSpecifiques(
            amoa_marche=lecteur.booleen(fs, "amoa_marche", "financements_specifiques"),
            amoa_projet=lecteur.booleen(fs, "amoa_projet", "financements_specifiques"),
            autres=_autres(fs, _CLES_FINANCEMENTS),
        ),
        etablissements=etablissements,
        autodiagnostic=reponses,
        autres=_autres(d, _CLES_DOSSIER),
    )
    for cle in ("porteur", "solution", "financements_specifiques"):
        if cle not in d:
            lecteur.erreur(cle, "champ obligatoire absent")
    if lecteur.erreurs:
        raise DossierInvalide(lecteur.erreurs)
    return dossier


def _lire_porteur(lecteur: _Lecteur, p: dict[str, Any]) -> Porteur:
    c = "porteur"
    contact = lecteur.objet(p.get("contact", {}), "porteur.contact")
    if "contact" not in p:
        lecteur.erreur("porteur.contact", "champ obligatoire absent")
    return Porteur(
        raison_sociale=lecteur.texte(p, "raison_sociale", c),
        siret=lecteur.identifiant(p, "siret", c, erreur_siret),
        finess_juridique=lecteur.identifiant(p, "finess_juridique", c, erreur_finess, nul=True),
        statut=lecteur.choix(p, "statut", c, Statut),
        soumis_commande_publique=lecteur.booleen(p, "soumis_commande_publique", c),
        representativite_nationale=lecteur.booleen(p, "representativite_nationale", c),
        type=lecteur.choix(p, "type", c, TypePorteur),
        contact=Contact(
            nom=lecteur.texte(contact, "nom", "porteur.contact"),
            email=lecteur.identifiant(contact, "email", "porteur.contact", erreur_email),
            telephone=lecteur.texte(contact, "telephone", "porteur.contact"),
            autres=_autres(contact, _CLES_CONTACT),
        ),
        autres=_autres(p, _CLES_PORTEUR),
    )


def _lire_organisme(lecteur: _Lecteur, valeur: Any, c: str) -> OrganismeGestionnaire:
    o = lecteur.objet(valeur, c)
    return OrganismeGestionnaire(
        id=lecteur.texte(o, "id", c),
        raison_sociale=lecteur.texte(o, "raison_sociale", c),
        finess_juridique=lecteur.identifiant(o, "finess_juridique", c, erreur_finess, nul=True),
        siret=lecteur.identifiant(o, "siret", c, erreur_siret),
        departement=lecteur.identifiant(o, "departement", c, erreur_departement),
        nombre_essms_geres=lecteur.entier(o, "nombre_essms_geres", c, minimum=1),
        dispose_rsi=lecteur.booleen(o, "dispose_rsi", c),
        rattache_entite_nationale=lecteur.booleen(o, "rattache_entite_nationale", c),
        accord_entite_nationale=lecteur.booleen(o, "accord_entite_nationale", c),
        autres=_autres(o, _CLES_ORGANISME),
    )


def _lire_solution(lecteur: _Lecteur, s: dict[str, Any]) -> Solution:
    c = "solution"
    return Solution(
        editeur=lecteur.texte(s, "editeur", c),
        logiciel=lecteur.texte(s, "logiciel", c),
        referencee_segur=lecteur.booleen(s, "referencee_segur", c),
        referencee_sad=lecteur.booleen(s, "referencee_sad", c),
        mode_achat=lecteur.choix(s, "mode_achat", c, ModeAchat),
        hebergement=lecteur.texte(s, "hebergement", c),
        autres=_autres(s, _CLES_SOLUTION),
    )


def _lire_etablissement(lecteur: _Lecteur, valeur: Any, c: str) -> Etablissement:
    e = lecteur.objet(valeur, c)
    part = lecteur.nombre(e, "part_activite_eligible", c, DECIMALES_PART)
    if part is not None and not 0 < part <= 1:
        lecteur.erreur(f"{c}.part_activite_eligible", "doit être supérieure à 0 et au plus 1")
    devis = lecteur.nombre(e, "devis_editeur", c, DECIMALES_MONTANT, nul=True)
    if devis is not None and devis < 0:
        lecteur.erreur(f"{c}.devis_editeur", "ne peut pas être négatif")
    categorie = lecteur.texte(e, "categorie", c, nul=True)
    return Etablissement(
        finess=lecteur.identifiant(e, "finess", c, erreur_finess),
        nom=lecteur.texte(e, "nom", c),
        organisme=lecteur.texte(e, "organisme", c),
        categorie=categorie or None,
        champ=lecteur.choix(e, "champ", c, Champ),
        projet=lecteur.choix(e, "projet", c, TypeProjet),
        deja_finance=lecteur.booleen(e, "deja_finance", c),
        commande_sons_autre_logiciel=lecteur.booleen(e, "commande_sons_autre_logiciel", c),
        part_activite_eligible=part if part is not None else Decimal(1),
        devis_editeur=devis,
        equipement=lecteur.booleen(e, "equipement", c),
        personnes_accompagnees=lecteur.entier(e, "personnes_accompagnees", c, minimum=0),
        autres=_autres(e, _CLES_ETABLISSEMENT),
    )


def _verifier_references(
    lecteur: _Lecteur, organismes: list[OrganismeGestionnaire], etablissements: list[Etablissement]
) -> None:
    ids: set[str] = set()
    for i, og in enumerate(organismes):
        if not og.id:
            lecteur.erreur(f"organismes[{i}].id", "identifiant vide")
        elif og.id in ids:
            lecteur.erreur(f"organismes[{i}].id", f"identifiant « {og.id} » déjà utilisé")
        ids.add(og.id)
    vus: dict[str, int] = {}
    for i, et in enumerate(etablissements):
        if et.organisme not in ids:
            lecteur.erreur(
                f"etablissements[{i}].organisme",
                f"aucun organisme gestionnaire n'a l'identifiant « {et.organisme} »",
            )
        if et.finess and et.finess in vus:
            lecteur.erreur(
                f"etablissements[{i}].finess",
                f"FINESS {et.finess} déjà présent (etablissements[{vus[et.finess]}])",
            )
        vus.setdefault(et.finess, i)


def _lire_autodiagnostic(
    lecteur: _Lecteur, valeur: Any, organismes: list[OrganismeGestionnaire]
) -> Reponses:
    from app_bureau.regles.autodiagnostic import NIVEAUX, questionnaire

    connues = {q.id for q in questionnaire().questions}
    ids = {og.id for og in organismes}
    reponses: Reponses = {}
    for organisme, brutes in lecteur.objet(valeur, "autodiagnostic").items():
        chemin = f"autodiagnostic.{organisme}"
        if organisme not in ids:
            lecteur.erreur(
                chemin, f"aucun organisme gestionnaire n'a l'identifiant « {organisme} »"
            )
        for question, reponse in lecteur.objet(brutes, chemin).items():
            if question not in connues:
                lecteur.erreur(f"{chemin}.{question}", "question inconnue du questionnaire")
            elif reponse != NON_CONCERNE and (type(reponse) is not int or reponse not in NIVEAUX):
                lecteur.erreur(
                    f"{chemin}.{question}", f"niveau 0 à 4 ou « {NON_CONCERNE} » attendu"
                )
            else:
                reponses.setdefault(organisme, {})[question] = reponse
    return reponses


def decoder(texte: str) -> Any:
    """Décode le JSON en gardant les nombres décimaux exacts (pas de float)."""
    return json.loads(texte, parse_float=Decimal)


def charger(chemin: Path) -> Dossier:
    """Lit un fichier dossier ; lève `DossierInvalide` (lisible) pour tout problème."""
    try:
        texte = chemin.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DossierInvalide([ErreurChamp("", f"fichier introuvable : {chemin}")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        message = f"lecture impossible de {chemin} ({exc.__class__.__name__})"
        raise DossierInvalide([ErreurChamp("", message)]) from None
    try:
        donnees = decoder(texte)
    except json.JSONDecodeError as exc:
        message = f"JSON mal formé, ligne {exc.lineno}, colonne {exc.colno}"
        raise DossierInvalide([ErreurChamp("", message)]) from None
    return lire_dossier(donnees)


def vers_donnees(dossier: Dossier) -> dict[str, Any]:
    """Le dossier au format 1, prêt à encoder (les nombres restent des `Decimal`)."""
    p, s, fs = dossier.porteur, dossier.solution, dossier.financements_specifiques
    return {
        "format": FORMAT,
        "version": VERSION,
        "campagne": dossier.campagne,
        "nom": dossier.nom,
        "porteur": {
            "raison_sociale": p.raison_sociale,
            "siret": p.siret,
            "finess_juridique": p.finess_juridique,
            "statut": p.statut.value,
            "soumis_commande_publique": p.soumis_commande_publique,
            "representativite_nationale": p.representativite_nationale,
            "type": p.type.value,
            "contact": {
                "nom": p.contact.nom,
                "email": p.contact.email,
                "telephone": p.contact.telephone,
                **p.contact.autres,
            },
            **p.autres,
        },
        "organismes": [
            {
                "id": o.id,
                "raison_sociale": o.raison_sociale,
                "finess_juridique": o.finess_juridique,
                "siret": o.siret,
                "departement": o.departement,
                "nombre_essms_geres": o.nombre_essms_geres,
                "dispose_rsi": o.dispose_rsi,
                "rattache_entite_nationale": o.rattache_entite_nationale,
                "accord_entite_nationale": o.accord_entite_nationale,
                **o.autres,
            }
            for o in dossier.organismes
        ],
        "solution": {
            "editeur": s.editeur,
            "logiciel": s.logiciel,
            "referencee_segur": s.referencee_segur,
            "referencee_sad": s.referencee_sad,
            "mode_achat": s.mode_achat.value,
            "hebergement": s.hebergement,
            **s.autres,
        },
        "financements_specifiques": {
            "amoa_marche": fs.amoa_marche,
            "amoa_projet": fs.amoa_projet,
            **fs.autres,
        },
        "etablissements": [
            {
                "finess": e.finess,
                "nom": e.nom,
                "organisme": e.organisme,
                "categorie": e.categorie,
                "champ": e.champ.value,
                "projet": e.projet.value,
                "deja_finance": e.deja_finance,
                "commande_sons_autre_logiciel": e.commande_sons_autre_logiciel,
                "part_activite_eligible": e.part_activite_eligible,
                "devis_editeur": e.devis_editeur,
                "equipement": e.equipement,
                "personnes_accompagnees": e.personnes_accompagnees,
                **e.autres,
            }
            for e in dossier.etablissements
        ],
        **({"autodiagnostic": dossier.autodiagnostic} if dossier.autodiagnostic else {}),
        **dossier.autres,
    }


def _nombre_json(valeur: Any) -> Any:
    if isinstance(valeur, Decimal):
        return int(valeur) if valeur == valeur.to_integral_value() else float(valeur)
    raise TypeError(f"{type(valeur).__name__} non encodable en JSON")


def encoder(donnees: Any) -> str:
    """JSON lisible (UTF-8, indenté) ; les `Decimal` deviennent des nombres JSON."""
    return json.dumps(donnees, ensure_ascii=False, indent=2, default=_nombre_json) + "\n"


def texte_dossier(dossier: Dossier) -> str:
    return encoder(vers_donnees(dossier))
