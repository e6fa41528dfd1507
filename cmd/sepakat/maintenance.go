package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

// runBackup writes a consistent backup of a data directory: through the
// running server when there is one, else directly from the files.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dir := dataFlagSet("backup", stderr)
	out := fs.String("o", "", "output file (.tar)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("backup: -o FILE is required")
	}
	if _, err := os.Stat(filepath.Join(*dir, "sepakat.db")); err != nil {
		return fmt.Errorf("backup: no Sepakat database in %s", *dir)
	}
	srv, err := runningServer(*dir)
	if err != nil {
		return err
	}
	write := func(w io.Writer) error { return storage.WriteOfflineBackup(*dir, w) }
	how := "offline"
	if srv != nil {
		how = "from the running server"
		write = func(w io.Writer) error {
			resp, err := srv.get("/internal/backup")
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			_, err = io.Copy(w, resp.Body)
			return err
		}
	}
	n, err := writeFileAtomic(*out, write)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "Backup written to %s (%d bytes, %s).\n", *out, n, how)
	return nil
}

// writeFileAtomic writes through a temporary file in the same folder, syncs
// and renames, so that a failed backup never leaves a partial file.
func writeFileAtomic(path string, write func(io.Writer) error) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".sepakat-backup-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name())
	cw := &countingWriter{w: f}
	if err := write(cw); err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	return cw.n, os.Rename(f.Name(), path)
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dir := dataFlagSet("restore", stderr)
	in := fs.String("i", "", "backup file written by sepakat backup")
	force := fs.Bool("force", false, "replace an existing database (kept as sepakat.db.before-restore-…)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" && fs.NArg() == 1 {
		*in = fs.Arg(0)
	}
	if *in == "" {
		return fmt.Errorf("restore: -i FILE is required")
	}
	if srv, _ := runningServer(*dir); srv != nil {
		return fmt.Errorf("restore: a server is running on %s (pid %d); stop it first", *dir, srv.PID)
	}
	f, err := os.Open(*in)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	if err := storage.RestoreBackup(f, *dir, *force); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(stdout, "Restored %s into %s.\n", *in, *dir)
	return nil
}

// runAuditVerify checks the audit chain and exits 1 when it is broken.
func runAuditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dir := dataFlagSet("audit verify", stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	report, err := auditReport(ctx, *dir)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(report)
	} else if report.OK {
		fmt.Fprintf(stdout, "audit log OK: %d entries, head %s\n", report.Entries, report.HeadHash)
	} else {
		fmt.Fprintf(stdout, "audit log BROKEN at entry %d: %s\n", report.FirstBad, report.Problem)
	}
	if !report.OK {
		return exitCode(1)
	}
	return nil
}

func auditReport(ctx context.Context, dir string) (sepakat.AuditReport, error) {
	var report sepakat.AuditReport
	if _, err := os.Stat(filepath.Join(dir, "sepakat.db")); err != nil {
		return report, fmt.Errorf("no Sepakat database in %s", dir)
	}
	srv, err := runningServer(dir)
	if err != nil {
		return report, err
	}
	if srv != nil {
		resp, err := srv.get("/internal/audit/verify")
		if err != nil {
			return report, err
		}
		defer resp.Body.Close()
		return report, json.NewDecoder(resp.Body).Decode(&report)
	}
	db, err := storage.Open(dir, storage.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		return report, err
	}
	defer db.Close()
	return db.VerifyAudit(sepakat.SystemContext(ctx))
}
