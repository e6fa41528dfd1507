package sepakat

import (
	"io"
	"time"
)

// NumberStamper writes a numbered document's numbers and date into its
// text: the city's number and the partner's in the "NOMOR :" lines, the
// date spelled out in the opening sentence.
type NumberStamper interface {
	StampNumbers(r io.ReaderAt, size int64, city, partner string, date time.Time, w io.Writer) error
}
