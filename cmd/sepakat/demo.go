package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/signing"
	"github.com/sepakat/sepakat/storage"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "sepakat-demo"

const demoBanner = `Demo mode: log in with any of these accounts, password "sepakat-demo":
  ppksd1, ppksd2   PPKSD (liaison officers) of Dinas Pariwisata dan Ekonomi Kreatif
  akp              cooperation analyst (AKP)
  arnp             legal drafter (ARNP)
  kasubbag         head of the cooperation sub-section (Kasubbag KSD)
  tkksd            member of the coordination team (TKKSD)
  protokol         protocol office
  admin            administrator
`

// demoStaff are the office accounts of the demo.
var demoStaff = []sepakat.NewUser{
	{Login: "akp", Email: "akp@demo.sepakat.id", Name: "Dewi Lestari, S.E.", Role: sepakat.RoleAKP},
	{Login: "arnp", Email: "arnp@demo.sepakat.id", Name: "Bayu Pratama, S.H.", Role: sepakat.RoleARNP, NIP: "198703142010011002"},
	{Login: "kasubbag", Email: "kasubbag@demo.sepakat.id", Name: "Hendra Gunawan, S.H., M.H.", Role: sepakat.RoleKasubbag, NIP: "197905202005011003"},
	{Login: "tkksd", Email: "tkksd@demo.sepakat.id", Name: "Sri Handayani, S.T.", Role: sepakat.RoleTKKSD},
	{Login: "protokol", Email: "protokol@demo.sepakat.id", Name: "Yudi Prasetyo", Role: sepakat.RoleProtokol},
	{Login: "admin", Email: "admin@demo.sepakat.id", Name: "Administrator", Role: sepakat.RoleAdmin},
}

// demoCooperation is one cooperation of the demo and the stage it ends in.
type demoCooperation struct {
	title, affair, partner string
	kind                   sepakat.CooperationKind
	partnerKind            sepakat.InstitutionKind
	stage                  sepakat.Stage
}

var demoCooperations = []demoCooperation{
	{"Pengembangan Desa Wisata Berbasis Masyarakat", "Pariwisata", "Pemerintah Kabupaten Kutai Kartanegara", sepakat.KindKSDD, sepakat.InstitutionPemerintahDaerah, sepakat.StagePermohonan},
	{"Pelatihan dan Sertifikasi Pemandu Wisata", "Pariwisata", "Politeknik Negeri Samarinda", sepakat.KindKSDPK, sepakat.InstitutionPerguruanTinggi, sepakat.StagePerencanaan},
	{"Pengelolaan Sampah Kawasan Wisata Tepian Sungai", "Lingkungan Hidup", "PT Bumi Lestari Mandiri", sepakat.KindKSDPK, sepakat.InstitutionPerusahaan, sepakat.StageInisiasi},
	{"Kalender Event Pariwisata Terpadu", "Pariwisata", "Pemerintah Kota Balikpapan", sepakat.KindKSDD, sepakat.InstitutionPemerintahDaerah, sepakat.StagePersiapan},
	{"Sertifikasi Usaha Homestay", "Pariwisata", "Asosiasi Homestay Indonesia", sepakat.KindKSDPK, sepakat.InstitutionOrganisasi, sepakat.StagePenomoran},
	{"Festival Budaya Pesisir Bersama", "Kebudayaan", "Pemerintah Kabupaten Berau", sepakat.KindKSDD, sepakat.InstitutionPemerintahDaerah, sepakat.StagePenandatanganan},
	{"Digitalisasi Tiket Destinasi Wisata", "Komunikasi dan Informatika", "PT Nusantara Digital Solusi", sepakat.KindKSDPK, sepakat.InstitutionPerusahaan, sepakat.StagePemantauan},
	{"Pertukaran Seniman dan Pelajar Seni Budaya", "Kebudayaan", "Pemerintah Kota Yogyakarta", sepakat.KindKSDD, sepakat.InstitutionPemerintahDaerah, sepakat.StageEvaluasi},
	{"Pameran Kerajinan Daerah", "Perindustrian", "Dewan Kerajinan Nasional Daerah", sepakat.KindKSDPK, sepakat.InstitutionOrganisasi, sepakat.StageSelesai},
	{"Pembangunan Wahana Rekreasi Air", "Pariwisata", "PT Tirta Wahana Sejahtera", sepakat.KindKSDPK, sepakat.InstitutionPerusahaan, sepakat.StageDitolak},
}

