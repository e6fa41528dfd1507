package sepakat_test

import (
	"testing"

	"github.com/sepakat/sepakat"
)

// TestCheckTransition walks every pair of stages for every role, for a PPKSD
// of the cooperation and one of another, and checks the answer against the
// Transitions table: ECONFLICT for a move the table lacks, EFORBIDDEN for a
// role the entry does not list, EINVALID for a missing reason.
func TestCheckTransition(t *testing.T) {
	own := &sepakat.User{ID: 1, Role: sepakat.RolePPKSD, Active: true, Verified: true}
	other := &sepakat.User{ID: 2, Role: sepakat.RolePPKSD, Active: true, Verified: true}
	actors := []*sepakat.User{own, other}
	for i, r := range sepakat.Roles[1:] {
		actors = append(actors, &sepakat.User{ID: int64(10 + i), Role: r, Active: true, Verified: true})
	}
	allowedMoves := 0
	for _, from := range sepakat.Stages {
		c := &sepakat.Cooperation{Stage: from, PPKSD1ID: own.ID}
		for _, to := range sepakat.Stages {
			entry, inTable := sepakat.FindTransition(from, to)
			for _, u := range actors {
				err := sepakat.CheckTransition(u, c, to, "alasan yang cukup")
				switch {
				case !inTable:
					if sepakat.ErrorCode(err) != sepakat.ECONFLICT {
						t.Errorf("%s→%s by %s: want conflict, got %v", from, to, u.Role, err)
					}
				case roleListed(entry, u.Role) && (u.Role != sepakat.RolePPKSD || u == own):
					if err != nil {
						t.Errorf("%s→%s by %s: want allowed, got %v", from, to, u.Role, err)
					}
					allowedMoves++
					if entry.NoteRequired && sepakat.ErrorCode(sepakat.CheckTransition(u, c, to, " ")) != sepakat.EINVALID {
						t.Errorf("%s→%s without a reason must be refused", from, to)
					}
					// A move the PPKSD makes through its own action is not
					// offered as a generic move, and the generic check refuses it.
					generic := sepakat.CheckGenericMove(u, c, to, "alasan yang cukup")
					if entry.Via != "" && u.Role == sepakat.RolePPKSD {
						if containsMove(sepakat.AllowedTransitions(u, c), to) || sepakat.ErrorCode(generic) != sepakat.ECONFLICT {
							t.Errorf("%s→%s is offered to the PPKSD as a generic move (%v)", from, to, generic)
						}
						break
					}
					if !containsMove(sepakat.AllowedTransitions(u, c), to) || generic != nil {
						t.Errorf("AllowedTransitions misses %s→%s for %s (%v)", from, to, u.Role, generic)
					}
				default:
					if sepakat.ErrorCode(err) != sepakat.EFORBIDDEN {
						t.Errorf("%s→%s by %s (%d): want forbidden, got %v", from, to, u.Role, u.ID, err)
					}
					if containsMove(sepakat.AllowedTransitions(u, c), to) {
						t.Errorf("AllowedTransitions offers %s→%s to %s", from, to, u.Role)
					}
				}
			}
		}
	}
	if allowedMoves < len(sepakat.Transitions) {
		t.Fatalf("only %d allowed moves seen for %d table entries", allowedMoves, len(sepakat.Transitions))
	}
	inactive := &sepakat.User{ID: 3, Role: sepakat.RoleKasubbag}
	if err := sepakat.CheckTransition(inactive, &sepakat.Cooperation{Stage: sepakat.StagePermohonan}, sepakat.StagePerencanaan, ""); sepakat.ErrorCode(err) != sepakat.EFORBIDDEN {
		t.Fatalf("inactive user: want forbidden, got %v", err)
	}
}

func roleListed(t sepakat.Transition, r sepakat.Role) bool {
	for _, x := range t.Roles {
		if x == r {
			return true
		}
	}
	return false
}

func containsMove(ts []sepakat.Transition, to sepakat.Stage) bool {
	for _, t := range ts {
		if t.To == to {
			return true
		}
	}
	return false
}

func TestCanView(t *testing.T) {
	c := &sepakat.Cooperation{Stage: sepakat.StagePersiapan, PPKSD1ID: 1, PPKSD2ID: 2, Grants: []sepakat.Grant{{UserID: 5}}}
	for _, tc := range []struct {
		u    sepakat.User
		want bool
	}{
		{sepakat.User{ID: 1, Role: sepakat.RolePPKSD, Active: true, Verified: true}, true},
		{sepakat.User{ID: 2, Role: sepakat.RolePPKSD, Active: true, Verified: true}, true},
		{sepakat.User{ID: 2, Role: sepakat.RolePPKSD, Active: true}, false},
		{sepakat.User{ID: 3, Role: sepakat.RolePPKSD, Active: true, Verified: true}, false},
		{sepakat.User{ID: 4, Role: sepakat.RoleAKP, Active: true, Verified: true}, true},
		{sepakat.User{ID: 4, Role: sepakat.RoleAKP, Verified: true}, false},
		{sepakat.User{ID: 5, Role: sepakat.RoleTKKSD, Active: true, Verified: true}, true},
		{sepakat.User{ID: 6, Role: sepakat.RoleTKKSD, Active: true, Verified: true}, false},
		{sepakat.User{ID: 7, Role: sepakat.RoleProtokol, Active: true, Verified: true}, false},
		{sepakat.User{ID: 8, Role: sepakat.RoleAdmin, Active: true, Verified: true}, false},
	} {
		if got := sepakat.CanView(&tc.u, c); got != tc.want {
			t.Errorf("%s %d: CanView = %v, want %v", tc.u.Role, tc.u.ID, got, tc.want)
		}
	}
	c.Stage = sepakat.StagePenandatanganan
	if !sepakat.CanView(&sepakat.User{ID: 7, Role: sepakat.RoleProtokol, Active: true, Verified: true}, c) {
		t.Error("protokol must see a cooperation in penandatanganan")
	}
}

func TestVerifyChainDetectsTampering(t *testing.T) {
	var entries []*sepakat.AuditEntry
	prev := ""
	for i := range 5 {
		e := &sepakat.AuditEntry{Seq: uint64(i + 1), ActorLogin: "akp", Action: "uji", Object: "cooperation/1", PrevHash: prev}
		e.Hash = e.ComputeHash()
		prev = e.Hash
		entries = append(entries, e)
	}
	check := func(es []*sepakat.AuditEntry) sepakat.AuditReport {
		i := 0
		return sepakat.VerifyChain(func() (*sepakat.AuditEntry, bool) {
			if i == len(es) {
				return nil, false
			}
			i++
			return es[i-1], true
		})
	}
	if r := check(entries); !r.OK || r.Entries != 5 {
		t.Fatalf("intact chain: %+v", r)
	}
	altered := *entries[2]
	altered.Detail = "diubah"
	if r := check([]*sepakat.AuditEntry{entries[0], entries[1], &altered, entries[3], entries[4]}); r.OK || r.FirstBad != 3 {
		t.Fatalf("altered entry not found: %+v", r)
	}
	if r := check([]*sepakat.AuditEntry{entries[0], entries[1], entries[3], entries[4]}); r.OK || r.FirstBad != 4 {
		t.Fatalf("removed entry not found: %+v", r)
	}
}
