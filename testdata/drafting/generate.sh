#!/usr/bin/env bash
# Regenerates the Word fixtures of the drafting package (testdata/drafting/)
# from the sources in testdata/drafting/src/, with real tools:
#
#   pandoc 2.17      Markdown → .docx (with a reference doc of PKS styles), .docx → text/JSON
#   soffice 7.4      LibreOffice round trips, .doc, tables, text checks (txt:Text)
#   python3-uno      drives LibreOffice to write the password-protected .docx (src/encrypt.py)
#   gsf              (libgsf-bin) writes the OLE compound file vbaProject.bin of the .docm
#   msoffcrypto-tool (python3-msoffcrypto-tool) checks that encrypted.docx decrypts
#   go               gen/ (stdlib only): the post-processing the tools cannot do
#
# Usage: testdata/drafting/generate.sh   (from anywhere; also called by testdata/generate.sh)
#
# Every output is rebuilt on each run. The outputs are byte-for-byte
# reproducible (SOURCE_DATE_EPOCH for pandoc, fixed zip timestamps written by
# gen for everything it rewrites or LibreOffice writes), except
# encrypted.docx, whose encryption salt is random: it is kept when the
# committed file still decrypts (password "rahasia") to the same document.
# See README.md for what each file contains.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
src="$here/src"
out="$here"

export SOURCE_DATE_EPOCH=1768176000 # 2026-01-12 00:00:00 UTC
export TZ=UTC LC_ALL=C.UTF-8
export PATH="$PATH:/usr/local/go/bin"

need() {
	command -v "$1" >/dev/null 2>&1 || { echo "generate.sh: $1 not found; install it: apt-get install -y $2" >&2; exit 1; }
}
need pandoc pandoc
need soffice libreoffice-writer-nogui
need gsf libgsf-bin
need msoffcrypto-tool python3-msoffcrypto-tool
need go "Go from /usr/local/go"
/usr/bin/python3 -c 'import uno' 2>/dev/null || { echo "generate.sh: python3-uno not found; apt-get install -y python3-uno" >&2; exit 1; }
case "$(pandoc --version | head -1)" in "pandoc 2.17"*) ;; *) echo "generate.sh: warning: pandoc 2.17 expected, found $(pandoc --version | head -1)" >&2 ;; esac

work=$(mktemp -d)
profile="/tmp/lo-profile-$$"
trap 'rm -rf "$work" "$profile"' EXIT

# gen: the Go post-processor, built once (the same as go run ./testdata/drafting/gen).
(cd "$root" && go build -o "$work/gen" ./testdata/drafting/gen)
gen() { "$work/gen" "$@"; }

# lo ARGS...: headless LibreOffice with a private profile; fails loudly.
lo() {
	if ! soffice --headless --norestore "-env:UserInstallation=file://$profile" "$@" >"$work/lo.log" 2>&1; then
		cat "$work/lo.log" >&2
		echo "generate.sh: soffice $* failed" >&2
		exit 1
	fi
}

# --- 0. The reference doc: pandoc's own, plus the PKS paragraph styles -------
pandoc --print-default-data-file reference.docx >"$work/pandoc-reference.docx"
gen refdoc "$work/pandoc-reference.docx" "$work/reference.docx"
md2docx() { pandoc --reference-doc="$work/reference.docx" "$1" -o "$2"; }

# --- 1. The PKS pair, labels typed ------------------------------------------
md2docx "$src/pks-v1.md" "$out/pks-v1.docx"
md2docx "$src/pks-v2.md" "$out/pks-v2.docx"

# --- 1b. The lint fixture: a PKS with one of each drafting problem ------------
#         (drafting/lint_test.go; README.md "lint.docx")
md2docx "$src/lint.md" "$out/lint.docx"

# --- 1c. Renumbering (drafting.Renumber): Pasal 8A inserted, Pasal 11 deleted,
#         ayat (1a) inserted, a duplicate ayat, references of every form and
#         one to a Pasal 40 that does not exist. renumber.expected.txt, its
#         renumbered text, is written by hand from src/renumber.md.
md2docx "$src/renumber.md" "$out/renumber.docx"

