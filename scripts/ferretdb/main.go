// Command ferretdb runs FerretDB (SQLite backend) embedded, for tests and the
// hotline's embedded default database. It uses FerretDB's embeddable package
// because a bare `go install` of FerretDB's own command panics without the
// version file its release build generates.
//
// Usage: ferretdb -dir DATA_DIR [-listen 127.0.0.1:0]
// It prints one line, "ready mongodb://HOST:PORT/", on stdout once it listens,
// and stops on SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dir := flag.String("dir", "", "folder for the SQLite files (created if missing)")
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on; port 0 picks a free one")
	verbose := flag.Bool("verbose", false, "log FerretDB's own messages to stderr")
	flag.Parse()

	if *dir == "" {
		fmt.Fprintln(os.Stderr, "ferretdb: -dir is required")
		os.Exit(2)
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(2)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(2)
	}

	var out io.Writer = io.Discard
	if *verbose {
		out = os.Stderr
	}
	logger := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelWarn}))

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan struct{})
	go func() {
		_ = db.Run(ctx)
		close(done)
	}()

	// MongoDBURI knows the real port only once the listener is up.
	for i := 0; i < 200; i++ {
		if uri := db.MongoDBURI(); uri != "" && !hasPortZero(uri) {
			fmt.Println("ready", uri)
			break
		}
		time.Sleep(10 * time.Millisecond)
	}

	<-done
}

func hasPortZero(uri string) bool {
	return len(uri) >= 3 && (uri[len(uri)-3:] == ":0/" || uri[len(uri)-2:] == ":0")
}
