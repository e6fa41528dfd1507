package signing

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math/big"
	"strings"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/sepakat/sepakat"
)

// Certificate is an X.509 certificate with its private key, as read from a
// PKCS#12 (.p12) file: what signs PDFs.
type Certificate struct {
	Cert *x509.Certificate
	Key  crypto.Signer
	// Chain holds the issuing certificates that came with it, if any.
	Chain []*x509.Certificate
}

// ErrP12Password is returned by ReadP12 for a wrong password.
var ErrP12Password = errors.New("wrong password for the .p12 file")

// ReadP12 reads a certificate and its private key from a PKCS#12 file
// protected by password ("" for an unprotected file).
func ReadP12(data []byte, password string) (*Certificate, error) {
	key, cert, chain, err := pkcs12.DecodeChain(data, password)
	if errors.Is(err, pkcs12.ErrIncorrectPassword) {
		return nil, ErrP12Password
	}
	if err != nil {
		return nil, fmt.Errorf("not a usable .p12 file: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("the .p12 file holds a %T key, which cannot sign", key)
	}
	return &Certificate{Cert: cert, Key: signer, Chain: chain}, nil
}

// EncodeP12 writes c as a PKCS#12 file. With a password it is encrypted
// (PBES2, AES-256, SHA-256 MAC: readable by OpenSSL 1.1.1 and later); with
// "" it is written without encryption.
func (c *Certificate) EncodeP12(password string) ([]byte, error) {
	enc := pkcs12.Modern2023
	if password == "" {
		enc = pkcs12.Passwordless
	}
	return enc.Encode(c.Key, c.Cert, c.Chain, password)
}

// oidDocumentSigning is the Document Signing extended key usage (RFC 9336).
var oidDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}

