package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"lifa/drafts/demo"
	"lifa/drafts/notifications"
	"lifa/server"
)

// peopleConfig is how `lifa serve` tells liaisons and members what asks
// for them: notices in the application always, e-mail with --smtp.
type peopleConfig struct {
	smtp      string
	publicURL string
	every     time.Duration
}

// addPeopleFlags registers the flags of the notices.
func addPeopleFlags(fs *flag.FlagSet, cfg *peopleConfig) {
	fs.StringVar(&cfg.smtp, "smtp", envOr("LIFA_SMTP", ""), "发送通知邮件的 SMTP 服务器 smtp://用户名:密码@主机:587?from=发件地址（或 smtps://…:465）；为空时通知只在网站上显示（LIFA_SMTP）")
	fs.StringVar(&cfg.publicURL, "public-url", envOr("LIFA_PUBLIC_URL", ""), "网站的公开地址，如 https://lifa.example.org，用于通知邮件中的链接（LIFA_PUBLIC_URL）")
	fs.DurationVar(&cfg.every, "notice-interval", envDuration("LIFA_NOTICE_INTERVAL", time.Minute), "多久检查一次到期的通知（截止前三天的提醒）和待发的邮件（LIFA_NOTICE_INTERVAL）")
}

// noticeOption configures the server's notices from cfg. A malformed
// --smtp is an error, so that a mistyped address fails the start-up.
func noticeOption(cfg peopleConfig, log *slog.Logger) (server.Option, error) {
	nc := server.NoticeConfig{SiteURL: strings.TrimRight(cfg.publicURL, "/"), Every: cfg.every}
	if cfg.smtp != "" {
		m, err := notifications.ParseSMTP(cfg.smtp)
		if err != nil {
			return nil, fmt.Errorf("--smtp: %w", err)
		}
		nc.Mailer = m
		log.Info("notices by e-mail", "smtp", m.String())
	}
	return server.WithNotices(nc), nil
}

// printPeople prints the demo's accounts with their passwords, once.
func printPeople(w io.Writer, people []demo.Person) {
	if len(people) == 0 {
		return
	}
	fmt.Fprintln(w, "演示账号（密码只显示这一次，请记下；在 /admin/login 登录）：")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range people {
		who := p.DisplayName
		if p.ContactPoint != "" {
			who += "（" + p.ContactPoint + "）"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t密码 %s\n", p.Role.Label(), p.Login, who, p.Password)
	}
	tw.Flush()
}
