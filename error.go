package sepakat

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the web package.
const (
	EINVALID      = "invalid"           // the input is malformed or incomplete
	EUNAUTHORIZED = "unauthorized"      // the caller is not logged in
	EFORBIDDEN    = "forbidden"         // the caller may not do this
	ENOTFOUND     = "not_found"         // the object does not exist (or is not visible)
	ECONFLICT     = "conflict"          // the object is not in a state that allows this
	ETOOLARGE     = "too_large"         // the upload exceeds its limit
	EUNSUPPORTED  = "unsupported_media" // the upload is not of an accepted type
	ETOOMANY      = "too_many_requests" // rate limit reached
	EINTERNAL     = "internal"          // anything else; never shown in detail
)

// Error is the error returned by the domain and its services. Message is safe
// to show to the user (in Bahasa Indonesia); internal errors carry no message
// and are logged by the caller instead.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("sepakat error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err when it is (or wraps) an *Error, and
// EINTERNAL otherwise; nil gives "".
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err when it is an *Error,
// and a generic message otherwise.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Terjadi kesalahan internal. Silakan coba lagi atau hubungi admin."
}
