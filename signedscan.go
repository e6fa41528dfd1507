package sepakat

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Upload limits after the signing.
const (
	// MaxSignedScanSize is the limit for the scan of the signed agreement
	// (100 MB, SOP Penandatanganan).
	MaxSignedScanSize = MaxPDFSize
	// MaxSigningPhotoSize is the limit for one photo of the signing.
	MaxSigningPhotoSize = 10 << 20
	// MaxSigningPhotos is how many photos of the signing one cooperation
	// keeps.
	MaxSigningPhotos = 20
)

// GovernmentAffair is the government affair (urusan pemerintahan) a
// cooperation concerns, from a fixed list drawn from the concurrent affairs
// of UU 23/2014 that cooperations of a city most often touch.
type GovernmentAffair string

// The government affairs of the classification.
const (
	AffairPariwisata       GovernmentAffair = "pariwisata"
	AffairPendidikan       GovernmentAffair = "pendidikan"
	AffairKesehatan        GovernmentAffair = "kesehatan"
	AffairKominfo          GovernmentAffair = "komunikasi_informatika"
	AffairPekerjaanUmum    GovernmentAffair = "pekerjaan_umum"
	AffairPerhubungan      GovernmentAffair = "perhubungan"
	AffairLingkunganHidup  GovernmentAffair = "lingkungan_hidup"
	AffairKependudukan     GovernmentAffair = "kependudukan"
	AffairPerdagangan      GovernmentAffair = "perdagangan"
	AffairKebudayaan       GovernmentAffair = "kebudayaan"
	AffairSosial           GovernmentAffair = "sosial"
	AffairPertanian        GovernmentAffair = "pertanian"
	AffairPenanamanModal   GovernmentAffair = "penanaman_modal"
	AffairKetenteraman     GovernmentAffair = "ketenteraman_ketertiban"
	AffairPemerintahanUmum GovernmentAffair = "pemerintahan_umum"
	AffairLainnya          GovernmentAffair = "lainnya"
)

// GovernmentAffairs lists every affair in the order of the select list;
// "lainnya" (other) comes last.
var GovernmentAffairs = []GovernmentAffair{
	AffairPariwisata, AffairPendidikan, AffairKesehatan, AffairKominfo, AffairPekerjaanUmum,
	AffairPerhubungan, AffairLingkunganHidup, AffairKependudukan, AffairPerdagangan, AffairKebudayaan,
	AffairSosial, AffairPertanian, AffairPenanamanModal, AffairKetenteraman, AffairPemerintahanUmum,
	AffairLainnya,
}

// Label is the affair as users read it.
func (a GovernmentAffair) Label() string {
	switch a {
	case AffairPariwisata:
		return "Pariwisata"
	case AffairPendidikan:
		return "Pendidikan"
	case AffairKesehatan:
		return "Kesehatan"
	case AffairKominfo:
		return "Komunikasi dan Informatika"
	case AffairPekerjaanUmum:
		return "Pekerjaan Umum dan Penataan Ruang"
	case AffairPerhubungan:
		return "Perhubungan"
	case AffairLingkunganHidup:
		return "Lingkungan Hidup"
	case AffairKependudukan:
		return "Administrasi Kependudukan dan Pencatatan Sipil"
	case AffairPerdagangan:
		return "Perdagangan, Koperasi dan UKM"
	case AffairKebudayaan:
		return "Kebudayaan"
	case AffairSosial:
		return "Sosial"
	case AffairPertanian:
		return "Pertanian dan Pangan"
	case AffairPenanamanModal:
		return "Penanaman Modal"
	case AffairKetenteraman:
		return "Ketenteraman, Ketertiban Umum dan Pelindungan Masyarakat"
	case AffairPemerintahanUmum:
		return "Pemerintahan Umum"
	case AffairLainnya:
		return "Lainnya"
	}
	return string(a)
}

// Validate returns an EINVALID error for an affair not in the list.
func (a GovernmentAffair) Validate() error {
	for _, x := range GovernmentAffairs {
		if a == x {
			return nil
		}
	}
	return Errorf(EINVALID, "Urusan pemerintahan %q tidak dikenal; pilih salah satu dari daftar.", string(a))
}

// Classification is the classification of a signed cooperation per
// Permendagri 22/2020: its kind (with another region, KSDD, or with a third
// party, KSDPK) and the government affair it concerns. Other is the affair
// in words when Affair is AffairLainnya.
type Classification struct {
	Kind   CooperationKind  `json:"kind"`
	Affair GovernmentAffair `json:"affair"`
	Other  string           `json:"other,omitempty"`
}

