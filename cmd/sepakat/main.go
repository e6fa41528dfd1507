// Command sepakat runs the Sepakat web service and its command-line tools.
//
//	sepakat serve [--addr ADDR] [--data DIR] [--demo]
//	sepakat backup --data DIR -o FILE
//	sepakat restore --data DIR -i FILE [--force]
//	sepakat audit verify --data DIR
//	sepakat text FILE.docx [--changes accept|reject]
//	sepakat diff OLD.docx NEW.docx [--format text|json|html|docx] [-o OUT] [--author NAME]
//	sepakat comments FILE.docx [--json]
//	sepakat changes FILE.docx [--json]
//	sepakat combine BASE.docx COPY.docx... -o MERGED.docx [--report REPORT.json] [--author-of COPY=NAME]
//	sepakat cert new --cn NAME --org ORG -o FILE.p12 [--password-file F]
//	sepakat sign IN.pdf --p12 FILE.p12 [--password-file F] [--visible] -o OUT.pdf
//	sepakat verify FILE.pdf [--data DIR] [--json]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Version is set at build time with -ldflags "-X main.Version=…".
var Version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		// An exit status alone (usage shown, lint findings printed) says
		// nothing more on standard error.
		var ec exitCode
		if errors.As(err, &ec) {
			os.Exit(int(ec))
		}
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "sepakat:", err)
		}
		os.Exit(1)
	}
}

// exitCode lets a command choose its exit status.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

const usage = `Sepakat: drafting, review, numbering and signing of regional cooperation agreements.

Usage:
  sepakat serve   [--addr ADDR] [--data DIR] [--demo]   run the web service
  sepakat backup  --data DIR -o FILE                    hot backup (works while the server runs)
  sepakat restore --data DIR -i FILE [--force]          bring a backup back (server stopped)
  sepakat audit verify --data DIR                       check the audit log's hash chain
  sepakat text FILE.docx [--changes accept|reject]      print a Word document's text, one paragraph per line
  sepakat diff OLD.docx NEW.docx [--format text|json|html|docx|pdf] [-o OUT] [--author NAME]
                                                        compare two drafts Pasal by Pasal
  sepakat comments FILE.docx [--json]                   list comments with their replies, by Pasal and ayat
  sepakat changes FILE.docx [--json]                    list tracked changes: author, date, Pasal and ayat
  sepakat combine BASE.docx COPY.docx... -o MERGED.docx [--report REPORT.json] [--author-of COPY=NAME]
                                                        merge reviewers' copies into one draft
  sepakat lint FILE.docx [--kind kb|pks] [--json] [--elements FILE.json]
                                                        check a draft (numbering, references, enumerations…);
                                                        exit status 3 when an error is found
  sepakat draft --template kb|pks --data DATA.json -o OUT.docx
                                                        first draft of a KB or PKS from the built-in template
  sepakat renumber IN.docx -o OUT.docx [--report REPORT.json] [--no-track] [--author NAME]
                                                        number Pasal and ayat again, update cross-references
  sepakat render IN.docx -o OUT.pdf [--paper f4|a4] [--draft] [--number TEXT] [--verify-url URL] [--append A.pdf,B.pdf]
                                                        typeset a KB/PKS as a print-ready PDF (paraf boxes,
                                                        signature page; DRAFT watermark or a final's footer)
  sepakat cert new --cn NAME --org ORG -o FILE.p12 [--password-file F]
                                                        self-signed certificate for trials (unencrypted
                                                        without a password file)
  sepakat sign IN.pdf --p12 FILE.p12 [--password-file F] [--visible] -o OUT.pdf
                                                        sign a PDF electronically (incremental update)
  sepakat verify FILE.pdf [--data DIR] [--json]         report every signature; with --data whether the file
                                                        is a registered final; exit status 1 when a signature
                                                        is broken or the file is not registered
  sepakat version                                       print the version

Every flag of serve can also be set with an environment variable: SEPAKAT_ADDR,
SEPAKAT_DATA, SEPAKAT_DEMO, SEPAKAT_SECURE_COOKIES, SEPAKAT_LOG_LEVEL.
`

// run dispatches a command line; it is what main and the tests call.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitCode(2)
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "backup":
		return runBackup(ctx, args[1:], stdout, stderr)
	case "restore":
		return runRestore(ctx, args[1:], stdout, stderr)
	case "audit":
		if len(args) < 2 || args[1] != "verify" {
			fmt.Fprint(stderr, "usage: sepakat audit verify --data DIR\n")
			return exitCode(2)
		}
		return runAuditVerify(ctx, args[2:], stdout, stderr)
	case "text":
		return runText(ctx, args[1:], stdout, stderr)
	case "diff":
		return runDiff(ctx, args[1:], stdout, stderr)
	case "comments":
		return runComments(ctx, args[1:], stdout, stderr)
	case "changes":
		return runChanges(ctx, args[1:], stdout, stderr)
	case "combine":
		return runCombine(ctx, args[1:], stdout, stderr)
	case "draft":
		return runDraft(ctx, args[1:], stdout, stderr)
	case "lint":
		return runLint(ctx, args[1:], stdout, stderr)
	case "renumber":
		return runRenumber(ctx, args[1:], stdout, stderr)
	case "render":
		return runRender(ctx, args[1:], stdout, stderr)
	case "cert":
		return runCert(ctx, args[1:], stdout, stderr)
	case "sign":
		return runSign(ctx, args[1:], stdout, stderr)
	case "verify":
		return runVerify(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "sepakat", Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
	return exitCode(2)
}
