package sepakat

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// CooperationKind says with whom the city cooperates.
type CooperationKind string

// The cooperation kinds of PP 28/2018.
const (
	// KindKSDD is a cooperation with another region (Kerja Sama Daerah dengan Daerah lain).
	KindKSDD CooperationKind = "ksdd"
	// KindKSDPK is a cooperation with a third party (Kerja Sama Daerah dengan Pihak Ketiga).
	KindKSDPK CooperationKind = "ksdpk"
)

// Label is the kind as users read it.
func (k CooperationKind) Label() string {
	switch k {
	case KindKSDD:
		return "KSDD — dengan Daerah Lain"
	case KindKSDPK:
		return "KSDPK — dengan Pihak Ketiga"
	}
	return string(k)
}

// Validate returns an EINVALID error for an unknown kind.
func (k CooperationKind) Validate() error {
	if k == KindKSDD || k == KindKSDPK {
		return nil
	}
	return Errorf(EINVALID, "Jenis kerja sama harus KSDD (dengan daerah lain) atau KSDPK (dengan pihak ketiga).")
}

// Partner is the other party of a cooperation.
type Partner struct {
	Name    string          `json:"name"`
	Kind    InstitutionKind `json:"kind"`
	Address string          `json:"address,omitempty"`
}

// Preparation is the preparation data of Permendagri 22/2020 art. 7.
type Preparation struct {
	Background string `json:"background"` // latar belakang
	Purpose    string `json:"purpose"`    // maksud dan tujuan
	Location   string `json:"location"`   // lokasi
	Scope      string `json:"scope"`      // ruang lingkup
	Roles      string `json:"roles"`      // peran para pihak
	Term       string `json:"term"`       // jangka waktu
	Benefits   string `json:"benefits"`   // manfaat
	Analysis   string `json:"analysis"`   // analisa dampak sosial, ekonomi, lingkungan
	Funding    string `json:"funding"`    // pembiayaan
}

// PreparationFields names the preparation fields with their labels, in form order.
func (p *Preparation) Fields() []PreparationField {
	return []PreparationField{
		{"background", "Latar belakang", &p.Background},
		{"purpose", "Maksud dan tujuan", &p.Purpose},
		{"location", "Lokasi kerja sama", &p.Location},
		{"scope", "Ruang lingkup", &p.Scope},
		{"roles", "Peran para pihak", &p.Roles},
		{"term", "Jangka waktu", &p.Term},
		{"benefits", "Manfaat", &p.Benefits},
		{"analysis", "Analisa (dampak sosial, ekonomi, dan lingkungan)", &p.Analysis},
		{"funding", "Pembiayaan", &p.Funding},
	}
}

// PreparationField is one field of the preparation data.
type PreparationField struct {
	Key   string
	Label string
	Value *string
}

// StageChange is one move in a cooperation's history.
type StageChange struct {
	From   Stage     `json:"from"`
	To     Stage     `json:"to"`
	ByID   int64     `json:"by_id"`
	ByName string    `json:"by_name"`
	At     time.Time `json:"at"`
	Note   string    `json:"note,omitempty"`
}

// Grant gives a TKKSD member access to a cooperation.
type Grant struct {
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	GrantedBy int64     `json:"granted_by"`
	GrantedAt time.Time `json:"granted_at"`
}

