package sepakat

import (
	"context"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// PlanKind names one of the two documents of Perencanaan.
type PlanKind string

// The documents of Perencanaan (SOP 16/PDK/2021), in the order they are
// written: the KAK opens once the Studi Kelayakan is accepted.
const (
	// PlanSK is the Studi Kelayakan (feasibility study).
	PlanSK PlanKind = "sk"
	// PlanKAK is the Kerangka Acuan Kerja (terms of reference).
	PlanKAK PlanKind = "kak"
)

// PlanKinds lists the documents in order.
var PlanKinds = []PlanKind{PlanSK, PlanKAK}

// Validate returns an ENOTFOUND error for an unknown document (it comes from
// a path).
func (k PlanKind) Validate() error {
	if k == PlanSK || k == PlanKAK {
		return nil
	}
	return Errorf(ENOTFOUND, "Dokumen perencanaan %q tidak dikenal.", string(k))
}

// Label is the document's name as users read it.
func (k PlanKind) Label() string {
	if k == PlanKAK {
		return "Kerangka Acuan Kerja"
	}
	return "Studi Kelayakan"
}

// PrintTitle is the heading of the printed document.
func (k PlanKind) PrintTitle() string {
	if k == PlanKAK {
		return "KERANGKA ACUAN KERJA"
	}
	return "STUDI KELAYAKAN KERJA SAMA DAERAH"
}

// Slug is the document's part of the page address.
func (k PlanKind) Slug() string {
	if k == PlanKAK {
		return "kak"
	}
	return "studi-kelayakan"
}

// PlanField is one section of a planning document.
type PlanField struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Hint  string `json:"hint"`
}

// MaxPlanFieldLength is the longest text of one section, in characters.
const MaxPlanFieldLength = 20000

// Fields lists the sections of the document in print order. The Studi
// Kelayakan follows the feasibility study of Permendagri 22/2020 (art. 7
// and 21); the KAK the usual terms of reference of a regional government.
// Every section is required to submit.
func (k PlanKind) Fields() []PlanField {
	if k == PlanKAK {
		return []PlanField{
			{"background", "Latar belakang", "Dasar hukum dan alasan kegiatan kerja sama."},
			{"purpose", "Maksud dan tujuan", "Apa yang hendak dicapai dengan kerja sama."},
			{"targets", "Sasaran", "Sasaran dan keluaran (output) yang terukur."},
			{"scope", "Ruang lingkup kegiatan", "Kegiatan yang dilaksanakan para pihak."},
			{"schedule", "Jadwal pelaksanaan", "Tahapan dan waktu pelaksanaan kegiatan."},
			{"funding", "Pembiayaan", "Sumber dan perkiraan biaya (APBD, mitra, lainnya)."},
			{"executor", "Pelaksana", "Perangkat daerah dan pihak yang melaksanakan."},
		}
	}
	return []PlanField{
		{"background", "Latar belakang", "Kondisi dan permasalahan yang mendorong kerja sama."},
		{"purpose", "Maksud dan tujuan", "Maksud dan tujuan kerja sama daerah."},
		{"scope", "Ruang lingkup", "Objek dan ruang lingkup kerja sama."},
		{"partner_profile", "Profil calon mitra", "Kedudukan, kemampuan, dan rekam jejak calon mitra."},
		{"benefits", "Analisis manfaat", "Manfaat bagi daerah dan masyarakat."},
		{"costs", "Analisis biaya", "Perkiraan biaya dan sumber pembiayaan."},
		{"risks", "Analisis risiko", "Risiko sosial, ekonomi, lingkungan, hukum, dan mitigasinya."},
		{"conclusion", "Kesimpulan dan rekomendasi", "Layak atau tidaknya kerja sama dilanjutkan."},
	}
}

// PlanState is where one planning document stands.
type PlanState string

// The states of a planning document: draft → submitted → reviewed (at least
// one opinion) → accepted, revise (back to the PPKSD, who submits again) or
// rejected (the cooperation is rejected with it).
const (
	PlanDraft     PlanState = "draft"
	PlanSubmitted PlanState = "submitted"
	PlanReviewed  PlanState = "reviewed"
	PlanAccepted  PlanState = "accepted"
	PlanRevise    PlanState = "revise"
	PlanRejected  PlanState = "rejected"
)

