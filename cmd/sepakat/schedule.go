package main

import (
	"fmt"
	"time"
	// The zones of --timezone without the system's tzdata.
	_ "time/tzdata"

	"github.com/sepakat/sepakat"
)

// scheduleSettings reads --timezone and --office-hours.
func (c *Config) scheduleSettings() (*time.Location, sepakat.OfficeHours, error) {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" {
		return nil, sepakat.OfficeHours{}, fmt.Errorf("timezone %q: want an IANA zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura", c.Timezone)
	}
	hours, err := sepakat.ParseOfficeHours(c.OfficeHours)
	if err != nil {
		return nil, sepakat.OfficeHours{}, err
	}
	return loc, hours, nil
}
