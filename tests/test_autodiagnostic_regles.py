"""L'autodiagnostic de maturité SI dans les règles : le questionnaire (contrôlé à la lecture),
les scores, les mots, les recommandations, et ce qu'en disent l'évaluation et les pièces."""

import copy
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
import yaml

from app_bureau.fichier.dossier import charger
from app_bureau.formats import euros_ronds
from app_bureau.modele import NON_CONCERNE, Dossier, Gravite, Reponses
from app_bureau.referentiel.ressources import ressource
from app_bureau.regles.autodiagnostic.questionnaire import (
    DIMENSIONS_NATIONALES,
    Questionnaire,
    QuestionnaireInvalide,
    Version,
    charger_questionnaire,
    lire_questionnaire,
    questionnaire,
)
from app_bureau.regles.autodiagnostic.recommandations import (
    evaluer_autodiagnostics,
    recommandations,
)
from app_bureau.regles.autodiagnostic.reprise import organisme_de_reprise, question_de_reprise
from app_bureau.regles.autodiagnostic.scores import (
    Recommandation,
    ResultatAutodiagnostic,
    commence,
    noter,
    resume_maturite,
)
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.parametres import parametres
from app_bureau.regles.pieces import pieces_a_joindre
from tests.fabrique import dossier, etab, og, serie

JEU = parametres("2022")


def grappe_bretagne():  # type: ignore[no-untyped-def]
    return charger(ressource("exemples", "grappe-9-ehpad-bretagne.json"))  # type: ignore[arg-type]


# --- Le questionnaire de l'application ----------------------------------------------------


def test_le_questionnaire_de_l_application_est_bien_forme() -> None:
    q = questionnaire()
    assert [d.id for d in q.dimensions] == list(DIMENSIONS_NATIONALES)
    assert [d.libelle for d in q.dimensions] == [
        "Pratiques de management du SI",
        "Adéquation fonctionnelle",
        "Adéquation de l'infrastructure",
        "Qualité de service",
        "Sécurité du SI",
        "Éthique et durabilité",
        "Usage et satisfaction",
    ]
    directeur, rsi = q.questions_de(Version.DIRECTEUR), q.questions_de(Version.RSI)
    assert 22 <= len(directeur) <= 28
    assert 45 <= len(rsi) <= 56
    for posees in (directeur, rsi):
        assert {x.dimension for x in posees} == set(DIMENSIONS_NATIONALES)
        assert any(x.socle for x in posees)
        # Groupées par dimension, dans l'ordre du référentiel.
        rangs = [DIMENSIONS_NATIONALES.index(x.dimension) for x in posees]
        assert rangs == sorted(rangs)
    # Des questions communes aux deux versions, et la version RSI plus profonde.
    assert len({x.id for x in directeur} & {x.id for x in rsi}) >= 15
    for x in q.questions:
        assert len(x.niveaux) == 5 and all(x.niveaux)
        assert x.texte.endswith("?"), x.id


def test_le_questionnaire_couvre_les_sujets_attendus() -> None:
    texte = " ".join(
        " ".join((x.titre, x.texte, x.aide, *x.niveaux)) for x in questionnaire().questions
    )
    for sujet in (
        "DUI",
        "MSSanté",
        "DMP",
        "INS",
        "sauvegarde",
        "reprise d'activité",
        "habilitations",
        "RGPD",
        "formation",
        "astreinte",
        "Wi-Fi",
        "chambres",
        "tablettes",
        "déplacement",
        "formats normés",
        "charte",
        "Numérique responsable",
    ):
        assert sujet.lower() in texte.lower(), sujet


# --- Un petit questionnaire pour compter juste --------------------------------------------


def _question(
    identifiant: str, dimension: str, versions: list[str], socle: bool = False
) -> dict[str, Any]:
    return {
        "id": identifiant,
        "dimension": dimension,
        "titre": f"Titre {identifiant}",
        "texte": f"Question {identifiant} ?",
        "socle": socle,
        "versions": versions,
        "niveaux": {n: f"Niveau {n} de {identifiant}." for n in range(5)},
    }


