package httpx

import (
	"fmt"
	"net/http"

	"lifa/drafts"
)

// statusOf maps each drafts error code to one HTTP status. Codes not listed
// (and errors that are not *drafts.Error) are 500.
var statusOf = map[string]int{
	drafts.EINVALID:      http.StatusBadRequest,
	drafts.EUNAUTHORIZED: http.StatusUnauthorized,
	drafts.EFORBIDDEN:    http.StatusForbidden,
	drafts.ENOTFOUND:     http.StatusNotFound,
	drafts.ECONFLICT:     http.StatusConflict,
	drafts.ECLOSED:       http.StatusConflict,
	drafts.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	drafts.ERATELIMIT:    http.StatusTooManyRequests,
	drafts.EUNAVAILABLE:  http.StatusServiceUnavailable,
	drafts.EMETHOD:       http.StatusMethodNotAllowed,
	drafts.EINTERNAL:     http.StatusInternalServerError,
}

// titleOf is the heading of the HTML error page per code.
var titleOf = map[string]string{
	drafts.EINVALID:      "请求有误",
	drafts.EUNAUTHORIZED: "需要登录",
	drafts.EFORBIDDEN:    "没有权限",
	drafts.ENOTFOUND:     "页面不存在",
	drafts.ECONFLICT:     "操作冲突",
	drafts.ECLOSED:       "征求意见已截止",
	drafts.ETOOLARGE:     "上传内容过大",
	drafts.ERATELIMIT:    "请求过于频繁",
	drafts.EUNAVAILABLE:  "服务暂不可用",
	drafts.EMETHOD:       "不支持的请求方法",
	drafts.EINTERNAL:     "服务器内部错误",
}

// Status returns the HTTP status for err (the one table statusOf).
func Status(err error) int {
	if st, ok := statusOf[drafts.ErrorCode(Classify(err))]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// Title is the heading of the error page for the error code.
func Title(code string) string {
	if t := titleOf[code]; t != "" {
		return t
	}
	return titleOf[drafts.EINTERNAL]
}

// Classify turns errors from the standard library that have a safe meaning
// (body too large) into *drafts.Error.
func Classify(err error) error {
	if IsTooLarge(err) {
		return &drafts.Error{Code: drafts.ETOOLARGE, Message: "请求内容过大。", Err: err}
	}
	return err
}

// APIError is the JSON body of every API error.
type APIError struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody is what an API error says.
type ErrorBody struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// ByteSize writes n as 20 MB or 64 KB.
func ByteSize(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}
