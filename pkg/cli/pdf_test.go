package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildPaper checks fonds build's --paper: a4 and letter write the PDF
// inventory, anything else is a usage error.
func TestBuildPaper(t *testing.T) {
	src := "../../testdata/fixtures/minimal"
	for _, paper := range []string{"a4", "letter"} {
		out := filepath.Join(t.TempDir(), "dist")
		var stdout, stderr bytes.Buffer
		if code := Main([]string{"build", "-o", out, "--only", "pdf", "--paper", paper, src}, nil, &stdout, &stderr); code != ExitOK {
			t.Fatalf("--paper %s: exit %d\n%s", paper, code, stderr.String())
		}
		data, err := os.ReadFile(filepath.Join(out, "fix-min", "fix-min.pdf"))
		if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
			t.Errorf("--paper %s: no PDF written: %v", paper, err)
		}
	}
	var stdout, stderr bytes.Buffer
	code := Main([]string{"build", "-o", filepath.Join(t.TempDir(), "dist"), "--paper", "a5", src}, nil, &stdout, &stderr)
	if code != ExitUsage || !strings.Contains(stderr.String(), `unknown paper size "a5"`) {
		t.Errorf("--paper a5: exit %d, %q; want a usage error", code, stderr.String())
	}
}

// TestSourceDateEpoch: a SOURCE_DATE_EPOCH that is not a number of seconds,
// is negative, or is past the year 9999 is a usage error before anything
// is built; the last second of 9999 dates the PDF (pdfinfo reads it), and
// a build without the PDF does not read it.
func TestSourceDateEpoch(t *testing.T) {
	src := "../../testdata/fixtures/minimal"
	for _, tt := range []struct{ value, want string }{
		{"yesterday", `fonds build: SOURCE_DATE_EPOCH="yesterday" is not a whole number of seconds; give the seconds since 1970-01-01 UTC, as date +%s prints them (1700000000)` + "\n"},
		{"1.5", `fonds build: SOURCE_DATE_EPOCH="1.5" is not a whole number of seconds; give the seconds since 1970-01-01 UTC, as date +%s prints them (1700000000)` + "\n"},
		{"-1", `fonds build: SOURCE_DATE_EPOCH="-1" is before 1970; give the seconds since 1970-01-01 UTC, as date +%s prints them` + "\n"},
		{"253402300800", `fonds build: SOURCE_DATE_EPOCH="253402300800" is after the year 9999, which a PDF date cannot hold; give the seconds since 1970-01-01 UTC, as date +%s prints them` + "\n"},
		{"99999999999999999999", `fonds build: SOURCE_DATE_EPOCH="99999999999999999999" is after the year 9999, which a PDF date cannot hold; give the seconds since 1970-01-01 UTC, as date +%s prints them` + "\n"},
	} {
		t.Setenv("SOURCE_DATE_EPOCH", tt.value)
		out := filepath.Join(t.TempDir(), "dist")
		code, _, stderr := run(t, "build", "-o", out, src)
		if code != ExitUsage || stderr != tt.want {
			t.Errorf("SOURCE_DATE_EPOCH=%s: exit %d, %q; want exit %d, %q", tt.value, code, stderr, ExitUsage, tt.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("SOURCE_DATE_EPOCH=%s: the output was written", tt.value)
		}
		if code, _, stderr := run(t, "build", "--only", "ead", "-o", out, src); code != ExitOK {
			t.Errorf("SOURCE_DATE_EPOCH=%s, --only ead: exit %d, %s", tt.value, code, stderr)
		}
	}
	t.Setenv("SOURCE_DATE_EPOCH", "253402300799")
	out := filepath.Join(t.TempDir(), "dist")
	if code, _, stderr := run(t, "build", "--only", "pdf", "-o", out, src); code != ExitOK {
		t.Fatalf("SOURCE_DATE_EPOCH=253402300799: exit %d, %s", code, stderr)
	}
	path := filepath.Join(out, "fix-min", "fix-min.pdf")
	data, _ := os.ReadFile(path)
	if !bytes.Contains(data, []byte("/CreationDate (D:99991231235959Z)")) {
		t.Errorf("the PDF's date is not D:99991231235959Z")
	}
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdfinfo is not installed: CI must read the PDF (install poppler-utils; see .ci/run)")
		}
		t.Skip("pdfinfo is not installed (poppler-utils): cannot read the PDF's date")
	}
	info, err := exec.Command(bin, "-isodates", path).CombinedOutput()
	if err != nil || !strings.Contains(string(info), "CreationDate:    9999-12-31T23:59:59Z") {
		t.Errorf("pdfinfo: %v\n%s", err, info)
	}
}
