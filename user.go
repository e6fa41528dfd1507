package sepakat

import (
	"context"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// User is an account of Sepakat.
type User struct {
	ID    int64  `json:"id"`
	Login string `json:"login"`
	Email string `json:"email"`
	// NIP is the civil-servant number; users may log in with it.
	NIP  string `json:"nip,omitempty"`
	Name string `json:"name"`
	Role Role   `json:"role"`
	// Active users may log in; admins deactivate instead of deleting.
	Active bool `json:"active"`
	// Verified is set for a PPKSD whose registration was approved; only
	// verified PPKSD reach the dashboard. Staff accounts are always verified.
	Verified bool `json:"verified"`
	// InstitutionID is the institution of a verified PPKSD.
	InstitutionID int64   `json:"institution_id,omitempty"`
	Profile       Profile `json:"profile"`
	// PasswordHash is the argon2id hash in PHC string format.
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Profile is the biodata that pre-fills forms (Samarinda's "Pengaturan Biodata").
type Profile struct {
	FullName       string `json:"full_name"` // with academic titles
	NIK            string `json:"nik"`
	Gender         string `json:"gender"` // "L" or "P"
	Phone          string `json:"phone"`
	City           string `json:"city"`
	Address        string `json:"address"`
	WorkUnit       string `json:"work_unit"`
	EmployeeNumber string `json:"employee_number"`
	Position       string `json:"position"`
}

// Validate checks the profile's fields that have a format.
func (p *Profile) Validate() error {
	p.trim()
	if p.NIK != "" && !nikPattern.MatchString(p.NIK) {
		return Errorf(EINVALID, "NIK harus 16 angka.")
	}
	if p.Gender != "" && p.Gender != "L" && p.Gender != "P" {
		return Errorf(EINVALID, "Jenis kelamin harus L (laki-laki) atau P (perempuan).")
	}
	if p.Phone != "" && !phonePattern.MatchString(p.Phone) {
		return Errorf(EINVALID, "Nomor telepon hanya boleh berisi angka, spasi, tanda +, - dan kurung.")
	}
	for _, f := range []string{p.FullName, p.City, p.Address, p.WorkUnit, p.EmployeeNumber, p.Position} {
		if utf8.RuneCountInString(f) > 300 {
			return Errorf(EINVALID, "Isian biodata terlalu panjang (paling banyak 300 huruf).")
		}
	}
	return nil
}

func (p *Profile) trim() {
	for _, f := range []*string{&p.FullName, &p.NIK, &p.Gender, &p.Phone, &p.City, &p.Address, &p.WorkUnit, &p.EmployeeNumber, &p.Position} {
		*f = strings.TrimSpace(*f)
	}
}

var (
	loginPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,39}$`)
	nikPattern   = regexp.MustCompile(`^[0-9]{16}$`)
	nipPattern   = regexp.MustCompile(`^[0-9]{18}$`)
	phonePattern = regexp.MustCompile(`^[0-9+\-() ]{6,20}$`)
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// ValidatePassword checks a new password.
func ValidatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return Errorf(EINVALID, "Kata sandi paling sedikit %d karakter.", MinPasswordLength)
	}
	if len(pw) > 200 {
		return Errorf(EINVALID, "Kata sandi terlalu panjang (paling banyak 200 karakter).")
	}
	return nil
}

// NewUser is what creates an account: sign-up by a PPKSD, or an admin
// creating a staff account.
type NewUser struct {
	Login    string `json:"login"`
	Email    string `json:"email"`
	NIP      string `json:"nip"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Password string `json:"password"`
}

// Validate normalises and checks the new account's fields.
func (n *NewUser) Validate() error {
	n.Login = strings.ToLower(strings.TrimSpace(n.Login))
	n.Email = strings.ToLower(strings.TrimSpace(n.Email))
	n.NIP = strings.TrimSpace(n.NIP)
	n.Name = strings.TrimSpace(n.Name)
	if !loginPattern.MatchString(n.Login) {
		return Errorf(EINVALID, "Nama pengguna harus 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf atau angka.")
	}
	if _, err := mail.ParseAddress(n.Email); err != nil || !strings.Contains(n.Email, "@") || strings.ContainsAny(n.Email, "<> ") {
		return Errorf(EINVALID, "Alamat email tidak sah.")
	}
	if n.NIP != "" && !nipPattern.MatchString(n.NIP) {
		return Errorf(EINVALID, "NIP harus 18 angka.")
	}
	if n.Name == "" || utf8.RuneCountInString(n.Name) > 200 {
		return Errorf(EINVALID, "Nama lengkap wajib diisi (paling banyak 200 huruf).")
	}
	if err := n.Role.Validate(); err != nil {
		return err
	}
	return ValidatePassword(n.Password)
}

// UserUpdate is what an admin may change on an account. Nil fields stay.
type UserUpdate struct {
	Name     *string `json:"name,omitempty"`
	Email    *string `json:"email,omitempty"`
	NIP      *string `json:"nip,omitempty"`
	Role     *Role   `json:"role,omitempty"`
	Active   *bool   `json:"active,omitempty"`
	Password *string `json:"password,omitempty"`
}

// UserFilter selects users.
type UserFilter struct {
	Role          Role
	InstitutionID int64
	VerifiedOnly  bool
	Query         string
}

// UserService manages accounts and sessions.
type UserService interface {
	// Authenticate returns the active user whose login, email or NIP is
	// login and whose password matches; EUNAUTHORIZED otherwise.
	Authenticate(ctx context.Context, login, password string) (*User, error)
	// SignUp creates an unverified PPKSD account (no caller needed).
	SignUp(ctx context.Context, n NewUser) (*User, error)
	// CreateUser creates an account of any role; admin only.
	CreateUser(ctx context.Context, n NewUser) (*User, error)
	// FindUserByID returns a user the caller may see.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUsers lists users; admins see all, office staff see all, a PPKSD
	// sees the verified officers of their institution.
	FindUsers(ctx context.Context, f UserFilter) ([]*User, error)
	// UpdateUser changes an account; admin only.
	UpdateUser(ctx context.Context, id int64, upd UserUpdate) (*User, error)
	// UpdateProfile changes the caller's own biodata.
	UpdateProfile(ctx context.Context, p Profile) (*User, error)
	// ChangePassword changes the caller's own password.
	ChangePassword(ctx context.Context, oldPassword, newPassword string) error
}

// Session is a server-side login session.
type Session struct {
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SessionService keeps server-side sessions. Tokens are random and only their
// hash is stored.
type SessionService interface {
	CreateSession(ctx context.Context, userID int64, ttl time.Duration) (token string, err error)
	// FindSessionUser returns the user of a live session, or EUNAUTHORIZED.
	FindSessionUser(ctx context.Context, token string) (*User, error)
	DeleteSession(ctx context.Context, token string) error
}

type userContextKey struct{}

// NewContextWithUser returns ctx carrying the acting user.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userContextKey{}, u)
}

// UserFromContext returns the acting user, or nil.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userContextKey{}).(*User)
	return u
}

// UserIDFromContext returns the acting user's ID, or 0.
func UserIDFromContext(ctx context.Context) int64 {
	if u := UserFromContext(ctx); u != nil {
		return u.ID
	}
	return 0
}

func trimSpace(s string) string { return strings.TrimSpace(s) }

// SystemUser is the actor of changes the service makes by itself (first
// start, demo data, maintenance). It has the admin role and ID 0.
var SystemUser = User{ID: 0, Login: "system", Name: "Sistem", Role: RoleAdmin, Active: true, Verified: true}

// SystemContext returns ctx acting as SystemUser.
func SystemContext(ctx context.Context) context.Context {
	u := SystemUser
	return NewContextWithUser(ctx, &u)
}
