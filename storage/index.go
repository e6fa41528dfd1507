package storage

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// maxCooperationPage caps CooperationFilter.Limit.
const maxCooperationPage = 500

// coopIndex keeps in memory what the cooperation list needs, so that the
// list page neither opens a transaction nor decodes JSON per request. It is
// loaded at Open and updated after each commit that changes a cooperation.
type coopIndex struct {
	mu     sync.RWMutex
	byID   map[int64]*coopEntry
	sorted []*coopEntry // UpdatedAt descending, then ID descending
}

// coopEntry is one cooperation in the index.
type coopEntry struct {
	summary sepakat.CooperationSummary
	// access is a skeleton cooperation with only the fields sepakat.CanView
	// reads: Stage, PPKSD1ID, PPKSD2ID, CreatedBy and Grants.
	access sepakat.Cooperation
	// text is the lowercase search text: code, title, institution,
	// partners and affair.
	text string
	// stat is what the statistics count (statistics.go).
	stat coopStat
}

func newCoopIndex() *coopIndex {
	return &coopIndex{byID: map[int64]*coopEntry{}}
}

func newCoopEntry(c *sepakat.Cooperation) *coopEntry {
	e := &coopEntry{
		summary: sepakat.CooperationSummary{
			ID: c.ID, Code: c.Code, Title: c.Title, Stage: c.Stage, Kind: c.Kind,
			Institution: c.Applicant.Name, Partners: c.PartnerNames(), UpdatedAt: c.UpdatedAt,
		},
		access: sepakat.Cooperation{ID: c.ID, Stage: c.Stage, PPKSD1ID: c.PPKSD1ID, PPKSD2ID: c.PPKSD2ID, CreatedBy: c.CreatedBy},
	}
	for _, g := range c.Grants {
		e.access.Grants = append(e.access.Grants, sepakat.Grant{UserID: g.UserID})
	}
	e.stat = newCoopStat(c)
	if x, ok := sepakat.CooperationExpiry(c, c.UpdatedAt); ok {
		e.summary.TermEnd = x.End
	}
	e.text = strings.ToLower(strings.Join([]string{c.Code, c.Title, c.Applicant.Name, e.summary.Partners, c.Affair}, "\n"))
	return e
}

// compareEntries orders the newest change first, then the highest ID.
func compareEntries(x, y *coopEntry) int {
	return cmp.Or(y.summary.UpdatedAt.Compare(x.summary.UpdatedAt), cmp.Compare(y.summary.ID, x.summary.ID))
}

// loadIndex reads every cooperation into the index.
func (db *DB) loadIndex() error {
	ix := newCoopIndex()
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCooperations)
		if b == nil {
			return nil // read-only open of an unmigrated database
		}
		return b.ForEach(func(k, v []byte) error {
			var c sepakat.Cooperation
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("decode cooperation %d: %w", btoi(k), err)
			}
			e := newCoopEntry(&c)
			ix.byID[c.ID] = e
			ix.sorted = append(ix.sorted, e)
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("load cooperation index: %w", err)
	}
	slices.SortFunc(ix.sorted, compareEntries)
	db.index = ix
	return nil
}

// put adds or replaces the entry of c, keeping the order.
func (ix *coopIndex) put(c *sepakat.Cooperation) {
	e := newCoopEntry(c)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if old, ok := ix.byID[c.ID]; ok {
		if i, found := slices.BinarySearchFunc(ix.sorted, old, compareEntries); found {
			ix.sorted = slices.Delete(ix.sorted, i, i+1)
		}
	}
	i, _ := slices.BinarySearchFunc(ix.sorted, e, compareEntries)
	ix.sorted = slices.Insert(ix.sorted, i, e)
	ix.byID[c.ID] = e
}

// canView reports whether u may see cooperation id (false when absent).
func (ix *coopIndex) canView(u *sepakat.User, id int64) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	e, ok := ix.byID[id]
	return ok && sepakat.CanView(u, &e.access)
}

// access returns a copy of the access fields of cooperation id (those
// sepakat.CanView reads), or false when absent.
func (ix *coopIndex) access(id int64) (*sepakat.Cooperation, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	e, ok := ix.byID[id]
	if !ok {
		return nil, false
	}
	c := e.access
	return &c, true
}

// find returns the page of f among the cooperations u may see, and the
// number that matched.
func (ix *coopIndex) find(u *sepakat.User, f sepakat.CooperationFilter) ([]sepakat.CooperationSummary, int) {
	limit := f.Limit
	if limit <= 0 {
		limit = sepakat.DefaultPageSize
	}
	limit = min(limit, maxCooperationPage)
	offset := max(f.Offset, 0)
	words := strings.Fields(strings.ToLower(f.Query))

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make([]sepakat.CooperationSummary, 0, limit)
	total := 0
	for _, e := range ix.sorted {
		if (f.Stage != "" && e.summary.Stage != f.Stage) || !sepakat.CanView(u, &e.access) || !matchWords(e.text, words) {
			continue
		}
		if total >= offset && len(out) < limit {
			out = append(out, e.summary)
		}
		total++
	}
	return out, total
}

// countByStage counts the cooperations u may see per stage.
func (ix *coopIndex) countByStage(u *sepakat.User) map[sepakat.Stage]int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	counts := map[sepakat.Stage]int{}
	for _, e := range ix.sorted {
		if sepakat.CanView(u, &e.access) {
			counts[e.summary.Stage]++
		}
	}
	return counts
}