// NewSelfSigned makes a self-signed ECDSA P-256 certificate for trials:
// common name cn, organisation org, key usage digital signature and
// non-repudiation, extended key usage document signing and e-mail
// protection, valid from an hour ago for validity.
func NewSelfSigned(cn, org string, validity time.Duration) (*Certificate, error) {
	if strings.TrimSpace(cn) == "" {
		return nil, errors.New("a certificate needs a common name")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(validity),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		UnknownExtKeyUsage:    []asn1.ObjectIdentifier{oidDocumentSigning},
		BasicConstraintsValid: true,
	}
	if org != "" {
		tmpl.Subject.Organization = []string{org}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Certificate{Cert: cert, Key: key}, nil
}

// SignOptions says how a PDF is signed.
type SignOptions struct {
	// Visible adds a signature block on the last page: a small rectangle
	// with the signer's name, organisation and the signing time. Each
	// further visible signature is placed above the previous one.
	Visible bool
	// Reason and Location go into the signature dictionary.
	Reason, Location string
	// Time is the signing time; zero means now.
	Time time.Time
}

// Sign signs the PDF in (size bytes) with c and writes the signed PDF to w:
// a detached PKCS#7 signature (adbe.pkcs7.detached, SHA-256) added as an
// incremental update, so that earlier signatures stay intact. It is an
// approval signature, so that more can follow. Sign last: any stamp or merge
// after signing breaks the signature. A file that is not a readable PDF is
// EINVALID.
func Sign(w io.Writer, in io.ReadSeeker, size int64, c *Certificate, opt SignOptions) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = pdfError(fmt.Sprintf("cannot be signed (damaged or unusual PDF): %v", r), sepakat.Errorf(sepakat.EINVALID, "PDF ini tidak dapat ditandatangani (berkasnya rusak atau tidak lazim): %v", r))
		}
	}()
	if c == nil || c.Cert == nil || c.Key == nil {
		return errors.New("sign pdf: no certificate")
	}
	ra, ok := in.(io.ReaderAt)
	if !ok {
		data, err := io.ReadAll(in)
		if err != nil {
			return err
		}
		ra, in, size = bytes.NewReader(data), bytes.NewReader(data), int64(len(data))
	}
	rdr, err := pdf.NewReader(ra, size)
	if err != nil {
		return pdfError("not a readable PDF: "+oneLineErr(err), sepakat.Errorf(sepakat.EINVALID, "Berkas ini bukan PDF yang dapat dibaca: %s", oneLineErr(err)))
	}
	if !rdr.Trailer().Key("Encrypt").IsNull() {
		return pdfError("the PDF is encrypted; an encrypted PDF cannot be signed", sepakat.Errorf(sepakat.EINVALID, "PDF ini dienkripsi; PDF terenkripsi tidak dapat ditandatangani."))
	}
	if opt.Time.IsZero() {
		opt.Time = time.Now()
	}
	name := c.Cert.Subject.CommonName
	data := sign.SignData{
		Signature: sign.SignDataSignature{
			Info: sign.SignDataSignatureInfo{
				Name: name, Location: opt.Location, Reason: opt.Reason, Date: opt.Time,
			},
			CertType:   sign.ApprovalSignature,
			DocMDPPerm: sign.AllowFillingExistingFormFieldsAndSignaturesPerms,
		},
		Signer:          c.Key,
		DigestAlgorithm: crypto.SHA256,
		Certificate:     c.Cert,
	}
	if len(c.Chain) > 0 {
		data.CertificateChains = [][]*x509.Certificate{append([]*x509.Certificate{c.Cert}, c.Chain...)}
	}
	if opt.Visible {
		app, err := visibleBlock(rdr, c.Cert, opt.Time)
		if err != nil {
			return err
		}
		data.Appearance = app
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := sign.Sign(in, &buf, rdr, size, data); err != nil {
		return fmt.Errorf("sign pdf: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// The visible signature block: width and height in points, its distance
// from the right edge and from the bottom (above the footer of a printed
// final), and the gap between stacked blocks.
const (
	blockWidth  = 200.0
	blockHeight = 56.0
	blockRight  = 57.0  // 20 mm
	blockBottom = 112.0 // 39.5 mm
	blockGap    = 6.0
)

// visibleBlock places a signature block on the last page, above those of
// earlier signatures, with an image of the signer's name and the time.
func visibleBlock(rdr *pdf.Reader, cert *x509.Certificate, at time.Time) (sign.Appearance, error) {
	pages := rdr.NumPage()
	if pages < 1 {
		return sign.Appearance{}, pdfError("the PDF has no pages", sepakat.Errorf(sepakat.EINVALID, "PDF ini tidak mempunyai halaman."))
	}
	width := 595.0
	if box := inherited(rdr.Page(pages).V, "MediaBox"); box.Len() == 4 {
		width = box.Index(2).Float64() - box.Index(0).Float64()
	}
	y := blockBottom + float64(len(signatureDicts(rdr)))*(blockHeight+blockGap)
	img, err := blockImage(cert, at)
	if err != nil {
		return sign.Appearance{}, err
	}
	return sign.Appearance{
		Visible: true, Page: uint32(pages),
		LowerLeftX: width - blockRight - blockWidth, LowerLeftY: y,
		UpperRightX: width - blockRight, UpperRightY: y + blockHeight,
		Image: img,
	}, nil
}

// blockImage draws the text of a visible signature block as a grey PNG
// (four times the block's size in points, for print).
func blockImage(cert *x509.Certificate, at time.Time) ([]byte, error) {
	const scale = 4
	w, h := int(blockWidth*scale), int(blockHeight*scale)
	img := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.Gray{Y: 255}), image.Point{}, draw.Src)
	ink := color.Gray{Y: 40}
	for x := 0; x < w; x++ {
		for _, y := range []int{0, 1, 2, h - 3, h - 2, h - 1} {
			img.SetGray(x, y, ink)
		}
	}
	for y := 0; y < h; y++ {
		for _, x := range []int{0, 1, 2, w - 3, w - 2, w - 1} {
			img.SetGray(x, y, ink)
		}
	}
	ttf, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	lines := []string{"Ditandatangani secara elektronik oleh", cert.Subject.CommonName}
	if len(cert.Subject.Organization) > 0 {
		lines = append(lines, cert.Subject.Organization[0])
	}
	lines = append(lines, "Waktu: "+at.Format("02-01-2006 15:04:05 MST"))
	size := 9.0 * scale
	face, err := opentype.NewFace(ttf, &opentype.FaceOptions{Size: size, DPI: 72})
	if err != nil {
		return nil, err
	}
	defer face.Close()
	d := font.Drawer{Dst: img, Src: image.NewUniform(ink), Face: face}
	lineHeight := (float64(h) - 8*scale) / float64(len(lines))
	for i, line := range lines {
		for r := []rune(line); len(r) > 4 && d.MeasureString(line).Ceil() > w-8*scale; {
			r = append(r[:len(r)-2], '…')
			line = string(r)
		}
		d.Dot = fixed.P(5*scale, int(4*scale+lineHeight*float64(i)+size))
		d.DrawString(line)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// signatureDicts returns the signature dictionaries of a PDF, in the order
// of its cross-reference table (objects with the filter Adobe.PPKLite, as
// pdfsign and poppler look for them).
func signatureDicts(rdr *pdf.Reader) []pdf.Value {
	var out []pdf.Value
	seen := map[string]bool{}
	for _, x := range rdr.Xref() {
		v := rdr.Resolve(x.Ptr(), x.Ptr())
		if v.Kind() != pdf.Dict || v.Key("Filter").Name() != "Adobe.PPKLite" || v.Key("Contents").IsNull() {
			continue
		}
		key := v.Key("ByteRange").String()
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, v)
	}
	return out
}

// inherited returns the entry key of a page, looked up through its parents.
func inherited(page pdf.Value, key string) pdf.Value {
	for v, i := page, 0; !v.IsNull() && i < 64; v, i = v.Key("Parent"), i+1 {
		if r := v.Key(key); !r.IsNull() {
			return r
		}
	}
	return pdf.Value{}
}

func oneLineErr(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// PDFError is a refusal of a PDF by the signing or verifying code: English
// text for the command line, and (through Unwrap) the *sepakat.Error with the
// message for the pages.
type PDFError struct {
	Text string
	User error
}

func (e *PDFError) Error() string { return e.Text }

// Unwrap returns the user-facing error.
func (e *PDFError) Unwrap() error { return e.User }

func pdfError(text string, user error) error { return &PDFError{Text: text, User: user} }