def donnees_petit_questionnaire() -> dict[str, Any]:
    """Directeur : deux questions en management (m1 du socle), une par autre dimension ;
    RSI : en plus, r1 en sécurité."""
    questions = [
        _question("m1", "management", ["directeur", "rsi"], socle=True),
        _question("m2", "management", ["directeur", "rsi"]),
    ]
    for dimension in DIMENSIONS_NATIONALES[1:]:
        questions.append(_question(dimension[:3], dimension, ["directeur", "rsi"]))
    questions.append(_question("r1", "securite", ["rsi"], socle=True))
    return {
        "format": "autodiagnostic-maturite-si",
        "version": 1,
        "titre": "Essai",
        "dimensions": [
            {"id": d, "libelle": f"Dimension {d}", "libelle_court": d.capitalize()}
            for d in DIMENSIONS_NATIONALES
        ],
        "questions": questions,
    }


@pytest.fixture
def petit() -> Questionnaire:
    return lire_questionnaire(yaml.safe_dump(donnees_petit_questionnaire(), allow_unicode=True))


NC = NON_CONCERNE


@pytest.mark.parametrize(
    ("reponses", "management", "securite", "globale", "socle", "avancement"),
    [
        # Rien : aucun score, avancement nul.
        ({}, None, None, None, None, 0),
        # Une dimension : le global est sa moyenne.
        ({"m1": 3, "m2": 2}, D("2.50"), None, D("2.50"), D("3.00"), 25),
        # « Non concerné » compte pour l'avancement, pas dans la moyenne.
        ({"m1": 1, "m2": NC}, D("1.00"), None, D("1.00"), D("1.00"), 25),
        # Toute la dimension non concernée : pas de score, elle sort du global.
        ({"m1": NC, "m2": NC, "sec": 4}, None, D("4.00"), D("4.00"), None, 37),
        # Le global est la moyenne des dimensions, pas des questions : (1 + 4) / 2.
        ({"m1": 0, "m2": 2, "sec": 4}, D("1.00"), D("4.00"), D("2.50"), D("0.00"), 37),
        # Tout répondu : (1,5 + 4 × 6) / 7 = 3,642… ; socle = m1 seule.
        (
            {"m1": 1, "m2": 2, "fon": 4, "inf": 4, "ser": 4, "sec": 4, "eth": 4, "usa": 4},
            D("1.50"),
            D("4.00"),
            D("3.64"),
            D("1.00"),
            100,
        ),
        # Une réponse hors de la version (r1 est RSI) ne compte pas.
        ({"m1": 2, "r1": 0}, D("2.00"), None, D("2.00"), D("2.00"), 12),
    ],
)
def test_scores_d_un_directeur(
    petit: Questionnaire,
    reponses: dict[str, Any],
    management: D | None,
    securite: D | None,
    globale: D | None,
    socle: D | None,
    avancement: int,
) -> None:
    r = noter(og("a"), reponses, petit)
    assert r.version is Version.DIRECTEUR and r.questions == 8
    assert r.score_de("management").score == management
    assert r.score_de("securite").score == securite
    assert r.score == globale
    assert r.socle == socle
    assert r.avancement_pourcentage == avancement
    assert r.complet is (avancement == 100)
    attendu = None if globale is None else (globale * 25).quantize(D(1), ROUND_HALF_UP)
    assert r.pourcentage == attendu


def test_la_version_rsi_ajoute_ses_questions_et_son_socle(petit: Questionnaire) -> None:
    r = noter(og("a", dispose_rsi=True), {"m1": 4, "r1": 0, "sec": 2}, petit)
    assert r.version is Version.RSI and r.questions == 9
    assert r.score_de("securite").score == D("1.00")
    assert r.socle == D("2.00")  # m1 = 4 et r1 = 0, à part du reste
    assert (r.score_de("securite").niveaux_donnes, r.score_de("securite").questions) == (2, 2)


