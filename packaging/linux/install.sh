#!/bin/sh
# Put Clinic Audit in the applications menu and on the PATH, from where this folder is.
#   ./install.sh              for you (~/.local)
#   sudo ./install.sh /usr/local   for everyone on the machine
#   ./install.sh --uninstall [PREFIX]
# Move the folder first if you want it elsewhere: the menu entry points here.
set -eu
APP_ID=org.clinicaudit.ClinicAudit
HERE=$(cd "$(dirname "$0")" && pwd)
remove=no
if [ "${1:-}" = "--uninstall" ]; then remove=yes; shift; fi
PREFIX=${1:-$HOME/.local}

if [ "$remove" = yes ]; then
    rm -f "$PREFIX/bin/clinic-audit" "$PREFIX/share/applications/$APP_ID.desktop" \
        "$PREFIX/share/metainfo/$APP_ID.metainfo.xml"
    find "$PREFIX/share/icons/hicolor" -name "$APP_ID.png" -delete 2>/dev/null || true
    echo "Removed Clinic Audit's menu entry and command from $PREFIX (this folder is kept)."
    exit 0
fi

mkdir -p "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/metainfo"
ln -sf "$HERE/clinic-audit" "$PREFIX/bin/clinic-audit"
sed "s|^Exec=clinic-audit|Exec=\"$HERE/clinic-audit\"|" \
    "$HERE/share/applications/$APP_ID.desktop" > "$PREFIX/share/applications/$APP_ID.desktop"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$PREFIX/share/metainfo/"
for icon in "$HERE"/share/icons/hicolor/*/apps/$APP_ID.png; do
    size=$(basename "$(dirname "$(dirname "$icon")")")
    mkdir -p "$PREFIX/share/icons/hicolor/$size/apps"
    cp "$icon" "$PREFIX/share/icons/hicolor/$size/apps/"
done
command -v update-desktop-database >/dev/null 2>&1 &&
    update-desktop-database -q "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 &&
    gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" 2>/dev/null || true
echo "Clinic Audit is in the applications menu; the command is $PREFIX/bin/clinic-audit."
