package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

func TestAuthenticate(t *testing.T) {
	db := MustOpenDB(t)
	u, err := db.SignUp(context.Background(), sepakat.NewUser{
		Login: " Budi.Santoso ", Email: "Budi@Example.com", NIP: "198001012005011001", Name: "Budi Santoso", Password: testPassword,
	})
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != sepakat.RolePPKSD || !u.Active || u.Verified || u.Login != "budi.santoso" || u.Email != "budi@example.com" {
		t.Fatalf("SignUp gave %+v, want an active, unverified PPKSD with lowercase login and email", u)
	}
	if u.PasswordHash != "" {
		t.Fatalf("SignUp returned the password hash")
	}

	for _, login := range []string{"budi.santoso", "BUDI.SANTOSO", "budi@example.com", " Budi@Example.COM", "198001012005011001"} {
		got, err := db.Authenticate(context.Background(), login, testPassword)
		if err != nil {
			t.Fatalf("Authenticate(%q): %v", login, err)
		}
		if got.ID != u.ID {
			t.Fatalf("Authenticate(%q) = user %d, want %d", login, got.ID, u.ID)
		}
	}

	_, err = db.Authenticate(context.Background(), "budi.santoso", "salah-sekali-123")
	wantCode(t, err, sepakat.EUNAUTHORIZED)
	wrongPassword := sepakat.ErrorMessage(err)
	if wrongPassword != "Nama pengguna atau kata sandi salah." {
		t.Fatalf("wrong password message = %q", wrongPassword)
	}
	_, err = db.Authenticate(context.Background(), "tidak.ada", testPassword)
	wantCode(t, err, sepakat.EUNAUTHORIZED)
	if sepakat.ErrorMessage(err) != wrongPassword {
		t.Fatalf("unknown user message %q differs from wrong password message %q", sepakat.ErrorMessage(err), wrongPassword)
	}

	// An inactive user cannot log in, with the same message.
	inactive := false
	if _, err := db.UpdateUser(system, u.ID, sepakat.UserUpdate{Active: &inactive}); err != nil {
		t.Fatal(err)
	}
	_, err = db.Authenticate(context.Background(), "budi.santoso", testPassword)
	wantCode(t, err, sepakat.EUNAUTHORIZED)
	if sepakat.ErrorMessage(err) != wrongPassword {
		t.Fatalf("inactive user message %q differs from wrong password message", sepakat.ErrorMessage(err))
	}
}

func TestSignUp_Unique(t *testing.T) {
	db := MustOpenDB(t)
	if _, err := db.SignUp(context.Background(), sepakat.NewUser{Login: "ani", Email: "ani@example.com", NIP: "198001012005012002", Name: "Ani", Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		n    sepakat.NewUser
		want string
	}{
		{"login", sepakat.NewUser{Login: "ANI", Email: "lain@example.com", Name: "Ani Lain", Password: testPassword}, "Nama pengguna"},
		{"email", sepakat.NewUser{Login: "ani2", Email: "ANI@example.com", Name: "Ani Lain", Password: testPassword}, "Email"},
		{"nip", sepakat.NewUser{Login: "ani3", Email: "ani3@example.com", NIP: "198001012005012002", Name: "Ani Lain", Password: testPassword}, "NIP"},
		{"login equal to a NIP", sepakat.NewUser{Login: "198001012005012002", Email: "ani4@example.com", Name: "Ani Lain", Password: testPassword}, "Nama pengguna"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.SignUp(context.Background(), tt.n)
			wantCode(t, err, sepakat.ECONFLICT)
			wantMessageContains(t, err, tt.want)
		})
	}
	// Staff accounts share the same indexes.
	_, err := db.CreateUser(system, sepakat.NewUser{Login: "ani", Email: "x@example.com", Name: "X", Role: sepakat.RoleAKP, Password: testPassword})
	wantCode(t, err, sepakat.ECONFLICT)
}

func TestCreateUser(t *testing.T) {
	db := MustOpenDB(t)
	akp := MustCreateUser(t, db, sepakat.RoleAKP, "analis")
	if !akp.Verified || akp.Role != sepakat.RoleAKP {
		t.Fatalf("staff account %+v should be verified", akp)
	}
	ppksd := MustCreateUser(t, db, sepakat.RolePPKSD, "petugas")
	if ppksd.Verified {
		t.Fatalf("a PPKSD created by an admin still needs a registration")
	}
	_, err := db.CreateUser(as(akp), sepakat.NewUser{Login: "baru", Email: "baru@example.com", Name: "Baru", Role: sepakat.RoleAKP, Password: testPassword})
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.CreateUser(context.Background(), sepakat.NewUser{Login: "baru", Email: "baru@example.com", Name: "Baru", Role: sepakat.RoleAKP, Password: testPassword})
	wantCode(t, err, sepakat.EUNAUTHORIZED)
}

