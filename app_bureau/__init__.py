"""Assistant Grappe : dossier de financement ESMS numérique d'une grappe d'ESSMS."""

__version__ = "0.1.0"
