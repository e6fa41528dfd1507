package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/signing"
	"github.com/sepakat/sepakat/storage"
)

// certValidity is how long a trial certificate of `sepakat cert new` lasts.
const certValidity = 2 * 365 * 24 * time.Hour

// runCert dispatches `sepakat cert new`.
func runCert(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "new" {
		fmt.Fprint(stderr, "usage: sepakat cert new --cn NAME --org ORG -o FILE.p12 [--password-file F]\n")
		return exitCode(2)
	}
	fs := flag.NewFlagSet("cert new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cn := fs.String("cn", "", "common name of the signer (e.g. the office)")
	org := fs.String("org", "", "organisation (e.g. Pemerintah Kota …)")
	out := fs.String("o", "", "the .p12 file to write")
	pwFile := fs.String("password-file", "", "file whose first line is the .p12 password (none: unencrypted)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sepakat cert new --cn NAME --org ORG -o FILE.p12 [--password-file F]\n")
	}
	if pos, err := parseInterleaved(fs, args[1:]); err != nil || len(pos) != 0 || *cn == "" || *out == "" {
		fs.Usage()
		return exitCode(2)
	}
	pw, err := readPasswordFile(*pwFile)
	if err != nil {
		return err
	}
	c, err := signing.NewSelfSigned(*cn, *org, certValidity)
	if err != nil {
		return err
	}
	data, err := c.EncodeP12(pw)
	if err != nil {
		return err
	}
	if _, err := writeFileAtomic(*out, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return fmt.Errorf("%s: %s", *out, oneLine(err.Error()))
	}
	how := "unencrypted, empty password"
	if pw != "" {
		how = "encrypted with the password from " + *pwFile
	}
	fmt.Fprintf(stdout, "Self-signed certificate for trials written to %s (%s): CN=%s, O=%s, valid until %s.\n",
		*out, how, *cn, *org, c.Cert.NotAfter.Format("2006-01-02"))
	return nil
}

