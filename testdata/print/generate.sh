#!/usr/bin/env bash
# Regenerates the lampiran (attachment) fixtures of the print package from the
# Markdown sources beside them, with real tools.
#
# Usage: testdata/print/generate.sh      (from anywhere; needs no arguments)
#
# CI does not run this: it uses the committed outputs. Run it after editing a
# source, check the result, and commit sources and outputs together.
#
# Tools (Debian 12 packages):
#   pandoc    pandoc                     Markdown → .docx
#   python3   python3                    sets the .docx page to A4 (pandoc's default is Letter)
#   soffice   libreoffice-writer-nogui   .docx → PDF
#   qpdf      qpdf                       deterministic /ID; encryption with a user password
#   pdfinfo   poppler-utils              checks of the results
#
# Reproducible: SOURCE_DATE_EPOCH for pandoc, fixed zip dates for the patched
# .docx, the PDF dates replaced in place (same length, so offsets stay valid)
# and qpdf's --deterministic-id; the encrypted copy uses --static-id and
# --static-aes-iv (meant for tests; weak, which is fine for a fixture).
#
# Outputs, in testdata/print/:
#   lampiran-1.pdf   LAMPIRAN I, JADWAL KEGIATAN: 2 A4 pages with a table (from lampiran-1.md)
#   lampiran-2.pdf   LAMPIRAN II, DAFTAR KONTAK: 1 A4 page with a table (from lampiran-2.md)
#   damaged.pdf      lampiran-2.pdf cut in the middle of its bytes (must be refused)
#   encrypted.pdf    lampiran-2.pdf encrypted with the user password "rahasia" (must be refused)
#   not-a-pdf.pdf    lampiran-2 as a Word .docx under a .pdf name (must be refused)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# A fixed date for everything written: 2026-01-12 00:00:00 UTC.
export SOURCE_DATE_EPOCH=1768176000
export TZ=UTC LC_ALL=C.UTF-8

need() {
	command -v "$1" >/dev/null 2>&1 || { echo "generate.sh: $1 not found; install it: apt-get install -y $2" >&2; exit 1; }
}
need pandoc pandoc
need python3 python3
need soffice libreoffice-writer-nogui
need qpdf qpdf
need pdfinfo poppler-utils

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# a4 DOCX: rewrites the .docx with an A4 page (210 × 297 mm) and the margins of
# an Indonesian government letter (3 cm left and top, 2.5 cm right and bottom),
# keeping every zip entry in order with a fixed date.
a4() {
	python3 - "$1" <<'PY'
import sys, zipfile
path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    entries = [(i, z.read(i.filename)) for i in z.infolist()]
sect = (b'<w:sectPr><w:pgSz w:w="11906" w:h="16838" />'
        b'<w:pgMar w:top="1701" w:right="1418" w:bottom="1418" w:left="1701"'
        b' w:header="720" w:footer="720" w:gutter="0" /></w:sectPr>')
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for info, data in entries:
        if info.filename == "word/document.xml":
            if b"<w:sectPr />" not in data:
                sys.exit("generate.sh: no empty w:sectPr in " + path)
            data = data.replace(b"<w:sectPr />", sect)
        out = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 12, 0, 0, 0))
        out.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(out, data)
PY
}

# to_pdf NAME: NAME.md → NAME.docx (A4) → NAME.pdf with LibreOffice, made
# reproducible.
to_pdf() {
	local name=$1
	pandoc "$here/$name.md" -o "$work/$name.docx"
	a4 "$work/$name.docx"
	soffice --headless -env:UserInstallation="file://$work/profile" \
		--convert-to pdf --outdir "$work" "$work/$name.docx" >/dev/null 2>&1
	[ -s "$work/$name.pdf" ] || { echo "generate.sh: soffice did not convert $name.docx" >&2; exit 1; }
	LC_ALL=C sed -E -i "s/\/(CreationDate|ModDate) ?\(D:[0-9]{14}[^)]*\)/\/\1(D:20260112000000Z')/g" "$work/$name.pdf"
	LC_ALL=C sed -E -i "s/<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]*</<xmp:\1>2026-01-12T00:00:00</g" "$work/$name.pdf"
	# LibreOffice's checksum and /ID change with the time of the run; qpdf keeps
	# the first /ID, so both are zeroed before it makes its own.
	LC_ALL=C sed -E -i -e "s/\/DocChecksum \/[0-9A-F]{32}/\/DocChecksum \/00000000000000000000000000000000/" \
		-e "s/^(\/ID \[ )?<[0-9A-F]{32}>/\1<00000000000000000000000000000000>/" "$work/$name.pdf"
	qpdf --deterministic-id "$work/$name.pdf" "$here/$name.pdf"
}

to_pdf lampiran-1
to_pdf lampiran-2

# Damaged: the first half of the bytes, as from an interrupted transfer.
size=$(stat -c %s "$here/lampiran-2.pdf")
head -c $((size / 2)) "$here/lampiran-2.pdf" >"$here/damaged.pdf"

# Encrypted with a user password (AES-128: with the static ID and IV the output
# is reproducible): it cannot be opened without the password.
qpdf --static-id --static-aes-iv --encrypt rahasia pemilik 128 --use-aes=y -- \
	"$here/lampiran-2.pdf" "$here/encrypted.pdf"

# A Word file under a PDF name.
cp "$work/lampiran-2.docx" "$here/not-a-pdf.pdf"

# The pages promised above, and small files.
pages() { pdfinfo "$here/$1" | sed -n 's/^Pages: *//p'; }
[ "$(pages lampiran-1.pdf)" = 2 ] || { echo "generate.sh: lampiran-1.pdf is not 2 pages" >&2; exit 1; }
[ "$(pages lampiran-2.pdf)" = 1 ] || { echo "generate.sh: lampiran-2.pdf is not 1 page" >&2; exit 1; }
for f in lampiran-1.pdf lampiran-2.pdf damaged.pdf encrypted.pdf not-a-pdf.pdf; do
	s=$(stat -c %s "$here/$f")
	if [ "$s" -ge 200000 ]; then
		echo "generate.sh: $f is $s bytes; keep fixtures under 200 KB" >&2
		exit 1
	fi
	printf '%-16s %7d bytes\n' "$f" "$s"
done
