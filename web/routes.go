package web

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

func (s *Server) routes() {
	r := s.engine
	static, _ := fs.Sub(assets, "static")
	r.StaticFS("/static", http.FS(static))
	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	r.NoRoute(func(c *gin.Context) {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Halaman yang Anda cari tidak ada."))
	})
	r.NoMethod(func(c *gin.Context) {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Halaman yang Anda cari tidak ada."))
	})

	// Local control endpoints for the CLI (backup, audit check), authorised by
	// the token in the data directory.
	ctl := r.Group("/internal", s.requireControlToken)
	ctl.GET("/backup", s.handleControlBackup)
	ctl.GET("/audit/verify", s.handleControlAuditVerify)

	r.Use(s.loadUser)
	ppksd := s.requireRoles(sepakat.RolePPKSD)
	// Admins manage accounts, not cooperations.
	coop := s.requireRoles(sepakat.RolePPKSD, sepakat.RoleAKP, sepakat.RoleARNP, sepakat.RoleKasubbag, sepakat.RoleTKKSD, sepakat.RoleProtokol)

	// Pages.
	r.GET("/masuk", s.handleLoginPage)
	r.POST("/masuk", s.handleLoginSubmit)
	r.GET("/daftar", s.handleSignupPage)
	r.POST("/daftar", s.handleSignupSubmit)
	r.POST("/keluar", s.handleLogout)

	in := r.Group("/", s.requireLogin)
	in.GET("/registrasi", ppksd, s.handleRegistrationPage)
	in.POST("/registrasi", ppksd, s.handleRegistrationSave)
	in.POST("/registrasi/berkas", ppksd, s.handleRegistrationUpload)
	in.POST("/registrasi/kirim", ppksd, s.handleRegistrationSubmit)
	in.GET("/profil", s.handleProfilePage)
	in.POST("/profil", s.handleProfileSave)
	in.POST("/profil/sandi", s.handlePasswordChange)
	in.GET("/notifikasi", s.handleNotificationsPage)
	in.POST("/notifikasi/baca-semua", s.handleNotificationsReadAll)
	in.POST("/notifikasi/:id/baca", s.handleNotificationRead)
	in.GET("/berkas/:sha", s.handleFileDownload)

	ok := in.Group("/", s.requireVerified)
	ok.GET("/", s.handleDashboard)
	ok.POST("/profil/instansi", s.requireRoles(sepakat.RolePPKSD), s.handleInstitutionSave)
	ok.GET("/kerjasama", coop, s.handleCooperationsPage)
	ok.GET("/kerjasama/baru", s.requireRoles(sepakat.RolePPKSD), s.handleApplicationNewPage)
	ok.POST("/kerjasama/baru", s.requireRoles(sepakat.RolePPKSD), s.handleApplicationCreate)
	ok.GET("/kerjasama/:id", coop, s.handleCooperationPage)
	ok.GET("/kerjasama/:id/ubah", s.requireRoles(sepakat.RolePPKSD), s.handleApplicationEditPage)
	ok.POST("/kerjasama/:id/ubah", s.requireRoles(sepakat.RolePPKSD), s.handleApplicationUpdate)
	ok.POST("/kerjasama/:id/ajukan", s.requireRoles(sepakat.RolePPKSD), s.handleApplicationSubmit)
	ok.POST("/kerjasama/:id/tahap", coop, s.handleCooperationTransition)
	ok.POST("/kerjasama/:id/akses", s.requireRoles(officeRoles...), s.handleCooperationGrant)
	ok.POST("/kerjasama/:id/dokumen", coop, s.handleDocumentCreate)
	ok.GET("/dokumen/:doc", coop, s.handleDocumentPage)
	ok.POST("/dokumen/:doc/sesi", coop, s.handleDocumentSession)
	ok.POST("/dokumen/:doc/hak", coop, s.handleDocumentGrant)
	ok.POST("/dokumen/:doc/versi", coop, s.handleVersionUpload)
	ok.GET("/dokumen/:doc/versi/:n", coop, s.handleVersionPage)
	ok.POST("/dokumen/:doc/versi/:n/komentar", coop, s.handleCommentCreate)
	ok.POST("/dokumen/:doc/versi/:n/salinan", coop, s.handleReviewUploadPage)
	ok.POST("/dokumen/:doc/versi/:n/tanggapan", coop, s.handleReviewRespond)
	ok.GET("/dokumen/:doc/banding", coop, s.handleComparePage)
	ok.POST("/dokumen/:doc/persetujuan", coop, s.handleApprovalOpen)
	ok.POST("/dokumen/:doc/setujui", coop, s.handleApprove)
	ok.POST("/dokumen/:doc/diskusi", coop, s.handleMessage)
	ok.GET("/verifikasi-data", s.requireRoles(officeRoles...), s.handleVerificationsPage)
	ok.GET("/verifikasi-data/:id", s.requireRoles(officeRoles...), s.handleVerificationPage)
	ok.POST("/verifikasi-data/:id", s.requireRoles(officeRoles...), s.handleVerificationDecide)
	ok.GET("/admin/pengguna", s.requireRoles(sepakat.RoleAdmin), s.handleUsersPage)
	ok.POST("/admin/pengguna", s.requireRoles(sepakat.RoleAdmin), s.handleUserCreate)
	ok.POST("/admin/pengguna/:id", s.requireRoles(sepakat.RoleAdmin), s.handleUserUpdate)
	ok.GET("/audit", s.requireRoles(sepakat.RoleAdmin, sepakat.RoleKasubbag), s.handleAuditPage)

	// JSON API.
	api := r.Group("/api/v1")
	api.POST("/session", s.apiLogin)
	api.POST("/accounts", s.apiSignup)
	api.GET("/stages", s.apiStages)

	a := api.Group("/", s.requireLogin)
	a.DELETE("/session", s.apiLogout)
	a.GET("/me", s.apiMe)
	a.GET("/registration", ppksd, s.apiRegistration)
	a.PUT("/registration", ppksd, s.apiRegistrationSave)
	a.POST("/registration/files/:slot", ppksd, s.apiRegistrationUpload)
	a.POST("/registration/submit", ppksd, s.apiRegistrationSubmit)
	a.GET("/profile", s.apiProfile)
	a.PUT("/profile", s.apiProfileSave)
	a.POST("/password", s.apiPasswordChange)
	a.GET("/notifications", s.apiNotifications)
	a.POST("/notifications/read-all", s.apiNotificationsReadAll)
	a.POST("/notifications/:id/read", s.apiNotificationRead)
	a.GET("/files/:sha", s.handleFileDownload)

	v := a.Group("/", s.requireVerified)
	v.GET("/institution", s.requireRoles(sepakat.RolePPKSD), s.apiInstitution)
	v.PUT("/institution", s.requireRoles(sepakat.RolePPKSD), s.apiInstitutionSave)
	v.GET("/officers", s.requireRoles(sepakat.RolePPKSD), s.apiOfficers)
	v.GET("/cooperations", coop, s.apiCooperations)
	v.POST("/cooperations", s.requireRoles(sepakat.RolePPKSD), s.apiCooperationCreate)
	v.GET("/cooperations/:id", coop, s.apiCooperation)
	v.PUT("/cooperations/:id", s.requireRoles(sepakat.RolePPKSD), s.apiCooperationUpdate)
	v.POST("/cooperations/:id/submit", s.requireRoles(sepakat.RolePPKSD), s.apiCooperationSubmit)
	v.GET("/cooperations/:id/transitions", coop, s.apiCooperationTransitions)
	v.POST("/cooperations/:id/transitions", coop, s.apiCooperationTransition)
	v.POST("/cooperations/:id/grants", s.requireRoles(officeRoles...), s.apiCooperationGrant)
	v.DELETE("/cooperations/:id/grants/:user", s.requireRoles(officeRoles...), s.apiCooperationRevoke)
	v.GET("/registrations", s.requireRoles(officeRoles...), s.apiRegistrations)
	v.GET("/registrations/:id", s.requireRoles(officeRoles...), s.apiRegistrationByID)
	v.POST("/registrations/:id/decision", s.requireRoles(officeRoles...), s.apiRegistrationDecide)
	v.GET("/users", s.requireRoles(append([]sepakat.Role{sepakat.RoleAdmin}, officeRoles...)...), s.apiUsers)
	v.POST("/users", s.requireRoles(sepakat.RoleAdmin), s.apiUserCreate)
	v.PATCH("/users/:id", s.requireRoles(sepakat.RoleAdmin), s.apiUserUpdate)
	v.GET("/audit", s.requireRoles(sepakat.RoleAdmin, sepakat.RoleKasubbag, sepakat.RoleAKP, sepakat.RoleARNP), s.apiAudit)

	// Draft review (Persiapan): documents, versions, comments, approvals.
	// The document service checks every right on the document itself.
	v.GET("/cooperations/:id/documents", coop, s.apiDocuments)
	v.POST("/cooperations/:id/documents", coop, s.apiDocumentCreate)
	v.GET("/documents/:doc", coop, s.apiDocument)
	v.POST("/documents/:doc/session", coop, s.apiDocumentSession)
	v.POST("/documents/:doc/grants", coop, s.apiDocumentGrant)
	v.GET("/documents/:doc/versions", coop, s.apiVersions)
	v.POST("/documents/:doc/versions", coop, s.apiVersionUpload)
	v.GET("/documents/:doc/versions/:n/file", coop, s.apiVersionFile)
	v.GET("/documents/:doc/diff", coop, s.apiDiff)
	v.GET("/documents/:doc/versions/:n/comments", coop, s.apiReviewItems)
	v.POST("/documents/:doc/versions/:n/comments", coop, s.apiReviewItemCreate)
	v.POST("/documents/:doc/versions/:n/reviews", coop, s.apiReviewUpload)
	v.GET("/documents/:doc/versions/:n/combined.docx", coop, s.apiCombined)
	v.GET("/documents/:doc/versions/:n/matrix.docx", coop, s.apiResponseMatrix)
	v.POST("/review-items/:item/response", coop, s.apiReviewRespond)
	v.POST("/review-items/:item/resolve", coop, s.apiReviewResolve)
	v.POST("/documents/:doc/approval", coop, s.apiApproval)
	v.POST("/documents/:doc/approvals", coop, s.apiApprove)
	v.GET("/documents/:doc/messages", coop, s.apiMessages)
	v.POST("/documents/:doc/messages", coop, s.apiMessageCreate)
}