// seedDemo fills an empty data directory through the real services, acting
// as each role in turn, so that demo data obeys every rule real data does.
func seedDemo(sys context.Context, db *storage.DB, blobs sepakat.BlobStore, word sepakat.WordEngine) error {
	as := func(u *sepakat.User) context.Context { return sepakat.NewContextWithUser(sys, u) }
	staff := map[string]*sepakat.User{}
	for _, n := range demoStaff {
		n.Password = DemoPassword
		u, err := db.CreateUser(sys, n)
		if err != nil {
			return fmt.Errorf("create %s: %w", n.Login, err)
		}
		staff[n.Login] = u
	}

	// Two institutions: one verified (ppksd1, ppksd2), one waiting in Verifikasi Data.
	inst := sepakat.Institution{
		Name: "Dinas Pariwisata dan Ekonomi Kreatif", Kind: sepakat.InstitutionPerangkatDaerah, City: "Kota Samarinda",
		Address: "Jl. Jenderal Sudirman No. 1, Samarinda", Phone: "0541 123456", Email: "dispar@demo.sepakat.id", Website: "dispar.demo.sepakat.id",
	}
	p1, p2, err := demoRegistration(sys, db, blobs, inst,
		[2]demoOfficer{{"ppksd1", "Rina Wulandari, S.E.", "Kepala Bidang Destinasi", "198805122011012001"}, {"ppksd2", "Agus Santoso, S.Kom.", "Analis Kebijakan", "199001202015031002"}})
	if err != nil {
		return err
	}
	reg, err := db.MyRegistration(as(p1))
	if err != nil {
		return err
	}
	if _, err := db.DecideRegistration(as(staff["akp"]), reg.ID, true, ""); err != nil {
		return fmt.Errorf("approve demo registration: %w", err)
	}
	if _, _, err := demoRegistration(sys, db, blobs, sepakat.Institution{
		Name: "Universitas Nusantara Timur", Kind: sepakat.InstitutionPerguruanTinggi, City: "Kota Samarinda",
		Address: "Jl. Kampus No. 10, Samarinda", Phone: "0541 765432", Email: "kerjasama@demo-unt.ac.id",
	}, [2]demoOfficer{{"ppksd3", "Dr. Maya Sari, M.Pd.", "Kepala Kantor Urusan Kerja Sama", ""}, {"ppksd4", "Fajar Nugroho, S.Sos.", "Staf Kerja Sama", ""}}); err != nil {
		return err
	}
	// Reload the approved officers: they are verified now.
	if p1, err = db.FindUserByID(sys, p1.ID); err != nil {
		return err
	}
	if p2, err = db.FindUserByID(sys, p2.ID); err != nil {
		return err
	}

	// A draft application, then one cooperation standing at each later stage.
	draft := demoApplication(demoCooperation{"Promosi Wisata Bersama Kawasan Teluk", "Pariwisata", "Pemerintah Kabupaten Penajam Paser Utara", sepakat.KindKSDD, sepakat.InstitutionPemerintahDaerah, sepakat.StageRegistrasi}, p2.ID)
	draft.Preparation.Analysis, draft.Preparation.Funding = "", ""
	if _, err := db.CreateCooperation(as(p1), draft); err != nil {
		return fmt.Errorf("demo draft: %w", err)
	}
	for _, dc := range demoCooperations {
		c, err := db.CreateCooperation(as(p1), demoApplication(dc, p2.ID))
		if err != nil {
			return fmt.Errorf("demo %q: %w", dc.title, err)
		}
		if c, err = db.SubmitCooperation(as(p1), c.ID, true); err != nil {
			return fmt.Errorf("submit %q: %w", dc.title, err)
		}
		if err := advanceDemo(db, as, staff, p1, c, dc.stage); err != nil {
			return fmt.Errorf("advance %q: %w", dc.title, err)
		}
		if dc.stage == sepakat.StageInisiasi {
			if err := seedDemoInitiation(as, db, blobs, word, c, staff["akp"], p1); err != nil {
				return err
			}
		}
		if dc.stage == sepakat.StagePerencanaan {
			if err := seedDemoPlan(as, db, c, staff["akp"], p1); err != nil {
				return err
			}
		}
		if dc.stage == sepakat.StagePersiapan {
			if _, err := db.GrantAccess(as(staff["arnp"]), c.ID, staff["tkksd"].ID); err != nil {
				return err
			}
			if c, err = db.FindCooperationByID(as(staff["arnp"]), c.ID); err != nil {
				return err
			}
			if err := seedDemoDocuments(as, db, blobs, word, c, staff["arnp"], staff["tkksd"], p1); err != nil {
				return err
			}
		}
	}
	if err := seedDemoRouting(sys, db, staff, p1, p2); err != nil {
		return err
	}
	if err := seedDemoSigning(sys, db, staff, p1, p2); err != nil {
		return err
	}
	if err := seedDemoMonitoring(sys, db, blobs, staff, p1); err != nil {
		return err
	}
	return nil
}

