package pdf

// languages names the ISO 639-2/B codes archives use most, in English, with
// the BCP 47 tag PDF's /Lang takes (ISO 639-1 where there is one).
var languages = map[string]struct{ name, tag string }{
	"alb": {"Albanian", "sq"}, "ara": {"Arabic", "ar"}, "arm": {"Armenian", "hy"},
	"baq": {"Basque", "eu"}, "bel": {"Belarusian", "be"}, "bul": {"Bulgarian", "bg"},
	"cat": {"Catalan", "ca"}, "chi": {"Chinese", "zh"}, "cze": {"Czech", "cs"},
	"dan": {"Danish", "da"}, "dut": {"Dutch", "nl"}, "eng": {"English", "en"},
	"epo": {"Esperanto", "eo"}, "est": {"Estonian", "et"}, "fin": {"Finnish", "fi"},
	"fre": {"French", "fr"}, "fry": {"Frisian", "fy"}, "geo": {"Georgian", "ka"},
	"ger": {"German", "de"}, "gre": {"Greek", "el"}, "heb": {"Hebrew", "he"},
	"hin": {"Hindi", "hi"}, "hrv": {"Croatian", "hr"}, "hun": {"Hungarian", "hu"},
	"ice": {"Icelandic", "is"}, "ind": {"Indonesian", "id"}, "ita": {"Italian", "it"},
	"jpn": {"Japanese", "ja"}, "kor": {"Korean", "ko"}, "lat": {"Latin", "la"},
	"lav": {"Latvian", "lv"}, "lit": {"Lithuanian", "lt"}, "mac": {"Macedonian", "mk"},
	"nor": {"Norwegian", "no"}, "per": {"Persian", "fa"}, "pol": {"Polish", "pl"},
	"por": {"Portuguese", "pt"}, "rum": {"Romanian", "ro"}, "rus": {"Russian", "ru"},
	"slo": {"Slovak", "sk"}, "slv": {"Slovenian", "sl"}, "spa": {"Spanish", "es"},
	"srp": {"Serbian", "sr"}, "swe": {"Swedish", "sv"}, "tur": {"Turkish", "tr"},
	"ukr": {"Ukrainian", "uk"}, "wel": {"Welsh", "cy"}, "yid": {"Yiddish", "yi"},
	"mul": {"multiple languages", "mul"}, "und": {"undetermined", "und"},
}

var scripts = map[string]string{
	"Latn": "Latin", "Cyrl": "Cyrillic", "Grek": "Greek", "Hebr": "Hebrew", "Arab": "Arabic",
	"Armn": "Armenian", "Geor": "Georgian", "Hani": "Han", "Jpan": "Japanese", "Kore": "Korean",
}

// bcp47 turns an ISO 639-2/B code into the tag PDF's /Lang takes. A code
// the table does not know is passed on: three-letter ISO 639 codes are
// valid BCP 47 where no two-letter code exists.
func bcp47(code string) string {
	if l, ok := languages[code]; ok {
		return l.tag
	}
	if code == "" {
		return "und"
	}
	return code
}

// languageName names a language of the material in words.
func languageName(code, name, script string) string {
	s := name
	if s == "" {
		s = code
		if l, ok := languages[code]; ok {
			s = l.name
		}
	}
	if sc, ok := scripts[script]; ok {
		s += " (" + sc + " script)"
	} else if script != "" {
		s += " (" + script + ")"
	}
	return s
}
