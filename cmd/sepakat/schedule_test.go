package main

import (
	"io"
	"strings"
	"testing"
)

func TestScheduleConfig(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	cfg, err := parseServeFlags(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	loc, hours, err := cfg.scheduleSettings()
	if err != nil || loc.String() != "Asia/Jakarta" || hours.String() != "07.30–16.00" {
		t.Fatalf("defaults: %v %v %v", loc, hours, err)
	}
	cfg, err = parseServeFlags(nil, env(map[string]string{"SEPAKAT_TIMEZONE": "Asia/Makassar", "SEPAKAT_OFFICE_HOURS": "08:00-15:30"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if loc, hours, _ = cfg.scheduleSettings(); loc.String() != "Asia/Makassar" || hours.String() != "08.00–15.30" {
		t.Fatalf("environment: %v %v", loc, hours)
	}
	cfg, err = parseServeFlags([]string{"--timezone", "Asia/Jayapura", "--office-hours", "07:00-14:00"}, env(map[string]string{"SEPAKAT_TIMEZONE": "Asia/Makassar"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if loc, _, _ = cfg.scheduleSettings(); loc.String() != "Asia/Jayapura" {
		t.Fatalf("flag over environment: %v", loc)
	}
	for _, args := range [][]string{{"--timezone", "Asia/Atlantis"}, {"--office-hours", "16:00-07:30"}, {"--office-hours", "pagi"}} {
		if _, err := parseServeFlags(args, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(args[0], "--")[:5]) {
			t.Errorf("%v: %v", args, err)
		}
	}
}
