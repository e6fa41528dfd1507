package storage

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// File references: the bucket filerefs holds one key sha + "\x00" + object
// (e.g. "registration/3") per object that references a blob, so that
// CanReadFile finds the objects of a blob without scanning them all.

func fileRefKey(sha, object string) []byte {
	return []byte(sha + "\x00" + object)
}

// setFileRefs updates the references of object from the blobs it used
// (before) to the blobs it uses now (after).
func (tx *tx) setFileRefs(object string, before, after []string) error {
	b := tx.Bucket(bucketFileRefs)
	for _, sha := range before {
		if err := b.Delete(fileRefKey(sha, object)); err != nil {
			return fmt.Errorf("delete file reference: %w", err)
		}
	}
	for _, sha := range after {
		if err := b.Put(fileRefKey(sha, object), []byte{}); err != nil {
			return fmt.Errorf("put file reference: %w", err)
		}
	}
	return nil
}

// CanReadFile reports whether the caller may download blob sha: true when
// an object that references it is visible to the caller.
func (db *DB) CanReadFile(ctx context.Context, sha string) (bool, error) {
	a, err := actor(ctx)
	if err != nil {
		return false, err
	}
	if !ValidSHA(sha) {
		return false, nil
	}
	var allowed bool
	err = db.view(func(tx *bolt.Tx) error {
		prefix := []byte(sha + "\x00")
		c := tx.Bucket(bucketFileRefs).Cursor()
		for k, _ := c.Seek(prefix); bytes.HasPrefix(k, prefix) && !allowed; k, _ = c.Next() {
			kind, rest, _ := strings.Cut(string(k[len(prefix):]), "/")
			if kind == "template" {
				// Templates are public to every verified user.
				allowed = a.Verified
				continue
			}
			id, err := strconv.ParseInt(rest, 10, 64)
			if err != nil {
				continue
			}
			switch kind {
			case "registration":
				r, err := getRegistration(tx, id)
				if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
					continue
				} else if err != nil {
					return err
				}
				allowed = canSeeRegistration(a, r)
			case "cooperation":
				allowed = db.index.canView(a, id)
			case "document":
				_, err := db.readableDocument(tx, a, id)
				if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
					continue
				} else if err != nil {
					return err
				}
				allowed = true
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("can read file: %w", err)
	}
	return allowed, nil
}
