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
; dans le dossier du programme ni touchés par la désinstallation.

#ifndef Version
  #define Version "0.1.0"
#endif
#define Nom "Assistant Grappe"
#define Executable "AssistantGrappe.exe"

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
OutputDir=..\dist
OutputBaseFilename=AssistantGrappe-{#Version}-installation
SetupIconFile=..\build\icone\assistant-grappe.ico
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
Source: "..\dist\AssistantGrappe\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Une mise à jour repart d'un dossier propre (les fichiers d'une ancienne version disparaissent).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#Nom}"; Filename: "{app}\{#Executable}"; Comment: "Préparer un dossier ESMS numérique"
Name: "{autodesktop}\{#Nom}"; Filename: "{app}\{#Executable}"; Tasks: bureau

[Run]
Filename: "{app}\{#Executable}"; Description: "Ouvrir l'Assistant Grappe"; Flags: nowait postinstall skipifsilent
