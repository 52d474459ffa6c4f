"""Les fichiers : le fichier dossier (format, lecture validée) et l'écriture sans fichier partiel."""
