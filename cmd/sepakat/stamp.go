package main

import (
	"errors"
	"io"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/drafting"
	"github.com/sepakat/sepakat/templates"
)

var _ sepakat.NumberStamper = assistant{}

// StampNumbers writes the register's number, the partner's number and the
// date (spelled out as the templates write it) into a final draft.
func (a assistant) StampNumbers(r io.ReaderAt, size int64, city, partner string, date time.Time, w io.Writer) error {
	d, err := a.Limits.Read(r, size)
	if err != nil {
		return drafting.UploadError(err)
	}
	if _, err := drafting.Stamp(d, []string{city, partner}, templates.SpelledDate(date), w, date); err != nil {
		if errors.Is(err, drafting.ErrNoNumberLines) {
			return sepakat.Errorf(sepakat.ECONFLICT, "Naskah final tidak memiliki baris \"NOMOR :\" sebelum Pasal 1; nomor tidak dapat dituliskan. Tambahkan baris nomor pada naskah lalu unggah ulang.")
		}
		return err
	}
	return nil
}
