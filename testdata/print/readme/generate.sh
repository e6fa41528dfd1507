#!/usr/bin/env bash
# Renders the two page images of the demo KB shown in README.md: the demo
# Kesepakatan Bersama printed as a final (number, short hash and QR code in
# the footer, paraf boxes) with a meterai box for PIHAK KEDUA, pages 1 and 2
# at 60 dpi, as poppler's pdftoppm draws them.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/sepakat" ./cmd/sepakat)
"$work/sepakat" render "$root/cmd/sepakat/demodocs/kb-v2.docx" -o "$work/kb.pdf" \
	--number "100.3.7/0012/KB/HK-KS/XI/2026" --verify-url "https://kerjasama.jogjakota.go.id/verifikasi/7QK3M2ZD9XBA4HTE" \
	--meterai kedua
pdftoppm -r 60 -f 1 -l 2 -png "$work/kb.pdf" "$work/page"
cp "$work/page-1.png" "$here/demo-kb-page-1.png"
cp "$work/page-2.png" "$here/demo-kb-page-2.png"
