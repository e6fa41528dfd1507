package storage_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

var march14 = time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)

// MustRegisterSettings sets the unit HK-KS with the default format.
func MustRegisterSettings(tb testing.TB, db *testDB, kasubbag *sepakat.User) {
	tb.Helper()
	if err := db.SetRegisterSettings(as(kasubbag), sepakat.RegisterSettings{Unit: "HK-KS"}); err != nil {
		tb.Fatal(err)
	}
}

// MustFinalDocument takes a new KB of the fixture's cooperation through
// draft review to its final version, as the web pages do.
func (f *docFixture) MustFinalDocument(tb testing.TB, title string) *sepakat.Document {
	tb.Helper()
	d := f.MustDocument(tb, sepakat.DocumentKB, title, 0)
	f.MustVersion(tb, f.arnp, d, nil)
	if _, err := f.db.OpenApproval(as(f.kasubbag), d.ID); err != nil {
		tb.Fatal(err)
	}
	d, err := f.db.Approve(as(f.kasubbag), d.ID, 1)
	if err != nil {
		tb.Fatal(err)
	}
	if d.Final != 1 {
		tb.Fatalf("document not final: %+v", d)
	}
	return d
}

func TestRegister_AssignAndCancel(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin")

	draft := f.MustDocument(t, sepakat.DocumentPKS, "PKS belum final", 0)
	_, err := db.AssignNumber(as(f.kasubbag), draft.ID, "UN17/KS/2026", march14)
	wantCode(t, err, sepakat.ECONFLICT)
	wantMessageContains(t, err, "belum final")

	d := f.MustFinalDocument(t, "KB Pengembangan SMK")

	// Only Kasubbag numbers; the partner's number and the date are required.
	for _, u := range []*sepakat.User{f.akp, f.arnp, f.p1, f.tkksd, admin} {
		_, err := db.AssignNumber(as(u), d.ID, "UN17/KS/2026", march14)
		wantCode(t, err, sepakat.EFORBIDDEN)
	}
	_, err = db.AssignNumber(as(f.kasubbag), d.ID, "  ", march14)
	wantCode(t, err, sepakat.EINVALID)
	_, err = db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026", time.Time{})
	wantCode(t, err, sepakat.EINVALID)
	_, err = db.AssignNumber(as(f.kasubbag), 9999, "UN17/KS/2026", march14)
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = db.AssignNumber(context.Background(), d.ID, "UN17/KS/2026", march14)
	wantCode(t, err, sepakat.EUNAUTHORIZED)

	// The default format needs a unit: no number until it is set, and no
	// sequence is spent by the refusal.
	_, err = db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026", march14)
	wantCode(t, err, sepakat.ECONFLICT)
	wantMessageContains(t, err, "Pengaturan nomor")

	// Settings: Kasubbag or admin, checked by FormatNumber.
	s, err := db.RegisterSettings(as(f.akp))
	if err != nil || s.Format != sepakat.DefaultRegisterFormat || s.Unit != "" {
		t.Fatalf("default settings %+v, %v", s, err)
	}
	_, err = db.RegisterSettings(as(f.p1))
	wantCode(t, err, sepakat.EFORBIDDEN)
	wantCode(t, db.SetRegisterSettings(as(f.arnp), sepakat.RegisterSettings{Unit: "HK-KS"}), sepakat.EFORBIDDEN)
	wantCode(t, db.SetRegisterSettings(as(f.kasubbag), sepakat.RegisterSettings{Format: "{seq}/{bulan}", Unit: "HK-KS"}), sepakat.EINVALID)
	wantCode(t, db.SetRegisterSettings(as(f.kasubbag), sepakat.RegisterSettings{Format: "{kind}/{year}"}), sepakat.EINVALID)
	wantCode(t, db.SetRegisterSettings(as(admin), sepakat.RegisterSettings{}), sepakat.EINVALID)
	if err := db.SetRegisterSettings(as(admin), sepakat.RegisterSettings{Unit: " HK-KS "}); err != nil {
		t.Fatal(err)
	}
	if s, err := db.RegisterSettings(as(admin)); err != nil || s.Format != sepakat.DefaultRegisterFormat || s.Unit != "HK-KS" {
		t.Fatalf("settings %+v, %v", s, err)
	}

	e1, err := db.AssignNumber(as(f.kasubbag), d.ID, " UN17/KS/2026 ", march14)
	if err != nil {
		t.Fatal(err)
	}
	if e1.Seq != 1 || e1.Year != 2026 || e1.Kind != sepakat.DocumentKB || e1.Number != "001/KB/HK-KS/III/2026" ||
		e1.PartnerNumber != "UN17/KS/2026" || !e1.Date.Equal(march14) || e1.Status != sepakat.RegisterAssigned ||
		e1.DocumentID != d.ID || e1.CooperationID != f.coop.ID || e1.AssignedBy != f.kasubbag.ID ||
		e1.AssignedByName != f.kasubbag.Name || e1.AssignedAt.IsZero() {
		t.Fatalf("entry %+v", e1)
	}
	got := f.MustFindDocument(t, d)
	if got.Number != e1.Number || got.PartnerNumber != "UN17/KS/2026" || !got.NumberDate.Equal(march14) || got.RegisterID != e1.ID {
		t.Fatalf("document after numbering %+v", got)
	}
	if !hasNotification(t, db, f.p1, "mendapat nomor 001/KB/HK-KS/III/2026") || !hasNotification(t, db, f.p2, "mendapat nomor") {
		t.Fatal("PPKSD not notified of the number")
	}
	if hasNotification(t, db, f.q1, "mendapat nomor") {
		t.Fatal("PPKSD of another cooperation notified")
	}
	audit, err := db.FindAuditEntries(as(f.kasubbag), sepakat.AuditFilter{Object: fmt.Sprintf("document/%d", d.ID), Limit: 1})
	if err != nil || len(audit) != 1 || audit[0].Action != "register.assign" || !strings.Contains(audit[0].Detail, e1.Number) {
		t.Fatalf("audit %+v, %v", audit, err)
	}

	// A document holds one number in force.
	_, err = db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026", march14)
	wantCode(t, err, sepakat.ECONFLICT)
	wantMessageContains(t, err, e1.Number)

	// Cancelling: Kasubbag only, with a reason, once.
	_, err = db.CancelNumber(as(f.arnp), e1.ID, "Salah tanggal")
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.CancelNumber(as(f.kasubbag), e1.ID, " ")
	wantCode(t, err, sepakat.EINVALID)
	_, err = db.CancelNumber(as(f.kasubbag), 9999, "Salah tanggal")
	wantCode(t, err, sepakat.ENOTFOUND)
	c1, err := db.CancelNumber(as(f.kasubbag), e1.ID, " Salah tanggal ")
	if err != nil {
		t.Fatal(err)
	}
	if c1.Status != sepakat.RegisterCancelled || c1.CancelReason != "Salah tanggal" || c1.CancelledAt.IsZero() || c1.Seq != 1 || c1.Number != e1.Number {
		t.Fatalf("cancelled entry %+v", c1)
	}
	_, err = db.CancelNumber(as(f.kasubbag), e1.ID, "Lagi")
	wantCode(t, err, sepakat.ECONFLICT)
	got = f.MustFindDocument(t, d)
	if got.Number != "" || got.PartnerNumber != "" || !got.NumberDate.IsZero() || got.RegisterID != 0 {
		t.Fatalf("document after cancelling %+v", got)
	}
	if !hasNotification(t, db, f.p1, "dibatalkan. Alasan: Salah tanggal") {
		t.Fatal("PPKSD not notified of the cancellation")
	}

	// A cancelled number is never given again.
	e2, err := db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026-R", march14.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if e2.Seq != 2 || e2.Number != "002/KB/HK-KS/III/2026" {
		t.Fatalf("renumbered %+v", e2)
	}

	// Sequences run per year (of the agreement's date) and kind.
	pks := storage.MustFinalDocuments(t, db.DB, f.coop.ID, sepakat.DocumentPKS, 2)
	ePKS, err := db.AssignNumber(as(f.kasubbag), pks[0], "P/1", march14)
	if err != nil || ePKS.Seq != 1 || ePKS.Number != "001/PKS/HK-KS/III/2026" {
		t.Fatalf("first PKS %+v, %v", ePKS, err)
	}
	dec2026 := time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC)
	jan2027 := time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)
	e2027, err := db.AssignNumber(as(f.kasubbag), pks[1], "P/2", jan2027)
	if err != nil || e2027.Seq != 1 || e2027.Year != 2027 || e2027.Number != "001/PKS/HK-KS/I/2027" {
		t.Fatalf("PKS of 2027 %+v, %v", e2027, err)
	}
	kb := storage.MustFinalDocuments(t, db.DB, f.coop.ID, sepakat.DocumentKB, 1)
	if e, err := db.AssignNumber(as(f.kasubbag), kb[0], "K/3", dec2026); err != nil || e.Seq != 3 || e.Number != "003/KB/HK-KS/XII/2026" {
		t.Fatalf("third KB %+v, %v", e, err)
	}

	// A new format applies to new numbers only.
	if err := db.SetRegisterSettings(as(f.kasubbag), sepakat.RegisterSettings{Format: "{kind}-{seq}/{unit}/{month}/{year}", Unit: "KSD"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CancelNumber(as(f.kasubbag), e2.ID, "Mitra minta tanggal lain"); err != nil {
		t.Fatal(err)
	}
	if e, err := db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026-R2", march14); err != nil || e.Seq != 4 || e.Number != "KB-004/KSD/03/2026" {
		t.Fatalf("renumbered again %+v, %v", e, err)
	}

	// The register: office staff only, per year, in order of making.
	for _, u := range []*sepakat.User{f.p1, f.tkksd, admin} {
		_, err := db.FindRegister(as(u), 2026)
		wantCode(t, err, sepakat.EFORBIDDEN)
	}
	for _, u := range []*sepakat.User{f.akp, f.arnp, f.kasubbag} {
		list, err := db.FindRegister(as(u), 2026)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, e := range list {
			lines = append(lines, fmt.Sprintf("%s %s", e.Number, e.Status))
		}
		want := []string{
			"001/KB/HK-KS/III/2026 cancelled", "002/KB/HK-KS/III/2026 cancelled", "001/PKS/HK-KS/III/2026 assigned",
			"003/KB/HK-KS/XII/2026 assigned", "KB-004/KSD/03/2026 assigned",
		}
		if !slices.Equal(lines, want) {
			t.Fatalf("register 2026 for %s:\n%s\nwant\n%s", u.Login, strings.Join(lines, "\n"), strings.Join(want, "\n"))
		}
	}
	if list, err := db.FindRegister(as(f.akp), 2027); err != nil || len(list) != 1 || list[0].ID != e2027.ID {
		t.Fatalf("register 2027 %+v, %v", list, err)
	}
	if list, err := db.FindRegister(as(f.akp), 2025); err != nil || len(list) != 0 {
		t.Fatalf("register 2025 %+v, %v", list, err)
	}
	if r, err := db.VerifyAudit(as(f.kasubbag)); err != nil || !r.OK {
		t.Fatalf("audit chain %+v, %v", r, err)
	}
}

