package testtool

import (
	"strings"

	"github.com/beevik/etree"
	"golang.org/x/net/html"
)

// XMLText is the text of e and its descendants. sep is written around
// every element: "" gives the text as a reader of the XML has it, " "
// keeps the words of neighbouring elements apart
// (<label>Reel 1</label><item>1-150</item>).
func XMLText(e *etree.Element, sep string) string {
	var b strings.Builder
	var walk func(*etree.Element)
	walk = func(e *etree.Element) {
		for _, c := range e.Child {
			switch c := c.(type) {
			case *etree.CharData:
				b.WriteString(c.Data)
			case *etree.Element:
				b.WriteString(sep)
				walk(c)
				b.WriteString(sep)
			}
		}
	}
	walk(e)
	return b.String()
}

// HTMLText is the text of n and its descendants, with sep written before
// every element, as XMLText.
func HTMLText(n *html.Node, sep string) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			b.WriteString(sep)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
