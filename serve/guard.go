package serve

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/store"
)

// ErrRefused is what a guard answers to anything the person's role does
// not allow (errors.Is). Its message says what, and whom to ask.
var ErrRefused = errors.New("refused")

// refusal is a refused request in one sentence.
type refusal struct{ msg string }

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return ErrRefused }

func refuse(format string, args ...any) error {
	return &refusal{msg: workbook.CleanLine(fmt.Sprintf(format, args...))}
}

// Guard is one connection's store: *store.Store seen through the rules of
// the person connected (tui.Store). Every method looks the person up again
// in the access file as it is now (a reload applies at once), then:
//
//   - a member lists, reads and changes only their team's sessions, starts
//     sessions only for their team and never moves one to another team;
//   - a coach lists and reads the sessions of the teams they coach and
//     saves only comment changes (workbook.OnlyCommentsChanged: the rule of
//     review mode);
//   - a facilitator lists and reads every session and changes nothing;
//   - a comment is new only under the person's own name and side; an
//     existing one changes only by its author, except its state (resolved
//     or open), which anyone who may comment changes in their own name;
//     none is removed (a deletion is a tombstone).
//
// A session id the person may not read is answered as one that does not
// exist, with the same sentence, so ids of other teams cannot be probed.
// Every change is stored with its audit entry (who, from which key, which
// parts) and published to the other connections on the session.
type Guard struct {
	st     *store.Store
	access func() *Access // the access file as it is now
	key    string         // the SSH key's SHA-256 fingerprint
	b      *broker
	box    *mailbox      // this connection's (nil: hears nothing; tests)
	path   string        // how the file is named to the person
	saves  *atomic.Int64 // counts this connection's saves (the log line); may be nil
}

// NewGuard is the store of a person connected with the key whose SHA-256
// fingerprint is key.
func NewGuard(st *store.Store, access func() *Access, key string) *Guard {
	return &Guard{st: st, access: access, key: key, b: newBroker(), path: "the cohort server's workbook"}
}

// who is the person now, or the refusal when their key left the file.
func (g *Guard) who() (Person, error) {
	a := g.access()
	p, ok := a.ByFingerprint(g.key)
	if !ok {
		contact := "the facilitator"
		if a != nil && a.Contact != "" {
			contact = a.Contact
		}
		return Person{}, refuse("your key is no longer in the cohort's access file; ask %s", contact)
	}
	return p, nil
}

func (g *Guard) contact() string {
	if a := g.access(); a != nil && a.Contact != "" {
		return a.Contact
	}
	return "the facilitator"
}

// unknown is the answer for a session the person may not read or that does
// not exist: the same sentence for both.
func (g *Guard) unknown(p Person, id string) error {
	switch p.Role {
	case RoleMember:
		return refuse("there is no session %s among %s's sessions", id, p.Team)
	case RoleCoach:
		return refuse("there is no session %s among the sessions of the teams you coach", id)
	}
	return refuse("there is no session %s", id)
}

// Path names the workbook in messages; it is not the file's path.
func (g *Guard) Path() string { return g.path }

// List returns the summaries of the sessions the person may read.
func (g *Guard) List() ([]workbook.Summary, error) {
	p, err := g.who()
	if err != nil {
		return nil, err
	}
	all, err := g.st.List()
	if err != nil {
		return nil, err
	}
	out := all[:0:0]
	for _, s := range all {
		if p.Reads(s.Team) {
			out = append(out, s)
		}
	}
	return out, nil
}

// Get reads a session the person may read.
func (g *Guard) Get(id string) (*workbook.Session, error) {
	p, err := g.who()
	if err != nil {
		return nil, err
	}
	s, err := g.st.Get(id)
	if errors.Is(err, workbook.ErrNotFound) || (err == nil && !p.Reads(s.Team)) {
		return nil, g.unknown(p, workbook.CleanLine(id))
	}
	if err != nil {
		return nil, err
	}
	// The broker keeps a copy of its own: the app edits the one it gets.
	g.b.subscribe(g.box, s.Clone())
	return s, nil
}

// Templates lists the stored templates (everyone may read them: a new
// session needs one).
func (g *Guard) Templates() ([]*workbook.Template, error) {
	if _, err := g.who(); err != nil {
		return nil, err
	}
	return g.st.Templates()
}

