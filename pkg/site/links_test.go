package site

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// A parsed page, for the link checker.
type parsedPage struct {
	ids   map[string]bool
	links []string // every href and src, as written
	perma []string // permanent links (rel="bookmark"): inventory.html#id
	dup   []string // ids used twice
	h1    int
	lang  string
}

func parsePage(path string) (*parsedPage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		return nil, err
	}
	p := &parsedPage{ids: map[string]bool{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "id":
					if p.ids[a.Val] {
						p.dup = append(p.dup, a.Val)
					}
					p.ids[a.Val] = true
				case a.Key == "href" && n.Data == "a" && attr(n, "rel") == "bookmark":
					p.perma = append(p.perma, a.Val)
				case a.Key == "href" && (n.Data == "a" || n.Data == "link" || n.Data == "area"),
					a.Key == "src" && (n.Data == "script" || n.Data == "img" || n.Data == "iframe"),
					a.Key == "action" && n.Data == "form":
					p.links = append(p.links, a.Val)
				case a.Key == "lang" && n.Data == "html":
					p.lang = a.Val
				}
			}
			if n.Data == "h1" {
				p.h1++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p, nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// checkLinks checks every HTML page under dir: each relative link and
// source must name a file that exists, each fragment an id in that page
// (a permanent link, rel="bookmark", to inventory.html#id: an id on one of
// the inventory's pages, where fonds.js sends the reader); no
// id may be used twice; no link may be absolute to the file system root
// (it would break when the site is opened from the file system or served
// from a sub-folder); every page has one h1 and a lang. Web links are not
// followed: tests run offline. It returns the number of pages and the
// problems found.
func checkLinks(dir string) (int, []string) {
	var problems []string
	pages := map[string]*parsedPage{}
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return err
	})
	sort.Strings(files)
	load := func(p string) *parsedPage {
		if pg, ok := pages[p]; ok {
			return pg
		}
		pg, err := parsePage(p)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", p, err))
		}
		pages[p] = pg
		return pg
	}
	for _, f := range files {
		pg := load(f)
		if pg == nil {
			continue
		}
		rel, _ := filepath.Rel(dir, f)
		for _, id := range pg.dup {
			problems = append(problems, fmt.Sprintf("%s: duplicate id %q", rel, id))
		}
		if pg.h1 != 1 {
			problems = append(problems, fmt.Sprintf("%s: %d h1 elements, want 1", rel, pg.h1))
		}
		if pg.lang == "" {
			problems = append(problems, fmt.Sprintf("%s: no lang on html", rel))
		}
		for _, link := range pg.perma {
			if !strings.HasPrefix(link, "inventory.html#") {
				problems = append(problems, fmt.Sprintf("%s: permanent link %q is not inventory.html#ID", rel, link))
				continue
			}
			id := strings.TrimPrefix(link, "inventory.html#")
			invs, _ := filepath.Glob(filepath.Join(filepath.Dir(f), "inventory*.html"))
			found := false
			for _, inv := range invs {
				if ip := load(inv); ip != nil && ip.ids[id] {
					found = true
				}
			}
			if !found {
				problems = append(problems, fmt.Sprintf("%s: permanent link %q: no id %q on the inventory's pages", rel, link, id))
			}
		}
		for _, link := range pg.links {
			u, err := url.Parse(link)
			switch {
			case err != nil:
				problems = append(problems, fmt.Sprintf("%s: link %q: %v", rel, link, err))
				continue
			case u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "mailto":
				continue
			case u.Scheme != "" || u.Host != "":
				problems = append(problems, fmt.Sprintf("%s: link %q leaves the site", rel, link))
				continue
			case strings.HasPrefix(u.Path, "/"):
				problems = append(problems, fmt.Sprintf("%s: link %q is absolute", rel, link))
				continue
			}
			target := f
			if u.Path != "" {
				target = filepath.Join(filepath.Dir(f), filepath.FromSlash(u.Path))
			}
			if info, err := os.Stat(target); err != nil || info.IsDir() {
				problems = append(problems, fmt.Sprintf("%s: link %q: no such file", rel, link))
				continue
			}
			if u.Fragment == "" {
				continue
			}
			if !strings.HasSuffix(target, ".html") {
				problems = append(problems, fmt.Sprintf("%s: link %q: a fragment on a file that is not a page", rel, link))
				continue
			}
			if tp := load(target); tp != nil && !tp.ids[u.Fragment] {
				problems = append(problems, fmt.Sprintf("%s: link %q: no id %q in %s", rel, link, u.Fragment, filepath.Base(target)))
			}
		}
	}
	return len(files), problems
}
