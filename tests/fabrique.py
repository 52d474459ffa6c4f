"""Petits constructeurs de dossiers pour les tests des règles."""

from decimal import Decimal as D

from hypothesis import strategies as st
from stdnum import luhn

from app_bureau.modele import (
    Champ,
    Dossier,
    Etablissement,
    FinancementsSpecifiques,
    ModeAchat,
    OrganismeGestionnaire,
    Porteur,
    Solution,
    TypeProjet,
)

_PREFIXES_OUTRE_MER = {"971": "9701", "972": "9702", "973": "9703", "974": "9704", "975": "9705"}
_PREFIXES_OUTRE_MER |= {"976": "9805", "986": "9806"}


def finess(departement: str = "35", numero: int = 1) -> str:
    """Un FINESS géographique valide du département donné."""
    if departement in ("2A", "2B"):
        return f"{departement}{numero:07d}"
    prefixe = _PREFIXES_OUTRE_MER.get(departement, departement)
    base = f"{prefixe}{numero:0{8 - len(prefixe)}d}"
    return base + luhn.calc_check_digit(base)


def og(
    identifiant: str = "og1", nombre_essms_geres: int = 5, departement: str = "35", **autres: object
) -> OrganismeGestionnaire:
    return OrganismeGestionnaire(
        id=identifiant,
        raison_sociale=f"Organisme {identifiant}",
        siret="73282932000074",
        departement=departement,
        nombre_essms_geres=nombre_essms_geres,
        **autres,  # type: ignore[arg-type]
    )


def etab(
    numero: int = 1,
    departement: str = "35",
    organisme: str = "og1",
    champ: Champ = Champ.PA,
    projet: TypeProjet = TypeProjet.ACQUISITION,
    **autres: object,
) -> Etablissement:
    return Etablissement(
        finess=finess(departement, numero),
        organisme=organisme,
        nom=f"ESSMS {numero}",
        champ=champ,
        projet=projet,
        **autres,  # type: ignore[arg-type]
    )


def dossier(
    etablissements: list[Etablissement],
    organismes: list[OrganismeGestionnaire] | None = None,
    campagne: str = "2022",
    referencee_segur: bool = True,
    referencee_sad: bool = True,
    mode_achat: ModeAchat = ModeAchat.SAD,
    amoa_marche: bool = False,
    amoa_projet: bool = False,
    **porteur: object,
) -> Dossier:
    return Dossier(
        campagne=campagne,
        nom="Dossier de test",
        porteur=Porteur(raison_sociale="Porteur", siret="73282932000074", **porteur),  # type: ignore[arg-type]
        organismes=organismes if organismes is not None else [og()],
        solution=Solution("Éditeur", "Logiciel", referencee_segur, referencee_sad, mode_achat),
        financements_specifiques=FinancementsSpecifiques(amoa_marche, amoa_projet),
        etablissements=etablissements,
    )


def serie(
    nombre: int, departement: str = "35", depart: int = 1, **autres: object
) -> list[Etablissement]:
    """`nombre` ESSMS du même département, numérotés à partir de `depart`."""
    return [etab(depart + i, departement, **autres) for i in range(nombre)]  # type: ignore[arg-type]


DEPARTEMENTS = ["35", "56", "75", "69", "2A", "974", "971", "975"]
parts = st.sampled_from([D("1"), D("0.5"), D("0.625"), D("0.3333"), D("0.999"), D("0.01")])
devis = st.one_of(st.none(), st.decimals(min_value=0, max_value=30000, places=2))


@st.composite
def dossiers(draw: st.DrawFn) -> Dossier:
    organismes = [
        og(f"og{i}", draw(st.integers(1, 30)), draw(st.sampled_from(DEPARTEMENTS)))
        for i in range(draw(st.integers(1, 4)))
    ]
    nombre = draw(st.integers(0, 70))
    etablissements = [
        etab(
            numero=i + 1,
            departement=draw(st.sampled_from(DEPARTEMENTS)),
            organisme=draw(st.sampled_from(organismes)).id,
            champ=draw(st.sampled_from(list(Champ))),
            projet=draw(st.sampled_from(list(TypeProjet))),
            deja_finance=draw(st.booleans()) and draw(st.booleans()),
            part_activite_eligible=draw(parts),
            devis_editeur=draw(devis),
            equipement=draw(st.booleans()),
        )
        for i in range(nombre)
    ]
    return dossier(
        etablissements,
        organismes,
        campagne=draw(st.sampled_from(["2022", "2023"])),
        referencee_segur=draw(st.booleans()),
        referencee_sad=draw(st.booleans()),
        mode_achat=draw(st.sampled_from(list(ModeAchat))),
        amoa_marche=draw(st.booleans()),
        amoa_projet=draw(st.booleans()),
        representativite_nationale=draw(st.booleans()),
    )
