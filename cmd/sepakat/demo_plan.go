package main

import (
	"context"
	"fmt"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

// demoPlanSK is the Studi Kelayakan of the demo cooperation in
// Perencanaan ("Pelatihan dan Sertifikasi Pemandu Wisata").
var demoPlanSK = sepakat.PlanFieldsInput{
	"background": "Jumlah kunjungan wisatawan ke Kota Samarinda meningkat setiap tahun, tetapi baru sebagian kecil pemandu wisata yang memiliki sertifikat kompetensi. " +
		"Dinas Pariwisata dan Ekonomi Kreatif memerlukan mitra yang memiliki lembaga sertifikasi profesi untuk meningkatkan mutu layanan pemanduan.",
	"purpose":         "Meningkatkan kompetensi dan jumlah pemandu wisata bersertifikat di Kota Samarinda melalui pelatihan dan uji kompetensi bersama Politeknik Negeri Samarinda.",
	"scope":           "Pelatihan pemandu wisata umum dan wisata budaya, uji kompetensi oleh lembaga sertifikasi profesi, pendampingan pascasertifikasi, dan pertukaran data pemandu bersertifikat.",
	"partner_profile": "Politeknik Negeri Samarinda memiliki program studi usaha perjalanan wisata dan lembaga sertifikasi profesi berlisensi BNSP, serta pengalaman melatih pelaku wisata sejak 2015.",
	"benefits":        "Bertambahnya paling sedikit 120 pemandu wisata bersertifikat dalam tiga tahun, meningkatnya mutu layanan dan lama tinggal wisatawan, serta terbukanya lapangan kerja bagi lulusan.",
	"costs":           "Biaya pelatihan dari APBD Dinas Pariwisata dan Ekonomi Kreatif (sekitar Rp450.000.000 per tahun); sarana pelatihan dan asesor disediakan mitra sesuai kemampuan.",
	"risks":           "Risiko rendahnya minat peserta dimitigasi dengan sosialisasi melalui asosiasi pemandu; risiko biaya uji kompetensi dimitigasi dengan pembagian biaya yang disepakati dalam PKS.",
	"conclusion":      "Kerja sama layak dilanjutkan ke tahap penyusunan Kerangka Acuan Kerja dan Inisiasi.",
}

// seedDemoPlan gives the demo cooperation in Perencanaan a submitted
// Studi Kelayakan with one opinion of the AKP.
func seedDemoPlan(as func(*sepakat.User) context.Context, db *storage.DB, c *sepakat.Cooperation, akp, ppksd *sepakat.User) error {
	in := sepakat.PlanFieldsInput{}
	for k, v := range demoPlanSK {
		in[k] = v
	}
	if _, err := db.SavePlan(as(ppksd), c.ID, sepakat.PlanSK, in); err != nil {
		return fmt.Errorf("demo studi kelayakan: %w", err)
	}
	if _, err := db.SubmitPlan(as(ppksd), c.ID, sepakat.PlanSK); err != nil {
		return fmt.Errorf("demo studi kelayakan: submit: %w", err)
	}
	if _, err := db.AddPlanOpinion(as(akp), c.ID, sepakat.PlanSK, sepakat.OpinionInput{
		Opinion: sepakat.OpinionApprove,
		Note:    "Analisis manfaat dan biaya memadai; mohon target jumlah pemandu per tahun dirinci pada KAK.",
	}); err != nil {
		return fmt.Errorf("demo studi kelayakan: opinion: %w", err)
	}
	return nil
}
