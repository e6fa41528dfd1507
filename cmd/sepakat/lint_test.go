package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/drafting"
)

// TestLintCommand runs `sepakat lint` on the lint fixture and on pks-v1.
func TestLintCommand(t *testing.T) {
	out, errOut, status := sepakatCmd(t, "lint", docxFixture(t, "lint.docx"))
	if status != 3 {
		t.Fatalf("status %d, want 3 (errors found); stderr %s", status, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 17 {
		t.Fatalf("%d lines, want 16 findings and a summary:\n%s", len(lines), out)
	}
	for _, want := range []string{
		"Dokumen: Unsur \"penyelesaian perselisihan\" tidak ditemukan",
		"Pembukaan: Masih ada isian yang belum dilengkapi ([isi nama])",
		"Pasal 1 ayat (3): Penomoran ayat dalam Pasal 1 melompat dari (1) ke (3)",
		"Pasal 4 ayat (1): Rujukan ke Pasal 9, padahal dokumen tidak memiliki Pasal 9; perbaiki nomor Pasal yang dirujuk. — «Pasal 9»",
		"Pasal 4 ayat (2): Angka 5 tidak sesuai dengan tulisannya \"enam\" (6); samakan angka dan huruf. — «5 (enam)»",
		"Pasal 3: Pasal 3 muncul setelah Pasal 4",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if last := lines[len(lines)-1]; last != "lint.docx: 15 kesalahan, 1 peringatan" {
		t.Errorf("summary %q", last)
	}

	out, errOut, status = sepakatCmd(t, "lint", "--json", docxFixture(t, "lint.docx"))
	if status != 3 {
		t.Fatalf("--json: status %d; stderr %s", status, errOut)
	}
	var rep struct {
		Findings []map[string]any `json:"findings"`
		Errors   int              `json:"errors"`
		Warnings int              `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if rep.Errors != 15 || rep.Warnings != 1 || len(rep.Findings) != 16 {
		t.Errorf("--json: %d errors, %d warnings, %d findings", rep.Errors, rep.Warnings, len(rep.Findings))
	}
	f := rep.Findings[len(rep.Findings)-1]
	for k, v := range map[string]any{"rule": "placeholder", "severity": "error", "pasal": 6.0, "ayat": 2.0, "quote": "XXX"} {
		if f[k] != v {
			t.Errorf("last finding %s = %v, want %v", k, f[k], v)
		}
	}
	if _, ok := f["paragraph"]; !ok {
		t.Errorf("no paragraph in %v", f)
	}

	// A well-formed PKS: warnings only, exit 0.
	out, errOut, status = sepakatCmd(t, "lint", docxFixture(t, "pks-v1.docx"), "--kind", "pks")
	if status != 0 || !strings.HasSuffix(out, "pks-v1.docx: 0 kesalahan, 5 peringatan\n") {
		t.Errorf("pks-v1: status %d\n%s%s", status, out, errOut)
	}
	out, _, status = sepakatCmd(t, "lint", "--kind", "kb", "--json", docxFixture(t, "pks-v1.docx"))
	if status != 0 || strings.Contains(out, "missing-element") {
		t.Errorf("pks-v1 as a KB: status %d\n%s", status, out)
	}
}

// TestLintCommandElements: --elements replaces the required elements.
func TestLintCommandElements(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "elements.json")
	els := []drafting.RequiredElement{{Name: "kerahasiaan", Keywords: []string{"kerahasiaan"}, Kinds: []string{"pks"}}}
	data, _ := json.Marshal(els)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, status := sepakatCmd(t, "lint", docxFixture(t, "pks-v1.docx"), "--elements", file)
	if status != 3 || !strings.Contains(out, "Dokumen: Unsur \"kerahasiaan\" tidak ditemukan") || strings.Contains(out, "pengakhiran") {
		t.Errorf("status %d\n%s", status, out)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{"), 0o644)
	_, errOut, status := sepakatCmd(t, "lint", docxFixture(t, "pks-v1.docx"), "--elements", bad)
	if status != 1 || !strings.Contains(errOut, "bad.json") {
		t.Errorf("bad elements: status %d, stderr %q", status, errOut)
	}
}

// TestLintCommandErrors: unreadable files give exit status 1 and one line
// naming the file; a wrong command line gives 2.
func TestLintCommandErrors(t *testing.T) {
	for _, name := range []string{"notzip.docx", "legacy.doc", "encrypted.docx", "missing.docx"} {
		path := filepath.Join(filepath.Dir(docxFixture(t, "pks-v1.docx")), name)
		out, errOut, status := sepakatCmd(t, "lint", path)
		if status != 1 || out != "" {
			t.Errorf("%s: status %d, stdout %q", name, status, out)
		}
		if strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, name) {
			t.Errorf("%s: stderr %q, want one line naming the file", name, errOut)
		}
	}
	if _, _, status := sepakatCmd(t, "lint"); status != 2 {
		t.Errorf("no file: status %d, want 2", status)
	}
	if _, _, status := sepakatCmd(t, "lint", docxFixture(t, "pks-v1.docx"), "--kind", "mou"); status == 0 {
		t.Error("--kind mou accepted")
	}
}
