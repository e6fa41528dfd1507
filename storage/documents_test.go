package storage_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

// docFixture is a cooperation in stage persiapan with the people of draft
// review: the cooperation's two PPKSD, a PPKSD of another cooperation, the
// office staff and two TKKSD members.
type docFixture struct {
	db                  *testDB
	arnp, kasubbag, akp *sepakat.User
	tkksd, tkksdOther   *sepakat.User
	p1, p2, q1          *sepakat.User
	coop, otherCoop     *sepakat.Cooperation
	uploadNumber        int
}

// MustDocFixture prepares a docFixture in a new database.
func MustDocFixture(tb testing.TB) *docFixture {
	tb.Helper()
	db := MustOpenDB(tb)
	f := &docFixture{db: db}
	f.p1, f.p2 = MustRegister(tb, db, "dinas")
	q1, q2 := MustRegister(tb, db, "lain")
	f.q1 = q1
	f.akp = verifierOf(tb, db)
	f.arnp = MustCreateUser(tb, db, sepakat.RoleARNP, "arnp")
	f.kasubbag = MustCreateUser(tb, db, sepakat.RoleKasubbag, "kasubbag")
	f.tkksd = MustCreateUser(tb, db, sepakat.RoleTKKSD, "tkksd")
	f.tkksdOther = MustCreateUser(tb, db, sepakat.RoleTKKSD, "tkksd-lain")
	f.coop = MustMoveTo(tb, db, f.kasubbag, MustSubmittedCooperation(tb, db, f.p1, f.p2, "Pengembangan SMK"), sepakat.StagePersiapan)
	f.otherCoop = MustMoveTo(tb, db, f.kasubbag, MustSubmittedCooperation(tb, db, f.q1, q2, "Kerja sama lain"), sepakat.StagePersiapan)
	return f
}

