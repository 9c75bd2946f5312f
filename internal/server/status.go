package server

import (
	"net/http"

	"github.com/plenary-platform/plenary"
)

// Status is the HTTP status of an error of kind k: the one mapping, shared by the pages
// and the API, so that a refusal reads the same on both surfaces.
func Status(k plenary.Kind) int {
	switch k {
	case plenary.KindInvalid:
		return http.StatusUnprocessableEntity
	case plenary.KindNotFound:
		return http.StatusNotFound
	case plenary.KindConflict:
		return http.StatusConflict
	case plenary.KindForbidden:
		return http.StatusForbidden
	case plenary.KindUnauthenticated:
		return http.StatusUnauthorized
	case plenary.KindTooManyRequests:
		return http.StatusTooManyRequests
	case plenary.KindUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// StatusOf is the HTTP status of err, by its kind.
func StatusOf(err error) int { return Status(plenary.ErrorKind(err)) }
