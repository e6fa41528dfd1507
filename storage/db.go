package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// Compile-time checks that DB and BlobStore implement the root interfaces.
var (
	_ sepakat.UserService         = (*DB)(nil)
	_ sepakat.SessionService      = (*DB)(nil)
	_ sepakat.RegistrationService = (*DB)(nil)
	_ sepakat.CooperationService  = (*DB)(nil)
	_ sepakat.NotificationService = (*DB)(nil)
	_ sepakat.AuditService        = (*DB)(nil)
	_ sepakat.FileAccess          = (*DB)(nil)
	_ sepakat.BlobStore           = (*BlobStore)(nil)
)

// DBFile is the name of the bbolt file inside the data directory.
const DBFile = "sepakat.db"

// DefaultTimeout is how long Open waits for the file lock when
// Options.Timeout is zero.
const DefaultTimeout = 2 * time.Second

// Bucket names. Every bucket is created by a migration when the database
// is opened.
var (
	bucketMeta           = []byte("meta")
	bucketUsers          = []byte("users")
	bucketUsersLogin     = []byte("users_login")
	bucketUsersEmail     = []byte("users_email")
	bucketUsersNIP       = []byte("users_nip")
	bucketSessions       = []byte("sessions")
	bucketRegistrations  = []byte("registrations")
	bucketRegUsers       = []byte("registration_users") // user id → registration id, both officers
	bucketInstitutions   = []byte("institutions")
	bucketFileRefs       = []byte("filerefs") // sha + "\x00" + object → empty
	bucketCooperations   = []byte("cooperations")
	bucketNotifications  = []byte("notifications")       // user id + notification id → notification
	bucketUnread         = []byte("notification_unread") // user id → unread count
	bucketAudit          = []byte("audit")               // seq → entry
	keySchemaVersion     = []byte("schema_version")
	codeSequencePrefix   = "code_seq_" // meta key prefix of the per-year cooperation code sequence
	allBucketsAtVersion1 = [][]byte{
		bucketMeta, bucketUsers, bucketUsersLogin, bucketUsersEmail, bucketUsersNIP, bucketSessions,
		bucketRegistrations, bucketRegUsers, bucketInstitutions, bucketFileRefs, bucketCooperations,
		bucketNotifications, bucketUnread, bucketAudit,
	}
)

// Bucket names of draft review, created by migration 2.
var (
	bucketDocuments      = []byte("documents")             // document id → document
	bucketDocumentsCoop  = []byte("documents_cooperation") // cooperation id + document id → empty
	bucketReviewItems    = []byte("review_items")          // document id + version + item id → review item
	bucketReviewItemKeys = []byte("review_item_keys")      // item id → document id + version
	bucketReviewUploads  = []byte("review_uploads")        // document id + version + upload id → upload
	bucketMessages       = []byte("document_messages")     // document id + message id → message
	bucketsAtVersion2    = [][]byte{
		bucketDocuments, bucketDocumentsCoop, bucketReviewItems, bucketReviewItemKeys, bucketReviewUploads, bucketMessages,
	}
)

// Bucket names of the register of document numbers, created by migration 3.
var (
	bucketRegister    = []byte("register")     // entry id → RegisterEntry
	bucketRegisterSeq = []byte("register_seq") // one nested bucket per "YEAR/KIND": seq → entry id
	bucketsAtVersion3 = [][]byte{bucketRegister, bucketRegisterSeq}
)

// Bucket names of the document templates, created by migration 4.
var (
	bucketTemplates   = []byte("templates") // one nested bucket per kind ("kb", "pks"): version → TemplateVersion
	bucketsAtVersion4 = [][]byte{bucketTemplates}
)

// Bucket names of the lampiran of documents, created by migration 5.
var (
	bucketAttachments = []byte("document_attachments") // document id + attachment id → Attachment
	bucketsAtVersion5 = [][]byte{bucketAttachments}
)

// Bucket names of the signing stage, created by migration 6.
var (
	bucketSignings       = []byte("signings")          // cooperation id → signing record (method, state, proposals, history)
	bucketProposals      = []byte("signing_proposals") // proposal id → cooperation id
	bucketRoutingSheets  = []byte("routing_sheets")    // cooperation id → desk-to-desk routing sheet
	bucketSignedScans    = []byte("signed_scans")      // cooperation id → the signed scan, photos and signing data
	bucketRegisteredPDFs = []byte("registered_pdfs")   // SHA-256 (hex) → RegisteredPDF
	bucketCalendarTokens = []byte("calendar_tokens")   // SHA-256 of a feed token → user id
	bucketsAtVersion6    = [][]byte{bucketSignings, bucketProposals, bucketRoutingSheets, bucketSignedScans, bucketRegisteredPDFs, bucketCalendarTokens}
)

