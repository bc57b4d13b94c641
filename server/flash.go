package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/web"
)

// Post → redirect → get. Every form that changes something answers a
// successful POST with a redirect to a page that shows the result, so that
// reloading that page, or going back to it, never submits the form again:
//
//	return s.seeOther(c, "/staff/opinions?version=2", "已答复 5 条意见。")
//
// The message travels in a short-lived cookie signed with a key every node
// shares (the store's setting flash_key), and the next page this browser
// is shown prints it once at the top (web.Page.Flash, layout/header.html).
// Where the result has an address of its own — a receipt, a new version,
// a meeting — redirect there (result by id) and add a message only if the
// page does not already say what happened. A refused form is not
// redirected: it is shown again with status 4xx, what was typed and the
// reason, and reloading it only shows the same refusal.

// flashCookie holds the flash message between a POST and the GET after it.
const flashCookie = "lifa_flash"

// flashSetting is the store setting with the key that signs flash cookies.
const flashSetting = "flash_key"

// maxFlashBytes bounds a flash message (cookies hold about 4 KB).
const maxFlashBytes = 1200

// flashKeys loads (creating on first use) the key that signs flash cookies.
type flashKeys struct {
	mu  sync.Mutex
	key []byte
}

func (s *Server) flashKey(ctx context.Context) []byte {
	s.flash.mu.Lock()
	defer s.flash.mu.Unlock()
	if s.flash.key != nil {
		return s.flash.key
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil
	}
	v, err := s.store.InitSetting(ctx, flashSetting, hex.EncodeToString(b))
	if err != nil {
		s.log.WarnContext(ctx, "flash key", "err", err)
		return nil
	}
	if s.flash.key, err = hex.DecodeString(v); err != nil || len(s.flash.key) < 16 {
		s.log.WarnContext(ctx, "flash key: bad setting", "setting", flashSetting)
		s.flash.key = nil
	}
	return s.flash.key
}

// seeOther ends a successful form submission: it redirects (303) to
// target, a path on this site, where done is shown once.
func (s *Server) seeOther(c *gin.Context, target, done string) error {
	s.setFlash(c, web.Flash{Text: done})
	c.Redirect(http.StatusSeeOther, drafts.SafeRedirect(target))
	return nil
}

// seeOtherError redirects like seeOther with a refusal to show, for forms
// whose input is not worth keeping (a button in a list: 停用, 撤销).
func (s *Server) seeOtherError(c *gin.Context, target string, err error) error {
	if drafts.ErrorCode(err) == drafts.EINTERNAL {
		return err
	}
	s.setFlash(c, web.Flash{Text: drafts.ErrorMessage(err), Error: true})
	c.Redirect(http.StatusSeeOther, drafts.SafeRedirect(target))
	return nil
}

// setFlash sets the signed flash cookie; an empty message sets none.
func (s *Server) setFlash(c *gin.Context, f web.Flash) {
	if f.Text == "" {
		return
	}
	key := s.flashKey(c.Request.Context())
	if key == nil {
		return
	}
	text := f.Text
	for len(text) > maxFlashBytes {
		_, n := utf8.DecodeLastRuneInString(text)
		text = text[:len(text)-n]
	}
	kind := "d"
	if f.Error {
		kind = "e"
	}
	payload := base64.RawURLEncoding.EncodeToString([]byte(kind + text))
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: payload + "." + flashMAC(key, payload), Path: "/",
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: 120})
}

// takeFlash returns the request's flash message, nil when there is none
// or its signature is wrong, and clears the cookie so it shows once.
func (s *Server) takeFlash(c *gin.Context) *web.Flash {
	v, err := c.Cookie(flashCookie)
	if err != nil || v == "" {
		return nil
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	payload, mac, ok := strings.Cut(v, ".")
	key := s.flashKey(c.Request.Context())
	if !ok || key == nil || !hmac.Equal([]byte(mac), []byte(flashMAC(key, payload))) {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || len(b) < 2 || !utf8.Valid(b) {
		return nil
	}
	return &web.Flash{Text: string(b[1:]), Error: b[0] == 'e'}
}

func flashMAC(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("lifa flash\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}
