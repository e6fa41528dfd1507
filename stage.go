package sepakat

// Stage is where a cooperation stands in the process of DOMAIN.md.
type Stage string

// The stages in order. A cooperation starts in StageRegistrasi while its
// application is being written, and ends in StageSelesai or StageDitolak.
const (
	// StageRegistrasi: the PPKSD is writing the application; not yet submitted.
	StageRegistrasi Stage = "registrasi"
	// StagePermohonan: the application was submitted and awaits the office.
	StagePermohonan Stage = "permohonan"
	// StagePerencanaan: feasibility study (SK) and terms of reference (KAK).
	StagePerencanaan Stage = "perencanaan"
	// StageInisiasi: the offer and its documents (penawaran).
	StageInisiasi Stage = "inisiasi"
	// StagePersiapan: drafting and review of the KB/PKS text.
	StagePersiapan Stage = "persiapan"
	// StagePenomoran: the approved final draft receives its number.
	StagePenomoran Stage = "penomoran"
	// StagePenandatanganan: the signing, desk to desk or in person.
	StagePenandatanganan Stage = "penandatanganan"
	// StagePemantauan: monitoring of the running cooperation.
	StagePemantauan Stage = "pemantauan"
	// StageEvaluasi: evaluation of the cooperation.
	StageEvaluasi Stage = "evaluasi"
	// StageSelesai: the cooperation is finished.
	StageSelesai Stage = "selesai"
	// StageDitolak: the cooperation was rejected.
	StageDitolak Stage = "ditolak"
)

// Stages lists every stage in process order.
var Stages = []Stage{
	StageRegistrasi, StagePermohonan, StagePerencanaan, StageInisiasi, StagePersiapan,
	StagePenomoran, StagePenandatanganan, StagePemantauan, StageEvaluasi, StageSelesai, StageDitolak,
}

// Validate returns an EINVALID error for an unknown stage.
func (s Stage) Validate() error {
	for _, x := range Stages {
		if s == x {
			return nil
		}
	}
	return Errorf(EINVALID, "Tahap %q tidak dikenal.", string(s))
}

// Label is the stage's name as users read it.
func (s Stage) Label() string {
	switch s {
	case StageRegistrasi:
		return "Registrasi"
	case StagePermohonan:
		return "Permohonan"
	case StagePerencanaan:
		return "Perencanaan"
	case StageInisiasi:
		return "Inisiasi"
	case StagePersiapan:
		return "Persiapan"
	case StagePenomoran:
		return "Penomoran"
	case StagePenandatanganan:
		return "Penandatanganan"
	case StagePemantauan:
		return "Pemantauan"
	case StageEvaluasi:
		return "Evaluasi"
	case StageSelesai:
		return "Selesai"
	case StageDitolak:
		return "Ditolak"
	}
	return string(s)
}

// Description says in one sentence what happens in the stage.
func (s Stage) Description() string {
	switch s {
	case StageRegistrasi:
		return "Permohonan sedang disusun oleh PPKSD dan belum diajukan."
	case StagePermohonan:
		return "Permohonan telah diajukan dan menunggu penelaahan Bagian Kerja Sama."
	case StagePerencanaan:
		return "Penyusunan dan penelaahan Studi Kelayakan serta Kerangka Acuan Kerja."
	case StageInisiasi:
		return "Penyampaian surat penawaran dan dokumen pendukung."
	case StagePersiapan:
		return "Penyusunan dan pembahasan rancangan KB/PKS."
	case StagePenomoran:
		return "Pemberian nomor dan tanggal pada rancangan akhir yang disetujui."
	case StagePenandatanganan:
		return "Penandatanganan naskah, meja ke meja atau tatap muka."
	case StagePemantauan:
		return "Pemantauan pelaksanaan kerja sama paling sedikit setiap enam bulan."
	case StageEvaluasi:
		return "Evaluasi pelaksanaan kerja sama."
	case StageSelesai:
		return "Kerja sama telah selesai."
	case StageDitolak:
		return "Permohonan kerja sama ditolak."
	}
	return ""
}

// Index is the position of the stage in Stages, or -1.
func (s Stage) Index() int {
	for i, x := range Stages {
		if s == x {
			return i
		}
	}
	return -1
}

// Final reports whether no further transition leaves the stage.
func (s Stage) Final() bool { return s == StageSelesai || s == StageDitolak }

// Transition is one allowed move between stages and who may make it.
type Transition struct {
	From Stage
	To   Stage
	// Roles that may make the move. RolePPKSD means the cooperation's own
	// PPKSD only.
	Roles []Role
	// NoteRequired: the move must say why (returns and rejections).
	NoteRequired bool
	// Label is the action as the button reads.
	Label string
	// Via, when set, names the action through which the PPKSD makes this
	// move (with what it requires); the generic move refuses it to them.
	// The office may still make it directly.
	Via string
}

