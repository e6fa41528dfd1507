package drafting

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits bounds what reading one package may cost. The sizes are enforced
// while decompressing, not taken from the zip headers, so a zip bomb is
// refused after reading at most the limit. A zero field means the value of
// DefaultLimits.
type Limits struct {
	// MaxEntries is the largest number of entries the zip may hold.
	MaxEntries int
	// MaxPartSize is the largest uncompressed size of one entry, in bytes.
	MaxPartSize int64
	// MaxTotalSize is the largest uncompressed size of all entries
	// together, in bytes.
	MaxTotalSize int64
	// MaxRatio is the largest ratio of uncompressed to compressed size of an
	// entry whose uncompressed size exceeds 1 MiB.
	MaxRatio int
}

// DefaultLimits are the limits used by Open and Read: generous for any real
// agreement (which is rarely above a few MiB), small enough that a hostile
// upload cannot exhaust memory.
var DefaultLimits = Limits{
	MaxEntries:   2000,
	MaxPartSize:  64 << 20,
	MaxTotalSize: 256 << 20,
	MaxRatio:     200,
}

// ratioFloor is the uncompressed size up to which MaxRatio does not apply:
// small XML parts of repetitive markup compress far better than 200:1.
const ratioFloor = 1 << 20

// Open reads the Word document in the named file with DefaultLimits and sets
// Document.Name to name. Errors from opening the file are returned as the os
// package returns them (they name the file); errors about the content wrap
// the Err* sentinels and do not name the file.
func Open(name string) (*Document, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	d, err := DefaultLimits.Read(f, st.Size())
	if err != nil {
		return nil, err
	}
	d.Name = name
	return d, nil
}

// Read reads a Word document of size bytes from r with DefaultLimits.
func Read(r io.ReaderAt, size int64) (*Document, error) {
	return DefaultLimits.Read(r, size)
}

// Read reads a Word document of size bytes from r within the limits l.
//
// It refuses, with an error wrapping one of the Err* sentinels: a file that is
// not a zip (ErrNotDocx), a legacy .doc or a password-protected document
// (both OLE compound files: ErrLegacyDoc, ErrEncrypted), a macro-enabled
// document (ErrMacroEnabled), a package beyond the limits (ErrTooLarge), XML
// with DOCTYPE or ENTITY declarations (ErrExternalEntity), and anything else
// it cannot make sense of (ErrDamaged).
func (l Limits) Read(r io.ReaderAt, size int64) (*Document, error) {
	l = l.withDefaults()
	files, err := l.unzip(r, size)
	if err != nil {
		return nil, err
	}
	pkg, err := openPackage(files)
	if err != nil {
		return nil, err
	}
	return pkg.document()
}

func (l Limits) withDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultLimits.MaxEntries
	}
	if l.MaxPartSize <= 0 {
		l.MaxPartSize = DefaultLimits.MaxPartSize
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = DefaultLimits.MaxTotalSize
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultLimits.MaxRatio
	}
	return l
}

// oleMagic starts every OLE compound file: legacy .doc files and
// password-protected (encrypted) OOXML documents alike.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// encryptedPackage is the stream name "EncryptedPackage" in UTF-16LE, as it
// appears in the directory sectors of an encrypted OOXML document.
var encryptedPackage = utf16le("EncryptedPackage")

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// unzip checks what kind of file r holds and returns every zip entry,
// decompressed within the limits.
func (l Limits) unzip(r io.ReaderAt, size int64) ([]pkgFile, error) {
	if size < 0 {
		return nil, fmt.Errorf("%w: negative size", ErrNotDocx)
	}
	head := make([]byte, 8)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	if bytes.Equal(head, oleMagic) {
		enc, err := containsStream(r, size, encryptedPackage)
		if err != nil {
			return nil, fmt.Errorf("%w: reading compound file: %v", ErrDamaged, err)
		}
		if enc {
			return nil, fmt.Errorf("%w: the file is an encrypted OLE compound file", ErrEncrypted)
		}
		return nil, fmt.Errorf("%w: the file is an OLE compound file", ErrLegacyDoc)
	}
	isPK := bytes.HasPrefix(head, []byte("PK"))
	entries, found, err := countEntries(r, size, l.MaxEntries)
	if err != nil {
		return nil, err
	}
	if !found {
		if isPK {
			return nil, fmt.Errorf("%w: truncated zip (no end of central directory)", ErrDamaged)
		}
		return nil, fmt.Errorf("%w: %s", ErrNotDocx, sniff(head))
	}
	if entries > l.MaxEntries {
		return nil, fmt.Errorf("%w: more than %d zip entries", ErrTooLarge, l.MaxEntries)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%w: zip: %v", ErrDamaged, unzipDetail(err))
	}
	if len(zr.File) > l.MaxEntries {
		return nil, fmt.Errorf("%w: more than %d zip entries", ErrTooLarge, l.MaxEntries)
	}
	var claimed uint64
	for _, f := range zr.File {
		claimed += f.UncompressedSize64
		if claimed > uint64(l.MaxTotalSize) {
			return nil, fmt.Errorf("%w: more than %s uncompressed", ErrTooLarge, byteSize(l.MaxTotalSize))
		}
	}
	files := make([]pkgFile, 0, len(zr.File))
	var total int64
	for _, f := range zr.File {
		data, err := l.readEntry(f, l.MaxTotalSize-total)
		if err != nil {
			return nil, err
		}
		total += int64(len(data))
		files = append(files, pkgFile{Name: f.Name, Data: data})
	}
	return files, nil
}

