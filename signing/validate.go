package signing

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/sepakat/sepakat"
)

var (
	configOnce sync.Once
	configErr  error
	configDir  string
)

// Configure points pdfcpu at a configuration folder of Sepakat's own (pdfcpu
// otherwise writes to the user's ~/.config). Call it once at start-up with a
// folder inside the data directory; without it a folder under the system's
// temporary directory is used.
func Configure(dir string) error {
	configDir = dir
	return ensureConfig()
}

func ensureConfig() error {
	configOnce.Do(func() {
		dir := configDir
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "sepakat-pdfcpu")
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			configErr = fmt.Errorf("pdfcpu config dir: %w", err)
			return
		}
		if err := api.EnsureDefaultConfigAt(dir); err != nil {
			configErr = fmt.Errorf("pdfcpu config: %w", err)
		}
	})
	return configErr
}

// pdfMagic is how every PDF starts (within its first kilobyte).
var pdfMagic = []byte("%PDF-")

// pdfProblem is what is wrong with a PDF that cannot be used.
type pdfProblem int

const (
	pdfOK        pdfProblem = iota
	pdfNotPDF               // not a PDF at all
	pdfEncrypted            // encrypted or password-protected
	pdfDamaged              // unreadable or invalid
	pdfNoPages              // valid, without a page
)

// ValidatePDF checks an uploaded PDF with pdfcpu. It refuses, with a message
// for the user, files that are not PDFs (naming what they seem to be),
// encrypted or password-protected PDFs, and damaged PDFs. It never panics on
// bad input. It has the signature of sepakat.ContentCheck.
func ValidatePDF(r io.ReadSeeker, size int64) (contentType string, err error) {
	problem, head, err := checkPDF(r)
	if err != nil {
		return "", err
	}
	switch problem {
	case pdfNotPDF:
		return "", sepakat.Errorf(sepakat.EUNSUPPORTED, "Berkas ini bukan PDF (%s). Simpan atau pindai dokumennya sebagai PDF lalu unggah kembali.", describe(head))
	case pdfEncrypted:
		return "", sepakat.Errorf(sepakat.EINVALID, "PDF ini dienkripsi atau dilindungi kata sandi. Simpan ulang tanpa kata sandi (Cetak ke PDF) lalu unggah kembali.")
	case pdfDamaged:
		return "", sepakat.Errorf(sepakat.EINVALID, "PDF rusak atau tidak lengkap sehingga tidak dapat dibaca. Pindai atau ekspor ulang dokumennya lalu unggah kembali.")
	case pdfNoPages:
		return "", sepakat.Errorf(sepakat.EINVALID, "PDF tidak memiliki halaman. Periksa hasil pindaian lalu unggah kembali.")
	}
	return "application/pdf", nil
}

// checkPDF reads and validates r with pdfcpu and says what is wrong with
// it, if anything; head is the file's first kilobyte. The error is for
// failures of Sepakat itself, not of the file.
func checkPDF(r io.ReadSeeker) (problem pdfProblem, head []byte, err error) {
	if err := ensureConfig(); err != nil {
		return pdfOK, nil, err
	}
	head = make([]byte, 1024)
	n, _ := io.ReadFull(r, head)
	head = head[:n]
	if !bytes.Contains(head, pdfMagic) {
		return pdfNotPDF, head, nil
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return pdfOK, head, err
	}
	defer func() {
		if p := recover(); p != nil {
			problem, err = pdfDamaged, nil
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(r, conf)
	if err != nil {
		if errors.Is(err, pdfcpu.ErrWrongPassword) || strings.Contains(strings.ToLower(err.Error()), "password") || strings.Contains(err.Error(), "encrypt") {
			return pdfEncrypted, head, nil
		}
		return pdfDamaged, head, nil
	}
	if ctx.XRefTable.Encrypt != nil {
		return pdfEncrypted, head, nil
	}
	if err := api.ValidateContext(ctx); err != nil {
		return pdfDamaged, head, nil
	}
	if ctx.PageCount < 1 {
		return pdfNoPages, head, nil
	}
	return pdfOK, head, nil
}

// describe names what a non-PDF file seems to be, from its first bytes.
func describe(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "tampaknya dokumen Word/Office atau arsip ZIP"
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "tampaknya dokumen Word/Excel lama (.doc/.xls) atau dokumen Office berkata sandi"
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return "tampaknya gambar JPEG"
	case bytes.HasPrefix(head, []byte("\x89PNG")):
		return "tampaknya gambar PNG"
	case len(head) == 0:
		return "berkas kosong"
	}
	return "jenis tidak dikenal"
}
