package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

// TestBackupWhileServingAndRestore takes a hot backup through the running
// server, restores it into a new directory, and finds the same data there.
func TestBackupWhileServingAndRestore(t *testing.T) {
	ctx := context.Background()
	m := runTestMain(t, true, "")
	var out, errb bytes.Buffer
	if err := run(ctx, []string{"audit", "verify", "--data", m.Config.DataDir}, &out, &errb); err != nil || !strings.Contains(out.String(), "audit log OK") {
		t.Fatalf("audit verify while serving: %v %s %s", err, out.String(), errb.String())
	}
	file := filepath.Join(t.TempDir(), "cadangan.tar")
	out.Reset()
	if err := run(ctx, []string{"backup", "--data", m.Config.DataDir, "-o", file}, &out, &errb); err != nil {
		t.Fatalf("backup: %v %s", err, errb.String())
	}
	if !strings.Contains(out.String(), "from the running server") {
		t.Fatalf("backup did not go through the running server: %s", out.String())
	}
	sys := sepakat.SystemContext(ctx)
	before, _ := m.DB.FindUsers(sys, sepakat.UserFilter{})
	wantCoops := findCooperationID(t, m, "Festival Budaya")
	m.Close()

	target := filepath.Join(t.TempDir(), "pulih")
	if err := run(ctx, []string{"restore", "--data", target, "-i", file}, &out, &errb); err != nil {
		t.Fatalf("restore: %v %s", err, errb.String())
	}
	if err := run(ctx, []string{"restore", "--data", target, "-i", file}, &out, &errb); err == nil {
		t.Fatal("restore over an existing database without --force must be refused")
	}
	out.Reset()
	if err := run(ctx, []string{"audit", "verify", "--data", target}, &out, &errb); err != nil || !strings.Contains(out.String(), "audit log OK") {
		t.Fatalf("audit verify offline on the restored data: %v %s", err, out.String())
	}
	r := runTestMain(t, false, target)
	after, _ := r.DB.FindUsers(sys, sepakat.UserFilter{})
	if len(after) != len(before) || len(before) < 8 {
		t.Fatalf("users: %d before, %d after restore", len(before), len(after))
	}
	if got := findCooperationID(t, r, "Festival Budaya"); got != wantCoops {
		t.Fatalf("cooperation id %d after restore, want %d", got, wantCoops)
	}
	reg, err := r.DB.MyRegistration(sepakat.NewContextWithUser(ctx, userByLogin(t, after, "ppksd1")))
	if err != nil || reg.Letter == nil {
		t.Fatalf("registration after restore: %v", err)
	}
	f, err := r.DB.Blobs().Open(ctx, reg.Letter.SHA256)
	if err != nil {
		t.Fatalf("letter blob not restored: %v", err)
	}
	f.Close()
}

func userByLogin(t *testing.T, users []*sepakat.User, login string) *sepakat.User {
	t.Helper()
	for _, u := range users {
		if u.Login == login {
			return u
		}
	}
	t.Fatalf("no user %s", login)
	return nil
}