// readEntry decompresses one entry, refusing it once it passes the part
// size, the remaining total or the compression ratio.
func (l Limits) readEntry(f *zip.File, remaining int64) ([]byte, error) {
	limit, why := l.MaxPartSize, fmt.Sprintf("part %s is over %s uncompressed", safeName(f.Name), byteSize(l.MaxPartSize))
	if remaining < limit {
		limit, why = remaining, fmt.Sprintf("more than %s uncompressed", byteSize(l.MaxTotalSize))
	}
	if f.Method != zip.Store {
		// CompressedSize64 is a true bound: the zip reader never reads
		// past it.
		c := f.CompressedSize64
		if c < uint64(limit)/uint64(l.MaxRatio) {
			allowed := int64(c) * int64(l.MaxRatio)
			if allowed < ratioFloor {
				allowed = ratioFloor
			}
			if allowed < limit {
				limit, why = allowed, fmt.Sprintf("part %s expands more than %d:1", safeName(f.Name), l.MaxRatio)
			}
		}
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%w: %s", ErrTooLarge, why)
	}
	// The entry is decompressed here rather than by archive/zip so that no
	// more than the claimed size (already within the limits) plus one byte
	// is ever produced, whatever the headers say.
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, fmt.Errorf("%w: zip entry %s: %v", ErrDamaged, safeName(f.Name), unzipDetail(err))
	}
	var src io.Reader
	switch f.Method {
	case zip.Store:
		src = raw
	case zip.Deflate:
		fr := flate.NewReader(raw)
		defer fr.Close()
		src = fr
	default:
		return nil, fmt.Errorf("%w: zip entry %s: unsupported compression method %d", ErrDamaged, safeName(f.Name), f.Method)
	}
	data := make([]byte, f.UncompressedSize64)
	if n, err := io.ReadFull(src, data); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, fmt.Errorf("%w: zip entry %s: truncated (%d of %d bytes)", ErrDamaged, safeName(f.Name), n, len(data))
		}
		return nil, fmt.Errorf("%w: zip entry %s: %v", ErrDamaged, safeName(f.Name), unzipDetail(err))
	}
	var one [1]byte
	switch n, err := io.ReadFull(src, one[:]); {
	case n > 0:
		return nil, fmt.Errorf("%w: part %s expands beyond the %d bytes its zip header claims", ErrTooLarge, safeName(f.Name), len(data))
	case err != io.EOF:
		return nil, fmt.Errorf("%w: zip entry %s: %v", ErrDamaged, safeName(f.Name), unzipDetail(err))
	}
	if f.CRC32 != 0 && crc32.ChecksumIEEE(data) != f.CRC32 {
		return nil, fmt.Errorf("%w: zip entry %s: checksum mismatch", ErrDamaged, safeName(f.Name))
	}
	return data, nil
}

