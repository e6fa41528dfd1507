package sepakat_test

import (
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

func TestGovernmentAffair_Validate(t *testing.T) {
	for _, a := range sepakat.GovernmentAffairs {
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", a, err)
		}
		if a.Label() == string(a) {
			t.Errorf("%s has no label", a)
		}
	}
	for _, a := range []sepakat.GovernmentAffair{"", "Pariwisata", "astrologi"} {
		if sepakat.ErrorCode(a.Validate()) != sepakat.EINVALID {
			t.Errorf("%q accepted", a)
		}
	}
}

func TestClassification_Validate(t *testing.T) {
	tests := []struct {
		name    string
		in      sepakat.Classification
		code    string
		missing []string
	}{
		{"complete", sepakat.Classification{Kind: sepakat.KindKSDD, Affair: sepakat.AffairPariwisata}, "", nil},
		{"empty is a draft", sepakat.Classification{}, "", []string{"jenis kerja sama", "urusan pemerintahan"}},
		{"other needs words", sepakat.Classification{Kind: sepakat.KindKSDPK, Affair: sepakat.AffairLainnya}, "", []string{"uraian urusan lainnya"}},
		{"other with words", sepakat.Classification{Kind: sepakat.KindKSDPK, Affair: sepakat.AffairLainnya, Other: "  Kepemudaan  dan olahraga "}, "", nil},
		{"unknown kind", sepakat.Classification{Kind: "ksdx", Affair: sepakat.AffairPariwisata}, sepakat.EINVALID, nil},
		{"unknown affair", sepakat.Classification{Kind: sepakat.KindKSDD, Affair: "astrologi"}, sepakat.EINVALID, nil},
		{"other too long", sepakat.Classification{Kind: sepakat.KindKSDD, Affair: sepakat.AffairLainnya, Other: strings.Repeat("a", 201)}, sepakat.EINVALID, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.in
			err := c.Validate()
			if got := sepakat.ErrorCode(err); got != tt.code {
				t.Fatalf("code %q (%v), want %q", got, err, tt.code)
			}
			if err != nil {
				return
			}
			missing := strings.Join(c.Missing(), "; ")
			if len(tt.missing) == 0 && missing != "" {
				t.Errorf("missing %q, want nothing", missing)
			}
			for _, m := range tt.missing {
				if !strings.Contains(missing, m) {
					t.Errorf("missing %q lacks %q", missing, m)
				}
			}
		})
	}
	c := sepakat.Classification{Kind: sepakat.KindKSDD, Affair: sepakat.AffairLainnya, Other: " Kepemudaan   dan olahraga"}
	if err := c.Validate(); err != nil || c.AffairLabel() != "Lainnya: Kepemudaan dan olahraga" {
		t.Errorf("label %q %v", c.AffairLabel(), err)
	}
	c = sepakat.Classification{Kind: sepakat.KindKSDD, Affair: sepakat.AffairPariwisata, Other: "dibuang"}
	if err := c.Validate(); err != nil || c.Other != "" {
		t.Errorf("other kept for a listed affair: %+v %v", c, err)
	}
}

func TestSigningOfficers_Validate(t *testing.T) {
	tests := []struct {
		name string
		in   sepakat.SigningOfficer
		ok   bool
	}{
		{"complete", sepakat.SigningOfficer{Name: "Rina", Position: "Kasi", Phone: "+62 812-1111-2222", Email: "Rina@Kota.go.id"}, true},
		{"empty", sepakat.SigningOfficer{}, true},
		{"bad phone", sepakat.SigningOfficer{Phone: "telepon saya"}, false},
		{"bad email", sepakat.SigningOfficer{Email: "rina di kota"}, false},
		{"email with name", sepakat.SigningOfficer{Email: "Rina <rina@kota.go.id>"}, false},
		{"long name", sepakat.SigningOfficer{Name: strings.Repeat("n", 201)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := sepakat.SigningOfficers{Partner: tt.in}
			err := o.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("err %v, want ok=%v", err, tt.ok)
			}
			if err != nil && (sepakat.ErrorCode(err) != sepakat.EINVALID || !strings.Contains(sepakat.ErrorMessage(err), "pihak mitra")) {
				t.Errorf("error %v does not name the party", err)
			}
		})
	}
	o := sepakat.SigningOfficers{City: sepakat.SigningOfficer{Name: " Rina  Wulandari ", Email: "Rina@Kota.go.id"}}
	if err := o.Validate(); err != nil || o.City.Name != "Rina Wulandari" || o.City.Email != "rina@kota.go.id" {
		t.Errorf("normalised %+v %v", o.City, err)
	}
}

func TestSignedScan_Missing(t *testing.T) {
	var s sepakat.SignedScan
	missing := strings.Join(s.Missing(), "; ")
	for _, m := range []string{"pindaian naskah", "foto penandatanganan", "nama PPKSD pihak Pemerintah Daerah", "jabatan PPKSD pihak mitra", "telepon atau email PPKSD pihak mitra", "jenis kerja sama", "urusan pemerintahan"} {
		if !strings.Contains(missing, m) {
			t.Errorf("missing %q lacks %q", missing, m)
		}
	}
	off := sepakat.SigningOfficer{Name: "A", Position: "B", Email: "a@b.id"}
	s = sepakat.SignedScan{
		Scan:           &sepakat.File{SHA256: strings.Repeat("a", 64)},
		Photos:         []sepakat.SigningPhoto{{N: 2}},
		Officers:       sepakat.SigningOfficers{City: off, Partner: off},
		Classification: sepakat.Classification{Kind: sepakat.KindKSDD, Affair: sepakat.AffairKesehatan},
	}
	if m := s.Missing(); len(m) != 0 {
		t.Errorf("complete record misses %v", m)
	}
	if s.Photo(2) == nil || s.Photo(1) != nil {
		t.Error("Photo finds by number")
	}
}

func TestCheckRecordSigned(t *testing.T) {
	c := &sepakat.Cooperation{ID: 1, PPKSD1ID: 10, PPKSD2ID: 11, Stage: sepakat.StagePenandatanganan}
	own := &sepakat.User{ID: 11, Role: sepakat.RolePPKSD, Active: true, Verified: true}
	other := &sepakat.User{ID: 12, Role: sepakat.RolePPKSD, Active: true, Verified: true}
	kasubbag := &sepakat.User{ID: 20, Role: sepakat.RoleKasubbag, Active: true, Verified: true}
	arnp := &sepakat.User{ID: 21, Role: sepakat.RoleARNP, Active: true, Verified: true}
	protokol := &sepakat.User{ID: 22, Role: sepakat.RoleProtokol, Active: true, Verified: true}
	for u, code := range map[*sepakat.User]string{own: "", kasubbag: "", other: sepakat.EFORBIDDEN, arnp: sepakat.EFORBIDDEN, protokol: sepakat.EFORBIDDEN} {
		if got := sepakat.ErrorCode(sepakat.CheckRecordSigned(u, c)); got != code {
			t.Errorf("user %d: %q, want %q", u.ID, got, code)
		}
	}
	c.Stage = sepakat.StagePemantauan
	if got := sepakat.ErrorCode(sepakat.CheckRecordSigned(own, c)); got != sepakat.ECONFLICT {
		t.Errorf("after the stage: %q", got)
	}
}
