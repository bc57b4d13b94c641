package notifications

// EmailSetText says where one's notices now go, after SetEmail returned
// email ("" for nowhere but the site).
func EmailSetText(email string) string {
	if email == "" {
		return "已取消通知邮箱，通知只在网站上显示。"
	}
	return "通知将同时发送到 " + email + "。"
}

// ReadBody is the body of POST /api/v1/me/notices/read: mark one's
// notices up to UpTo (0 or absent: all) as read (MarkRead).
type ReadBody struct {
	UpTo int64 `json:"up_to"`
}

// EmailBody is the body of PUT /api/v1/me/notices/email: where one's
// notices are e-mailed ("" for nowhere; SetEmail).
type EmailBody struct {
	Email string `json:"email"`
}