// Transitions is the one table of the allowed stage moves. Moving from
// registrasi to permohonan happens only by submitting the application (with
// the integrity pact), never through this table's generic move.
var Transitions = []Transition{
	{From: StagePermohonan, To: StagePerencanaan, Roles: []Role{RoleAKP, RoleARNP, RoleKasubbag}, Label: "Terima permohonan, lanjut ke Perencanaan"},
	{From: StagePermohonan, To: StageRegistrasi, Roles: []Role{RoleAKP, RoleARNP, RoleKasubbag}, NoteRequired: true, Label: "Kembalikan permohonan untuk diperbaiki"},
	{From: StagePerencanaan, To: StageInisiasi, Roles: []Role{RoleKasubbag}, Label: "Studi Kelayakan dan KAK diterima, lanjut ke Inisiasi"},
	{From: StageInisiasi, To: StagePersiapan, Roles: []Role{RoleKasubbag}, Label: "Dokumen penawaran lengkap, lanjut ke Persiapan"},
	{From: StagePersiapan, To: StagePenomoran, Roles: []Role{RoleKasubbag}, Label: "Rancangan akhir disetujui, lanjut ke Penomoran"},
	{From: StagePenomoran, To: StagePenandatanganan, Roles: []Role{RoleKasubbag}, Label: "Nomor diberikan, lanjut ke Penandatanganan"},
	{From: StagePenandatanganan, To: StagePemantauan, Roles: []Role{RolePPKSD, RoleKasubbag}, Label: "Naskah telah ditandatangani, lanjut ke Pemantauan",
		Via: "\"Selesaikan penandatanganan\" di bagian Naskah yang telah ditandatangani, setelah mengunggah pindaian naskah, foto, data PPKSD para pihak, dan klasifikasi"},
	{From: StagePemantauan, To: StageEvaluasi, Roles: []Role{RoleAKP, RoleARNP, RoleKasubbag}, Label: "Mulai Evaluasi"},
	{From: StageEvaluasi, To: StagePemantauan, Roles: []Role{RoleAKP, RoleARNP, RoleKasubbag}, Label: "Kembali ke Pemantauan"},
	{From: StageEvaluasi, To: StageSelesai, Roles: []Role{RoleKasubbag}, Label: "Nyatakan kerja sama selesai"},
	{From: StagePermohonan, To: StageDitolak, Roles: []Role{RoleKasubbag}, NoteRequired: true, Label: "Tolak kerja sama"},
	{From: StagePerencanaan, To: StageDitolak, Roles: []Role{RoleKasubbag}, NoteRequired: true, Label: "Tolak kerja sama"},
	{From: StageInisiasi, To: StageDitolak, Roles: []Role{RoleKasubbag}, NoteRequired: true, Label: "Tolak kerja sama"},
	{From: StagePersiapan, To: StageDitolak, Roles: []Role{RoleKasubbag}, NoteRequired: true, Label: "Tolak kerja sama"},
}

// FindTransition returns the table entry for from → to, if any.
func FindTransition(from, to Stage) (Transition, bool) {
	for _, t := range Transitions {
		if t.From == from && t.To == to {
			return t, true
		}
	}
	return Transition{}, false
}

// allows reports whether u may make t on c.
func (t Transition) allows(u *User, c *Cooperation) bool {
	if u == nil || !u.Active {
		return false
	}
	for _, r := range t.Roles {
		if r != u.Role {
			continue
		}
		if r == RolePPKSD {
			return c.IsOfficer(u.ID)
		}
		return true
	}
	return false
}

// AllowedTransitions lists the moves u may make on c now.
func AllowedTransitions(u *User, c *Cooperation) []Transition {
	var out []Transition
	for _, t := range Transitions {
		if t.From == c.Stage && t.allows(u, c) && !t.via(u) {
			out = append(out, t)
		}
	}
	return out
}

// via reports whether u must make t through its own action, not the
// generic move.
func (t Transition) via(u *User) bool {
	return t.Via != "" && u != nil && u.Role == RolePPKSD
}

// CheckGenericMove is CheckTransition for the generic stage move: a move
// the PPKSD makes through its own action (Transition.Via) is refused to
// them here with ECONFLICT, naming that action.
func CheckGenericMove(u *User, c *Cooperation, to Stage, note string) error {
	if err := CheckTransition(u, c, to, note); err != nil {
		return err
	}
	if t, _ := FindTransition(c.Stage, to); t.via(u) {
		return Errorf(ECONFLICT, "Lanjut ke tahap %s dilakukan melalui %s.", to.Label(), t.Via)
	}
	return nil
}

// CheckTransition returns nil when u may move c to the stage to with note,
// and otherwise an error saying why not: EINVALID for an unknown stage or a
// missing note, ECONFLICT for a move the table does not allow from the current
// stage, EFORBIDDEN for a move u's role may not make.
func CheckTransition(u *User, c *Cooperation, to Stage, note string) error {
	if err := to.Validate(); err != nil {
		return err
	}
	t, ok := FindTransition(c.Stage, to)
	if !ok {
		return Errorf(ECONFLICT, "Kerja sama pada tahap %s tidak dapat dipindahkan ke tahap %s.", c.Stage.Label(), to.Label())
	}
	if !t.allows(u, c) {
		return Errorf(EFORBIDDEN, "Anda tidak berwenang memindahkan kerja sama dari tahap %s ke tahap %s.", c.Stage.Label(), to.Label())
	}
	if t.NoteRequired && len([]rune(trimSpace(note))) < 5 {
		return Errorf(EINVALID, "Tuliskan alasan (paling sedikit 5 huruf) untuk langkah ini.")
	}
	return nil
}
