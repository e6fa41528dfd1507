package storage_test

import (
	"reflect"
	"testing"

	"github.com/sepakat/sepakat"
)

func TestElementsSettings(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin")

	if es, err := db.ElementsSettings(as(f.akp)); err != nil || es != nil {
		t.Fatalf("before any setting: %+v, %v", es, err)
	}
	es := []sepakat.LintElement{{Name: "jangka waktu", Keywords: []string{"jangka waktu"}, Kinds: []string{"pks"}}}
	for _, u := range []*sepakat.User{f.akp, f.arnp, f.p1, f.tkksd} {
		wantCode(t, db.SetElementsSettings(as(u), es), sepakat.EFORBIDDEN)
	}
	wantCode(t, db.SetElementsSettings(as(admin), []sepakat.LintElement{{Name: "x"}}), sepakat.EINVALID)
	if err := db.SetElementsSettings(as(f.kasubbag), es); err != nil {
		t.Fatal(err)
	}
	if es, err := db.FindAuditEntries(as(admin), sepakat.AuditFilter{Object: "lint"}); err != nil || len(es) != 1 || es[0].Action != "lint.elements" {
		t.Errorf("audit: %+v, %v", es, err)
	}
	got, err := db.ElementsSettings(as(f.arnp))
	if err != nil || !reflect.DeepEqual(got, es) {
		t.Fatalf("stored: %+v, %v", got, err)
	}
	_, err = db.ElementsSettings(as(f.p1))
	wantCode(t, err, sepakat.EFORBIDDEN)
	if err := db.SetElementsSettings(as(admin), nil); err != nil {
		t.Fatal(err)
	}
	if got, err := db.ElementsSettings(as(admin)); err != nil || got != nil {
		t.Fatalf("after reset: %+v, %v", got, err)
	}
}