// Cooperation is one regional cooperation, from application to evaluation.
type Cooperation struct {
	ID int64 `json:"id"`
	// Code is the unique, human-readable code given at submission
	// (e.g. KSD-2026-0007); empty while the application is a draft.
	Code   string          `json:"code"`
	Title  string          `json:"title"`
	Affair string          `json:"affair"` // urusan pemerintahan
	Kind   CooperationKind `json:"kind"`
	Stage  Stage           `json:"stage"`
	// Applicant is the proposing institution as it stood on the form.
	Applicant     Institution   `json:"applicant"`
	InstitutionID int64         `json:"institution_id"`
	PPKSD1ID      int64         `json:"ppksd1_id"`
	PPKSD2ID      int64         `json:"ppksd2_id"`
	Partners      []Partner     `json:"partners"`
	Preparation   Preparation   `json:"preparation"`
	IntegrityPact time.Time     `json:"integrity_pact_at,omitzero"`
	SubmittedAt   time.Time     `json:"submitted_at,omitzero"`
	Grants        []Grant       `json:"grants"`
	History       []StageChange `json:"history"`
	CreatedBy     int64         `json:"created_by"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

// IsOfficer reports whether user id is PPKSD-1 or PPKSD-2 of c.
func (c *Cooperation) IsOfficer(id int64) bool {
	return id != 0 && (c.PPKSD1ID == id || c.PPKSD2ID == id)
}

// IsGranted reports whether user id holds a TKKSD grant on c.
func (c *Cooperation) IsGranted(id int64) bool {
	for _, g := range c.Grants {
		if g.UserID == id {
			return true
		}
	}
	return false
}

// PartnerNames joins the partners' names.
func (c *Cooperation) PartnerNames() string {
	var names []string
	for _, p := range c.Partners {
		names = append(names, p.Name)
	}
	return strings.Join(names, "; ")
}

// Missing lists, in Bahasa Indonesia, what must be filled before submission.
func (c *Cooperation) Missing() []string {
	var m []string
	if c.Title == "" {
		m = append(m, "judul")
	}
	if c.Affair == "" {
		m = append(m, "urusan")
	}
	if c.Kind == "" {
		m = append(m, "jenis kerja sama")
	}
	if len(c.Partners) == 0 {
		m = append(m, "mitra kerja sama")
	}
	if c.Applicant.Name == "" {
		m = append(m, "nama instansi pemohon")
	}
	if c.PPKSD2ID == 0 {
		m = append(m, "PPKSD-2")
	}
	for _, f := range c.Preparation.Fields() {
		if strings.TrimSpace(*f.Value) == "" {
			m = append(m, strings.ToLower(f.Label))
		}
	}
	return m
}

// CanView reports whether u may see c. PPKSD see their own cooperations;
// office staff see all; TKKSD what they were granted; Protokol the
// cooperations in the signing stage; admins manage accounts, not cooperations.
func CanView(u *User, c *Cooperation) bool {
	if u == nil || !u.Active {
		return false
	}
	switch u.Role {
	case RolePPKSD:
		return u.Verified && (c.IsOfficer(u.ID) || c.CreatedBy == u.ID)
	case RoleAKP, RoleARNP, RoleKasubbag:
		return true
	case RoleTKKSD:
		return c.IsGranted(u.ID)
	case RoleProtokol:
		return c.Stage == StagePenandatanganan
	}
	return false
}

// CanEditApplication reports whether u may change c's application form.
func CanEditApplication(u *User, c *Cooperation) bool {
	return u != nil && u.Active && u.Role == RolePPKSD && u.Verified &&
		c.Stage == StageRegistrasi && (c.IsOfficer(u.ID) || c.CreatedBy == u.ID)
}

// CanGrant reports whether u may grant TKKSD members access to c.
func CanGrant(u *User, c *Cooperation) bool {
	return u != nil && u.Active && u.Role.IsOffice() && !c.Stage.Final()
}

// ApplicationInput is the three-part application form. PPKSD-1 is the
// caller; PPKSD-2 is chosen among the verified officers of the same
// institution.
type ApplicationInput struct {
	Title       string          `json:"title"`
	Affair      string          `json:"affair"`
	Kind        CooperationKind `json:"kind"`
	Applicant   Institution     `json:"applicant"`
	PPKSD2ID    int64           `json:"ppksd2_id"`
	Partners    []Partner       `json:"partners"`
	Preparation Preparation     `json:"preparation"`
}

// MaxPreparationText is the longest preparation field, in characters.
const MaxPreparationText = 20000

// Validate normalises and checks the form. A draft may be incomplete; only
// the formats are checked here (see Cooperation.Missing for completeness).
func (in *ApplicationInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	in.Affair = strings.TrimSpace(in.Affair)
	if utf8.RuneCountInString(in.Title) > 500 {
		return Errorf(EINVALID, "Judul terlalu panjang (paling banyak 500 huruf).")
	}
	if utf8.RuneCountInString(in.Affair) > 200 {
		return Errorf(EINVALID, "Urusan terlalu panjang (paling banyak 200 huruf).")
	}
	if in.Kind != "" {
		if err := in.Kind.Validate(); err != nil {
			return err
		}
	}
	if in.Applicant.Kind == "" {
		in.Applicant.Kind = InstitutionPerangkatDaerah
	}
	if in.Applicant.Name != "" {
		if err := in.Applicant.Validate(); err != nil {
			return err
		}
	}
	if len(in.Partners) > 20 {
		return Errorf(EINVALID, "Mitra kerja sama paling banyak 20.")
	}
	partners := in.Partners[:0]
	for _, p := range in.Partners {
		p.Name = strings.TrimSpace(p.Name)
		p.Address = strings.TrimSpace(p.Address)
		if p.Name == "" {
			continue
		}
		if utf8.RuneCountInString(p.Name) > 300 || utf8.RuneCountInString(p.Address) > 500 {
			return Errorf(EINVALID, "Nama atau alamat mitra terlalu panjang.")
		}
		if p.Kind == "" {
			p.Kind = InstitutionPemerintahDaerah
		}
		if err := p.Kind.Validate(); err != nil {
			return err
		}
		partners = append(partners, p)
	}
	in.Partners = partners
	for _, f := range in.Preparation.Fields() {
		*f.Value = strings.TrimSpace(*f.Value)
		if utf8.RuneCountInString(*f.Value) > MaxPreparationText {
			return Errorf(EINVALID, "Isian %s terlalu panjang (paling banyak %d huruf).", strings.ToLower(f.Label), MaxPreparationText)
		}
	}
	return nil
}

// CooperationFilter selects cooperations for the list page.
type CooperationFilter struct {
	Query  string // words in code, title, partner or institution
	Stage  Stage  // empty for all
	Offset int
	Limit  int // 0 means DefaultPageSize
}

// DefaultPageSize is the number of cooperations on one list page.
const DefaultPageSize = 50

// CooperationSummary is the list-row view of a cooperation.
type CooperationSummary struct {
	ID          int64           `json:"id"`
	Code        string          `json:"code"`
	Title       string          `json:"title"`
	Stage       Stage           `json:"stage"`
	Kind        CooperationKind `json:"kind"`
	Institution string          `json:"institution"`
	Partners    string          `json:"partners"`
	UpdatedAt   time.Time       `json:"updated_at"`
	// TermEnd is the end of the term of a signed cooperation still
	// running (see CooperationExpiry); zero otherwise.
	TermEnd time.Time `json:"term_end,omitzero"`
}

// Expiry is the expiry flag of the row now.
func (s CooperationSummary) Expiry() ExpiryFlag { return ExpiryFlagAt(s.TermEnd, time.Now()) }

// CooperationService keeps cooperations and their stages.
type CooperationService interface {
	// CreateCooperation starts an application (stage registrasi) by a verified PPKSD.
	CreateCooperation(ctx context.Context, in ApplicationInput) (*Cooperation, error)
	// UpdateCooperation changes the application while it is a draft.
	UpdateCooperation(ctx context.Context, id int64, in ApplicationInput) (*Cooperation, error)
	// SubmitCooperation submits a complete application with the integrity pact
	// accepted, gives it its code and moves it to permohonan.
	SubmitCooperation(ctx context.Context, id int64, integrityPact bool) (*Cooperation, error)
	// FindCooperationByID returns a cooperation the caller may see (ENOTFOUND otherwise).
	FindCooperationByID(ctx context.Context, id int64) (*Cooperation, error)
	// FindCooperations lists the cooperations the caller may see, newest
	// change first, and the total that matched.
	FindCooperations(ctx context.Context, f CooperationFilter) ([]CooperationSummary, int, error)
	// CountByStage counts the cooperations the caller may see per stage.
	CountByStage(ctx context.Context) (map[Stage]int, error)
	// TransitionCooperation moves a cooperation per the Transitions table.
	TransitionCooperation(ctx context.Context, id int64, to Stage, note string) (*Cooperation, error)
	// GrantAccess gives a TKKSD member access; RevokeAccess takes it back.
	GrantAccess(ctx context.Context, id int64, userID int64) (*Cooperation, error)
	RevokeAccess(ctx context.Context, id int64, userID int64) (*Cooperation, error)
}