# --- 2. The same pair with Word automatic numbering --------------------------
gen numbered "$out/pks-v1.docx" "$out/pks-numbered-v1.docx"
gen numbered "$out/pks-v2.docx" "$out/pks-numbered-v2.docx"

# --- 3. The pair round-tripped through LibreOffice (docx → docx) -------------
mkdir -p "$work/lo"
lo --convert-to 'docx:MS Word 2007 XML' --outdir "$work/lo" "$out/pks-v1.docx" "$out/pks-v2.docx"
gen normzip "$work/lo/pks-v1.docx" "$out/pks-lo-v1.docx"
gen normzip "$work/lo/pks-v2.docx" "$out/pks-lo-v2.docx"

# --- 4. Tables: Markdown (pipe table + an HTML table with colspan/rowspan) →
#        HTML → .docx, so that pandoc's HTML reader keeps the merged cells.
pandoc "$src/tables.md" -t html -o "$work/tables.html"
pandoc -f html "$work/tables.html" --reference-doc="$work/reference.docx" -o "$out/tables.docx"

# --- 5. Comments (pandoc spans) with a reply (commentsExtended.xml) ----------
md2docx "$src/comments.md" "$work/comments.docx"
gen comments "$work/comments.docx" "$out/comments.docx" 3=1

# --- 6. Tracked changes by two authors, with paragraph marks and a move ------
md2docx "$src/tracked.md" "$work/tracked.docx"
gen tracked "$work/tracked.docx" "$out/tracked.docx"

# --- 7. Odd but valid packages, derived from pks-v1.docx ---------------------
gen prefixed "$out/pks-v1.docx" "$out/prefixed.docx"
gen defaultns "$out/pks-v1.docx" "$out/default-ns.docx"
gen strict "$out/pks-v1.docx" "$out/strict.docx"
gen bom "$out/pks-v1.docx" "$out/bom.docx"
gen movedmain "$out/pks-v1.docx" "$out/moved-main.docx"
gen splitruns "$out/pks-v1.docx" "$out/split-runs.docx"

# --- 8. Files that must be refused -------------------------------------------
# Word 97-2003 binary, and the same bytes under a .docx name.
mkdir -p "$work/doc"
lo --convert-to 'doc:MS Word 97' --outdir "$work/doc" "$out/pks-v1.docx"
cp "$work/doc/pks-v1.doc" "$out/legacy.doc"
cp "$work/doc/pks-v1.doc" "$out/legacy-as-docx.docx"

# Password-protected (password "rahasia"): LibreOffice's export of pks-v1.
# The encryption is salted at random, so an existing file is kept if it
# still decrypts to the same document.xml as a fresh LibreOffice export.
keep=no
if [ -f "$out/encrypted.docx" ] && msoffcrypto-tool -p rahasia "$out/encrypted.docx" "$work/decrypted.docx" 2>/dev/null; then
	if cmp -s <(unzip -p "$work/decrypted.docx" word/document.xml) <(unzip -p "$out/pks-lo-v1.docx" word/document.xml); then
		keep=yes
	fi
fi
if [ "$keep" = no ]; then
	/usr/bin/python3 "$src/encrypt.py" "$out/pks-v1.docx" "$work/encrypted.docx" rahasia "file://$profile-enc"
	rm -rf "$profile-enc"
	cp "$work/encrypted.docx" "$out/encrypted.docx"
fi
msoffcrypto-tool -p rahasia "$out/encrypted.docx" "$work/decrypted.docx"
[ "$(head -c 4 "$out/encrypted.docx" | od -An -tx1 | tr -d ' ')" = d0cf11e0 ] || { echo "generate.sh: encrypted.docx is not an OLE file" >&2; exit 1; }

