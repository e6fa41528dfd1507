package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/internal/testtool"
)

// TestDraftCommand fills both built-in templates with their examples via
// the built binary and reads the drafts back with `sepakat text`.
func TestDraftCommand(t *testing.T) {
	dir := t.TempDir()
	for _, kind := range []string{"kb", "pks"} {
		data := filepath.Join("..", "..", "templates", "testdata", kind+"-example.json")
		out := filepath.Join(dir, kind+".docx")
		stdout, stderr, status := sepakatCmd(t, "draft", "--template", kind, "--data", data, "-o", out)
		if status != 0 || stdout != "" {
			t.Fatalf("draft %s: status %d, stdout %q, stderr %q", kind, status, stdout, stderr)
		}
		text, stderr, status := sepakatCmd(t, "text", out)
		if status != 0 {
			t.Fatalf("text %s: status %d: %s", kind, status, stderr)
		}
		for _, w := range []string{"Pada hari ini Senin tanggal", "Universitas Mulawarman", "Pemerintah Kota Samarinda", " (lima) tahun", " (dua) tahun", "rupiah)"} {
			if w == " (lima) tahun" && kind == "pks" || w == " (dua) tahun" && kind == "kb" || w == "Pemerintah Kota Samarinda" && kind == "pks" {
				continue
			}
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q missing from\n%s", kind, w, text)
			}
		}
		if strings.Contains(text, "{{") {
			t.Errorf("%s: placeholder left:\n%s", kind, text)
		}
	}

	// Errors: exit status 1 and one line.
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"title": "X", "parties": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	unknownField := filepath.Join(dir, "unknown.json")
	if err := os.WriteFile(unknownField, []byte(`{"judul": "X"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--template", "mou", "--data", bad}, "template tidak dikenal"},
		{[]string{"--template", "kb", "--data", bad}, "2 pihak"},
		{[]string{"--template", "kb", "--data", unknownField}, "unknown field"},
		{[]string{"--template", "kb", "--data", filepath.Join(dir, "none.json")}, "no such file"},
		{[]string{"--template", testtool.Testdata(t, "drafting", "pks-v1.docx"), "--data", filepath.Join("..", "..", "templates", "testdata", "kb-example.json")}, ""},
	}
	for _, c := range cases {
		out := filepath.Join(dir, "err.docx")
		stdout, stderr, status := sepakatCmd(t, append([]string{"draft", "-o", out}, c.args...)...)
		if c.want == "" { // a .docx without placeholders is a valid (if useless) template
			if status != 0 {
				t.Errorf("%v: status %d, stderr %q", c.args, status, stderr)
			}
			continue
		}
		if status != 1 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: status %d, stdout %q, stderr %q; want status 1 and one line with %q", c.args, status, stdout, stderr, c.want)
		}
		if c.want != "" {
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%v: output written despite the error", c.args)
			}
		}
	}
	if _, _, status := sepakatCmd(t, "draft", "--template", "kb"); status != 2 {
		t.Errorf("draft without --data: status %d, want 2", status)
	}
}
