package storage_test

import (
	"context"
	"sync"
	"testing"

	"github.com/sepakat/sepakat"
)

func TestSignOn(t *testing.T) {
	db := MustOpenDB(t)
	akp := MustCreateUser(t, db, sepakat.RoleAKP, "analis")
	arnp, err := db.CreateUser(system, sepakat.NewUser{Login: "perancang", Email: "perancang@example.go.id", NIP: "198703142010011002",
		Name: "Perancang", Role: sepakat.RoleARNP, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	const iss = "https://sso.kota.go.id"
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		id   sepakat.ExternalIdentity
		want int64  // user id, 0 for refused
		code string // error code when refused
	}{
		{"by verified email", sepakat.ExternalIdentity{Issuer: iss, Subject: "a", Email: "Analis@Example.go.id", EmailVerified: true}, akp.ID, ""},
		{"by subject", sepakat.ExternalIdentity{Issuer: iss, Subject: "a", Email: "lain@contoh.id"}, akp.ID, ""},
		{"unverified email not used", sepakat.ExternalIdentity{Issuer: iss, Subject: "b", Email: "perancang@example.go.id"}, 0, sepakat.EFORBIDDEN},
		{"by NIP", sepakat.ExternalIdentity{Issuer: iss, Subject: "b", Email: "perancang@example.go.id", NIP: "198703142010011002"}, arnp.ID, ""},
		{"same subject, other issuer", sepakat.ExternalIdentity{Issuer: "https://lain.go.id", Subject: "a"}, 0, sepakat.EFORBIDDEN},
		{"incomplete", sepakat.ExternalIdentity{Issuer: iss}, 0, sepakat.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := db.SignOn(ctx, tc.id)
			if tc.want == 0 {
				wantCode(t, err, tc.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if u.ID != tc.want || u.PasswordHash != "" {
				t.Errorf("signed on as %d, want %d", u.ID, tc.want)
			}
		})
	}
	entries, err := db.FindAuditEntries(system, sepakat.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range entries {
		count[e.Action]++
	}
	if count["user.sso_link"] != 2 || count["user.sso_login"] != 3 {
		t.Errorf("audit %v, want 2 links and 3 sign-ons", count)
	}

	// A linked account that is deactivated is refused.
	if _, err := db.UpdateUser(system, akp.ID, sepakat.UserUpdate{Active: new(false)}); err != nil {
		t.Fatal(err)
	}
	_, err = db.SignOn(ctx, sepakat.ExternalIdentity{Issuer: iss, Subject: "a"})
	wantCode(t, err, sepakat.EFORBIDDEN)
	wantMessageContains(t, err, "tidak aktif")
}

type hookRecorder struct {
	mu   sync.Mutex
	got  []string
	from []int64
}

func (h *hookRecorder) Notified(n *sepakat.Notification, to *sepakat.User) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.got = append(h.got, to.Email+" "+n.Message)
	h.from = append(h.from, n.UserID)
}

// The hook hears of each committed notification once, with its recipient.
func TestNotificationHook(t *testing.T) {
	db := MustOpenDB(t)
	h := &hookRecorder{}
	db.SetNotificationHook(h)
	p1, p2 := MustRegister(t, db, "kait")
	akp := verifierOf(t, db)
	member := MustCreateUser(t, db, sepakat.RoleTKKSD, "anggota")
	c := MustSubmittedCooperation(t, db, p1, p2, "Kait surel")
	h.mu.Lock()
	h.got, h.from = nil, nil
	h.mu.Unlock()
	if _, err := db.GrantAccess(as(akp), c.ID, member.ID); err != nil {
		t.Fatal(err)
	}
	// A refused grant (not a TKKSD member) notifies nobody.
	if _, err := db.GrantAccess(as(akp), c.ID, p1.ID); err == nil {
		t.Fatal("granted a PPKSD")
	}
	if len(h.got) != 1 || h.from[0] != member.ID || h.got[0][:len(member.Email)] != member.Email {
		t.Fatalf("hook got %q", h.got)
	}
	db.SetNotificationHook(nil)
	if _, err := db.RevokeAccess(as(akp), c.ID, member.ID); err != nil {
		t.Fatal(err)
	}
	if len(h.got) != 1 {
		t.Errorf("hook still called after removal: %q", h.got)
	}
}
