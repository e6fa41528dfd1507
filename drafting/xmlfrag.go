package drafting

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
)

// fragChild is one child element of a raw XML element: its local name and
// its bytes as in the source.
type fragChild struct {
	prefix, local string
	raw           []byte
}

// fragment splits the raw bytes of one element (such as a w:pPr) into its
// start tag, its child elements and its end tag, without resolving
// namespaces, so that the children can be filtered and spliced back with
// their original prefixes. A self-closing element has no children and an
// empty end.
func fragment(raw []byte) (start []byte, children []fragChild, end []byte, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(raw))
	d.Strict = false
	depth := 0
	var childStart int64
	var child fragChild
	for {
		before := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, nil, false
		}
		after := d.InputOffset()
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch depth {
			case 1:
				start = raw[:after]
			case 2:
				childStart = before
				child = fragChild{prefix: t.Name.Space, local: t.Name.Local}
			}
		case xml.EndElement:
			switch depth {
			case 2:
				child.raw = raw[childStart:after]
				children = append(children, child)
			case 1:
				if int(before) < len(raw) && bytes.HasPrefix(raw[before:], []byte("</")) {
					end = raw[before:after]
				}
			}
			depth--
		}
	}
	if start == nil {
		return nil, nil, nil, false
	}
	if end == nil {
		// Self-closing: "<w:pPr/>" becomes "<w:pPr>" and "</w:pPr>".
		s := bytes.TrimSuffix(bytes.TrimSpace(start), []byte("/>"))
		name := string(s[1:])
		if i := strings.IndexAny(name, " \t\r\n"); i >= 0 {
			name = name[:i]
		}
		start = append(s, '>')
		end = []byte("</" + name + ">")
	}
	return start, children, end, true
}

// prefixesUsed returns the namespace prefixes used by the element and
// attribute names of a raw XML fragment.
func prefixesUsed(raw []byte) map[string]bool {
	used := make(map[string]bool)
	d := xml.NewDecoder(bytes.NewReader(raw))
	d.Strict = false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return used
		}
		if t, ok := tok.(xml.StartElement); ok {
			used[t.Name.Space] = true
			for _, a := range t.Attr {
				if a.Name.Space != "" && a.Name.Space != "xmlns" && a.Name.Space != "xml" {
					used[a.Name.Space] = true
				}
			}
		}
	}
}

// portable reports whether a raw fragment written under the prefixes of
// from means the same under the prefixes of to.
func portable(raw []byte, from, to map[string]string) bool {
	for p := range prefixesUsed(raw) {
		u, ok := from[p]
		if !ok || to[p] != u {
			return false
		}
	}
	return true
}

// escapeText escapes s for XML character data and drops the characters
// XML 1.0 does not allow.
func escapeText(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r < 0xE000:
			// not allowed in XML 1.0
		default:
			b.WriteRune(r)
		}
	}
}
