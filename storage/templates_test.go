package storage_test

import (
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

func TestTemplates_AddFindLatest(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin")
	unverified := MustSignUp(t, db, "belum")
	file := func(c string) sepakat.File {
		return sepakat.File{SHA256: strings.Repeat(c, 64), Size: 100, Name: "templat.docx"}
	}

	if _, ok, err := db.LatestTemplate(as(f.arnp), "kb"); err != nil || ok {
		t.Fatalf("latest before any upload = %v, %v", ok, err)
	}
	for _, u := range []*sepakat.User{f.akp, f.arnp, f.p1, f.tkksd} {
		_, err := db.AddTemplate(as(u), "kb", file("a"), "")
		wantCode(t, err, sepakat.EFORBIDDEN)
	}
	_, err := db.AddTemplate(as(admin), "nk", file("a"), "")
	wantCode(t, err, sepakat.EINVALID)
	_, err = db.AddTemplate(as(admin), "kb", sepakat.File{SHA256: "x", Size: 1}, "")
	wantCode(t, err, sepakat.EINVALID)

	v1, err := db.AddTemplate(as(admin), "kb", file("a"), " pertama ")
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 || v1.Note != "pertama" || v1.UploadedByName != admin.Name {
		t.Errorf("v1 = %+v", v1)
	}
	if v, err := db.AddTemplate(as(f.kasubbag), "pks", file("b"), ""); err != nil || v.Version != 1 {
		t.Fatalf("pks v1 = %+v, %v", v, err)
	}
	v2, err := db.AddTemplate(as(f.kasubbag), "kb", file("c"), "kedua")
	if err != nil || v2.Version != 2 {
		t.Fatalf("kb v2 = %+v, %v", v2, err)
	}

	if es, err := db.FindAuditEntries(as(admin), sepakat.AuditFilter{Object: "template/kb/2"}); err != nil || len(es) != 1 || es[0].Action != "template.add" || es[0].ActorLogin != f.kasubbag.Login {
		t.Errorf("audit of kb v2: %+v, %v", es, err)
	}
	latest, ok, err := db.LatestTemplate(as(f.arnp), "kb")
	if err != nil || !ok || latest.Version != 2 || latest.File.SHA256 != file("c").SHA256 {
		t.Fatalf("latest kb = %+v, %v, %v", latest, ok, err)
	}
	all, err := db.FindTemplates(as(f.p1))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range all {
		got = append(got, v.Kind+"/"+string(rune('0'+v.Version)))
	}
	if strings.Join(got, " ") != "kb/1 kb/2 pks/1" {
		t.Errorf("templates = %v", got)
	}
	_, err = db.FindTemplates(as(unverified))
	wantCode(t, err, sepakat.EFORBIDDEN)

	// Every verified user may download a template; an unverified one not.
	for _, u := range []*sepakat.User{f.p1, f.tkksd, f.akp} {
		if ok, err := db.CanReadFile(as(u), file("c").SHA256); err != nil || !ok {
			t.Errorf("%s CanReadFile = %v, %v", u.Login, ok, err)
		}
	}
	if ok, _ := db.CanReadFile(as(unverified), file("c").SHA256); ok {
		t.Error("unverified user may read a template")
	}
}

func TestOpen_MigratesVersion3ToTemplates(t *testing.T) {
	f := MustDocFixture(t)
	dir := f.db.Dir
	if err := f.db.Close(); err != nil {
		t.Fatal(err)
	}

	// Make it a database of schema version 3.
	MustDowngrade(t, dir, 3, "templates")

	// Read-only, the old database has no template versions and does not break.
	ro, err := storage.Open(dir, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if list, err := ro.FindTemplates(as(f.arnp)); err != nil || len(list) != 0 {
		t.Fatalf("read-only templates: %v %v", list, err)
	}
	if _, ok, err := ro.LatestTemplate(as(f.arnp), "kb"); err != nil || ok {
		t.Fatalf("read-only latest template: %v %v", ok, err)
	}
	ro.Close()

	db := MustOpenDBAt(t, dir)
	if v, err := db.AddTemplate(as(f.kasubbag), "kb", sepakat.File{SHA256: strings.Repeat("d", 64), Size: 10}, ""); err != nil || v.Version != 1 {
		t.Fatalf("template after migration: %+v, %v", v, err)
	}
}