// Validate normalises and checks the classification. Empty fields are
// allowed (a record being filled in); see Missing for completeness.
func (c *Classification) Validate() error {
	c.Other = strings.Join(strings.Fields(c.Other), " ")
	if c.Kind != "" {
		if err := c.Kind.Validate(); err != nil {
			return err
		}
	}
	if c.Affair != "" {
		if err := c.Affair.Validate(); err != nil {
			return err
		}
	}
	if c.Affair != AffairLainnya {
		c.Other = ""
	}
	if utf8.RuneCountInString(c.Other) > 200 {
		return Errorf(EINVALID, "Uraian urusan lainnya terlalu panjang (paling banyak 200 huruf).")
	}
	return nil
}

// Missing lists, in Bahasa Indonesia, what the classification lacks.
func (c *Classification) Missing() []string {
	var m []string
	if c.Kind == "" {
		m = append(m, "jenis kerja sama (KSDD/KSDPK)")
	}
	if c.Affair == "" {
		m = append(m, "urusan pemerintahan")
	} else if c.Affair == AffairLainnya && c.Other == "" {
		m = append(m, "uraian urusan lainnya")
	}
	return m
}

// AffairLabel is the affair as users read it, with the words of "lainnya".
func (c Classification) AffairLabel() string {
	if c.Affair == AffairLainnya && c.Other != "" {
		return "Lainnya: " + c.Other
	}
	return c.Affair.Label()
}

