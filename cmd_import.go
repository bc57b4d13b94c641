package main

import (
	"fmt"
	"io"
)

func runImport(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "lifa import: 尚未实现")
	return 1
}
