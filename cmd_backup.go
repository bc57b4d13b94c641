package main

import (
	"fmt"
	"io"
)

func runBackup(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "lifa backup: 尚未实现")
	return 1
}
