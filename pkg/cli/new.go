package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/fonds-archive/fonds/pkg/scaffold"
)

// runNew is fonds new: it writes a new finding aid into a folder that does
// not exist yet or is empty, all at once (through a staging folder beside
// it), so that a failure leaves nothing half written.
func runNew(e *env, args []string) int {
	fs := newFlags(e, "new")
	var opt scaffold.Options
	fs.IntVar(&opt.Series, "series", 1, "how many series files to write (1-99)")
	fs.BoolVar(&opt.Reels, "reels", false, "also write reels.yaml, for a finding aid with microfilm reels")
	fs.BoolVar(&opt.Chronology, "chronology", false, "also write chronology.yaml")
	fs.StringVar(&opt.Title, "title", "", "the fonds's title (default: an example to replace)")
	fs.StringVar(&opt.Repository, "repository", "", "the repository's name (default: an example to replace)")
	fs.StringVar(&opt.ISIL, "isil", "", "the repository's ISIL, such as NL-AmISG (default: an example to replace)")
	fs.StringVar(&opt.Country, "country", "", "the repository's country, ISO 3166-1 (default: from --isil)")
	fs.StringVar(&opt.Date, "date", "", "the finding aid's date (default: this year, or the year of SOURCE_DATE_EPOCH)")
	rest, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) != 1 {
		fs.Usage()
		return ExitUsage
	}
	dir := filepath.Clean(rest[0])
	if opt.Date == "" {
		opt.Date = thisYear()
	}
	opt.Name = filepath.Base(dir)
	if err := newFolderFree(dir); err != nil {
		fmt.Fprintf(e.stderr, "fonds new: %v\n", err)
		return ExitUsage
	}
	files, err := scaffold.Files(opt)
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds new: %v\n", err)
		return ExitUsage
	}
	if err := writeNew(dir, files); err != nil {
		fmt.Fprintf(e.stderr, "fonds new: %v\n", err)
		return ExitFailure
	}
	var names []string
	for _, f := range files {
		if !strings.HasPrefix(f.Path, scaffold.SchemaDir+"/") {
			names = append(names, f.Path)
		}
	}
	shown := filepath.ToSlash(dir)
	fmt.Fprintf(e.stdout, `created %s: %s, and the schema files in %s/%s for editors
Replace the values marked EXAMPLE, then run
  fonds check %s
  fonds build -o dist %s
`, shown, strings.Join(names, ", "), shown, scaffold.SchemaDir, shown, shown)
	return ExitOK
}

// thisYear is the year a new finding aid is dated: SOURCE_DATE_EPOCH's,
// for reproducible scripts, else the clock's. Only fonds new reads the
// clock, to fill in a date the archivist then owns; builds never do.
func thisYear() string {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
			return strconv.Itoa(time.Unix(sec, 0).UTC().Year())
		}
	}
	return strconv.Itoa(time.Now().Year())
}

// newFolderFree refuses a folder that holds anything, and a path that is
// a file.
func newFolderFree(dir string) error {
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s exists and is not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty; fonds new starts a finding aid in a new or empty folder", dir)
	}
	return nil
}

// writeNew writes files into a staging folder beside dir, then puts it in
// place of dir (which is missing or empty).
func writeNew(dir string, files []scaffold.File) error {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage) // a no-op once renamed
	for _, f := range files {
		p := filepath.Join(stage, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Rename(stage, dir)
}
