; The Windows installer of Alumni Desk (校友会工作台), built on Linux by `make windows-installer`
; with Debian's makensis. It installs for the current user (no administrator needed, as most
; office PCs are locked down): the program and WebView2Loader.dll into
; %LOCALAPPDATA%\Programs\AlumniDesk, a Start-menu shortcut, an uninstaller registered with
; Windows. The register itself lives in the user's data folder (%APPDATA%), which neither
; installing nor uninstalling touches. WebView2 is part of Windows 10 (since 2021) and 11; on a
; PC without it the window asks for Microsoft's WebView2 runtime (see README "Windows").
;
; makensis -DEXE=<alumni-desk.exe> -DLOADER=<WebView2Loader.dll> -DICON=<icon.ico>
;          -DVERSION=<x.y.z> -DOUT=<setup.exe> installer.nsi

Unicode true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"

Name "校友会工作台 Alumni Desk"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\AlumniDesk"
InstallDirRegKey HKCU "Software\AlumniDesk" "InstallDir"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "校友会工作台"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "校友会工作台安装程序"
VIAddVersionKey /LANG=2052 "LegalCopyright" "Alumni Desk"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_FINISHPAGE_RUN "$INSTDIR\alumni-desk.exe"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\AlumniDesk"

Section "Alumni Desk"
  SetOutPath "$INSTDIR"
  File "/oname=alumni-desk.exe" "${EXE}"
  File "/oname=WebView2Loader.dll" "${LOADER}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\校友会工作台.lnk" "$INSTDIR\alumni-desk.exe"
  WriteRegStr HKCU "Software\AlumniDesk" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "校友会工作台 Alumni Desk"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\alumni-desk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; The program only: the register and its backups in %APPDATA% stay.
  Delete "$INSTDIR\alumni-desk.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\校友会工作台.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\AlumniDesk"
SectionEnd