def test_pourcentages_et_avancement_arrondis() -> None:
    q = questionnaire()
    posees = q.questions_de(Version.DIRECTEUR)
    presque = {x.id: 3 for x in posees[:-1]}
    r = noter(og("a"), presque, q)
    assert r.reponses == len(posees) - 1 and not r.complet
    assert r.avancement_pourcentage < 100  # arrondi vers le bas : jamais 100 % avant la fin
    assert r.pourcentage == D(75) and r.score == D("3.00")
    rsi = q.questions_de(Version.RSI)
    r = noter(og("a", dispose_rsi=True), {x.id: 3 for x in rsi[:-1]}, q)
    assert r.avancement_pourcentage == 98


def test_une_reponse_invalide_est_refusee(petit: Questionnaire) -> None:
    with pytest.raises(ValueError, match="invalide"):
        noter(og("a"), {"m1": 5}, petit)
    with pytest.raises(ValueError, match="invalide"):
        noter(og("a"), {"m1": "beaucoup"}, petit)  # type: ignore[dict-item]


def test_forces_et_faiblesses_en_mots(petit: Questionnaire) -> None:
    r = noter(og("a"), {"m1": 0, "m2": 1, "sec": 4, "eth": 3, "usa": 2}, petit)
    assert r.forces == (
        "Pratiques avancées : dimension securite (4,0 sur 4).",
        "Pratiques maîtrisées : dimension ethique (3,0 sur 4).",
    )
    assert r.faiblesses == (
        "Presque tout reste à construire : dimension management (0,5 sur 4).",
        "Titre m1 (question du socle) : « Niveau 0 de m1. »",
    )
    groupees = noter(og("a"), {"m1": 1, "m2": 2, "fon": 1, "inf": 1, "ser": 4, "sec": 4}, petit)
    assert groupees.forces == (
        "Pratiques avancées : dimension service (4,0 sur 4), dimension securite (4,0 sur 4).",
    )
    assert groupees.faiblesses == (
        "Des bases fragiles : dimension fonctionnel (1,0 sur 4), dimension infrastructure "
        "(1,0 sur 4), dimension management (1,5 sur 4).",
        "Titre m1 (question du socle) : « Niveau 1 de m1. »",
    )
    moyen = noter(og("a"), {"m1": 2, "m2": 3, "fon": 2}, petit)
    assert moyen.forces == ("Dimension management : votre dimension la plus avancée (2,5 sur 4).",)
    assert moyen.faiblesses == ()


# --- Des fichiers mal formés ---------------------------------------------------------------


def _casser(action):  # type: ignore[no-untyped-def]
    donnees = copy.deepcopy(donnees_petit_questionnaire())
    action(donnees)
    return yaml.safe_dump(donnees, allow_unicode=True)


