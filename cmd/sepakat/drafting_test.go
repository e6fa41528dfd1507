package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/internal/testtool"
)

// sepakatCmd runs the built sepakat binary and returns its standard
// output, standard error and exit status.
func sepakatCmd(t testing.TB, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	bin, err := buildSepakat()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		status = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return o.String(), e.String(), status
}

func docxFixture(t testing.TB, name string) string {
	t.Helper()
	return testtool.Testdata(t, "drafting", name)
}

// TestTextCommand checks `sepakat text` against the expected texts made
// from pandoc's reading of the same files (testdata/drafting/README.md).
func TestTextCommand(t *testing.T) {
	cases := []struct{ file, mode, want string }{
		{"pks-v1.docx", "", "pks-v1.accept.txt"},
		{"pks-numbered-v1.docx", "", "pks-numbered-v1.accept.txt"},
		{"tracked.docx", "", "tracked.accept.txt"},
		{"tracked.docx", "accept", "tracked.accept.txt"},
		{"tracked.docx", "reject", "tracked.reject.txt"},
	}
	for _, tc := range cases {
		t.Run(tc.file+"/"+tc.mode, func(t *testing.T) {
			args := []string{"text", docxFixture(t, tc.file)}
			if tc.mode != "" {
				args = append(args, "--changes", tc.mode)
			}
			out, errOut, status := sepakatCmd(t, args...)
			if status != 0 {
				t.Fatalf("exit %d: %s", status, errOut)
			}
			want, err := os.ReadFile(docxFixture(t, tc.want))
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("text differs from %s:\n%s", tc.want, testtool.FirstLineDiff(string(want), out))
			}
		})
	}
}

// diffJSON is the JSON contract of `sepakat diff --format json`.
type diffJSON struct {
	Summary struct {
		PasalInserted   []int `json:"pasal_inserted"`
		PasalDeleted    []int `json:"pasal_deleted"`
		PasalChanged    []struct{ Old, New int }
		PasalRenumbered []struct{ Old, New int }
		PasalReferences []struct{ Old, New int } `json:"pasal_references_updated"`
		WordsInserted   int                      `json:"words_inserted"`
		WordsDeleted    int                      `json:"words_deleted"`
	} `json:"summary"`
	Changes []struct {
		Kind     string `json:"kind"`
		OldText  string `json:"old_text"`
		NewText  string `json:"new_text"`
		OldPasal *int   `json:"old_pasal"`
		NewPasal *int   `json:"new_pasal"`
	} `json:"changes"`
}

// TestDiffCommandFormats runs every output format on the PKS pair.
func TestDiffCommandFormats(t *testing.T) {
	old, new := docxFixture(t, "pks-v1.docx"), docxFixture(t, "pks-v2.docx")
	text, errOut, status := sepakatCmd(t, "diff", old, new)
	if status != 0 {
		t.Fatalf("diff: exit %d: %s", status, errOut)
	}
	if !strings.Contains(text, "{+") || !strings.Contains(text, "[-") || !strings.Contains(text, "@@ Pasal") {
		t.Errorf("text redline has no marked changes:\n%s", text)
	}

	out, errOut, status := sepakatCmd(t, "diff", old, new, "--format", "json")
	if status != 0 {
		t.Fatalf("diff --format json: exit %d: %s", status, errOut)
	}
	var j diffJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("JSON: %v\n%s", err, out)
	}
	if len(j.Changes) == 0 || j.Summary.WordsInserted == 0 || j.Summary.WordsDeleted == 0 {
		t.Errorf("JSON reports no change: %+v", j.Summary)
	}

	dir := t.TempDir()
	html := filepath.Join(dir, "r.html")
	if _, errOut, status := sepakatCmd(t, "diff", "--format", "html", "-o", html, old, new); status != 0 {
		t.Fatalf("diff --format html: exit %d: %s", status, errOut)
	}
	b, err := os.ReadFile(html)
	if err != nil || !bytes.Contains(b, []byte("<ins>")) || !bytes.Contains(b, []byte("Ringkasan perubahan")) {
		t.Errorf("HTML redline missing or without insertions (%v)", err)
	}

	docx := filepath.Join(dir, "r.docx")
	if _, errOut, status := sepakatCmd(t, "diff", old, new, "--format", "docx", "-o", docx, "--author", "ARNP Kota"); status != 0 {
		t.Fatalf("diff --format docx: exit %d: %s", status, errOut)
	}
	b, err = os.ReadFile(docx)
	if err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Fatalf("docx redline missing or not a zip (%v)", err)
	}
	accepted, _, _ := sepakatCmd(t, "text", docx)
	rejected, _, _ := sepakatCmd(t, "text", docx, "--changes", "reject")
	newText, _, _ := sepakatCmd(t, "text", new)
	oldText, _, _ := sepakatCmd(t, "text", old)
	if accepted != newText {
		t.Errorf("accept all of the redline is not the new text:\n%s", testtool.FirstLineDiff(newText, accepted))
	}
	if rejected != oldText {
		t.Errorf("reject all of the redline is not the old text:\n%s", testtool.FirstLineDiff(oldText, rejected))
	}
}

