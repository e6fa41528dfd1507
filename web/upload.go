package web

import (
	"errors"
	"image"
	_ "image/jpeg" // register decoders for checking photos
	_ "image/png"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// multipartSlack is what a multipart body may carry beyond the file itself
// (boundaries, headers, small fields).
const multipartSlack = 1 << 20

// receiveFile streams the part named field of a multipart request into the
// blob store, at most max bytes, checked by check before it becomes visible.
// Nothing is buffered whole in memory.
func (s *Server) receiveFile(c *gin.Context, field string, max int64, check sepakat.ContentCheck) (sepakat.File, error) {
	ct := c.GetHeader("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "multipart/form-data" {
		return sepakat.File{}, sepakat.Errorf(sepakat.EINVALID, "Kirim berkas sebagai multipart/form-data dengan kolom %q.", field)
	}
	if c.Request.ContentLength > max+multipartSlack {
		return sepakat.File{}, sepakat.Errorf(sepakat.ETOOLARGE, "Berkas terlalu besar: paling besar %d MB.", max>>20)
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max+multipartSlack)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return sepakat.File{}, sepakat.Errorf(sepakat.EINVALID, "Unggahan tidak dapat dibaca. Pilih berkas lalu kirim ulang.")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return sepakat.File{}, sepakat.Errorf(sepakat.EINVALID, "Tidak ada berkas dalam unggahan. Pilih berkas lalu kirim ulang.")
		}
		if err != nil {
			return sepakat.File{}, uploadReadError(err, max)
		}
		if part.FormName() != field || part.FileName() == "" {
			_, _ = io.Copy(io.Discard, io.LimitReader(part, 64<<10))
			part.Close()
			continue
		}
		sha, size, ctype, err := s.Blobs.Put(c.Request.Context(), part, max, check)
		part.Close()
		if err != nil {
			return sepakat.File{}, uploadReadError(err, max)
		}
		if size == 0 {
			return sepakat.File{}, sepakat.Errorf(sepakat.EINVALID, "Berkas kosong. Pilih berkas yang benar lalu kirim ulang.")
		}
		return sepakat.File{
			SHA256: sha, Size: size, Name: cleanFileName(part.FileName()), ContentType: ctype,
			UploadedBy: sepakat.UserIDFromContext(c.Request.Context()), UploadedAt: time.Now().UTC(),
		}, nil
	}
}

func uploadReadError(err error, max int64) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return sepakat.Errorf(sepakat.ETOOLARGE, "Berkas terlalu besar: paling besar %d MB.", max>>20)
	}
	if sepakat.ErrorCode(err) != sepakat.EINTERNAL {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "multipart") {
		return sepakat.Errorf(sepakat.EINVALID, "Unggahan terputus atau rusak. Kirim ulang berkasnya.")
	}
	return err
}

// cleanFileName keeps the base name of an uploaded file, printable and short.
func cleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	var b strings.Builder
	for _, r := range name {
		if r < 0x20 || r == 0x7f || r == '"' || r == '/' {
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	for utf8.RuneCountInString(out) > 120 {
		r := []rune(out)
		out = string(r[len(r)-120:])
	}
	if out == "" || out == "." {
		out = "berkas"
	}
	return out
}

// maxImagePixels bounds the decoded size of a photo (a decompression bomb
// declares huge dimensions in a small file).
const maxImagePixels = 40_000_000

// checkImage accepts JPEG and PNG photos by their content, not their name.
func checkImage(r io.ReadSeeker, size int64) (string, error) {
	head := make([]byte, 512)
	n, _ := io.ReadFull(r, head)
	ct := http.DetectContentType(head[:n])
	if ct != "image/jpeg" && ct != "image/png" {
		return "", sepakat.Errorf(sepakat.EUNSUPPORTED, "Foto harus berupa gambar JPEG atau PNG; berkas ini bukan gambar (%s).", describeType(ct))
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	cfg, _, err := image.DecodeConfig(r)
	if err != nil {
		return "", sepakat.Errorf(sepakat.EINVALID, "Gambar rusak atau tidak lengkap. Simpan ulang fotonya sebagai JPEG atau PNG lalu unggah kembali.")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxImagePixels {
		return "", sepakat.Errorf(sepakat.EINVALID, "Ukuran gambar tidak wajar (%d × %d piksel). Perkecil fotonya lalu unggah kembali.", cfg.Width, cfg.Height)
	}
	return ct, nil
}

func describeType(ct string) string {
	switch {
	case strings.HasPrefix(ct, "application/pdf"):
		return "PDF"
	case strings.HasPrefix(ct, "text/"):
		return "teks"
	case strings.HasPrefix(ct, "application/zip"):
		return "arsip ZIP atau dokumen Office"
	case strings.HasPrefix(ct, "image/"):
		return "gambar " + strings.TrimPrefix(ct, "image/")
	}
	return "jenis tidak dikenal"
}
