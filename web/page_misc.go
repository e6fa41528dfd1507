package web

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

func (s *Server) handleNotificationsPage(c *gin.Context) {
	items, unread, err := s.Notifications.FindNotifications(c.Request.Context(), 200)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, "notifications", pageData{Title: "Notifikasi", Nav: "notifikasi", Unread: unread, Data: items})
}

func (s *Server) handleNotificationRead(c *gin.Context) {
	id, err := paramID(c, "id")
	if err == nil {
		err = s.Notifications.MarkNotificationRead(c.Request.Context(), id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, safeNext(c.DefaultPostForm("lanjut", "/notifikasi")))
}

func (s *Server) handleNotificationsReadAll(c *gin.Context) {
	if err := s.Notifications.MarkAllNotificationsRead(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/notifikasi?ok=dibaca")
}

// Admin: accounts.

func (s *Server) handleUsersPage(c *gin.Context) {
	s.showUsers(c, http.StatusOK, "", nil)
}

func (s *Server) showUsers(c *gin.Context, status int, msg string, form map[string]string) {
	users, err := s.Users.FindUsers(c.Request.Context(), sepakat.UserFilter{Query: c.Query("q"), Role: sepakat.Role(c.Query("peran"))})
	if err != nil {
		s.fail(c, err)
		return
	}
	if form == nil {
		form = map[string]string{}
	}
	s.renderStatus(c, status, "users", pageData{Title: "Pengguna", Nav: "pengguna", Message: msg, Form: form, Data: users})
}

func (s *Server) handleUserCreate(c *gin.Context) {
	n := sepakat.NewUser{
		Login: c.PostForm("login"), Email: c.PostForm("email"), NIP: c.PostForm("nip"), Name: c.PostForm("name"),
		Role: sepakat.Role(c.PostForm("role")), Password: c.PostForm("password"),
	}
	if _, err := s.Users.CreateUser(c.Request.Context(), n); err != nil {
		if code := sepakat.ErrorCode(err); code == sepakat.EINVALID || code == sepakat.ECONFLICT {
			s.showUsers(c, statusOf(err), sepakat.ErrorMessage(err), map[string]string{"login": n.Login, "email": n.Email, "nip": n.NIP, "name": n.Name, "role": string(n.Role)})
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/pengguna?ok=dibuat")
}

func (s *Server) handleUserUpdate(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var upd sepakat.UserUpdate
	if r := c.PostForm("role"); r != "" {
		role := sepakat.Role(r)
		upd.Role = &role
	}
	if a := c.PostForm("active"); a != "" {
		active := a == "ya"
		upd.Active = &active
	}
	if pw := c.PostForm("password"); pw != "" {
		upd.Password = &pw
	}
	if _, err := s.Users.UpdateUser(c.Request.Context(), id, upd); err != nil {
		if code := sepakat.ErrorCode(err); code == sepakat.EINVALID || code == sepakat.ECONFLICT {
			s.showUsers(c, statusOf(err), sepakat.ErrorMessage(err), nil)
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/pengguna?ok=tersimpan")
}

func (s *Server) handleAuditPage(c *gin.Context) {
	f := sepakat.AuditFilter{Object: strings.TrimSpace(c.Query("objek")), Limit: 300}
	entries, err := s.Audit.FindAuditEntries(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	report, err := s.Audit.VerifyAudit(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, "audit", pageData{Title: "Log Audit", Nav: "audit", Form: map[string]string{"objek": f.Object}, Data: map[string]any{"Entries": entries, "Report": report}})
}

// openBlob opens a stored file positioned at its start, with its size.
func (s *Server) openBlob(ctx context.Context, sha string) (io.ReadSeekCloser, int64, error) {
	f, err := s.Blobs.Open(ctx, sha)
	if err != nil {
		return nil, 0, err
	}
	size, err := f.Seek(0, io.SeekEnd)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, size, nil
}

// handleFileDownload serves a stored file to whoever may see an object that
// references it.
func (s *Server) handleFileDownload(c *gin.Context) {
	ctx := c.Request.Context()
	sha := c.Param("sha")
	ok, err := s.Files.CanReadFile(ctx, sha)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !ok {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Berkas tidak ditemukan."))
		return
	}
	f, size, err := s.openBlob(ctx, sha)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		s.fail(c, err)
		return
	}
	ct := http.DetectContentType(head[:n])
	name := c.Query("nama")
	if name == "" {
		name = sha[:12]
	}
	c.Header("Content-Disposition", `attachment; filename="`+cleanFileName(name)+`"`)
	c.Header("Cache-Control", "private, max-age=3600")
	c.DataFromReader(http.StatusOK, size, ct, f, nil)
}

// Control endpoints for the CLI on the same machine.

func (s *Server) requireControlToken(c *gin.Context) {
	want := s.ControlToken
	got := strings.TrimPrefix(c.GetHeader("Authorization"), "Bearer ")
	if want == "" || !constantTimeEqual(got, want) {
		c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "control token required", "code": sepakat.EUNAUTHORIZED})
		return
	}
	c.Next()
}

func (s *Server) handleControlBackup(c *gin.Context) {
	if s.Backup == nil {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "backup not available"))
		return
	}
	c.Header("Content-Type", "application/x-tar")
	c.Status(http.StatusOK)
	if err := s.Backup(c.Writer); err != nil {
		s.Logger.Error("backup", "err", err)
		// The status is sent; break the stream so the client sees a failure.
		panic(http.ErrAbortHandler)
	}
}

func (s *Server) handleControlAuditVerify(c *gin.Context) {
	report, err := s.Audit.VerifyAudit(sepakat.SystemContext(c.Request.Context()))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, report)
}

func parseInt64(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}
