package testtool

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRepo(t *testing.T) {
	root := Repo(t)
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "module github.com/sepakat/sepakat") {
		t.Fatalf("Repo() = %s: go.mod is not Sepakat's", root)
	}
}

func TestRequireFindsProgram(t *testing.T) {
	if p := Require(t, "sh"); filepath.Base(p) != "sh" {
		t.Fatalf("Require(sh) = %q", p)
	}
}

// fakeTB records how Require gave up.
type fakeTB struct {
	testing.TB
	fatal, skip string
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Fatalf(format string, a ...any) { f.fatal = format }
func (f *fakeTB) Skipf(format string, a ...any)  { f.skip = format }

func TestRequireMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, env := range []string{"", "1"} {
		t.Setenv(RequireToolsEnv, env)
		tb := &fakeTB{TB: t}
		Require(tb, "chromium")
		if env == "1" && (tb.fatal == "" || tb.skip != "") {
			t.Errorf("%s=1: want Fatalf, got fatal=%q skip=%q", RequireToolsEnv, tb.fatal, tb.skip)
		}
		if env == "" && (tb.skip == "" || tb.fatal != "") {
			t.Errorf("%s unset: want Skipf, got fatal=%q skip=%q", RequireToolsEnv, tb.fatal, tb.skip)
		}
	}
}
