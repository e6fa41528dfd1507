package web

import (
	"testing"

	"github.com/sepakat/sepakat"
)

func TestVerifyURL(t *testing.T) {
	numbered := &sepakat.Document{Number: "001/KB/HK-KS/XI/2026", VerifyCode: "ABCDEFGHIJKLMNOP"}
	for _, tc := range []struct {
		public string
		doc    *sepakat.Document
		want   string
	}{
		{"https://sepakat.jogjakota.go.id", numbered, "https://sepakat.jogjakota.go.id/verifikasi/ABCDEFGHIJKLMNOP"},
		{"https://pemkot.example/sepakat/", numbered, "https://pemkot.example/sepakat/verifikasi/ABCDEFGHIJKLMNOP"},
		{"https://sepakat.jogjakota.go.id", &sepakat.Document{}, ""},
		{"https://sepakat.jogjakota.go.id", &sepakat.Document{Number: "001/KB/HK-KS/XI/2026"}, ""},
	} {
		s := &Server{PublicURL: tc.public}
		if got := s.verifyURL(tc.doc); got != tc.want {
			t.Errorf("verifyURL with %q and %+v = %q, want %q", tc.public, tc.doc, got, tc.want)
		}
	}
}