// Label is the state as users read it.
func (s PlanState) Label() string {
	switch s {
	case PlanDraft, "":
		return "Draf"
	case PlanSubmitted:
		return "Diajukan, menunggu penelaahan"
	case PlanReviewed:
		return "Ditelaah, menunggu keputusan Kasubbag"
	case PlanAccepted:
		return "Diterima"
	case PlanRevise:
		return "Perlu diperbaiki"
	case PlanRejected:
		return "Ditolak"
	}
	return string(s)
}

// Opinion is a reviewer's opinion on a submitted planning document.
type Opinion string

// The opinions of SOP 16: reject, revise, approve, or no opinion.
const (
	OpinionReject  Opinion = "reject"
	OpinionRevise  Opinion = "revise"
	OpinionApprove Opinion = "approve"
	OpinionNone    Opinion = "none"
)

// Opinions lists the opinions in the order of the form.
var Opinions = []Opinion{OpinionApprove, OpinionRevise, OpinionReject, OpinionNone}

// Validate returns an EINVALID error for an unknown opinion.
func (o Opinion) Validate() error {
	for _, x := range Opinions {
		if o == x {
			return nil
		}
	}
	return Errorf(EINVALID, "Pendapat harus salah satu dari: setuju, perbaiki, tolak, atau tidak berpendapat.")
}

// Label is the opinion as users read it.
func (o Opinion) Label() string {
	switch o {
	case OpinionReject:
		return "Tolak"
	case OpinionRevise:
		return "Perbaiki"
	case OpinionApprove:
		return "Setuju"
	case OpinionNone:
		return "Tidak berpendapat"
	}
	return string(o)
}

// Decision is Kasubbag's decision on a submitted planning document.
type Decision string

// The decisions: accepted, revise (back to the PPKSD), rejected (ends the
// cooperation).
const (
	DecisionAccepted Decision = "accepted"
	DecisionRevise   Decision = "revise"
	DecisionRejected Decision = "rejected"
)

// Decisions lists the decisions in the order of the form.
var Decisions = []Decision{DecisionAccepted, DecisionRevise, DecisionRejected}

// Validate returns an EINVALID error for an unknown decision.
func (d Decision) Validate() error {
	for _, x := range Decisions {
		if d == x {
			return nil
		}
	}
	return Errorf(EINVALID, "Keputusan harus salah satu dari: diterima, diperbaiki, atau ditolak.")
}

// Label is the decision as users read it.
func (d Decision) Label() string {
	switch d {
	case DecisionAccepted:
		return "Diterima"
	case DecisionRevise:
		return "Diperbaiki"
	case DecisionRejected:
		return "Ditolak"
	}
	return string(d)
}

// State is the document's state after the decision.
func (d Decision) State() PlanState {
	switch d {
	case DecisionAccepted:
		return PlanAccepted
	case DecisionRevise:
		return PlanRevise
	}
	return PlanRejected
}

// PlanOpinion is one reviewer's opinion in one round. Round counts the
// submissions from 1; earlier rounds stay in the history.
type PlanOpinion struct {
	Round      int       `json:"round"`
	ReviewerID int64     `json:"reviewer_id"`
	Reviewer   string    `json:"reviewer"`
	Role       Role      `json:"role"`
	Opinion    Opinion   `json:"opinion"`
	Note       string    `json:"note"`
	At         time.Time `json:"at"`
}

// PlanDecision is one decision of Kasubbag.
type PlanDecision struct {
	Round    int       `json:"round"`
	Decision Decision  `json:"decision"`
	Note     string    `json:"note"`
	ByID     int64     `json:"by_id"`
	ByName   string    `json:"by_name"`
	At       time.Time `json:"at"`
}

// PlanSubmission records one submission of the document.
type PlanSubmission struct {
	Round  int       `json:"round"`
	ByID   int64     `json:"by_id"`
	ByName string    `json:"by_name"`
	At     time.Time `json:"at"`
}

