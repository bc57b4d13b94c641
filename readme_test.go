package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeExample is one command of the README's shell examples.
type readmeExample struct {
	line int    // where it starts in the README
	cmd  string // continuation lines joined, the comment removed
}

// readmeExamples returns the commands of the README's ```sh blocks that
// run curl or lifa: what a newcomer types against `lifa serve --demo`.
// Lines continued with a backslash are joined and a trailing comment
// (whitespace, then # outside quotes) is removed.
func readmeExamples(t *testing.T, path string) []readmeExample {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []readmeExample
	inSh, cont := false, false
	var cur readmeExample
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(l, "```") {
			inSh = l == "```sh"
			continue
		}
		if !inSh || (l == "" && !cont) {
			continue
		}
		if !cont {
			cur = readmeExample{line: n}
		}
		l = stripComment(l)
		cont = strings.HasSuffix(l, `\`)
		cur.cmd += strings.TrimSuffix(l, `\`)
		if !cont && runsExample.MatchString(cur.cmd) {
			out = append(out, cur)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// runsExample matches a command line that runs curl or lifa (first, or
// after a pipe).
var runsExample = regexp.MustCompile(`(^|\|\s*)(curl|lifa)\s`)

// stripComment removes a shell comment from l: a # after whitespace,
// outside quotes.
func stripComment(l string) string {
	var quote rune
	for i, r := range l {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && i > 0 && (l[i-1] == ' ' || l[i-1] == '\t'):
			return strings.TrimSpace(l[:i])
		}
	}
	return l
}

// TestREADME_Examples runs the README's curl and lifa examples, as
// written, against `lifa serve --demo`: the API examples with the admin
// token the server printed, the account commands on its data directory
// (LIFA_DATA) while it runs. Each must succeed — curl fails on an HTTP
// error (--fail-with-body) — so that a newcomer who copies them gets no
// error.
func TestREADME_Examples(t *testing.T) {
	examples := readmeExamples(t, "README.md")
	var curls, lifas int
	for _, ex := range examples {
		if strings.HasPrefix(ex.cmd, "curl") {
			curls++
		} else {
			lifas++
		}
	}
	if curls < 3 || lifas < 3 {
		t.Fatalf("found %d curl and %d lifa examples in README.md: %v", curls, lifas, examples)
	}
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("CI=true but %s is missing: .ci/run installs it", tool)
			}
			t.Skipf("README examples skipped: %s not found", tool)
		}
	}
	bin := buildLifa(t)
	data := t.TempDir()
	srv := startLifa(t, bin, data, "--demo")
	if srv.token == "" {
		t.Fatal("the demo printed no admin token")
	}
	// The working directory holds the draft.docx the upload example sends.
	work := t.TempDir()
	docx, err := os.ReadFile(filepath.Join("testdata", "e2e", "guangzhou-wetland-protection.docx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "draft.docx"), docx, 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TOKEN="+srv.token, "LIFA_DATA="+data, "LIFA_DB=")
	const preamble = "set -eo pipefail\ncurl() { command curl --silent --show-error --fail-with-body \"$@\"; }\n"
	for _, ex := range examples {
		cmd := strings.ReplaceAll(ex.cmd, "http://localhost:8080", srv.url)
		c := exec.Command("bash", "-c", preamble+cmd)
		c.Dir, c.Env = work, env
		// lifa user add asks for a password; from a pipe it reads the first line.
		c.Stdin = strings.NewReader("readme-example-password\n")
		out, err := c.CombinedOutput()
		if err != nil {
			t.Errorf("README.md:%d: %s\n    %v\n    %s", ex.line, ex.cmd, err, out)
			continue
		}
		t.Logf("README.md:%d: %s\n    %.200s", ex.line, ex.cmd, out)
	}
}
