package sepakat_test

import (
	"reflect"
	"testing"

	"github.com/sepakat/sepakat"
)

func TestParseLintElements(t *testing.T) {
	text := "# unsur\npara pihak: PIHAK KESATU, PARA PIHAK | | teks\n\njangka waktu: jangka waktu, masa berlaku\nkeadaan kahar: kahar | PKS | peringatan\n"
	es, err := sepakat.ParseLintElements(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []sepakat.LintElement{
		{Name: "para pihak", Keywords: []string{"PIHAK KESATU", "PARA PIHAK"}, InText: true},
		{Name: "jangka waktu", Keywords: []string{"jangka waktu", "masa berlaku"}},
		{Name: "keadaan kahar", Keywords: []string{"kahar"}, Kinds: []string{"pks"}, Severity: "warning"},
	}
	if !reflect.DeepEqual(es, want) {
		t.Fatalf("parsed %+v", es)
	}
	again, err := sepakat.ParseLintElements(sepakat.FormatLintElements(es))
	if err != nil || !reflect.DeepEqual(again, want) {
		t.Errorf("round trip: %+v, %v", again, err)
	}
	for _, bad := range []string{"tanpa titik dua", "nama:", ": kunci", "a: b | nk", "a: b | pks | tebal", "a: b | | | x"} {
		if _, err := sepakat.ParseLintElements(bad); sepakat.ErrorCode(err) != sepakat.EINVALID {
			t.Errorf("%q: %v, want EINVALID", bad, err)
		}
	}
}