# Macro-enabled: vbaProject.bin is an OLE compound file with the storage
# layout of a VBA project (PROJECT, PROJECTwm, VBA/_VBA_PROJECT, VBA/dir,
# VBA/ThisDocument) but placeholder stream contents: it holds no runnable macro.
mkdir -p "$work/vba/VBA"
printf 'ID="{5A3C1D2E-0B1F-4C3D-9E8F-123456789ABC}"\r\nDocument=ThisDocument/&H00000000\r\nName="Project"\r\nHelpContextID="0"\r\nVersionCompatible32="393222000"\r\nCMG="0000"\r\nDPB="0000"\r\nGC="0000"\r\n\r\n[Host Extender Info]\r\n&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000\r\n' >"$work/vba/PROJECT"
printf 'ThisDocument\0T\0h\0i\0s\0D\0o\0c\0u\0m\0e\0n\0t\0\0\0\0\0' >"$work/vba/PROJECTwm"
printf '\xcc\x61\xff\xff\x00\x00\x00' >"$work/vba/VBA/_VBA_PROJECT"
printf 'placeholder: not a compressed dir stream' >"$work/vba/VBA/dir"
printf 'Attribute VB_Name = "ThisDocument"\r\nSub AutoOpen()\r\nEnd Sub\r\n' >"$work/vba/VBA/ThisDocument"
find "$work/vba" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
(cd "$work/vba" && gsf createole "$work/vbaProject.bin" PROJECT PROJECTwm VBA >/dev/null 2>&1)
gen macro "$out/pks-v1.docx" "$work/vbaProject.bin" "$out/macro.docm"

printf 'Ini bukan dokumen Word, hanya teks biasa yang diberi nama .docx.\n' >"$out/notzip.docx"
size=$(stat -c %s "$out/pks-v1.docx")
head -c $((size / 2)) "$out/pks-v1.docx" >"$out/truncated.docx"
gen entity "$out/pks-v1.docx" "$out/entity.docx"
gen nomain "$out/pks-v1.docx" "$out/nomain.docx"
gen badxml "$out/pks-v1.docx" "$out/badxml.docx"

# --- 9. Benchmark documents --------------------------------------------------
mkdir -p "$work/big"
gen bigmd "$work/big" 2>"$work/big.log"
cat "$work/big.log"
cp "$work/big/big.mapping.tsv" "$out/big.mapping.tsv"
md2docx "$work/big/big-v1.md" "$out/big-v1.docx"
md2docx "$work/big/big-v2.md" "$out/big-v2.docx"
md2docx "$work/big/huge.md" "$out/huge.docx"

# --- 10. Expected texts --------------------------------------------------------
# NAME.accept.txt / NAME.reject.txt: pandoc's reading of NAME.docx
# (pandoc -t json --track-changes=accept|reject) printed one paragraph per
# line by "gen jsonlines" (see README.md). Documents pandoc cannot read as a
# reader should are given the text of the document they derive from, and
# checked against LibreOffice below.
expect() { pandoc -t json --track-changes="$2" "$out/$1.docx" | gen jsonlines >"$out/$1.$2.txt"; }
for n in pks-v1 pks-v2 pks-lo-v1 pks-lo-v2 tables comments big-v1 big-v2 huge; do expect "$n" accept; done
expect tracked accept
expect tracked reject
cmp "$out/pks-lo-v1.accept.txt" "$out/pks-v1.accept.txt"
cmp "$out/pks-lo-v2.accept.txt" "$out/pks-v2.accept.txt"
cp "$out/pks-v1.accept.txt" "$out/pks-numbered-v1.accept.txt"
cp "$out/pks-v2.accept.txt" "$out/pks-numbered-v2.accept.txt"
for n in prefixed default-ns strict bom moved-main; do cp "$out/pks-v1.accept.txt" "$out/$n.accept.txt"; done
# split-runs: pks-v1's text with the text box paragraph after the number lines.
awk -v box="DRAF – TIDAK UNTUK DIEDARKAN" '{ print } $0 == "NOMOR: 0217/UN17/HK.07.00/2026" { print box }' \
	"$out/pks-v1.accept.txt" >"$out/split-runs.accept.txt"

# --- 11. Checks ----------------------------------------------------------------
# a) pandoc -t plain reads the same words, in order (table rules ignored).
plain() { pandoc -t plain --wrap=none --track-changes="$2" "$out/$1.docx"; }
check_plain() { plain "$1" "$2" >"$work/plain.txt"; gen words "$work/plain.txt" "${3:-$out/$1.$2.txt}"; }
for n in pks-v1 pks-v2 pks-lo-v1 pks-lo-v2 tables comments big-v1 big-v2 huge default-ns bom moved-main; do
	check_plain "$n" accept
