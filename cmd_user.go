package main

import (
	"fmt"
	"io"
)

func runUser(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "lifa user: 尚未实现")
	return 1
}
