package ead

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/pkg/prose"
)

// eadElements are the element names of the EAD 2002 schema. Raw EAD in the
// sources may use these only: an element of any other name, <script> or a
// vendor's, would make the EAD invalid or unsafe to show.
var eadElements = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`abbr abstract accessrestrict accruals acqinfo address addressline
		altformavail appraisal arc archdesc archref arrangement author bibliography bibref bibseries
		bioghist blockquote c c01 c02 c03 c04 c05 c06 c07 c08 c09 c10 c11 c12 change chronitem chronlist
		colspec container controlaccess corpname creation custodhist dao daodesc daogrp daoloc date
		defitem descgrp descrules did dimensions dsc ead eadheader eadid edition editionstmt emph entry
		event eventgrp expan extent extptr extptrloc extref extrefloc famname filedesc fileplan
		frontmatter function genreform geogname head head01 head02 imprint index indexentry item label
		langmaterial language langusage lb legalstatus linkgrp list listhead materialspec name namegrp
		note notestmt num occupation odd originalsloc origination otherfindaid p persname physdesc
		physfacet physloc phystech prefercite processinfo profiledesc ptr ptrgrp ptrloc publicationstmt
		publisher ref refloc relatedmaterial repository resource revisiondesc row runner scopecontent
		separatedmaterial seriesstmt sponsor subarea subject subtitle table tbody tgroup thead title
		titlepage titleproper titlestmt unitdate unitid unittitle userestrict`) {
		eadElements[n] = true
	}
}

// checkRaw refuses, in raw EAD, an element that EAD 2002 does not define
// and a link a browser would run (javascript:, vbscript:, data:). It does
// not check where each element may stand: xmllint against the schema does
// (README, "Validating the EAD yourself").
func checkRaw(elems []*etree.Element) error {
	for _, root := range elems {
		var err error
		walkElems(root, func(e *etree.Element) bool {
			if e.Space != "" || !eadElements[e.Tag] {
				err = fmt.Errorf("<%s> is not an element of EAD 2002", e.FullTag())
				return false
			}
			for _, a := range e.Attr {
				if a.Key != "href" && a.Key != "entityref" {
					continue
				}
				if kind := prose.Runnable(a.Value); kind != "" {
					err = fmt.Errorf("<%s %s=%q>: %s links are refused", e.Tag, a.FullKey(), a.Value, kind)
					return false
				}
			}
			return true
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func walkElems(e *etree.Element, f func(*etree.Element) bool) bool {
	if !f(e) {
		return false
	}
	for _, k := range e.ChildElements() {
		if !walkElems(k, f) {
			return false
		}
	}
	return true
}

// IsElement reports whether name is an element of EAD 2002.
func IsElement(name string) bool { return eadElements[name] }
