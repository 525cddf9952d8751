package serve

import (
	"bytes"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"edtech-workbook/internal/storetest"
	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/store"
)

// cohort is a served workbook file with two teams' sessions and the
// people of the access file, each with a key.
type cohort struct {
	st     *store.Store
	access *Access
	keys   map[string]gossh.Signer // by name
	lines  map[string]string       // authorized_keys lines, by name
	north  *workbook.Session       // Northside's session
	east   *workbook.Session       // Eastside's session
	yaml   string
}

var guardNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newCohort(t testing.TB) *cohort {
	t.Helper()
	c := &cohort{keys: map[string]gossh.Signer{}, lines: map[string]string{}}
	for _, n := range []string{"Ana Ruiz", "Ben Okafor", "Eve Park", "Rosa Diaz", "Fatima Khan"} {
		c.keys[n], c.lines[n] = newKey(t, strings.ToLower(strings.Fields(n)[0])+"@test")
	}
	c.yaml = `contact: "Fatima Khan, fatima@example.org"
people:
  - {name: Ana Ruiz, role: member, team: Northside, keys: ["` + c.lines["Ana Ruiz"] + `"]}
  - {name: Ben Okafor, role: member, team: northside, keys: ["` + c.lines["Ben Okafor"] + `"]}
  - {name: Eve Park, role: member, team: Eastside, keys: ["` + c.lines["Eve Park"] + `"]}
  - {name: Rosa Diaz, role: coach, teams: [Northside], keys: ["` + c.lines["Rosa Diaz"] + `"]}
  - {name: Fatima Khan, role: facilitator, keys: ["` + c.lines["Fatima Khan"] + `"]}
`
	var err error
	if c.access, err = ParseAccess("access.yaml", []byte(c.yaml)); err != nil {
		t.Fatal(err)
	}
	c.st = storetest.Open(t, filepath.Join(t.TempDir(), "cohort.db"))
	c.st.SetClock(func() time.Time { return guardNow })
	for _, team := range []string{"Northside", "Eastside"} {
		s := testfixture.Demo(t)
		s.ID, s.Team = "", team
		// The team's members rate in their own rows (over SSH the cursor
		// starts on the row named as the person), from scratch.
		s.Roster[0].Name, s.Roster[1].Name = "Ana Ruiz", "Ben Okafor"
		if team == "Eastside" {
			s.Roster[0].Name = "Eve Park"
		}
		s.Ratings = nil
		stored, err := c.st.Create(s)
		if err != nil {
			t.Fatal(err)
		}
		if team == "Northside" {
			c.north = stored
		} else {
			c.east = stored
		}
	}
	return c
}

// guard is the store a person's connection gets.
func (c *cohort) guard(name string) *Guard {
	return NewGuard(c.st, func() *Access { return c.access }, gossh.FingerprintSHA256(c.keys[name].PublicKey()))
}

func requireRefused(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("%s = %v, want a refusal", what, err)
	}
}

