package httpx

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"lifa/web"
)

// Post → redirect → get: a form that changed something redirects to a page
// showing the result, and the message for it travels in a short-lived
// cookie sealed (AES-GCM: secret and signed) with a key every node shares
// (the store's setting flash_key); the next page this browser is shown
// prints it once (web.Page.Flash). A secret to hand over once — a new API
// token, a temporary password — goes in web.Flash.Secret.

// FlashCookie holds the flash message between a POST and the GET after it.
const FlashCookie = "lifa_flash"

// flashSetting is the store setting with the key that seals flash cookies.
const flashSetting = "flash_key"

// maxFlashBytes bounds a flash message (cookies hold about 4 KB).
const maxFlashBytes = 1200

// Settings keeps the flash key: InitSetting stores value under key unless
// a value is there already, and returns the value kept (store.Store).
type Settings interface {
	InitSetting(ctx context.Context, key, value string) (string, error)
}

// Flashes seals and opens flash cookies. Create it with NewFlashes.
type Flashes struct {
	settings Settings
	secure   bool
	log      *slog.Logger

	mu  sync.Mutex
	key []byte // loaded (created on first use) from settings
}

// NewFlashes returns flash cookies sealed with the key in settings;
// secure marks the cookies Secure.
func NewFlashes(settings Settings, secure bool, log *slog.Logger) *Flashes {
	return &Flashes{settings: settings, secure: secure, log: log}
}

func (f *Flashes) aead(ctx context.Context) cipher.AEAD {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.key == nil {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil
		}
		v, err := f.settings.InitSetting(ctx, flashSetting, hex.EncodeToString(b))
		if err != nil {
			f.log.WarnContext(ctx, "flash key", "err", err)
			return nil
		}
		if f.key, err = hex.DecodeString(v); err != nil || len(f.key) != 32 {
			f.log.WarnContext(ctx, "flash key: bad setting", "setting", flashSetting)
			f.key = nil
			return nil
		}
	}
	b, err := aes.NewCipher(f.key)
	if err != nil {
		return nil
	}
	aead, err := cipher.NewGCM(b)
	if err != nil {
		return nil
	}
	return aead
}

// Set sets the sealed flash cookie; an empty message sets none.
func (f *Flashes) Set(c *gin.Context, fl web.Flash) {
	if fl.Text == "" {
		return
	}
	aead := f.aead(c.Request.Context())
	if aead == nil {
		return
	}
	fl.Text = truncateUTF8(fl.Text, maxFlashBytes)
	plain, err := json.Marshal(fl)
	if err != nil {
		return
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return
	}
	sealed := aead.Seal(nonce, nonce, plain, []byte(FlashCookie))
	ck := Cookie(FlashCookie, base64.RawURLEncoding.EncodeToString(sealed), f.secure)
	ck.MaxAge = 120
	http.SetCookie(c.Writer, ck)
}

// Take returns the request's flash message, nil when there is none or it
// does not open with the key, and clears the cookie so it shows once.
func (f *Flashes) Take(c *gin.Context) *web.Flash {
	v, err := c.Cookie(FlashCookie)
	if err != nil || v == "" {
		return nil
	}
	ck := Cookie(FlashCookie, "", f.secure)
	ck.MaxAge = -1
	http.SetCookie(c.Writer, ck)
	sealed, err := base64.RawURLEncoding.DecodeString(v)
	aead := f.aead(c.Request.Context())
	if err != nil || aead == nil || len(sealed) < aead.NonceSize() {
		return nil
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte(FlashCookie))
	if err != nil {
		return nil
	}
	var fl web.Flash
	if json.Unmarshal(plain, &fl) != nil || fl.Text == "" {
		return nil
	}
	return &fl
}

// truncateUTF8 cuts s to at most n bytes at a character boundary.
func truncateUTF8(s string, n int) string {
	for len(s) > n {
		_, k := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-k]
	}
	return s
}