// Bucket names of the other stages, deadlines and sign-on, created by
// migration 7.
var (
	bucketPlans       = []byte("plans")              // cooperation id → Perencanaan record (Studi Kelayakan, KAK, opinions, decisions)
	bucketInitiations = []byte("initiations")        // cooperation id → Inisiasi record (checklist uploads, notes, decision, thread)
	bucketMonitoring  = []byte("monitoring_entries") // cooperation id + entry id → Pemantauan entry
	bucketEvaluations = []byte("evaluations")        // cooperation id + period key → Evaluasi
	bucketSettings    = []byte("settings")           // setting name → JSON (SOP time standards, holidays, questionnaire…)
	bucketIdentities  = []byte("identities")         // "issuer\x00subject" of a single sign-on account → user id
	bucketsAtVersion7 = [][]byte{bucketPlans, bucketInitiations, bucketMonitoring, bucketEvaluations, bucketSettings, bucketIdentities}
)

// migrations brings the database from version i to i+1 at index i. They run
// in order, in one write transaction, when the database is opened. Append
// only: never change or reorder an existing migration.
var migrations = []func(tx *bolt.Tx) error{
	// 1: the initial buckets.
	func(tx *bolt.Tx) error { return createBuckets(tx, allBucketsAtVersion1) },
	// 2: documents and their review.
	func(tx *bolt.Tx) error { return createBuckets(tx, bucketsAtVersion2) },
	// 3: the register of document numbers.
	func(tx *bolt.Tx) error { return createBuckets(tx, bucketsAtVersion3) },
	// 4: the uploaded versions of the document templates.
	func(tx *bolt.Tx) error { return createBuckets(tx, bucketsAtVersion4) },
	// 5: the lampiran (attachment PDFs) of documents.
	func(tx *bolt.Tx) error { return createBuckets(tx, bucketsAtVersion5) },
	// 6: the signing stage: schedules, routing sheets, signed scans, the
	// registry of final PDFs and the calendar feed tokens.
	func(tx *bolt.Tx) error { return createBuckets(tx, bucketsAtVersion6) },
	// 7: the other stages (Perencanaan, Inisiasi, Pemantauan, Evaluasi),
	// the settings the admin edits, and single sign-on identities.
	func(tx *bolt.Tx) error { return createBuckets(tx, bucketsAtVersion7) },
}

