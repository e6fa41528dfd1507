package sepakat

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// RegistrationStatus is the state of a PPKSD registration (SOP Registrasi).
type RegistrationStatus string

// The registration states.
const (
	// RegistrationDraft: being filled in, not yet sent.
	RegistrationDraft RegistrationStatus = "draft"
	// RegistrationSubmitted: sent, waiting in "Verifikasi Data".
	RegistrationSubmitted RegistrationStatus = "submitted"
	// RegistrationReturned: returned with a reason; the PPKSD fixes and resends.
	RegistrationReturned RegistrationStatus = "returned"
	// RegistrationApproved: verified; both officers reach the dashboard.
	RegistrationApproved RegistrationStatus = "approved"
)

// Label is the state as users read it.
func (s RegistrationStatus) Label() string {
	switch s {
	case RegistrationDraft:
		return "Draf"
	case RegistrationSubmitted:
		return "Menunggu verifikasi"
	case RegistrationReturned:
		return "Dikembalikan untuk diperbaiki"
	case RegistrationApproved:
		return "Disetujui"
	}
	return string(s)
}

// Validate returns an EINVALID error for an unknown state.
func (s RegistrationStatus) Validate() error {
	switch s {
	case RegistrationDraft, RegistrationSubmitted, RegistrationReturned, RegistrationApproved:
		return nil
	}
	return Errorf(EINVALID, "Status registrasi %q tidak dikenal.", string(s))
}

// InstitutionKind is the kind of proposing party (Samarinda's list of users).
type InstitutionKind string

// Institution kinds.
const (
	InstitutionPerangkatDaerah  InstitutionKind = "perangkat_daerah"  // an agency of this city
	InstitutionPemerintahDaerah InstitutionKind = "pemerintah_daerah" // another region's government or agency
	InstitutionPerguruanTinggi  InstitutionKind = "perguruan_tinggi"  // university
	InstitutionPerusahaan       InstitutionKind = "perusahaan"        // company
	InstitutionOrganisasi       InstitutionKind = "organisasi"        // NGO, association, foundation
	InstitutionBadanHukumPublik InstitutionKind = "badan_hukum"       // public legal entity
	InstitutionPerseorangan     InstitutionKind = "perseorangan"      // an individual
)

// InstitutionKinds lists the kinds in display order.
var InstitutionKinds = []InstitutionKind{
	InstitutionPerangkatDaerah, InstitutionPemerintahDaerah, InstitutionPerguruanTinggi,
	InstitutionPerusahaan, InstitutionOrganisasi, InstitutionBadanHukumPublik, InstitutionPerseorangan,
}

// Label is the kind as users read it.
func (k InstitutionKind) Label() string {
	switch k {
	case InstitutionPerangkatDaerah:
		return "Perangkat Daerah Pemerintah Kota"
	case InstitutionPemerintahDaerah:
		return "Pemerintah Daerah Lain"
	case InstitutionPerguruanTinggi:
		return "Perguruan Tinggi"
	case InstitutionPerusahaan:
		return "Perusahaan"
	case InstitutionOrganisasi:
		return "Organisasi/Lembaga/Asosiasi/Yayasan"
	case InstitutionBadanHukumPublik:
		return "Badan Hukum Publik"
	case InstitutionPerseorangan:
		return "Perseorangan"
	}
	return string(k)
}

// Validate returns an EINVALID error for an unknown kind.
func (k InstitutionKind) Validate() error {
	for _, x := range InstitutionKinds {
		if k == x {
			return nil
		}
	}
	return Errorf(EINVALID, "Jenis instansi %q tidak dikenal.", string(k))
}

// Institution is a proposing institution ("Pengaturan Instansi").
type Institution struct {
	ID      int64           `json:"id"`
	Name    string          `json:"name"`
	Kind    InstitutionKind `json:"kind"`
	City    string          `json:"city"`
	Address string          `json:"address"`
	Phone   string          `json:"phone"`
	Email   string          `json:"email"`
	Website string          `json:"website"`
}

