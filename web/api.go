package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// maxJSONBody bounds JSON request bodies.
const maxJSONBody = 1 << 20

// bindJSON decodes a JSON body strictly: unknown fields and trailing data are
// errors, with a message saying what is wrong.
func bindJSON(c *gin.Context, v any) error {
	if ct := c.GetHeader("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return sepakat.Errorf(sepakat.EINVALID, "Kirim data sebagai JSON (Content-Type: application/json).")
	}
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return sepakat.Errorf(sepakat.ETOOLARGE, "Data JSON terlalu besar (paling besar 1 MB).")
		}
		return sepakat.Errorf(sepakat.EINVALID, "JSON tidak sah: %s.", jsonProblem(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return sepakat.Errorf(sepakat.EINVALID, "JSON tidak sah: ada data setelah objek.")
	}
	return nil
}

func jsonProblem(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "json: ")
	if len(msg) > 160 {
		msg = msg[:160]
	}
	return msg
}

// ok answers with v as JSON.
func ok(c *gin.Context, status int, v any) { c.JSON(status, v) }

// Session and account.

func (s *Server) apiLogin(c *gin.Context) {
	var req struct {
		Login    string `json:"login"`
		Password string `json:"password"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.login(c, req.Login, req.Password)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"user": u})
}

func (s *Server) apiLogout(c *gin.Context) {
	if err := s.logout(c); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiSignup(c *gin.Context) {
	var n sepakat.NewUser
	if err := bindJSON(c, &n); err != nil {
		s.fail(c, err)
		return
	}
	n.Role = sepakat.RolePPKSD
	u, err := s.Users.SignUp(c.Request.Context(), n)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.startSession(c, u); err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, gin.H{"user": u})
}

func (s *Server) apiMe(c *gin.Context) {
	u := sepakat.UserFromContext(c.Request.Context())
	n, err := s.Notifications.UnreadCount(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"user": u, "unread_notifications": n})
}

func (s *Server) apiStages(c *gin.Context) {
	type stage struct {
		Name        sepakat.Stage `json:"name"`
		Label       string        `json:"label"`
		Description string        `json:"description"`
	}
	type transition struct {
		From         sepakat.Stage  `json:"from"`
		To           sepakat.Stage  `json:"to"`
		Roles        []sepakat.Role `json:"roles"`
		NoteRequired bool           `json:"note_required"`
	}
	var out struct {
		Stages      []stage      `json:"stages"`
		Transitions []transition `json:"transitions"`
	}
	for _, st := range sepakat.Stages {
		out.Stages = append(out.Stages, stage{st, st.Label(), st.Description()})
	}
	for _, t := range sepakat.Transitions {
		out.Transitions = append(out.Transitions, transition{t.From, t.To, t.Roles, t.NoteRequired})
	}
	ok(c, http.StatusOK, out)
}

// Registration.

func (s *Server) apiRegistration(c *gin.Context) {
	reg, err := s.Registrations.MyRegistration(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, registrationJSON(reg))
}

func registrationJSON(r *sepakat.Registration) gin.H {
	return gin.H{"registration": r, "missing": nonNil(r.Missing())}
}

// nonNil returns xs, or an empty slice for nil, so that JSON shows [] and
// not null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func (s *Server) apiRegistrationSave(c *gin.Context) {
	var in sepakat.RegistrationInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	reg, err := s.Registrations.SaveRegistration(c.Request.Context(), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, registrationJSON(reg))
}

func (s *Server) apiRegistrationUpload(c *gin.Context) {
	slot := sepakat.RegistrationSlot(c.Param("slot"))
	if err := slot.Validate(); err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.Registrations.MyRegistration(c.Request.Context()); err != nil {
		if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
			err = sepakat.Errorf(sepakat.ECONFLICT, "Simpan data registrasi terlebih dahulu (PUT /api/v1/registration), lalu unggah berkas.")
		}
		s.fail(c, err)
		return
	}
	f, err := s.receiveRegistrationFile(c, slot, "file")
	if err != nil {
		s.fail(c, err)
		return
	}
	reg, err := s.Registrations.AttachRegistrationFile(c.Request.Context(), slot, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"file": f, "registration": reg, "missing": nonNil(reg.Missing())})
}

func (s *Server) apiRegistrationSubmit(c *gin.Context) {
	reg, err := s.Registrations.SubmitRegistration(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, registrationJSON(reg))
}

func (s *Server) apiRegistrations(c *gin.Context) {
	st := sepakat.RegistrationStatus(c.Query("status"))
	if st != "" {
		if err := st.Validate(); err != nil {
			s.fail(c, err)
			return
		}
	}
	regs, err := s.Registrations.FindRegistrations(c.Request.Context(), sepakat.RegistrationFilter{Status: st})
	if err != nil {
		s.fail(c, err)
		return
	}
	regs = nonNil(regs)
	ok(c, http.StatusOK, gin.H{"registrations": regs})
}

func (s *Server) apiRegistrationByID(c *gin.Context) {
	reg, err := s.findRegistration(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, registrationJSON(reg))
}

func (s *Server) apiRegistrationDecide(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Action string `json:"action"`
		Reason string `json:"reason"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if req.Action != "approve" && req.Action != "return" {
		s.fail(c, sepakat.Errorf(sepakat.EINVALID, `action harus "approve" atau "return".`))
		return
	}
	reg, err := s.Registrations.DecideRegistration(c.Request.Context(), id, req.Action == "approve", req.Reason)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, registrationJSON(reg))
}