@pytest.mark.parametrize(
    ("casse", "attendu"),
    [
        (lambda d: d["questions"][0]["niveaux"].pop(3), "question m1 : niveau 3 manquant"),
        (lambda d: d["questions"][0].pop("niveaux"), "question m1 : « niveaux »"),
        (lambda d: d["questions"][1]["niveaux"].update({5: "Trop"}), "niveau 5 inconnu"),
        (lambda d: d["questions"][1]["niveaux"].update({2: "  "}), "niveau 2 est vide"),
        (
            lambda d: d["questions"].append(_question("m1", "management", ["rsi"])),
            "question m1 : identifiant en double",
        ),
        (
            lambda d: d["questions"][2].update({"dimension": "bonheur"}),
            "dimension 'bonheur' inconnue",
        ),
        (
            lambda d: d["dimensions"].append(
                {"id": "bonheur", "libelle": "B", "libelle_court": "B"}
            ),
            "dimension bonheur inconnue",
        ),
        (lambda d: d["dimensions"].pop(), "absente(s) : usage"),
        (
            lambda d: d["questions"][-1].update({"versions": ["rsi", "rsi"]}),
            "« versions » doit lister",
        ),
        (lambda d: d["questions"][0].update({"socle": "oui"}), "« socle » doit valoir"),
        (lambda d: d["questions"][0].update({"texte": ""}), "question m1 : texte à renseigner"),
        (lambda d: d.update({"format": "autre"}), "« format » doit valoir"),
        (lambda d: d.update({"questions": []}), "« questions » doit être une liste non vide"),
    ],
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_un_questionnaire_mal_forme_est_refuse(casse, attendu: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QuestionnaireInvalide) as erreur:
        lire_questionnaire(_casser(casse), "essai.yaml")
    assert any(attendu in e for e in erreur.value.erreurs), erreur.value.erreurs
    assert "essai.yaml" in str(erreur.value)


def test_une_dimension_sans_question_dans_une_version_est_refusee() -> None:
    def sans_securite_pour_le_directeur(d: dict[str, Any]) -> None:
        for question in d["questions"]:
            if question["dimension"] == "securite":
                question["versions"] = ["rsi"]

    with pytest.raises(QuestionnaireInvalide) as erreur:
        lire_questionnaire(_casser(sans_securite_pour_le_directeur))
    assert erreur.value.erreurs == [
        "dimension securite (Dimension securite) : aucune question dans la version directeur"
    ]


def test_une_version_sans_socle_est_refusee() -> None:
    def sans_socle(d: dict[str, Any]) -> None:
        for question in d["questions"]:
            question["socle"] = False

    with pytest.raises(QuestionnaireInvalide, match="version directeur : aucune question du socle"):
        lire_questionnaire(_casser(sans_socle))


def test_toutes_les_erreurs_sont_dites_ensemble(tmp_path: Path) -> None:
    def deux_erreurs(d: dict[str, Any]) -> None:
        d["questions"][0]["niveaux"].pop(0)
        d["questions"][1]["id"] = "m1"

    fichier = tmp_path / "questionnaire.yaml"
    fichier.write_text(_casser(deux_erreurs), encoding="utf-8")
    with pytest.raises(QuestionnaireInvalide) as erreur:
        charger_questionnaire(fichier)
    assert len(erreur.value.erreurs) == 2
    assert str(fichier) in str(erreur.value)


@pytest.mark.parametrize("texte", ["[ceci n'est pas", "- une liste\n- de textes\n", ""])
def test_un_fichier_illisible_est_refuse(texte: str) -> None:
    with pytest.raises(QuestionnaireInvalide):
        lire_questionnaire(texte)


# --- Recommandations -----------------------------------------------------------------------
# Les recommandations sont vérifiées par leur identifiant (`recommandations.yaml`) ; quelques
# phrases entières restent épinglées, pour garder le texte rendu sous les yeux.


def _toutes(q: Questionnaire, version: Version, niveau: int) -> dict[str, int]:
    return {x.id: niveau for x in q.questions_de(version)}


def _ids(resultat: ResultatAutodiagnostic) -> list[str]:
    return [x.id for x in resultat.recommandations]


def _par_id(resultat: ResultatAutodiagnostic) -> dict[str, Recommandation]:
    return {x.id: x for x in resultat.recommandations}


def grappe_de_petits_og() -> tuple[ResultatAutodiagnostic, ...]:
    """Les Ajoncs tout à 1, Ker Avel tout à 3 : deux petits OG sans RSI."""
    q = questionnaire()
    reponses = {
        "ajoncs": _toutes(q, Version.DIRECTEUR, 1),
        "keravel": _toutes(q, Version.DIRECTEUR, 3),
    }
    return evaluer_autodiagnostics(avec(grappe_bretagne(), reponses), JEU)


def grappe_melangee() -> tuple[ResultatAutodiagnostic, ...]:
    """Un grand OG tout à 0, un petit tout à 4 sauf le Wi-Fi, un petit avec un RSI qui n'a
    pas commencé."""
    q = questionnaire()
    grand = og("g", nombre_essms_geres=40)
    avec_rsi = og("r", nombre_essms_geres=3, dispose_rsi=True)
    petit_og = og("p", nombre_essms_geres=3)
    d = dossier([etab(1, organisme="g"), etab(2, organisme="p"), etab(3, organisme="r")])
    d.organismes = [grand, petit_og, avec_rsi]
    reponses = {
        "g": _toutes(q, Version.DIRECTEUR, 0),
        "p": {**_toutes(q, Version.DIRECTEUR, 4), "inf-wifi": 0},
    }
    return evaluer_autodiagnostics(avec(d, reponses), JEU)


def usage_seul() -> tuple[ResultatAutodiagnostic, ...]:
    """Les Ajoncs n'ont répondu qu'aux questions d'usage, toutes à 0."""
    q = questionnaire()
    usage = [x.id for x in q.questions_de(Version.DIRECTEUR) if x.dimension == "usage"]
    return evaluer_autodiagnostics(
        avec(grappe_bretagne(), {"ajoncs": dict.fromkeys(usage, 0)}), JEU
    )


def test_recommandations_d_une_grappe_de_petits_og() -> None:
    ajoncs, keravel = grappe_de_petits_og()
    assert _ids(ajoncs) == [
        "pilotage-amoa-projet",  # chef de projet interne financé par l'AMOA projet
        "mutualiser-un-rsi",  # aucun OG de la grappe n'a de RSI
        "s-appuyer-sur-la-grappe",
        "equiper-petite-taille",
        "besoins-amoa-marche",
        "securiser",
        "mode-degrade",
        "delegue-protection-donnees",
        "cibles-d-usage",
    ]
    recos = _par_id(ajoncs)
    specifiques = "financement.financements_specifiques"
    # Les montants sont ceux des paramètres de la campagne, avec leur référence.
    for identifiant, nom, attendu in (
        ("pilotage-amoa-projet", "amoa_projet_par_projet", "l'AMOA projet ({} par projet)"),
        ("equiper-petite-taille", "equipement_par_essms", "{} par ESSMS"),
        ("besoins-amoa-marche", "amoa_marche_par_projet", "l'AMOA marché ({} par projet)"),
    ):
        parametre = JEU[f"{specifiques}.{nom}"]
        assert attendu.format(euros_ronds(parametre.valeur)) in recos[identifiant].texte
        assert recos[identifiant].reference == parametre.reference
    assert "(100\u202f000\xa0€ par projet)" in recos["pilotage-amoa-projet"].texte  # en 2022
    # Ker Avel fait mieux dans toutes les dimensions : un seul appui, qui la nomme.
    assert recos["s-appuyer-sur-la-grappe"].texte.startswith(
        "Appuyez-vous sur Fondation Ker Avel, qui fait mieux en management du SI (3,0 sur 4)"
    )
    assert all(
        x.reference.startswith(("Instruction 2022/34", "FAQ ESMS numérique", "Règlement"))
        for x in ajoncs.recommandations
    )
    # Ker Avel, solide, appuie les autres.
    assert [x.texte for x in keravel.recommandations] == [
        "SI solide (3,0 sur 4) : Fondation Ker Avel peut appuyer les autres membres de la "
        "grappe (retour d'expérience, référents, achats)."
    ]
    assert _ids(keravel) == ["si-solide"]


def test_recommandations_selon_la_situation() -> None:
    g, p, r = grappe_melangee()
    # Pas de petite taille : pas de financement spécifique, le forfait MOA et le budget à la
    # place ; le RSI d'un autre OG à partager ; le petit OG qui fait mieux en appui.
    assert _ids(g) == [
        "pilotage-forfait-moa",
        "mutualiser-le-rsi-de-la-grappe",
        "s-appuyer-sur-la-grappe",
        "equiper-sur-son-budget",
        "besoins-cahier-des-charges",
        "securiser",
        "mode-degrade",
        "delegue-protection-donnees",
        "cibles-d-usage",
    ]
    recos = _par_id(g)
    forfait = JEU["financement.forfait_moa.acquisition.rangs_1_a_49"]
    assert (
        f"forfait de maîtrise d'ouvrage ({euros_ronds(forfait.valeur)} par ESSMS"
        in recos["pilotage-forfait-moa"].texte
    )
    assert recos["pilotage-forfait-moa"].reference == forfait.reference
    assert (
        "Organisme r dispose d'un responsable SI" in recos["mutualiser-le-rsi-de-la-grappe"].texte
    )
    assert recos["s-appuyer-sur-la-grappe"].texte.startswith("Appuyez-vous sur Organisme p,")
    # Une question du socle à 0 suffit pour recommander l'équipement, demandé ou non.
    assert _ids(p) == ["equiper-petite-taille"]
    assert p.recommandations[0].texte.endswith(
        " 1 de ses 1 ESSMS ne le demandent pas encore (page « Établissements »)."
    )
    # Pas commencé : une seule recommandation, le remplir (version RSI).
    assert _ids(r) == ["remplir"]
    assert [x.texte for x in r.recommandations] == [
        "Remplissez l'autodiagnostic (version pour le responsable SI (RSI)) : chaque organisme "
        "de la grappe doit le faire, et l'ARS peut en demander les résultats."
    ]
    assert r.recommandations[0].reference == "Instruction 2022/34, II.B.5)"


def test_recommandation_de_terminer_et_cibles_d_usage() -> None:
    ajoncs, _ = usage_seul()
    usage = [x for x in questionnaire().questions_de(Version.DIRECTEUR) if x.dimension == "usage"]
    assert _ids(ajoncs)[0] == "terminer"
    assert ajoncs.recommandations[0].texte.startswith(
        f"Terminez l'autodiagnostic : {25 - len(usage)} questions sans réponse."
    )
    cibles = _par_id(ajoncs)["cibles-d-usage"].texte
    assert (
        "(50\xa0%)" in cibles and "MSSanté 70\xa0%, DMP 70\xa0%, dossiers actifs 90\xa0%" in cibles
    )


def test_chaque_recommandation_du_fichier_est_donnee_dans_une_situation() -> None:
    donnees = {
        x.id for resultats in (grappe_de_petits_og(), grappe_melangee(), usage_seul())
        for r in resultats for x in r.recommandations
    }  # fmt: skip
    assert donnees == {m.id for m in recommandations()}


# --- Les règles s'en servent ----------------------------------------------------------------


MESSAGE_TAILLE = (
    "9 ESSMS retenus, moins que les 15 attendus idéalement : l'ARS appréciera la maturité "
    "en management du SI de la maîtrise d'ouvrage (autodiagnostic de chaque OG) et pourra "
    "accepter le projet."
)


def avec(d: Dossier, reponses: Reponses) -> Dossier:
    """Le dossier, avec ces réponses d'autodiagnostic."""
    d.autodiagnostic = reponses
    return d


def _avertissements(ev) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.message for a in ev.anomalies if a.gravite is Gravite.AVERTISSEMENT]


