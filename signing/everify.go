package signing

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pkcs7"

	"github.com/sepakat/sepakat"
)

// SignatureCheck is what verification found about one signature.
type SignatureCheck = sepakat.PDFSignature

// VerifyReport is the result of checking the signatures of a PDF.
type VerifyReport = sepakat.PDFVerification

// VerifyOptions tunes VerifyPDF.
type VerifyOptions struct {
	// Roots are the trusted roots; nil means the system's.
	Roots *x509.CertPool
}

// VerifyPDF checks every signature of the PDF r (size bytes): it reads the
// signature dictionaries (filter Adobe.PPKLite) with digitorus/pdf, checks
// the detached PKCS#7 over each one's byte range with digitorus/pkcs7 (the
// libraries under pdfsign's own verifier), and whether the certificate
// chains to a trusted root at the signing time. A signature whose PKCS#7
// cannot be read counts as broken, not as absent. A PDF without signatures
// gives a report with none. A file that is not a readable PDF is EINVALID.
func VerifyPDF(r io.ReaderAt, size int64, opt VerifyOptions) (rep *VerifyReport, err error) {
	defer func() {
		if p := recover(); p != nil {
			rep, err = nil, pdfError(fmt.Sprintf("damaged PDF, cannot be checked: %v", p), sepakat.Errorf(sepakat.EINVALID, "PDF ini rusak dan tidak dapat diperiksa: %v", p))
		}
	}()
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return nil, err
	}
	rep = &VerifyReport{SHA256: hex.EncodeToString(h.Sum(nil)), Size: size, Signatures: []SignatureCheck{}}
	rdr, err := pdf.NewReader(r, size)
	if err != nil {
		return nil, pdfError("not a readable PDF: "+oneLineErr(err), sepakat.Errorf(sepakat.EINVALID, "Berkas ini bukan PDF yang dapat dibaca: %s", oneLineErr(err)))
	}
	var lastEnd int64
	for _, v := range signatureDicts(rdr) {
		c, end := checkSignature(v, r, size, opt)
		rep.Signatures = append(rep.Signatures, c)
		lastEnd = max(lastEnd, end)
	}
	if len(rep.Signatures) > 0 {
		// A signed file ends with %%EOF and an end of line or two; more
		// than that after the last signed byte is an unsigned revision.
		rep.ChangedAfterLast = size-lastEnd > 2
	}
	return rep, nil
}

// checkSignature checks one signature dictionary; end is the offset just
// after the last byte it covers.
func checkSignature(v pdf.Value, r io.ReaderAt, size int64, opt VerifyOptions) (c SignatureCheck, end int64) {
	c.Signer = v.Key("Name").Text()
	if t, err := parsePDFDate(v.Key("M").Text()); err == nil {
		c.Time = t
	}
	br := v.Key("ByteRange")
	var ranges [][2]int64
	for i := 0; i+1 < br.Len(); i += 2 {
		ranges = append(ranges, [2]int64{br.Index(i).Int64(), br.Index(i + 1).Int64()})
	}
	if len(ranges) != 2 || ranges[0][0] != 0 || ranges[0][1] < 0 || ranges[1][0] < ranges[0][1] ||
		ranges[1][1] < 0 || ranges[1][0]+ranges[1][1] > size {
		c.Problem, c.Reason = "ByteRange tidak sah", "invalid ByteRange"
		return c, 0
	}
	end = ranges[1][0] + ranges[1][1]
	c.WholeFile = size-end <= 2
	p7, err := pkcs7.Parse([]byte(v.Key("Contents").RawString()))
	if err != nil {
		c.Problem, c.Reason = "isi tanda tangan (PKCS#7) rusak", "damaged signature contents (PKCS#7)"
		return c, end
	}
	cert := p7.GetOnlySigner()
	if cert == nil && len(p7.Certificates) > 0 {
		cert = p7.Certificates[0]
	}
	if cert != nil {
		c.Signer = cert.Subject.CommonName
		if len(cert.Subject.Organization) > 0 {
			c.Organization = cert.Subject.Organization[0]
		}
	}
	var signed time.Time
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &signed); err == nil && !signed.IsZero() {
		c.Time = signed
	}
	for _, rg := range ranges {
		buf := make([]byte, rg[1])
		if _, err := r.ReadAt(buf, rg[0]); err != nil {
			c.Problem, c.Reason = "rentang yang ditandatangani tidak terbaca", "the signed byte range cannot be read"
			return c, end
		}
		p7.Content = append(p7.Content, buf...)
	}
	if err := p7.Verify(); err != nil {
		var mismatch *pkcs7.MessageDigestMismatchError
		if errors.As(err, &mismatch) {
			c.Problem, c.Reason = "digest tidak cocok: isi berkas berubah setelah ditandatangani", "digest mismatch: the file changed after it was signed"
		} else {
			c.Problem, c.Reason = "tanda tangan tidak sah: "+strings.TrimPrefix(err.Error(), "pkcs7: "), "invalid signature: "+strings.TrimPrefix(err.Error(), "pkcs7: ")
		}
		return c, end
	}
	c.Intact = true
	if cert == nil {
		c.Problem, c.Reason = "sertifikat penanda tangan tidak ada", "no signing certificate"
		return c, end
	}
	inter := x509.NewCertPool()
	for _, ic := range p7.Certificates {
		inter.AddCert(ic)
	}
	at := c.Time
	if at.IsZero() {
		at = time.Now()
	}
	_, err = cert.Verify(x509.VerifyOptions{
		Roots: opt.Roots, Intermediates: inter, CurrentTime: at,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err == nil {
		c.Trusted = true
	} else if isSelfSigned(cert) {
		c.Problem, c.Reason = "sertifikat ditandatangani sendiri (self-signed), tidak diterbitkan oleh otoritas yang dipercaya", "self-signed certificate, not issued by a trusted authority"
	} else {
		c.Problem, c.Reason = "sertifikat tidak dipercaya: "+err.Error(), "untrusted certificate: "+err.Error()
	}
	return c, end
}

func isSelfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// parsePDFDate reads a PDF date: D:YYYYMMDDHHmmSS+HH'mm'.
func parsePDFDate(s string) (time.Time, error) {
	s = strings.TrimPrefix(s, "D:")
	s = strings.ReplaceAll(s, "'", "")
	for _, layout := range []string{"20060102150405-0700", "20060102150405Z0700", "20060102150405Z", "20060102150405"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a PDF date: %q", s)
}
