package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// controlFile, in the data directory, tells the CLI how to reach a running
// server: bbolt's file lock keeps a second process out of the database, so
// hot backups and audit checks go through the server.
const controlFile = "control.json"

type control struct {
	URL   string `json:"url"`
	Token string `json:"token"`
	PID   int    `json:"pid"`
}

func writeControl(path string, c control) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("write control file: %w", err)
	}
	return os.Rename(tmp, path)
}

// runningServer returns the control data of a live server for dir, or nil
// when none answers (no control file, or a stale one left by a crash).
func runningServer(dir string) (*control, error) {
	b, err := os.ReadFile(filepath.Join(dir, controlFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var c control
	if err := json.Unmarshal(b, &c); err != nil || c.URL == "" {
		return nil, nil
	}
	client := http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(c.URL + "/healthz")
	if err != nil {
		return nil, nil
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil
	}
	return &c, nil
}

// send calls a control endpoint of the running server with its token and
// returns the response whatever its status.
func (c *control) send(ctx context.Context, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	return http.DefaultClient.Do(req)
}

// get calls a control endpoint of the running server; a status other than
// 200 is an error.
func (c *control) get(path string) (*http.Response, error) {
	resp, err := c.send(context.Background(), path)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, answerError(resp)
	}
	return resp, nil
}

// answerError reads (and closes) an unexpected answer of the server.
func answerError(resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	return fmt.Errorf("server answered %s: %s", resp.Status, body)
}
