package oai

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"
)

// MaxBody is the largest POST body a Handler reads by default. The
// longest request of the protocol (ListRecords with a resumptionToken, or
// every argument) is a few hundred bytes.
const MaxBody = 64 << 10

// A Handler answers OAI-PMH requests over HTTP GET and POST.
type Handler struct {
	// Repository returns the repository to answer from, and a function to
	// call once the answer is written; a nil repository (no good build
	// yet) is answered 503 Service Unavailable with a Retry-After.
	Repository func() (*Repository, func())
	// Now is the clock of responseDate; time.Now when nil.
	Now func() time.Time
	// MaxBody bounds a POST body; MaxBody when 0.
	MaxBody int64
	// Log reports a response that could not be written whole, such as a
	// harvester that went away; nil drops it.
	Log func(format string, args ...any)
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var values url.Values
	var perr error
	switch r.Method {
	case http.MethodGet:
		values, perr = url.ParseQuery(r.URL.RawQuery)
	case http.MethodPost:
		limit := h.MaxBody
		if limit <= 0 {
			limit = MaxBody
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err != nil {
			http.Error(w, "cannot read the request body", http.StatusBadRequest)
			return
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
			perr = errors.New("a POST request carries its arguments as application/x-www-form-urlencoded")
			break
		}
		if values, perr = url.ParseQuery(string(body)); perr == nil && r.URL.RawQuery != "" {
			more, err := url.ParseQuery(r.URL.RawQuery)
			perr = err
			for k, vs := range more {
				values[k] = append(values[k], vs...)
			}
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "OAI-PMH requests are GET or POST", http.StatusMethodNotAllowed)
		return
	}
	repo, done := h.Repository()
	if done != nil {
		defer done()
	}
	if repo == nil {
		w.Header().Set("Retry-After", "10")
		http.Error(w, "the finding aids are being built, or their sources have errors; try again later", http.StatusServiceUnavailable)
		return
	}
	base := repo.BaseURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host + r.URL.Path
	}
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	var err error
	if perr != nil {
		err = repo.answer(w, nil, []Error{errorf(BadArgument, "the arguments cannot be read: %v", perr)}, base, now())
	} else {
		err = repo.Answer(w, values, base, now())
	}
	if err != nil && h.Log != nil {
		h.Log("%s %s: the response was cut short: %v", r.Method, r.URL.RequestURI(), err)
	}
}
