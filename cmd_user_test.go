package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"lifa/drafts"
	"lifa/drafts/store"
)

func TestRunUser(t *testing.T) {
	data := t.TempDir()
	runArgs := func(stdin string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		full := append([]string{args[0], "--data", data}, args[1:]...)
		code := runUserWith(full, passwordSource{in: strings.NewReader(stdin)}, &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, _ := runArgs("", "contact-point", "--region", "白云区", "三元里街道联系点"); code != 0 {
		t.Fatal("contact-point failed")
	}
	if code, out, errs := runArgs("湿地保护2026\n", "add", "--role", "liaison", "--contact-point", "1", "liu"); code != 0 || !strings.Contains(out, "联系点联络员") {
		t.Fatalf("add liaison = %d %q %q", code, out, errs)
	}
	if code, _, errs := runArgs("", "add", "--role", "staff", "--password", "short", "zhang"); code != 1 || !strings.Contains(errs, "至少 8 位") {
		t.Errorf("short password = %d %q", code, errs)
	}
	if code, _, _ := runArgs("", "add", "--role", "root", "--password", "longenough", "x"); code != 2 {
		t.Errorf("bad role = %d", code)
	}
	if code, _, _ := runArgs("", "add", "--role", "liaison", "--password", "longenough", "x"); code != 2 {
		t.Errorf("liaison without contact point = %d", code)
	}
	if code, _, _ := runArgs("", "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand = %d", code)
	}
	if code, out, _ := runArgs("", "list"); code != 0 || !strings.Contains(out, "liu") || !strings.Contains(out, "三元里街道联系点") {
		t.Errorf("list = %d %q", code, out)
	}
	// A liaison's contact point by its name; an unknown one is refused.
	if code, out, errs := runArgs("", "add", "--role", "liaison", "--contact-point", "三元里街道联系点", "--password", "longenough", "wang"); code != 0 || !strings.Contains(out, "wang") {
		t.Errorf("add by contact point name = %d %q %q", code, out, errs)
	}
	if code, _, errs := runArgs("", "add", "--role", "liaison", "--contact-point", "没有的联系点", "--password", "longenough", "zhao"); code != 1 || !strings.Contains(errs, "没有联系点") {
		t.Errorf("unknown contact point = %d %q", code, errs)
	}
	s, err := store.Open(context.Background(), filepath.Join(data, "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.AccountByName(context.Background(), "liu")
	if err != nil || a.Role != drafts.RoleLiaison || a.ContactPointID != 1 || !drafts.CheckPassword(a.PasswordHash, "湿地保护2026") {
		t.Errorf("stored account %+v, %v", a, err)
	}
}

// TestRunUser_Help: `lifa user -h` prints the subcommands (status 0) like
// every other command; `lifa user add -h` its flags.
func TestRunUser_Help(t *testing.T) {
	for _, args := range [][]string{{"user", "-h"}, {"user", "--help"}, {"user", "help"}} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 0 || !strings.Contains(errb.String(), "contact-point") || !strings.Contains(errb.String(), "--role liaison") {
			t.Errorf("lifa %v = %d %q", args, code, errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"user", "add", "-h"}, &out, &errb); code != 0 || !strings.Contains(errb.String(), "-contact-point") {
		t.Errorf("lifa user add -h = %d %q", code, errb.String())
	}
	if code := run([]string{"user"}, &out, &errb); code != 2 {
		t.Errorf("lifa user = %d, want 2", code)
	}
}

// TestRunUser_PasswordPrompt: without --password on a terminal, add asks
// twice through the no-echo reader (never the plain input) and refuses
// two different answers.
func TestRunUser_PasswordPrompt(t *testing.T) {
	data := t.TempDir()
	answers := []string{"湿地保护2026", "湿地保护2026", "first-one-1", "second-one-2"}
	src := passwordSource{
		in:       strings.NewReader("echoed-line-not-used\n"),
		terminal: func() bool { return true },
		readHidden: func() ([]byte, error) {
			a := answers[0]
			answers = answers[1:]
			return []byte(a), nil
		},
	}
	var out, errb bytes.Buffer
	if code := runUserWith([]string{"add", "--data", data, "--role", "staff", "zhang"}, src, &out, &errb); code != 0 {
		t.Fatalf("add = %d %q", code, errb.String())
	}
	if !strings.Contains(errb.String(), "输入时不显示") || !strings.Contains(errb.String(), "再次输入密码") {
		t.Errorf("prompts %q", errb.String())
	}
	errb.Reset()
	if code := runUserWith([]string{"add", "--data", data, "--role", "staff", "li"}, src, &out, &errb); code != 1 || !strings.Contains(errb.String(), "不一致") {
		t.Errorf("mismatch = %d %q", code, errb.String())
	}
	s, err := store.Open(context.Background(), filepath.Join(data, "lifa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.AccountByName(context.Background(), "zhang")
	if err != nil || !drafts.CheckPassword(a.PasswordHash, "湿地保护2026") {
		t.Errorf("zhang: %+v, %v", a, err)
	}
	if _, err := s.AccountByName(context.Background(), "li"); drafts.ErrorCode(err) != drafts.ENOTFOUND {
		t.Errorf("li was created after a mismatch: %v", err)
	}
}