// createBuckets creates the named buckets that do not exist yet.
func createBuckets(tx *bolt.Tx, names [][]byte) error {
	for _, name := range names {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion is the schema version this binary writes.
func SchemaVersion() int { return len(migrations) }

// Options configures Open.
type Options struct {
	// Logger receives the few messages the storage logs (start-up cleanups).
	// Nil discards them.
	Logger *slog.Logger
	// Now gives the time of every change; nil means time.Now.
	Now func() time.Time
	// NoSync skips fsync on commit. For tests and benchmarks only: a crash
	// may corrupt the database.
	NoSync bool
	// Timeout is how long to wait for the file lock held by another process;
	// zero means DefaultTimeout.
	Timeout time.Duration
	// ReadOnly opens the database without writing to it (offline backup).
	// Migrations are not applied and write methods fail.
	ReadOnly bool
}

// DB is Sepakat's storage: metadata in a bbolt file and file contents in a
// blob store, both inside one data directory. It implements the service
// interfaces of the root package. It is safe for concurrent use.
type DB struct {
	dir    string
	bolt   *bolt.DB
	blobs  *BlobStore
	logger *slog.Logger
	now    func() time.Time

	// writeMu serialises write transactions together with the index updates
	// that follow their commit, so that the index sees commits in order.
	writeMu sync.Mutex
	index   *coopIndex
	reviews *reviewCache
	// notifyHook is told of each notification after its commit (e-mail).
	notifyHook sepakat.NotificationHook
}

// Open opens (creating if needed) the data directory dir: the bbolt file
// dir/sepakat.db and the blob store dir/blobs. It applies pending
// migrations and loads the in-memory cooperation index.
func Open(dir string, opts Options) (*DB, error) {
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	path := filepath.Join(dir, DBFile)
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout, NoSync: opts.NoSync, ReadOnly: opts.ReadOnly})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("the data directory %s is in use by a running server (%s is locked); stop it or go through the server", dir, DBFile)
	} else if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db := &DB{dir: dir, bolt: bdb, logger: opts.Logger, now: opts.Now, index: newCoopIndex(), reviews: newReviewCache()}

	if err := db.migrate(opts.ReadOnly); err != nil {
		bdb.Close()
		return nil, err
	}
	db.blobs, err = openBlobStore(filepath.Join(dir, "blobs"), opts.ReadOnly, opts.Logger)
	if err != nil {
		bdb.Close()
		return nil, err
	}
	if !opts.ReadOnly {
		db.removeStaleBackupFiles()
	}
	if err := db.loadIndex(); err != nil {
		bdb.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// Dir returns the data directory.
func (db *DB) Dir() string { return db.dir }

// Blobs returns the blob store that keeps file contents.
func (db *DB) Blobs() *BlobStore { return db.blobs }

// migrate applies pending migrations, or in read-only mode only checks the
// version. A database newer than this binary is refused.
func (db *DB) migrate(readOnly bool) error {
	version := func(tx *bolt.Tx) (int, error) {
		b := tx.Bucket(bucketMeta)
		if b == nil {
			return 0, nil
		}
		v := b.Get(keySchemaVersion)
		if v == nil {
			return 0, nil
		}
		n, err := strconv.Atoi(string(v))
		if err != nil {
			return 0, fmt.Errorf("read schema version %q: %w", v, err)
		}
		if n > len(migrations) {
			return 0, fmt.Errorf("the database has schema version %d but this binary knows only up to %d: use a newer Sepakat", n, len(migrations))
		}
		return n, nil
	}
	if readOnly {
		return db.bolt.View(func(tx *bolt.Tx) error {
			v, err := version(tx)
			if err == nil && v < len(migrations) {
				db.logger.Warn("database schema is older than this binary; open it writable to migrate", "version", v, "want", len(migrations))
			}
			return err
		})
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		v, err := version(tx)
		if err != nil {
			return err
		}
		for i := v; i < len(migrations); i++ {
			if err := migrations[i](tx); err != nil {
				return fmt.Errorf("migration %d: %w", i+1, err)
			}
			db.logger.Info("database migrated", "version", i+1)
		}
		if v == len(migrations) {
			return nil
		}
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, []byte(strconv.Itoa(len(migrations))))
	})
}

// tx is a write transaction with what the change needs besides bbolt: one
// time for the whole change, the cooperations to re-index after commit and
// other in-memory updates to make after commit.
type tx struct {
	*bolt.Tx
	db          *DB
	now         time.Time
	changed     []*sepakat.Cooperation
	afterCommit []func()
}

// update runs fn in a write transaction. After a successful commit, and
// before the next write transaction starts, it updates the cooperation index
// with the cooperations fn saved and runs the afterCommit functions.
func (db *DB) update(fn func(tx *tx) error) error {
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	t := &tx{db: db, now: db.now().Round(0)}
	err := db.bolt.Update(func(btx *bolt.Tx) error {
		t.Tx = btx
		return fn(t)
	})
	if err != nil {
		return err
	}
	for _, c := range t.changed {
		db.index.put(c)
	}
	for _, fn := range t.afterCommit {
		fn()
	}
	return nil
}

// view runs fn in a read transaction.
func (db *DB) view(fn func(tx *bolt.Tx) error) error {
	return db.bolt.View(fn)
}

// itob encodes v as an 8-byte big-endian key.
func itob(v int64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, uint64(v))
	return b
}

// btoi decodes an 8-byte big-endian key.
func btoi(b []byte) int64 {
	return int64(binary.BigEndian.Uint64(b))
}

// getJSON decodes the value at key into v; it reports false when absent.
// Decoding copies the data, so v stays valid after the transaction.
func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("decode %x: %w", key, err)
	}
	return true, nil
}

// putJSON encodes v at key.
func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	return b.Put(key, data)
}

// nextID returns the bucket's next sequence as an int64 ID.
func nextID(b *bolt.Bucket) (int64, error) {
	seq, err := b.NextSequence()
	if err != nil {
		return 0, fmt.Errorf("next sequence: %w", err)
	}
	return int64(seq), nil
}

// removeStaleBackupFiles removes snapshot files left by a backup that was
// interrupted by a crash.
func (db *DB) removeStaleBackupFiles() {
	matches, _ := filepath.Glob(filepath.Join(db.dir, backupTempPattern))
	for _, m := range matches {
		if err := os.Remove(m); err == nil {
			db.logger.Info("removed stale backup snapshot", "path", m)
		}
	}
}

// syncDir fsyncs a directory so that a rename or create inside it is durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return err
	}
	return nil
}
