#!/usr/bin/env bash
# Every language in po/LINGUAS: msgfmt --check passes (formats, mnemonics,
# header), and every message of the current sources is translated (a
# template extracted now, not the last one someone generated).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The same extraction as meson's i18n 'glib' preset, per source type.
(cd "$top" && xgettext --package-name=oriel --from-code=UTF-8 --add-comments \
   --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
   --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
   --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
   --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
   --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
   --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
   --files-from=po/POTFILES.in -o "$tmp/oriel.pot" 2>&1 \
   | grep -v 'fallback ITS rule file' >&2 || true)
[ -s "$tmp/oriel.pot" ] || { echo "check-translations: xgettext made no template" >&2; exit 1; }

status=0
for lang in $(cat "$top/po/LINGUAS"); do
  po=$top/po/$lang.po
  if ! msgfmt --check --check-accelerators=_ -o /dev/null "$po"; then
    status=1
  fi
  # untranslated and fuzzy messages count as missing
  if ! msgcmp "$po" "$tmp/oriel.pot" 2>"$tmp/missing"; then
    echo "po/$lang.po lacks translations; run ninja -C build oriel-update-po and" \
         "translate these:" >&2
    grep -v 'warning: this message is not used' "$tmp/missing" | head -20 >&2
    status=1
  fi
done
exit $status