done
check_plain tracked accept
check_plain tracked reject
# split-runs: pandoc 2.17 drops the text box and the result of the w:fldSimple
# field ("Pasal 10" in Pasal 15), and prints the footnote as "[1]" plus a note
# at the end; the comparison allows for exactly these.
plain split-runs accept | sed -e 's/\[1\]//g' -e '/Ditandatangani di Samarinda pada tanggal 10 Maret 2025/d' >"$work/plain.txt"
grep -v -x "DRAF – TIDAK UNTUK DIEDARKAN" "$out/split-runs.accept.txt" |
	sed 's/jangka waktu sebagaimana dimaksud dalam Pasal 10\./jangka waktu sebagaimana dimaksud dalam ./' >"$work/split-expected.txt"
gen words "$work/plain.txt" "$work/split-expected.txt"
# pandoc 2.17 reads neither Strict OOXML nor a main namespace under another
# prefix than "w" ("couldn't parse docx file"); LibreOffice reads both (below).
for n in strict prefixed; do
	if pandoc -t plain "$out/$n.docx" >/dev/null 2>&1; then echo "note: this pandoc reads $n.docx" >&2; fi
done

# b) LibreOffice opens every valid fixture (txt:Text export, one call).
mkdir -p "$work/txt"
valid="pks-v1 pks-v2 pks-numbered-v1 pks-numbered-v2 pks-lo-v1 pks-lo-v2 tables comments tracked prefixed default-ns strict bom moved-main split-runs big-v1 big-v2 huge"
files=()
for n in $valid; do files+=("$out/$n.docx"); done
lo --convert-to 'txt:Text (encoded):UTF8' --outdir "$work/txt" "${files[@]}"
for n in $valid; do
	[ -s "$work/txt/$n.txt" ] || { echo "generate.sh: LibreOffice could not read $n.docx" >&2; exit 1; }
	gen lotxt <"$work/txt/$n.txt" >"$work/txt/$n.lines"
done
# LibreOffice's text equals the expected text line for line (so the
# numbering labels of pks-numbered-* are "Pasal 1", "(1)", "a." as typed in pks-*).
for n in pks-v1 pks-v2 pks-numbered-v1 pks-numbered-v2 pks-lo-v1 pks-lo-v2 tables prefixed default-ns strict bom moved-main big-v1 big-v2 huge; do
	if ! cmp -s "$work/txt/$n.lines" "$out/$n.accept.txt"; then
		diff "$work/txt/$n.lines" "$out/$n.accept.txt" | head -20 >&2
		echo "generate.sh: LibreOffice reads $n.docx differently from $n.accept.txt" >&2
		exit 1
	fi
done
# comments: LibreOffice's text is the body text (comments are not in it).
cmp "$work/txt/comments.lines" "$out/comments.accept.txt"
# tracked: LibreOffice's text export shows insertions and deletions alike,
# which is pandoc's --track-changes=all.
pandoc -t json --track-changes=all "$out/tracked.docx" | gen jsonlines >"$work/tracked.all"
cmp "$work/txt/tracked.lines" "$work/tracked.all"
# split-runs: LibreOffice leaves the text box out and prints the footnote
# reference as "1" after "Masyarakat."; field results are in.
grep -v -x "DRAF – TIDAK UNTUK DIEDARKAN" "$out/split-runs.accept.txt" |
	sed 's/Pengabdian kepada Masyarakat\.$/Pengabdian kepada Masyarakat.1/' >"$work/split-lo-expected.txt"
cmp "$work/txt/split-runs.lines" "$work/split-lo-expected.txt"
cp "$work/txt/pks-numbered-v1.txt" "$out/pks-numbered-v1.lo.txt"
cp "$work/txt/pks-numbered-v2.txt" "$out/pks-numbered-v2.lo.txt"

# c) The damaged and refused files are what they claim to be.
[ "$(head -c 4 "$out/legacy.doc" | od -An -tx1 | tr -d ' ')" = d0cf11e0 ]
# (set -e ignores a command negated with "!", hence the explicit ifs.)
if unzip -tq "$out/truncated.docx" >/dev/null 2>&1; then
	echo "generate.sh: truncated.docx unzips cleanly; it should be damaged" >&2
	exit 1
