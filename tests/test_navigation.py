"""Les étapes du dossier sans Qt : l'étape de chaque champ, l'état de chaque étape, les saisies
refusées comptées comme problèmes bloquants ; les modifications réversibles."""

from decimal import Decimal

import pytest

from app_bureau.modele import Gravite, OrganismeGestionnaire, SaisieEnAttente
from app_bureau.modifications import (
    AjoutEtablissements,
    AjoutOrganisme,
    ChangementDeChamps,
    DeplacementEtablissement,
    ReponseAutodiagnostic,
    RetraitOrganisme,
    SuppressionEtablissements,
    changement,
)
from app_bureau.navigation import (
    REFERENCE_SAISIE,
    Page,
    bloquants_de_la_page,
    constats,
    etat,
    page_de_nom,
    page_du_champ,
    page_precedente,
    page_suivante,
)
from app_bureau.regles.evaluation import evaluer
from tests.fabrique import dossier, etab, og


@pytest.mark.parametrize(
    ("chemin", "page"),
    [
        ("nom", Page.PORTEUR),
        ("porteur.contact.email", Page.PORTEUR),
        ("organismes[1].departement", Page.ORGANISMES),
        ("organismes", Page.ORGANISMES),
        ("etablissements[12].finess", Page.ETABLISSEMENTS),
        ("financements_specifiques.amoa_projet", Page.SOLUTION),
        ("autodiagnostic.og1", Page.AUTODIAGNOSTIC),
        ("suivi.mesures[3].dmp_alimentes", Page.SUIVI),
        ("suivi.convention.debut_projet", Page.SUIVI),
        ("", None),
        ("porteurs", None),
    ],
)
def test_page_du_champ(chemin: str, page: Page | None) -> None:
    assert page_du_champ(chemin) is page


def test_ordre_et_noms_des_etapes() -> None:
    assert page_suivante(Page.PORTEUR) is Page.ORGANISMES
    assert page_suivante(Page.DOCUMENTS) is Page.SUIVI
    assert page_suivante(Page.SUIVI) is None
    assert page_precedente(Page.PORTEUR) is None
    assert page_precedente(Page.DOCUMENTS) is Page.FINANCEMENT
    assert page_de_nom("solution") is Page.SOLUTION
    assert page_de_nom("exporter") is Page.DOCUMENTS  # nom d'une version précédente
    assert page_de_nom(None) is page_de_nom("inconnue") is Page.PORTEUR


def test_une_saisie_refusee_est_un_probleme_bloquant_de_son_etape() -> None:
    d = dossier([etab(1), etab(2)])
    ev = evaluer(d)
    saisie = SaisieEnAttente("etablissements[1].finess", "350000027", "clé de contrôle invalide")
    saisies = {saisie.chemin: saisie}
    [premier, *_] = constats(ev, saisies)
    assert premier.gravite is Gravite.BLOQUANT and premier.champ == saisie.chemin
    assert premier.reference == REFERENCE_SAISIE
    assert premier.message == (
        "Ligne 2, FINESS : « 350000027 » n'est pas enregistré — clé de contrôle invalide."
    )
    assert bloquants_de_la_page(ev, Page.ETABLISSEMENTS, saisies) == [premier]
    assert bloquants_de_la_page(ev, Page.ETABLISSEMENTS) == []
    assert etat(Page.ETABLISSEMENTS, d, ev, saisies).libelle == "1 problème bloquant"
    assert etat(Page.ELIGIBILITE, d, ev, saisies).bloquants == ev.nombre(Gravite.BLOQUANT) + 1
    # les documents ne sont pas « complets » tant qu'une saisie refusée attend
    assert etat(Page.DOCUMENTS, d, ev, saisies).libelle == "à compléter"
    assert etat(Page.DOCUMENTS, d, ev, {}).a_completer is not ev.recevable


def test_etats_des_etapes() -> None:
    vide = dossier([])
    vide.organismes = []
    ev = evaluer(vide)
    assert etat(Page.ORGANISMES, vide, ev, {}).libelle == "à compléter"
    complet = dossier([etab(1)])
    complet.porteur.raison_sociale = "Association"
    complet.porteur.contact.nom, complet.porteur.contact.email = "Anne", "anne@exemple.fr"
    ev = evaluer(complet)
    assert etat(Page.PORTEUR, complet, ev, {}).libelle == "complet"
    assert etat(Page.ETABLISSEMENTS, complet, ev, {}).complet
    assert etat(Page.AUTODIAGNOSTIC, complet, ev, {}).libelle == "à compléter"
    complet.porteur.siret = ""
    ev = evaluer(complet)
    assert etat(Page.PORTEUR, complet, ev, {}).libelle == "1 problème bloquant"


# --- Modifications réversibles --------------------------------------------------------------


def test_changer_des_champs_puis_annuler_et_refaire() -> None:
    d = dossier([etab(1)])
    m = ChangementDeChamps(
        {"etablissements[0].categorie": "355", "etablissements[0].devis_editeur": Decimal(9000)}
    )
    m.appliquer(d)
    assert (d.etablissements[0].categorie, d.etablissements[0].devis_editeur) == ("355", 9000)
    m.annuler(d)
    assert (d.etablissements[0].categorie, d.etablissements[0].devis_editeur) == (None, None)
    m.appliquer(d)
    assert d.etablissements[0].categorie == "355"
    assert changement("porteur.siret", "x").libelle == "modifier « SIRET »"