type demoOfficer struct{ login, name, position, nip string }

// demoRegistration signs up two officers and files a complete registration
// for them (letter and photos included), submitted for verification.
func demoRegistration(sys context.Context, db *storage.DB, blobs sepakat.BlobStore, inst sepakat.Institution, o [2]demoOfficer) (*sepakat.User, *sepakat.User, error) {
	var users [2]*sepakat.User
	for i, off := range o {
		u, err := db.SignUp(sys, sepakat.NewUser{Login: off.login, Email: off.login + "@demo.sepakat.id", Name: off.name, NIP: off.nip, Role: sepakat.RolePPKSD, Password: DemoPassword})
		if err != nil {
			return nil, nil, fmt.Errorf("sign up %s: %w", off.login, err)
		}
		users[i] = u
	}
	ctx := sepakat.NewContextWithUser(sys, users[0])
	in := sepakat.RegistrationInput{
		Institution:   inst,
		Officer1:      sepakat.Officer{Name: o[0].name, NIP: o[0].nip, Position: o[0].position, Phone: "0812 5555 0101", NIK: "6472010101900001"},
		Officer2Login: o[1].login,
		Officer2:      sepakat.Officer{Name: o[1].name, NIP: o[1].nip, Position: o[1].position, Phone: "0812 5555 0202", NIK: "6472010101900002"},
	}
	if _, err := db.SaveRegistration(ctx, in); err != nil {
		return nil, nil, fmt.Errorf("save registration: %w", err)
	}
	var letter bytes.Buffer
	if err := signing.WriteAssignmentLetter(&letter, signing.AssignmentLetter{
		Institution: inst.Name, City: inst.City, Number: "800/123/DEMO/2026",
		Officers: [2]string{o[0].name, o[1].name}, Positions: [2]string{o[0].position, o[1].position},
		Signatory: "Kepala " + inst.Name, Date: "2 November 2026",
	}); err != nil {
		return nil, nil, err
	}
	files := []struct {
		slot  sepakat.RegistrationSlot
		name  string
		data  []byte
		check sepakat.ContentCheck
	}{
		{sepakat.SlotLetter, "surat-tugas.pdf", letter.Bytes(), signing.ValidatePDF},
		{sepakat.SlotPhoto1, "foto-" + o[0].login + ".png", demoPhoto(0), nil},
		{sepakat.SlotPhoto2, "foto-" + o[1].login + ".png", demoPhoto(1), nil},
	}
	for _, f := range files {
		sha, size, ct, err := blobs.Put(ctx, bytes.NewReader(f.data), sepakat.MaxPDFSize, f.check)
		if err != nil {
			return nil, nil, fmt.Errorf("store %s: %w", f.name, err)
		}
		if ct == "application/octet-stream" {
			ct = "image/png"
		}
		if _, err := db.AttachRegistrationFile(ctx, f.slot, sepakat.File{SHA256: sha, Size: size, Name: f.name, ContentType: ct, UploadedBy: users[0].ID}); err != nil {
			return nil, nil, err
		}
	}
	if _, err := db.SubmitRegistration(ctx); err != nil {
		return nil, nil, fmt.Errorf("submit registration: %w", err)
	}
	return users[0], users[1], nil
}