// MustDocument creates a document of the fixture's cooperation by the ARNP.
func (f *docFixture) MustDocument(tb testing.TB, kind sepakat.DocumentKind, title string, implements int64) *sepakat.Document {
	tb.Helper()
	d, err := f.db.CreateDocument(as(f.arnp), f.coop.ID, kind, title, implements)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// MustGrant grants right on d to u by the ARNP.
func (f *docFixture) MustGrant(tb testing.TB, d *sepakat.Document, u *sepakat.User, right sepakat.Right) {
	tb.Helper()
	if _, err := f.db.GrantDocument(as(f.arnp), d.ID, u.Login, right); err != nil {
		tb.Fatal(err)
	}
}

// draftFile stores a new, distinct draft file.
func (f *docFixture) draftFile(tb testing.TB) sepakat.File {
	tb.Helper()
	f.uploadNumber++
	n := f.uploadNumber
	return MustPutBlob(tb, f.db, fmt.Sprintf("rancangan-%d.docx", n), fmt.Sprintf("PK rancangan nomor %d", n))
}

// MustVersion uploads a new version of d as u.
func (f *docFixture) MustVersion(tb testing.TB, u *sepakat.User, d *sepakat.Document, carry sepakat.CarryForward) *sepakat.Version {
	tb.Helper()
	v, err := f.db.AddVersion(as(u), d.ID, f.draftFile(tb), "Perbaikan", carry)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// MustFindDocument reads d as the system.
func (f *docFixture) MustFindDocument(tb testing.TB, d *sepakat.Document) *sepakat.Document {
	tb.Helper()
	d, _, err := f.db.FindDocumentByID(system, d.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// MustItems lists the items of a version as u.
func (f *docFixture) MustItems(tb testing.TB, u *sepakat.User, d *sepakat.Document, version int) []*sepakat.ReviewItem {
	tb.Helper()
	items, err := f.db.FindReviewItems(as(u), d.ID, version)
	if err != nil {
		tb.Fatal(err)
	}
	return items
}

// hasNotification reports whether u has a notification containing part.
func hasNotification(tb testing.TB, db *testDB, u *sepakat.User, part string) bool {
	tb.Helper()
	notes, _, err := db.FindNotifications(as(u), 200)
	if err != nil {
		tb.Fatal(err)
	}
	for _, n := range notes {
		if strings.Contains(n.Message, part) {
			return true
		}
	}
	return false
}

// testCarry moves every item one paragraph down, except those whose quote
// says "dihapus", which are gone from the new version.
func testCarry(item *sepakat.ReviewItem) (int, int, int, bool) {
	if strings.Contains(item.Quote, "dihapus") {
		return 0, 0, 0, false
	}
	return item.Paragraph + 1, item.Pasal, item.Ayat, true
}

func TestDocument_Lifecycle(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db

	d, err := db.CreateDocument(as(f.kasubbag), f.coop.ID, sepakat.DocumentKB, "  Kesepakatan Bersama Pengembangan SMK ", 0)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Kesepakatan Bersama Pengembangan SMK" || d.CooperationID != f.coop.ID || d.Kind != sepakat.DocumentKB ||
		d.Session != sepakat.SessionNone || len(d.Versions) != 0 || d.CreatedBy != f.kasubbag.ID {
		t.Fatalf("created %+v", d)
	}

	// The session may open before the first version.
	if d, err = db.SetSession(as(f.arnp), d.ID, true); err != nil || d.Session != sepakat.SessionOpen {
		t.Fatalf("open session: %+v, %v", d, err)
	}
	f.MustGrant(t, d, f.tkksd, sepakat.RightComment)
	f.MustGrant(t, d, f.p1, sepakat.RightComment)
	f.MustGrant(t, d, f.p1, sepakat.RightApprove)
	f.MustGrant(t, d, f.p2, sepakat.RightApprove)
	if !hasNotification(t, db, f.tkksd, "Anda diberi hak memberi usulan") || !hasNotification(t, db, f.p2, "Anda diberi hak menyetujui") {
		t.Fatal("grantees not notified")
	}

	// Version 1.
	v1 := f.MustVersion(t, f.arnp, d, nil)
	if v1.Number != 1 || v1.SHA256 != v1.File.SHA256 || v1.AuthorID != f.arnp.ID || v1.AuthorName != f.arnp.Name || v1.File.UploadedBy != f.arnp.ID {
		t.Fatalf("version 1 = %+v", v1)
	}
	if !hasNotification(t, db, f.tkksd, "Versi 1 rancangan KB") {
		t.Fatal("reviewer not notified of version 1")
	}
	if ok, err := db.CanReadFile(as(f.tkksd), v1.SHA256); err != nil || !ok {
		t.Fatalf("granted reviewer cannot download version 1: %v %v", ok, err)
	}
	if ok, _ := db.CanReadFile(as(f.tkksdOther), v1.SHA256); ok {
		t.Fatal("a TKKSD without grant can download version 1")
	}

	// Comments and a reply written in the page.
	c1, err := db.AddReviewItem(as(f.tkksd), d.ID, 1, sepakat.ReviewInput{Quote: "jangka waktu 5 tahun", Paragraph: 7, Pasal: 3, Ayat: 1, Text: "Usul 3 tahun."})
	if err != nil {
		t.Fatal(err)
	}
	if c1.Kind != sepakat.ReviewComment || c1.AuthorID != f.tkksd.ID || c1.AuthorName != f.tkksd.Name || c1.Version != 1 || c1.DocumentID != d.ID {
		t.Fatalf("comment = %+v", c1)
	}
	reply, err := db.AddReviewItem(as(f.p1), d.ID, 1, sepakat.ReviewInput{ParentID: c1.ID, Text: "Setuju.", Paragraph: 99})
	if err != nil {
		t.Fatal(err)
	}
	if reply.ParentID != c1.ID || reply.Quote != c1.Quote || reply.Paragraph != 7 || reply.Pasal != 3 || reply.Ayat != 1 {
		t.Fatalf("reply does not take its parent's place: %+v", reply)
	}
	if !hasNotification(t, db, f.tkksd, "membalas usulan") || !hasNotification(t, db, f.arnp, "memberi usulan pada versi 1") {
		t.Fatal("comment and reply not notified")
	}
	gone, err := db.AddReviewItem(as(f.tkksd), d.ID, 1, sepakat.ReviewInput{Kind: sepakat.ReviewDelete, Quote: "ayat yang dihapus", Paragraph: 2, Pasal: 1})
	if err != nil {
		t.Fatal(err)
	}

	// A reviewer's Word copy: a comment, a reply to it given before it, a
	// resolved edit.
	copyFile := MustPutBlob(t, db, "salinan-unmul.docx", "PK salinan bertanda")
	up, items, err := db.AddReviewUpload(as(f.p1), d.ID, 1, copyFile, []sepakat.ReviewInput{
		{Text: "Benar, sudah sesuai.", ParentID: 2, AuthorName: "Sekretariat"},
		{Quote: "para pihak", Paragraph: 4, Pasal: 2, Text: "Sebutkan nama lengkap.", AuthorName: "Biro Hukum Unmul"},
		{Kind: sepakat.ReviewReplace, Quote: "Samarinda", Paragraph: 1, Text: "Kota Samarinda", Resolved: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if up.Items != 3 || up.UploaderID != f.p1.ID || up.Version != 1 || up.File.SHA256 != copyFile.SHA256 {
		t.Fatalf("upload = %+v", up)
	}
	if items[1].ParentID != 0 || items[0].ParentID != items[1].ID || items[0].ID <= items[1].ID ||
		items[0].Quote != "para pihak" || items[0].Paragraph != 4 || items[0].AuthorName != "Sekretariat" ||
		items[1].AuthorName != "Biro Hukum Unmul" || items[2].AuthorName != f.p1.Name || !items[2].Resolved ||
		items[2].Kind != sepakat.ReviewReplace {
		t.Fatalf("upload items = %+v %+v %+v", items[0], items[1], items[2])
	}
	for _, it := range items {
		if it.UploadID != up.ID || it.AuthorID != f.p1.ID {
			t.Fatalf("upload item %+v: upload or author not set", it)
		}
	}
	if ups, err := db.FindReviewUploads(as(f.tkksd), d.ID, 1); err != nil || len(ups) != 1 || ups[0].ID != up.ID {
		t.Fatalf("uploads = %v, %v", ups, err)
	}
	if ok, _ := db.CanReadFile(as(f.p2), copyFile.SHA256); !ok {
		t.Fatal("an approver cannot download the reviewer's copy")
	}

	// Ordered by paragraph, then time.
	list := f.MustItems(t, f.tkksd, d, 1)
	wantOrder := []int64{items[2].ID, gone.ID, items[1].ID, items[0].ID, c1.ID, reply.ID}
	if got := ids(list, func(it *sepakat.ReviewItem) int64 { return it.ID }); got != ids(wantOrder, func(id int64) int64 { return id }) {
		t.Fatalf("item order = %s, want %v", got, wantOrder)
	}

	// The ARNP answers; the author or a manager resolves.
	_, err = db.RespondReviewItem(as(f.tkksd), c1.ID, sepakat.ResponseAccepted, "")
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.RespondReviewItem(as(f.arnp), c1.ID, "mungkin", "")
	wantCode(t, err, sepakat.EINVALID)
	answered, err := db.RespondReviewItem(as(f.arnp), c1.ID, sepakat.ResponsePartial, "Diubah menjadi 4 tahun.")
	if err != nil {
		t.Fatal(err)
	}
	if r := answered.Response; r == nil || r.Status != sepakat.ResponsePartial || r.ByID != f.arnp.ID || r.ByName != f.arnp.Name || r.At.IsZero() {
		t.Fatalf("response = %+v", answered.Response)
	}
	if !hasNotification(t, db, f.tkksd, "ditanggapi oleh") {
		t.Fatal("author not notified of the response")
	}
	_, err = db.ResolveReviewItem(as(f.p2), c1.ID)
	wantCode(t, err, sepakat.EFORBIDDEN)
	if it, err := db.ResolveReviewItem(as(f.p1), items[1].ID); err != nil || !it.Resolved {
		t.Fatalf("resolve by its author: %+v %v", it, err)
	}

	// Version 2 carries the open items forward: the thread of c1 with its
	// response, the deletion (outdated); not the resolved copy thread nor
	// the resolved edit.
	v2 := f.MustVersion(t, f.arnp, d, testCarry)
	if v2.Number != 2 {
		t.Fatalf("version 2 numbered %d", v2.Number)
	}
	list = f.MustItems(t, f.arnp, d, 2)
	if len(list) != 3 {
		t.Fatalf("carried %d items, want 3: %+v", len(list), list)
	}
	byFrom := map[int64]*sepakat.ReviewItem{}
	for _, it := range list {
		byFrom[it.CarriedFrom] = it
	}
	nc1, nreply, ngone := byFrom[c1.ID], byFrom[reply.ID], byFrom[gone.ID]
	if nc1 == nil || nreply == nil || ngone == nil {
		t.Fatalf("carried items = %+v", list)
	}
	if nc1.Version != 2 || nc1.Paragraph != 8 || nc1.Outdated || nc1.Text != c1.Text || nc1.AuthorID != f.tkksd.ID ||
		nc1.Response == nil || nc1.Response.Status != sepakat.ResponsePartial || nc1.ID == c1.ID {
		t.Fatalf("carried comment = %+v", nc1)
	}
	if nreply.ParentID != nc1.ID || nreply.Paragraph != 8 || nreply.Outdated {
		t.Fatalf("carried reply = %+v (new parent %d)", nreply, nc1.ID)
	}
	if !ngone.Outdated || ngone.Paragraph != 2 || ngone.Kind != sepakat.ReviewDelete {
		t.Fatalf("carried deletion = %+v, want outdated at its old place", ngone)
	}
	// Version 1 keeps its items.
	if n := len(f.MustItems(t, f.arnp, d, 1)); n != 6 {
		t.Fatalf("version 1 has %d items after the upload of version 2", n)
	}

	// Closing stops comments and uploads of versions.
	if d, err = db.SetSession(as(f.kasubbag), d.ID, false); err != nil || d.Session != sepakat.SessionClosed {
		t.Fatalf("close: %+v %v", d, err)
	}
	_, err = db.AddReviewItem(as(f.tkksd), d.ID, 2, sepakat.ReviewInput{Text: "Terlambat."})
	wantCode(t, err, sepakat.ECONFLICT)
	wantMessageContains(t, err, "Sesi pembahasan ditutup")
	_, err = db.AddVersion(as(f.arnp), d.ID, f.draftFile(t), "", nil)
	wantCode(t, err, sepakat.ECONFLICT)

	// Persetujuan Rancangan Akhir.
	_, err = db.Approve(as(f.p1), d.ID, 2)
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.OpenApproval(as(f.arnp), d.ID)
	wantCode(t, err, sepakat.EFORBIDDEN)
	if d, err = db.OpenApproval(as(f.kasubbag), d.ID); err != nil || !d.ApprovalOpen {
		t.Fatalf("open approval: %+v %v", d, err)
	}
	if !hasNotification(t, db, f.p2, "Persetujuan rancangan akhir") {
		t.Fatal("approver not notified of the approval")
	}
	_, err = db.SetSession(as(f.kasubbag), d.ID, true)
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.Approve(as(f.p1), d.ID, 1)
	wantCode(t, err, sepakat.ECONFLICT)
	wantMessageContains(t, err, "Versi yang disetujui bukan versi terakhir")
	_, err = db.Approve(as(f.tkksd), d.ID, 2)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.Approve(as(f.akp), d.ID, 2)
	wantCode(t, err, sepakat.EFORBIDDEN)
	for _, u := range []*sepakat.User{f.p1, f.kasubbag, f.p1} {
		if d, err = db.Approve(as(u), d.ID, 2); err != nil {
			t.Fatal(err)
		}
	}
	if len(d.Approvals) != 2 || d.Final != 0 || d.Approvals[0].SHA256 != v2.SHA256 || d.Approvals[0].Version != 2 {
		t.Fatalf("after two approvals (one repeated): %+v", d.Approvals)
	}

	// A correction during the approval voids the approvals.
	v3 := f.MustVersion(t, f.arnp, d, testCarry)
	d = f.MustFindDocument(t, d)
	if v3.Number != 3 || len(d.Approvals) != 2 || !d.Approvals[0].Void || !d.Approvals[1].Void {
		t.Fatalf("after version 3: %+v", d.Approvals)
	}
	if !hasNotification(t, db, f.kasubbag, "Persetujuan atas versi sebelumnya tidak berlaku lagi") {
		t.Fatal("voided approver not notified")
	}
	if d, err = db.Approve(as(f.p1), d.ID, 3); err != nil || d.Final != 0 {
		t.Fatalf("approve 3 by p1: %+v %v", d, err)
	}
	if d, err = db.Approve(as(f.p2), d.ID, 3); err != nil || d.Final != 0 {
		t.Fatalf("approve 3 by p2: final %d, %v (no Kasubbag yet)", d.Final, err)
	}
	if d, err = db.Approve(as(f.kasubbag), d.ID, 3); err != nil {
		t.Fatal(err)
	}
	if d.Final != 3 {
		t.Fatalf("final = %d, want 3", d.Final)
	}
	_, err = db.AddVersion(as(f.arnp), d.ID, f.draftFile(t), "", nil)
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.Approve(as(f.p1), d.ID, 3)
	wantCode(t, err, sepakat.ECONFLICT)

	// The only document is final: the cooperation moves to penomoran.
	c, err := db.FindCooperationByID(as(f.kasubbag), f.coop.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := c.History[len(c.History)-1]
	if c.Stage != sepakat.StagePenomoran || last.From != sepakat.StagePersiapan || last.ByID != 0 || last.ByName != sepakat.SystemUser.Name || last.Note == "" {
		t.Fatalf("cooperation after final: stage %s, last move %+v", c.Stage, last)
	}
	if !hasNotification(t, db, f.p1, "ke tahap Penomoran") || !hasNotification(t, db, f.tkksd, "menjadi rancangan akhir") {
		t.Fatal("final not notified")
	}
	list2, total, _ := db.FindCooperations(as(f.akp), sepakat.CooperationFilter{Stage: sepakat.StagePenomoran})
	if total != 1 || list2[0].ID != c.ID {
		t.Fatalf("index not updated: %+v", list2)
	}

	// The discussion stays open to everyone who sees the document.
	if _, err := db.AddMessage(as(f.p2), d.ID, "Terima kasih, kami siap menandatangani."); err != nil {
		t.Fatal(err)
	}
	msgs, err := db.FindMessages(as(f.tkksd), d.ID)
	if err != nil || len(msgs) != 1 || msgs[0].AuthorID != f.p2.ID {
		t.Fatalf("messages = %+v, %v", msgs, err)
	}

	// Every change is in the audit log, which still verifies.
	entries, err := db.FindAuditEntries(as(f.arnp), sepakat.AuditFilter{Object: fmt.Sprintf("document/%d", d.ID), Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, e := range entries {
		actions[e.Action]++
	}
	for action, n := range map[string]int{
		"document.create": 1, "document.session.open": 1, "document.grant": 4, "document.version": 3, "review.add": 3,
		"review.upload": 1, "review.respond": 1, "review.resolve": 1, "document.session.close": 1,
		"document.approval.open": 1, "document.approve": 5, "document.final": 1, "document.message": 1,
	} {
		if actions[action] != n {
			t.Errorf("audit %s: %d entries, want %d (all: %v)", action, actions[action], n, actions)
		}
	}
	report, err := db.VerifyAudit(system)
	if err != nil || !report.OK {
		t.Fatalf("audit chain: %+v %v", report, err)
	}
}

func TestDocument_Create(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	for _, tc := range []struct {
		name       string
		u          *sepakat.User
		coop       int64
		kind       sepakat.DocumentKind
		title      string
		implements int64
		code       string
	}{
		{"akp", f.akp, f.coop.ID, sepakat.DocumentKB, "KB", 0, sepakat.EFORBIDDEN},
		{"ppksd of the cooperation", f.p1, f.coop.ID, sepakat.DocumentKB, "KB", 0, sepakat.EFORBIDDEN},
		{"ppksd of another cooperation", f.q1, f.coop.ID, sepakat.DocumentKB, "KB", 0, sepakat.ENOTFOUND},
		{"tkksd", f.tkksd, f.coop.ID, sepakat.DocumentKB, "KB", 0, sepakat.ENOTFOUND},
		{"missing cooperation", f.arnp, 9999, sepakat.DocumentKB, "KB", 0, sepakat.ENOTFOUND},
		{"unknown kind", f.arnp, f.coop.ID, "MOU", "KB", 0, sepakat.EINVALID},
		{"no title", f.arnp, f.coop.ID, sepakat.DocumentKB, "  ", 0, sepakat.EINVALID},
		{"long title", f.arnp, f.coop.ID, sepakat.DocumentKB, strings.Repeat("x", 501), 0, sepakat.EINVALID},
		{"KB implementing", f.arnp, f.coop.ID, sepakat.DocumentKB, "KB", 1, sepakat.EINVALID},
		{"PKS implementing nothing known", f.arnp, f.coop.ID, sepakat.DocumentPKS, "PKS", 9999, sepakat.EINVALID},
		{"negative", f.arnp, f.coop.ID, sepakat.DocumentPKS, "PKS", -1, sepakat.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.CreateDocument(as(tc.u), tc.coop, tc.kind, tc.title, tc.implements)
			wantCode(t, err, tc.code)
		})
	}

	kb := f.MustDocument(t, sepakat.DocumentKB, "KB", 0)
	other, err := db.CreateDocument(as(f.kasubbag), f.otherCoop.ID, sepakat.DocumentKB, "KB lain", 0)
	if err != nil {
		t.Fatal(err)
	}
	pksOther, err := db.CreateDocument(as(f.kasubbag), f.otherCoop.ID, sepakat.DocumentPKS, "PKS lain", other.ID)
	if err != nil {
		t.Fatal(err)
	}
	// A PKS implements a KB of the same cooperation only.
	for _, bad := range []int64{other.ID, pksOther.ID} {
		_, err := db.CreateDocument(as(f.arnp), f.coop.ID, sepakat.DocumentPKS, "PKS", bad)
		wantCode(t, err, sepakat.EINVALID)
	}
	pks, err := db.CreateDocument(as(f.arnp), f.coop.ID, sepakat.DocumentPKS, "PKS", kb.ID)
	if err != nil || pks.ImplementsID != kb.ID {
		t.Fatalf("PKS: %+v %v", pks, err)
	}
	docs, err := db.FindDocuments(as(f.akp), f.coop.ID)
	if err != nil || ids(docs, func(d *sepakat.Document) int64 { return d.ID }) != fmt.Sprintf("%d,%d", kb.ID, pks.ID) {
		t.Fatalf("documents = %v, %v", docs, err)
	}

	// Only in persiapan.
	earlier := MustSubmittedCooperation(t, db, f.p1, f.p2, "Masih permohonan")
	_, err = db.CreateDocument(as(f.arnp), earlier.ID, sepakat.DocumentKB, "KB", 0)
	wantCode(t, err, sepakat.ECONFLICT)
	wantMessageContains(t, err, "tahap Persiapan", "Permohonan")
}

func TestDocument_Visibility(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	d := f.MustDocument(t, sepakat.DocumentKB, "KB", 0)
	if _, err := db.SetSession(as(f.arnp), d.ID, true); err != nil {
		t.Fatal(err)
	}
	v := f.MustVersion(t, f.arnp, d, nil)
	item, err := db.AddReviewItem(as(f.akp), d.ID, 1, sepakat.ReviewInput{Text: "Catatan AKP."})
	if err != nil {
		t.Fatalf("office staff may comment without a grant: %v", err)
	}

	// Without a grant: a TKKSD member, the cooperation's own PPKSD, and a
	// PPKSD of another cooperation are refused everything (403, as the
	// review contract asks).
	for _, u := range []*sepakat.User{f.tkksd, f.p1, f.q1} {
		t.Run(u.Login, func(t *testing.T) {
			ctx := as(u)
			_, _, err := db.FindDocumentByID(ctx, d.ID)
			wantCode(t, err, sepakat.EFORBIDDEN)
			_, err = db.FindReviewItems(ctx, d.ID, 1)
			wantCode(t, err, sepakat.EFORBIDDEN)
			_, err = db.FindReviewUploads(ctx, d.ID, 0)
			wantCode(t, err, sepakat.EFORBIDDEN)
			_, err = db.FindMessages(ctx, d.ID)
			wantCode(t, err, sepakat.EFORBIDDEN)
			_, err = db.AddReviewItem(ctx, d.ID, 1, sepakat.ReviewInput{Text: "Hai"})
			wantCode(t, err, sepakat.EFORBIDDEN)
			_, _, err = db.AddReviewUpload(ctx, d.ID, 1, v.File, nil)
			wantCode(t, err, sepakat.EFORBIDDEN)
			_, err = db.AddMessage(ctx, d.ID, "Hai")
			wantCode(t, err, sepakat.EFORBIDDEN)
			_, err = db.ResolveReviewItem(ctx, item.ID)
			wantCode(t, err, sepakat.EFORBIDDEN)
			_, err = db.RespondReviewItem(ctx, item.ID, sepakat.ResponseAccepted, "")
			wantCode(t, err, sepakat.EFORBIDDEN)
			_, err = db.SetSession(ctx, d.ID, false)
			wantCode(t, err, sepakat.EFORBIDDEN)
			_, err = db.AddVersion(ctx, d.ID, v.File, "", nil)
			wantCode(t, err, sepakat.EFORBIDDEN)
			_, err = db.Approve(ctx, d.ID, 1)
			wantCode(t, err, sepakat.EFORBIDDEN)
			if ok, _ := db.CanReadFile(ctx, v.SHA256); ok {
				t.Fatal("can download the version")
			}
		})
	}
	// The own PPKSD sees the cooperation but no document; others see neither.
	if docs, err := db.FindDocuments(as(f.p1), f.coop.ID); err != nil || len(docs) != 0 {
		t.Fatalf("own PPKSD: documents %v, %v", docs, err)
	}
	for _, u := range []*sepakat.User{f.tkksd, f.q1} {
		_, err := db.FindDocuments(as(u), f.coop.ID)
		wantCode(t, err, sepakat.ENOTFOUND)
	}

	// With a grant on the document, a TKKSD member sees it (and the list)
	// without a grant on the cooperation.
	f.MustGrant(t, d, f.tkksd, sepakat.RightComment)
	if docs, err := db.FindDocuments(as(f.tkksd), f.coop.ID); err != nil || len(docs) != 1 {
		t.Fatalf("granted TKKSD: documents %v, %v", docs, err)
	}
	if _, c, err := db.FindDocumentByID(as(f.tkksd), d.ID); err != nil || c.ID != f.coop.ID {
		t.Fatalf("granted TKKSD: %v", err)
	}
	// But manages nothing and resolves only their own items.
	_, err = db.SetSession(as(f.tkksd), d.ID, false)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.AddVersion(as(f.tkksd), d.ID, v.File, "", nil)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.GrantDocument(as(f.tkksd), d.ID, f.tkksdOther.Login, sepakat.RightComment)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.ResolveReviewItem(as(f.tkksd), item.ID)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.OpenApproval(as(f.tkksd), d.ID)
	wantCode(t, err, sepakat.EFORBIDDEN)

	// The AKP sees and comments, but manages nothing.
	_, err = db.SetSession(as(f.akp), d.ID, false)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.AddVersion(as(f.akp), d.ID, v.File, "", nil)
	wantCode(t, err, sepakat.EFORBIDDEN)

	// A PPKSD holding only the approve right sees but may not comment.
	f.MustGrant(t, d, f.p2, sepakat.RightApprove)
	_, err = db.AddReviewItem(as(f.p2), d.ID, 1, sepakat.ReviewInput{Text: "Usul"})
	wantCode(t, err, sepakat.EFORBIDDEN)
	if _, err := db.AddMessage(as(f.p2), d.ID, "Kapan persetujuan dibuka?"); err != nil {
		t.Fatalf("approver may write in the discussion: %v", err)
	}

	// The system passes the permission checks.
	if _, err := db.AddVersion(system, d.ID, f.draftFile(t), "Dari sistem", nil); err != nil {
		t.Fatal(err)
	}
	// Audit entries of a document are readable by the office staff.
	if _, err := db.FindAuditEntries(as(f.akp), sepakat.AuditFilter{Object: fmt.Sprintf("document/%d", d.ID)}); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindAuditEntries(as(f.akp), sepakat.AuditFilter{Object: "document/9999"})
	wantCode(t, err, sepakat.EFORBIDDEN)
}

func TestDocument_SessionAndGrants(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	d := f.MustDocument(t, sepakat.DocumentKB, "KB", 0)

	_, err := db.SetSession(as(f.arnp), d.ID, false)
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.OpenApproval(as(f.kasubbag), d.ID)
	wantCode(t, err, sepakat.ECONFLICT) // no version yet
	_, err = db.AddReviewItem(as(f.akp), d.ID, 1, sepakat.ReviewInput{Text: "x"})
	wantCode(t, err, sepakat.ECONFLICT) // not opened yet
	for range 2 {
		if d, err = db.SetSession(as(f.arnp), d.ID, true); err != nil || d.Session != sepakat.SessionOpen {
			t.Fatalf("open: %+v %v", d, err)
		}
	}
	_, err = db.AddReviewItem(as(f.akp), d.ID, 1, sepakat.ReviewInput{Text: "x"})
	wantCode(t, err, sepakat.ENOTFOUND) // no version 1 yet
	f.MustVersion(t, f.arnp, d, nil)
	for range 2 {
		if d, err = db.SetSession(as(f.arnp), d.ID, false); err != nil || d.Session != sepakat.SessionClosed {
			t.Fatalf("close: %+v %v", d, err)
		}
	}
	if d, err = db.SetSession(as(f.kasubbag), d.ID, true); err != nil || d.Session != sepakat.SessionOpen {
		t.Fatalf("reopen: %+v %v", d, err)
	}

	for _, tc := range []struct {
		name  string
		login string
		right sepakat.Right
	}{
		{"unknown right", f.tkksd.Login, "edit"},
		{"unknown user", "tidak-ada", sepakat.RightComment},
		{"empty login", " ", sepakat.RightComment},
		{"akp comment", f.akp.Login, sepakat.RightComment},
		{"tkksd approve", f.tkksd.Login, sepakat.RightApprove},
		{"arnp approve", f.arnp.Login, sepakat.RightApprove},
		{"other ppksd comment", f.q1.Login, sepakat.RightComment},
		{"other ppksd approve", f.q1.Login, sepakat.RightApprove},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.GrantDocument(as(f.arnp), d.ID, tc.login, tc.right)
			wantCode(t, err, sepakat.EINVALID)
		})
	}
	inactive := MustCreateUser(t, db, sepakat.RoleTKKSD, "tkksd-pensiun")
	no := false
	if _, err := db.UpdateUser(system, inactive.ID, sepakat.UserUpdate{Active: &no}); err != nil {
		t.Fatal(err)
	}
	_, err = db.GrantDocument(as(f.arnp), d.ID, inactive.Login, sepakat.RightComment)
	wantCode(t, err, sepakat.EINVALID)

	// Granting twice changes nothing; logins are found by email too; a
	// Kasubbag may hold the approve right.
	before, _ := db.FindAuditEntries(system, sepakat.AuditFilter{Limit: 1000})
	for range 2 {
		if d, err = db.GrantDocument(as(f.arnp), d.ID, f.tkksd.Email, sepakat.RightComment); err != nil {
			t.Fatal(err)
		}
	}
	after, _ := db.FindAuditEntries(system, sepakat.AuditFilter{Limit: 1000})
	if len(d.Grants) != 1 || d.Grants[0].UserID != f.tkksd.ID || d.Grants[0].GrantedBy != f.arnp.ID || len(after) != len(before)+1 {
		t.Fatalf("grants %+v, audit %d → %d", d.Grants, len(before), len(after))
	}
	if d, err = db.GrantDocument(as(f.arnp), d.ID, f.kasubbag.Login, sepakat.RightApprove); err != nil || !d.HasRight(f.kasubbag.ID, sepakat.RightApprove) {
		t.Fatalf("kasubbag approve right: %v", err)
	}

	// Approval closes the session, which then stays closed.
	if d, err = db.OpenApproval(as(f.kasubbag), d.ID); err != nil || d.Session != sepakat.SessionClosed || !d.ApprovalOpen {
		t.Fatalf("open approval: %+v %v", d, err)
	}
	if !hasNotification(t, db, f.tkksd, "Sesi pembahasan rancangan KB") {
		t.Fatal("reviewer not told the session closed")
	}
	_, err = db.SetSession(as(f.kasubbag), d.ID, true)
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.AddReviewItem(as(f.tkksd), d.ID, 1, sepakat.ReviewInput{Text: "x"})
	wantCode(t, err, sepakat.ECONFLICT)
}

func TestDocument_ReviewInput(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	d := f.MustDocument(t, sepakat.DocumentKB, "KB", 0)
	if _, err := db.SetSession(as(f.arnp), d.ID, true); err != nil {
		t.Fatal(err)
	}
	f.MustVersion(t, f.arnp, d, nil)
	f.MustVersion(t, f.arnp, d, nil)
	f.MustGrant(t, d, f.tkksd, sepakat.RightComment)
	onV1, err := db.AddReviewItem(as(f.tkksd), d.ID, 1, sepakat.ReviewInput{Text: "Pada versi 1"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := as(f.tkksd)
	for _, tc := range []struct {
		name    string
		version int
		in      sepakat.ReviewInput
		code    string
	}{
		{"no text", 2, sepakat.ReviewInput{Text: "   ", Quote: "ada"}, sepakat.EINVALID},
		{"unknown kind", 2, sepakat.ReviewInput{Kind: "saran", Text: "x"}, sepakat.EINVALID},
		{"negative place", 2, sepakat.ReviewInput{Text: "x", Paragraph: -1}, sepakat.EINVALID},
		{"too long", 2, sepakat.ReviewInput{Text: strings.Repeat("a", 20001)}, sepakat.EINVALID},
		{"invalid utf-8", 2, sepakat.ReviewInput{Text: "a\xffb"}, sepakat.EINVALID},
		{"parent on another version", 2, sepakat.ReviewInput{Text: "x", ParentID: onV1.ID}, sepakat.EINVALID},
		{"missing parent", 1, sepakat.ReviewInput{Text: "x", ParentID: 9999}, sepakat.EINVALID},
		{"negative parent", 1, sepakat.ReviewInput{Text: "x", ParentID: -3}, sepakat.EINVALID},
		{"version 0", 0, sepakat.ReviewInput{Text: "x"}, sepakat.ENOTFOUND},
		{"version 3", 3, sepakat.ReviewInput{Text: "x"}, sepakat.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.AddReviewItem(ctx, d.ID, tc.version, tc.in)
			wantCode(t, err, tc.code)
		})
	}
	// An edit may have no text when it quotes what it deletes.
	if _, err := db.AddReviewItem(ctx, d.ID, 2, sepakat.ReviewInput{Kind: sepakat.ReviewDelete, Quote: "kalimat ini"}); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindReviewItems(ctx, d.ID, 7)
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = db.RespondReviewItem(as(f.arnp), 9999, sepakat.ResponseAccepted, "")
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = db.ResolveReviewItem(as(f.arnp), -1)
	wantCode(t, err, sepakat.ENOTFOUND)

	// Uploads: ParentID counts within the items from 1.
	file := MustPutBlob(t, db, "salinan.docx", "PK salinan")
	for _, tc := range []struct {
		name  string
		items []sepakat.ReviewInput
	}{
		{"self", []sepakat.ReviewInput{{Text: "a", ParentID: 1}}},
		{"beyond", []sepakat.ReviewInput{{Text: "a"}, {Text: "b", ParentID: 3}}},
		{"negative", []sepakat.ReviewInput{{Text: "a", ParentID: -1}}},
		{"loop", []sepakat.ReviewInput{{Text: "a", ParentID: 3}, {Text: "b", ParentID: 1}, {Text: "c", ParentID: 2}}},
		{"empty", []sepakat.ReviewInput{{Text: "a"}, {Text: " ", Quote: " "}}},
		{"unknown kind", []sepakat.ReviewInput{{Kind: "x", Text: "a"}}},
	} {
		t.Run("upload "+tc.name, func(t *testing.T) {
			_, _, err := db.AddReviewUpload(ctx, d.ID, 2, file, tc.items)
			wantCode(t, err, sepakat.EINVALID)
		})
	}
	_, _, err = db.AddReviewUpload(ctx, d.ID, 2, sepakat.File{SHA256: strings.Repeat("0", 64), Name: "x.docx"}, nil)
	wantCode(t, err, sepakat.EINVALID)
	_, _, err = db.AddReviewUpload(ctx, d.ID, 2, sepakat.File{SHA256: "../../etc/passwd"}, nil)
	wantCode(t, err, sepakat.EINVALID)
	_, _, err = db.AddReviewUpload(ctx, d.ID, 5, file, nil)
	wantCode(t, err, sepakat.ENOTFOUND)

	// A chain of replies given backwards is stored parents first.
	up, items, err := db.AddReviewUpload(ctx, d.ID, 2, file, []sepakat.ReviewInput{
		{Text: "c", ParentID: 2}, {Text: "b", ParentID: 3}, {Text: "a", Quote: "Pasal 5", Paragraph: 30, Pasal: 5},
	})
	if err != nil {
		t.Fatal(err)
	}
	if items[2].ParentID != 0 || items[1].ParentID != items[2].ID || items[0].ParentID != items[1].ID ||
		!(items[2].ID < items[1].ID && items[1].ID < items[0].ID) || items[0].Pasal != 5 || items[0].Quote != "Pasal 5" {
		t.Fatalf("chain = %+v %+v %+v", items[0], items[1], items[2])
	}
	// An upload without items is kept too.
	if _, _, err := db.AddReviewUpload(ctx, d.ID, 1, file, nil); err != nil {
		t.Fatal(err)
	}
	all, _ := db.FindReviewUploads(ctx, d.ID, 0)
	only2, _ := db.FindReviewUploads(ctx, d.ID, 2)
	if len(all) != 2 || len(only2) != 1 || only2[0].ID != up.ID {
		t.Fatalf("uploads: all %d, version 2 %d", len(all), len(only2))
	}

	// Messages.
	_, err = db.AddMessage(ctx, d.ID, "  ")
	wantCode(t, err, sepakat.EINVALID)
	_, err = db.AddMessage(ctx, d.ID, strings.Repeat("é", 5001))
	wantCode(t, err, sepakat.EINVALID)
	for _, text := range []string{"Pertama", "Kedua"} {
		if _, err := db.AddMessage(ctx, d.ID, text); err != nil {
			t.Fatal(err)
		}
	}
	msgs, _ := db.FindMessages(as(f.arnp), d.ID)
	if len(msgs) != 2 || msgs[0].Text != "Pertama" || msgs[1].Text != "Kedua" {
		t.Fatalf("messages = %+v", msgs)
	}
	if !hasNotification(t, db, f.arnp, "menulis di diskusi") {
		t.Fatal("ARNP not notified of the message")
	}
}

func TestDocument_CarryPanics(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	d := f.MustDocument(t, sepakat.DocumentKB, "KB", 0)
	if _, err := db.SetSession(as(f.arnp), d.ID, true); err != nil {
		t.Fatal(err)
	}
	f.MustVersion(t, f.arnp, d, nil)
	if _, err := db.AddReviewItem(as(f.akp), d.ID, 1, sepakat.ReviewInput{Text: "x"}); err != nil {
		t.Fatal(err)
	}
	_, err := db.AddVersion(as(f.arnp), d.ID, f.draftFile(t), "", func(*sepakat.ReviewItem) (int, int, int, bool) { panic("rusak") })
	if err == nil || sepakat.ErrorCode(err) != sepakat.EINTERNAL {
		t.Fatalf("carry panic: err = %v, want an internal error", err)
	}
	if d = f.MustFindDocument(t, d); len(d.Versions) != 1 {
		t.Fatalf("a failed upload left %d versions", len(d.Versions))
	}
}

func TestDocument_FinalWaitsForEveryDocument(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	kb := f.MustDocument(t, sepakat.DocumentKB, "KB", 0)
	pks := f.MustDocument(t, sepakat.DocumentPKS, "PKS", kb.ID)
	finish := func(d *sepakat.Document) {
		t.Helper()
		f.MustVersion(t, f.arnp, d, nil)
		if _, err := db.OpenApproval(as(f.kasubbag), d.ID); err != nil {
			t.Fatal(err)
		}
		d, err := db.Approve(as(f.kasubbag), d.ID, 1)
		if err != nil || d.Final != 1 {
			t.Fatalf("approve: final %d, %v", d.Final, err)
		}
	}
	finish(kb)
	if c, _ := db.FindCooperationByID(as(f.akp), f.coop.ID); c.Stage != sepakat.StagePersiapan {
		t.Fatalf("moved to %s with the PKS not final", c.Stage)
	}
	finish(pks)
	if c, _ := db.FindCooperationByID(as(f.akp), f.coop.ID); c.Stage != sepakat.StagePenomoran {
		t.Fatalf("stage %s once every document is final", c.Stage)
	}
	// No new document outside persiapan.
	_, err := db.CreateDocument(as(f.arnp), f.coop.ID, sepakat.DocumentPKS, "PKS 2", kb.ID)
	wantCode(t, err, sepakat.ECONFLICT)
}

func TestDocument_ConcurrentVersions(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	d := f.MustDocument(t, sepakat.DocumentKB, "KB", 0)
	if _, err := db.SetSession(as(f.arnp), d.ID, true); err != nil {
		t.Fatal(err)
	}
	f.MustVersion(t, f.arnp, d, nil)
	for i := range 5 {
		if _, err := db.AddReviewItem(as(f.akp), d.ID, 1, sepakat.ReviewInput{Text: fmt.Sprintf("usulan %d", i), Paragraph: i}); err != nil {
			t.Fatal(err)
		}
	}
	files := make([]sepakat.File, 8)
	for i := range files {
		files[i] = f.draftFile(t)
	}
	var wg sync.WaitGroup
	numbers := make([]int, len(files))
	errs := make([]error, len(files))
	for i, file := range files {
		u := f.arnp
		if i%2 == 1 {
			u = f.kasubbag
		}
		wg.Go(func() {
			carry := func(it *sepakat.ReviewItem) (int, int, int, bool) {
				time.Sleep(time.Millisecond) // reading files takes time
				return it.Paragraph, it.Pasal, it.Ayat, true
			}
			v, err := db.AddVersion(as(u), d.ID, file, "", carry)
			if err == nil {
				numbers[i] = v.Number
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(numbers)
	if want := []int{2, 3, 4, 5, 6, 7, 8, 9}; !slices.Equal(numbers, want) {
		t.Fatalf("version numbers %v, want %v", numbers, want)
	}
	d = f.MustFindDocument(t, d)
	for i, v := range d.Versions {
		if v.Number != i+1 {
			t.Fatalf("version %d stored at %d", v.Number, i+1)
		}
		// Each version carries exactly the five open items of the one before.
		if n := len(f.MustItems(t, f.arnp, d, v.Number)); n != 5 {
			t.Fatalf("version %d has %d items, want 5", v.Number, n)
		}
	}
	if report, err := db.VerifyAudit(system); err != nil || !report.OK {
		t.Fatalf("audit chain: %+v %v", report, err)
	}
}

// BenchmarkFindReviewItems lists the 200 review items of one version as a
// TKKSD member holding the comment right.
func BenchmarkFindReviewItems(b *testing.B) {
	f := MustDocFixture(b)
	db := f.db
	d := f.MustDocument(b, sepakat.DocumentKB, "KB", 0)
	if _, err := db.SetSession(as(f.arnp), d.ID, true); err != nil {
		b.Fatal(err)
	}
	f.MustVersion(b, f.arnp, d, nil)
	f.MustGrant(b, d, f.tkksd, sepakat.RightComment)
	in := make([]sepakat.ReviewInput, 200)
	for i := range in {
		in[i] = sepakat.ReviewInput{
			Kind: sepakat.ReviewComment, Quote: fmt.Sprintf("Para pihak sepakat melaksanakan kegiatan sesuai ruang lingkup nomor %d.", i),
			Paragraph: (i * 37) % 150, Pasal: i % 20, Ayat: i % 4, Text: "Mohon dirumuskan ulang agar jelas siapa yang menanggung biaya kegiatan ini.",
			AuthorName: "Biro Hukum",
		}
		if i%5 == 4 {
			in[i].ParentID = int64(i)
		}
	}
	if _, _, err := db.AddReviewUpload(as(f.tkksd), d.ID, 1, f.draftFile(b), in); err != nil {
		b.Fatal(err)
	}
	ctx := as(f.tkksd)
	for b.Loop() {
		items, err := db.FindReviewItems(ctx, d.ID, 1)
		if err != nil || len(items) != 200 {
			b.Fatalf("%d items, %v", len(items), err)
		}
	}
}

func TestDocument_FindReviewItemsFresh(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	d := f.MustDocument(t, sepakat.DocumentKB, "KB", 0)
	if _, err := db.SetSession(as(f.arnp), d.ID, true); err != nil {
		t.Fatal(err)
	}
	f.MustVersion(t, f.arnp, d, nil)
	it, err := db.AddReviewItem(as(f.akp), d.ID, 1, sepakat.ReviewInput{Text: "Usul", Paragraph: 3})
	if err != nil {
		t.Fatal(err)
	}
	first := f.MustItems(t, f.akp, d, 1)
	// What a caller does with the list does not change the next one.
	first[0].Text = "diubah pemanggil"
	first[0].Resolved = true
	if again := f.MustItems(t, f.akp, d, 1); again[0].Text != "Usul" || again[0].Resolved {
		t.Fatalf("list changed by a caller: %+v", again[0])
	}
	// Every write shows in the next list.
	if _, err := db.RespondReviewItem(as(f.arnp), it.ID, sepakat.ResponseRejected, "Tidak sesuai."); err != nil {
		t.Fatal(err)
	}
	list := f.MustItems(t, f.akp, d, 1)
	if list[0].Response == nil || list[0].Response.Status != sepakat.ResponseRejected {
		t.Fatalf("response not listed: %+v", list[0])
	}
	list[0].Response.Note = "diubah pemanggil"
	if _, err := db.AddReviewItem(as(f.arnp), d.ID, 1, sepakat.ReviewInput{Text: "Kedua", Paragraph: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ResolveReviewItem(as(f.akp), it.ID); err != nil {
		t.Fatal(err)
	}
	list = f.MustItems(t, f.akp, d, 1)
	if len(list) != 2 || list[0].Text != "Kedua" || !list[1].Resolved || list[1].Response.Note != "Tidak sesuai." {
		t.Fatalf("after changes: %+v %+v", list[0], list[1])
	}
}

func TestOpen_MigratesVersion1ToDocuments(t *testing.T) {
	dir := t.TempDir()
	db := MustOpenDBAt(t, dir)
	p1, p2 := MustRegister(t, db, "lama")
	c := MustSubmittedCooperation(t, db, p1, p2, "Kerja sama lama")
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	c = MustMoveTo(t, db, kasubbag, c, sepakat.StagePersiapan)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Make it a database of schema version 1.
	MustDowngrade(t, dir, 1, "documents", "documents_cooperation", "review_items", "review_item_keys", "review_uploads", "document_messages")

	// Read-only, the old database has no documents and does not break.
	ro, err := storage.Open(dir, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = ro.FindDocumentByID(as(kasubbag), 1)
	wantCode(t, err, sepakat.ENOTFOUND)
	if docs, err := ro.FindDocuments(as(kasubbag), c.ID); err != nil || len(docs) != 0 {
		t.Fatalf("read-only documents: %v %v", docs, err)
	}
	ro.Close()

	db = MustOpenDBAt(t, dir)
	if _, err := db.CreateDocument(as(kasubbag), c.ID, sepakat.DocumentKB, "KB", 0); err != nil {
		t.Fatalf("create a document after migration: %v", err)
	}
}

// MustDowngrade makes the closed database in dir one of an older schema
// version: the buckets that version did not have are deleted and the
// version number is set back.
func MustDowngrade(tb testing.TB, dir string, version int, buckets ...string) {
	tb.Helper()
	bdb, err := bolt.Open(filepath.Join(dir, storage.DBFile), 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		for _, name := range buckets {
			if err := tx.DeleteBucket([]byte(name)); err != nil {
				return fmt.Errorf("delete %s: %w", name, err)
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), []byte(strconv.Itoa(version)))
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tb.Fatal(err)
	}
}