def test_supprimer_des_lignes_puis_annuler_rend_chaque_ligne_a_sa_place() -> None:
    d = dossier([etab(i) for i in range(1, 6)])
    avant = list(d.etablissements)
    m = SuppressionEtablissements([3, 1])
    m.appliquer(d)
    assert [e.nom for e in d.etablissements] == ["ESSMS 1", "ESSMS 3", "ESSMS 5"]
    assert m.libelle == "supprimer 2 établissements"
    m.annuler(d)
    assert d.etablissements == avant


def test_ajouter_deplacer_et_annuler() -> None:
    d = dossier([etab(1), etab(2)])
    ajout = AjoutEtablissements([etab(3), etab(4)])
    ajout.appliquer(d)
    assert len(d.etablissements) == 4 and ajout.libelle == "ajouter 2 établissements"
    deplacement = DeplacementEtablissement(3, 0)
    deplacement.appliquer(d)
    assert d.etablissements[0].nom == "ESSMS 4"
    deplacement.annuler(d)
    ajout.annuler(d)
    assert [e.nom for e in d.etablissements] == ["ESSMS 1", "ESSMS 2"]


def test_retirer_un_organisme_puis_annuler_rend_ses_reponses() -> None:
    d = dossier([etab(1)], [og("og1"), og("og2")])
    ReponseAutodiagnostic("og2", "man-referent", 3).appliquer(d)
    retrait = RetraitOrganisme(1)
    retrait.appliquer(d)
    assert [o.id for o in d.organismes] == ["og1"] and "og2" not in d.autodiagnostic
    retrait.annuler(d)
    assert [o.id for o in d.organismes] == ["og1", "og2"]
    assert d.autodiagnostic == {"og2": {"man-referent": 3}}
    ajout = AjoutOrganisme(OrganismeGestionnaire("og3"))
    ajout.appliquer(d)
    ajout.annuler(d)
    assert [o.id for o in d.organismes] == ["og1", "og2"]


def test_repondre_puis_annuler() -> None:
    d = dossier([etab(1)])
    premiere = ReponseAutodiagnostic("og1", "man-referent", 2)
    premiere.appliquer(d)
    seconde = ReponseAutodiagnostic("og1", "man-referent", 4)
    seconde.appliquer(d)
    seconde.annuler(d)
    assert d.autodiagnostic == {"og1": {"man-referent": 2}}
    premiere.annuler(d)
    assert d.autodiagnostic == {}


# --- L'étape « Suivi » ------------------------------------------------------------------------


def test_le_suivi_n_est_montre_qu_une_fois_le_dossier_finance() -> None:
    import datetime

    from app_bureau.modele import EtatSuivi
    from app_bureau.modifications import DebutSuivi
    from app_bureau.navigation import visibles
    from app_bureau.regles.suivi import evaluer_suivi, suivi_prerempli

    d = dossier([etab(1), etab(2)])
    assert Page.SUIVI not in visibles(d)
    assert page_suivante(Page.DOCUMENTS, visibles(d)) is None
    evaluation = evaluer(d)
    modification = DebutSuivi(suivi_prerempli(d, evaluation))
    modification.appliquer(d)
    assert visibles(d) == tuple(Page)
    assert page_suivante(Page.DOCUMENTS, visibles(d)) is Page.SUIVI
    # Sans dates de signature et de début : à compléter ; ensuite, l'état de la grappe.
    assert etat(Page.SUIVI, d, evaluation, {}).libelle == "à compléter"
    d.suivi.convention.signee_le = d.suivi.convention.debut_projet = datetime.date(2025, 1, 1)
    resultat = evaluer_suivi(d, datetime.date(2025, 2, 1))
    etat_suivi = etat(Page.SUIVI, d, evaluation, {}, resultat)
    assert etat_suivi.suivi is EtatSuivi.EN_COURS and etat_suivi.libelle == "en cours"
    # Une saisie refusée d'une mesure est un problème bloquant de l'étape.
    saisie = SaisieEnAttente(
        "suivi.mesures[0].dmp_alimentes", "-3", "un nombre entier d'au moins 0"
    )
    assert etat(Page.SUIVI, d, evaluation, {saisie.chemin: saisie}, resultat).bloquants == 1
    [anomalie] = constats(evaluation, {saisie.chemin: saisie})[:1]
    assert anomalie.message.startswith("Mesures, ligne 1, DMP alimentés avec au moins un document")
    modification.annuler(d)
    assert d.suivi is None


def test_lignes_du_suivi_ajoutees_supprimees_et_pieces_cochees() -> None:
    import datetime

    from app_bureau.modele import Mesure, Suivi
    from app_bureau.modifications import AjoutDeLignes, PieceGardee, SuppressionDeLignes

    d = dossier([etab(1)])
    d.suivi = Suivi()
    f = d.etablissements[0].finess
    mesures = [Mesure(f, datetime.date(2025, m, 1)) for m in (3, 4, 5)]
    ajout = AjoutDeLignes("suivi.mesures", mesures)
    assert ajout.libelle == "ajouter 3 mesures"
    ajout.appliquer(d)
    retrait = SuppressionDeLignes("suivi.mesures", [2, 0])
    assert retrait.libelle == "supprimer 2 mesures"
    retrait.appliquer(d)
    assert d.suivi.mesures == [mesures[1]]
    retrait.annuler(d)
    assert d.suivi.mesures == mesures
    ajout.annuler(d)
    assert d.suivi.mesures == []
    piece = PieceGardee("factures", True)
    piece.appliquer(d)
    assert d.suivi.preuves_gardees == ["factures"]
    piece.annuler(d)
    assert d.suivi.preuves_gardees == []
