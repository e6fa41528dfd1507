package storage

import (
	"sync"

	"github.com/sepakat/sepakat"
)

// maxCachedVersions bounds the reviewCache.
const maxCachedVersions = 256

// reviewKey names the review items of one version of a document.
type reviewKey struct {
	doc     int64
	version int
}

// reviewCache keeps the decoded, sorted review items of recently read
// versions, so that the review page does not decode every item's JSON on
// each request. A write that stores an item drops its version after commit
// (tx.putReviewItem); a read stores what it decoded only when no write
// committed since it began (generation unchanged), so that a read that saw
// an older snapshot never fills the cache.
type reviewCache struct {
	mu    sync.Mutex
	gen   uint64
	items map[reviewKey][]sepakat.ReviewItem
}

func newReviewCache() *reviewCache {
	return &reviewCache{items: map[reviewKey][]sepakat.ReviewItem{}}
}

// generation returns the number of invalidations so far; take it before
// the read transaction whose result goes to put.
func (rc *reviewCache) generation() uint64 {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.gen
}

// get returns copies of the cached items of k.
func (rc *reviewCache) get(k reviewKey) ([]*sepakat.ReviewItem, bool) {
	rc.mu.Lock()
	cached, ok := rc.items[k]
	rc.mu.Unlock()
	if !ok {
		return nil, false
	}
	return copyItems(cached), true
}

// put caches copies of items under k when no invalidation happened since
// gen.
func (rc *reviewCache) put(k reviewKey, gen uint64, items []*sepakat.ReviewItem) {
	stored := make([]sepakat.ReviewItem, len(items))
	for i, it := range items {
		stored[i] = *it
		if it.Response != nil {
			r := *it.Response
			stored[i].Response = &r
		}
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.gen != gen {
		return
	}
	if len(rc.items) >= maxCachedVersions {
		for old := range rc.items { // drop one at random
			delete(rc.items, old)
			break
		}
	}
	rc.items[k] = stored
}

// invalidate drops the items of k.
func (rc *reviewCache) invalidate(k reviewKey) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.gen++
	delete(rc.items, k)
}

// copyItems returns pointers to fresh copies of items, which the caller may
// change.
func copyItems(items []sepakat.ReviewItem) []*sepakat.ReviewItem {
	slab := make([]sepakat.ReviewItem, len(items))
	copy(slab, items)
	out := make([]*sepakat.ReviewItem, len(items))
	for i := range slab {
		if r := slab[i].Response; r != nil {
			cp := *r
			slab[i].Response = &cp
		}
		out[i] = &slab[i]
	}
	return out
}
