#!/usr/bin/env bash
# Renders an espreso report in headless Chromium (Debian package `chromium`) and checks that it loads cleanly:
# no console errors, every inlined figure decodes (PNG images or SVG plots; it prints how many, and the SVG links),
# no request leaves the page. Writes a screenshot beside it.
# Usage: scripts/check-report.sh OUTDIR/report.html
set -euo pipefail
report="$(realpath "$1")"
chromium="$(command -v chromium || command -v chromium-browser || true)"
[[ -n "$chromium" ]] || { echo "check-report: chromium not installed (apt-get install chromium)" >&2; exit 2; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$tmp/ud" --enable-logging=stderr --v=0
       --virtual-time-budget=5000)
# The page reports its own health into the DOM: count of images that failed to decode.
cp "$report" "$tmp/r.html"
cat >>"$tmp/r.html" <<'JS'
<script>window.addEventListener('load',()=>{const bad=[...document.images].filter(i=>!i.complete||i.naturalWidth===0).length;
const svg=document.querySelectorAll('svg').length,links=document.querySelectorAll('svg a').length;
document.title='CHECK images='+document.images.length+' broken='+bad+' svg='+svg+' links='+links;});</script>
JS
dom="$("$chromium" "${flags[@]}" --dump-dom "file://$tmp/r.html" 2>"$tmp/log")"
"$chromium" "${flags[@]}" --window-size=1200,2400 --screenshot="${report%.html}.png" "file://$report" 2>/dev/null >/dev/null || true
title="$(grep -o '<title>CHECK[^<]*' <<<"$dom" | sed 's/<title>//')"
errors="$(grep -iE 'Uncaught|console.*error|Failed to load|net::ERR' "$tmp/log" | grep -v 'dbus\|gcm\|GPU\|gpu' || true)"
echo "check-report: $report -> $title"
[[ -z "$errors" ]] || { echo "$errors"; echo "check-report: console errors" >&2; exit 1; }
[[ "$title" =~ images=([0-9]+)\ broken=0\ svg=([0-9]+) && $((BASH_REMATCH[1] + BASH_REMATCH[2])) -gt 0 ]] || { echo "check-report: figures missing or broken" >&2; exit 1; }
echo "check-report: OK (screenshot ${report%.html}.png)"
