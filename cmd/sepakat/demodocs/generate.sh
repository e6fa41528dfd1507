#!/usr/bin/env bash
# Regenerates the Word documents of the demo data (embedded in the binary by
# demo.go): a Kesepakatan Bersama in two versions and a TKKSD member's
# marked-up copy of version 2 (a tracked replacement and a comment). Made
# with pandoc and the fixture post-processor of testdata/drafting/gen (the
# PKS paragraph styles; unique revision ids and the copy's author).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
export SOURCE_DATE_EPOCH=1770000000 TZ=UTC LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/gen" ./testdata/drafting/gen)
pandoc --print-default-data-file reference.docx >"$work/pandoc-reference.docx"
"$work/gen" refdoc "$work/pandoc-reference.docx" "$work/reference.docx"
for v in kb-v1 kb-v2; do
	pandoc --reference-doc="$work/reference.docx" "$here/$v.md" -o "$here/$v.docx"
done
pandoc --reference-doc="$work/reference.docx" "$here/kb-v2-tkksd.md" -o "$work/copy.docx"
"$work/gen" reviewfix "$work/copy.docx" "$here/kb-v2-tkksd.docx" "Anggota TKKSD" "2026-02-10T09:10:00Z"