// TestMemberCannotReachAnotherTeamByAnyRoute: whatever route Ana takes to
// Eastside's session (the list, its id, a prefix, the team's name, the
// files received, an export, a comment, a save, a delete, carrying it,
// starting a session for Eastside), the guard refuses, and the answer for
// Eastside's id is word for word the answer for an id that does not exist.
func TestMemberCannotReachAnotherTeamByAnyRoute(t *testing.T) {
	c := newCohort(t)
	g := c.guard("Ana Ruiz")
	east := c.east.ID
	before := fileState(t, c)

	sums, err := g.List()
	if err != nil || len(sums) != 1 || sums[0].ID != c.north.ID {
		t.Fatalf("Ana's list = %+v, %v; want Northside's session only", sums, err)
	}
	_, errEast := g.Get(east)
	_, errNone := g.Get("0000000000000000")
	requireRefused(t, "Get of Eastside's id", errEast)
	if strings.ReplaceAll(errEast.Error(), east, "ID") != strings.ReplaceAll(errNone.Error(), "0000000000000000", "ID") {
		t.Fatalf("another team's id (%q) is answered unlike a missing one (%q)", errEast, errNone)
	}
	_, err = g.ReceivedFiles(east)
	requireRefused(t, "ReceivedFiles", err)
	_, _, err = g.ReceivedSession(east, 1)
	requireRefused(t, "ReceivedSession", err)
	for _, name := range []string{east, east[:6], "Eastside", "eastside"} {
		var out bytes.Buffer
		requireRefused(t, "export "+name, exportSession(&out, g, name, "md", ""))
		if out.Len() > 0 {
			t.Fatalf("export %s wrote %d bytes", name, out.Len())
		}
	}
	cm, _ := workbook.NewComment(workbook.SessionPart(), workbook.Commenter{Name: "Ana Ruiz", Role: workbook.RoleTeam}, "hello", guardNow)
	requireRefused(t, "a comment on Eastside's session", workbook.AddComment(g, east, cm))
	stolen, _ := c.st.Get(east)
	sr := stolen.Rating(stolen.Template.Indicators()[0].ID)
	sr.Consensus = sr.Consensus%4 + 1
	_, err = g.Update(stolen)
	requireRefused(t, "a save of Eastside's session", err)
	requireRefused(t, "a delete of Eastside's session", g.Delete(east))
	requireRefused(t, "a Put of Eastside's session", g.Put(stolen))
	_, err = workbook.CarryInto(g, stolen, "2026-27", &stolen.Template)
	requireRefused(t, "carrying Eastside's session", err)
	fresh := testfixture.Demo(t)
	fresh.ID, fresh.Team, fresh.Comments = "", "Eastside", nil
	_, err = g.Create(fresh)
	requireRefused(t, "starting a session for Eastside", err)
	// Moving Northside's own session to Eastside is refused too.
	own, err := g.Get(c.north.ID)
	if err != nil {
		t.Fatal(err)
	}
	own.Team = "Eastside"
	_, err = g.Update(own)
	requireRefused(t, "moving a session to another team", err)

	if after := fileState(t, c); after != before {
		t.Fatalf("refused requests changed the file:\n%s\n→\n%s", before, after)
	}
	// Her own team's work goes through, audited with her key.
	own, _ = g.Get(c.north.ID)
	r := own.Rating(own.Template.Indicators()[0].ID)
	r.Consensus = r.Consensus%4 + 1
	if _, err := g.Update(own); err != nil {
		t.Fatal(err)
	}
	fresh.Team = " NORTHSIDE "
	created, err := g.Create(fresh)
	if err != nil || created.Team != "Northside" {
		t.Fatalf("a session for her own team: %+v, %v (want the access file's spelling)", created, err)
	}
	log, err := c.st.Audit()
	if err != nil || len(log) != 2 || log[0].Person != "Ana Ruiz" || log[0].Key != gossh.FingerprintSHA256(c.keys["Ana Ruiz"].PublicKey()) ||
		log[0].Action != store.AuditUpdate || len(log[0].Parts) != 1 || !strings.Contains(log[0].Parts[0], "consensus") ||
		log[1].Action != store.AuditCreate || log[1].Session != created.ID {
		t.Fatalf("audit log %+v, %v", log, err)
	}
}

// fileState is what a refusal must leave unchanged: every session's
// revision and the audit log's length.
func fileState(t *testing.T, c *cohort) string {
	t.Helper()
	sums, err := c.st.List()
	if err != nil {
		t.Fatal(err)
	}
	log, err := c.st.Audit()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range sums {
		b.WriteString(s.ID + "@" + string(rune('0'+s.Revision%10)) + " ")
	}
	b.WriteString("audit " + string(rune('0'+len(log))))
	return b.String()
}

