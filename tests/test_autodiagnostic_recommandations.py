"""Les recommandations de l'autodiagnostic comme donnée : le fichier de l'application, son
contrôle à la lecture (toutes les erreurs dites ensemble) et le sens de son vocabulaire."""

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.autodiagnostic.questionnaire import Version, questionnaire
from app_bureau.regles.autodiagnostic.recommandations import (
    ModeleRecommandation,
    RecommandationsInvalides,
    lire_recommandations,
    recommandations,
)
from app_bureau.regles.autodiagnostic.recommandations import (
    evaluer_autodiagnostics as evaluer,
)
from app_bureau.regles.autodiagnostic.vocabulaire import MOTIF_MARQUE, marque
from app_bureau.regles.parametres import campagnes, parametres
from tests.fabrique import dossier, etab, og


def donnees_de_l_application() -> dict[str, Any]:
    texte = ressource("autodiagnostic", "recommandations.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(texte)  # type: ignore[no-any-return]


def _parametres_nommes(m: ModeleRecommandation) -> set[str]:
    textes = [m.texte, *(s.texte for s in m.suites)]
    nommes = {
        x.nom
        for t in textes
        for contenu in MOTIF_MARQUE.findall(t)
        if (x := marque(contenu)) is not None and x.parametre
    }
    return nommes | ({m.reference_du_parametre} if m.reference_du_parametre else set())


def test_le_fichier_de_l_application_est_bien_forme() -> None:
    modeles = recommandations()
    ids = [m.id for m in modeles]
    assert len(ids) == len(set(ids)) >= 15
    q = questionnaire()
    for m in modeles:
        assert m.reference or m.reference_du_parametre, m.id
        for question in m.questions:
            assert q.question(question).dimension == m.dimension
    # Chaque paramètre nommé a une valeur dans chaque campagne : aucune recommandation ne
    # disparaît faute de montant.
    for code in campagnes():
        jeu = parametres(code)
        for m in modeles:
            for nom in _parametres_nommes(m):
                assert jeu.get(nom) is not None, (code, m.id, nom)


# --- Des fichiers mal formés ---------------------------------------------------------------


def _reco(d: dict[str, Any], identifiant: str) -> dict[str, Any]:
    return next(r for r in d["recommandations"] if r["id"] == identifiant)


def _casser(action: Callable[[dict[str, Any]], object]) -> str:
    donnees = copy.deepcopy(donnees_de_l_application())
    action(donnees)
    return yaml.safe_dump(donnees, allow_unicode=True)


CASSES: list[tuple[Callable[[dict[str, Any]], object], str]] = [
    (
        lambda d: _reco(d, "securiser")["questions"].append("sec-inexistante"),
        "recommandation securiser : question 'sec-inexistante' inconnue du questionnaire",
    ),
    (
        lambda d: _reco(d, "securiser")["questions"].append("inf-wifi"),
        "la question inf-wifi est de la dimension infrastructure, pas securite",
    ),
    (lambda d: _reco(d, "securiser").update(dimension="bonheur"), "dimension 'bonheur' inconnue"),
    (
        lambda d: _reco(d, "terminer").update(texte="Encore {financement.inexistant}."),
        "recommandation terminer : paramètre financement.inexistant inconnu",
    ),
    (
        lambda d: _reco(d, "terminer").update(texte="Avant le {calendrier.engagement_avant}."),
        "le paramètre calendrier.engagement_avant (unité date) ne s'écrit pas dans un texte",
    ),
    (lambda d: _reco(d, "terminer").update(texte="Pour {og}."), "marque {og} inconnue"),
    (lambda d: _reco(d, "si-solide").update(texte="Voir {appui}."), "marque {appui} inconnue"),
    (lambda d: _reco(d, "terminer").update(texte="Les {a|b}."), "marque {a|b} mal écrite"),
    (
        lambda d: _reco(d, "terminer").update(texte="{organisme|un|des}"),
        "la marque organisme ne compte rien",
    ),
    (lambda d: _reco(d, "terminer").update(texte="Un { seul."), "accolade sans marque"),
    (
        lambda d: _reco(d, "securiser")["condition"].update(grand=True),
        "recommandation securiser : critère 'grand' inconnu",
    ),
    (
        lambda d: _reco(d, "besoins-amoa-marche")["condition"].update(petite_taille="oui"),
        "le critère petite_taille vaut true ou false",
    ),
    (
        lambda d: _reco(d, "terminer")["condition"].update(autodiagnostic="termine"),
        "le critère autodiagnostic vaut non_commence ou incomplet",
    ),
    (
        lambda d: _reco(d, "pilotage-amoa-projet")["suites"][0]["si"].update(
            financement_demande="equipement"
        ),
        "pilotage-amoa-projet, suite n° 1 : le critère financement_demande vaut amoa_marche "
        "ou amoa_projet",
    ),
    (
        lambda d: _reco(d, "pilotage-forfait-moa")["condition"].update(a_defaut_de="si-solide"),
        "a_defaut_de : 'si-solide' n'est pas une recommandation plus haut",
    ),
    (lambda d: _reco(d, "terminer").update(id="remplir"), "remplir : identifiant en double"),
    (lambda d: _reco(d, "terminer").pop("reference"), "terminer : il faut une référence"),
    (
        lambda d: _reco(d, "pilotage-forfait-moa").update(
            reference_du_parametre="financement.forfait_moa.inexistant"
        ),
        "paramètre financement.forfait_moa.inexistant inconnu",
    ),
    (
        lambda d: _reco(d, "securiser")["condition"].pop("faible"),
        "securiser : des questions sans le critère faible",
    ),
    (
        lambda d: _reco(d, "terminer")["condition"].update(faible=True),
        "terminer : le critère faible regarde la dimension",
    ),
    (lambda d: _reco(d, "terminer").update(textes="…"), "champ 'textes' inconnu"),
    (
        lambda d: _reco(d, "equiper-petite-taille")["suites"][0].pop("si"),
        "equiper-petite-taille, suite n° 1 : sans « si », elle doit venir en dernier",
    ),
    (lambda d: _reco(d, "remplir").update(seule="oui"), "« seule » vaut true ou false"),
    (lambda d: _reco(d, "remplir").update(une_par="og"), "une_par vaut organisme_qui_fait_mieux"),
    (lambda d: d.update(format="autre"), "« format » doit valoir autodiagnostic-recommandations"),
    (lambda d: d.update(recommandations=[]), "« recommandations » doit être une liste non vide"),
]


@pytest.mark.parametrize(("casse", "attendu"), CASSES, ids=[a for _, a in CASSES])
def test_un_fichier_mal_forme_est_refuse(
    casse: Callable[[dict[str, Any]], object], attendu: str
) -> None:
    with pytest.raises(RecommandationsInvalides) as erreur:
        lire_recommandations(_casser(casse), source="essai.yaml")
    assert any(attendu in e for e in erreur.value.erreurs), erreur.value.erreurs
    assert "essai.yaml" in str(erreur.value)


def test_toutes_les_erreurs_sont_dites_ensemble() -> None:
    def trois_erreurs(d: dict[str, Any]) -> None:
        _reco(d, "securiser")["questions"].append("sec-inexistante")
        _reco(d, "terminer")["texte"] = "Encore {financement.inexistant}."
        _reco(d, "si-solide")["condition"]["grand"] = True

    with pytest.raises(RecommandationsInvalides) as erreur:
        lire_recommandations(_casser(trois_erreurs))
    assert len(erreur.value.erreurs) == 3, erreur.value.erreurs
    assert str(erreur.value).count("\n- ") == 3


@pytest.mark.parametrize("texte", ["[ceci n'est pas", "- une liste\n", ""])
def test_un_fichier_illisible_est_refuse(texte: str) -> None:
    with pytest.raises(RecommandationsInvalides):
        lire_recommandations(texte)


# --- Le vocabulaire, sur un petit fichier ---------------------------------------------------

ESSAI = """
format: autodiagnostic-recommandations
version: 1
recommandations:
  - id: remplir
    condition: {autodiagnostic: non_commence}
    seule: true
    texte: Remplissez ({version}).
    reference: II.B.5
  - id: sans-rsi
    condition: {og_dispose_rsi: false}
    texte: Sans RSI.
    reference: essai
  - id: enveloppe
    texte: Enveloppe nationale de {enveloppes.enveloppe_nationale}.
    reference_du_parametre: enveloppes.enveloppe_nationale
  - id: faute-d-enveloppe
    condition: {a_defaut_de: enveloppe}
    texte: Pas d'enveloppe nationale dans cette campagne.
    reference: essai
  - id: compte
    texte: >-
      {essms_de_l_og} {essms_de_l_og|ESSMS|ESSMS à lui}, {essms_sans_equipement}
      {essms_sans_equipement|demande|demandent} rien ; {organismes_avec_rsi}
      {organismes_avec_rsi|a|ont} un RSI.
    suites:
      - si: {financement_demande: amoa_projet}
        texte: AMOA projet demandée.
      - si: {achat_par_le_sad: true}
        texte: Achat par le SAD.
      - texte: Autre achat.
    reference: essai
  - id: appui
    une_par: organisme_qui_fait_mieux
    texte: "{appui} : {appui_dimensions}."
    reference: essai
"""


def _ids(resultat: Any) -> list[str]:
    return [r.id for r in resultat.recommandations]


def test_le_vocabulaire_sur_un_petit_fichier() -> None:
    modeles = lire_recommandations(ESSAI)
    q = questionnaire()
    directeur = q.questions_de(Version.DIRECTEUR)
    d = dossier(
        [etab(1, organisme="a"), etab(2, organisme="a", equipement=True), etab(3, organisme="b")],
        [og("a"), og("b", dispose_rsi=True), og("c", dispose_rsi=True)],
        amoa_projet=True,
    )
    d.autodiagnostic = {
        "a": {x.id: 1 for x in directeur},
        "b": {x.id: 4 for x in q.questions_de(Version.RSI)},
    }
    a, b, c = evaluer(d, parametres("2022"), modeles=modeles)
    assert _ids(a) == ["sans-rsi", "enveloppe", "compte", "appui"]
    assert _ids(b) == ["enveloppe", "compte"]
    # Pas commencé : « seule », rien d'autre.
    assert _ids(c) == ["remplir"]
    assert c.recommandations[0].texte == "Remplissez (version pour le responsable SI (RSI))."
    # Le montant du paramètre et sa référence, lus dans la campagne.
    enveloppe = parametres("2022")["enveloppes.enveloppe_nationale"]
    assert a.recommandations[1].reference == enveloppe.reference
    assert a.recommandations[1].texte.startswith("Enveloppe nationale de ")
    assert a.recommandations[1].texte.endswith("\xa0€.")
    # Accords, noms joints, première suite qui tient.
    assert a.recommandations[2].texte == (
        "2 ESSMS à lui, 1 demande rien ; Organisme b et Organisme c ont un RSI. "
        "AMOA projet demandée."
    )
    assert b.recommandations[1].texte == (
        "1 ESSMS, 1 demande rien ; Organisme b et Organisme c ont un RSI. AMOA projet demandée."
    )
    # Un appui par OG qui fait mieux, avec ses dimensions.
    assert a.recommandations[3].texte.startswith("Organisme b : management du SI (4,0 sur 4), ")
    # 2023 n'a pas d'enveloppe nationale : la recommandation n'est pas donnée, celle qui
    # vient à défaut l'est.
    d.campagne = "2023"
    d.financements_specifiques.amoa_projet = False
    a, _, _ = evaluer(d, parametres("2023"), modeles=modeles)
    assert _ids(a) == ["sans-rsi", "faute-d-enveloppe", "compte", "appui"]
    assert a.recommandations[2].texte.endswith(" Achat par le SAD.")
