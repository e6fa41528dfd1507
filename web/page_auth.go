package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

func (s *Server) handleLoginPage(c *gin.Context) {
	if sepakat.UserFromContext(c.Request.Context()) != nil {
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	s.render(c, "login", pageData{Title: "Masuk", Form: s.loginForm(map[string]string{"lanjut": c.Query("lanjut")})})
}

func (s *Server) handleLoginSubmit(c *gin.Context) {
	login, next := c.PostForm("login"), c.PostForm("lanjut")
	u, err := s.login(c, login, c.PostForm("password"))
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.EINTERNAL {
			s.fail(c, err)
			return
		}
		s.renderStatus(c, statusOf(err), "login", pageData{
			Title: "Masuk", Message: sepakat.ErrorMessage(err),
			Form: s.loginForm(map[string]string{"login": login, "lanjut": next}),
		})
		return
	}
	if !u.Verified {
		next = "/registrasi"
	}
	c.Redirect(http.StatusSeeOther, safeNext(next))
}

// safeNext keeps redirects on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) handleSignupPage(c *gin.Context) {
	s.render(c, "signup", pageData{Title: "Daftar Akun PPKSD", Form: map[string]string{}})
}

func (s *Server) handleSignupSubmit(c *gin.Context) {
	n := sepakat.NewUser{
		Login: c.PostForm("login"), Email: c.PostForm("email"), NIP: c.PostForm("nip"),
		Name: c.PostForm("name"), Role: sepakat.RolePPKSD, Password: c.PostForm("password"),
	}
	form := map[string]string{"login": n.Login, "email": n.Email, "nip": n.NIP, "name": n.Name}
	if n.Password != c.PostForm("password2") {
		s.renderStatus(c, http.StatusBadRequest, "signup", pageData{Title: "Daftar Akun PPKSD", Message: "Konfirmasi kata sandi tidak sama.", Form: form})
		return
	}
	u, err := s.Users.SignUp(c.Request.Context(), n)
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.EINTERNAL {
			s.fail(c, err)
			return
		}
		s.renderStatus(c, statusOf(err), "signup", pageData{Title: "Daftar Akun PPKSD", Message: sepakat.ErrorMessage(err), Form: form})
		return
	}
	if err := s.startSession(c, u); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/registrasi")
}

func (s *Server) handleLogout(c *gin.Context) {
	if err := s.logout(c); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/masuk")
}
