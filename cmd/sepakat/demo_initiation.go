package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/signing"
	"github.com/sepakat/sepakat/storage"
)

// demoInitiationTitle is the demo cooperation in stage inisiasi, whose
// checklist the demo fills in part.
const demoInitiationTitle = "Pengelolaan Sampah Kawasan Wisata Tepian Sungai"

// seedDemoInitiation fills part of the checklist of the demo cooperation
// in stage inisiasi: the PPKSD uploads the offer letter and the draft KB
// (the demo KB), the AKP notes that the signed SK and KAK are missing, and
// the PPKSD answers in the discussion. The signed SK and KAK and the deed
// of the company stay missing, so that the Kasubbag cannot yet declare it
// complete.
func seedDemoInitiation(as func(*sepakat.User) context.Context, db *storage.DB, blobs sepakat.BlobStore, word sepakat.WordEngine, c *sepakat.Cooperation, akp, ppksd *sepakat.User) error {
	partner := ""
	if len(c.Partners) > 0 {
		partner = c.Partners[0].Name
	}
	var letter bytes.Buffer
	if err := signing.WriteOfferLetter(&letter, signing.OfferLetter{
		Institution: "Dinas Pariwisata dan Ekonomi Kreatif", City: "Kota Samarinda", Number: "500/321/DISPAR/2026",
		Addressee: "Wali Kota Samarinda", Title: c.Title,
		Body: "Bersama ini kami sampaikan penawaran kerja sama " + c.Title + " dengan " + partner +
			". Sebagai bahan pertimbangan kami lampirkan rancangan Kesepakatan Bersama. Atas perhatian Bapak/Ibu kami ucapkan terima kasih.",
		Signatory: "Kepala Dinas Pariwisata dan Ekonomi Kreatif", Date: "9 November 2026",
	}); err != nil {
		return err
	}
	draft, err := demoDocs.ReadFile("demodocs/kb-v1.docx")
	if err != nil {
		return err
	}
	ctx := as(ppksd)
	for _, f := range []struct {
		item  sepakat.InitiationItem
		name  string
		data  []byte
		check sepakat.ContentCheck
		kind  sepakat.DocumentKind
	}{
		{sepakat.ItemOfferLetter, "surat-penawaran.pdf", letter.Bytes(), signing.ValidatePDF, ""},
		{sepakat.ItemDraft, "rancangan-kb.docx", draft, word.CheckDocx, sepakat.DocumentKB},
	} {
		sha, size, ct, err := blobs.Put(ctx, bytes.NewReader(f.data), sepakat.MaxInitiationFileSize, f.check)
		if err != nil {
			return fmt.Errorf("store %s: %w", f.name, err)
		}
		if _, err := db.AddInitiationFile(ctx, c.ID, f.item, sepakat.File{SHA256: sha, Size: size, Name: f.name, ContentType: ct}, f.kind); err != nil {
			return fmt.Errorf("demo initiation %s: %w", f.name, err)
		}
	}
	if _, err := db.AddInitiationNote(as(akp), c.ID, "", "Studi Kelayakan dan KAK yang telah ditandatangani Kepala Dinas belum diunggah; akta pendirian PT juga diperlukan."); err != nil {
		return fmt.Errorf("demo initiation note: %w", err)
	}
	if _, err := db.AddInitiationMessage(as(ppksd), c.ID, "Baik, Studi Kelayakan dan KAK sedang dimintakan tanda tangan Kepala Dinas; akta pendirian kami minta dari pihak PT."); err != nil {
		return fmt.Errorf("demo initiation message: %w", err)
	}
	return nil
}