def test_sans_reponses_l_evaluation_est_inchangee() -> None:
    d = grappe_bretagne()
    ev = evaluer(d)
    assert not commence(ev.autodiagnostics)
    assert _avertissements(ev) == [MESSAGE_TAILLE]
    pieces = pieces_a_joindre(d, ev)
    assert all(p.complete for p in pieces)
    assert "Autodiagnostic de maturité SI, version directeur" in [p.libelle for p in pieces]


def test_l_avertissement_de_taille_nomme_les_scores_de_maturite() -> None:
    d = grappe_bretagne()
    q = questionnaire()
    posees = q.questions_de(Version.DIRECTEUR)
    reponses = {"ajoncs": {x.id: 2 for x in posees[:10]}}
    ev = evaluer(avec(d, reponses))
    assert len(ev.autodiagnostics) == 2
    [message] = _avertissements(ev)
    assert message == (
        f"{MESSAGE_TAILLE} Scores de maturité que l'ARS regardera — Association Les Ajoncs : "
        "2,0 sur 4 (management du SI 2,0 sur 4), rempli à 40\xa0% ; Fondation Ker Avel : "
        "autodiagnostic non commencé."
    )
    assert resume_maturite(ev.autodiagnostics[0]).startswith("Association Les Ajoncs : 2,0")
    infos = [a.message for a in ev.anomalies if a.gravite is Gravite.INFORMATION]
    assert (
        "Association Les Ajoncs remplit l'autodiagnostic de maturité SI (version pour le "
        "directeur) : 10 réponses sur 25 (40\xa0%)." in infos
    )
    assert (
        "Fondation Ker Avel n'a pas commencé l'autodiagnostic de maturité SI (version pour le "
        "directeur)." in infos
    )
    # Les montants ne bougent pas.
    assert ev.totaux == evaluer(grappe_bretagne()).totaux