// TestCoachCommentsAndNothingElse: Rosa reads Northside (not Eastside),
// her comments are saved signed with her name and side, and a rating, a
// comment in another's name, an edit of Ana's comment, a delete and a new
// session are refused; she may resolve Ana's thread in her own name.
func TestCoachCommentsAndNothingElse(t *testing.T) {
	c := newCohort(t)
	rosa := c.guard("Rosa Diaz")
	ana := c.guard("Ana Ruiz")
	sums, _ := rosa.List()
	if len(sums) != 1 || sums[0].Team != "Northside" {
		t.Fatalf("Rosa lists %+v; want Northside's session", sums)
	}
	_, err := rosa.Get(c.east.ID)
	requireRefused(t, "the coach reading a team she does not coach", err)

	s, _ := rosa.Get(c.north.ID)
	ind := s.Template.Indicators()[0].ID
	was := s.RatingOf(ind).Consensus
	s.Rating(ind).Consensus = was%4 + 1
	_, err = rosa.Update(s)
	requireRefused(t, "a coach's rating", err)
	if !strings.Contains(err.Error(), "comment") {
		t.Errorf("the refusal should say what a coach does: %v", err)
	}

	asAna, _ := workbook.NewComment(workbook.IndicatorPart(ind), workbook.Commenter{Name: "Ana Ruiz", Role: workbook.RoleTeam}, "forged", guardNow)
	requireRefused(t, "a comment signed by someone else", workbook.AddComment(rosa, c.north.ID, asAna))
	mine, _ := workbook.NewComment(workbook.IndicatorPart(ind), workbook.Commenter{Name: "Rosa Diaz", Role: workbook.RoleCoach}, "Look at the survey", guardNow)
	if err := workbook.AddComment(rosa, c.north.ID, mine); err != nil {
		t.Fatalf("the coach's own comment: %v", err)
	}

	anas, _ := workbook.NewComment(workbook.SessionPart(), workbook.Commenter{Name: "Ana Ruiz", Role: workbook.RoleTeam}, "We started", guardNow)
	if err := workbook.AddComment(ana, c.north.ID, anas); err != nil {
		t.Fatal(err)
	}
	err = workbook.ChangeComments(rosa, c.north.ID, func(s *workbook.Session) error {
		return workbook.EditComment(s, anas.ID, workbook.Commenter{Name: "Ana Ruiz", Role: workbook.RoleTeam}, "changed by Rosa", guardNow)
	})
	requireRefused(t, "an edit of Ana's comment by the coach", err)
	err = workbook.ChangeComments(rosa, c.north.ID, func(s *workbook.Session) error {
		return workbook.ResolveThread(s, anas.ID, workbook.Commenter{Name: "Rosa Diaz", Role: workbook.RoleCoach}, true, guardNow)
	})
	if err != nil {
		t.Fatalf("the coach resolving a thread in her name: %v", err)
	}
	requireRefused(t, "a coach deleting a session", rosa.Delete(c.north.ID))
	fresh := testfixture.Demo(t)
	fresh.ID, fresh.Team = "", "Northside"
	_, err = rosa.Create(fresh)
	requireRefused(t, "a coach starting a session", err)

	got, _ := c.st.Get(c.north.ID)
	if got.RatingOf(ind).Consensus != was {
		t.Fatal("the coach's rating was stored")
	}
	var rosas []workbook.Comment
	for _, cm := range got.Comments {
		if cm.Author == "Rosa Diaz" {
			rosas = append(rosas, cm)
		}
	}
	if len(rosas) != 1 || rosas[0].Role != workbook.RoleCoach {
		t.Fatalf("Rosa's comments: %+v", rosas)
	}
	log, _ := c.st.Audit()
	if n := len(log); n < 3 || log[0].Person != "Rosa Diaz" || log[0].Action != store.AuditComment {
		t.Fatalf("audit log %+v", log)
	}
}

// TestFacilitatorReadsEverythingChangesNothing.
func TestFacilitatorReadsEverythingChangesNothing(t *testing.T) {
	c := newCohort(t)
	f := c.guard("Fatima Khan")
	sums, err := f.List()
	if err != nil || len(sums) != 2 {
		t.Fatalf("the facilitator lists %+v, %v; want both teams", sums, err)
	}
	s, err := f.Get(c.east.ID)
	if err != nil {
		t.Fatal(err)
	}
	cm, _ := workbook.NewComment(workbook.SessionPart(), workbook.Commenter{Name: "Fatima Khan", Role: workbook.RoleTeam}, "hi", guardNow)
	requireRefused(t, "a facilitator's comment", workbook.AddComment(f, s.ID, cm))
	s.Plan.Aim = "changed"
	_, err = f.Update(s)
	requireRefused(t, "a facilitator's change", err)
	requireRefused(t, "a facilitator's delete", f.Delete(s.ID))
	if _, err := f.Templates(); err != nil {
		t.Fatalf("the facilitator reads the templates: %v", err)
	}
}

