package main

import (
	"fmt"
	"io"
)

func runParse(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "lifa parse: 尚未实现")
	return 1
}
