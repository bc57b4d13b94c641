package main

import (
	"fmt"
	"io"
)

func runSearch(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "lifa search: 尚未实现")
	return 1
}
