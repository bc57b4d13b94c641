package diff

// LinePairs returns the index pairs (i, j) of a longest common
// subsequence of equal strings of a and b, in order: the lines, paragraphs
// or items two short lists keep alike (an article has a few dozen at
// most; the table is len(a)×len(b)).
func LinePairs(a, b []string) [][2]int {
	n, m := len(a), len(b)
	f := make([][]int, n+1)
	for i := range f {
		f[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				f[i][j] = f[i+1][j+1] + 1
			} else {
				f[i][j] = max(f[i+1][j], f[i][j+1])
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out = append(out, [2]int{i, j})
			i++
			j++
		case f[i+1][j] >= f[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}
