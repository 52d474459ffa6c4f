"""Les libellés français des valeurs du modèle, pour les listes de choix.

Ils vivent dans `app_bureau.libelles` (sans Qt), partagés avec les exports ; ce module les
rend sous leur ancien nom pour les pages.
"""

from app_bureau.libelles import CHAMPS, MODES_ACHAT, PROJETS, STATUTS, TYPES_PORTEUR

__all__ = ["CHAMPS", "MODES_ACHAT", "PROJETS", "STATUTS", "TYPES_PORTEUR"]
