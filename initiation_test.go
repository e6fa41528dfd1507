package sepakat

import (
	"slices"
	"testing"
)

func TestRequiredInitiationItems(t *testing.T) {
	base := []InitiationItem{ItemOfferLetter, ItemFeasibility, ItemTerms, ItemDraft}
	withDeed := append(slices.Clone(base), ItemDeed)
	for _, tc := range []struct {
		partners []InstitutionKind
		want     []InitiationItem
	}{
		{[]InstitutionKind{InstitutionPemerintahDaerah}, base},
		{[]InstitutionKind{InstitutionPerguruanTinggi}, base},
		{[]InstitutionKind{InstitutionPerseorangan}, base},
		{[]InstitutionKind{InstitutionPerangkatDaerah}, base},
		{[]InstitutionKind{InstitutionPerusahaan}, withDeed},
		{[]InstitutionKind{InstitutionOrganisasi}, withDeed},
		{[]InstitutionKind{InstitutionBadanHukumPublik}, withDeed},
		{[]InstitutionKind{InstitutionPemerintahDaerah, InstitutionPerusahaan}, withDeed},
	} {
		c := &Cooperation{}
		for _, k := range tc.partners {
			c.Partners = append(c.Partners, Partner{Name: "Mitra", Kind: k})
		}
		if got := RequiredInitiationItems(c); !slices.Equal(got, tc.want) {
			t.Errorf("%v: required %v, want %v", tc.partners, got, tc.want)
		}
	}
}

func TestInitiationMissing(t *testing.T) {
	c := &Cooperation{Partners: []Partner{{Kind: InstitutionPerusahaan}}}
	in := &Initiation{}
	if got := len(in.Missing(c)); got != 5 {
		t.Fatalf("empty initiation misses %d items, want 5", got)
	}
	for _, item := range []InitiationItem{ItemOfferLetter, ItemFeasibility, ItemTerms, ItemDraft, ItemOther} {
		in.Uploads = append(in.Uploads, InitiationUpload{N: in.Next(), Item: item})
	}
	if m := in.Missing(c); len(m) != 1 || m[0] != "akta pendirian badan hukum mitra" {
		t.Errorf("missing %q, want only the deed", m)
	}
	in.Uploads = append(in.Uploads, InitiationUpload{N: in.Next(), Item: ItemDeed})
	if m := in.Missing(c); len(m) != 0 {
		t.Errorf("complete checklist misses %q", m)
	}
	if in.Upload(ItemDeed, 6) == nil || in.Upload(ItemDraft, 6) != nil {
		t.Error("Upload finds by item and number")
	}
}

func TestCheckInitiation(t *testing.T) {
	ppksd := &User{ID: 1, Role: RolePPKSD, Active: true, Verified: true}
	other := &User{ID: 9, Role: RolePPKSD, Active: true, Verified: true}
	unverified := &User{ID: 2, Role: RolePPKSD, Active: true}
	akp := &User{ID: 3, Role: RoleAKP, Active: true}
	arnp := &User{ID: 4, Role: RoleARNP, Active: true}
	kasubbag := &User{ID: 5, Role: RoleKasubbag, Active: true}
	tkksd := &User{ID: 6, Role: RoleTKKSD, Active: true}
	protokol := &User{ID: 7, Role: RoleProtokol, Active: true}
	admin := &User{ID: 8, Role: RoleAdmin, Active: true}
	inactive := &User{ID: 10, Role: RoleKasubbag}
	c := &Cooperation{Stage: StageInisiasi, PPKSD1ID: 1, PPKSD2ID: 2}
	users := []*User{ppksd, other, unverified, akp, arnp, kasubbag, tkksd, protokol, admin, inactive}
	for _, tc := range []struct {
		action  InitiationAction
		allowed []*User
	}{
		{InitiationUploadAction, []*User{ppksd, kasubbag}},
		{InitiationReviewAction, []*User{akp, arnp, kasubbag}},
		{InitiationDecideAction, []*User{kasubbag}},
		{InitiationDiscussAction, []*User{ppksd, akp, arnp, kasubbag}},
	} {
		for _, u := range users {
			err := CheckInitiation(u, c, &Initiation{}, tc.action)
			want := slices.Contains(tc.allowed, u)
			if (err == nil) != want {
				t.Errorf("action %d, user %d (%s): err %v, want allowed %v", tc.action, u.ID, u.Role, err, want)
			}
			if err != nil && ErrorCode(err) != EFORBIDDEN {
				t.Errorf("action %d, user %d: code %s, want forbidden", tc.action, u.ID, ErrorCode(err))
			}
		}
	}
	for _, s := range []Stage{StagePerencanaan, StagePersiapan} {
		moved := &Cooperation{Stage: s, PPKSD1ID: 1}
		if err := CheckInitiation(ppksd, moved, nil, InitiationUploadAction); ErrorCode(err) != ECONFLICT {
			t.Errorf("stage %s: %v, want conflict", s, err)
		}
	}
	if err := CheckInitiation(kasubbag, c, &Initiation{Status: InitiationComplete}, InitiationDecideAction); ErrorCode(err) != ECONFLICT {
		t.Errorf("complete initiation: %v, want conflict", err)
	}
}

func TestInitiationDraftKind(t *testing.T) {
	for in, want := range map[string]DocumentKind{"": DocumentKB, "kb": DocumentKB, "KB": DocumentKB, " pks ": DocumentPKS} {
		if got, err := InitiationDraftKind(in); err != nil || got != want {
			t.Errorf("%q: %s %v, want %s", in, got, err, want)
		}
	}
	if _, err := InitiationDraftKind("NK"); ErrorCode(err) != EINVALID {
		t.Errorf("NK: %v, want invalid", err)
	}
}
