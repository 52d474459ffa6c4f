"""Référencement Ségur de la solution : AHI et PJM en 2023.

FAQ ESMS numérique (03/02/2023), « Les solutions DUI choisies dans le cadre des projets
d'acquisition doivent-elles être obligatoirement référencées Ségur ? » : « Oui, la solution
DUI retenue doit obligatoirement être une solution référencée Ségur pour que le porteur de
projet puisse bénéficier des financements du programme ESMS numérique. » ; « Est-ce qu'un
porteur de projet peut répondre… » : « la solution logicielle retenue ou à faire évoluer doit
être référencée Ségur « Vague 1 » dans le couloir médico-social, sauf dans le cas des
Groupements Hospitaliers de Territoire (GHT) ».

Instruction 2022/34, II.B.3) : « les porteurs de projets du champ social, qu'ils soient dans
une démarche d'acquisition/renouvellement ou de montée de version ne sont éligibles que s'ils
s'engagent avec un éditeur référencé Ségur ».
"""

import pytest

from app_bureau.modele import Champ, Gravite, ModeAchat
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.parametres import parametres
from app_bureau.regles.recevabilite import regle_segur
from tests.fabrique import dossier, etab

AHI, PJM, PA = Champ.AHI, Champ.PJM, Champ.PA


def grappe(champs: tuple[Champ, ...], campagne: str = "2023", segur: bool = False):  # type: ignore[no-untyped-def]
    etablissements = [etab(i + 1, champ=c) for i, c in enumerate(champs)]
    return dossier(
        etablissements,
        campagne=campagne,
        referencee_segur=segur,
        referencee_sad=False,
        mode_achat=ModeAchat.MISE_EN_CONCURRENCE,
    )


def constats(ev, champ: str, gravite: Gravite) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.message for a in ev.anomalies if a.champ == champ and a.gravite is gravite]


@pytest.mark.parametrize("champs", [(AHI,), (PJM,), (AHI, PJM, AHI)])
def test_2023_acquisition_ahi_pjm_non_referencee_bloque_avec_une_information(champs) -> None:
    ev = evaluer(grappe(champs))
    assert not ev.recevable
    [bloquant] = constats(ev, "solution.referencee_segur", Gravite.BLOQUANT)
    assert (
        bloquant
        == "La solution DUI doit être référencée Ségur : projet d'acquisition, campagne 2023."
    )
    [information] = constats(ev, "solution.referencee_segur", Gravite.INFORMATION)
    assert "l'instruction 2023/13, que l'application ne reprend pas, dispenserait" in information
    assert information.endswith("demandez à l'ARS de confirmer la dispense.")
    [a] = [a for a in ev.anomalies if a.message == information]
    assert "texte que l'application ne détient pas" in a.reference


def test_2023_pas_d_information_si_un_essms_n_est_pas_ahi_ou_pjm() -> None:
    ev = evaluer(grappe((AHI, PA)))
    assert constats(ev, "solution.referencee_segur", Gravite.BLOQUANT)
    assert not constats(ev, "solution.referencee_segur", Gravite.INFORMATION)


def test_2023_solution_referencee_ni_blocage_ni_information() -> None:
    ev = evaluer(grappe((AHI, PJM), segur=True))
    assert not [a for a in ev.anomalies if a.champ == "solution.referencee_segur"]


def test_2022_le_champ_social_exigeait_deja_le_referencement() -> None:
    ev = evaluer(grappe((AHI, PJM), campagne="2022"))
    [bloquant] = constats(ev, "solution.referencee_segur", Gravite.BLOQUANT)
    assert "la majorité des ESSMS retenus ne relève pas des champs personnes âgées" in bloquant
    assert not constats(ev, "solution.referencee_segur", Gravite.INFORMATION)


def test_la_regle_segur_de_chaque_campagne_en_une_phrase() -> None:
    assert (
        "peut choisir une solution non référencée Ségur" in regle_segur(parametres("2022")).libelle
    )
    regle = regle_segur(parametres("2023")).libelle
    assert regle.startswith("toute acquisition exige une solution référencée Ségur ;")
    assert "est à confirmer par l'ARS" in regle
