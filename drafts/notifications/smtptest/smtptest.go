// Package smtptest runs an SMTP server in the test's process that keeps
// what it is sent, for tests of e-mail (drafts/notifications, the server,
// the lifa command). It speaks enough SMTP for net/smtp: EHLO, AUTH PLAIN,
// MAIL, RCPT, DATA, RSET, NOOP, QUIT; it offers no STARTTLS.
package smtptest

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one message the server received.
type Message struct {
	From    string
	To      []string
	Auth    string // "user:password" given with AUTH PLAIN, "" without
	Subject string // decoded
	Body    string // decoded text
	Raw     string
}

// Server is a running test SMTP server.
type Server struct {
	// Addr is its host:port on the loopback interface.
	Addr string
	// Fail, while true, makes the server refuse every message (451).
	failMu sync.Mutex
	fail   bool

	ln   net.Listener
	mu   sync.Mutex
	msgs []Message
	wait chan struct{} // closed and replaced on each message
}

// Start starts a server on a free loopback port, stopped when the test
// ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln, wait: make(chan struct{})}
	go s.serve()
	t.Cleanup(func() { ln.Close() })
	return s
}

// URL returns the --smtp URL of the server with user, password and from.
func (s *Server) URL(user, password, from string) string {
	return fmt.Sprintf("smtp://%s:%s@%s?from=%s", user, password, s.Addr, from)
}

// SetFail makes the server refuse (true) or accept (false) messages.
func (s *Server) SetFail(fail bool) {
	s.failMu.Lock()
	s.fail = fail
	s.failMu.Unlock()
}

func (s *Server) failing() bool {
	s.failMu.Lock()
	defer s.failMu.Unlock()
	return s.fail
}

// Messages returns the messages received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// WaitFor waits until the server has received n messages or d has
// passed, and returns what it has.
func (s *Server) WaitFor(n int, d time.Duration) []Message {
	deadline := time.After(d)
	for {
		s.mu.Lock()
		msgs, wait := append([]Message(nil), s.msgs...), s.wait
		s.mu.Unlock()
		if len(msgs) >= n {
			return msgs
		}
		select {
		case <-wait:
		case <-deadline:
			return msgs
		}
	}
}

func (s *Server) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.session(c)
	}
}

// session speaks SMTP on one connection.
func (s *Server) session(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Minute))
	r := bufio.NewReader(c)
	reply := func(format string, args ...any) { fmt.Fprintf(c, format+"\r\n", args...) }
	reply("220 smtptest ready")
	var m Message
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			reply("250-smtptest")
			reply("250-AUTH PLAIN")
			reply("250 8BITMIME")
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			b, err := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(b), "\x00")
			if !strings.EqualFold(mech, "PLAIN") || err != nil || len(parts) != 3 {
				reply("535 authentication failed")
				continue
			}
			m.Auth = parts[1] + ":" + parts[2]
			reply("235 authenticated")
		case "MAIL":
			m.From = addrOf(arg)
			reply("250 ok")
		case "RCPT":
			m.To = append(m.To, addrOf(arg))
			reply("250 ok")
		case "DATA":
			reply("354 go ahead")
			raw, err := readData(r)
			if err != nil {
				return
			}
			if s.failing() {
				reply("451 try again later")
			} else {
				m.Raw = raw
				s.keep(m)
				reply("250 ok")
			}
			m = Message{Auth: m.Auth}
		case "RSET":
			m = Message{Auth: m.Auth}
			reply("250 ok")
		case "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

func addrOf(arg string) string {
	_, a, _ := strings.Cut(arg, ":")
	a, _, _ = strings.Cut(strings.TrimSpace(a), " ")
	return strings.Trim(a, "<>")
}

// readData reads a DATA section up to the line with a single dot.
func readData(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", err
		}
		if line == ".\r\n" || line == ".\n" {
			return b.String(), nil
		}
		b.WriteString(strings.TrimPrefix(line, "."))
	}
}

// keep decodes and stores a received message.
func (s *Server) keep(m Message) {
	if msg, err := mail.ReadMessage(strings.NewReader(m.Raw)); err == nil {
		dec := new(mime.WordDecoder)
		m.Subject, _ = dec.DecodeHeader(msg.Header.Get("Subject"))
		body, _ := io.ReadAll(msg.Body)
		if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "base64") {
			if b, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(body))); err == nil {
				body = b
			}
		}
		m.Body = strings.ReplaceAll(string(body), "\r\n", "\n")
	}
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	close(s.wait)
	s.wait = make(chan struct{})
	s.mu.Unlock()
}
