//go:build !linux

package build

// exchange is not available outside Linux; swap falls back to two renames.
func exchange(a, b string) (bool, error) { return false, nil }