// Profile and institution.

func (s *Server) apiProfile(c *gin.Context) {
	ok(c, http.StatusOK, gin.H{"profile": sepakat.UserFromContext(c.Request.Context()).Profile})
}

func (s *Server) apiProfileSave(c *gin.Context) {
	var p sepakat.Profile
	if err := bindJSON(c, &p); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.Users.UpdateProfile(c.Request.Context(), p)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"profile": u.Profile})
}

func (s *Server) apiPasswordChange(c *gin.Context) {
	var req struct {
		Old string `json:"old_password"`
		New string `json:"new_password"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Users.ChangePassword(c.Request.Context(), req.Old, req.New); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiInstitution(c *gin.Context) {
	u := sepakat.UserFromContext(c.Request.Context())
	inst, err := s.Registrations.FindInstitutionByID(c.Request.Context(), u.InstitutionID)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"institution": inst})
}

func (s *Server) apiInstitutionSave(c *gin.Context) {
	var in sepakat.Institution
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	in.ID = sepakat.UserFromContext(c.Request.Context()).InstitutionID
	inst, err := s.Registrations.UpdateInstitution(c.Request.Context(), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"institution": inst})
}

func (s *Server) apiOfficers(c *gin.Context) {
	u := sepakat.UserFromContext(c.Request.Context())
	users, err := s.Users.FindUsers(c.Request.Context(), sepakat.UserFilter{Role: sepakat.RolePPKSD, InstitutionID: u.InstitutionID, VerifiedOnly: true})
	if err != nil {
		s.fail(c, err)
		return
	}
	type officer struct {
		ID    int64  `json:"id"`
		Login string `json:"login"`
		Name  string `json:"name"`
	}
	out := []officer{}
	for _, o := range users {
		out = append(out, officer{o.ID, o.Login, o.Name})
	}
	ok(c, http.StatusOK, gin.H{"officers": out})
}

// Cooperations.

func (s *Server) apiCooperations(c *gin.Context) {
	f, _, err := cooperationFilterFromQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("offset") == "" {
		f.Offset = 0
	}
	items, total, err := s.Cooperations.FindCooperations(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	items = nonNil(items)
	ok(c, http.StatusOK, gin.H{"cooperations": items, "total": total})
}

func (s *Server) apiCooperationCreate(c *gin.Context) {
	var in sepakat.ApplicationInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	coop, err := s.Cooperations.CreateCooperation(c.Request.Context(), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, cooperationJSON(sepakat.UserFromContext(c.Request.Context()), coop))
}

// cooperationJSON adds what the caller may do next and what is missing.
func cooperationJSON(u *sepakat.User, coop *sepakat.Cooperation) gin.H {
	next := []gin.H{}
	for _, t := range sepakat.AllowedTransitions(u, coop) {
		next = append(next, gin.H{"to": t.To, "label": t.Label, "note_required": t.NoteRequired})
	}
	return gin.H{"cooperation": coop, "missing": nonNil(coop.Missing()), "allowed_transitions": next}
}

func (s *Server) apiCooperation(c *gin.Context) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, cooperationJSON(sepakat.UserFromContext(c.Request.Context()), coop))
}

func (s *Server) apiCooperationUpdate(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var in sepakat.ApplicationInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	coop, err := s.Cooperations.UpdateCooperation(c.Request.Context(), id, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, cooperationJSON(sepakat.UserFromContext(c.Request.Context()), coop))
}

func (s *Server) apiCooperationSubmit(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		IntegrityPact bool `json:"integrity_pact"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	coop, err := s.Cooperations.SubmitCooperation(c.Request.Context(), id, req.IntegrityPact)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, cooperationJSON(sepakat.UserFromContext(c.Request.Context()), coop))
}

