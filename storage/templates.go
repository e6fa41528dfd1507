package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var _ sepakat.TemplateService = (*DB)(nil)

// The uploaded versions of the document templates are stored in the
// bucket of schema version 4:
//
//	templates  one nested bucket per kind ("kb", "pks"): version → TemplateVersion
//
// A version is the last version of its kind plus one, read and written in
// the same write transaction, so versions run from 1 without gaps. The
// template's blob is referenced as "template/KIND/VERSION", which every
// verified user may download.

// maxTemplateNote is the limit of a version's note, in characters.
const maxTemplateNote = 1000

func templateObject(kind string, version int) string {
	return fmt.Sprintf("template/%s/%d", kind, version)
}

// AddTemplate records f, already stored and validated, as the next version
// of kind. Only the admin or Kasubbag may. The version, its file reference
// and the audit entry are written in one transaction.
func (db *DB) AddTemplate(ctx context.Context, kind string, f sepakat.File, note string) (*sepakat.TemplateVersion, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role != sepakat.RoleAdmin && a.Role != sepakat.RoleKasubbag {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya admin atau Kasubbag yang dapat mengunggah templat.")
	}
	if err := sepakat.ValidateTemplateKind(kind); err != nil {
		return nil, err
	}
	if !ValidSHA(f.SHA256) || f.Size <= 0 {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Berkas templat tidak sah.")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxTemplateNote {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Catatan templat terlalu panjang (paling banyak %d huruf).", maxTemplateNote)
	}
	var v *sepakat.TemplateVersion
	err = db.update(func(tx *tx) error {
		root := tx.Bucket(bucketTemplates)
		if root == nil {
			return fmt.Errorf("templates bucket missing: database schema older than version 4")
		}
		b, err := root.CreateBucketIfNotExists([]byte(kind))
		if err != nil {
			return fmt.Errorf("template kind bucket: %w", err)
		}
		next := int64(1)
		if k, _ := b.Cursor().Last(); k != nil {
			next = btoi(k) + 1
		}
		v = &sepakat.TemplateVersion{
			Kind: kind, Version: int(next), File: f, Note: note,
			UploadedBy: a.ID, UploadedByName: a.Name, UploadedAt: tx.now,
		}
		if err := putJSON(b, itob(next), v); err != nil {
			return fmt.Errorf("put template version: %w", err)
		}
		object := templateObject(kind, v.Version)
		if err := tx.setFileRefs(object, nil, []string{f.SHA256}); err != nil {
			return err
		}
		return tx.appendAudit(a, "template.add", object, fmt.Sprintf("%s (%d bita); %s", f.Name, f.Size, note))
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// FindTemplates returns every uploaded version, by kind then version. Any
// verified user may read them.
func (db *DB) FindTemplates(ctx context.Context) ([]*sepakat.TemplateVersion, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.Verified {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Registrasi Anda belum disetujui.")
	}
	var out []*sepakat.TemplateVersion
	err = db.view(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketTemplates)
		if root == nil {
			return nil // read-only open of an older database
		}
		for _, kind := range sepakat.TemplateKinds {
			b := root.Bucket([]byte(kind))
			if b == nil {
				continue
			}
			if err := b.ForEach(func(_, data []byte) error {
				var v sepakat.TemplateVersion
				if err := json.Unmarshal(data, &v); err != nil {
					return fmt.Errorf("decode template version: %w", err)
				}
				out = append(out, &v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find templates: %w", err)
	}
	return out, nil
}

// LatestTemplate returns the latest uploaded version of kind, if any. It
// is read on behalf of the service (for first drafts), so it needs no
// particular role.
func (db *DB) LatestTemplate(ctx context.Context, kind string) (*sepakat.TemplateVersion, bool, error) {
	if _, err := actor(ctx); err != nil {
		return nil, false, err
	}
	if err := sepakat.ValidateTemplateKind(kind); err != nil {
		return nil, false, err
	}
	var v *sepakat.TemplateVersion
	err := db.view(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketTemplates)
		if root == nil {
			return nil
		}
		b := root.Bucket([]byte(kind))
		if b == nil {
			return nil
		}
		k, data := b.Cursor().Last()
		if k == nil {
			return nil
		}
		v = new(sepakat.TemplateVersion)
		return json.Unmarshal(data, v)
	})
	if err != nil {
		return nil, false, fmt.Errorf("latest template: %w", err)
	}
	return v, v != nil, nil
}
