"""Solution en cours de référencement Ségur : un troisième état, accepté avec un avertissement
et une pièce à joindre.

FAQ ESMS numérique (03/02/2023), « Est-ce qu'un porteur de projet peut répondre à l'appel à
projets régional sur un projet d'évolution de son DUI même si sa solution DUI n'est pas
référencée Ségur au moment de son dépôt de candidature ESMS numérique ? » : « la solution
logicielle retenue ou à faire évoluer doit être référencée Ségur « Vague 1 » dans le couloir
médico-social […]. Dans le cas où le logiciel serait en cours de référencement au moment du
dépôt de la demande de financement, le référencement Ségur doit intervenir avant le démarrage de
la phase de paramétrage du logiciel. »

Instruction 2022/34, II.D.1) : « Jusqu'à 12 k€ maximum destinés à financer la prestation de
l'éditeur […]. Ce montant plafond est porté à 14,5 k€ si cet éditeur est référencé Ségur » :
tant que le référencement n'est pas obtenu, le plafond est celui d'une solution non référencée.
"""

from decimal import Decimal

from app_bureau.modele import Champ, Gravite, ModeAchat, TypeProjet
from app_bureau.regles.evaluation import evaluer
from app_bureau.regles.pieces import pieces_a_joindre
from tests.fabrique import dossier, etab

CITATION = (
    "« le référencement Ségur doit intervenir avant le démarrage de la phase de paramétrage du "
    "logiciel »"
)
PIECE = "Preuve de la demande de référencement Ségur de la solution et son calendrier"


def en_cours(campagne: str = "2023", projet: TypeProjet = TypeProjet.ACQUISITION, **autres):  # type: ignore[no-untyped-def]
    d = dossier(
        [etab(i + 1, projet=projet, **autres) for i in range(15)],
        campagne=campagne,
        referencee_segur=False,
        referencee_sad=True,
        mode_achat=ModeAchat.SAD,
    )
    d.solution.referencement_segur_en_cours = True
    return d


def champ_en_cours(ev, gravite: Gravite) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        a.message
        for a in ev.anomalies
        if a.champ == "solution.referencement_segur_en_cours" and a.gravite is gravite
    ]


def test_2023_acquisition_en_cours_acceptee_avec_un_avertissement_et_une_piece() -> None:
    d = en_cours()
    ev = evaluer(d)
    assert ev.recevable  # bloquant avant le troisième état
    assert not [a for a in ev.anomalies if a.champ == "solution.referencee_segur"]
    [avertissement] = champ_en_cours(ev, Gravite.AVERTISSEMENT)
    assert avertissement.startswith(
        "La solution DUI doit être référencée Ségur : projet d'acquisition, campagne 2023. "
        "Elle est en cours de référencement, ce qui est accepté"
    )
    assert CITATION in avertissement
    [a] = [a for a in ev.anomalies if a.message == avertissement]
    assert "« Est-ce qu'un porteur de projet peut répondre à l'appel à projets régional" in (
        a.reference
    )
    assert any(p.libelle.startswith(PIECE) for p in pieces_a_joindre(d, ev))


def test_mise_en_conformite_en_cours_acceptee_chaque_campagne() -> None:
    for campagne in ("2022", "2023"):
        d = en_cours(campagne, TypeProjet.MISE_EN_CONFORMITE)
        ev = evaluer(d)
        assert ev.recevable
        [avertissement] = champ_en_cours(ev, Gravite.AVERTISSEMENT)
        assert "15 ESSMS retenus en mise en conformité" in avertissement


def test_plafond_editeur_d_une_solution_non_referencee_tant_que_le_referencement_manque() -> None:
    ev = evaluer(en_cours())
    premier = ev.etablissements[0]
    # 7 000 € de maîtrise d'ouvrage + 12 000 € (plafond non référencé, faute de devis).
    assert (premier.moa, premier.editeur, premier.total) == (
        Decimal("7000.00"),
        Decimal("12000.00"),
        Decimal("19000.00"),
    )
    [ligne] = [x for x in premier.explications if x.libelle.startswith("Prestation de l'éditeur")]
    assert ligne.libelle == (
        "Prestation de l'éditeur, solution en cours de référencement Ségur (plafond d'une "
        "solution non référencée), rangs 1 à 49, plafond retenu faute de devis"
    )
    assert (
        ligne.parametre
        == "financement.plafond_editeur.acquisition.non_referencee_segur.rangs_1_a_49"
    )


def test_2022_acquisition_majorite_pa_sans_obligation_ni_avertissement_ni_piece() -> None:
    d = en_cours("2022", champ=Champ.PA)
    ev = evaluer(d)
    assert ev.recevable
    assert not champ_en_cours(ev, Gravite.AVERTISSEMENT)
    assert not any(p.libelle.startswith(PIECE) for p in pieces_a_joindre(d, ev))


def test_sans_la_case_la_solution_non_referencee_bloque_toujours() -> None:
    d = en_cours()
    d.solution.referencement_segur_en_cours = False
    ev = evaluer(d)
    assert not ev.recevable
    assert [a.champ for a in ev.anomalies if a.gravite is Gravite.BLOQUANT] == [
        "solution.referencee_segur"
    ]


def test_solution_deja_referencee_la_case_en_cours_est_dite_sans_effet() -> None:
    d = en_cours()
    d.solution.referencee_segur = True
    ev = evaluer(d)
    assert champ_en_cours(ev, Gravite.INFORMATION) == [
        "La solution est indiquée référencée Ségur : la case « Référencement Ségur en cours » "
        "est sans effet."
    ]
    assert ev.etablissements[0].editeur == Decimal("14500.00")
