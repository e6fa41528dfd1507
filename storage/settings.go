package storage

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// The keys of the deadline settings in bucketSettings.
var (
	keyTimeStandards = []byte("sop_time_standards")
	keyHolidays      = []byte("holidays")
)

// Settings keeps the admin's deadline settings: the SOP time standards and
// the holiday lists (sepakat.SettingsService).
type Settings struct{ db *DB }

// Settings returns the deadline settings service.
func (db *DB) Settings() *Settings { return &Settings{db: db} }

var _ sepakat.SettingsService = (*Settings)(nil)

// getSetting reads key into v; false when it is not stored (or the bucket
// is missing on a read-only open of an unmigrated database).
func (s *Settings) getSetting(key []byte, v any) (bool, error) {
	var found bool
	err := s.db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSettings)
		if b == nil {
			return nil
		}
		var err error
		found, err = getJSON(b, key, v)
		return err
	})
	return found, err
}

// TimeStandards returns the stored standards, or the shipped ones
// (sepakat.DefaultTimeStandards) when the admin has not changed them.
func (s *Settings) TimeStandards(ctx context.Context) ([]sepakat.TimeStandard, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	var ts []sepakat.TimeStandard
	found, err := s.getSetting(keyTimeStandards, &ts)
	if err != nil {
		return nil, fmt.Errorf("time standards: %w", err)
	}
	if !found {
		return sepakat.DefaultTimeStandards(), nil
	}
	return ts, nil
}

// SetTimeStandards replaces the standards (admin only).
func (s *Settings) SetTimeStandards(ctx context.Context, ts []sepakat.TimeStandard) ([]sepakat.TimeStandard, error) {
	a, err := s.adminOnly(ctx, "standar waktu SOP")
	if err != nil {
		return nil, err
	}
	ts, err = sepakat.ValidateTimeStandards(ts)
	if err != nil {
		return nil, err
	}
	err = s.db.update(func(tx *tx) error {
		if err := putJSON(tx.Bucket(bucketSettings), keyTimeStandards, ts); err != nil {
			return fmt.Errorf("put time standards: %w", err)
		}
		return tx.appendAudit(a, "settings.time_standards", "settings/sop_time_standards", fmt.Sprintf("%d langkah", len(ts)))
	})
	if err != nil {
		return nil, err
	}
	return ts, nil
}

// Holidays returns the stored holiday lists with the shipped years the
// admin has not entered (sepakat.WithShippedHolidays).
func (s *Settings) Holidays(ctx context.Context) ([]sepakat.HolidayYear, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	var years []sepakat.HolidayYear
	found, err := s.getSetting(keyHolidays, &years)
	if err != nil {
		return nil, fmt.Errorf("holidays: %w", err)
	}
	if !found {
		years = nil
	}
	return sepakat.WithShippedHolidays(years)
}

// SetHolidays replaces the admin's holiday lists (admin only) and returns
// them as Holidays does, with the shipped years they lack.
func (s *Settings) SetHolidays(ctx context.Context, years []sepakat.HolidayYear) ([]sepakat.HolidayYear, error) {
	a, err := s.adminOnly(ctx, "hari libur")
	if err != nil {
		return nil, err
	}
	years, err = sepakat.ValidateHolidays(years)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, y := range years {
		n += len(y.Holidays)
	}
	err = s.db.update(func(tx *tx) error {
		if err := putJSON(tx.Bucket(bucketSettings), keyHolidays, years); err != nil {
			return fmt.Errorf("put holidays: %w", err)
		}
		return tx.appendAudit(a, "settings.holidays", "settings/holidays", fmt.Sprintf("%d tahun, %d hari libur", len(years), n))
	})
	if err != nil {
		return nil, err
	}
	return sepakat.WithShippedHolidays(years)
}

func (s *Settings) adminOnly(ctx context.Context, what string) (*sepakat.User, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !isSystem(a) && a.Role != sepakat.RoleAdmin {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya admin yang mengubah %s.", what)
	}
	return a, nil
}