// PlanDoc is one planning document with its whole review history.
type PlanDoc struct {
	Kind        PlanKind          `json:"kind"`
	State       PlanState         `json:"state"`
	Fields      map[string]string `json:"fields"`
	Round       int               `json:"round"`
	Submissions []PlanSubmission  `json:"submissions"`
	Opinions    []PlanOpinion     `json:"opinions"`
	Decisions   []PlanDecision    `json:"decisions"`
	UpdatedAt   time.Time         `json:"updated_at,omitzero"`
	UpdatedBy   string            `json:"updated_by,omitempty"`
}

// Field returns the text of section key.
func (d *PlanDoc) Field(key string) string { return d.Fields[key] }

// Missing lists the labels of the empty sections.
func (d *PlanDoc) Missing() []string {
	var m []string
	for _, f := range d.Kind.Fields() {
		if strings.TrimSpace(d.Fields[f.Key]) == "" {
			m = append(m, strings.ToLower(f.Label))
		}
	}
	return m
}

// CurrentOpinions are the opinions of the current round, the latest of
// each reviewer.
func (d *PlanDoc) CurrentOpinions() []PlanOpinion {
	var out []PlanOpinion
	seen := map[int64]int{}
	for _, o := range d.Opinions {
		if o.Round != d.Round {
			continue
		}
		if i, ok := seen[o.ReviewerID]; ok {
			out[i] = o
			continue
		}
		seen[o.ReviewerID] = len(out)
		out = append(out, o)
	}
	return out
}

// LastDecision is the latest decision, or nil.
func (d *PlanDoc) LastDecision() *PlanDecision {
	if len(d.Decisions) == 0 {
		return nil
	}
	return &d.Decisions[len(d.Decisions)-1]
}

// Plan is the Perencanaan record of a cooperation: its Studi Kelayakan and
// its KAK.
type Plan struct {
	CooperationID int64   `json:"cooperation_id"`
	SK            PlanDoc `json:"sk"`
	KAK           PlanDoc `json:"kak"`
}

// NewPlan is the empty record of cooperation id.
func NewPlan(id int64) *Plan {
	p := &Plan{CooperationID: id}
	p.Normalize()
	return p
}

// Normalize fills what an older or empty record lacks.
func (p *Plan) Normalize() {
	for _, k := range PlanKinds {
		d := p.Doc(k)
		d.Kind = k
		if d.State == "" {
			d.State = PlanDraft
		}
		if d.Fields == nil {
			d.Fields = map[string]string{}
		}
		if d.Submissions == nil {
			d.Submissions = []PlanSubmission{}
		}
		if d.Opinions == nil {
			d.Opinions = []PlanOpinion{}
		}
		if d.Decisions == nil {
			d.Decisions = []PlanDecision{}
		}
	}
}

// Doc returns the document of kind k.
func (p *Plan) Doc(k PlanKind) *PlanDoc {
	if k == PlanKAK {
		return &p.KAK
	}
	return &p.SK
}

// Complete reports whether both documents were accepted.
func (p *Plan) Complete() bool { return p.SK.State == PlanAccepted && p.KAK.State == PlanAccepted }

// PlanAction is one step of the review loop.
type PlanAction string

// The actions on a planning document.
const (
	PlanActionSave    PlanAction = "save"
	PlanActionSubmit  PlanAction = "submit"
	PlanActionOpinion PlanAction = "opinion"
	PlanActionDecide  PlanAction = "decide"
)

// planActor reports whether u's role may take action on c at all.
func planActor(u *User, c *Cooperation, a PlanAction) bool {
	if u == nil || !u.Active {
		return false
	}
	switch a {
	case PlanActionSave, PlanActionSubmit:
		return u.Role == RolePPKSD && u.Verified && c.IsOfficer(u.ID)
	case PlanActionOpinion:
		switch u.Role {
		case RoleAKP, RoleARNP:
			return true
		case RoleTKKSD:
			return c.IsGranted(u.ID)
		}
	case PlanActionDecide:
		return u.Role == RoleKasubbag
	}
	return false
}