// Validate normalises and checks the institution's data.
func (in *Institution) Validate() error {
	for _, f := range []*string{&in.Name, &in.City, &in.Address, &in.Phone, &in.Email, &in.Website} {
		*f = strings.TrimSpace(*f)
		if utf8.RuneCountInString(*f) > 300 {
			return Errorf(EINVALID, "Isian data instansi terlalu panjang (paling banyak 300 huruf).")
		}
	}
	if in.Name == "" {
		return Errorf(EINVALID, "Nama instansi wajib diisi.")
	}
	if err := in.Kind.Validate(); err != nil {
		return err
	}
	if in.Phone != "" && !phonePattern.MatchString(in.Phone) {
		return Errorf(EINVALID, "Nomor telepon instansi hanya boleh berisi angka, spasi, tanda +, - dan kurung.")
	}
	if in.Email != "" && !strings.Contains(in.Email, "@") {
		return Errorf(EINVALID, "Email instansi tidak sah.")
	}
	return nil
}

// Officer is the personal data of one PPKSD on a registration.
type Officer struct {
	UserID   int64  `json:"user_id"`
	Login    string `json:"login"`
	Name     string `json:"name"`
	NIK      string `json:"nik"`
	NIP      string `json:"nip"`
	Position string `json:"position"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
	Photo    *File  `json:"photo,omitempty"`
}

// Registration is a PPKSD's request for access to the cooperation website:
// both officers' data, the institution, the assignment or statement letter
// and photos. One PPKSD (officer 1) files it for both.
type Registration struct {
	ID          int64              `json:"id"`
	Status      RegistrationStatus `json:"status"`
	Institution Institution        `json:"institution"`
	Officer1    Officer            `json:"officer1"`
	Officer2    Officer            `json:"officer2"`
	// Letter is the scanned surat tugas (institutions) or surat pernyataan
	// (individuals), PDF.
	Letter *File `json:"letter,omitempty"`
	// Reason is the verifier's reason for the last return.
	Reason      string              `json:"reason,omitempty"`
	History     []RegistrationEvent `json:"history"`
	CreatedAt   time.Time           `json:"created_at"`
	UpdatedAt   time.Time           `json:"updated_at"`
	SubmittedAt time.Time           `json:"submitted_at,omitzero"`
}

// RegistrationEvent is one step of a registration's history.
type RegistrationEvent struct {
	At      time.Time          `json:"at"`
	ByID    int64              `json:"by_id"`
	ByName  string             `json:"by_name"`
	Status  RegistrationStatus `json:"status"`
	Comment string             `json:"comment,omitempty"`
}

// LetterLabel names the letter the registration needs.
func (r *Registration) LetterLabel() string {
	if r.Institution.Kind == InstitutionPerseorangan {
		return "Surat pernyataan"
	}
	return "Surat tugas"
}

// Editable reports whether the PPKSD may still change the registration.
func (r *Registration) Editable() bool {
	return r.Status == RegistrationDraft || r.Status == RegistrationReturned
}

// Missing lists, in Bahasa Indonesia, what must still be filled before the
// registration can be sent. Empty means complete.
func (r *Registration) Missing() []string {
	var m []string
	if r.Institution.Name == "" {
		m = append(m, "nama instansi")
	}
	if r.Institution.Kind == "" {
		m = append(m, "jenis instansi")
	}
	if r.Institution.Address == "" {
		m = append(m, "alamat instansi")
	}
	for i, o := range []Officer{r.Officer1, r.Officer2} {
		n := []string{"PPKSD-1", "PPKSD-2"}[i]
		if o.UserID == 0 {
			m = append(m, "akun "+n)
		}
		if o.Name == "" {
			m = append(m, "nama "+n)
		}
		if o.Position == "" {
			m = append(m, "jabatan "+n)
		}
		if o.Phone == "" {
			m = append(m, "telepon "+n)
		}
		if o.Photo == nil {
			m = append(m, "foto "+n)
		}
	}
	if r.Letter == nil {
		m = append(m, strings.ToLower(r.LetterLabel())+" (PDF)")
	}
	return m
}

// RegistrationInput is the data part of a registration the PPKSD fills in.
// Officer 2 is named by the login (or email) of their own account.
type RegistrationInput struct {
	Institution   Institution `json:"institution"`
	Officer1      Officer     `json:"officer1"`
	Officer2Login string      `json:"officer2_login"`
	Officer2      Officer     `json:"officer2"`
}

// Validate normalises and checks the input.
func (in *RegistrationInput) Validate() error {
	if err := in.Institution.Validate(); err != nil {
		return err
	}
	in.Officer2Login = strings.ToLower(strings.TrimSpace(in.Officer2Login))
	for _, o := range []*Officer{&in.Officer1, &in.Officer2} {
		for _, f := range []*string{&o.Name, &o.NIK, &o.NIP, &o.Position, &o.Phone, &o.Email} {
			*f = strings.TrimSpace(*f)
			if utf8.RuneCountInString(*f) > 300 {
				return Errorf(EINVALID, "Isian data petugas terlalu panjang (paling banyak 300 huruf).")
			}
		}
		if o.NIK != "" && !nikPattern.MatchString(o.NIK) {
			return Errorf(EINVALID, "NIK petugas harus 16 angka.")
		}
		if o.NIP != "" && !nipPattern.MatchString(o.NIP) {
			return Errorf(EINVALID, "NIP petugas harus 18 angka.")
		}
		if o.Phone != "" && !phonePattern.MatchString(o.Phone) {
			return Errorf(EINVALID, "Nomor telepon petugas hanya boleh berisi angka, spasi, tanda +, - dan kurung.")
		}
	}
	return nil
}

// RegistrationSlot names a file slot of a registration.
type RegistrationSlot string

// The file slots.
const (
	SlotLetter RegistrationSlot = "letter"
	SlotPhoto1 RegistrationSlot = "photo1"
	SlotPhoto2 RegistrationSlot = "photo2"
)

// Validate returns an EINVALID error for an unknown slot.
func (s RegistrationSlot) Validate() error {
	switch s {
	case SlotLetter, SlotPhoto1, SlotPhoto2:
		return nil
	}
	return Errorf(EINVALID, "Jenis berkas %q tidak dikenal: gunakan letter, photo1 atau photo2.", string(s))
}

// RegistrationFilter selects registrations for the verifiers.
type RegistrationFilter struct {
	Status RegistrationStatus
}

// RegistrationService runs the PPKSD registration and its verification.
type RegistrationService interface {
	// MyRegistration returns the caller's registration (as officer 1 or 2),
	// or ENOTFOUND.
	MyRegistration(ctx context.Context) (*Registration, error)
	// SaveRegistration creates or updates the caller's registration while it
	// is editable.
	SaveRegistration(ctx context.Context, in RegistrationInput) (*Registration, error)
	// AttachRegistrationFile sets a file slot of the caller's registration.
	AttachRegistrationFile(ctx context.Context, slot RegistrationSlot, f File) (*Registration, error)
	// SubmitRegistration sends the caller's complete registration for verification.
	SubmitRegistration(ctx context.Context) (*Registration, error)
	// FindRegistrations lists registrations; office staff only.
	FindRegistrations(ctx context.Context, f RegistrationFilter) ([]*Registration, error)
	// FindRegistrationByID returns a registration the caller may see.
	FindRegistrationByID(ctx context.Context, id int64) (*Registration, error)
	// DecideRegistration approves a submitted registration or returns it with
	// a reason; office staff only.
	DecideRegistration(ctx context.Context, id int64, approve bool, reason string) (*Registration, error)
	// FindInstitutionByID returns an institution the caller may see.
	FindInstitutionByID(ctx context.Context, id int64) (*Institution, error)
	// UpdateInstitution changes the caller's institution settings (a verified PPKSD).
	UpdateInstitution(ctx context.Context, in Institution) (*Institution, error)
}
