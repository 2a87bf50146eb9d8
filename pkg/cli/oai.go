package cli

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/oai"
)

// oaiFlags describe the OAI-PMH repository, for fonds serve and for the
// static repository of fonds build.
type oaiFlags struct {
	id, name string
	admin    []string
}

func (f *oaiFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.id, "oai-id", "", "OAI-PMH: the repository identifier in the records' identifiers (oai:ID:EADID), a domain name of yours such as archives.example.org")
	fs.StringVar(&f.name, "oai-name", "", "OAI-PMH: the repository's name (default: the name of the finding aids' repository)")
	fs.Func("admin-email", "OAI-PMH: the address of the repository's administrator, for aggregators (repeat for several)", func(s string) error {
		if !email.MatchString(s) {
			return fmt.Errorf("%q is not an e-mail address", s)
		}
		f.admin = append(f.admin, s)
		return nil
	})
}

// email is the pattern of OAI-PMH's emailType; domain that of an
// oai-identifier's repository identifier.
var (
	email  = regexp.MustCompile(`^\S+@(\S+\.)+\S+$`)
	domain = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$`)
)

// options are the repository's options; host names the repository when
// --oai-id is not given.
func (f *oaiFlags) options(host string) (oai.Options, error) {
	opt := oai.Options{Name: f.name, Admin: f.admin, ID: f.id}
	if opt.ID == "" {
		opt.ID = host
	}
	if opt.ID != "" && !domain.MatchString(opt.ID) {
		return opt, fmt.Errorf("--oai-id %q is not a domain name; give one such as archives.example.org (letters, digits and hyphens, with a dot)", opt.ID)
	}
	return opt, nil
}

// staticFlags ask fonds build for an OAI static repository.
type staticFlags struct {
	oaiFlags
	gateway, url string
	base         string // the static repository's base URL, once checked
}

func (f *staticFlags) register(fs *flag.FlagSet) {
	f.oaiFlags.register(fs)
	fs.StringVar(&f.gateway, "oai-gateway", "", "also write "+oai.StaticFile+", an OAI static repository, for the static repository gateway at this URL")
	fs.StringVar(&f.url, "oai-url", "", "with --oai-gateway: the URL at which "+oai.StaticFile+" will be published")
}

// add appends the static repository to the outputs when asked for.
func (f *staticFlags) add(outputs []build.Output) ([]build.Output, error) {
	if f.gateway == "" {
		if f.url != "" {
			return nil, errors.New("--oai-url needs --oai-gateway: the static repository is harvested through a gateway")
		}
		return outputs, nil
	}
	if f.url == "" || len(f.admin) == 0 {
		return nil, errors.New("--oai-gateway needs --oai-url (where " + oai.StaticFile + " will be published) and --admin-email")
	}
	base, err := oai.StaticBase(f.gateway, f.url)
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse(f.url)
	opt, err := f.options(u.Hostname())
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(outputs, isEAD) {
		return nil, errors.New("the static repository holds the EAD files: --only must name ead too")
	}
	f.base = base
	return append(outputs, oai.Static{Options: opt, Gateway: f.gateway, URL: f.url}), nil
}

// trimSlash drops the slashes at the end of a URL.
func trimSlash(s string) string { return strings.TrimRight(s, "/") }