def test_un_projet_assez_grand_n_a_pas_d_avertissement_de_taille() -> None:
    d = dossier(serie(15), [og(nombre_essms_geres=15)])
    ev = evaluer(avec(d, {"og1": {"man-referent": 3}}))
    assert not any("attendus idéalement" in m for m in _avertissements(ev))


def test_un_autodiagnostic_incomplet_est_une_piece_a_completer() -> None:
    d = grappe_bretagne()
    q = questionnaire()
    posees = q.questions_de(Version.DIRECTEUR)
    reponses = {
        "ajoncs": {x.id: NON_CONCERNE if i == 0 else 3 for i, x in enumerate(posees)},
        "keravel": {x.id: 1 for x in posees[:5]},
    }
    pieces = {
        p.concerne: p
        for p in pieces_a_joindre(d, evaluer(avec(d, reponses)))
        if "Autodiag" in p.libelle
    }
    ajoncs, keravel = pieces["Association Les Ajoncs"], pieces["Fondation Ker Avel"]
    assert ajoncs.complete and ajoncs.libelle == "Autodiagnostic de maturité SI, version directeur"
    assert not keravel.complete
    assert keravel.libelle == (
        "Autodiagnostic de maturité SI, version directeur — à compléter : 5 réponses sur 25 "
        "(20\xa0%)"
    )
    ev = evaluer(avec(d, reponses))
    infos = [a.message for a in ev.anomalies if a.gravite is Gravite.INFORMATION]
    assert (
        "Association Les Ajoncs a rempli l'autodiagnostic de maturité SI (version pour le "
        "directeur) : 3,0 sur 4." in infos
    )


