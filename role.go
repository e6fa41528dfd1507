package sepakat

// Role is what a user does in the cooperation office's process.
type Role string

// The roles, as DOMAIN.md names them.
const (
	// RolePPKSD is a liaison officer of a proposing institution.
	RolePPKSD Role = "ppksd"
	// RoleAKP is a cooperation analyst at the cooperation office.
	RoleAKP Role = "akp"
	// RoleARNP is the legal drafter of agreement texts.
	RoleARNP Role = "arnp"
	// RoleKasubbag is the head of the cooperation sub-section, who decides.
	RoleKasubbag Role = "kasubbag"
	// RoleTKKSD is a member of the coordination team; sees only what is granted.
	RoleTKKSD Role = "tkksd"
	// RoleProtokol is the protocol office, which schedules signings.
	RoleProtokol Role = "protokol"
	// RoleAdmin manages accounts and settings.
	RoleAdmin Role = "admin"
)

// Roles lists every role in display order.
var Roles = []Role{RolePPKSD, RoleAKP, RoleARNP, RoleKasubbag, RoleTKKSD, RoleProtokol, RoleAdmin}

// Validate returns an EINVALID error for an unknown role.
func (r Role) Validate() error {
	for _, x := range Roles {
		if r == x {
			return nil
		}
	}
	return Errorf(EINVALID, "Peran %q tidak dikenal.", string(r))
}

// Label is the role's name as users read it.
func (r Role) Label() string {
	switch r {
	case RolePPKSD:
		return "PPKSD (Petugas Penghubung)"
	case RoleAKP:
		return "AKP (Analis Kerja Sama)"
	case RoleARNP:
		return "ARNP (Analis Rancangan Naskah)"
	case RoleKasubbag:
		return "Kasubbag KSD"
	case RoleTKKSD:
		return "TKKSD (Tim Koordinasi)"
	case RoleProtokol:
		return "Bagian Protokol"
	case RoleAdmin:
		return "Admin"
	}
	return string(r)
}

// IsOffice reports whether the role belongs to the cooperation office staff
// who see and review every cooperation: AKP, ARNP and Kasubbag.
func (r Role) IsOffice() bool {
	return r == RoleAKP || r == RoleARNP || r == RoleKasubbag
}
