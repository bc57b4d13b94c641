package notifications

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"lifa/drafts"
)

// Mailer sends e-mail through one SMTP server (net/smtp). Create it with
// ParseSMTP.
type Mailer struct {
	addr     string // host:port
	host     string
	user     string
	password string
	from     string
	implicit bool // smtps: TLS from the first byte
	// TLS is the configuration of STARTTLS and smtps (tests set their own
	// roots); nil: the system's, for the server's host name.
	TLS *tls.Config
	// Timeout bounds one message's whole conversation (default 30 s).
	Timeout time.Duration
}

// ParseSMTP reads an SMTP server's URL, as --smtp takes it:
//
//	smtp://user:password@host:587?from=lifa@example.org
//	smtps://user:password@host:465?from=lifa@example.org
//
// smtp:// upgrades to TLS with STARTTLS when the server offers it (and
// then sends the password); smtps:// speaks TLS from the start. The
// default ports are 587 and 465; from defaults to the user when that is
// an address. EINVALID for anything else.
func ParseSMTP(raw string) (*Mailer, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, drafts.Errorf(drafts.EINVALID, "SMTP 地址应为 smtp://用户名:密码@主机:端口?from=发件地址 或 smtps://…")
	}
	m := &Mailer{host: u.Hostname(), implicit: u.Scheme == "smtps", Timeout: 30 * time.Second}
	port := u.Port()
	if port == "" {
		port = map[bool]string{false: "587", true: "465"}[m.implicit]
	}
	m.addr = net.JoinHostPort(m.host, port)
	if u.User != nil {
		m.user = u.User.Username()
		m.password, _ = u.User.Password()
	}
	m.from = u.Query().Get("from")
	if m.from == "" && strings.Contains(m.user, "@") {
		m.from = m.user
	}
	if _, err := CheckEmail(m.from); err != nil || m.from == "" {
		return nil, drafts.Errorf(drafts.EINVALID, "SMTP 地址缺少有效的发件地址（?from=lifa@example.org）。")
	}
	return m, nil
}

// From returns the sender's address.
func (m *Mailer) From() string { return m.from }

// String describes the mailer without its password, for logs.
func (m *Mailer) String() string {
	scheme := "smtp"
	if m.implicit {
		scheme = "smtps"
	}
	return fmt.Sprintf("%s://%s (from %s)", scheme, m.addr, m.from)
}

// CheckEmail returns the address s names, trimmed: "" for an empty s,
// EINVALID for something that is not one bare address.
func CheckEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || utf8.RuneCountInString(s) > 254 || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return "", drafts.Errorf(drafts.EINVALID, "电子邮箱地址“%s”无效，应写作 name@example.org。", s)
	}
	return s, nil
}

// Send sends one plain-text message to one address.
func (m *Mailer) Send(ctx context.Context, to, subject, body string) error {
	msg := m.message(to, subject, body)
	d := net.Dialer{Timeout: m.Timeout}
	conn, err := d.DialContext(ctx, "tcp", m.addr)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", m.addr, err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(m.Timeout))
	tlsConf := m.TLS
	if tlsConf == nil {
		tlsConf = &tls.Config{ServerName: m.host}
	}
	if m.implicit {
		conn = tls.Client(conn, tlsConf)
	}
	c, err := smtp.NewClient(conn, m.host)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", m.addr, err)
	}
	defer c.Close()
	if err := c.Hello("lifa"); err != nil {
		return fmt.Errorf("smtp hello: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !m.implicit {
		if err := c.StartTLS(tlsConf); err != nil {
			return fmt.Errorf("smtp starttls: %w", err)
		}
	}
	if m.user != "" {
		// PlainAuth sends the password only over TLS or to this machine.
		if err := c.Auth(smtp.PlainAuth("", m.user, m.password, m.host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(m.from); err != nil {
		return fmt.Errorf("smtp mail from: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("smtp rcpt %s: %w", to, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	return c.Quit()
}

// message builds the message: UTF-8 text in base64, its subject encoded
// for the header (RFC 2047).
func (m *Mailer) message(to, subject, body string) []byte {
	id := make([]byte, 12)
	rand.Read(id)
	domain := m.from[strings.LastIndex(m.from, "@")+1:]
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s <%s>\r\n", mime.BEncoding.Encode("UTF-8", "立法 Lifa"), m.from)
	fmt.Fprintf(&b, "To: <%s>\r\n", to)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.BEncoding.Encode("UTF-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id), domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(body, "\n", "\r\n")))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}
