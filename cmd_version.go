package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is the release version; set with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// buildVersion describes this build: the release version and, when Go
// recorded it, the VCS revision and whether the tree was modified.
func buildVersion() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			v += "+" + rev
			if dirty {
				v += "-dirty"
			}
		}
	}
	return v
}

// runVersion prints the version of lifa and of Go it was built with.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: lifa version")
		fmt.Fprintln(stderr, "显示 lifa 的版本及构建所用的 Go 版本。")
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(fs, stderr, "多余的参数 "+fs.Arg(0))
	}
	fmt.Fprintf(stdout, "lifa %s (%s %s/%s)\n", buildVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return 0
}
