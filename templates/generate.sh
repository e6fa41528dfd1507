#!/usr/bin/env bash
# Regenerates the built-in templates (templates/kb.docx, templates/pks.docx)
# from the Markdown sources in templates/src/ with pandoc 2.17 and the
# reference doc of PKS paragraph styles (Judul, Nomor, Pasal, Ayat, Huruf)
# that testdata/drafting/gen builds (section 0 of testdata/drafting/generate.sh).
#
# Placeholders are written {{UPPER_SNAKE}} in the sources; see fill.go for
# the known ones. A list placeholder (DASAR_HUKUM, RUANG_LINGKUP, the HAK and
# KEWAJIBAN lists) stands alone in an "a." list item, which Fill repeats once
# per item, so Word numbers the items a., b., c.
#
# Usage: templates/generate.sh   (from anywhere)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
export SOURCE_DATE_EPOCH=1768176000 # 2026-01-12 00:00:00 UTC
export TZ=UTC LC_ALL=C.UTF-8
export PATH="$PATH:/usr/local/go/bin"

command -v pandoc >/dev/null 2>&1 || { echo "generate.sh: pandoc not found; apt-get install -y pandoc" >&2; exit 1; }
case "$(pandoc --version | head -1)" in "pandoc 2.17"*) ;; *) echo "generate.sh: warning: pandoc 2.17 expected, found $(pandoc --version | head -1)" >&2 ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$root" && go build -o "$work/gen" ./testdata/drafting/gen)
pandoc --print-default-data-file reference.docx >"$work/pandoc-reference.docx"
"$work/gen" refdoc "$work/pandoc-reference.docx" "$work/reference.docx"

for kind in kb pks; do
	pandoc --reference-doc="$work/reference.docx" "$here/src/$kind.md" -o "$here/$kind.docx"
done
