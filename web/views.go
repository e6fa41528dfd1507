package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

//go:embed templates/*.html static
var assets embed.FS

// views holds one parsed template set per page: the layout plus the page.
type views struct {
	pages map[string]*template.Template
}

// pageData is what every page template receives.
type pageData struct {
	Title   string
	User    *sepakat.User
	Unread  int
	Nav     string
	Flash   string
	Message string
	Status  int
	Demo    bool
	Form    map[string]string
	Data    any
}

var jakarta = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return time.FixedZone("WIB", 7*3600)
	}
	return loc
}()

var monthNames = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// tanggal formats t as an Indonesian date and time in WIB.
func tanggal(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(jakarta)
	return fmt.Sprintf("%d %s %d %02d.%02d WIB", t.Day(), monthNames[t.Month()-1], t.Year(), t.Hour(), t.Minute())
}

var funcs = template.FuncMap{
	"tanggal": tanggal,
	"stages":  func() []sepakat.Stage { return sepakat.Stages },
	"roles":   func() []sepakat.Role { return sepakat.Roles },
	"institutionKinds": func() []sepakat.InstitutionKind {
		return sepakat.InstitutionKinds
	},
	"add": func(a, b int) int { return a + b },
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"deref": func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	},
	"join": strings.Join,
	"hasRole": func(u *sepakat.User, roles ...string) bool {
		if u == nil {
			return false
		}
		for _, r := range roles {
			if string(u.Role) == r {
				return true
			}
		}
		return false
	},
	"isOffice": func(u *sepakat.User) bool { return u != nil && u.Role.IsOffice() },
	"short": func(s string, n int) string {
		r := []rune(s)
		if len(r) <= n {
			return s
		}
		return string(r[:n]) + "…"
	},
	"stageState": func(current, s sepakat.Stage) string {
		if current == sepakat.StageDitolak {
			return "todo"
		}
		ci, si := current.Index(), s.Index()
		switch {
		case si < ci:
			return "done"
		case si == ci:
			return "current"
		}
		return "todo"
	},
	"mainStages": func() []sepakat.Stage { return sepakat.Stages[:len(sepakat.Stages)-1] },
	"kb":         func(n int64) string { return fmt.Sprintf("%.0f KB", float64(n)/1024) },
	"query": func(kv ...any) template.URL {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			if s := fmt.Sprint(kv[i+1]); s != "" && s != "0" {
				v.Set(fmt.Sprint(kv[i]), s)
			}
		}
		return template.URL("?" + v.Encode())
	},
}

func parseViews() (*views, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(assets, n)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", n, err)
		}
		v.pages[base] = t
	}
	for _, need := range requiredPages {
		if v.pages[need] == nil {
			return nil, fmt.Errorf("template %s.html is missing", need)
		}
	}
	return v, nil
}

// requiredPages are the templates the handlers render.
var requiredPages = []string{
	"error", "login", "signup", "registration", "verifications", "verification",
	"dashboard", "profile", "cooperations", "cooperation", "application",
	"notifications", "users", "audit", "document", "version", "compare", "lint", "register",
	"knowledge", "verify", "calendar",
	"routing_defaults", "plan",
}

// render writes page with status 200.
func (s *Server) render(c *gin.Context, page string, d pageData) {
	s.renderStatus(c, http.StatusOK, page, d)
}

func (s *Server) renderStatus(c *gin.Context, status int, page string, d pageData) {
	t := s.views.pages[page]
	if t == nil {
		s.Logger.Error("missing template", "page", page)
		c.String(http.StatusInternalServerError, "Terjadi kesalahan internal.")
		return
	}
	if d.User == nil {
		d.User = sepakat.UserFromContext(c.Request.Context())
	}
	if d.User != nil && s.Notifications != nil && d.User.ID != 0 {
		if n, err := s.Notifications.UnreadCount(c.Request.Context()); err == nil {
			d.Unread = n
		}
	}
	if d.Flash == "" {
		d.Flash = flashText(c.Query("ok"))
	}
	d.Demo = s.Demo
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", d); err != nil {
		s.Logger.Error("render", "page", page, "err", err)
		c.String(http.StatusInternalServerError, "Terjadi kesalahan internal.")
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// flashes are the confirmation messages shown after a redirect (?ok=key).
var flashes = map[string]string{
	"tersimpan":        "Perubahan telah disimpan.",
	"terkirim":         "Registrasi telah dikirim untuk diverifikasi. Anda akan menerima notifikasi setelah diperiksa.",
	"diunggah":         "Berkas telah diunggah.",
	"diajukan":         "Permohonan telah diajukan. Simpan kode kerja sama Anda.",
	"dipindahkan":      "Tahap kerja sama telah diperbarui.",
	"diputuskan":       "Keputusan verifikasi telah disimpan.",
	"akses":            "Hak akses TKKSD telah diperbarui.",
	"komentar":         "Komentar telah disimpan.",
	"salinan":          "Salinan Word telah diunggah; komentar dan usulan di dalamnya ditampilkan pada naskah.",
	"tanggapan":        "Tanggapan telah disimpan.",
	"disetujui":        "Persetujuan Anda telah dicatat.",
	"terkirim-pesan":   "Pesan telah dikirim.",
	"dibuat":           "Data telah dibuat.",
	"sandi":            "Kata sandi telah diganti.",
	"dibaca":           "Notifikasi ditandai telah dibaca.",
	"lampiran":         "Lampiran telah diunggah.",
	"lampiran-dihapus": "Lampiran telah dihapus.",
	"lampiran-urutan":  "Urutan lampiran telah diubah.",
	"meja":             "Lembar edaran telah ditandai.",
	"meja-diatur":      "Daftar meja lembar edaran telah disimpan.",
	"metode":           "Metode penandatanganan telah dipilih.",
	"jadwal-diusulkan": "Usulan jadwal penandatanganan telah dikirim ke Bagian Protokol.",
	"jadwal-diterima":  "Jadwal penandatanganan telah diterima.",
	"jadwal-direvisi":  "Usulan perubahan jadwal telah dikirim.",
	"beralih-meja":     "Penandatanganan dialihkan ke meja ke meja.",
	"ttd-elektronik":   "Dokumen telah ditandatangani secara elektronik; PDF-nya terdaftar dan dapat diunduh.",
	"bernomor":         "Nomor telah diberikan dan dituliskan ke naskah final.",
	"dirapikan":        "Penomoran Pasal dan ayat telah dirapikan menjadi versi baru.",
	"dibatalkan":       "Nomor telah dibatalkan dan dicatat di buku register.",
}

func flashText(key string) string { return flashes[key] }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
