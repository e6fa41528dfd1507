package drafting

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/internal/testtool"
)

// Namespaces and relationship types of the comment parts Word 2016 and
// later write beside comments.xml.
const (
	nsDeclCID     = `xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid"`
	nsDeclCEX     = `xmlns:w16cex="http://schemas.microsoft.com/office/word/2018/wordml/cex"`
	relCommentsID = "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds"
	relCommentsEX = "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible"
)

// commentXML writes a w:comment whose one paragraph has the given w14:paraId.
func commentXML(id, author, date, paraID, text string) string {
	d := ""
	if date != "" {
		d = ` w:date="` + date + `"`
	}
	return `<w:comment w:id="` + id + `" w:author="` + author + `" w:initials="X"` + d + `>` +
		`<w:p w14:paraId="` + paraID + `">` + wr(text) + `</w:p></w:comment>`
}

// extrasComments has three comments: 1 resolved, 2 replying to 1 with no
// w:date of its own (commentsExtensible gives it), 3 dated and with a
// different dateUtc (its own date wins).
var extrasComments = xmlDecl + `<w:comments ` + nsDecls + `>` +
	commentXML("1", "ARNP Kota", "2026-01-05T09:00:00Z", "1A2B0001", "Mohon disesuaikan.") +
	commentXML("2", "PPKSD Unmul", "", "1A2B0002", "Sudah.") +
	commentXML("3", "PPKSD Unmul", "2026-01-07T08:00:00Z", "1A2B0003", "Lain.") +
	`</w:comments>`

var extrasExtended = xmlDecl + `<w15:commentsEx ` + nsDecls + `>` +
	`<w15:commentEx w15:paraId="1A2B0001" w15:done="1"/>` +
	`<w15:commentEx w15:paraId="1a2b0002" w15:paraIdParent="1A2B0001" w15:done="0"/>` +
	`<w15:commentEx w15:paraId="1A2B0003"/>` +
	`</w15:commentsEx>`

// The ids and dates parts use prefixes of their own, as the decoder must
// match namespaces, not prefixes.
var extrasIDs = xmlDecl + `<cid:commentsIds xmlns:cid="http://schemas.microsoft.com/office/word/2016/wordml/cid">` +
	`<cid:commentId cid:paraId="1A2B0001" cid:durableId="5E6F0001"/>` +
	`<cid:commentId cid:paraId="1a2b0002" cid:durableId="5E6F0002"/>` +
	`<cid:commentId cid:paraId="1A2B0003" cid:durableId="5E6F0003"/>` +
	`<cid:commentId cid:paraId="FFFF0000" cid:durableId="00000BAD"/>` +
	`</cid:commentsIds>`

var extrasExtensible = xmlDecl + `<cex:commentsExtensible xmlns:cex="http://schemas.microsoft.com/office/word/2018/wordml/cex">` +
	`<cex:commentExtensible cex:durableId="5E6F0001" cex:dateUtc="2026-01-05T02:00:00Z"/>` +
	`<cex:commentExtensible cex:durableId="5e6f0002" cex:dateUtc="2026-01-06T07:30:00Z"/>` +
	`<cex:commentExtensible cex:durableId="5E6F0003" cex:dateUtc="2026-01-07T01:00:00Z"/>` +
	`</cex:commentsExtensible>`

var extrasBody = wwp("Pasal 7") +
	wp(wr("(1) Biaya sebesar ")+`<w:commentRangeStart w:id="1"/><w:commentRangeStart w:id="2"/>`+wr("Rp 500.000.000,00")+
		`<w:commentRangeEnd w:id="1"/><w:commentRangeEnd w:id="2"/>`+`<w:r><w:commentReference w:id="1"/></w:r><w:r><w:commentReference w:id="2"/></w:r>`) +
	wp(`<w:commentRangeStart w:id="3"/>`+wr("(2) Dibayar bertahap.")+`<w:commentRangeEnd w:id="3"/><w:r><w:commentReference w:id="3"/></w:r>`)

