package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

// testClock is a fake clock that moves forward a millisecond on every read,
// so that successive changes get distinct times.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// testDB is an open DB in a temporary directory with its fake clock.
type testDB struct {
	*storage.DB
	Clock *testClock
	Dir   string
}

// MustOpenDB opens a DB in a new temporary directory, closed at the end of
// the test.
func MustOpenDB(tb testing.TB) *testDB {
	tb.Helper()
	return MustOpenDBAt(tb, tb.TempDir())
}

// MustOpenDBAt opens the DB of dir, closed at the end of the test.
func MustOpenDBAt(tb testing.TB, dir string) *testDB {
	tb.Helper()
	clock := newTestClock()
	db, err := storage.Open(dir, storage.Options{Now: clock.Now, NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return &testDB{DB: db, Clock: clock, Dir: dir}
}

// as returns a context acting as u.
func as(u *sepakat.User) context.Context {
	return sepakat.NewContextWithUser(context.Background(), u)
}

var system = sepakat.SystemContext(context.Background())

const testPassword = "rahasia-sekali-123"

// MustCreateUser creates an account of role through an admin.
func MustCreateUser(tb testing.TB, db *testDB, role sepakat.Role, login string) *sepakat.User {
	tb.Helper()
	u, err := db.CreateUser(system, sepakat.NewUser{
		Login: login, Email: login + "@example.go.id", Name: "Pengguna " + login, Role: role, Password: testPassword,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// MustSignUp signs a PPKSD up.
func MustSignUp(tb testing.TB, db *testDB, login string) *sepakat.User {
	tb.Helper()
	u, err := db.SignUp(context.Background(), sepakat.NewUser{
		Login: login, Email: login + "@example.com", Name: "Petugas " + login, Password: testPassword,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// MustReload reads u again (as the system) to see changes made since.
func MustReload(tb testing.TB, db *testDB, u *sepakat.User) *sepakat.User {
	tb.Helper()
	fresh, err := db.FindUserByID(system, u.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return fresh
}

// MustPutBlob stores content in the blob store and returns it as a File.
func MustPutBlob(tb testing.TB, db *testDB, name, content string) sepakat.File {
	tb.Helper()
	sha, size, ct, err := db.Blobs().Put(context.Background(), strings.NewReader(content), 1<<20, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return sepakat.File{SHA256: sha, Size: size, Name: name, ContentType: ct}
}

// registrationInput is a complete registration naming officer 2.
func registrationInput(institution, officer2Login string) sepakat.RegistrationInput {
	return sepakat.RegistrationInput{
		Institution:   sepakat.Institution{Name: institution, Kind: sepakat.InstitutionPerangkatDaerah, Address: "Jl. Merdeka 1", City: "Samarinda"},
		Officer1:      sepakat.Officer{Position: "Kepala Seksi", Phone: "0812 1111 2222", NIK: "6472010101900001"},
		Officer2Login: officer2Login,
		Officer2:      sepakat.Officer{Position: "Staf", Phone: "0812 3333 4444"},
	}
}

// MustRegister runs a whole registration for two new PPKSD accounts and
// returns them verified, with their institution.
func MustRegister(tb testing.TB, db *testDB, prefix string) (p1, p2 *sepakat.User) {
	tb.Helper()
	p1 = MustSignUp(tb, db, prefix+"-satu")
	p2 = MustSignUp(tb, db, prefix+"-dua")
	ctx := as(p1)
	if _, err := db.SaveRegistration(ctx, registrationInput("Dinas "+prefix, p2.Login)); err != nil {
		tb.Fatal(err)
	}
	for slot, content := range map[sepakat.RegistrationSlot]string{
		sepakat.SlotLetter: "%PDF surat tugas " + prefix, sepakat.SlotPhoto1: "foto 1 " + prefix, sepakat.SlotPhoto2: "foto 2 " + prefix,
	} {
		if _, err := db.AttachRegistrationFile(ctx, slot, MustPutBlob(tb, db, string(slot), content)); err != nil {
			tb.Fatal(err)
		}
	}
	r, err := db.SubmitRegistration(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	verifier := verifierOf(tb, db)
	if _, err := db.DecideRegistration(as(verifier), r.ID, true, ""); err != nil {
		tb.Fatal(err)
	}
	return MustReload(tb, db, p1), MustReload(tb, db, p2)
}

// verifierOf returns an AKP account, creating it the first time.
func verifierOf(tb testing.TB, db *testDB) *sepakat.User {
	tb.Helper()
	users, err := db.FindUsers(system, sepakat.UserFilter{Role: sepakat.RoleAKP})
	if err != nil {
		tb.Fatal(err)
	}
	if len(users) > 0 {
		return users[0]
	}
	return MustCreateUser(tb, db, sepakat.RoleAKP, "akp")
}

// completeApplication is a complete application form.
func completeApplication(title string, ppksd2 int64) sepakat.ApplicationInput {
	return sepakat.ApplicationInput{
		Title: title, Affair: "Pendidikan", Kind: sepakat.KindKSDPK, PPKSD2ID: ppksd2,
		Partners: []sepakat.Partner{{Name: "Universitas Mulawarman", Kind: sepakat.InstitutionPerguruanTinggi}},
		Preparation: sepakat.Preparation{
			Background: "Latar", Purpose: "Maksud", Location: "Samarinda", Scope: "Lingkup", Roles: "Peran",
			Term: "5 tahun", Benefits: "Manfaat", Analysis: "Analisa", Funding: "APBD",
		},
	}
}

// MustSubmittedCooperation creates and submits a complete application by p1.
func MustSubmittedCooperation(tb testing.TB, db *testDB, p1, p2 *sepakat.User, title string) *sepakat.Cooperation {
	tb.Helper()
	c, err := db.CreateCooperation(as(p1), completeApplication(title, p2.ID))
	if err != nil {
		tb.Fatal(err)
	}
	c, err = db.SubmitCooperation(as(p1), c.ID, true)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// wantCode fails unless err carries code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := sepakat.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// wantMessageContains fails unless err's user message contains every part.
func wantMessageContains(tb testing.TB, err error, parts ...string) {
	tb.Helper()
	msg := sepakat.ErrorMessage(err)
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			tb.Fatalf("message %q does not contain %q", msg, p)
		}
	}
}

// drain reads a blob fully.
func readBlob(tb testing.TB, db *testDB, sha string) string {
	tb.Helper()
	f, err := db.Blobs().Open(context.Background(), sha)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(f); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

func ids[T any](xs []T, id func(T) int64) string {
	var parts []string
	for _, x := range xs {
		parts = append(parts, fmt.Sprint(id(x)))
	}
	return strings.Join(parts, ",")
}
