"""Un OG dont le nombre d'ESSMS déclaré est sous celui du dossier (II.D.3).

Instruction 2022/34, II.D.3) : « Financements spécifiques pour les organismes gestionnaires
de petite taille (moins de 8 ou moins de 15 ESSMS) » ; « Un financement forfaitaire de 20 k€
par ESSMS », « Un financement forfaitaire de 15 K€ par projet », « Un financement
forfaitaire de 100 K€ par projet ». Un OG qui déclare 10 ESSMS mais en a 16 dans le dossier
gère au moins 16 ESSMS : il n'est pas de petite taille.
"""

from decimal import Decimal as D

from app_bureau.modele import Gravite
from app_bureau.regles.evaluation import evaluer
from tests.fabrique import dossier, etab, og, serie


def test_seize_essms_dans_le_dossier_pour_dix_declares_pas_de_petite_taille() -> None:
    d = dossier(
        serie(16, equipement=True), [og(nombre_essms_geres=10)], amoa_marche=True, amoa_projet=True
    )
    ev = evaluer(d)
    [resultat] = ev.organismes
    assert resultat.petite_taille is False
    assert resultat.explication.libelle == (
        "gère au moins 16 ESSMS (10 déclarés, 16 dans le dossier), au moins 15 (siège en "
        "métropole (Ille-et-Vilaine)) : pas de petite taille"
    )
    # Ni 16 × 20 000 = 320 000 € d'équipement, ni 15 000 + 100 000 = 115 000 € d'AMOA.
    assert ev.totaux.equipement == 0
    assert ev.totaux.amoa_marche == ev.totaux.amoa_projet == 0
    assert ev.totaux.total == 16 * D(21500)  # 7 000 + 14 500 par ESSMS (II.D.1)
    [constat] = [a for a in ev.anomalies if a.champ == "organismes[0].nombre_essms_geres"]
    assert constat.gravite is Gravite.AVERTISSEMENT
    assert constat.message.startswith(
        "Organisme og1 déclare gérer 10 ESSMS mais en a 16 dans le dossier ; corrigez le "
        "nombre d'ESSMS gérés"
    )
    assert "il n'est donc pas de petite taille" in constat.message
    assert constat.reference == "Instruction 2022/34, II.D.3)"


def test_declaration_sous_le_dossier_sans_changer_la_taille() -> None:
    ev = evaluer(dossier(serie(6), [og(nombre_essms_geres=4)]))
    assert ev.organismes[0].petite_taille is True
    [constat] = [a for a in ev.anomalies if a.champ == "organismes[0].nombre_essms_geres"]
    assert "déclare gérer 4 ESSMS mais en a 6" in constat.message
    assert "pas de petite taille" not in constat.message


def test_declaration_au_moins_egale_pas_de_constat() -> None:
    ev = evaluer(dossier(serie(5), [og(nombre_essms_geres=5)]))
    assert not any(a.champ.endswith("nombre_essms_geres") for a in ev.anomalies)
    assert ev.organismes[0].explication.libelle.startswith("gère 5 ESSMS, moins de 15")


def test_un_etablissement_hors_champ_ne_compte_pas() -> None:
    """Une USLD (catégorie 362) n'est pas un ESSMS : elle n'entre pas dans le compte."""
    etablissements = [*serie(14), etab(99, categorie="362")]
    ev = evaluer(dossier(etablissements, [og(nombre_essms_geres=3)]))
    assert ev.organismes[0].petite_taille is True
    assert "14 dans le dossier" in ev.organismes[0].explication.libelle


def test_un_essms_deja_finance_compte_quand_meme() -> None:
    """Non retenu, il reste géré par l'OG : il compte."""
    etablissements = [*serie(14), etab(99, deja_finance=True)]
    ev = evaluer(dossier(etablissements, [og(nombre_essms_geres=3)]))
    assert ev.organismes[0].petite_taille is False


def test_chaque_og_compte_ses_etablissements() -> None:
    organismes = [og("a", 10), og("b", 2)]
    etablissements = [*serie(16, organisme="a"), *serie(3, organisme="b", depart=50)]
    ev = evaluer(dossier(etablissements, organismes))
    assert [o.petite_taille for o in ev.organismes] == [False, True]
    champs = [a.champ for a in ev.anomalies if a.champ.endswith("nombre_essms_geres")]
    assert champs == ["organismes[0].nombre_essms_geres", "organismes[1].nombre_essms_geres"]


def test_le_quinzieme_essms_du_dossier_fait_perdre_la_petite_taille() -> None:
    """Un ESSMS de plus peut baisser le total : 14 ESSMS d'un OG qui en déclare 5 ouvrent
    14 × 20 000 € d'équipement ; au 15e, l'OG n'est plus de petite taille (II.D.3)."""
    avant = evaluer(dossier(serie(14, equipement=True), [og(nombre_essms_geres=5)]))
    apres = evaluer(dossier(serie(15, equipement=True), [og(nombre_essms_geres=5)]))
    assert avant.totaux.total == 14 * (D(21500) + D(20000))  # 581 000 €
    assert apres.totaux.total == 15 * D(21500)  # 322 500 €