var extrasWant = []Comment{
	{ID: "1", Author: "ARNP Kota", Initials: "X", Date: "2026-01-05T09:00:00Z", Text: "Mohon disesuaikan.", Anchor: "Rp 500.000.000,00", Done: true, DurableID: "5E6F0001"},
	{ID: "2", Author: "PPKSD Unmul", Initials: "X", Date: "2026-01-06T07:30:00Z", Text: "Sudah.", ParentID: "1", Anchor: "Rp 500.000.000,00", DurableID: "5E6F0002"},
	{ID: "3", Author: "PPKSD Unmul", Initials: "X", Date: "2026-01-07T08:00:00Z", Text: "Lain.", Anchor: "(2) Dibayar bertahap.", DurableID: "5E6F0003"},
}

// TestReadCommentExtras: resolved state, durable ids and UTC dates, from
// parts found through the main part's relationships under names of their
// own.
func TestReadCommentExtras(t *testing.T) {
	rels := xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + relTypes["comments.xml"] + `" Target="comments.xml"/>` +
		`<Relationship Id="rId2" Type="` + relTypes["commentsExtended.xml"] + `" Target="ext/threads.xml"/>` +
		`<Relationship Id="rId3" Type="` + relCommentsID + `" Target="/word/ext/ids.xml"/>` +
		`<Relationship Id="rId4" Type="` + relCommentsEX + `" Target="ext/dates.xml"/>` +
		`</Relationships>`
	b := zipParts(t,
		docPart{"[Content_Types].xml", contentTypes},
		docPart{"_rels/.rels", packageRels("word/document.xml")},
		docPart{"word/document.xml", documentXML(extrasBody)},
		docPart{"word/_rels/document.xml.rels", rels},
		docPart{"word/comments.xml", extrasComments},
		docPart{"word/ext/threads.xml", extrasExtended},
		docPart{"word/ext/ids.xml", extrasIDs},
		docPart{"word/ext/dates.xml", extrasExtensible},
		// Decoys under the usual names: the relationships win.
		docPart{"word/commentsIds.xml", strings.ReplaceAll(extrasIDs, "5E6F", "DEAD")},
	)
	d := mustReadDocx(t, b)
	if !reflect.DeepEqual(d.Comments, extrasWant) {
		t.Errorf("comments:\n got %+v\nwant %+v", d.Comments, extrasWant)
	}
}

// TestReadCommentExtrasUsualNames: without relationships, the parts are
// found under the names Word gives them, next to the main part.
func TestReadCommentExtrasUsualNames(t *testing.T) {
	d := bodyDoc(t, extrasBody,
		docPart{"word/comments.xml", extrasComments},
		docPart{"word/commentsExtended.xml", extrasExtended},
		docPart{"word/commentsIds.xml", extrasIDs},
		docPart{"word/commentsExtensible.xml", extrasExtensible},
	)
	if !reflect.DeepEqual(d.Comments, extrasWant) {
		t.Errorf("comments:\n got %+v\nwant %+v", d.Comments, extrasWant)
	}
	// Without commentsIds.xml there are no durable ids, so the dates of
	// commentsExtensible.xml cannot be matched: comment 2 stays undated.
	d = bodyDoc(t, extrasBody,
		docPart{"word/comments.xml", extrasComments},
		docPart{"word/commentsExtensible.xml", extrasExtensible},
	)
	if c := d.Comments[1]; c.Date != "" || c.DurableID != "" || c.Done || d.Comments[0].Done {
		t.Errorf("without ids: %+v", d.Comments)
	}
}

// TestReadDoneValues: w15:done is an ST_OnOff.
func TestReadDoneValues(t *testing.T) {
	for v, want := range map[string]bool{"1": true, "true": true, "on": true, "0": false, "false": false, "": false, "ya": false} {
		ext := xmlDecl + `<w15:commentsEx ` + nsDecls + `><w15:commentEx w15:paraId="1A2B0001" w15:done="` + v + `"/></w15:commentsEx>`
		d := bodyDoc(t, extrasBody, docPart{"word/comments.xml", extrasComments}, docPart{"word/commentsExtended.xml", ext})
		if d.Comments[0].Done != want {
			t.Errorf("done=%q: %v", v, d.Comments[0].Done)
		}
	}
}

