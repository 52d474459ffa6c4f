"""Faire entrer des établissements : collage depuis un tableur, fichier CSV/XLSX, extrait FINESS."""
