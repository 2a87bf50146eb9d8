// Package gittest makes git repositories for tests, with the git program
// (fonds itself reads repositories without it). Every commit carries the
// date the test gives, as author and committer date, so that what a test
// sees does not depend on when it runs. It is for tests only.
package gittest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
)

// A Repo is a git work tree in a folder.
type Repo struct {
	t    testing.TB
	bin  string
	Root string
}

// Init makes a repository with a branch main in a new temporary folder.
func Init(t testing.TB) *Repo {
	r := Open(t, t.TempDir())
	r.Git("", "init", "-q", "-b", "main")
	return r
}

// Open works on the repository whose work tree is root.
func Open(t testing.TB, root string) *Repo {
	return &Repo{t: t, bin: testtool.Need(t, "git"), Root: root}
}

// Git runs git in the work tree, with date (RFC 3339, or "" for none) as
// the author and committer date, and no user or system configuration.
func (r *Repo) Git(date string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command(r.bin, append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"}, args...)...)
	cmd.Dir = r.Root
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "HOME="+r.Root)
	if date != "" {
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// Write writes a file of the work tree, making its folders.
func (r *Repo) Write(name, text string) {
	r.t.Helper()
	p := filepath.Join(r.Root, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// Commit commits everything in the work tree at date and returns the
// commit's hash.
func (r *Repo) Commit(date, msg string) string {
	r.t.Helper()
	r.Git(date, "add", "-A")
	r.Git(date, "commit", "-q", "--allow-empty", "-m", msg)
	return r.Git("", "rev-parse", "HEAD")
}
