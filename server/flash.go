package server

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
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
// The message travels in a short-lived cookie sealed (AES-GCM: secret and
// signed) with a key every node shares (the store's setting flash_key),
// and the next page this browser is shown prints it once at the top
// (web.Page.Flash, layout/header.html). A secret to hand over once — a new
// API token, a temporary password — goes in Flash.Secret
// (s.seeOtherFlash); the page showing it is not stored by the browser.
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
	if s.flash.key, err = hex.DecodeString(v); err != nil || len(s.flash.key) != 32 {
		s.log.WarnContext(ctx, "flash key: bad setting", "setting", flashSetting)
		s.flash.key = nil
	}
	return s.flash.key
}

// seeOther ends a successful form submission: it redirects (303) to
// target, a path on this site, where done is shown once.
func (s *Server) seeOther(c *gin.Context, target, done string) error {
	return s.seeOtherFlash(c, target, web.Flash{Text: done})
}

// seeOtherFlash is seeOther with a whole flash (a secret to show once).
func (s *Server) seeOtherFlash(c *gin.Context, target string, f web.Flash) error {
	s.setFlash(c, f)
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

// setFlash sets the sealed flash cookie; an empty message sets none.
func (s *Server) setFlash(c *gin.Context, f web.Flash) {
	if f.Text == "" {
		return
	}
	aead := s.flashAEAD(c.Request.Context())
	if aead == nil {
		return
	}
	f.Text = truncateUTF8(f.Text, maxFlashBytes)
	plain, err := json.Marshal(f)
	if err != nil {
		return
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return
	}
	sealed := aead.Seal(nonce, nonce, plain, []byte(flashCookie))
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString(sealed), Path: "/",
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: 120})
}

// takeFlash returns the request's flash message, nil when there is none
// or it does not open with the key, and clears the cookie so it shows
// once.
func (s *Server) takeFlash(c *gin.Context) *web.Flash {
	v, err := c.Cookie(flashCookie)
	if err != nil || v == "" {
		return nil
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	sealed, err := base64.RawURLEncoding.DecodeString(v)
	aead := s.flashAEAD(c.Request.Context())
	if err != nil || aead == nil || len(sealed) < aead.NonceSize() {
		return nil
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte(flashCookie))
	if err != nil {
		return nil
	}
	var f web.Flash
	if json.Unmarshal(plain, &f) != nil || f.Text == "" {
		return nil
	}
	return &f
}

// flashAEAD is AES-256-GCM with the flash key; nil without a key.
func (s *Server) flashAEAD(ctx context.Context) cipher.AEAD {
	key := s.flashKey(ctx)
	if len(key) != 32 {
		return nil
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil
	}
	aead, err := cipher.NewGCM(b)
	if err != nil {
		return nil
	}
	return aead
}

// truncateUTF8 cuts s to at most n bytes at a character boundary.
func truncateUTF8(s string, n int) string {
	for len(s) > n {
		_, k := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-k]
	}
	return s
}
