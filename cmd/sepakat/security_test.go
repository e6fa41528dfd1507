package main

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

// TestLoginRateLimit: after five wrong passwords for one login, even the
// right password is refused with 429 for a while; other logins still work.
func TestLoginRateLimit(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	for i := range 5 {
		if st := apiCall(t, nil, "POST", base+"/api/v1/session", map[string]string{"login": "akp", "password": "salah-sandi-" + string(rune('a'+i))}, nil); st != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: status %d", i, st)
		}
	}
	var out struct{ Error string }
	if st := apiCall(t, nil, "POST", base+"/api/v1/session", map[string]string{"login": "akp", "password": DemoPassword}, &out); st != http.StatusTooManyRequests || !strings.Contains(out.Error, "Coba lagi") {
		t.Fatalf("sixth attempt: status %d %q, want 429", st, out.Error)
	}
	apiLoginCookie(t, base, "arnp", DemoPassword)
}

// TestCrossSiteRequestRefused: a state change sent by a browser from another
// site is refused and changes nothing; the same request from the site passes.
func TestCrossSiteRequestRefused(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	cookie := apiLoginCookie(t, base, "ppksd1", DemoPassword)
	send := func(site string) int {
		req, _ := http.NewRequest("PUT", base+"/api/v1/profile", strings.NewReader(`{"position":"Diubah dari luar"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Sec-Fetch-Site", site)
		if site == "cross-site" {
			req.Header.Set("Origin", "https://situs-lain.example")
		}
		req.AddCookie(cookie)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := send("cross-site"); st != http.StatusForbidden {
		t.Fatalf("cross-site PUT: status %d, want 403", st)
	}
	var me struct{ User sepakat.User }
	apiCall(t, cookie, "GET", base+"/api/v1/me", nil, &me)
	if me.User.Profile.Position == "Diubah dari luar" {
		t.Fatal("cross-site request changed the profile")
	}
	if st := send("same-origin"); st != http.StatusOK {
		t.Fatalf("same-origin PUT: status %d", st)
	}
}

// TestOversizedAndWrongUploadsChangeNothing: a photo over the limit is
// refused with 413 and a PDF that is a Word file with 415; the registration
// keeps the files it had.
func TestOversizedAndWrongUploadsChangeNothing(t *testing.T) {
	m := runTestMain(t, false, "")
	base := m.Server.URL()
	var created struct{ User sepakat.User }
	if st := apiCall(t, nil, "POST", base+"/api/v1/accounts", map[string]string{"login": "petugas", "email": "petugas@contoh.id", "name": "Petugas", "password": DemoPassword}, &created); st != http.StatusCreated {
		t.Fatalf("sign up: %d", st)
	}
	cookie := apiLoginCookie(t, base, "petugas", DemoPassword)
	if st := apiCall(t, cookie, "PUT", base+"/api/v1/registration", map[string]any{"institution": map[string]string{"name": "Instansi Uji", "kind": "perusahaan"}}, nil); st != http.StatusOK {
		t.Fatalf("save registration: %d", st)
	}
	upload := func(slot, name string, data []byte) int {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		w, _ := mw.CreateFormFile("file", name)
		w.Write(data)
		mw.Close()
		req, _ := http.NewRequest("POST", base+"/api/v1/registration/files/"+slot, &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(cookie)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	good := demoPhoto(1)
	if st := upload("photo1", "foto.png", good); st != http.StatusOK {
		t.Fatalf("good photo: %d", st)
	}
	big := append(append([]byte{}, good...), make([]byte, sepakat.MaxPhotoSize)...)
	if st := upload("photo1", "besar.png", big); st != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized photo: %d, want 413", st)
	}
	if st := upload("letter", "surat.pdf", []byte("PK\x03\x04 bukan pdf")); st != http.StatusUnsupportedMediaType {
		t.Fatalf("zip as pdf: %d, want 415", st)
	}
	ctx := sepakat.NewContextWithUser(context.Background(), &created.User)
	reg, err := m.DB.MyRegistration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if reg.Officer1.Photo == nil || reg.Officer1.Photo.Size != int64(len(good)) || reg.Letter != nil {
		t.Fatalf("registration changed by refused uploads: photo %+v letter %+v", reg.Officer1.Photo, reg.Letter)
	}
}
