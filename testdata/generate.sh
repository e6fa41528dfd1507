#!/usr/bin/env bash
# Regenerates the test fixtures in testdata/ from the sources kept beside them,
# using real tools, so that tests exercise files as users produce them.
#
# Usage: testdata/generate.sh            (from anywhere; needs no arguments)
#
# CI does not run this: it uses the committed outputs. Run it after editing a
# source, check the result, and commit sources and outputs together.
#
# Tools (Debian 12 packages):
#   pandoc         pandoc         Markdown → HTML (letter) and → .docx
#   chromium       chromium       HTML → PDF (--print-to-pdf), with fonts-liberation
#   pdftoppm       poppler-utils  PDF page → JPEG/PNG photos
#   qpdf           qpdf           normalise PDFs, encrypt with a user password
#
# Idempotent: every output is rebuilt from its sources each run, and the run
# is reproducible — the same sources give byte-identical outputs (fixed PDF
# dates and IDs, SOURCE_DATE_EPOCH for pandoc, qpdf's --static-id and
# --static-aes-iv for the encrypted copy; those two qpdf options are meant for
# testing and make the encryption weak, which is fine for a fixture).
#
# Outputs, in testdata/registration/ (the uploads of the PPKSD registration,
# SOP 15 Registrasi: scanned surat tugas PDF and photos of both officers):
#   surat-tugas.pdf            the assignment letter naming two PPKSD (from surat-tugas.md + .css)
#   surat-tugas-encrypted.pdf  the same, encrypted with the user password "rahasia" (must be refused)
#   surat-tugas-truncated.pdf  the first half of the bytes of surat-tugas.pdf (damaged; must be refused)
#   surat-tugas.docx           the letter as a Word file (wrong type for the letter slot)
#   foto-ppksd1.jpg            pass photo of PPKSD-1, JPEG (from foto-ppksd1.html + pas-foto.css)
#   foto-ppksd2.png            pass photo of PPKSD-2, PNG (from foto-ppksd2.html + pas-foto.css)
#   fake-photo.jpg             plain text under a .jpg name (wrong content for a photo slot)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
reg="$here/registration"

# A fixed date for everything written: 2026-01-12 00:00:00 UTC.
export SOURCE_DATE_EPOCH=1768176000
pdf_date="D:20260112000000+00'00'"
export TZ=UTC LC_ALL=C.UTF-8

need() {
	command -v "$1" >/dev/null 2>&1 || { echo "generate.sh: $1 not found; install it: apt-get install -y $2" >&2; exit 1; }
}
need pandoc pandoc
need qpdf qpdf
need pdftoppm poppler-utils
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$chromium" ] || { echo "generate.sh: chromium not found; install it: apt-get install -y chromium fonts-liberation" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# print_pdf IN.html OUT.pdf: prints a local HTML page with headless Chromium,
# then makes the PDF reproducible: the dates in its Info dictionary are
# replaced in place (same length, so the xref offsets stay valid) and qpdf
# rewrites it with a deterministic /ID.
print_pdf() {
	local in=$1 out=$2 raw="$work/raw.pdf"
	"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
		--no-pdf-header-footer --print-to-pdf="$raw" "file://$in" >/dev/null 2>&1
	[ -s "$raw" ] || { echo "generate.sh: chromium did not print $in" >&2; exit 1; }
	LC_ALL=C sed -E -i "s/\/(CreationDate|ModDate) \(D:[0-9]{14}[^)]*\)/\/\1 ($pdf_date)/g" "$raw"
	qpdf --deterministic-id "$raw" "$out"
	rm -f "$raw"
}

# The assignment letter: Markdown → standalone HTML (with its print CSS
# inlined) → PDF, and → Word.
pandoc "$reg/surat-tugas.md" --standalone --embed-resources --css="$reg/surat-tugas.css" \
	--metadata pagetitle="Surat Tugas PPKSD" -o "$work/surat-tugas.html" 2>/dev/null ||
	pandoc "$reg/surat-tugas.md" --standalone --self-contained --css="$reg/surat-tugas.css" \
		--metadata pagetitle="Surat Tugas PPKSD" -o "$work/surat-tugas.html"
print_pdf "$work/surat-tugas.html" "$reg/surat-tugas.pdf"
pandoc "$reg/surat-tugas.md" -o "$reg/surat-tugas.docx"

# Encrypted with a user password (AES-128: unlike AES-256 its keys use no random
# salt, so with the static ID and IV the output is reproducible): it cannot even be opened without it.
qpdf --static-id --static-aes-iv --encrypt rahasia pemilik 128 --use-aes=y -- "$reg/surat-tugas.pdf" "$reg/surat-tugas-encrypted.pdf"

# Damaged: only the first half of the bytes, as from an interrupted transfer.
size=$(stat -c %s "$reg/surat-tugas.pdf")
head -c $((size / 2)) "$reg/surat-tugas.pdf" >"$reg/surat-tugas-truncated.pdf"

# Pass photos: HTML drawing → 3 × 4 cm PDF page → JPEG / PNG.
print_pdf "$reg/foto-ppksd1.html" "$work/foto1.pdf"
pdftoppm -jpeg -jpegopt quality=85 -r 200 -singlefile "$work/foto1.pdf" "$reg/foto-ppksd1"
print_pdf "$reg/foto-ppksd2.html" "$work/foto2.pdf"
pdftoppm -png -r 200 -singlefile "$work/foto2.pdf" "$reg/foto-ppksd2"

# Text under a photo's name.
printf 'Ini bukan foto, hanya teks biasa yang diberi nama .jpg.\n' >"$reg/fake-photo.jpg"

# Every fixture must stay small.
for f in surat-tugas.pdf surat-tugas-encrypted.pdf surat-tugas-truncated.pdf surat-tugas.docx \
	foto-ppksd1.jpg foto-ppksd2.png fake-photo.jpg; do
	s=$(stat -c %s "$reg/$f")
	if [ "$s" -ge 200000 ]; then
		echo "generate.sh: $f is $s bytes; keep fixtures under 200 KB" >&2
		exit 1
	fi
	printf '%-28s %7d bytes\n' "$f" "$s"
done

# Word fixtures of the drafting package (pandoc, LibreOffice, Go; see testdata/drafting/README.md).
"$here/drafting/generate.sh"
