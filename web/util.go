package web

import (
	"context"
	"crypto/subtle"
	"net/http"

	"github.com/gin-gonic/gin"
)

func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// apiListOf answers a GET of the objects find returns for the id in the
// route parameter param, as {key: […]} (an empty list, never null).
func apiListOf[T any](s *Server, c *gin.Context, param, key string, find func(context.Context, int64) ([]T, error)) {
	id, err := paramID(c, param)
	if err != nil {
		s.fail(c, err)
		return
	}
	xs, err := find(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{key: nonNil(xs)})
}
