package storage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sepakat/sepakat"
)

// BenchmarkFindCooperations lists the first page of 10,000 cooperations,
// as office staff (who see all) and as a PPKSD (who sees their own), with
// and without a search.
func BenchmarkFindCooperations(b *testing.B) {
	db := MustOpenDB(b)
	p1, p2 := MustRegister(b, db, "bench")
	q1, q2 := MustRegister(b, db, "bench-lain")
	akp := verifierOf(b, db)
	for i := range 10_000 {
		a1, a2 := p1, p2
		if i%2 == 1 {
			a1, a2 = q1, q2
		}
		in := completeApplication(fmt.Sprintf("Kerja sama bidang %d", i), a2.ID)
		in.Partners = []sepakat.Partner{{Name: fmt.Sprintf("Mitra nomor %d", i%97)}}
		if _, err := db.CreateCooperation(as(a1), in); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name string
		u    *sepakat.User
		f    sepakat.CooperationFilter
	}{
		{"office", akp, sepakat.CooperationFilter{}},
		{"office-query", akp, sepakat.CooperationFilter{Query: "mitra nomor 42"}},
		{"ppksd", p1, sepakat.CooperationFilter{}},
		{"office-last-page", akp, sepakat.CooperationFilter{Offset: 9_950}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := as(bc.u)
			for b.Loop() {
				list, total, err := db.FindCooperations(ctx, bc.f)
				if err != nil || total == 0 || len(list) == 0 {
					b.Fatalf("%d of %d, %v", len(list), total, err)
				}
			}
		})
	}
}

// BenchmarkAuthenticate is one login: an argon2id check.
func BenchmarkAuthenticate(b *testing.B) {
	db := MustOpenDB(b)
	u := MustSignUp(b, db, "masuk")
	for b.Loop() {
		if _, err := db.Authenticate(context.Background(), u.Login, testPassword); err != nil {
			b.Fatal(err)
		}
	}
}
