package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestPostgres_BackupRestore is the README's PostgreSQL backup and restore,
// done as an operator would: pg_dump a running node's database, write more
// after the dump, restore the dump into a fresh database, and start a node
// on it with its old data directory (its search index is now ahead of the
// store and must be rebuilt, not trusted): the API answers exactly as it did
// at the time of the dump, and search finds what the dump holds and nothing
// written after it.
func TestPostgres_BackupRestore(t *testing.T) {
	base := os.Getenv("LIFA_TEST_POSTGRES")
	if base == "" {
		t.Skip("backup test skipped: set LIFA_TEST_POSTGRES to a PostgreSQL database (.ci/run does)")
	}
	pgDump, err1 := exec.LookPath("pg_dump")
	pgRestore, err2 := exec.LookPath("pg_restore")
	if err1 != nil || err2 != nil {
		t.Skip("backup test skipped: pg_dump/pg_restore not installed (Debian: postgresql-client)")
	}
	bin := buildLifa(t)
	src := freshDatabase(t, base)
	data := t.TempDir()
	srv := startLifa(t, bin, data, append(append([]string{"--db", src, "--demo"}, clusterNodeFlags...), "--log-level", "info")...)
	c := &cluster{t: t, token: srv.token}
	vid := openConsultationVersion(t, srv.url)
	postURL := fmt.Sprintf("%s/api/v1/versions/%d/opinions", srv.url, vid)
	cl := loadClient(1)
	before, after := marker("备份前"), marker("备份后")
	receipt, code, err := postOpinion(context.Background(), cl, postURL, 2, "建议"+before+"。")
	if err != nil || code != http.StatusCreated {
		t.Fatalf("opinion: %d %v", code, err)
	}
	c.waitSearch(srv.url, before, 1, 10e9)

	// What the API answers at the time of the dump.
	paths := []string{
		"/api/v1/regulations",
		fmt.Sprintf("/api/v1/versions/%d/document", vid),
		fmt.Sprintf("/api/v1/versions/%d/opinions/stats", vid),
		"/api/v1/receipts/" + receipt,
		"/api/v1/consultations",
	}
	get := func(u string) (int, string) {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	want := map[string]string{}
	for _, p := range paths {
		code, body := get(srv.url + p)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", p, code)
		}
		want[p] = body
	}

	// Back up while the node runs.
	dump := filepath.Join(t.TempDir(), "lifa.dump")
	if out, err := exec.Command(pgDump, "--format=custom", "--file", dump, "--dbname", src).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	// Written after the backup: lost by the restore.
	if _, code, err := postOpinion(context.Background(), cl, postURL, 2, "建议"+after+"。"); err != nil || code != http.StatusCreated {
		t.Fatalf("opinion: %d %v", code, err)
	}
	c.waitSearch(srv.url, after, 1, 10e9)
	srv.stop(t)

	// Restore into a fresh database; start a node there on the old data
	// directory.
	dst := freshDatabase(t, base)
	if out, err := exec.Command(pgRestore, "--no-owner", "--exit-on-error", "--dbname", dst, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	srv2 := startLifa(t, bin, data, append([]string{"--db", dst}, clusterNodeFlags...)...)
	for _, p := range paths {
		code, body := get(srv2.url + p)
		if code != http.StatusOK || body != want[p] {
			t.Errorf("%s after restore: %d\n%.300s\nwant\n%.300s", p, code, body, want[p])
		}
	}
	if n, err := c.searchTotal(srv2.url, before); err != nil || n != 1 {
		t.Errorf("search %s after restore: %d hits (%v), want 1", before, n, err)
	}
	if n, err := c.searchTotal(srv2.url, after); err != nil || n != 0 {
		t.Errorf("search %s (written after the dump) after restore: %d hits (%v), want 0: the index was not rebuilt", after, n, err)
	}
	// The admin token restored with the database still works.
	if code, body := c.do(http.MethodGet, srv2.url+"/api/v1/accounts", "", nil, true); code != http.StatusOK {
		t.Errorf("admin token after restore: %d %s", code, body)
	}
}