fi
unzip -tq "$out/badxml.docx" >/dev/null
if pandoc -t plain "$out/badxml.docx" >/dev/null 2>&1; then
	echo "generate.sh: pandoc reads badxml.docx; its XML should be broken" >&2
	exit 1
fi

# --- 12. Reviewer copies (the "combine" feature; README.md "Reviewer copies") -
# The base is pks-v1.docx. A copy is the base Markdown with a reviewer's edits
# and comments as pandoc spans: "gen review" writes the Markdown from the edit
# specs src/review/*.edits, "gen reviewbig" that of the ten copies of big-v1
# (fixed seed); both also write NAME.expected.json, NAME.accept.md (the edits
# applied as plain text), and for the set the Markdown of the base with every
# non-conflicting edit applied. pandoc converts, "gen reviewfix" fixes what
# pandoc 2.17 gets wrong or cannot write (spaces at span edges, repeated
# revision ids, comment replies in commentsExtended.xml, lastModifiedBy).
rv="$out/review"
rw="$work/review"
mkdir -p "$rv" "$rw" "$rw/lo" "$rw/txt"
cp "$out/pks-v1.docx" "$rv/base.docx"
cp "$out/pks-v1.accept.txt" "$rv/base.accept.txt"
small="copy-dinas-kominfo copy-bagian-hukum copy-unmul copy-bappeda copy-untracked"
big=$(for i in $(seq 1 10); do printf 'big-copy-%02d ' "$i"; done)
specs=()
for n in $small; do specs+=("$src/review/$n.edits"); done
gen review "$src/pks-v1.md" "$rv/base.accept.txt" "$rw" combined "${specs[@]}"
gen reviewbig "$work/big/big-v1.md" "$out/big-v1.accept.txt" "$rw"
for n in $small $big; do
	md2docx "$rw/$n.md" "$rw/$n.docx"
	IFS=$'\t' read -r -a fix <"$rw/$n.fix"
	gen reviewfix "$rw/$n.docx" "$rv/$n.docx" "${fix[@]}"
	cp "$rw/$n.expected.json" "$rv/$n.expected.json"
done
# copy-lo: Dinas Kominfo's copy saved by LibreOffice (docx → docx); reviewlo
# checks that every tracked change and comment survived and writes the
# expected results with LibreOffice's comment ids.
lo --convert-to 'docx:MS Word 2007 XML' --outdir "$rw/lo" "$rv/copy-dinas-kominfo.docx"
gen reviewlo "$rv/copy-dinas-kominfo.expected.json" "$rw/lo/copy-dinas-kominfo.docx" "$rv/copy-lo.docx" "$rv/copy-lo.expected.json"
cp "$rw/copy-dinas-kominfo.accept.md" "$rw/copy-lo.accept.md"
# not-a-copy: another agreement, with a tracked insertion and a comment.
md2docx "$src/review/not-a-copy.md" "$rw/not-a-copy.docx"
gen reviewfix "$rw/not-a-copy.docx" "$rv/not-a-copy.docx" "Dinas Kominfo" 2026-01-07T09:00:00Z
cp "$src/review/not-a-copy.expected.json" "$rv/not-a-copy.expected.json"

# Expected texts: the set's combined text, and each copy's accepted text, are
# pandoc's reading of the Markdown with the edits applied as plain text.
rvlines() { pandoc -t json --track-changes="$2" "$1" | gen jsonlines; }
mdlines() { pandoc -f markdown -t json "$1" | gen jsonlines; }
same() { # same FILE1 FILE2 WHAT
	if ! cmp -s "$1" "$2"; then
		diff "$1" "$2" | head -20 >&2
		echo "generate.sh: $3" >&2
		exit 1
	fi
}
for s in combined big-combined; do
	mdlines "$rw/$s.md" >"$rv/$s.accept.txt"
	cp "$rw/$s.expected.json" "$rv/$s.expected.json"
