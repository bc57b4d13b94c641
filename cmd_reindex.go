package main

import (
	"fmt"
	"io"
)

func runReindex(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "lifa reindex: 尚未实现")
	return 1
}
