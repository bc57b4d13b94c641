package main

import (
	"fmt"
	"io"
)

func runVersion(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "lifa version: 尚未实现")
	return 1
}
