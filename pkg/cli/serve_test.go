package cli

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestServeUsage(t *testing.T) {
	chdirRoot(t)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"serve", "--only", "html"}, ExitUsage, "--only must name ead too"},
		{[]string{"serve", "--base-url", "ftp://archives.example.org/"}, ExitUsage, "is not an http or https address"},
		{[]string{"serve", "--base-url", "https://archives.example.org/"}, ExitUsage, "give --admin-email too"},
		{[]string{"serve", "--oai-id", "localhost"}, ExitUsage, "is not a domain name"},
		{[]string{"serve", "--admin-email", "nobody"}, ExitUsage, `"nobody" is not an e-mail address`},
		{[]string{"serve", "--page-size", "0"}, ExitUsage, "--page-size must be 1 or more"},
		{[]string{"serve", "--only", "xml"}, ExitUsage, "unknown output"},
		{[]string{"serve", "no/such/folder"}, ExitFailure, "there is no folder no/such/folder"},
		{[]string{"serve", "-addr", "127.0.0.1:99999", "--poll", "0", "testdata/fixtures/minimal"}, ExitFailure, "fonds serve:"},
	} {
		code, _, errs := run(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("fonds %s: exit %d, want %d with %q:\n%s", strings.Join(c.args, " "), code, c.code, c.msg, errs)
		}
	}
}

func TestBuildStaticRepository(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "dist")
	gw := []string{"--oai-gateway", "http://gateway.example.org/oai", "--oai-url", "https://archives.example.org/dist/static-repository.xml"}
	code, stdout, errs := run(t, append(append([]string{"build", "--only", "ead", "-o", out, "--admin-email", "archivist@example.org"}, gw...), "testdata/fixtures")...)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	want := "wrote " + out + "/static-repository.xml (OAI static repository; base URL http://gateway.example.org/oai/archives.example.org/dist/static-repository.xml)"
	if !strings.Contains(stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, stdout)
	}
	data, err := os.ReadFile(filepath.Join(out, "static-repository.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"<oai:identifier>oai:archives.example.org:fix-deep</oai:identifier>", "<oai:adminEmail>archivist@example.org</oai:adminEmail>"} {
		if !strings.Contains(string(data), s) {
			t.Errorf("the static repository lacks %s", s)
		}
	}
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--oai-gateway", "http://gateway.example.org/oai"}, "--oai-gateway needs --oai-url"},
		{[]string{"--oai-url", "https://archives.example.org/s.xml"}, "--oai-url needs --oai-gateway"},
		{append([]string{"--only", "html", "--admin-email", "a@example.org"}, gw...), "--only must name ead too"},
		{append([]string{"--admin-email", "a@example.org", "--oai-id", "no_domain"}, gw...), "is not a domain name"},
		{[]string{"--admin-email", "a@example.org", "--oai-gateway", "http://gateway.example.org/oai", "--oai-url", "https://a.example.org/s.xml?x=1"}, "has a query or a fragment"},
	} {
		code, _, errs := run(t, append(append([]string{"build", "-o", filepath.Join(t.TempDir(), "d")}, c.args...), "testdata/fixtures")...)
		if code != ExitUsage || !strings.Contains(errs, c.msg) {
			t.Errorf("fonds build %s: exit %d, want %d with %q:\n%s", strings.Join(c.args, " "), code, ExitUsage, c.msg, errs)
		}
	}
}

// TestServeSignals runs fonds serve as a process (cli.Run, as cmd/fonds
// does) and stops it with SIGTERM, SIGINT and SIGHUP: it stops at once,
// with exit status 0, and leaves no temporary folder behind.
//
// The process is this test's own binary, run again with the arguments of
// fonds in FONDS_SERVE_CHILD: then this test is fonds itself.
func TestServeSignals(t *testing.T) {
	if args := os.Getenv("FONDS_SERVE_CHILD"); args != "" {
		os.Exit(Run(strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr))
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	addrLine := regexp.MustCompile(`serving http://([0-9.:]+)/`)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP} {
		tmp := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestServeSignals$")
		cmd.Dir = root
		args := []string{"serve", "-addr", "127.0.0.1:0", "--poll", "50ms", "testdata/fixtures"}
		cmd.Env = append(os.Environ(), "FONDS_SERVE_CHILD="+strings.Join(args, "\x1f"), "TMPDIR="+tmp)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		m := addrLine.FindStringSubmatch(line)
		if err != nil || m == nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("fonds serve printed %q (%v)\n%s", line, err, stderr.String())
		}
		url := "http://" + m[1]
		deadline := time.Now().Add(5 * time.Minute)
		for {
			resp, err := http.Get(url + "/oai?verb=Identify")
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 200 {
					break
				}
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("fonds serve never answered:\n%s", stderr.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
		if entries, _ := os.ReadDir(tmp); len(entries) == 0 {
			t.Errorf("fonds serve made no temporary folder in %s", tmp)
		}
		begin := time.Now()
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Wait(); err != nil {
			t.Errorf("after %v: %v\n%s", sig, err, stderr.String())
		}
		if d := time.Since(begin); d > 15*time.Second {
			t.Errorf("after %v fonds serve took %v to stop", sig, d)
		}
		if !strings.Contains(stderr.String(), "fonds serve: stopping") {
			t.Errorf("after %v: %s", sig, stderr.String())
		}
		if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
			t.Errorf("after %v fonds serve left %v in its temporary folder", sig, entries)
		}
		if _, err := http.Get(url + "/oai?verb=Identify"); err == nil {
			t.Errorf("after %v fonds serve still answers", sig)
		}
	}
}
