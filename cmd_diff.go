package main

import (
	"fmt"
	"io"
)

func runDiff(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "lifa diff: 尚未实现")
	return 1
}
