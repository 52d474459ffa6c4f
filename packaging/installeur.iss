; Installeur Windows de l'Assistant Grappe (Inno Setup 6.3 ou plus, qui lit ce fichier UTF-8
; sans BOM), pour l'utilisateur courant :
; aucun droit d'administrateur demandé, installation dans %LOCALAPPDATA%\Programs.
;
; D'abord construire le paquet : bash packaging/construire.sh (Git Bash), qui appelle aussi
; ce script si iscc est installé. À la main, depuis la racine du dépôt :
;   iscc /DVersion=0.1.0 packaging\installeur.iss
; Résultat : dist\AssistantGrappe-<version>-installation.exe
;
; Les dossiers de l'utilisateur (%LOCALAPPDATA%\AssistantGrappe\dossiers.sqlite) ne sont ni
; dans le dossier du programme ni touchés par la désinstallation. Les réglages (taille et
; place de la fenêtre, dernier dossier ouvert : HKCU\Software\app-bureau\Assistant Grappe)
; sont retirés avec le programme.
;
; Essai complet sous wine (construction, installation, --smoke, désinstallation) :
; bash packaging/verifier-windows.sh

#ifndef Version
  #define Version "0.1.0"
#endif
; Racine du dépôt et paquet PyInstaller (un autre dossier : /DPaquet=...).
#ifndef Racine
  #define Racine AddBackslash(SourcePath) + ".."
#endif
#ifndef Paquet
  #define Paquet Racine + "\dist\AssistantGrappe"
#endif
#define Nom "Assistant Grappe"
#define Executable "AssistantGrappe.exe"

; dist\ sert aussi à la construction Linux : sans exécutable Windows, on s'arrête.
#if !FileExists(Paquet + "\" + Executable)
  #error Pas de AssistantGrappe.exe dans le paquet : construire d'abord le paquet Windows (packaging/construire.sh sous Windows)
#endif

[Setup]
; Identifiant fixe : une nouvelle version remplace l'ancienne au lieu de s'installer à côté.
AppId={{C07136EA-1426-4314-A8D1-3818002418DE}
AppName={#Nom}
AppVersion={#Version}
AppVerName={#Nom} {#Version}
AppPublisher=Assistant Grappe (app-bureau)
AppComments=Préparer en grappe une demande de financement ESMS numérique
PrivilegesRequired=lowest
DefaultDirName={autopf}\AssistantGrappe
DefaultGroupName={#Nom}
DisableProgramGroupPage=yes
DisableDirPage=auto
MinVersion=10.0
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Racine}\dist
OutputBaseFilename=AssistantGrappe-{#Version}-installation
SetupIconFile={#Racine}\build\icone\assistant-grappe.ico
UninstallDisplayIcon={app}\{#Executable}
UninstallDisplayName={#Nom}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "bureau"; Description: "Créer un raccourci sur le &bureau"; GroupDescription: "Raccourcis :"; Flags: unchecked

[Files]
Source: "{#Paquet}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Une mise à jour repart d'un dossier propre (les fichiers d'une ancienne version disparaissent).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#Nom}"; Filename: "{app}\{#Executable}"; Comment: "Préparer un dossier ESMS numérique"
Name: "{autodesktop}\{#Nom}"; Filename: "{app}\{#Executable}"; Tasks: bureau

[Registry]
; Réglages écrits par l'application (QSettings) : retirés à la désinstallation.
Root: HKCU; Subkey: "Software\app-bureau\Assistant Grappe"; Flags: uninsdeletekey dontcreatekey
Root: HKCU; Subkey: "Software\app-bureau"; Flags: uninsdeletekeyifempty dontcreatekey

[Run]
Filename: "{app}\{#Executable}"; Description: "Ouvrir l'Assistant Grappe"; Flags: nowait postinstall skipifsilent
