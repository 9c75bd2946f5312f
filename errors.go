package plenary

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error by what the caller can do about it. The web and API layers map
// each kind to a status code in one place; domain code never mentions HTTP.
type Kind int

const (
	KindInternal        Kind = iota // a bug or an outage: logged, shown as a generic message
	KindInvalid                     // the input is wrong; see ValidationError for the fields
	KindNotFound                    // the thing does not exist, or the actor may not know it exists
	KindConflict                    // the change clashes with the current state (duplicate, stale)
	KindForbidden                   // the actor is known but may not do this
	KindUnauthenticated             // the actor must sign in (again)
	KindTooManyRequests             // a rate limit was reached; see Error.RetryAfter
	KindUnavailable                 // the system is over capacity or shutting down; try later
)

func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not_found"
	case KindConflict:
		return "conflict"
	case KindForbidden:
		return "forbidden"
	case KindUnauthenticated:
		return "unauthenticated"
	case KindTooManyRequests:
		return "too_many_requests"
	case KindUnavailable:
		return "unavailable"
	default:
		return "internal"
	}
}

// Error is a domain error whose Message is a key in the i18n catalogues, so that the user
// reads it in their language. Args fill the message's placeholders. Err, if set, is the
// underlying cause; it is logged, never shown.
type Error struct {
	Kind       Kind
	Message    string         // catalogue key, e.g. "error.not_found"
	Args       map[string]any // placeholders of the message
	RetryAfter time.Duration  // for KindTooManyRequests and KindUnavailable
	Err        error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Kind, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, plenary.ErrNotFound) true for every error of the same kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Kind == e.Kind
}

// Sentinels for errors.Is. They carry no message; use the constructors below to make
// errors that users will read.
var (
	ErrInternal        = &Error{Kind: KindInternal}
	ErrInvalid         = &Error{Kind: KindInvalid}
	ErrNotFound        = &Error{Kind: KindNotFound}
	ErrConflict        = &Error{Kind: KindConflict}
	ErrForbidden       = &Error{Kind: KindForbidden}
	ErrUnauthenticated = &Error{Kind: KindUnauthenticated}
	ErrTooManyRequests = &Error{Kind: KindTooManyRequests}
	ErrUnavailable     = &Error{Kind: KindUnavailable}
)

// NotFound reports that the thing does not exist (or must look as if it did not).
func NotFound() error { return &Error{Kind: KindNotFound, Message: "error.not_found"} }

// Forbidden reports that the actor may not do this; message says why, in the user's terms.
func Forbidden(message string) error { return &Error{Kind: KindForbidden, Message: message} }

// Unauthenticated asks the actor to sign in.
func Unauthenticated(message string) error {
	return &Error{Kind: KindUnauthenticated, Message: message}
}

// Conflict reports that the change clashes with the current state.
func Conflict(message string, args map[string]any) error {
	return &Error{Kind: KindConflict, Message: message, Args: args}
}

// TooManyRequests reports a rate limit, with the time after which to try again.
func TooManyRequests(message string, retryAfter time.Duration) error {
	return &Error{Kind: KindTooManyRequests, Message: message, RetryAfter: retryAfter}
}

// Internal wraps an unexpected error. Its details are logged, not shown.
func Internal(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Kind: KindInternal, Message: "error.internal", Err: err}
}

// ErrorKind returns the kind of err: the Kind of the first *Error in its chain, KindInvalid
// for a *ValidationError, and KindInternal for anything else.
func ErrorKind(err error) Kind {
	if err == nil {
		return KindInternal
	}
	var v *ValidationError
	if errors.As(err, &v) {
		return KindInvalid
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// ErrorMessage returns the catalogue key and arguments to show the user for err: the
// error's own message for domain errors, and a generic one otherwise, so that no internal
// detail ever reaches a page or an API response.
func ErrorMessage(err error) (string, map[string]any) {
	var v *ValidationError
	if errors.As(err, &v) {
		return "error.invalid", nil
	}
	var e *Error
	if errors.As(err, &e) && e.Message != "" && e.Kind != KindInternal {
		return e.Message, e.Args
	}
	switch ErrorKind(err) {
	case KindNotFound:
		return "error.not_found", nil
	case KindForbidden:
		return "error.forbidden", nil
	case KindUnauthenticated:
		return "error.unauthenticated", nil
	case KindConflict:
		return "error.conflict", nil
	case KindTooManyRequests:
		return "error.too_many_requests", nil
	case KindUnavailable:
		return "error.unavailable", nil
	}
	return "error.internal", nil
}

// RetryAfter returns how long the caller should wait before retrying, if err says.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// Deny refuses an action to actor: the public is asked to sign in (a signed-in person
// may be allowed), anyone else is forbidden.
func Deny(actor Actor) error {
	if !actor.SignedIn() && !actor.System {
		return Unauthenticated("error.unauthenticated")
	}
	return Forbidden("error.forbidden")
}

// Hidden refuses to show something to actor without saying that it exists: the public
// is asked to sign in, anyone else is told it was not found.
func Hidden(actor Actor) error {
	if !actor.SignedIn() && !actor.System {
		return Unauthenticated("error.unauthenticated")
	}
	return NotFound()
}
