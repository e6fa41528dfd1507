package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

func (s *Server) handleDashboard(c *gin.Context) {
	ctx := c.Request.Context()
	u := sepakat.UserFromContext(ctx)
	d := map[string]any{}
	counts, err := s.Cooperations.CountByStage(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	d["Counts"], d["Total"] = counts, total
	recent, _, err := s.Cooperations.FindCooperations(ctx, sepakat.CooperationFilter{Limit: 8})
	if err != nil {
		s.fail(c, err)
		return
	}
	d["Recent"] = recent
	work, err := s.worklist(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	d["Work"] = work
	if u.Role.IsOffice() {
		regs, err := s.Registrations.FindRegistrations(ctx, sepakat.RegistrationFilter{Status: sepakat.RegistrationSubmitted})
		if err != nil {
			s.fail(c, err)
			return
		}
		d["PendingRegistrations"] = len(regs)
		waiting, n, err := s.Cooperations.FindCooperations(ctx, sepakat.CooperationFilter{Stage: sepakat.StagePermohonan, Limit: 8})
		if err != nil {
			s.fail(c, err)
			return
		}
		d["Waiting"], d["WaitingTotal"] = waiting, n
	}
	notes, _, err := s.Notifications.FindNotifications(ctx, 5)
	if err != nil {
		s.fail(c, err)
		return
	}
	d["Notifications"] = notes
	s.render(c, "dashboard", pageData{Title: "Beranda", Nav: "beranda", Data: d})
}

// cooperationsView is the list page ("KERJASAMA").
type cooperationsView struct {
	Items  []sepakat.CooperationSummary
	Total  int
	Query  string
	Stage  string
	Page   int
	Pages  int
	Counts map[sepakat.Stage]int
}

func (s *Server) handleCooperationsPage(c *gin.Context) {
	f, page, err := cooperationFilterFromQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	items, total, err := s.Cooperations.FindCooperations(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	counts, err := s.Cooperations.CountByStage(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	v := cooperationsView{Items: items, Total: total, Query: f.Query, Stage: string(f.Stage), Page: page, Counts: counts}
	v.Pages = (total + sepakat.DefaultPageSize - 1) / sepakat.DefaultPageSize
	s.render(c, "cooperations", pageData{Title: "Kerja Sama", Nav: "kerjasama", Data: v})
}

// cooperationFilterFromQuery reads ?q=&tahap=&halaman= (pages) or
// ?q=&stage=&offset=&limit= (API).
func cooperationFilterFromQuery(c *gin.Context) (sepakat.CooperationFilter, int, error) {
	f := sepakat.CooperationFilter{Query: strings.TrimSpace(c.Query("q"))}
	if len(f.Query) > 200 {
		return f, 0, sepakat.Errorf(sepakat.EINVALID, "Kata kunci pencarian terlalu panjang.")
	}
	stage := firstNonEmpty(c.Query("tahap"), c.Query("stage"))
	if stage != "" {
		f.Stage = sepakat.Stage(strings.ToLower(stage))
		if err := f.Stage.Validate(); err != nil {
			return f, 0, err
		}
	}
	page := 1
	if p := c.Query("halaman"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 1_000_000 {
			return f, 0, sepakat.Errorf(sepakat.EINVALID, "Nomor halaman tidak sah.")
		}
		page = n
	}
	f.Offset = (page - 1) * sepakat.DefaultPageSize
	if o := c.Query("offset"); o != "" {
		n, err := strconv.Atoi(o)
		if err != nil || n < 0 {
			return f, 0, sepakat.Errorf(sepakat.EINVALID, "offset harus bilangan bulat tidak negatif.")
		}
		f.Offset = n
	}
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 500 {
			return f, 0, sepakat.Errorf(sepakat.EINVALID, "limit harus antara 1 dan 500.")
		}
		f.Limit = n
	}
	return f, page, nil
}

// cooperationView is the detail page of one cooperation.
type cooperationView struct {
	Coop        *sepakat.Cooperation
	Transitions []sepakat.Transition
	CanEdit     bool
	CanGrant    bool
	Missing     []string
	Officers    map[int64]string
	TKKSD       []*sepakat.User
	Audit       []*sepakat.AuditEntry
	// Documents are the KB/PKS drafts the reader may see; CanCreateDoc
	// lets the ARNP or Kasubbag start one (stage persiapan).
	Documents    []*sepakat.Document
	CanCreateDoc bool
	// Routing is the section "Lembar Edaran (meja ke meja)" (nil: not
	// shown).
	Routing *routingView
	// Signing is the section "Penandatanganan" (nil: not shown).
	Signing *signingView
	// Signed is the section "Naskah yang telah ditandatangani" (nil: not
	// shown).
	Signed *signedView
	// Monitoring is the section "Pemantauan" (nil: not shown).
	Monitoring *monitoringView
	// Evaluation is the section "Evaluasi" (nil: not shown).
	Evaluation *evaluationView
	// Initiation is the section "Inisiasi (Penawaran)" (nil: not shown).
	Initiation *initiationView
}

func (s *Server) cooperationView(c *gin.Context, coop *sepakat.Cooperation) (cooperationView, error) {
	ctx := c.Request.Context()
	u := sepakat.UserFromContext(ctx)
	v := cooperationView{
		Coop:        coop,
		Transitions: sepakat.AllowedTransitions(u, coop),
		CanEdit:     sepakat.CanEditApplication(u, coop),
		CanGrant:    sepakat.CanGrant(u, coop),
		Missing:     coop.Missing(),
		Officers:    map[int64]string{},
	}
	if s.Documents != nil {
		docs, err := s.Documents.FindDocuments(ctx, coop.ID)
		if err != nil && sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
			return v, err
		}
		v.Documents = docs
		v.CanCreateDoc = sepakat.CanManageDocument(u) && coop.Stage == sepakat.StagePersiapan
	}
	routing, err := s.routingSection(ctx, coop)
	if err != nil {
		return v, err
	}
	v.Routing = routing
	signed, err := s.signedSection(ctx, coop)
	if err != nil {
		return v, err
	}
	v.Signed = signed
	if v.Monitoring, err = s.monitoringSection(ctx, coop); err != nil {
		return v, err
	}
	if v.Evaluation, err = s.evaluationSection(ctx, coop); err != nil {
		return v, err
	}
	if v.Initiation, err = s.initiationSection(ctx, coop); err != nil {
		return v, err
	}
	if v.Signing, err = s.signingSection(ctx, coop); err != nil {
		return v, err
	}
	for _, id := range []int64{coop.PPKSD1ID, coop.PPKSD2ID} {
		if id == 0 {
			continue
		}
		if o, err := s.Users.FindUserByID(ctx, id); err == nil {
			v.Officers[id] = o.Name
		}
	}
	if v.CanGrant {
		members, err := s.Users.FindUsers(ctx, sepakat.UserFilter{Role: sepakat.RoleTKKSD})
		if err != nil {
			return v, err
		}
		v.TKKSD = members
	}
	if u.Role == sepakat.RoleKasubbag || u.Role.IsOffice() {
		entries, err := s.Audit.FindAuditEntries(ctx, sepakat.AuditFilter{Object: "cooperation/" + strconv.FormatInt(coop.ID, 10), Limit: 50})
		if err == nil {
			v.Audit = entries
		}
	}
	return v, nil
}

func (s *Server) findCooperation(c *gin.Context) (*sepakat.Cooperation, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	return s.Cooperations.FindCooperationByID(c.Request.Context(), id)
}

func (s *Server) handleCooperationPage(c *gin.Context) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showCooperation(c, http.StatusOK, coop, "")
}

func (s *Server) showCooperation(c *gin.Context, status int, coop *sepakat.Cooperation, msg string) {
	v, err := s.cooperationView(c, coop)
	if err != nil {
		s.fail(c, err)
		return
	}
	title := coop.Title
	if title == "" {
		title = "Permohonan tanpa judul"
	}
	s.renderStatus(c, status, "cooperation", pageData{Title: title, Nav: "kerjasama", Message: msg, Data: v})
}

func (s *Server) handleCooperationTransition(c *gin.Context) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	_, err = s.Cooperations.TransitionCooperation(c.Request.Context(), coop.ID, sepakat.Stage(c.PostForm("to")), c.PostForm("note"))
	if err != nil {
		if code := sepakat.ErrorCode(err); code == sepakat.EINVALID || code == sepakat.ECONFLICT {
			s.showCooperation(c, statusOf(err), coop, sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/kerjasama/"+strconv.FormatInt(coop.ID, 10)+"?ok=dipindahkan")
}

func (s *Server) handleCooperationGrant(c *gin.Context) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	uid, err := strconv.ParseInt(c.PostForm("user_id"), 10, 64)
	if err != nil || uid <= 0 {
		s.showCooperation(c, http.StatusBadRequest, coop, "Pilih anggota TKKSD.")
		return
	}
	if c.PostForm("action") == "revoke" {
		_, err = s.Cooperations.RevokeAccess(c.Request.Context(), coop.ID, uid)
	} else {
		_, err = s.Cooperations.GrantAccess(c.Request.Context(), coop.ID, uid)
	}
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.EINVALID {
			s.showCooperation(c, http.StatusBadRequest, coop, sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/kerjasama/"+strconv.FormatInt(coop.ID, 10)+"?ok=akses")
}
