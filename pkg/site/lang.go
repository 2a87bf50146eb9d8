package site

import "strings"

// A language of ISO 639-2: its ISO 639-1 code, when it has one, and its
// English name.
type language struct{ two, name string }

// languages maps the ISO 639-2 codes that the sources use (bibliographic,
// as EAD's @langcode takes them, and the terminologic forms of the twenty
// languages whose codes differ) to ISO 639-1 and an English name. BCP 47,
// which HTML's lang attribute takes, uses the ISO 639-1 code where there
// is one and the ISO 639-2 code otherwise; every language whose B and T
// codes differ has an ISO 639-1 code, so the three-letter fallback is
// never ambiguous.
var languages = map[string]language{
	"aar": {"aa", "Afar"}, "abk": {"ab", "Abkhazian"}, "afr": {"af", "Afrikaans"},
	"aka": {"ak", "Akan"}, "alb": {"sq", "Albanian"}, "sqi": {"sq", "Albanian"},
	"amh": {"am", "Amharic"}, "ara": {"ar", "Arabic"}, "arg": {"an", "Aragonese"},
	"arm": {"hy", "Armenian"}, "hye": {"hy", "Armenian"}, "asm": {"as", "Assamese"},
	"ava": {"av", "Avaric"}, "ave": {"ae", "Avestan"}, "aym": {"ay", "Aymara"},
	"aze": {"az", "Azerbaijani"}, "bak": {"ba", "Bashkir"}, "bam": {"bm", "Bambara"},
	"baq": {"eu", "Basque"}, "eus": {"eu", "Basque"}, "bel": {"be", "Belarusian"},
	"ben": {"bn", "Bengali"}, "bis": {"bi", "Bislama"}, "bos": {"bs", "Bosnian"},
	"bre": {"br", "Breton"}, "bul": {"bg", "Bulgarian"}, "bur": {"my", "Burmese"},
	"mya": {"my", "Burmese"}, "cat": {"ca", "Catalan"}, "cha": {"ch", "Chamorro"},
	"che": {"ce", "Chechen"}, "chi": {"zh", "Chinese"}, "zho": {"zh", "Chinese"},
	"chu": {"cu", "Church Slavic"}, "chv": {"cv", "Chuvash"}, "cor": {"kw", "Cornish"},
	"cos": {"co", "Corsican"}, "cre": {"cr", "Cree"}, "cze": {"cs", "Czech"},
	"ces": {"cs", "Czech"}, "dan": {"da", "Danish"}, "div": {"dv", "Divehi"},
	"dut": {"nl", "Dutch"}, "nld": {"nl", "Dutch"}, "dzo": {"dz", "Dzongkha"},
	"eng": {"en", "English"}, "epo": {"eo", "Esperanto"}, "est": {"et", "Estonian"},
	"ewe": {"ee", "Ewe"}, "fao": {"fo", "Faroese"}, "fij": {"fj", "Fijian"},
	"fin": {"fi", "Finnish"}, "fre": {"fr", "French"}, "fra": {"fr", "French"},
	"fry": {"fy", "Western Frisian"}, "ful": {"ff", "Fulah"}, "geo": {"ka", "Georgian"},
	"kat": {"ka", "Georgian"}, "ger": {"de", "German"}, "deu": {"de", "German"},
	"gla": {"gd", "Scottish Gaelic"}, "gle": {"ga", "Irish"}, "glg": {"gl", "Galician"},
	"glv": {"gv", "Manx"}, "gre": {"el", "Greek"}, "ell": {"el", "Greek"},
	"grn": {"gn", "Guarani"}, "guj": {"gu", "Gujarati"}, "hat": {"ht", "Haitian"},
	"hau": {"ha", "Hausa"}, "heb": {"he", "Hebrew"}, "her": {"hz", "Herero"},
	"hin": {"hi", "Hindi"}, "hmo": {"ho", "Hiri Motu"}, "hrv": {"hr", "Croatian"},
	"hun": {"hu", "Hungarian"}, "ibo": {"ig", "Igbo"}, "ice": {"is", "Icelandic"},
	"isl": {"is", "Icelandic"}, "ido": {"io", "Ido"}, "iii": {"ii", "Sichuan Yi"},
	"iku": {"iu", "Inuktitut"}, "ile": {"ie", "Interlingue"}, "ina": {"ia", "Interlingua"},
	"ind": {"id", "Indonesian"}, "ipk": {"ik", "Inupiaq"}, "ita": {"it", "Italian"},
	"jav": {"jv", "Javanese"}, "jpn": {"ja", "Japanese"}, "kal": {"kl", "Kalaallisut"},
	"kan": {"kn", "Kannada"}, "kas": {"ks", "Kashmiri"}, "kau": {"kr", "Kanuri"},
	"kaz": {"kk", "Kazakh"}, "khm": {"km", "Central Khmer"}, "kik": {"ki", "Kikuyu"},
	"kin": {"rw", "Kinyarwanda"}, "kir": {"ky", "Kirghiz"}, "kom": {"kv", "Komi"},
	"kon": {"kg", "Kongo"}, "kor": {"ko", "Korean"}, "kua": {"kj", "Kuanyama"},
	"kur": {"ku", "Kurdish"}, "lao": {"lo", "Lao"}, "lat": {"la", "Latin"},
	"lav": {"lv", "Latvian"}, "lim": {"li", "Limburgish"}, "lin": {"ln", "Lingala"},
	"lit": {"lt", "Lithuanian"}, "ltz": {"lb", "Luxembourgish"}, "lub": {"lu", "Luba-Katanga"},
	"lug": {"lg", "Ganda"}, "mac": {"mk", "Macedonian"}, "mkd": {"mk", "Macedonian"},
	"mah": {"mh", "Marshallese"}, "mal": {"ml", "Malayalam"}, "mao": {"mi", "Maori"},
	"mri": {"mi", "Maori"}, "mar": {"mr", "Marathi"}, "may": {"ms", "Malay"},
	"msa": {"ms", "Malay"}, "mlg": {"mg", "Malagasy"}, "mlt": {"mt", "Maltese"},
	"mon": {"mn", "Mongolian"}, "nau": {"na", "Nauru"}, "nav": {"nv", "Navajo"},
	"nbl": {"nr", "South Ndebele"}, "nde": {"nd", "North Ndebele"}, "ndo": {"ng", "Ndonga"},
	"nep": {"ne", "Nepali"}, "nno": {"nn", "Norwegian Nynorsk"}, "nob": {"nb", "Norwegian Bokmål"},
	"nor": {"no", "Norwegian"}, "nya": {"ny", "Chichewa"}, "oci": {"oc", "Occitan"},
	"oji": {"oj", "Ojibwa"}, "ori": {"or", "Oriya"}, "orm": {"om", "Oromo"},
	"oss": {"os", "Ossetian"}, "pan": {"pa", "Panjabi"}, "per": {"fa", "Persian"},
	"fas": {"fa", "Persian"}, "pli": {"pi", "Pali"}, "pol": {"pl", "Polish"},
	"por": {"pt", "Portuguese"}, "pus": {"ps", "Pushto"}, "que": {"qu", "Quechua"},
	"roh": {"rm", "Romansh"}, "rum": {"ro", "Romanian"}, "ron": {"ro", "Romanian"},
	"run": {"rn", "Rundi"}, "rus": {"ru", "Russian"}, "sag": {"sg", "Sango"},
	"san": {"sa", "Sanskrit"}, "sin": {"si", "Sinhala"}, "slo": {"sk", "Slovak"},
	"slk": {"sk", "Slovak"}, "slv": {"sl", "Slovenian"}, "sme": {"se", "Northern Sami"},
	"smo": {"sm", "Samoan"}, "sna": {"sn", "Shona"}, "snd": {"sd", "Sindhi"},
	"som": {"so", "Somali"}, "sot": {"st", "Southern Sotho"}, "spa": {"es", "Spanish"},
	"srd": {"sc", "Sardinian"}, "srp": {"sr", "Serbian"}, "ssw": {"ss", "Swati"},
	"sun": {"su", "Sundanese"}, "swa": {"sw", "Swahili"}, "swe": {"sv", "Swedish"},
	"tah": {"ty", "Tahitian"}, "tam": {"ta", "Tamil"}, "tat": {"tt", "Tatar"},
	"tel": {"te", "Telugu"}, "tgk": {"tg", "Tajik"}, "tgl": {"tl", "Tagalog"},
	"tha": {"th", "Thai"}, "tib": {"bo", "Tibetan"}, "bod": {"bo", "Tibetan"},
	"tir": {"ti", "Tigrinya"}, "ton": {"to", "Tonga"}, "tsn": {"tn", "Tswana"},
	"tso": {"ts", "Tsonga"}, "tuk": {"tk", "Turkmen"}, "tur": {"tr", "Turkish"},
	"twi": {"tw", "Twi"}, "uig": {"ug", "Uighur"}, "ukr": {"uk", "Ukrainian"},
	"urd": {"ur", "Urdu"}, "uzb": {"uz", "Uzbek"}, "ven": {"ve", "Venda"},
	"vie": {"vi", "Vietnamese"}, "vol": {"vo", "Volapük"}, "wel": {"cy", "Welsh"},
	"cym": {"cy", "Welsh"}, "wln": {"wa", "Walloon"}, "wol": {"wo", "Wolof"},
	"xho": {"xh", "Xhosa"}, "yid": {"yi", "Yiddish"}, "yor": {"yo", "Yoruba"},
	"zha": {"za", "Zhuang"}, "zul": {"zu", "Zulu"},
	// Languages without an ISO 639-1 code that archives often hold.
	"grc": {"", "Ancient Greek"}, "ota": {"", "Ottoman Turkish"}, "syc": {"", "Classical Syriac"},
	"yue": {"", "Cantonese"}, "ang": {"", "Old English"}, "enm": {"", "Middle English"},
	"fro": {"", "Old French"}, "frm": {"", "Middle French"}, "gmh": {"", "Middle High German"},
	"goh": {"", "Old High German"}, "dum": {"", "Middle Dutch"}, "non": {"", "Old Norse"},
	"lad": {"", "Ladino"}, "rom": {"", "Romany"}, "csb": {"", "Kashubian"}, "hsb": {"", "Upper Sorbian"},
	"dsb": {"", "Lower Sorbian"}, "mul": {"", "Multiple languages"},
	"und": {"", "Undetermined"}, "zxx": {"", "No linguistic content"},
}

