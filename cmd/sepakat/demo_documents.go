package main

import (
	"bytes"
	"context"
	"embed"
	"fmt"

	"github.com/sepakat/sepakat"
)

//go:embed demodocs/kb-v1.docx demodocs/kb-v2.docx demodocs/kb-v2-tkksd.docx
var demoDocs embed.FS

// seedDemoDocuments gives the cooperation in Persiapan its Kesepakatan
// Bersama under review: version 1 and 2 uploaded by the ARNP, the session
// open, the TKKSD member and PPKSD-1 granted, a comment of each in the page
// and the TKKSD member's marked-up Word copy of version 2.
func seedDemoDocuments(as func(*sepakat.User) context.Context, docs sepakat.DocumentService, blobs sepakat.BlobStore, word sepakat.WordEngine, coop *sepakat.Cooperation, arnp, tkksd, ppksd *sepakat.User) error {
	ctx := as(arnp)
	d, err := docs.CreateDocument(ctx, coop.ID, sepakat.DocumentKB, "Kesepakatan Bersama tentang Kalender Event Pariwisata Terpadu", 0)
	if err != nil {
		return fmt.Errorf("demo document: %w", err)
	}
	if _, err := docs.SetSession(ctx, d.ID, true); err != nil {
		return fmt.Errorf("demo step 1: %w", err)
	}
	for _, g := range []struct {
		login string
		right sepakat.Right
	}{{tkksd.Login, sepakat.RightComment}, {ppksd.Login, sepakat.RightComment}, {ppksd.Login, sepakat.RightApprove}} {
		if _, err := docs.GrantDocument(ctx, d.ID, g.login, g.right); err != nil {
			return fmt.Errorf("demo grant %s: %w", g.login, err)
		}
	}
	store := func(owner *sepakat.User, name string) (sepakat.File, []byte, error) {
		data, err := demoDocs.ReadFile("demodocs/" + name)
		if err != nil {
			return sepakat.File{}, nil, err
		}
		sha, size, ct, err := blobs.Put(as(owner), bytes.NewReader(data), sepakat.MaxDraftSize, word.CheckDocx)
		if err != nil {
			return sepakat.File{}, nil, fmt.Errorf("demo %s: %w", name, err)
		}
		return sepakat.File{SHA256: sha, Size: size, Name: name, ContentType: ct, UploadedBy: owner.ID}, data, nil
	}
	f1, v1, err := store(arnp, "kb-v1.docx")
	if err != nil {
		return fmt.Errorf("demo step 2: %w", err)
	}
	if _, err := docs.AddVersion(ctx, d.ID, f1, "Rancangan awal dari PPKSD", nil); err != nil {
		return fmt.Errorf("demo step 3: %w", err)
	}
	// A remark on version 1, carried forward to version 2.
	if _, err := docs.AddReviewItem(as(ppksd), d.ID, 1, sepakat.ReviewInput{
		Kind: sepakat.ReviewComment, Quote: "3 (tiga) bulan", Paragraph: demoParagraph(word, v1, "3 (tiga) bulan"), Pasal: 3, Ayat: 2,
		Text: "Tiga bulan terlalu singkat untuk menyiapkan PKS; usul enam bulan.",
	}); err != nil {
		return fmt.Errorf("demo step 4: %w", err)
	}
	f2, v2, err := store(arnp, "kb-v2.docx")
	if err != nil {
		return fmt.Errorf("demo step 5: %w", err)
	}
	carry, err := word.Carry(bytes.NewReader(v1), bytes.NewReader(v2), int64(len(v1)), int64(len(v2)))
	if err != nil {
		return fmt.Errorf("demo step 6: %w", err)
	}
	if _, err := docs.AddVersion(ctx, d.ID, f2, "Revisi atas usulan PPKSD: jangka waktu PKS enam bulan, ruang lingkup ditambah", carry); err != nil {
		return fmt.Errorf("demo step 7: %w", err)
	}
	if _, err := docs.AddReviewItem(as(tkksd), d.ID, 2, sepakat.ReviewInput{
		Kind: sepakat.ReviewComment, Quote: "Anggaran Pendapatan dan Belanja Daerah", Paragraph: demoParagraph(word, v2, "Anggaran Pendapatan dan Belanja Daerah"), Pasal: 4,
		Text: "Perlu ditegaskan bahwa tidak ada transfer dana antardaerah.",
	}); err != nil {
		return fmt.Errorf("demo step 8: %w", err)
	}
	fc, copyData, err := store(tkksd, "kb-v2-tkksd.docx")
	if err != nil {
		return fmt.Errorf("demo step 9: %w", err)
	}
	ex, err := word.Extract(bytes.NewReader(v2), bytes.NewReader(copyData), int64(len(v2)), int64(len(copyData)), tkksd.Name)
	if err != nil {
		return fmt.Errorf("demo copy: %w", err)
	}
	if _, _, err := docs.AddReviewUpload(as(tkksd), d.ID, 2, fc, ex.Items); err != nil {
		return fmt.Errorf("demo step 10: %w", err)
	}
	return nil
}

// demoParagraph returns the index of the first paragraph of a demo draft
// holding quote.
func demoParagraph(word sepakat.WordEngine, data []byte, quote string) int {
	ps, err := word.Paragraphs(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0
	}
	for _, p := range ps {
		if bytes.Contains([]byte(p.Text), []byte(quote)) {
			return p.Index
		}
	}
	return 0
}