// CanPlan reports whether u may take action on document k of c now.
func CanPlan(u *User, c *Cooperation, p *Plan, k PlanKind, a PlanAction) bool {
	return CheckPlan(u, c, p, k, a) == nil
}

// CheckPlan returns nil when u may take action a on document k of c now:
// EFORBIDDEN when u's role may not (the PPKSD of c save and submit; AKP,
// ARNP and granted TKKSD give opinions; Kasubbag decides), ECONFLICT when
// the cooperation is not in Perencanaan, the KAK is asked for before the
// Studi Kelayakan is accepted, or the document's state does not allow it.
func CheckPlan(u *User, c *Cooperation, p *Plan, k PlanKind, a PlanAction) error {
	if err := k.Validate(); err != nil {
		return err
	}
	if !planActor(u, c, a) {
		switch a {
		case PlanActionSave, PlanActionSubmit:
			return Errorf(EFORBIDDEN, "Hanya PPKSD kerja sama ini yang dapat mengisi dan mengajukan %s.", k.Label())
		case PlanActionOpinion:
			return Errorf(EFORBIDDEN, "Hanya AKP, ARNP, atau anggota TKKSD yang diberi hak akses yang dapat memberi pendapat atas %s.", k.Label())
		default:
			return Errorf(EFORBIDDEN, "Hanya Kasubbag yang dapat memutuskan %s.", k.Label())
		}
	}
	if c.Stage != StagePerencanaan {
		return Errorf(ECONFLICT, "%s hanya dapat diubah pada tahap Perencanaan (kerja sama ini pada tahap %s).", k.Label(), c.Stage.Label())
	}
	if k == PlanKAK && p.SK.State != PlanAccepted {
		return Errorf(ECONFLICT, "Kerangka Acuan Kerja dibuka setelah Studi Kelayakan diterima.")
	}
	d := p.Doc(k)
	switch a {
	case PlanActionSave, PlanActionSubmit:
		if d.State != PlanDraft && d.State != PlanRevise {
			return Errorf(ECONFLICT, "%s berstatus %q dan tidak dapat diubah atau diajukan.", k.Label(), d.State.Label())
		}
	case PlanActionOpinion, PlanActionDecide:
		if d.State != PlanSubmitted && d.State != PlanReviewed {
			return Errorf(ECONFLICT, "%s berstatus %q; pendapat dan keputusan hanya atas dokumen yang diajukan.", k.Label(), d.State.Label())
		}
	default:
		return Errorf(EINVALID, "Tindakan %q tidak dikenal.", string(a))
	}
	return nil
}

// maxPlanNote is the longest note of an opinion or a decision.
const maxPlanNote = 4000

// PlanFieldsInput is the form of a planning document: section key → text.
type PlanFieldsInput map[string]string

// Validate normalises the texts (trimmed, line ends unified) and checks the
// keys and lengths for document k.
func (in PlanFieldsInput) Validate(k PlanKind) error {
	known := map[string]string{}
	for _, f := range k.Fields() {
		known[f.Key] = f.Label
	}
	for key, v := range in {
		label, ok := known[key]
		if !ok {
			return Errorf(EINVALID, "Bagian %q tidak ada pada %s.", key, k.Label())
		}
		v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
		if utf8.RuneCountInString(v) > MaxPlanFieldLength {
			return Errorf(EINVALID, "Bagian %s terlalu panjang (paling banyak %d huruf).", label, MaxPlanFieldLength)
		}
		in[key] = v
	}
	return nil
}

// OpinionInput is a reviewer's opinion with notes.
type OpinionInput struct {
	Opinion Opinion `json:"opinion"`
	Note    string  `json:"note"`
}

// Validate checks the opinion; reject and revise must say why.
func (in *OpinionInput) Validate() error {
	in.Note = strings.TrimSpace(in.Note)
	if err := in.Opinion.Validate(); err != nil {
		return err
	}
	if utf8.RuneCountInString(in.Note) > maxPlanNote {
		return Errorf(EINVALID, "Catatan terlalu panjang (paling banyak %d huruf).", maxPlanNote)
	}
	if (in.Opinion == OpinionReject || in.Opinion == OpinionRevise) && utf8.RuneCountInString(in.Note) < 5 {
		return Errorf(EINVALID, "Tuliskan catatan (paling sedikit 5 huruf) untuk pendapat %q.", in.Opinion.Label())
	}
	return nil
}