func TestUpdateUser(t *testing.T) {
	db := MustOpenDB(t)
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin")
	u := MustCreateUser(t, db, sepakat.RoleAKP, "analis")
	other := MustCreateUser(t, db, sepakat.RoleARNP, "perancang")

	email, role, pw := "Analis.Baru@example.go.id", sepakat.RoleKasubbag, "kata-sandi-baru-123"
	got, err := db.UpdateUser(as(admin), u.ID, sepakat.UserUpdate{Email: &email, Role: &role, Password: &pw})
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != "analis.baru@example.go.id" || got.Role != sepakat.RoleKasubbag {
		t.Fatalf("UpdateUser gave %+v", got)
	}
	if _, err := db.Authenticate(context.Background(), "analis.baru@example.go.id", pw); err != nil {
		t.Fatalf("login with the new email and password: %v", err)
	}
	if _, err := db.Authenticate(context.Background(), "analis@example.go.id", pw); err == nil {
		t.Fatalf("the old email still logs in")
	}

	taken := other.Email
	_, err = db.UpdateUser(as(admin), u.ID, sepakat.UserUpdate{Email: &taken})
	wantCode(t, err, sepakat.ECONFLICT)

	no := false
	_, err = db.UpdateUser(as(admin), admin.ID, sepakat.UserUpdate{Active: &no})
	wantCode(t, err, sepakat.EINVALID)
	_, err = db.UpdateUser(as(u), other.ID, sepakat.UserUpdate{Active: &no})
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.UpdateUser(as(admin), 999, sepakat.UserUpdate{Active: &no})
	wantCode(t, err, sepakat.ENOTFOUND)
}

func TestUpdateProfileAndPassword(t *testing.T) {
	db := MustOpenDB(t)
	u := MustSignUp(t, db, "citra")
	got, err := db.UpdateProfile(as(u), sepakat.Profile{FullName: " Citra, S.H. ", NIK: "6472010101900002", Gender: "P"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Profile.FullName != "Citra, S.H." || got.Profile.NIK != "6472010101900002" {
		t.Fatalf("profile = %+v", got.Profile)
	}
	_, err = db.UpdateProfile(as(u), sepakat.Profile{NIK: "123"})
	wantCode(t, err, sepakat.EINVALID)

	err = db.ChangePassword(as(u), "bukan-kata-sandinya", "kata-sandi-baru-123")
	wantCode(t, err, sepakat.EINVALID)
	err = db.ChangePassword(as(u), testPassword, "pendek")
	wantCode(t, err, sepakat.EINVALID)
	if err := db.ChangePassword(as(u), testPassword, "kata-sandi-baru-123"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Authenticate(context.Background(), "citra", testPassword); err == nil {
		t.Fatalf("the old password still works")
	}
	if _, err := db.Authenticate(context.Background(), "citra", "kata-sandi-baru-123"); err != nil {
		t.Fatalf("the new password does not work: %v", err)
	}
}

func TestFindUsers_Visibility(t *testing.T) {
	db := MustOpenDB(t)
	a1, a2 := MustRegister(t, db, "alpha")
	b1, _ := MustRegister(t, db, "beta")
	pending := MustSignUp(t, db, "pending")
	akp := verifierOf(t, db)
	tkksd := MustCreateUser(t, db, sepakat.RoleTKKSD, "anggota")
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin")

	// FindUserByID
	tests := []struct {
		name   string
		viewer *sepakat.User
		target *sepakat.User
		ok     bool
	}{
		{"self", pending, pending, true},
		{"ppksd same institution", a1, a2, true},
		{"ppksd other institution", a1, b1, false},
		{"ppksd unverified", a1, pending, false},
		{"unverified sees other", pending, a1, false},
		{"office sees all", akp, pending, true},
		{"admin sees all", admin, b1, true},
		{"tkksd sees others not", tkksd, a1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.FindUserByID(as(tt.viewer), tt.target.ID)
			if tt.ok && err != nil {
				t.Fatalf("err = %v, want visible", err)
			}
			if !tt.ok {
				wantCode(t, err, sepakat.ENOTFOUND)
			}
		})
	}

	// FindUsers with every filter field.
	list, err := db.FindUsers(as(a1), sepakat.UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(list, func(u *sepakat.User) int64 { return u.ID }), ids([]*sepakat.User{a2, a1}, func(u *sepakat.User) int64 { return u.ID }); got != want {
		t.Fatalf("PPKSD sees users %s, want %s", got, want)
	}
	list, _ = db.FindUsers(as(akp), sepakat.UserFilter{Role: sepakat.RolePPKSD})
	if len(list) != 5 {
		t.Fatalf("office sees %d PPKSD, want 5", len(list))
	}
	list, _ = db.FindUsers(as(akp), sepakat.UserFilter{Role: sepakat.RolePPKSD, VerifiedOnly: true})
	if len(list) != 4 {
		t.Fatalf("office sees %d verified PPKSD, want 4", len(list))
	}
	list, _ = db.FindUsers(as(akp), sepakat.UserFilter{InstitutionID: b1.InstitutionID})
	if len(list) != 2 || list[0].InstitutionID != b1.InstitutionID {
		t.Fatalf("institution filter gave %d users", len(list))
	}
	list, _ = db.FindUsers(as(admin), sepakat.UserFilter{Query: "PETUGAS beta"})
	if len(list) != 2 || !strings.Contains(list[0].Login, "beta") {
		t.Fatalf("query filter gave %+v", list)
	}
	list, _ = db.FindUsers(as(tkksd), sepakat.UserFilter{})
	if len(list) != 1 || list[0].ID != tkksd.ID {
		t.Fatalf("TKKSD sees %d users, want only themselves", len(list))
	}
}
