"""La base SQLite locale : tous les dossiers de l'utilisateur, gardés en sûreté (sans Qt)."""