// DecisionInput is Kasubbag's decision with a note.
type DecisionInput struct {
	Decision Decision `json:"decision"`
	Note     string   `json:"note"`
}

// Validate checks the decision; revise and rejected must say why.
func (in *DecisionInput) Validate() error {
	in.Note = strings.TrimSpace(in.Note)
	if err := in.Decision.Validate(); err != nil {
		return err
	}
	if utf8.RuneCountInString(in.Note) > maxPlanNote {
		return Errorf(EINVALID, "Catatan terlalu panjang (paling banyak %d huruf).", maxPlanNote)
	}
	if in.Decision != DecisionAccepted && utf8.RuneCountInString(in.Note) < 5 {
		return Errorf(EINVALID, "Tuliskan catatan (paling sedikit 5 huruf) untuk keputusan %q.", in.Decision.Label())
	}
	return nil
}

// PlanService keeps the Perencanaan records. Whoever sees a cooperation
// sees its record; every save, submission, opinion and decision is written
// to the audit log; a submission notifies the reviewers, a decision the
// PPKSD. A rejection moves the cooperation to Ditolak.
type PlanService interface {
	FindPlan(ctx context.Context, id int64) (*Plan, error)
	SavePlan(ctx context.Context, id int64, k PlanKind, in PlanFieldsInput) (*Plan, error)
	SubmitPlan(ctx context.Context, id int64, k PlanKind) (*Plan, error)
	AddPlanOpinion(ctx context.Context, id int64, k PlanKind, in OpinionInput) (*Plan, error)
	DecidePlan(ctx context.Context, id int64, k PlanKind, in DecisionInput) (*Plan, error)
}

// PlanPrint is what a printed planning document shows.
type PlanPrint struct {
	Kind  PlanKind
	Code  string
	Title string
	// Institution is the proposing agency; HeadTitle its head's position
	// for the signature block (e.g. "Kepala Dinas Pariwisata").
	Institution string
	City        string
	HeadTitle   string
	Partners    string
	Sections    []PlanPrintSection
	State       PlanState
	PrintedAt   time.Time
}

// PlanPrintSection is one printed section.
type PlanPrintSection struct {
	Label string
	Text  string
}

// NewPlanPrint assembles the print of document k of c.
func NewPlanPrint(c *Cooperation, p *Plan, k PlanKind, at time.Time) PlanPrint {
	d := p.Doc(k)
	pp := PlanPrint{
		Kind: k, Code: c.Code, Title: c.Title, Institution: c.Applicant.Name, City: c.Applicant.City,
		HeadTitle: HeadTitle(c.Applicant.Name), Partners: c.PartnerNames(), State: d.State, PrintedAt: at,
	}
	for _, f := range k.Fields() {
		pp.Sections = append(pp.Sections, PlanPrintSection{Label: f.Label, Text: d.Fields[f.Key]})
	}
	return pp
}

// HeadTitle is the position of the head of an institution, read from its
// name: "Kepala Dinas …" for an agency, "Rektor …" for a university,
// "Pimpinan …" otherwise.
func HeadTitle(institution string) string {
	name := strings.TrimSpace(institution)
	lower := strings.ToLower(name)
	for _, prefix := range []string{"dinas ", "badan ", "kantor ", "bagian ", "sekretariat ", "inspektorat", "satuan ", "kecamatan ", "kelurahan "} {
		if strings.HasPrefix(lower, prefix) {
			return "Kepala " + name
		}
	}
	if strings.HasPrefix(lower, "universitas ") || strings.HasPrefix(lower, "institut ") {
		return "Rektor " + name
	}
	if name == "" {
		return "Pimpinan Instansi Pemrakarsa"
	}
	return "Pimpinan " + name
}

// PlanPrinter prints planning documents as PDFs (the signing package).
type PlanPrinter interface {
	PrintPlan(ctx context.Context, w io.Writer, p PlanPrint) error
}