// ReceivedFiles lists the files a coach received for a session the person
// may read.
func (g *Guard) ReceivedFiles(id string) ([]workbook.ReceivedFile, error) {
	if _, err := g.Get(id); err != nil {
		return nil, err
	}
	return g.st.ReceivedFiles(id)
}

// ReceivedSession reads a round of a session the person may read.
func (g *Guard) ReceivedSession(id string, round int) (*workbook.Session, workbook.ReceivedFile, error) {
	if _, err := g.Get(id); err != nil {
		return nil, workbook.ReceivedFile{}, err
	}
	return g.st.ReceivedSession(id, round)
}

// Create stores a new session for a member's own team.
func (g *Guard) Create(s *workbook.Session) (*workbook.Session, error) {
	p, err := g.who()
	if err != nil {
		return nil, err
	}
	if p.Role != RoleMember {
		return nil, refuse("only a team's members start its sessions; you %s", readsOnly(p))
	}
	if !SameTeam(s.Team, p.Team) {
		return nil, refuse("you start sessions for %s only, not for %q", p.Team, s.Team)
	}
	if err := checkComments(nil, s, p); err != nil {
		return nil, err
	}
	c := *s
	c.Team = p.Team // the access file's spelling: the team's sessions list together
	saved, err := g.st.CreateAudited(&c, g.entry(p, store.AuditCreate, "", c.Team, []string{"set-up"}))
	if err != nil {
		return nil, err
	}
	g.saved(saved)
	return saved, nil
}

// Update saves a change to a session the person may change (see Guard).
func (g *Guard) Update(s *workbook.Session) (*workbook.Session, error) {
	p, err := g.who()
	if err != nil {
		return nil, err
	}
	base, err := g.stored(s.ID, s.Revision)
	switch {
	case errors.Is(err, workbook.ErrNotFound), err == nil && !p.Reads(base.Team):
		return nil, g.unknown(p, workbook.CleanLine(s.ID))
	case err != nil:
		return nil, err
	case base.Revision != s.Revision:
		// Saved meanwhile: the store answers with the conflict (and writes
		// nothing); the app reads it again through Get.
		return g.st.Update(s)
	}
	action := store.AuditUpdate
	switch p.Role {
	case RoleFacilitator:
		return nil, refuse("you read the teams' sessions; their members answer and their coaches comment")
	case RoleCoach:
		if !workbook.OnlyCommentsChanged(base, s) {
			return nil, refuse("a coach comments and cannot change a team's answers; press C to comment")
		}
		action = store.AuditComment
	case RoleMember:
		if !SameTeam(s.Team, base.Team) {
			return nil, refuse("a session stays with its team; %s's session cannot become %q's", base.Team, s.Team)
		}
		if workbook.OnlyCommentsChanged(base, s) {
			action = store.AuditComment
		}
	}
	if err := checkComments(base, s, p); err != nil {
		return nil, err
	}
	parts, err := workbook.ChangedParts(base, s, 20)
	if err != nil {
		return nil, err
	}
	saved, err := g.st.UpdateAudited(s, g.entry(p, action, s.ID, base.Team, parts))
	if err != nil {
		return nil, err
	}
	g.saved(saved)
	return saved, nil
}

// Put is refused: the app never replaces a session whole (imports are the
// facilitator's, at the server).
func (g *Guard) Put(s *workbook.Session) error {
	if _, err := g.who(); err != nil {
		return err
	}
	return refuse("sessions are replaced only at the server (edtech-workbook import); ask %s", g.contact())
}

// Delete removes a session of a member's own team.
func (g *Guard) Delete(id string) error {
	p, err := g.who()
	if err != nil {
		return err
	}
	s, err := g.st.Get(id)
	if errors.Is(err, workbook.ErrNotFound) || (err == nil && !p.Reads(s.Team)) {
		return g.unknown(p, workbook.CleanLine(id))
	}
	if err != nil {
		return err
	}
	if p.Role != RoleMember {
		return refuse("only a team's members delete its sessions; you %s", readsOnly(p))
	}
	if err := g.st.DeleteAudited(id, s.Revision, g.entry(p, store.AuditDelete, id, s.Team, nil)); err != nil {
		return err
	}
	g.b.forget(id)
	g.count()
	return nil
}

// stored is the stored copy of session id: the broker's when it is at
// revision rev (the copy a save from rev replaces), else read.
func (g *Guard) stored(id string, rev int) (*workbook.Session, error) {
	if s := g.b.latest(id); s != nil && s.Revision == rev {
		return s, nil
	}
	return g.st.Get(id)
}