// SigningOfficer is the PPKSD of one party as recorded after the signing.
type SigningOfficer struct {
	Name     string `json:"name"`
	Position string `json:"position"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
}

// Validate normalises and checks the officer's fields; side names the
// party in the messages ("pihak Pemerintah Kota", "pihak mitra").
func (o *SigningOfficer) Validate(side string) error {
	for _, f := range []*string{&o.Name, &o.Position, &o.Phone, &o.Email} {
		*f = strings.Join(strings.Fields(*f), " ")
	}
	o.Email = strings.ToLower(o.Email)
	if utf8.RuneCountInString(o.Name) > 200 || utf8.RuneCountInString(o.Position) > 200 {
		return Errorf(EINVALID, "Nama atau jabatan PPKSD %s terlalu panjang (paling banyak 200 huruf).", side)
	}
	if o.Phone != "" && !phonePattern.MatchString(o.Phone) {
		return Errorf(EINVALID, "Nomor telepon PPKSD %s hanya boleh berisi angka, spasi, tanda +, - dan kurung (6–20 karakter).", side)
	}
	if o.Email != "" {
		if _, err := mail.ParseAddress(o.Email); err != nil || !strings.Contains(o.Email, "@") || strings.ContainsAny(o.Email, "<> ") || len(o.Email) > 200 {
			return Errorf(EINVALID, "Alamat email PPKSD %s tidak sah.", side)
		}
	}
	return nil
}

// Missing lists what the officer's record lacks: name, position, and a
// phone number or an email address.
func (o *SigningOfficer) Missing(side string) []string {
	var m []string
	if o.Name == "" {
		m = append(m, "nama PPKSD "+side)
	}
	if o.Position == "" {
		m = append(m, "jabatan PPKSD "+side)
	}
	if o.Phone == "" && o.Email == "" {
		m = append(m, "telepon atau email PPKSD "+side)
	}
	return m
}

// SigningOfficers are the PPKSD of both parties: the city's and the
// partner's.
type SigningOfficers struct {
	City    SigningOfficer `json:"city"`
	Partner SigningOfficer `json:"partner"`
}

// The parties as the messages name them.
const (
	sideCity    = "pihak Pemerintah Daerah"
	sidePartner = "pihak mitra"
)

// Validate checks both officers.
func (o *SigningOfficers) Validate() error {
	if err := o.City.Validate(sideCity); err != nil {
		return err
	}
	return o.Partner.Validate(sidePartner)
}

// SigningPhoto is one photo of the signing. N numbers the photos of a
// cooperation from 1 and is never given again, so that a link to a photo
// stays valid while others are removed.
type SigningPhoto struct {
	N          int       `json:"n"`
	File       File      `json:"file"`
	UploaderID int64     `json:"uploader_id"`
	Uploader   string    `json:"uploader"`
	CreatedAt  time.Time `json:"created_at"`
}

// SignedScan is what is recorded after the signing of a cooperation: the
// scan of the signed agreement, photos of the signing, the PPKSD of each
// party and the classification. Until it is submitted the PPKSD may
// change it; submitting moves the cooperation to Pemantauan.
type SignedScan struct {
	CooperationID  int64           `json:"cooperation_id"`
	Scan           *File           `json:"scan"`
	Photos         []SigningPhoto  `json:"photos"`
	NextPhoto      int             `json:"next_photo"`
	Officers       SigningOfficers `json:"officers"`
	Classification Classification  `json:"classification"`
	// Number is the document number of the numbered KB/PKS, recorded at
	// submission.
	Number          string    `json:"number,omitempty"`
	SubmittedAt     time.Time `json:"submitted_at,omitzero"`
	SubmittedBy     int64     `json:"submitted_by,omitempty"`
	SubmittedByName string    `json:"submitted_by_name,omitempty"`
	UpdatedAt       time.Time `json:"updated_at,omitzero"`
}

// Submitted reports whether the record was submitted (and the cooperation
// moved on to Pemantauan).
func (s *SignedScan) Submitted() bool { return !s.SubmittedAt.IsZero() }

// Photo returns photo n, or nil.
func (s *SignedScan) Photo(n int) *SigningPhoto {
	for i := range s.Photos {
		if s.Photos[i].N == n {
			return &s.Photos[i]
		}
	}
	return nil
}

// Missing lists, in Bahasa Indonesia, what must be recorded before the
// signing can be completed.
func (s *SignedScan) Missing() []string {
	var m []string
	if s.Scan == nil {
		m = append(m, "pindaian naskah yang telah ditandatangani (PDF)")
	}
	if len(s.Photos) == 0 {
		m = append(m, "foto penandatanganan (paling sedikit satu)")
	}
	m = append(m, s.Officers.City.Missing(sideCity)...)
	m = append(m, s.Officers.Partner.Missing(sidePartner)...)
	return append(m, s.Classification.Missing()...)
}

// SignedDetails is the form of the officers and the classification.
type SignedDetails struct {
	Officers       SigningOfficers `json:"officers"`
	Classification Classification  `json:"classification"`
}

// Validate normalises and checks the form.
func (d *SignedDetails) Validate() error {
	if err := d.Officers.Validate(); err != nil {
		return err
	}
	return d.Classification.Validate()
}

// CanRecordSigned reports whether u may record the signing of c, whatever
// its stage: the cooperation's own PPKSD and Kasubbag (for the office).
func CanRecordSigned(u *User, c *Cooperation) bool {
	if u == nil || !u.Active {
		return false
	}
	switch u.Role {
	case RolePPKSD:
		return u.Verified && c.IsOfficer(u.ID)
	case RoleKasubbag:
		return true
	}
	return false
}

// CheckRecordSigned returns nil when u may change the signing record of c
// now: EFORBIDDEN for anyone but its PPKSD and Kasubbag, ECONFLICT outside
// the stage penandatanganan.
func CheckRecordSigned(u *User, c *Cooperation) error {
	if !CanRecordSigned(u, c) {
		return Errorf(EFORBIDDEN, "Hanya PPKSD kerja sama ini atau Kasubbag yang dapat mengunggah naskah yang telah ditandatangani.")
	}
	if c.Stage != StagePenandatanganan {
		return Errorf(ECONFLICT, "Naskah yang telah ditandatangani hanya dapat diunggah pada tahap Penandatanganan (kerja sama ini pada tahap %s).", c.Stage.Label())
	}
	return nil
}

// SignedScanService keeps what is recorded after the signing. Whoever
// sees a cooperation sees its record; its PPKSD and Kasubbag change it
// while the cooperation is in penandatanganan and the record is not yet
// submitted. Every change is recorded in the audit log.
type SignedScanService interface {
	// FindSignedScan returns the record of cooperation id; before anything
	// was saved, an empty record whose city officer is pre-filled from the
	// cooperation's PPKSD-1.
	FindSignedScan(ctx context.Context, id int64) (*SignedScan, error)
	// SetSignedScan records the stored, already checked PDF as the scan,
	// replacing an earlier one.
	SetSignedScan(ctx context.Context, id int64, file File) (*SignedScan, error)
	// RemoveSignedScan removes the scan.
	RemoveSignedScan(ctx context.Context, id int64) (*SignedScan, error)
	// AddSigningPhoto adds a stored, already checked photo and returns it.
	AddSigningPhoto(ctx context.Context, id int64, file File) (*SigningPhoto, error)
	// DeleteSigningPhoto removes photo n.
	DeleteSigningPhoto(ctx context.Context, id int64, n int) (*SignedScan, error)
	// SaveSignedDetails saves the officers of both parties and the
	// classification.
	SaveSignedDetails(ctx context.Context, id int64, d SignedDetails) (*SignedScan, error)
	// SubmitSignedScan completes the signing: with everything recorded it
	// registers the scan as a final PDF, moves the cooperation to
	// Pemantauan and notifies the office (EINVALID naming what is missing).
	SubmitSignedScan(ctx context.Context, id int64) (*SignedScan, error)
}
