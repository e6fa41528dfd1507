package storage_test

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// auditActions lists the actions of the newest entries first.
func auditActions(entries []*sepakat.AuditEntry) []string {
	var a []string
	for _, e := range entries {
		a = append(a, e.Action)
	}
	return a
}

// MustBusyDB makes a database with many audited operations of all kinds and
// closes it; it returns its directory.
func MustBusyDB(t *testing.T) string {
	t.Helper()
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "sibuk")
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	member := MustCreateUser(t, db, sepakat.RoleTKKSD, "anggota")
	if err := db.RecordLogin(as(p1), p1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateProfile(as(p1), sepakat.Profile{FullName: "Petugas Sibuk"}); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		c := MustSubmittedCooperation(t, db, p1, p2, fmt.Sprintf("Sibuk %d", i))
		if _, err := db.GrantAccess(as(kasubbag), c.ID, member.ID); err != nil {
			t.Fatal(err)
		}
		MustMoveTo(t, db, kasubbag, c, sepakat.StagePersiapan)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return db.Dir
}

// tamper opens the closed database file directly and runs fn on the audit
// bucket.
func tamper(t *testing.T, dir string, fn func(b *bolt.Bucket) error) {
	t.Helper()
	bdb, err := bolt.Open(filepath.Join(dir, "sepakat.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(func(tx *bolt.Tx) error { return fn(tx.Bucket([]byte("audit"))) }); err != nil {
		t.Fatal(err)
	}
}

func seqKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, seq)
}

func TestAudit_ChainVerifies(t *testing.T) {
	dir := MustBusyDB(t)
	db := MustOpenDBAt(t, dir)
	report, err := db.VerifyAudit(system)
	if err != nil {
		t.Fatal(err)
	}
	if !report.OK || report.Entries < 40 || report.HeadHash == "" {
		t.Fatalf("report = %+v, want OK over many entries", report)
	}

	entries, err := db.FindAuditEntries(system, sepakat.AuditFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != report.Entries || entries[0].Seq != uint64(report.Entries) || entries[0].Hash != report.HeadHash {
		t.Fatalf("FindAuditEntries: %d entries, newest seq %d; report %+v", len(entries), entries[0].Seq, report)
	}
	seen := map[string]bool{}
	for _, a := range auditActions(entries) {
		seen[a] = true
	}
	for _, a := range []string{
		"user.signup", "user.create", "user.login", "user.profile", "registration.save", "registration.file",
		"registration.submit", "registration.approve", "cooperation.create", "cooperation.submit",
		"cooperation.grant", "cooperation.transition",
	} {
		if !seen[a] {
			t.Errorf("no audit entry with action %q", a)
		}
	}
}

func TestAudit_DetectsAlteredEntry(t *testing.T) {
	dir := MustBusyDB(t)
	tamper(t, dir, func(b *bolt.Bucket) error {
		var e sepakat.AuditEntry
		if err := json.Unmarshal(b.Get(seqKey(10)), &e); err != nil {
			return err
		}
		e.Detail = "diubah diam-diam"
		v, _ := json.Marshal(e)
		return b.Put(seqKey(10), v)
	})
	db := MustOpenDBAt(t, dir)
	report, err := db.VerifyAudit(system)
	if err != nil {
		t.Fatal(err)
	}
	if report.OK || report.FirstBad != 10 {
		t.Fatalf("report = %+v, want entry 10 reported", report)
	}
}

func TestAudit_DetectsRehashedEntry(t *testing.T) {
	// Recomputing the altered entry's hash breaks the link of the next one.
	dir := MustBusyDB(t)
	tamper(t, dir, func(b *bolt.Bucket) error {
		var e sepakat.AuditEntry
		if err := json.Unmarshal(b.Get(seqKey(10)), &e); err != nil {
			return err
		}
		e.ActorLogin = "orang-lain"
		e.Hash = e.ComputeHash()
		v, _ := json.Marshal(e)
		return b.Put(seqKey(10), v)
	})
	db := MustOpenDBAt(t, dir)
	report, _ := db.VerifyAudit(system)
	if report.OK || report.FirstBad != 11 {
		t.Fatalf("report = %+v, want entry 11 reported", report)
	}
}

func TestAudit_DetectsDeletedEntry(t *testing.T) {
	dir := MustBusyDB(t)
	tamper(t, dir, func(b *bolt.Bucket) error { return b.Delete(seqKey(20)) })
	db := MustOpenDBAt(t, dir)
	report, err := db.VerifyAudit(system)
	if err != nil {
		t.Fatal(err)
	}
	if report.OK || report.FirstBad != 21 {
		t.Fatalf("report = %+v, want the gap at 20 reported", report)
	}

	// Appending after a tampered log does not hide the problem.
	if _, err := db.SignUp(t.Context(), sepakat.NewUser{Login: "sesudah", Email: "sesudah@example.com", Name: "Sesudah", Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	if report, _ := db.VerifyAudit(system); report.OK {
		t.Fatalf("report = %+v after a new entry, want still broken", report)
	}
}

func TestFindAuditEntries_Access(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "jejak")
	akp := verifierOf(t, db)
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin")
	c := MustSubmittedCooperation(t, db, p1, p2, "Jejak")
	object := fmt.Sprintf("cooperation/%d", c.ID)

	for _, u := range []*sepakat.User{admin, kasubbag} {
		if _, err := db.FindAuditEntries(as(u), sepakat.AuditFilter{}); err != nil {
			t.Fatalf("%s: %v", u.Login, err)
		}
	}
	_, err := db.FindAuditEntries(as(akp), sepakat.AuditFilter{})
	wantCode(t, err, sepakat.EFORBIDDEN)
	entries, err := db.FindAuditEntries(as(akp), sepakat.AuditFilter{Object: object})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(auditActions(entries)); got != "[cooperation.submit cooperation.create]" {
		t.Fatalf("entries of %s = %s", object, got)
	}
	_, err = db.FindAuditEntries(as(akp), sepakat.AuditFilter{Object: "cooperation/999"})
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.FindAuditEntries(as(p1), sepakat.AuditFilter{Object: object})
	wantCode(t, err, sepakat.EFORBIDDEN)

	limited, _ := db.FindAuditEntries(as(admin), sepakat.AuditFilter{Limit: 3})
	if len(limited) != 3 || limited[0].Seq <= limited[1].Seq {
		t.Fatalf("limit 3 gave %d entries, newest first?", len(limited))
	}
	last := limited[0]
	if last.ActorID != p1.ID || last.ActorLogin != p1.Login || last.Object != object || last.Action != "cooperation.submit" {
		t.Fatalf("newest entry = %+v", last)
	}
}