// saved tells the other connections on the session.
func (g *Guard) saved(s *workbook.Session) {
	g.b.publish(g.box, s.Clone())
	g.count()
}

func (g *Guard) count() {
	if g.saves != nil {
		g.saves.Add(1)
	}
}

func (g *Guard) entry(p Person, action, id, team string, parts []string) store.AuditEntry {
	return store.AuditEntry{Person: p.Name, Role: string(p.Role), Key: g.key, Action: action, Session: id, Team: team, Parts: parts}
}

// readsOnly says what a coach or facilitator does instead.
func readsOnly(p Person) string {
	if p.Role == RoleCoach {
		return "coach: you read and comment"
	}
	return "read"
}

// side is the comment side of a role.
func side(p Person) string {
	if p.Role == RoleCoach {
		return workbook.RoleCoach
	}
	return workbook.RoleTeam
}

// checkComments enforces who may write which comment (see Guard): next's
// comments against base's (nil for a new session).
func checkComments(base, next *workbook.Session, p Person) error {
	me := workbook.Commenter{Name: p.Name, Role: side(p)}
	before := map[string]workbook.Comment{}
	if base != nil {
		for _, c := range base.Comments {
			before[c.ID] = c
		}
	}
	seen := map[string]bool{}
	for _, c := range next.Comments {
		seen[c.ID] = true
		old, existed := before[c.ID]
		if !existed {
			if strings.TrimSpace(workbook.CleanLine(c.Author)) != p.Name || c.Role != me.Role {
				return refuse("a comment you add is signed %s (%s), as the access file names you", p.Name, me.Role)
			}
			continue
		}
		sameState := c.Resolved == old.Resolved && c.ResolvedBy == old.ResolvedBy && c.StateAt.Equal(old.StateAt)
		sameText := c.Text == old.Text && c.Edited.Equal(old.Edited) && c.Deleted.Equal(old.Deleted)
		sameFrame := c.Author == old.Author && c.Role == old.Role && c.Part == old.Part && c.ReplyTo == old.ReplyTo && c.Created.Equal(old.Created)
		switch {
		case !sameFrame:
			return refuse("a comment keeps its author, its part and its thread; only its text changes")
		case !sameText && !me.Owns(old):
			return refuse("only its author changes or deletes a comment; that one is %s's", workbook.CleanLine(old.Label()))
		case !sameState && c.ResolvedBy != "" && c.ResolvedBy != p.Name:
			return refuse("a thread you resolve is resolved in your name, %s", p.Name)
		}
	}
	for id := range before {
		if !seen[id] {
			return refuse("a comment is never removed; its author deletes it, and its place stays")
		}
	}
	return nil
}

// EachSession walks the sessions the person reads (the cohort screen).
func (g *Guard) EachSession(keep func(workbook.Summary) bool, fn func(*workbook.Session) error) error {
	p, err := g.who()
	if err != nil {
		return err
	}
	return g.st.EachSession(func(s workbook.Summary) bool {
		return p.Reads(s.Team) && (keep == nil || keep(s))
	}, func(s *workbook.Session) error {
		if !p.Reads(s.Team) { // the list entry and the record agree (the store checks); never trust one alone
			return nil
		}
		return fn(s)
	})
}

// errNoInventory: the tool inventory is each district's own.
func (g *Guard) errNoInventory() error {
	if _, err := g.who(); err != nil {
		return err
	}
	return refuse("the tool inventory is kept in each district's own workbook file, not on the cohort server; keep it with edtech-workbook on your computer")
}

// Inventory is an empty one: the file's inventory (each district's own) is
// never shown over the cohort server, and screens that read it open
// without an error.
func (g *Guard) Inventory() (*store.Inventory, error) {
	if _, err := g.who(); err != nil {
		return nil, err
	}
	return &store.Inventory{Inventory: &inventory.Inventory{}, Criteria: workbook.ToolCriteria(nil)}, nil
}

// InventoryList is empty (see Inventory).
func (g *Guard) InventoryList() (*store.ToolList, error) {
	if _, err := g.who(); err != nil {
		return nil, err
	}
	return &store.ToolList{}, nil
}

// SaveInventory is refused (errNoInventory).
func (g *Guard) SaveInventory(*store.Inventory) (*store.Inventory, error) {
	return nil, g.errNoInventory()
}