// scripts names the ISO 15924 scripts that finding aids commonly give.
var scripts = map[string]string{
	"Latn": "Latin", "Cyrl": "Cyrillic", "Grek": "Greek", "Arab": "Arabic", "Hebr": "Hebrew",
	"Armn": "Armenian", "Geor": "Georgian", "Deva": "Devanagari", "Beng": "Bengali",
	"Hans": "Simplified Han", "Hant": "Traditional Han", "Hani": "Han", "Jpan": "Japanese",
	"Kore": "Korean", "Hang": "Hangul", "Thai": "Thai", "Ethi": "Ethiopic", "Syrc": "Syriac",
	"Goth": "Gothic", "Runr": "Runic", "Zyyy": "Common", "Zxxx": "Unwritten",
}

// BCP47 turns an ISO 639-2 code, as the sources write it, into the tag
// HTML's lang attribute takes: "rus" gives "ru", "gre" gives "el", "grc"
// stays "grc". An empty code gives "".
func BCP47(code string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	if l, ok := languages[code]; ok && l.two != "" {
		return l.two
	}
	return code
}

// languageName names a language in English, falling back to its code.
func languageName(code string) string {
	if l, ok := languages[strings.ToLower(code)]; ok && l.name != "" {
		return l.name
	}
	return code
}

// scriptName names a script in English, falling back to its code.
func scriptName(code string) string {
	if s, ok := scripts[code]; ok {
		return s
	}
	return code
}