// safeName prepares a part name for an error message: quoted when it holds
// characters that do not print (a hostile zip may name an entry anything),
// shortened when long.
func safeName(name string) string {
	if len(name) > 120 {
		name = name[:120] + "…"
	}
	for _, c := range name {
		if !unicode.IsPrint(c) || c == utf8.RuneError {
			return strconv.Quote(name)
		}
	}
	return name
}

// byteSize writes a size in MiB when it is a whole number of them.
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// sniff names what a file that is not a zip seems to be, from its first bytes.
func sniff(head []byte) string {
	switch {
	case len(head) == 0:
		return "the file is empty"
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "it is a PDF file"
	case bytes.HasPrefix(head, []byte("{\\rtf")):
		return "it is an RTF file"
	case bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n"), []byte("<")):
		return "it is an XML or HTML file"
	}
	return "no zip signature"
}

// unzipDetail turns archive/zip's errors into a short phrase.
func unzipDetail(err error) string {
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return "checksum mismatch"
	case errors.Is(err, zip.ErrFormat):
		return "not a valid zip file"
	case errors.Is(err, zip.ErrAlgorithm):
		return "unsupported compression method"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated"
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// containsStream reports whether the bytes of r contain pat, reading in
// chunks.
func containsStream(r io.ReaderAt, size int64, pat []byte) (bool, error) {
	const chunk = 64 << 10
	buf := make([]byte, chunk+len(pat))
	keep := 0
	for off := int64(0); off < size; {
		n, err := r.ReadAt(buf[keep:keep+chunk], off)
		if n == 0 && err != nil {
			if err == io.EOF {
				return false, nil
			}
			return false, err
		}
		if bytes.Contains(buf[:keep+n], pat) {
			return true, nil
		}
		off += int64(n)
		m := keep + n
		keep = min(len(pat)-1, m)
		copy(buf, buf[m-keep:m])
	}
	return false, nil
}

// countEntries finds the zip's end of central directory and counts the
// central directory headers, stopping after max+1, without allocating per
// entry. It looks at the directory both where the end record says and where
// archive/zip would look for a zip with a prefix, and returns the larger
// count. found is false when there is no end record at all.
func countEntries(r io.ReaderAt, size int64, limit int) (n int, found bool, err error) {
	const eocdLen = 22
	tail := min(size, 65535+eocdLen)
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, false, fmt.Errorf("%w: reading zip directory: %v", ErrDamaged, err)
	}
	p := -1
	for i := len(buf) - eocdLen; i >= 0; i-- {
		if buf[i] == 'P' && buf[i+1] == 'K' && buf[i+2] == 5 && buf[i+3] == 6 {
			p = i
			break
		}
	}
	if p < 0 {
		return 0, false, nil
	}
	e := buf[p:]
	records := uint64(binary.LittleEndian.Uint16(e[10:]))
	dirSize := uint64(binary.LittleEndian.Uint32(e[12:]))
	dirOff := uint64(binary.LittleEndian.Uint32(e[16:]))
	endOff := size - tail + int64(p)
	if records == 0xffff || dirSize == 0xffffffff || dirOff == 0xffffffff {
		// zip64: the locator sits just before the end record.
		loc := make([]byte, 20)
		if endOff >= 20 {
			if _, err := r.ReadAt(loc, endOff-20); err == nil && bytes.HasPrefix(loc, []byte("PK\x06\x07")) {
				off := binary.LittleEndian.Uint64(loc[8:])
				z := make([]byte, 56)
				if off < uint64(size) {
					if _, err := r.ReadAt(z, int64(off)); err == nil && bytes.HasPrefix(z, []byte("PK\x06\x06")) {
						records = binary.LittleEndian.Uint64(z[32:])
						dirSize = binary.LittleEndian.Uint64(z[40:])
						dirOff = binary.LittleEndian.Uint64(z[48:])
						endOff = int64(off)
					}
				}
			}
		}
	}
	if records > uint64(limit) {
		return limit + 1, true, nil
	}
	starts := []int64{int64(dirOff)}
	if base := endOff - int64(dirSize) - int64(dirOff); base > 0 {
		starts = append(starts, base+int64(dirOff))
	}
	for _, s := range starts {
		if s < 0 || s >= size || dirOff > uint64(size) {
			continue
		}
		c := countHeaders(io.NewSectionReader(r, s, size-s), limit)
		n = max(n, c)
	}
	return n, true, nil
}

