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
		code := runUserWith(full, strings.NewReader(stdin), &out, &errb)
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
	if code, out, _ := runArgs("", "list"); code != 0 || !strings.Contains(out, "liu") {
		t.Errorf("list = %d %q", code, out)
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