// TestRegister_ConcurrentAssign numbers 1,000 final documents at once: the
// numbers are 1…1000 of their year and kind, each given once.
func TestRegister_ConcurrentAssign(t *testing.T) {
	const n = 1000
	f := MustDocFixture(t)
	db := f.db
	MustRegisterSettings(t, db, f.kasubbag)
	docs := storage.MustFinalDocuments(t, db.DB, f.coop.ID, sepakat.DocumentKB, n)

	ctx := as(f.kasubbag)
	entries := make([]*sepakat.RegisterEntry, n)
	errs := make([]error, n)
	start := time.Now()
	var wg sync.WaitGroup
	for i, id := range docs {
		wg.Go(func() {
			entries[i], errs[i] = db.AssignNumber(ctx, id, fmt.Sprintf("MITRA/%d", i), march14)
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	seqs := make([]int, 0, n)
	numbers := map[string]bool{}
	for i, e := range entries {
		if errs[i] != nil {
			t.Fatalf("document %d: %v", docs[i], errs[i])
		}
		if e.DocumentID != docs[i] || e.PartnerNumber != fmt.Sprintf("MITRA/%d", i) {
			t.Fatalf("entry of document %d: %+v", docs[i], e)
		}
		seqs = append(seqs, e.Seq)
		numbers[e.Number] = true
	}
	slices.Sort(seqs)
	for i, s := range seqs {
		if s != i+1 {
			t.Fatalf("sequence %d at position %d: numbers are not 1…%d without gaps or repeats", s, i, n)
		}
	}
	if len(numbers) != n {
		t.Fatalf("%d distinct formatted numbers, want %d", len(numbers), n)
	}
	list, err := db.FindRegister(as(f.akp), 2026)
	if err != nil || len(list) != n {
		t.Fatalf("register: %d entries, %v", len(list), err)
	}
	for i, e := range list {
		if i > 0 && e.ID <= list[i-1].ID {
			t.Fatal("register not in order of making")
		}
	}
	t.Logf("%d concurrent AssignNumber calls in %v", n, elapsed)
}

// Environment of the child process of TestRegister_Crash.
const (
	envRegisterCrashDir  = "SEPAKAT_REGISTER_CRASH_DIR"
	envRegisterCrashUser = "SEPAKAT_REGISTER_CRASH_USER"
	envRegisterCrashDocs = "SEPAKAT_REGISTER_CRASH_DOCS"
)

// TestRegister_CrashChild is the child process of TestRegister_Crash: it
// numbers the documents it is given, four at a time, with fsync on, and
// prints "ack DOCUMENT SEQ NUMBER" after each number is committed, until
// it is killed.
func TestRegister_CrashChild(t *testing.T) {
	dir := os.Getenv(envRegisterCrashDir)
	if dir == "" {
		t.Skip("child process of TestRegister_Crash")
	}
	db, err := storage.Open(dir, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	uid, _ := strconv.ParseInt(os.Getenv(envRegisterCrashUser), 10, 64)
	kasubbag, err := db.FindUserByID(system, uid)
	if err != nil {
		t.Fatal(err)
	}
	ctx := as(kasubbag)
	work := make(chan int64)
	var out sync.Mutex
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for id := range work {
				e, err := db.AssignNumber(ctx, id, fmt.Sprintf("MITRA/%d", id), march14)
				out.Lock()
				if err != nil {
					fmt.Fprintf(os.Stdout, "error %d %v\n", id, err)
				} else {
					fmt.Fprintf(os.Stdout, "ack %d %d %s\n", id, e.Seq, e.Number)
				}
				out.Unlock()
			}
		})
	}
	for _, s := range strings.Split(os.Getenv(envRegisterCrashDocs), ",") {
		id, _ := strconv.ParseInt(s, 10, 64)
		work <- id
	}
	close(work)
	wg.Wait()
}

// TestRegister_Crash kills a process in the middle of numbering documents
// and checks the register it leaves: every number acknowledged is there,
// no number twice, no gap among the committed ones, and numbering goes on
// after the highest.
func TestRegister_Crash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	const n, killAfter = 400, 60
	f := MustDocFixture(t)
	MustRegisterSettings(t, f.db, f.kasubbag)
	docs := storage.MustFinalDocuments(t, f.db.DB, f.coop.ID, sepakat.DocumentKB, n+1)
	dir := f.db.Dir
	if err := f.db.Close(); err != nil {
		t.Fatal(err)
	}

	var list []string
	for _, id := range docs[:n] {
		list = append(list, strconv.FormatInt(id, 10))
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRegister_CrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		envRegisterCrashDir+"="+dir,
		envRegisterCrashUser+"="+strconv.FormatInt(f.kasubbag.ID, 10),
		envRegisterCrashDocs+"="+strings.Join(list, ","),
	)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[int64]int{} // document → seq
	killed := false
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 0 && fields[0] == "error" {
			t.Errorf("child: %s", sc.Text())
		}
		if len(fields) != 4 || fields[0] != "ack" {
			continue
		}
		id, _ := strconv.ParseInt(fields[1], 10, 64)
		seq, _ := strconv.Atoi(fields[2])
		acked[id] = seq
		if len(acked) == killAfter && !killed {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatalf("child ended before it was killed, after %d numbers", len(acked))
	}

	db := MustOpenDBAt(t, dir)
	entries, err := db.FindRegister(as(f.kasubbag), 2026)
	if err != nil {
		t.Fatal(err)
	}
	bySeq := map[int]*sepakat.RegisterEntry{}
	byDoc := map[int64]*sepakat.RegisterEntry{}
	maxSeq := 0
	for _, e := range entries {
		if bySeq[e.Seq] != nil || byDoc[e.DocumentID] != nil {
			t.Fatalf("number %d or document %d twice in the register", e.Seq, e.DocumentID)
		}
		bySeq[e.Seq], byDoc[e.DocumentID] = e, e
		maxSeq = max(maxSeq, e.Seq)
		d, _, err := db.FindDocumentByID(system, e.DocumentID)
		if err != nil || d.RegisterID != e.ID || d.Number != e.Number {
			t.Fatalf("document %d does not carry its number %s: %+v, %v", e.DocumentID, e.Number, d, err)
		}
	}
	if maxSeq != len(entries) {
		t.Fatalf("%d entries but highest number %d: a gap", len(entries), maxSeq)
	}
	for id, seq := range acked {
		if e := byDoc[id]; e == nil || e.Seq != seq {
			t.Fatalf("acknowledged number %d of document %d missing after the crash (found %+v)", seq, id, e)
		}
	}
	if len(entries) >= n {
		t.Fatalf("all %d documents numbered: the kill came too late", n)
	}
	if r, err := db.VerifyAudit(as(f.kasubbag)); err != nil || !r.OK {
		t.Fatalf("audit chain after the crash %+v, %v", r, err)
	}

	next, err := db.AssignNumber(as(f.kasubbag), docs[n], "MITRA/setelah", march14)
	if err != nil || next.Seq != maxSeq+1 {
		t.Fatalf("next number after the crash %+v, %v; want %d", next, err, maxSeq+1)
	}
	if _, err := db.CancelNumber(as(f.kasubbag), next.ID, "Uji pembatalan"); err != nil {
		t.Fatal(err)
	}
	again, err := db.AssignNumber(as(f.kasubbag), docs[n], "MITRA/setelah", march14)
	if err != nil || again.Seq != maxSeq+2 {
		t.Fatalf("number after a cancellation %+v, %v; want %d", again, err, maxSeq+2)
	}
	t.Logf("killed after %d acknowledged numbers; %d committed, 1…%d without gaps or repeats", len(acked), len(entries), maxSeq)
}