// TestDraftingCommandErrors: every refused file gives exit status 1 and one
// line on stderr that names the file and the problem.
func TestDraftingCommandErrors(t *testing.T) {
	good := docxFixture(t, "pks-v1.docx")
	dir := t.TempDir()
	empty := filepath.Join(dir, "kosong.docx")
	os.WriteFile(empty, nil, 0o644)
	cases := []struct {
		file string
		want string // a phrase the message must hold
	}{
		{docxFixture(t, "notzip.docx"), "not a Word document"},
		{docxFixture(t, "legacy.doc"), "Word 97-2003"},
		{docxFixture(t, "legacy-as-docx.docx"), "Word 97-2003"},
		{docxFixture(t, "encrypted.docx"), "password"},
		{docxFixture(t, "macro.docm"), "macro"},
		{docxFixture(t, "truncated.docx"), "damaged"},
		{docxFixture(t, "nomain.docx"), "damaged"},
		{docxFixture(t, "badxml.docx"), "damaged"},
		{docxFixture(t, "entity.docx"), "entit"},
		{filepath.Join(dir, "tidak-ada.docx"), "no such file"},
		{empty, "not a Word document"},
		{dir, "directory"},
	}
	for _, tc := range cases {
		name := filepath.Base(tc.file)
		for _, args := range [][]string{{"text", tc.file}, {"diff", tc.file, good}, {"diff", good, tc.file, "--format", "json"}} {
			out, errOut, status := sepakatCmd(t, args...)
			if status != 1 {
				t.Errorf("%v: exit %d, want 1", args, status)
			}
			if out != "" {
				t.Errorf("%v: wrote to stdout: %q", args, out)
			}
			lines := strings.Split(strings.TrimRight(errOut, "\n"), "\n")
			if len(lines) != 1 || !strings.Contains(errOut, name) || !strings.Contains(strings.ToLower(errOut), strings.ToLower(tc.want)) {
				t.Errorf("%v: stderr %q, want one line naming %s and saying %q", args, errOut, name, tc.want)
			}
			if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
				t.Errorf("%v: stack trace on stderr: %s", args, errOut)
			}
		}
	}
}

// BenchmarkDiffCommand runs `sepakat diff` on the 300-Pasal pair as a whole
// process, as a user would. Target: well under 0.2 s.
func BenchmarkDiffCommand(b *testing.B) {
	bin, err := buildSepakat()
	if err != nil {
		b.Fatal(err)
	}
	old, new := docxFixture(b, "big-v1.docx"), docxFixture(b, "big-v2.docx")
	for b.Loop() {
		cmd := exec.Command(bin, "diff", old, new)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}
