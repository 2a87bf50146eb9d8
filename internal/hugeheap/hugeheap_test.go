package hugeheap

import (
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// TestMode: the setting in force is the bracketed word.
func TestMode(t *testing.T) {
	for in, want := range map[string]string{
		"always [madvise] never\n": "madvise",
		"[always] madvise never":   "always",
		"always madvise [never]":   "never",
		"":                         "",
		"always madvise never":     "",
		"[unclosed":                "",
	} {
		if got := mode(in); got != want {
			t.Errorf("mode(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestDisabledByGodebug: disablethp=1 in GODEBUG, the last setting
// winning, as the runtime reads it.
func TestDisabledByGodebug(t *testing.T) {
	for in, want := range map[string]bool{
		"":                             false,
		"disablethp=1":                 true,
		"gctrace=1,disablethp=1":       true,
		"disablethp=0":                 false,
		"disablethp=1,disablethp=0":    false,
		"madvdontneed=1, disablethp=1": true,
		"xdisablethp=1":                false,
	} {
		if got := disabledByGodebug(in); got != want {
			t.Errorf("disabledByGodebug(%q) = %v; want %v", in, got, want)
		}
	}
}

// TestSize: the floor, and 20 bytes of heap a byte of sources.
func TestSize(t *testing.T) {
	if got := Size(0); got != Floor {
		t.Errorf("Size(0) = %d; want the floor, %d", got, Floor)
	}
	if got, want := Size(180_000_000), uint64(Floor+3_600_000_000); got != want {
		t.Errorf("Size of a million items' sources = %d; want %d", got, want)
	}
}

// TestEnable, in a process of its own (Enable works once, on a heap that
// has freed nothing): where the system leaves huge pages to programs, the
// memory Enable prepared is marked for them (VmFlags hg in
// /proc/self/smaps), what is allocated next is backed by them
// (AnonHugePages), GOGC is as before and a collection frees the chunks;
// where the system or the environment says no, Enable does nothing.
func TestEnable(t *testing.T) {
	if runtime.GOOS != "linux" {
		if Enable(64 << 20) {
			t.Fatal("Enable did something where there are no transparent huge pages")
		}
		return
	}
	if os.Getenv("HUGEHEAP_CHILD") == "1" {
		enableChild()
		return
	}
	setting, _ := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	_, allow := allowed()
	for _, c := range []struct {
		env  string
		want bool
	}{
		{"FONDS_HUGEPAGES=", allow},
		{"FONDS_HUGEPAGES=0", false},    // the user's no
		{"GOMEMLIMIT=100MiB", false},    // a limit the heap would pass
		{"GODEBUG=disablethp=1", false}, // the runtime asked for none
		{"GOGC=off", false},             // nothing would free the chunks
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEnable$", "-test.v")
		cmd.Env = append(os.Environ(), "HUGEHEAP_CHILD=1", "FONDS_HUGEPAGES=", "GOMEMLIMIT=", "GODEBUG=", "GOGC=", c.env)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: child: %v\n%s", c.env, err, out)
		}
		if want := "enabled=" + strconv.FormatBool(c.want); !strings.Contains(string(out), want) {
			t.Fatalf("%s, transparent huge pages %q: want %s\n%s", c.env, mode(string(setting)), want, out)
		}
		t.Logf("%s, transparent huge pages %q:\n%s", c.env, mode(string(setting)), out)
	}
}

// enableChild is TestEnable's process: it enables, checks that GOGC is as
// it was and that a second call does nothing, allocates 48 MiB in small
// pieces, and checks /proc/self/smaps, and that a collection frees the
// chunks.
func enableChild() {
	gogc := debug.SetGCPercent(50)
	debug.SetGCPercent(gogc)
	fallbacks := vmstat("thp_fault_fallback")
	ok := Enable(128 << 20)
	println("enabled=" + strconv.FormatBool(ok))
	fail := func(msg string) {
		println("FAIL: " + msg)
		os.Exit(1)
	}
	if now := debug.SetGCPercent(gogc); now != gogc {
		fail("GOGC is " + strconv.Itoa(now) + " after Enable, not " + strconv.Itoa(gogc))
	}
	if Enable(128 << 20) {
		fail("a second Enable did something")
	}
	keep := make([][]byte, 0, 48<<10)
	for range 48 << 10 {
		b := make([]byte, 1024)
		b[0] = 1
		keep = append(keep, b)
	}
	marked, huge := smaps()
	println("marked kB:", marked, "huge kB:", huge)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	println("heap in use after a collection, kB:", ms.HeapInuse>>10)
	runtime.KeepAlive(keep)
	switch {
	case ok && marked < 64<<10:
		fail("less than 64 MiB marked for huge pages")
	case ok && huge < 16<<10 && vmstat("thp_fault_fallback") == fallbacks:
		// Where the kernel found no free huge page (it counts a fallback),
		// the small pages are its choice, not a fault of Enable's.
		fail("less than 16 MiB of the heap in huge pages")
	case ok && ms.HeapInuse > 100<<20:
		fail("the chunks were not freed by a collection")
	case !ok && marked > 0:
		fail("memory marked though Enable did nothing")
	}
}

// vmstat is a counter of /proc/vmstat, or -1.
func vmstat(name string) int {
	b, err := os.ReadFile("/proc/vmstat")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, " "); ok && k == name {
			n, _ := strconv.Atoi(v)
			return n
		}
	}
	return -1
}

// smaps sums, over the mappings of /proc/self/smaps, the kB of those
// marked for huge pages (hg) and the kB backed by them.
func smaps() (marked, huge int) {
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		panic(err)
	}
	size := 0
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && f[0] == "Size:":
			size, _ = strconv.Atoi(f[1])
		case len(f) >= 2 && f[0] == "AnonHugePages:":
			n, _ := strconv.Atoi(f[1])
			huge += n
		case len(f) >= 1 && f[0] == "VmFlags:" && strings.Contains(line, " hg"):
			marked += size
		}
	}
	return marked, huge
}