// countHeaders counts consecutive central directory headers, up to max+1.
func countHeaders(r io.Reader, limit int) int {
	br := bufio.NewReaderSize(r, 32<<10)
	var h [46]byte
	n := 0
	for n <= limit {
		if _, err := io.ReadFull(br, h[:]); err != nil {
			break
		}
		if binary.LittleEndian.Uint32(h[:]) != 0x02014b50 {
			break
		}
		n++
		skip := int64(binary.LittleEndian.Uint16(h[28:])) + int64(binary.LittleEndian.Uint16(h[30:])) + int64(binary.LittleEndian.Uint16(h[32:]))
		if _, err := br.Discard(int(skip)); err != nil {
			break
		}
	}
	return n
}

// Content types that decide whether a package is a Word document we read.
const (
	ctMacroDocument = "application/vnd.ms-word.document.macroEnabled.main+xml"
	ctMacroTemplate = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
	ctVBAProject    = "application/vnd.ms-office.vbaProject"
)

// opcPackage is an unzipped package with its content types.
type opcPackage struct {
	files    []pkgFile
	index    map[string]int    // lower-cased part name (no leading slash) → files index
	defaults map[string]string // lower-cased extension → content type
	override map[string]string // lower-cased part name → content type
}

// rel is one relationship of a part.
type rel struct {
	ID, Type, Target string
}

func openPackage(files []pkgFile) (*opcPackage, error) {
	p := &opcPackage{
		files:    files,
		index:    make(map[string]int, len(files)),
		defaults: map[string]string{},
		override: map[string]string{},
	}
	for i, f := range files {
		k := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := p.index[k]; dup {
			return nil, fmt.Errorf("%w: duplicate part %s", ErrDamaged, safeName(f.Name))
		}
		p.index[k] = i
	}
	// Parts we never parse are still checked for DTDs: the redline writer
	// copies them.
	for i := range p.files {
		f := &p.files[i]
		if !isXMLName(f.Name) {
			continue
		}
		if err := checkNoDTD(f.Name, f.Data); err != nil {
			return nil, err
		}
	}
	if data, ok := p.part("[Content_Types].xml"); ok {
		if err := p.readContentTypes(data); err != nil {
			return nil, err
		}
	}
	for _, f := range files {
		base := strings.ToLower(path.Base(f.Name))
		if base == "vbaproject.bin" || p.contentType(f.Name) == ctVBAProject {
			return nil, fmt.Errorf("%w: the package holds a VBA project (%s)", ErrMacroEnabled, safeName(f.Name))
		}
	}
	return p, nil
}

// isXMLName reports whether a part name looks like an XML part.
func isXMLName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels") || strings.HasSuffix(n, ".vml")
}

// checkNoDTD refuses a part whose bytes hold a DOCTYPE or ENTITY
// declaration. Parts the reader parses are also checked token by token.
func checkNoDTD(name string, data []byte) error {
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
		data = utf16ToUTF8(data)
	}
	if bytes.Contains(data, []byte("<!DOCTYPE")) || bytes.Contains(data, []byte("<!ENTITY")) {
		return fmt.Errorf("%w: %s has a DOCTYPE or ENTITY declaration", ErrExternalEntity, safeName(name))
	}
	return nil
}