done
plain_rv() { pandoc -t plain --wrap=none --track-changes="$2" "$1" >"$work/plain.txt"; gen words "$work/plain.txt" "$3"; }
for n in $small copy-lo $big; do
	case $n in big-*) base="$out/big-v1.accept.txt" ;; *) base="$rv/base.accept.txt" ;; esac
	mdlines "$rw/$n.accept.md" >"$rw/$n.accept.txt"
	# accept: the copy's edits, line for line (and, but for the benchmark
	# copies, word for word in pandoc's plain text)
	rvlines "$rv/$n.docx" accept >"$rw/$n.got.txt"
	same "$rw/$n.got.txt" "$rw/$n.accept.txt" "pandoc accepts $n.docx differently from its edits applied"
	case $n in big-*) ;; *) plain_rv "$rv/$n.docx" accept "$rw/$n.accept.txt" ;; esac
	# reject: the base text (a copy without Track Changes has nothing to reject)
	rvlines "$rv/$n.docx" reject >"$rw/$n.got.txt"
	if [ "$n" = copy-untracked ]; then
		same "$rw/$n.got.txt" "$rw/$n.accept.txt" "$n.docx has tracked changes"
		if cmp -s "$rw/$n.got.txt" "$base"; then echo "generate.sh: $n.docx has no edits" >&2; exit 1; fi
		plain_rv "$rv/$n.docx" reject "$rw/$n.accept.txt"
	else
		same "$rw/$n.got.txt" "$base" "pandoc's rejection of $n.docx is not the base text"
		case $n in big-*) ;; *) plain_rv "$rv/$n.docx" reject "$base" ;; esac
	fi
	# the package against the expected results (revisions, comments, threads, lastModifiedBy)
	gen reviewchk "$rv/$n.expected.json" "$rv/$n.docx" "$base" "$rw/$n.accept.txt"
	case $n in big-*) ;; *) cp "$rw/$n.accept.txt" "$rv/$n.accept.txt" ;; esac
done
# not-a-copy: pandoc reads it, and its text is not the base's.
rvlines "$rv/not-a-copy.docx" reject >"$rw/not-a-copy.txt"
if [ ! -s "$rw/not-a-copy.txt" ] || cmp -s "$rw/not-a-copy.txt" "$rv/base.accept.txt"; then
	echo "generate.sh: pandoc cannot read review/not-a-copy.docx, or it is the base" >&2
	exit 1
fi
# LibreOffice opens every copy; its text export shows insertions and deletions
# alike, which is pandoc's --track-changes=all without the comments' texts.
files=()
for n in base $small copy-lo not-a-copy $big; do files+=("$rv/$n.docx"); done
lo --convert-to 'txt:Text (encoded):UTF8' --outdir "$rw/txt" "${files[@]}"
for n in base $small copy-lo not-a-copy $big; do
	[ -s "$rw/txt/$n.txt" ] || { echo "generate.sh: LibreOffice could not read review/$n.docx" >&2; exit 1; }
	gen lotxt <"$rw/txt/$n.txt" >"$rw/txt/$n.lines"
	pandoc -t json --track-changes=all "$rv/$n.docx" | gen jsonlines -drop-comments >"$rw/txt/$n.all"
	same "$rw/txt/$n.lines" "$rw/txt/$n.all" "LibreOffice reads review/$n.docx differently from pandoc"
done
# Tracked copies hold only their reviewer's revisions; the untracked one none.
[ "$(unzip -p "$rv/copy-untracked.docx" word/document.xml | grep -c -e '<w:ins ' -e '<w:del ')" = 0 ]
for f in "$rv"/*.docx; do
	s=$(stat -c %s "$f")
	[ "$s" -lt 200000 ] || { echo "generate.sh: review/$(basename "$f") is $s bytes; keep reviewer copies under 200 KB" >&2; exit 1; }
done

# --- 13. Sizes -----------------------------------------------------------------
for f in "$out"/*.docx "$out"/*.docm "$out"/*.doc "$out"/*.txt "$out"/*.tsv "$rv"/*; do
	s=$(stat -c %s "$f")
	if [ "$s" -ge 2000000 ]; then
		echo "generate.sh: $(basename "$f") is $s bytes; keep fixtures under 2 MB" >&2
		exit 1
	fi
	printf '%-32s %8d bytes\n' "${f#"$out"/}" "$s"
done
