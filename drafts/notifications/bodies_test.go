package notifications

import "testing"

func TestEmailSetText(t *testing.T) {
	if got := EmailSetText(""); got != "已取消通知邮箱，通知只在网站上显示。" {
		t.Errorf("EmailSetText(\"\") = %q", got)
	}
	if got := EmailSetText("li@example.org"); got != "通知将同时发送到 li@example.org。" {
		t.Errorf("EmailSetText = %q", got)
	}
}
