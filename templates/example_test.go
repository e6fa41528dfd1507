package templates_test

import (
	"fmt"
	"time"

	"github.com/sepakat/sepakat/templates"
)

func ExampleTerbilang() {
	fmt.Println(templates.Terbilang(1500000))
	fmt.Println(templates.Rupiah(250000000))
	fmt.Println(templates.Term(5))
	fmt.Println(templates.SpelledDate(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)))
	// Output:
	// satu juta lima ratus ribu
	// Rp250.000.000,00 (dua ratus lima puluh juta rupiah)
	// 5 (lima) tahun
	// Pada hari ini Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam
}

func ExampleFill() {
	kb, err := templates.Builtin("kb")
	if err != nil {
		panic(err)
	}
	data := templates.Data{
		Title:    "Kerja Sama di Bidang Pendidikan",
		Date:     "2026-11-23",
		Location: "Balai Kota Samarinda",
		Parties: []templates.Party{
			{Name: "Dr. H. Andi Harun", Position: "Wali Kota Samarinda", Institution: "Pemerintah Kota Samarinda",
				Address: "Jalan Kesuma Bangsa Nomor 1, Samarinda", Number: "000.3.1/088/HK-KS/XI/2026"},
			{Name: "Prof. Dr. Abdunnur", Position: "Rektor Universitas Mulawarman", Institution: "Universitas Mulawarman",
				Address: "Jalan Kuaro, Samarinda", Number: "1123/UN17/HK.07.00/2026"},
		},
		LegalBasis: []string{"Peraturan Pemerintah Nomor 28 Tahun 2018 tentang Kerja Sama Daerah"},
		Purpose:    "sebagai landasan kerja sama PARA PIHAK",
		Objective:  "meningkatkan kualitas pelayanan publik",
		Scope:      []string{"pendidikan dan pelatihan", "penelitian"},
		TermYears:  5,
		Value:      100000000,
		Funding:    "APBD Kota Samarinda",
	}
	if _, err := templates.Fill(kb, data); err != nil {
		panic(err)
	}
	data.Funding = ""
	_, err = templates.Fill(kb, data)
	fmt.Println(err)
	// Output:
	// data kosong untuk {{SUMBER_DANA}} (funding)
}
