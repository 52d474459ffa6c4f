"""Code de la commande publique : le porteur et chaque OG.

FAQ ESMS numérique (03/02/2023) :
- « Un projet intégrant des établissements qui souhaitent faire évoluer leur solution DUI et des
  établissements qui souhaitent acquérir une solution DUI doit-il obligatoirement recourir à une
  procédure d'achat cadrée par le code de la commande publique ? » : « Oui, dès lors qu'au moins
  un organisme gestionnaire du regroupement est soumis au code de la commande publique. » ;
- « le choix de l'éditeur peut-il se faire sans mise en concurrence ? » : « Cette mise en
  concurrence n'a pas d'obligation à être encadrée par le code de la commande publique sauf pour
  les porteurs qui y sont soumis par leur statut. » ;
- « quelles sont les pièces attendues… ? » : « les ARS contrôleront également le respect, par
  les ESSMS qui y sont assujettis, des règles de la commande publique. La totalité des pièces
  des marchés publics doivent être conservées jusqu'en 2036 ».

Instruction 2022/34, II.D.1) « Recours au SAD » : « Le porteur est soumis au Code de la commande
publique et dispose d'un marché en cours […]. Le porteur peut dans ce cas utiliser ce marché » :
c'est la case du porteur qui compte.
"""

from app_bureau.modele import Champ, Gravite, ModeAchat, TypeProjet
from app_bureau.regles.evaluation import evaluer
from tests.fabrique import dossier, etab, og

CONF, ACQ = TypeProjet.MISE_EN_CONFORMITE, TypeProjet.ACQUISITION


def grappe(
    projets: tuple[TypeProjet, TypeProjet],
    soumis_b: bool = False,
    mode: ModeAchat = ModeAchat.MISE_EN_CONCURRENCE,
    porteur_soumis: bool = False,
):  # type: ignore[no-untyped-def]
    """Deux OG d'ESSMS de la protection de l'enfance (pas de SAD obligatoire), solution
    référencée Ségur."""
    etablissements = [
        etab(1, organisme="a", champ=Champ.PDE, projet=projets[0]),
        etab(2, organisme="b", champ=Champ.PDE, projet=projets[1]),
    ]
    return dossier(
        etablissements,
        [og("a", 3), og("b", 4, soumis_commande_publique=soumis_b)],
        mode_achat=mode,
        referencee_sad=False,
        soumis_commande_publique=porteur_soumis,
    )


def achat(ev) -> list:  # type: ignore[no-untyped-def]
    return [a for a in ev.anomalies if a.champ == "solution.mode_achat"]


def mixte(ev) -> str:  # type: ignore[no-untyped-def]
    [message] = [a.message for a in ev.anomalies if a.message.startswith("Regroupement mixte")]
    return message


def test_mixte_un_og_soumis_la_mise_en_concurrence_doit_suivre_le_code() -> None:
    ev = evaluer(grappe((ACQ, CONF), soumis_b=True))
    [a] = achat(ev)
    assert a.gravite is Gravite.AVERTISSEMENT
    assert a.message == (
        "Achat soumis au code de la commande publique (Organisme b y est soumis) : la mise en "
        "concurrence des éditeurs doit suivre ce code, et les pièces du marché être conservées "
        "jusqu'en 2036."
    )
    assert "« Oui, dès lors" not in a.reference  # la question, pas la réponse
    assert "doit-il obligatoirement recourir à une procédure d'achat cadrée" in a.reference
    assert mixte(ev).endswith(
        "Organisme b est soumis au code de la commande publique : l'achat suit ce code."
    )


def test_mixte_sans_og_soumis_rien_a_suivre_et_l_information_le_dit() -> None:
    ev = evaluer(grappe((ACQ, CONF)))
    assert not achat(ev)
    assert "ni le porteur ni aucun organisme gestionnaire n'est indiqué soumis" in mixte(ev)


def test_sad_et_marche_existant_sont_des_procedures_de_la_commande_publique() -> None:
    for mode in (ModeAchat.SAD, ModeAchat.MARCHE_EXISTANT):
        ev = evaluer(grappe((ACQ, CONF), soumis_b=True, mode=mode, porteur_soumis=True))
        assert not [a for a in achat(ev) if a.message.startswith("Achat soumis")]


def test_acquisition_seule_un_og_soumis_ou_le_porteur() -> None:
    [a] = achat(evaluer(grappe((ACQ, ACQ), soumis_b=True)))
    assert "Organisme b y est soumis" in a.message
    [a] = achat(evaluer(grappe((ACQ, ACQ), porteur_soumis=True)))
    assert "(le porteur Porteur y est soumis)" in a.message
    assert not achat(evaluer(grappe((ACQ, ACQ))))


def test_mise_en_conformite_seule_pas_d_achat() -> None:
    assert not achat(evaluer(grappe((CONF, CONF), soumis_b=True)))


def test_marche_existant_reste_une_affaire_du_porteur_ii_d_1() -> None:
    etablissements = [etab(1, organisme="a"), etab(2, organisme="b")]  # PA : SAD obligatoire
    organismes = [og("a", 3), og("b", 4, soumis_commande_publique=True)]
    d = dossier(etablissements, organismes, mode_achat=ModeAchat.MARCHE_EXISTANT)
    [a] = achat(evaluer(d))
    assert a.gravite is Gravite.BLOQUANT
    assert a.message.startswith("Un marché existant ne remplace le SAD que pour un porteur soumis")
    d.porteur.soumis_commande_publique = True
    assert not achat(evaluer(d))


def test_porteur_qui_est_aussi_un_og_un_seul_statut() -> None:
    """Le II.D.1 lit la case du porteur, la FAQ celle de l'OG : s'ils sont la même structure
    (même SIRET), des cases contraires sont un point d'attention."""
    d = grappe((ACQ, CONF), soumis_b=True)
    assert d.porteur.siret == d.organismes[1].siret  # la fabrique donne le même SIRET à tous
    [a] = [x for x in evaluer(d).anomalies if x.champ == "porteur.soumis_commande_publique"]
    assert a.gravite is Gravite.AVERTISSEMENT
    assert a.message == (
        "Le porteur et Organisme b ont le même SIRET, mais Organisme b est indiqué soumis au code "
        "de la commande publique et le porteur non : une même structure a un seul statut, "
        "corrigez l'une des deux cases."
    )
    d.organismes[1].siret = "44306184100047"
    assert not [x for x in evaluer(d).anomalies if x.champ == "porteur.soumis_commande_publique"]