// part returns the content of a part by name, matched case-insensitively as
// OPC part names are.
func (p *opcPackage) part(name string) ([]byte, bool) {
	i, ok := p.index[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if !ok {
		return nil, false
	}
	return p.files[i].Data, true
}

// setPart replaces a part's content (after re-encoding UTF-16 to UTF-8).
func (p *opcPackage) setPart(name string, data []byte) {
	if i, ok := p.index[strings.ToLower(strings.TrimPrefix(name, "/"))]; ok {
		p.files[i].Data = data
	}
}

func (p *opcPackage) readContentTypes(data []byte) error {
	x, err := newXMLReader("[Content_Types].xml", data)
	if err != nil {
		return err
	}
	for {
		t, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if t.kind != tStart {
			continue
		}
		switch t.local {
		case "Default":
			ext, ct := plainAttr(t.attr, "Extension"), plainAttr(t.attr, "ContentType")
			p.defaults[strings.ToLower(ext)] = ct
		case "Override":
			name, ct := plainAttr(t.attr, "PartName"), plainAttr(t.attr, "ContentType")
			p.override[strings.ToLower(strings.TrimPrefix(name, "/"))] = ct
		}
	}
}

// contentType returns the content type of a part, "" if unknown.
func (p *opcPackage) contentType(name string) string {
	n := strings.ToLower(strings.TrimPrefix(name, "/"))
	if ct, ok := p.override[n]; ok {
		return ct
	}
	if i := strings.LastIndexByte(n, '.'); i >= 0 {
		return p.defaults[n[i+1:]]
	}
	return ""
}

// rels reads the relationships of the part named source ("" for the package
// itself), skipping external targets and resolving the others to part names.
// A missing .rels part gives no relationships.
func (p *opcPackage) rels(source string) ([]rel, error) {
	dir, base := path.Split(source)
	name := dir + "_rels/" + base + ".rels"
	data, ok := p.part(name)
	if !ok {
		return nil, nil
	}
	x, err := newXMLReader(name, data)
	if err != nil {
		return nil, err
	}
	var out []rel
	for {
		t, err := x.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if t.kind != tStart || t.local != "Relationship" {
			continue
		}
		if strings.EqualFold(plainAttr(t.attr, "TargetMode"), "External") {
			continue
		}
		target := resolveTarget(dir, plainAttr(t.attr, "Target"))
		if target == "" {
			continue
		}
		out = append(out, rel{ID: plainAttr(t.attr, "Id"), Type: plainAttr(t.attr, "Type"), Target: target})
	}
}

// resolveTarget resolves a relationship target against the folder of its
// source part: "/word/x.xml" is absolute, "x.xml" and "../x.xml" relative.
func resolveTarget(dir, target string) string {
	if i := strings.IndexAny(target, "#?"); i >= 0 {
		target = target[:i]
	}
	if strings.Contains(target, "%") {
		if t, err := url.PathUnescape(target); err == nil {
			target = t
		}
	}
	target = strings.ReplaceAll(target, `\`, "/")
	if target == "" {
		return ""
	}
	var full string
	if strings.HasPrefix(target, "/") {
		full = path.Clean(target)
	} else {
		full = path.Clean("/" + dir + target)
	}
	full = strings.TrimPrefix(full, "/")
	if full == "" || full == "." {
		return ""
	}
	return full
}

// relType reports whether a relationship type ends in "/"+suffix, which
// matches both the transitional and the Strict URIs.
func relType(t, suffix string) bool {
	return strings.HasSuffix(t, "/"+suffix)
}

// xmlPart returns a part's bytes ready for the decoder: a UTF-8 byte order
// mark is stripped, UTF-16 is re-encoded to UTF-8 (and stored back, with its
// XML declaration saying UTF-8, so that raw slices agree with the package).
func (p *opcPackage) xmlPart(name string) ([]byte, bool) {
	data, ok := p.part(name)
	if !ok {
		return nil, false
	}
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
		data = fixDeclEncoding(utf16ToUTF8(data))
		p.setPart(name, data)
	}
	return bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), true
}

// utf16ToUTF8 decodes UTF-16 with a byte order mark.
func utf16ToUTF8(b []byte) []byte {
	le := b[0] == 0xFF
	b = b[2:]
	u := make([]uint16, len(b)/2)
	for i := range u {
		if le {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		} else {
			u[i] = binary.BigEndian.Uint16(b[2*i:])
		}
	}
	out := make([]byte, 0, len(u))
	for _, r := range utf16.Decode(u) {
		out = utf8.AppendRune(out, r)
	}
	return out
}

// fixDeclEncoding rewrites the encoding named in an XML declaration to UTF-8.
func fixDeclEncoding(b []byte) []byte {
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return b
	}
	end := bytes.Index(b, []byte("?>"))
	if end < 0 {
		return b
	}
	decl := b[:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return b
	}
	j := i + len("encoding")
	for j < len(decl) && (decl[j] == ' ' || decl[j] == '=' || decl[j] == '\t') {
		j++
	}
	if j >= len(decl) || (decl[j] != '"' && decl[j] != '\'') {
		return b
	}
	q := decl[j]
	k := bytes.IndexByte(decl[j+1:], q)
	if k < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:j+1]...)
	out = append(out, "UTF-8"...)
	out = append(out, b[j+1+k:]...)
	return out
}
