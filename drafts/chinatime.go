package drafts

import (
	"fmt"
	"time"
)

// ChinaTime is the time zone every page, export and message shows times in:
// China Standard Time (UTC+8, no daylight saving). The store keeps UTC.
var ChinaTime = time.FixedZone("CST", 8*3600)

// FormatDate formats t as 2024年3月1日 in China Standard Time; the zero
// time gives "".
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(ChinaTime)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// FormatDateTime formats t as 2024年3月1日 14:05 in China Standard Time; the
// zero time gives "".
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return FormatDate(t) + " " + t.In(ChinaTime).Format("15:04")
}

// LocalInputLayout is the layout of an HTML datetime-local field, read and
// written in China Standard Time.
const LocalInputLayout = "2006-01-02T15:04"

// ParseLocalTime reads a datetime-local field's value (2026-12-31T18:00) as
// China Standard Time. EINVALID when it is not one.
func ParseLocalTime(s string) (time.Time, error) {
	t, err := time.ParseInLocation(LocalInputLayout, s, ChinaTime)
	if err != nil {
		return time.Time{}, Errorf(EINVALID, "时间“%s”格式不对，应形如 2026-12-31T18:00。", s)
	}
	return t, nil
}