# --- Reprendre ------------------------------------------------------------------------------


def test_question_de_reprise(petit: Questionnaire) -> None:
    posees = petit.questions_de(Version.DIRECTEUR)
    ids = [x.id for x in posees]
    assert question_de_reprise(posees, {}, None) == 0
    assert question_de_reprise(posees, {"m1": 2, "m2": 1}, None) == 2
    assert question_de_reprise(posees, {"m1": 2}, "sec") == ids.index("sec")
    # Une position qui n'est plus posée (changement de version) : la première sans réponse.
    assert question_de_reprise(posees, {"m1": 2}, "r1") == 1
    assert question_de_reprise(posees, dict.fromkeys(ids, 1), None) == 0


def test_organisme_de_reprise(petit: Questionnaire) -> None:
    d = dossier([etab(1, organisme="a"), etab(2, organisme="b")], [og("a"), og("b")])
    complets = {"a": {x.id: 2 for x in petit.questions_de(Version.DIRECTEUR)}}
    resultats = [noter(o, complets.get(o.id, {}), petit) for o in d.organismes]
    assert organisme_de_reprise(d, resultats, ["disparu", "a", "b"]) == "a"
    assert organisme_de_reprise(d, resultats, []) == "b"  # le premier incomplet
    tous = [noter(o, complets["a"], petit) for o in d.organismes]
    assert organisme_de_reprise(d, tous, []) == "a"
    d.organismes = []
    assert organisme_de_reprise(d, [], []) is None
