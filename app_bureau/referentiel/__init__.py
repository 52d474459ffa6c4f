"""Les données de référence : fichiers de `ressources/`, catégories FINESS, territoires."""