func TestOpen_MigratesVersion2ToRegister(t *testing.T) {
	f := MustDocFixture(t)
	docs := storage.MustFinalDocuments(t, f.db.DB, f.coop.ID, sepakat.DocumentKB, 1)
	dir := f.db.Dir
	if err := f.db.Close(); err != nil {
		t.Fatal(err)
	}

	// Make it a database of schema version 2.
	MustDowngrade(t, dir, 2, "register", "register_seq")

	// Read-only, the old database has an empty register and does not break.
	ro, err := storage.Open(dir, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if list, err := ro.FindRegister(as(f.kasubbag), 2026); err != nil || len(list) != 0 {
		t.Fatalf("read-only register: %v %v", list, err)
	}
	ro.Close()

	db := MustOpenDBAt(t, dir)
	MustRegisterSettings(t, db, f.kasubbag)
	if e, err := db.AssignNumber(as(f.kasubbag), docs[0], "MITRA/1", march14); err != nil || e.Seq != 1 {
		t.Fatalf("number after migration: %+v, %v", e, err)
	}
}

func TestSetNumberedFile(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	MustRegisterSettings(t, db, f.kasubbag)
	d := f.MustFinalDocument(t, "KB bernomor")
	file := sepakat.File{SHA256: strings.Repeat("ab", 32), Size: 10, Name: "KB-bernomor.docx"}
	// Not numbered yet: refused.
	_, err := db.SetNumberedFile(as(f.kasubbag), d.ID, file)
	wantCode(t, err, sepakat.ECONFLICT)
	if _, err := db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026", time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	_, err = db.SetNumberedFile(as(f.arnp), d.ID, file)
	wantCode(t, err, sepakat.EFORBIDDEN)
	got, err := db.SetNumberedFile(as(f.kasubbag), d.ID, file)
	if err != nil || got.NumberedFile == nil || got.NumberedFile.SHA256 != file.SHA256 {
		t.Fatalf("SetNumberedFile = %+v, %v", got, err)
	}
	// Whoever sees the document may download it; others may not.
	if ok, _ := db.CanReadFile(as(f.arnp), file.SHA256); !ok {
		t.Error("the ARNP cannot download the numbered text")
	}
	if ok, _ := db.CanReadFile(as(f.q1), file.SHA256); ok {
		t.Error("a PPKSD of another cooperation can download the numbered text")
	}
}
