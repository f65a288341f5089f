// Trame's PocketBase: the official module set up like its examples/base — the jsvm plugin loads
// the committed JS migrations (pb_migrations) and hooks (pb_hooks), and the migrate command is
// available. Left out on purpose: the GitHub self-update (the version is pinned in go.mod) and the
// static pb_public route (the Trame server serves the app; PocketBase only serves its API).
//
// Mails with a calendar attachment are sent by calendar_mail.go (the .ics typed with its method).
//
// One change to the defaults: Trame's data (data.db) is opened with synchronous=FULL, so a commit
// is on disk (the WAL fsynced) before PocketBase answers, and "Enregistré" survives a power cut,
// not only a crash of the process. PocketBase's default (NORMAL) syncs the WAL only at checkpoints.
// The logs database (auxiliary.db) keeps NORMAL: losing its last entries on a power cut is fine.
// `--dataSync=normal` restores PocketBase's default for data.db: only for measuring what FULL
// costs (npm run bench, S2D); acknowledged saves can then be lost on a power cut.
package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/jsvm"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"
)

// dataSync is the synchronous pragma of data.db ("full" unless --dataSync=normal).
var dataSync = "full"

// durableDBConnect is core.DefaultDBConnect with synchronous=FULL for data.db. The pragmas are
// the defaults' (busy_timeout first, so the connection waits on a lock before switching to WAL).
func durableDBConnect(dbPath string) (*dbx.DB, error) {
	synchronous := "NORMAL"
	if filepath.Base(dbPath) == "data.db" {
		switch dataSync {
		case "full":
			synchronous = "FULL"
		case "normal":
			synchronous = "NORMAL"
		default:
			return nil, fmt.Errorf("--dataSync must be full or normal, not %q", dataSync)
		}
	}
	pragmas := strings.Join([]string{
		"_pragma=busy_timeout(10000)",
		"_pragma=journal_mode(WAL)",
		"_pragma=journal_size_limit(200000000)",
		"_pragma=synchronous(" + synchronous + ")",
		"_pragma=foreign_keys(ON)",
		"_pragma=temp_store(MEMORY)",
		"_pragma=cache_size(-32000)",
	}, "&")
	return dbx.Open("sqlite", dbPath+"?"+pragmas)
}

func main() {
	// Dev mode stays off by default, as pocketbase.New() decides for a built binary.
	app := pocketbase.NewWithConfig(pocketbase.Config{DBConnect: durableDBConnect})

	var hooksDir string
	app.RootCmd.PersistentFlags().StringVar(
		&hooksDir,
		"hooksDir",
		"",
		"the directory with the JS app hooks",
	)

	// Off by default: a restart on file change would surprise the harness that supervises us.
	var hooksWatch bool
	app.RootCmd.PersistentFlags().BoolVar(
		&hooksWatch,
		"hooksWatch",
		false,
		"auto restart the app on pb_hooks file change; it has no effect on Windows",
	)

	var hooksPool int
	app.RootCmd.PersistentFlags().IntVar(
		&hooksPool,
		"hooksPool",
		15,
		"the total prewarm goja.Runtime instances for the JS app hooks execution",
	)

	app.RootCmd.PersistentFlags().StringVar(
		&dataSync,
		"dataSync",
		"full",
		"synchronous pragma of data.db: full (default: commits fsynced before answering) or normal (bench only)",
	)

	var migrationsDir string
	app.RootCmd.PersistentFlags().StringVar(
		&migrationsDir,
		"migrationsDir",
		"",
		"the directory with the user defined migrations",
	)

	// Off by default: migrations are written by hand and committed, never generated from
	// Admin UI edits.
	var automigrate bool
	app.RootCmd.PersistentFlags().BoolVar(
		&automigrate,
		"automigrate",
		false,
		"enable/disable auto migrations (JS files generated from Admin UI collection changes)",
	)

	// The plugins below read the flag values, so parse them before registering.
	app.RootCmd.ParseFlags(os.Args[1:])

	// pb_hooks and pb_migrations (JS)
	jsvm.MustRegister(app, jsvm.Config{
		MigrationsDir: migrationsDir,
		HooksDir:      hooksDir,
		HooksWatch:    hooksWatch,
		HooksPoolSize: hooksPool,
	})

	// Séance invitations: their .ics typed with its iTIP method (calendar_mail.go)
	registerCalendarMail(app)

	// `migrate` command, with JS templates
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		TemplateLang: migratecmd.TemplateLangJS,
		Automigrate:  automigrate,
		Dir:          migrationsDir,
	})

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