// advanceDemo walks c from permohonan to target along the transition table.
func advanceDemo(db *storage.DB, as func(*sepakat.User) context.Context, staff map[string]*sepakat.User, ppksd *sepakat.User, c *sepakat.Cooperation, target sepakat.Stage) error {
	path := []sepakat.Stage{sepakat.StagePerencanaan, sepakat.StageInisiasi, sepakat.StagePersiapan, sepakat.StagePenomoran,
		sepakat.StagePenandatanganan, sepakat.StagePemantauan, sepakat.StageEvaluasi, sepakat.StageSelesai}
	for _, next := range path {
		if c.Stage == target {
			return nil
		}
		if target == sepakat.StageDitolak && c.Stage == sepakat.StagePerencanaan {
			break
		}
		// The office moves them all: the demo's later cooperations were
		// signed before Sepakat, so no signed scan finishes their signing.
		var err error
		if c, err = db.TransitionCooperation(as(staff["kasubbag"]), c.ID, next, "Data demo."); err != nil {
			return err
		}
	}
	if target == sepakat.StageDitolak {
		_, err := db.TransitionCooperation(as(staff["kasubbag"]), c.ID, sepakat.StageDitolak, "Studi kelayakan menunjukkan manfaat tidak sebanding dengan risiko fiskal daerah.")
		return err
	}
	return nil
}

// demoApplication fills the three parts of the form.
func demoApplication(dc demoCooperation, ppksd2 int64) sepakat.ApplicationInput {
	return sepakat.ApplicationInput{
		Title: dc.title, Affair: dc.affair, Kind: dc.kind, PPKSD2ID: ppksd2,
		Partners: []sepakat.Partner{{Name: dc.partner, Kind: dc.partnerKind}},
		Preparation: sepakat.Preparation{
			Background: "Potensi " + dc.affair + " daerah belum dikelola secara terpadu. Kerja sama dengan " + dc.partner + " diperlukan untuk meningkatkan pelayanan publik dan daya saing daerah.",
			Purpose:    "Maksud kerja sama adalah " + dc.title + ". Tujuannya meningkatkan kualitas layanan dan jumlah penerima manfaat sebesar 20% dalam dua tahun.",
			Location:   "Wilayah Kota Samarinda dan wilayah mitra.",
			Scope:      "Perencanaan bersama, pelaksanaan kegiatan, peningkatan kapasitas sumber daya manusia, serta pertukaran data dan informasi.",
			Roles:      "Pemerintah Kota menyediakan kebijakan, data, dan fasilitasi; " + dc.partner + " menyediakan tenaga ahli dan sarana pendukung.",
			Term:       "5 (lima) tahun sejak ditandatangani, karena kegiatan memerlukan siklus perencanaan dan evaluasi jangka menengah.",
			Benefits:   "Meningkatnya kualitas layanan, terbukanya lapangan kerja, dan bertambahnya pendapatan masyarakat.",
			Analysis:   "Sosial: partisipasi masyarakat meningkat. Ekonomi: perputaran ekonomi lokal bertambah. Lingkungan: kegiatan mengikuti kaidah kelestarian lingkungan.",
			Funding:    "Anggaran Pendapatan dan Belanja Daerah masing-masing pihak serta sumber lain yang sah dan tidak mengikat.",
		},
	}
}

// demoPhoto draws a simple portrait placeholder as a PNG.
func demoPhoto(seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 240, 320))
	bg := []color.RGBA{{0xb0, 0x1e, 0x23, 0xff}, {0x1e, 0x4e, 0xa8, 0xff}}[seed%2]
	for y := range 320 {
		for x := range 240 {
			c := bg
			dx, dy := x-120, y-120
			if dx*dx+dy*dy < 55*55 || (y > 200 && (x-120)*(x-120)/4+(y-330)*(y-330)/9 < 1800) {
				c = color.RGBA{0xee, 0xe6, 0xda, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