func (s *Server) apiCooperationTransitions(c *gin.Context) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"stage": coop.Stage, "allowed_transitions": cooperationJSON(sepakat.UserFromContext(c.Request.Context()), coop)["allowed_transitions"], "history": coop.History})
}

func (s *Server) apiCooperationTransition(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		To   sepakat.Stage `json:"to"`
		Note string        `json:"note"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	coop, err := s.Cooperations.TransitionCooperation(c.Request.Context(), id, req.To, req.Note)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, cooperationJSON(sepakat.UserFromContext(c.Request.Context()), coop))
}

func (s *Server) apiCooperationGrant(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		UserID int64  `json:"user_id"`
		Login  string `json:"login"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if req.UserID == 0 && req.Login != "" {
		users, err := s.Users.FindUsers(c.Request.Context(), sepakat.UserFilter{Role: sepakat.RoleTKKSD})
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, u := range users {
			if strings.EqualFold(u.Login, req.Login) {
				req.UserID = u.ID
			}
		}
	}
	if req.UserID == 0 {
		s.fail(c, sepakat.Errorf(sepakat.EINVALID, "Sebutkan anggota TKKSD dengan user_id atau login yang terdaftar."))
		return
	}
	coop, err := s.Cooperations.GrantAccess(c.Request.Context(), id, req.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"grants": coop.Grants})
}

func (s *Server) apiCooperationRevoke(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	uid, err := paramID(c, "user")
	if err != nil {
		s.fail(c, err)
		return
	}
	coop, err := s.Cooperations.RevokeAccess(c.Request.Context(), id, uid)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"grants": coop.Grants})
}

// Notifications.

func (s *Server) apiNotifications(c *gin.Context) {
	limit := 50
	if l, isSet := parseInt64(c.Query("limit")); isSet && l <= 500 {
		limit = int(l)
	}
	items, unread, err := s.Notifications.FindNotifications(c.Request.Context(), limit)
	if err != nil {
		s.fail(c, err)
		return
	}
	items = nonNil(items)
	ok(c, http.StatusOK, gin.H{"notifications": items, "unread": unread})
}

func (s *Server) apiNotificationRead(c *gin.Context) {
	id, err := paramID(c, "id")
	if err == nil {
		err = s.Notifications.MarkNotificationRead(c.Request.Context(), id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiNotificationsReadAll(c *gin.Context) {
	if err := s.Notifications.MarkAllNotificationsRead(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// Users (admin; office staff may list).

func (s *Server) apiUsers(c *gin.Context) {
	f := sepakat.UserFilter{Role: sepakat.Role(c.Query("role")), Query: c.Query("q")}
	if f.Role != "" {
		if err := f.Role.Validate(); err != nil {
			s.fail(c, err)
			return
		}
	}
	users, err := s.Users.FindUsers(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	users = nonNil(users)
	ok(c, http.StatusOK, gin.H{"users": users})
}

func (s *Server) apiUserCreate(c *gin.Context) {
	var n sepakat.NewUser
	if err := bindJSON(c, &n); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.Users.CreateUser(c.Request.Context(), n)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, gin.H{"user": u})
}

func (s *Server) apiUserUpdate(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var upd sepakat.UserUpdate
	if err := bindJSON(c, &upd); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.Users.UpdateUser(c.Request.Context(), id, upd)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"user": u})
}

func (s *Server) apiAudit(c *gin.Context) {
	f := sepakat.AuditFilter{Object: c.Query("object"), Limit: 200}
	if l, isSet := parseInt64(c.Query("limit")); isSet && l <= 5000 {
		f.Limit = int(l)
	}
	entries, err := s.Audit.FindAuditEntries(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	entries = nonNil(entries)
	ok(c, http.StatusOK, gin.H{"entries": entries})
}
