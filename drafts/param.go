package drafts

import (
	"strconv"
	"strings"
)

// IntParam reads the value of the request parameter name as an integer in
// [min, max]; 0 when it is empty (absent). EINVALID naming the parameter
// for a value that is not an integer or is out of range — the one message
// of the server's query reading (web/httpx) and of the workflows' filters.
func IntParam(name, value string, min, max int64) (int64, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < min || n > max {
		return 0, Errorf(EINVALID, "参数 %s 应为 %d 到 %d 之间的整数。", name, min, max)
	}
	return n, nil
}
