package signing

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digitorus/pdfsign/verify"

	"github.com/sepakat/sepakat/internal/testtool"
)

// MustTrialCertificate returns a fresh self-signed certificate.
func MustTrialCertificate(tb testing.TB) *Certificate {
	tb.Helper()
	c, err := NewSelfSigned("Bagian Kerja Sama", "Pemerintah Kota Contoh", 2*365*24*time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// mustSign signs in with c and returns the signed PDF.
func mustSign(tb testing.TB, in []byte, c *Certificate, visible bool) []byte {
	tb.Helper()
	var out bytes.Buffer
	if err := Sign(&out, bytes.NewReader(in), int64(len(in)), c, SignOptions{Visible: visible}); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}

// pdfsigResults runs poppler's pdfsig on data and returns its "Signature
// Validation" lines (pdfsig exits 0 for valid and broken signatures alike).
func pdfsigResults(tb testing.TB, data []byte) []string {
	tb.Helper()
	bin := testtool.Require(tb, "pdfsig")
	path := filepath.Join(tb.TempDir(), "signed.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(bin, path).CombinedOutput()
	if err != nil {
		tb.Fatalf("pdfsig: %v\n%s", err, out)
	}
	var res []string
	for _, line := range strings.Split(string(out), "\n") {
		if _, v, ok := strings.Cut(line, "Signature Validation:"); ok {
			res = append(res, strings.TrimSpace(v))
		}
	}
	return res
}

func TestSignTwiceValidForPdfsig(t *testing.T) {
	in, err := os.ReadFile("../testdata/print/lampiran-1.pdf")
	if err != nil {
		t.Fatal(err)
	}
	c := MustTrialCertificate(t)
	once := mustSign(t, in, c, true)
	twice := mustSign(t, once, MustTrialCertificate(t), false)
	if !bytes.HasPrefix(twice, once) {
		t.Fatal("the second signature is not an incremental update")
	}
	got := pdfsigResults(t, twice)
	if len(got) != 2 || got[0] != "Signature is Valid." || got[1] != "Signature is Valid." {
		t.Fatalf("pdfsig: %q, want two valid signatures", got)
	}
	rep, err := VerifyPDF(bytes.NewReader(twice), int64(len(twice)), VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Signatures) != 2 || rep.Broken() || rep.ChangedAfterLast {
		t.Fatalf("report: %+v", rep)
	}
	for _, s := range rep.Signatures {
		if s.Signer != "Bagian Kerja Sama" || s.Organization != "Pemerintah Kota Contoh" || s.Trusted || !strings.Contains(s.Problem, "self-signed") {
			t.Errorf("signature: %+v", s)
		}
	}
	if rep.Signatures[0].WholeFile || !rep.Signatures[1].WholeFile {
		t.Errorf("whole file: %v %v", rep.Signatures[0].WholeFile, rep.Signatures[1].WholeFile)
	}
	// pdfsign's own verifier agrees: both valid, neither trusted.
	resp, err := verify.VerifyWithOptions(bytes.NewReader(twice), int64(len(twice)), verify.DefaultVerifyOptions())
	if err != nil || len(resp.Signers) != 2 {
		t.Fatalf("pdfsign verify: %v %+v", err, resp)
	}
	for _, s := range resp.Signers {
		if !s.ValidSignature || s.TrustedIssuer {
			t.Errorf("pdfsign verify: valid %v, trusted %v", s.ValidSignature, s.TrustedIssuer)
		}
	}
	// And pdfcpu, which checks uploads, accepts the signed file.
	if _, err := ValidatePDF(bytes.NewReader(twice), int64(len(twice))); err != nil {
		t.Errorf("pdfcpu refuses the signed PDF: %v", err)
	}
}

func TestFlippedByteBreaksSignature(t *testing.T) {
	in, err := os.ReadFile("../testdata/print/lampiran-1.pdf")
	if err != nil {
		t.Fatal(err)
	}
	signed := mustSign(t, in, MustTrialCertificate(t), false)
	// A byte of the first page's content, well inside the signed range.
	i := bytes.Index(signed, []byte("stream\n")) + len("stream\n") + 10
	bad := bytes.Clone(signed)
	bad[i] ^= 0x01
	if got := pdfsigResults(t, bad); len(got) != 1 || got[0] != "Digest Mismatch." {
		t.Fatalf("pdfsig on the tampered file: %q", got)
	}
	rep, err := VerifyPDF(bytes.NewReader(bad), int64(len(bad)), VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Broken() || !strings.Contains(rep.Signatures[0].Problem, "digest") {
		t.Fatalf("report: %+v", rep)
	}
}

func TestP12RoundTrip(t *testing.T) {
	c := MustTrialCertificate(t)
	for _, pw := range []string{"", "rahasia-kantor"} {
		data, err := c.EncodeP12(pw)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ReadP12(data, pw)
		if err != nil {
			t.Fatalf("password %q: %v", pw, err)
		}
		if !back.Cert.Equal(c.Cert) {
			t.Errorf("password %q: another certificate came back", pw)
		}
	}
	data, _ := c.EncodeP12("rahasia-kantor")
	if _, err := ReadP12(data, "salah"); !errors.Is(err, ErrP12Password) {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := ReadP12([]byte("not a p12"), ""); err == nil {
		t.Error("garbage read as a .p12")
	}
}

func TestVerifyUnsignedAndDamaged(t *testing.T) {
	in, _ := os.ReadFile("../testdata/print/lampiran-1.pdf")
	rep, err := VerifyPDF(bytes.NewReader(in), int64(len(in)), VerifyOptions{})
	if err != nil || len(rep.Signatures) != 0 || rep.Broken() {
		t.Fatalf("unsigned: %+v, %v", rep, err)
	}
	bad, _ := os.ReadFile("../testdata/print/not-a-pdf.pdf")
	if _, err := VerifyPDF(bytes.NewReader(bad), int64(len(bad)), VerifyOptions{}); err == nil {
		t.Fatal("a file that is not a PDF verified")
	}
	var out bytes.Buffer
	if err := Sign(&out, bytes.NewReader(bad), int64(len(bad)), MustTrialCertificate(t), SignOptions{}); err == nil {
		t.Fatal("a file that is not a PDF was signed")
	}
}