// TestRemovedKeyIsRefusedAtOnce: a reload that drops a person refuses the
// next request of a connection still open.
func TestRemovedKeyIsRefusedAtOnce(t *testing.T) {
	c := newCohort(t)
	g := c.guard("Ana Ruiz")
	if _, err := g.Get(c.north.ID); err != nil {
		t.Fatal(err)
	}
	without := strings.Replace(c.yaml, c.lines["Ana Ruiz"], c.lines["Eve Park"]+"x", 1)
	without = strings.Replace(without, "{name: Ana Ruiz, role: member, team: Northside, keys: [\""+c.lines["Eve Park"]+"x\"]}", "{name: Ana Ruiz, role: member, team: Northside, keys: [\""+mustKey(t)+"\"]}", 1)
	acc, err := ParseAccess("access.yaml", []byte(without))
	if err != nil {
		t.Fatal(err)
	}
	c.access = acc
	_, err = g.Get(c.north.ID)
	requireRefused(t, "a request after the key left the file", err)
	if !strings.Contains(err.Error(), "Fatima Khan, fatima@example.org") {
		t.Fatalf("the refusal names whom to ask: %v", err)
	}
}

// TestGuardPublishesSaves: a save through one member's connection reaches
// every other connection that has the session, and not the saver's own.
func TestGuardPublishesSaves(t *testing.T) {
	c := newCohort(t)
	b := newBroker()
	var mu sync.Mutex
	got := map[string][]int{}
	conn := func(name string, id uint64) *Guard {
		g := c.guard(name)
		g.b = b
		g.box = b.open(id, func(s *workbook.Session) {
			mu.Lock()
			got[name] = append(got[name], s.Revision)
			mu.Unlock()
		})
		t.Cleanup(func() { b.close(g.box) })
		return g
	}
	ana, ben, rosa, eve := conn("Ana Ruiz", 1), conn("Ben Okafor", 2), conn("Rosa Diaz", 3), conn("Eve Park", 4)
	for _, g := range []*Guard{ana, ben, rosa} {
		if _, err := g.Get(c.north.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := eve.Get(c.east.ID); err != nil {
		t.Fatal(err)
	}
	s, _ := ana.Get(c.north.ID)
	s.Plan.Aim = "Every school uses one sign-in"
	saved, err := ana.Update(s)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		mu.Lock()
		done := len(got["Ben Okafor"]) == 1 && len(got["Rosa Diaz"]) == 1
		mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got["Ben Okafor"]) != 1 || got["Ben Okafor"][0] != saved.Revision || len(got["Rosa Diaz"]) != 1 {
		t.Fatalf("deliveries %v; want Ben and Rosa to hear of revision %d", got, saved.Revision)
	}
	if len(got["Ana Ruiz"]) != 0 || len(got["Eve Park"]) != 0 {
		t.Fatalf("deliveries %v; the saver and another team hear nothing", got)
	}
}

// TestCohortWalkAndInventoryThroughTheGuard: the cohort screen's walk over
// the sessions yields only what the person reads; the tool inventory (each
// district's own) is never shown (reads give an empty one, so no screen
// opens on an error, even where the file has tools) and saves are refused.
func TestCohortWalkAndInventoryThroughTheGuard(t *testing.T) {
	c := newCohort(t)
	inv, err := c.st.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	inv.Tools = append(inv.Tools, inventory.Tool{ID: "t1", Name: "Reading app", Status: "approved"})
	if _, err := c.st.SaveInventory(inv); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]string{
		"Ana Ruiz":    {c.north.ID},
		"Eve Park":    {c.east.ID},
		"Rosa Diaz":   {c.north.ID},
		"Fatima Khan": {c.north.ID, c.east.ID},
	} {
		g := c.guard(name)
		var got []string
		err := g.EachSession(nil, func(s *workbook.Session) error { got = append(got, s.ID); return nil })
		slices.Sort(got)
		slices.Sort(want)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s walks %v (%v); want %v", name, got, err, want)
		}
		if inv, err := g.Inventory(); err != nil || len(inv.Tools) != 0 || inv.Revision != 0 {
			t.Errorf("%s reading the inventory: %+v, %v; want an empty one", name, inv, err)
		}
		if list, err := g.InventoryList(); err != nil || len(list.Tools) != 0 || list.Revision != 0 {
			t.Errorf("%s listing the inventory: %+v, %v; want an empty list", name, list, err)
		}
		if _, err := g.SaveInventory(&store.Inventory{}); !errors.Is(err, ErrRefused) {
			t.Errorf("%s saving the inventory: %v; want a refusal", name, err)
		}
	}
}
