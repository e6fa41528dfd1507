package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// codes maps domain error codes to HTTP statuses.
var codes = map[string]int{
	sepakat.EINVALID:      http.StatusBadRequest,
	sepakat.EUNAUTHORIZED: http.StatusUnauthorized,
	sepakat.EFORBIDDEN:    http.StatusForbidden,
	sepakat.ENOTFOUND:     http.StatusNotFound,
	sepakat.ECONFLICT:     http.StatusConflict,
	sepakat.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	sepakat.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	sepakat.ETOOMANY:      http.StatusTooManyRequests,
	sepakat.EINTERNAL:     http.StatusInternalServerError,
}

// statusOf returns the HTTP status for err.
func statusOf(err error) int {
	if st, ok := codes[sepakat.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

func isAPIPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/internal/")
}

// fail answers the request with err: JSON for the API, an error page
// otherwise. Internal errors are logged once and shown as a plain message.
func (s *Server) fail(c *gin.Context, err error) {
	code := sepakat.ErrorCode(err)
	st := statusOf(err)
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		code, st = sepakat.ETOOLARGE, http.StatusRequestEntityTooLarge
		err = sepakat.Errorf(sepakat.ETOOLARGE, "Berkas terlalu besar: paling besar %d MB.", maxErr.Limit>>20)
	}
	if code == sepakat.EINTERNAL {
		s.Logger.Error("internal error", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	msg := sepakat.ErrorMessage(err)
	if isAPIPath(c.Request.URL.Path) {
		c.AbortWithStatusJSON(st, gin.H{"error": msg, "code": code})
		return
	}
	if st == http.StatusUnauthorized {
		c.Redirect(http.StatusSeeOther, "/masuk?lanjut="+urlQueryEscape(c.Request.URL.RequestURI()))
		c.Abort()
		return
	}
	s.renderStatus(c, st, "error", pageData{
		Title:   errorTitle(st),
		Message: msg,
		Status:  st,
	})
	c.Abort()
}

func errorTitle(st int) string {
	switch st {
	case http.StatusNotFound:
		return "Tidak ditemukan"
	case http.StatusForbidden:
		return "Akses ditolak"
	case http.StatusConflict:
		return "Tidak dapat dilakukan pada tahap ini"
	case http.StatusRequestEntityTooLarge:
		return "Berkas terlalu besar"
	case http.StatusTooManyRequests:
		return "Terlalu banyak percobaan"
	case http.StatusBadRequest, http.StatusUnsupportedMediaType:
		return "Isian belum benar"
	}
	return "Terjadi kesalahan"
}

func itoa(n int) string { return strconv.Itoa(n) }
