package drafts

import (
	"errors"
	"fmt"
)

// Error codes. server maps each to one HTTP status in one table.
const (
	ECONFLICT     = "conflict"           // 409: e.g. changing an immutable version
	EINTERNAL     = "internal"           // 500
	EINVALID      = "invalid"            // 400
	ENOTFOUND     = "not_found"          // 404
	EUNAUTHORIZED = "unauthorized"       // 401
	EFORBIDDEN    = "forbidden"          // 403
	ETOOLARGE     = "too_large"          // 413
	ECLOSED       = "closed"             // 409/403: consultation not open
	ERATELIMIT    = "rate_limited"       // 429
	EUNAVAILABLE  = "unavailable"        // 503: busy or not ready yet (e.g. the search index rebuilding)
	EMETHOD       = "method_not_allowed" // 405: the path exists, not with this HTTP method
)

// Error is Lifa's application error: a code, a message safe to show to
// people (in Chinese), and an optional wrapped cause that is only logged.
type Error struct {
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err's *Error, EINTERNAL for any other error
// and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the people-safe message of err's *Error, or a generic
// message for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "服务器内部错误，请稍后再试。"
}
