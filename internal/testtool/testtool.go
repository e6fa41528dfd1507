// Package testtool finds the external programs and the fixture folder that
// tests rely on.
//
// A test that needs a program (chromium, pdftotext, qpdf…) calls Require. On
// a developer's machine without the program the test is skipped with a hint
// on how to install it; in CI, where SEPAKAT_REQUIRE_TOOLS=1, a missing
// program fails the test instead, so that a broken CI image cannot turn the
// suite silently green.
package testtool

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// RequireToolsEnv is the environment variable that turns a missing tool from
// a skip into a failure when set to "1".
const RequireToolsEnv = "SEPAKAT_REQUIRE_TOOLS"

// alternatives lists other executable names a tool is installed under.
var alternatives = map[string][]string{
	"chromium": {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"},
}

// packages names the Debian package that provides a tool, for the hint.
var packages = map[string]string{
	"chromium":  "chromium fonts-liberation",
	"pdftotext": "poppler-utils",
	"pdftoppm":  "poppler-utils",
	"pdfinfo":   "poppler-utils",
	"pdffonts":  "poppler-utils",
	"pdfsig":    "poppler-utils",
	"qpdf":      "qpdf",
	"pandoc":    "pandoc",
	"soffice":   "libreoffice-writer-nogui",
	"zbarimg":   "zbar-tools",
}

// Require returns the path of the program name found in PATH. For
// "chromium" it also tries chromium-browser and google-chrome. When the
// program is missing the test is skipped, or fails if SEPAKAT_REQUIRE_TOOLS=1.
func Require(tb testing.TB, name string) string {
	tb.Helper()
	names := alternatives[name]
	if names == nil {
		names = []string{name}
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	pkg := packages[name]
	if pkg == "" {
		pkg = name
	}
	if os.Getenv(RequireToolsEnv) == "1" {
		tb.Fatalf("%s not installed (looked for %v in PATH) and %s=1; install it: apt-get install %s", name, names, RequireToolsEnv, pkg)
		return ""
	}
	tb.Skipf("%s not installed; install it (apt-get install %s) or set %s=1 to fail instead", name, pkg, RequireToolsEnv)
	return ""
}

// Repo returns the root of the repository (the folder holding go.mod), found
// by walking up from the test's working directory, so that tests in any
// package can reach testdata/.
func Repo(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatalf("working directory: %v", err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			tb.Fatalf("no go.mod in %s or any parent folder", dir)
			return ""
		}
	}
}

// Testdata returns the path of a file or folder under the repository's
// testdata/ folder, failing the test if it does not exist.
func Testdata(tb testing.TB, elem ...string) string {
	tb.Helper()
	p := filepath.Join(append([]string{Repo(tb), "testdata"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("fixture missing: %v (regenerate with testdata/generate.sh)", err)
	}
	return p
}

// RequirePython returns the path of the system Python 3 (/usr/bin/python3,
// where Debian's python3-uno lives) after checking that it can import
// module, which Debian package pkg provides. Like Require, it skips the test
// when the module is missing, or fails it when SEPAKAT_REQUIRE_TOOLS=1.
func RequirePython(tb testing.TB, module, pkg string) string {
	tb.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		py = Require(tb, "python3")
	}
	if err := exec.Command(py, "-c", "import "+module).Run(); err == nil {
		return py
	}
	if os.Getenv(RequireToolsEnv) == "1" {
		tb.Fatalf("python module %s not importable by %s and %s=1; install it: apt-get install %s", module, py, RequireToolsEnv, pkg)
		return ""
	}
	tb.Skipf("python module %s not installed; install it (apt-get install %s) or set %s=1 to fail instead", module, pkg, RequireToolsEnv)
	return ""
}

// FirstLineDiff describes where two texts first differ, line by line, for
// a test's failure message: the line number and both lines quoted.
func FirstLineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %q\n got %q", i+1, a, b)
		}
	}
	return "(same lines)"
}