// TestReadFormatChanges: w:rPrChange in a run's properties and w:pPrChange
// in a paragraph's are recorded; the former properties inside them are not
// taken for the current ones.
func TestReadFormatChanges(t *testing.T) {
	rPrChange := func(author, date string) string {
		return `<w:rPr><w:b/><w:rPrChange w:id="9" w:author="` + author + `" w:date="` + date + `"><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr>`
	}
	run := func(props, text string) string {
		return `<w:r>` + props + `<w:t xml:space="preserve">` + text + `</w:t></w:r>`
	}
	pPr := `<w:pPr><w:pStyle w:val="Ayat"/><w:jc w:val="both"/>` +
		`<w:rPr><w:rPrChange w:id="7" w:author="Mark" w:date="2026-01-01T00:00:00Z"><w:rPr/></w:rPrChange></w:rPr>` +
		`<w:pPrChange w:id="8" w:author="PPKSD Unmul" w:date="2026-01-06T14:30:00Z"><w:pPr><w:pStyle w:val="Lama"/><w:jc w:val="center"/></w:pPr></w:pPrChange></w:pPr>`
	body := wwp("Pasal 3") +
		`<w:p>` + pPr + wr("(1) Biaya ") +
		// Two runs with the same change, split: one entry.
		run(rPrChange("ARNP Kota", "2026-01-05T09:00:00Z"), "sebesar ") + `<w:bookmarkStart w:id="0" w:name="x"/>` +
		run(rPrChange("ARNP Kota", "2026-01-05T09:00:00Z"), "Rp 500") +
		// Inserted and reformatted: two entries.
		`<w:ins w:id="10" w:author="PPKSD Unmul" w:date="2026-01-06T14:30:00Z">` + run(rPrChange("ARNP Kota", "2026-01-05T09:00:00Z"), ".000") + `</w:ins>` +
		// Another author's formatting change: a new entry.
		run(rPrChange("PPKSD Unmul", ""), " juta") + wr(".") + `</w:p>` +
		wp(`<w:del w:id="11" w:author="ARNP Kota" w:date="2026-01-05T09:00:00Z">`+`<w:r>`+rPrChange("PPKSD Unmul", "")+`<w:delText>(2) Dihapus.</w:delText></w:r></w:del>`)
	d := bodyDoc(t, body)
	p := d.Body[1]
	if p.Style != "Ayat" || p.Align != "both" || !reflect.DeepEqual(p.FormatChange, &FormatChange{"PPKSD Unmul", "2026-01-06T14:30:00Z"}) {
		t.Errorf("paragraph: style %q align %q change %+v", p.Style, p.Align, p.FormatChange)
	}
	if d.Body[0].FormatChange != nil || d.Body[2].FormatChange != nil {
		t.Errorf("paragraph format change where there is none")
	}
	var got []string
	for _, r := range p.Runs {
		s := fmt.Sprintf("%d %q", r.Rev, r.Text)
		if r.FormatChange != nil {
			s += " " + r.FormatChange.Author + " " + r.FormatChange.Date
		}
		got = append(got, s)
	}
	want := []string{
		`0 "(1) Biaya "`,
		`0 "sebesar Rp 500" ARNP Kota 2026-01-05T09:00:00Z`,
		`1 ".000" ARNP Kota 2026-01-05T09:00:00Z`,
		`0 " juta" PPKSD Unmul `,
		`0 "."`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("runs:\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(string(p.Runs[1].Props), "rPrChange") {
		t.Errorf("Props lost the w:rPrChange: %s", p.Runs[1].Props)
	}
	// The views keep the change.
	if v := d.Paragraphs(Accept)[1]; v.FormatChange == nil || v.Runs[1].FormatChange == nil {
		t.Errorf("Accept view lost the format changes")
	}

	changes := d.TrackedChanges()
	var lines []string
	for _, c := range changes {
		lines = append(lines, fmt.Sprintf("%s|%s|%s|%q|%d|%d(%d)", c.Kind, c.Author, c.Date, c.Text, c.Paragraph, c.Pasal, c.Ayat))
	}
	wantChanges := []string{
		`paragraph-format|PPKSD Unmul|2026-01-06T14:30:00Z|""|1|3(1)`,
		`format|ARNP Kota|2026-01-05T09:00:00Z|"sebesar Rp 500.000"|1|3(1)`,
		`insert|PPKSD Unmul|2026-01-06T14:30:00Z|".000"|1|3(1)`,
		`format|PPKSD Unmul||" juta"|1|3(1)`,
		`delete|ARNP Kota|2026-01-05T09:00:00Z|"(2) Dihapus."|2|3(2)`,
		// Deleted text that was reformatted is placed in the Reject view.
		`format|PPKSD Unmul||"(2) Dihapus."|2|3(2)`,
	}
	if !reflect.DeepEqual(lines, wantChanges) {
		t.Errorf("TrackedChanges:\n got %q\nwant %q", lines, wantChanges)
	}
}

// TestTrackedChangesJoin: one entry per stretch of one kind, author and
// date, across runs and w:ins elements; a new entry when any of them
// changes; nothing for text inserted then deleted; paragraph marks placed
// in the view that keeps them.
func TestTrackedChangesJoin(t *testing.T) {
	ins := func(id, a, s string) string {
		return `<w:ins w:id="` + id + `" w:author="` + a + `" w:date="2026-01-05T09:00:00Z">` + wr(s) + `</w:ins>`
	}
	del := func(a, s string) string {
		return `<w:del w:id="2" w:author="` + a + `" w:date="2026-01-06T09:00:00Z"><w:r><w:delText xml:space="preserve">` + s + `</w:delText></w:r></w:del>`
	}
	markIns := `<w:pPr><w:rPr><w:ins w:id="3" w:author="Kota" w:date="2026-01-07T00:00:00Z"/></w:rPr></w:pPr>`
	markDel := `<w:pPr><w:rPr><w:del w:id="4" w:author="Unmul" w:date="2026-01-08T00:00:00Z"/></w:rPr></w:pPr>`
	bold := `<w:r><w:rPr><w:b/></w:rPr><w:t>tebal</w:t></w:r>`
	body := wwp("Pasal 1") + wwp("(1) Satu.") +
		// Two w:ins elements and a bold run, one after the other, by the
		// same author at the same time: one entry.
		wp(wr("(2) Dua ")+ins("5", "Kota", "a ")+ins("6", "Kota", "b ")+`<w:ins w:id="7" w:author="Kota" w:date="2026-01-05T09:00:00Z">`+bold+`</w:ins>`+
			ins("8", "Unmul", " c")+del("Unmul", " d")+del("Unmul", " e")) +
		wwp("Pasal 2") +
		// A new ayat (1) inserted before the old one: its mark and text.
		`<w:p>` + markIns + ins("9", "Kota", "(1) Baru.") + `</w:p>` +
		wwp("(1) Lama.") +
		// A deleted ayat.
		`<w:p>` + markDel + del("Unmul", "(2) Hapus.") + `</w:p>` +
		wwp("(2) Tetap.") +
		wp(wr("Ada")+`<w:ins w:id="10" w:author="A"><w:del w:id="11" w:author="B"><w:r><w:delText> hantu</w:delText></w:r></w:del></w:ins>`)
	d := bodyDoc(t, body)
	var got []string
	for _, c := range d.TrackedChanges() {
		got = append(got, fmt.Sprintf("%s %s %q %d %d(%d)", c.Kind, c.Author, c.Text, c.Paragraph, c.Pasal, c.Ayat))
	}
	want := []string{
		`insert Kota "a b tebal" 2 1(2)`,
		`insert Unmul " c" 2 1(2)`,
		`delete Unmul " d e" 2 1(2)`,
		`paragraph-insert Kota "" 4 2(1)`,
		`insert Kota "(1) Baru." 4 2(1)`,
		// Placed in the Reject view, where the deleted ayat stands.
		`paragraph-delete Unmul "" 6 2(2)`,
		`delete Unmul "(2) Hapus." 6 2(2)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TrackedChanges:\n got %q\nwant %q", got, want)
	}
	if c := bodyDoc(t, wwp("Pasal 1")+wwp("(1) Tanpa perubahan.")).TrackedChanges(); c != nil {
		t.Errorf("changes in a document without any: %+v", c)
	}
}

// TestCommentThreads: order by place in the body, not by comments.xml;
// replies of replies; a reply without a range of its own placed where its
// parent is; comments outside the body last; resolved state; huruf.
func TestCommentThreads(t *testing.T) {
	comments := xmlDecl + `<w:comments ` + nsDecls + `>` +
		commentXML("10", "Kota", "2026-01-05T09:00:00Z", "00000010", "Di huruf b.") +
		commentXML("11", "Unmul", "2026-01-06T09:00:00Z", "00000011", "Balasan.") +
		commentXML("12", "Kota", "2026-01-07T09:00:00Z", "00000012", "Balasan atas balasan.") +
		commentXML("20", "Unmul", "2026-01-05T08:00:00Z", "00000020", "Di judul.") +
		commentXML("30", "Kota", "2026-01-05T08:00:00Z", "00000030", "Tanpa tempat.") +
		commentXML("40", "Unmul", "2026-01-05T08:00:00Z", "00000040", "Kedua di paragraf yang sama.") +
		`</w:comments>`
	ext := xmlDecl + `<w15:commentsEx ` + nsDecls + `>` +
		`<w15:commentEx w15:paraId="00000010" w15:done="1"/>` +
		`<w15:commentEx w15:paraId="00000011" w15:paraIdParent="00000010"/>` +
		`<w15:commentEx w15:paraId="00000012" w15:paraIdParent="00000011"/>` +
		`</w15:commentsEx>`
	body := wp(`<w:commentRangeStart w:id="20"/>`+wr("Pasal 4")+`<w:commentRangeEnd w:id="20"/>`) +
		wwp("(1) Para pihak:") + wwp("a. satu;") +
		wp(wr("b. dua ")+`<w:commentRangeStart w:id="40"/>`+wr("kedua")+`<w:commentRangeEnd w:id="40"/>`) +
		wwp("(2) Lain.")
	// Comment 10's range starts before comment 40's in the same paragraph.
	body = strings.Replace(body, wr("b. dua "), wr("b. ")+`<w:commentRangeStart w:id="10"/>`+wr("dua ")+`<w:commentRangeEnd w:id="10"/>`, 1)
	d := bodyDoc(t, body, docPart{"word/comments.xml", comments}, docPart{"word/commentsExtended.xml", ext})

	var got []string
	var walk func(ts []CommentThread, indent string)
	walk = func(ts []CommentThread, indent string) {
		for _, c := range ts {
			got = append(got, fmt.Sprintf("%s%s %s p%d %d(%d)%s %v %q", indent, c.ID, c.Author, c.Paragraph, c.Pasal, c.Ayat, c.Huruf, c.Resolved, c.Quote))
			if c.Replies == nil {
				t.Errorf("comment %s: Replies is nil", c.ID)
			}
			walk(c.Replies, indent+"  ")
		}
	}
	walk(d.CommentThreads(), "")
	want := []string{
		`20 Unmul p0 4(0) false "Pasal 4"`,
		`10 Kota p3 4(1)b true "dua"`,
		`  11 Unmul p3 4(1)b false ""`,
		`    12 Kota p3 4(1)b false ""`,
		`40 Unmul p3 4(1)b false "kedua"`,
		`30 Kota p-1 0(0) false ""`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("threads:\n got %q\nwant %q", got, want)
	}
	if (&Document{}).CommentThreads() != nil {
		t.Errorf("threads of a document without comments")
	}
}

// TestCommentThreadsHostile: loops of parents and very deep reply chains
// end; every comment is listed exactly once.
func TestCommentThreadsHostile(t *testing.T) {
	const n = 200
	d := &Document{}
	for i := range n {
		c := Comment{ID: fmt.Sprint(i)}
		switch {
		case i == 0:
			c.ParentID = "1" // 0 ↔ 1: a loop
		case i < 150:
			c.ParentID = fmt.Sprint(i - 1) // a chain 150 deep
		case i == 150:
			c.ParentID = "150" // itself
		case i < 199:
			c.ParentID = fmt.Sprint(i + 1) // 151 → 152 → … → 199 → 151
		default:
			c.ParentID = "151"
		}
		d.Comments = append(d.Comments, c)
	}
	seen := map[string]int{}
	maxDepth := 0
	var walk func(ts []CommentThread, depth int)
	walk = func(ts []CommentThread, depth int) {
		maxDepth = max(maxDepth, depth)
		for _, c := range ts {
			seen[c.ID]++
			walk(c.Replies, depth+1)
		}
	}
	walk(d.CommentThreads(), 0)
	if len(seen) != n {
		t.Errorf("%d comments listed, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("comment %s listed %d times", id, k)
		}
	}
	if maxDepth > maxReplyDepth+1 {
		t.Errorf("replies nested %d deep", maxDepth)
	}
}

// TestFixtureCommentThreads checks the threads of comments.docx against
// testdata/drafting/README.md.
func TestFixtureCommentThreads(t *testing.T) {
	d, err := Open(testtool.Testdata(t, "drafting", "comments.docx"))
	if err != nil {
		t.Fatal(err)
	}
	ts := d.CommentThreads()
	type row struct {
		id, author, date string
		pasal, ayat      int
		replies          int
	}
	want := []row{
		{"1", "ARNP Kota", "2026-01-05T09:00:00Z", 7, 1, 1},
		{"2", "PPKSD Unmul", "2026-01-06T14:30:00Z", 7, 2, 0},
		{"4", "ARNP Kota", "2026-01-05T10:15:00Z", 8, 1, 0},
	}
	if len(ts) != len(want) {
		t.Fatalf("%d threads, want %d: %+v", len(ts), len(want), ts)
	}
	for i, w := range want {
		c := ts[i]
		if c.ID != w.id || c.Author != w.author || c.Date != w.date || c.Pasal != w.pasal || c.Ayat != w.ayat || len(c.Replies) != w.replies || c.Resolved {
			t.Errorf("thread %d: %+v, want %+v", i, c, w)
		}
		if d.Body[c.Paragraph].Comments == nil || !strings.Contains(d.Body[c.Paragraph].Text(Accept), strings.Fields(c.Quote)[0]) {
			t.Errorf("thread %s: paragraph %d does not hold its quote %q", c.ID, c.Paragraph, c.Quote)
		}
	}
	r := ts[0].Replies[0]
	if r.ID != "3" || r.Author != "PPKSD Unmul" || r.Date != "2026-01-06T14:30:00Z" || r.Pasal != 7 || r.Ayat != 1 ||
		r.Text != "Setuju, akan disesuaikan menjadi Rp 750.000.000,00." || r.Quote != "Rp 500.000.000,00 (lima ratus juta rupiah)" || len(r.Replies) != 0 {
		t.Errorf("reply: %+v", r)
	}
	if q := ts[0].Quote; q != "Rp 500.000.000,00 (lima ratus juta rupiah)" {
		t.Errorf("quote of 1: %q", q)
	}
	// The fixture has no commentsIds.xml and no resolved comment (pandoc
	// and LibreOffice 7.4 write neither; see TestReadCommentExtras).
	for _, c := range d.Comments {
		if c.Done || c.DurableID != "" {
			t.Errorf("comment %s: done %v, durable id %q", c.ID, c.Done, c.DurableID)
		}
	}
}

// TestFixtureTrackedChanges checks the list of changes of tracked.docx
// against testdata/drafting/README.md.
func TestFixtureTrackedChanges(t *testing.T) {
	d, err := Open(testtool.Testdata(t, "drafting", "tracked.docx"))
	if err != nil {
		t.Fatal(err)
	}
	const a, b = "ARNP Kota", "PPKSD Unmul"
	dates := map[string]string{a: "2026-01-05T09:00:00Z", b: "2026-01-06T14:30:00Z"}
	const lampiran = "Lampiran Perjanjian Kerja Sama ini merupakan bagian yang tidak terpisahkan dari Perjanjian Kerja Sama ini."
	type row struct {
		kind, author, text string
		pasal, ayat        int
	}
	want := []row{
		{TrackedDelete, a, "Rp 500.000.000,00 (lima ratus juta rupiah)", 7, 1},
		{TrackedInsert, a, "Rp 750.000.000,00 (tujuh ratus lima puluh juta rupiah)", 7, 1},
		{TrackedDelete, a, "secara bertahap ", 7, 2},
		{TrackedDelete, b, "30 (tiga puluh) hari", 7, 3},
		{TrackedInsert, b, "14 (empat belas) hari kerja", 7, 3},
		{TrackedInsert, b, " dan benar", 7, 3},
		{TrackedParagraphInsert, b, "", 7, 4},
		{TrackedInsert, b, "(4) Pembayaran dilakukan melalui pemindahbukuan ke rekening resmi PIHAK KEDUA.", 7, 4},
		{TrackedDelete, b, " dan Sekretariat Daerah", 8, 1},
		{TrackedDelete, a, "3 (tiga)", 8, 1},
		{TrackedInsert, a, "6 (enam)", 8, 1},
		{TrackedInsert, b, " serta kendala yang dihadapi", 8, 2},
		{TrackedParagraphDelete, a, "", 8, 3},
		{TrackedDelete, a, "(3) Laporan keuangan disampaikan setiap akhir tahun anggaran kepada Inspektorat Daerah.", 8, 3},
		{TrackedParagraphMoveTo, a, "", 9, 0},
		{TrackedMoveTo, a, lampiran, 9, 0},
		{TrackedParagraphMoveFrom, a, "", 9, 0},
		{TrackedMoveFrom, a, lampiran, 9, 0},
	}
	got := d.TrackedChanges()
	if len(got) != len(want) {
		t.Fatalf("%d changes, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		c := got[i]
		if c.Kind != w.kind || c.Author != w.author || c.Date != dates[w.author] || c.Text != w.text || c.Pasal != w.pasal || c.Ayat != w.ayat || c.Huruf != "" {
			t.Errorf("change %d: %+v, want %+v", i, c, w)
		}
	}
	// The move: its destination is the first paragraph of Pasal 9 in the
	// Accept view, its source the last in the Reject view.
	to, from := got[15], got[17]
	acc, rej := d.Paragraphs(Accept), d.Paragraphs(Reject)
	firstOf := func(ps []*Paragraph, pasal int) int {
		for i, p := range ps {
			if p.Pasal == pasal {
				return i
			}
		}
		return -1
	}
	if k := d.viewIndex(Accept)[to.Paragraph]; acc[k].Line() != lampiran || acc[k-1].Line() != "LAIN-LAIN" || k-firstOf(acc, 9) != 2 {
		t.Errorf("move-to at view paragraph %d: %q", k, acc[k].Line())
	}
	if k := d.viewIndex(Reject)[from.Paragraph]; rej[k].Line() != lampiran || k != len(rej)-1 && rej[k+1].Pasal == 9 {
		t.Errorf("move-from at view paragraph %d: %q", k, rej[k].Line())
	}
	if to.Paragraph >= from.Paragraph {
		t.Errorf("move-to (%d) not before move-from (%d)", to.Paragraph, from.Paragraph)
	}
}
