package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

// TestEvaluationThroughServer: the demo evaluation; a new evaluation
// filled against the questionnaire with an attachment, a note and its
// follow-up; the rights (403/404) and the stage (409: in pemantauan before
// the office opens the period); the admin edits the questionnaire and old
// answers keep their question; the pages.
func TestEvaluationThroughServer(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	ppksd := apiLoginCookie(t, base, "ppksd1", DemoPassword)
	akp := apiLoginCookie(t, base, "akp", DemoPassword)
	admin := apiLoginCookie(t, base, "admin", DemoPassword)
	tkksd := apiLoginCookie(t, base, "tkksd", DemoPassword)
	id := findCooperationID(t, m, demoMonitored[1])
	api := fmt.Sprintf("%s/api/v1/cooperations/%d/evaluations", base, id)
	year := demoEvaluationYear()

	var list struct {
		Evaluations   []*sepakat.Evaluation  `json:"evaluations"`
		Questionnaire *sepakat.Questionnaire `json:"questionnaire"`
	}
	if st := apiCall(t, akp, "GET", api, nil, &list); st != http.StatusOK || len(list.Evaluations) != 1 || len(list.Evaluations[0].Files) != 1 || list.Evaluations[0].Notes[0].FollowUp == nil || len(list.Questionnaire.Questions) == 0 {
		t.Fatalf("demo evaluations: %d %+v", st, list)
	}
	if st := apiCall(t, tkksd, "GET", api, nil, nil); st != http.StatusNotFound {
		t.Fatalf("TKKSD not granted: %d", st)
	}

	// A new annual evaluation: an incomplete form is 400, the office may
	// not fill (403), an unknown period is 404.
	answers := map[string]string{}
	for _, q := range list.Questionnaire.Questions {
		answers[q.ID] = map[sepakat.QuestionType]string{sepakat.QuestionScale: "5", sepakat.QuestionYesNo: "tidak", sepakat.QuestionText: "Jawaban " + q.ID}[q.Type]
	}
	one := fmt.Sprintf("%s/%d/tahunan", api, year)
	if st := apiCall(t, ppksd, "PUT", one, map[string]any{"answers": map[string]string{"manfaat": "3"}}, nil); st != http.StatusBadRequest {
		t.Fatalf("incomplete: %d", st)
	}
	if st := apiCall(t, akp, "PUT", one, map[string]any{"answers": answers}, nil); st != http.StatusForbidden {
		t.Fatalf("AKP fills: %d", st)
	}
	if st := apiCall(t, ppksd, "PUT", fmt.Sprintf("%s/%d/kuartal", api, year), map[string]any{"answers": answers}, nil); st != http.StatusNotFound {
		t.Fatalf("unknown period: %d", st)
	}
	var e sepakat.Evaluation
	if st := apiCall(t, ppksd, "PUT", one, map[string]any{"answers": answers}, &e); st != http.StatusOK || e.Value("keberlanjutan") != "tidak" {
		t.Fatalf("save: %d %+v", st, e)
	}
	// Attachments: an Excel (zip) file and a PDF; a text file refused.
	pdf, _ := os.ReadFile(lampiranPDF)
	docx, _ := demoDocs.ReadFile("demodocs/kb-v1.docx")
	for _, f := range []struct {
		name string
		data []byte
	}{{"rekap.xlsx", docx}, {"laporan.pdf", pdf}} {
		b, ct := multipartFile(f.name, f.data)
		if st, body := send(t, ppksd, "POST", one+"/files", b, ct); st != http.StatusCreated {
			t.Fatalf("attach %s: %d %s", f.name, st, body)
		}
	}
	b, ct := multipartFile("catatan.docx", []byte("bukan dokumen office"))
	if st, _ := send(t, ppksd, "POST", one+"/files", b, ct); st != http.StatusUnsupportedMediaType {
		t.Fatalf("text attachment: %d", st)
	}
	if st, data, _ := getBytes(t, akp, one+"/files/2"); st != http.StatusOK || !bytes.Equal(data, pdf) {
		t.Fatalf("download: %d", st)
	}
	// Note and follow-up.
	if st := apiCall(t, akp, "POST", one+"/notes", map[string]string{"text": "Rekomendasi perpanjangan perlu disertai alasan."}, nil); st != http.StatusCreated {
		t.Fatalf("note: %d", st)
	}
	if st := apiCall(t, ppksd, "POST", one+"/notes/1/follow-up", map[string]string{"text": "Alasan ditambahkan."}, &e); st != http.StatusOK || e.Notes[0].FollowUp == nil {
		t.Fatalf("follow-up: %d", st)
	}

	// In pemantauan: 409 until the office opens the period.
	mon := fmt.Sprintf("%s/api/v1/cooperations/%d/evaluations/%d/semester2", base, findCooperationID(t, m, demoMonitored[0]), year)
	if st := apiCall(t, ppksd, "PUT", mon, map[string]any{"answers": answers}, nil); st != http.StatusConflict {
		t.Fatalf("pemantauan before opening: %d", st)
	}
	if st := apiCall(t, ppksd, "POST", mon+"/open", nil, nil); st != http.StatusForbidden {
		t.Fatalf("PPKSD opens: %d", st)
	}
	if st := apiCall(t, akp, "POST", mon+"/open", nil, nil); st != http.StatusCreated {
		t.Fatalf("AKP opens: %d", st)
	}
	if st := apiCall(t, ppksd, "PUT", mon, map[string]any{"answers": answers}, nil); st != http.StatusOK {
		t.Fatalf("pemantauan after opening: %d", st)
	}

	// The questionnaire: the admin edits it (others 403); old answers keep
	// their question; the next save uses the new one.
	q := map[string]any{"questions": []map[string]any{{"id": "manfaat", "text": "Manfaat (teks baru)", "type": "scale", "required": true}}}
	if st := apiCall(t, akp, "PUT", base+"/api/v1/evaluation-questionnaire", q, nil); st != http.StatusForbidden {
		t.Fatalf("AKP edits the questionnaire: %d", st)
	}
	if st := apiCall(t, admin, "PUT", base+"/api/v1/evaluation-questionnaire", q, nil); st != http.StatusOK {
		t.Fatalf("admin edits the questionnaire: %d", st)
	}
	if st := apiCall(t, akp, "GET", one, nil, &e); st != http.StatusOK || len(e.Answers) != len(list.Questionnaire.Questions) {
		t.Fatalf("old answers: %d %+v", st, e.Answers)
	}
	for _, a := range e.Answers {
		if a.QuestionID == "manfaat" && a.Question == "Manfaat (teks baru)" {
			t.Fatal("an old answer took the new question text")
		}
	}
	st, html := send(t, admin, "GET", base+"/pengaturan/kuesioner-evaluasi", nil, "")
	if st != http.StatusOK || !bytes.Contains(html, []byte("manfaat | skala | wajib | Manfaat (teks baru)")) {
		t.Fatalf("questionnaire page: %d %.400s", st, html)
	}
	form := url.Values{"questions": {"manfaat | skala | wajib | Manfaat\n | uraian | opsional | Catatan lain"}}
	if st, _ := send(t, admin, "POST", base+"/pengaturan/kuesioner-evaluasi", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"); st != http.StatusSeeOther {
		t.Fatalf("questionnaire form: %d", st)
	}
	form = url.Values{"questions": {"manfaat | pilihan | wajib | Manfaat"}}
	if st, html := send(t, admin, "POST", base+"/pengaturan/kuesioner-evaluasi", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"); st != http.StatusBadRequest || !bytes.Contains(html, []byte("tidak dikenal")) {
		t.Fatalf("bad questionnaire form: %d", st)
	}

	// The cooperation page shows the evaluations and takes the PPKSD's
	// form (fields q_<id>) for a new period.
	page := fmt.Sprintf("%s/kerjasama/%d", base, id)
	if st, html := send(t, ppksd, "GET", page, nil, ""); st != http.StatusOK || !bytes.Contains(html, []byte(`id="evaluasi"`)) || !bytes.Contains(html, []byte("Tambah evaluasi")) || !bytes.Contains(html, []byte("Alasan ditambahkan.")) {
		t.Fatalf("page: %d", st)
	}
	form = url.Values{"year": {fmt.Sprint(year)}, "period": {"semester2"}, "q_manfaat": {"4"}, "q_q2": {"Tidak ada"}}
	if st, body := send(t, ppksd, "POST", page+"/evaluasi", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"); st != http.StatusSeeOther {
		t.Fatalf("page form: %d %.300s", st, body)
	}
	if st := apiCall(t, akp, "GET", fmt.Sprintf("%s/%d/semester2", api, year), nil, &e); st != http.StatusOK || e.Value("q2") != "Tidak ada" {
		t.Fatalf("saved through the page: %d %+v", st, e)
	}
}