// readPasswordFile returns the first line of a password file, or "" for
// no file.
func readPasswordFile(name string) (string, error) {
	if name == "" {
		return "", nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return "", fileError(name, err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimRight(line, "\r"), nil
}

// loadP12 reads the certificate of a .p12 file with the password of a
// password file; errors name the file.
func loadP12(p12, pwFile string) (*signing.Certificate, error) {
	pw, err := readPasswordFile(pwFile)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(p12)
	if err != nil {
		return nil, fileError(p12, err)
	}
	c, err := signing.ReadP12(data, pw)
	if errors.Is(err, signing.ErrP12Password) {
		if pw == "" {
			return nil, fmt.Errorf("%s: the .p12 file is password-protected: give --password-file", p12)
		}
		return nil, fmt.Errorf("%s: wrong password (from %s)", p12, pwFile)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %s", p12, oneLine(err.Error()))
	}
	return c, nil
}

// cliMessage is the message of err for the command line: the English text
// of a refused PDF, the safe message of another Sepakat error, else the
// error itself.
func cliMessage(err error) string {
	var pe *signing.PDFError
	if errors.As(err, &pe) {
		return pe.Text
	}
	var e *sepakat.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// fileError names a file and what is wrong with it in one line.
func fileError(name string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such file", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied", name)
	}
	return fmt.Errorf("%s: %s", name, oneLine(err.Error()))
}

// runSign signs a PDF with the certificate of a .p12 file.
func runSign(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	p12 := fs.String("p12", "", "PKCS#12 file with the certificate and its key")
	pwFile := fs.String("password-file", "", "file whose first line is the .p12 password")
	visible := fs.Bool("visible", false, "add a visible signature block on the last page")
	out := fs.String("o", "", "the signed PDF to write")
	reason := fs.String("reason", "", "reason written into the signature")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sepakat sign IN.pdf --p12 FILE.p12 [--password-file F] [--visible] -o OUT.pdf\n")
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil || len(pos) != 1 || *p12 == "" || *out == "" {
		fs.Usage()
		return exitCode(2)
	}
	in, err := os.ReadFile(pos[0])
	if err != nil {
		return fileError(pos[0], err)
	}
	c, err := loadP12(*p12, *pwFile)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := signing.Sign(&buf, bytes.NewReader(in), int64(len(in)), c, signing.SignOptions{Visible: *visible, Reason: *reason}); err != nil {
		return fmt.Errorf("%s: %s", pos[0], oneLine(cliMessage(err)))
	}
	if err := writeOutput(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Signed %s as %s: %s.\n", pos[0], c.Cert.Subject.CommonName, *out)
	return nil
}

// verifyOutput is what `sepakat verify --json` prints.
type verifyOutput struct {
	File string `json:"file"`
	*signing.VerifyReport
	// Registered is set with --data: the registry's record, or null.
	Registered *sepakat.RegisteredPDF `json:"registered,omitempty"`
	Checked    bool                   `json:"registry_checked"`
}

// runVerify reports every signature of a PDF and, with --data, whether it
// is a registered final document. Exit status 1 when a signature is broken
// or, with --data, the file is not registered.
func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "", "data directory whose registry of final PDFs to look the file up in")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.Usage = func() { fmt.Fprint(stderr, "usage: sepakat verify FILE.pdf [--data DIR] [--json]\n") }
	pos, err := parseInterleaved(fs, args)
	if err != nil || len(pos) != 1 {
		fs.Usage()
		return exitCode(2)
	}
	name := pos[0]
	f, err := os.Open(name)
	if err != nil {
		return fileError(name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fileError(name, err)
	}
	if st.IsDir() {
		return fmt.Errorf("%s: is a directory, not a PDF", name)
	}
	rep, err := signing.VerifyPDF(f, st.Size(), signing.VerifyOptions{})
	if err != nil {
		return fmt.Errorf("%s: %s", name, oneLine(cliMessage(err)))
	}
	res := verifyOutput{File: name, VerifyReport: rep}
	if *dir != "" {
		res.Checked = true
		res.Registered, err = lookupRegistered(ctx, *dir, rep.SHA256)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(res)
	} else {
		printVerify(stdout, res)
	}
	if rep.Broken() || (res.Checked && res.Registered == nil) {
		return exitCode(1)
	}
	return nil
}

func printVerify(w io.Writer, res verifyOutput) {
	fmt.Fprintf(w, "%s\nSHA-256: %s\n", res.File, res.SHA256)
	if len(res.Signatures) == 0 {
		fmt.Fprintln(w, "No electronic signatures.")
	}
	for i, s := range res.Signatures {
		who := s.Signer
		if s.Organization != "" {
			who += " (" + s.Organization + ")"
		}
		fmt.Fprintf(w, "Signature %d: %s\n", i+1, who)
		if !s.Time.IsZero() {
			fmt.Fprintf(w, "  signed:      %s\n", s.Time.Format(time.RFC3339))
		}
		state := "INTACT"
		if !s.Intact {
			state = "BROKEN"
		}
		fmt.Fprintf(w, "  integrity:   %s\n", state)
		trust := "trusted"
		if !s.Trusted {
			trust = "NOT trusted"
		}
		fmt.Fprintf(w, "  certificate: %s\n", trust)
		if s.Reason != "" {
			fmt.Fprintf(w, "  note:        %s\n", s.Reason)
		}
		if s.WholeFile {
			fmt.Fprintln(w, "  covers:      the whole file")
		} else {
			fmt.Fprintln(w, "  covers:      an earlier revision (later revisions follow)")
		}
	}
	if res.ChangedAfterLast {
		fmt.Fprintln(w, "WARNING: the file was changed after its last signature; those changes are not signed.")
	}
	if res.Checked {
		if r := res.Registered; r != nil {
			what := "e-signed final"
			if r.Kind == sepakat.RegisteredSignedScan {
				what = "signed scan"
			}
			fmt.Fprintf(w, "Registered: yes, %s of %q", what, r.Title)
			if r.Number != "" {
				fmt.Fprintf(w, " (number %s)", r.Number)
			}
			fmt.Fprintf(w, ", registered %s\n", r.RegisteredAt.Format(time.RFC3339))
		} else {
			fmt.Fprintln(w, "Registered: NO, this file is not a registered final document.")
		}
	}
}

// lookupRegistered finds sha in the PDF registry of dir: through the
// running server when there is one (bbolt locks its file), else by opening
// the database read-only. nil when the file is not registered.
func lookupRegistered(ctx context.Context, dir, sha string) (*sepakat.RegisteredPDF, error) {
	if _, err := os.Stat(filepath.Join(dir, "sepakat.db")); err != nil {
		return nil, fmt.Errorf("no Sepakat database in %s", dir)
	}
	srv, err := runningServer(dir)
	if err != nil {
		return nil, err
	}
	if srv != nil {
		resp, err := srv.send(ctx, "/internal/registered/"+sha)
		if err != nil {
			return nil, err
		}
		switch resp.StatusCode {
		case http.StatusOK:
			defer resp.Body.Close()
			var r sepakat.RegisteredPDF
			return &r, json.NewDecoder(resp.Body).Decode(&r)
		case http.StatusNotFound:
			resp.Body.Close()
			return nil, nil
		}
		return nil, answerError(resp)
	}
	db, err := storage.Open(dir, storage.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	r, err := db.FindRegisteredPDF(sepakat.SystemContext(ctx), sha)
	if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
		return nil, nil
	}
	return r, err
}

// officeSigner implements sepakat.ESigner with the office's certificate.
type officeSigner struct {
	cert *signing.Certificate
	// zone is the office's time zone, for the time in the visible block.
	zone *time.Location
}

var _ sepakat.ESigner = officeSigner{}

// SignPDF implements sepakat.ESigner: a visible signature block on the last
// page.
func (o officeSigner) SignPDF(_ context.Context, w io.Writer, pdf []byte) error {
	now := time.Now()
	if o.zone != nil {
		now = now.In(o.zone)
	}
	return signing.Sign(w, bytes.NewReader(pdf), int64(len(pdf)), o.cert, signing.SignOptions{
		Visible: true, Reason: "Dokumen final kerja sama daerah", Time: now,
	})
}

// SignerName implements sepakat.ESigner.
func (o officeSigner) SignerName() string { return o.cert.Cert.Subject.CommonName }

// verifyPDF checks the signatures of a PDF against the system's roots.
func verifyPDF(r io.ReaderAt, size int64) (*sepakat.PDFVerification, error) {
	return signing.VerifyPDF(r, size, signing.VerifyOptions{})
}
