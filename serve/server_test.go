package serve

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"edtech-workbook/workbook"
)

// TestUnknownKeyIsRefusedWithOneLine: a key not in the access file gets no
// session, and one line naming whom to ask (carried by
// keyboard-interactive, which never lets anyone in); no password is asked.
func TestUnknownKeyIsRefusedWithOneLine(t *testing.T) {
	c := newCohort(t)
	ts := startServer(t, c, nil)
	stranger, _ := newKey(t, "stranger")
	var said []string
	cfg := ts.clientConfig(stranger, &said)
	cfg.Auth = append(cfg.Auth, gossh.Password("guess"))
	_, err := gossh.Dial("tcp", ts.addr, cfg)
	if err == nil {
		t.Fatal("a key not in the access file got in")
	}
	if strings.Contains(err.Error(), "password") {
		t.Fatalf("password authentication must be off: %v", err)
	}
	want := "edtech-workbook: your SSH key " + gossh.FingerprintSHA256(stranger.PublicKey()) + " is not in this cohort's access file; ask Fatima Khan, fatima@example.org to add your public key"
	if len(said) != 1 || !strings.HasPrefix(said[0], want) || strings.Contains(said[0], "\n") {
		t.Fatalf("the refusal said %q; want one line starting %q", said, want)
	}
	if !strings.Contains(ts.log.String(), "refused anyone from 127.0.0.1") {
		t.Fatalf("the log lacks the refusal:\n%s", ts.log.String())
	}
}

// TestCommandsOverSSH: list and export read through the guard; nothing but
// the workbook's own commands runs.
func TestCommandsOverSSH(t *testing.T) {
	c := newCohort(t)
	ts := startServer(t, c, nil)
	out, errOut, code := ts.run(t, "Ana Ruiz", "list")
	if code != 0 || !strings.Contains(out, c.north.ID) || strings.Contains(out, c.east.ID) || strings.Contains(out, "Eastside") {
		t.Fatalf("Ana's list (exit %d): %s%s", code, out, errOut)
	}
	out, _, code = ts.run(t, "Ana Ruiz", "export Northside --format md")
	if code != 0 || !strings.HasPrefix(out, "# Summary: Northside") {
		t.Fatalf("Ana's export of her own session (exit %d) starts %q", code, out[:min(len(out), 80)])
	}
	for _, name := range []string{c.east.ID, c.east.ID[:5], "Eastside"} {
		out, errOut, code = ts.run(t, "Ana Ruiz", "export "+name+" --format json")
		if code != 1 || out != "" || !strings.Contains(errOut, "there is no session") {
			t.Fatalf("Ana exporting %s: exit %d, stdout %d bytes, stderr %q; want a refusal and nothing written", name, code, len(out), errOut)
		}
	}
	for _, cmd := range []string{"sh -c id", "/bin/cat /etc/passwd", "scp -t /tmp", "git-upload-pack x"} {
		out, errOut, code = ts.run(t, "Ana Ruiz", cmd)
		if code != 2 || out != "" || !strings.Contains(errOut, "is not something the cohort server runs") {
			t.Fatalf("%q: exit %d, %q %q; want exit 2 and the refusal", cmd, code, out, errOut)
		}
	}
	out, errOut, code = ts.run(t, "Rosa Diaz", "list --json")
	if code != 0 || !strings.Contains(out, c.north.ID) || strings.Contains(out, c.east.ID) {
		t.Fatalf("the coach's list (exit %d): %s%s", code, out, errOut)
	}
	// Without a terminal and a command, the app cannot run: it says how.
	cl := ts.dial(t, "Ana Ruiz")
	sess, _ := cl.NewSession()
	var stderr strings.Builder
	sess.Stderr = &stderr
	err := sess.Shell()
	if err == nil {
		err = sess.Wait()
	}
	if ee, ok := err.(*gossh.ExitError); !ok || ee.ExitStatus() != 1 || !strings.Contains(stderr.String(), "needs a terminal") {
		t.Fatalf("a shell without a terminal: %v, %q", err, stderr.String())
	}
}

// TestNoForwardingNoSubsystems: port forwarding either way and subsystems
// (sftp) are refused.
func TestNoForwardingNoSubsystems(t *testing.T) {
	c := newCohort(t)
	ts := startServer(t, c, nil)
	cl := ts.dial(t, "Ana Ruiz")
	if conn, err := cl.Dial("tcp", ts.addr); err == nil {
		conn.Close()
		t.Fatal("local port forwarding was allowed")
	}
	if l, err := cl.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
		t.Fatal("remote port forwarding was allowed")
	}
	sess, err := cl.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Fatal("the sftp subsystem was started")
	}
}

// TestConnectionsPerKeyAreLimited.
func TestConnectionsPerKeyAreLimited(t *testing.T) {
	c := newCohort(t)
	ts := startServer(t, c, func(cfg *Config) { cfg.MaxPerKey = 2 })
	for range 2 {
		ts.openTerm(t, "Ana Ruiz", 80, 24).waitFor("Sessions (1)")
	}
	_, errOut, code := ts.run(t, "Ana Ruiz", "list")
	if code != 1 || !strings.Contains(errOut, "already has 2 connections open") {
		t.Fatalf("a third connection with the key: exit %d, %q", code, errOut)
	}
	if _, _, code := ts.run(t, "Ben Okafor", "list"); code != 0 {
		t.Fatal("another key is not limited by Ana's")
	}
}

// TestCoachRatingRefusedCommentArrives: the coach's rating key is refused
// (by the app, and by the guard below it); the coach's comment, signed with
// her name, reaches the team's session while Ana has it open.
func TestCoachRatingRefusedCommentArrives(t *testing.T) {
	c := newCohort(t)
	ts := startServer(t, c, nil)
	ana := ts.openTerm(t, "Ana Ruiz", 100, 30)
	ana.openAssess()
	rosa := ts.openTerm(t, "Rosa Diaz", 100, 30)
	rosa.openAssess()
	rosa.keys("3")
	rosa.waitFor("read-only")
	if r := ts.stored(t, c.north.ID).Ratings; len(r) != 0 {
		t.Fatalf("the coach's rating key changed the ratings: %v", r)
	}
	rosa.keys("C")
	rosa.waitFor("Your name: Rosa Diaz")
	rosa.keys("Check the survey dates")
	rosa.waitFor("Check the survey dates")
	rosa.keys(keyCtrlS)
	var hers []workbook.Comment
	eventually(t, "the coach's comment is stored", func() bool {
		hers = nil
		for _, cm := range ts.stored(t, c.north.ID).Comments {
			if cm.Text == "Check the survey dates" {
				hers = append(hers, cm)
			}
		}
		return len(hers) > 0
	})
	if len(hers) != 1 || hers[0].Author != "Rosa Diaz" || hers[0].Role != workbook.RoleCoach {
		t.Fatalf("the coach's comment was stored as %+v", hers)
	}
	ana.keys("C") // Ana's open copy already has it
	ana.waitLine("Rosa Diaz (coach)", "Check the survey dates")
}

// TestTwoMembersRatingAtOnceLoseNothing: Ana and Ben rate the same
// indicators at the same moments, each in their own row: every rating of
// both is stored. Then both set the consensus of one indicator at once:
// one is kept, and the other is told, never overwritten unseen.
func TestTwoMembersRatingAtOnceLoseNothing(t *testing.T) {
	c := newCohort(t)
	ts := startServer(t, c, nil)
	ana := ts.openTerm(t, "Ana Ruiz", 100, 30)
	ben := ts.openTerm(t, "Ben Okafor", 100, 30)
	ana.openAssess()
	ben.openAssess()
	const n = 8
	for i := range n {
		ana.keys(string(rune('1'+i%4)), "]")
		ben.keys(string(rune('1'+(i+1)%4)), "]")
	}
	for _, tm := range []*sshTerm{ana, ben} {
		tm.waitFor("Indicator " + string(rune('1'+n)) + " of")
		tm.keys(keyCtrlC)
		if code := tm.exit(); code != 0 {
			t.Fatalf("%s's app exited %d", tm.name, code)
		}
	}
	s := ts.stored(t, c.north.ID)
	anaID, benID := s.Roster[0].ID, s.Roster[1].ID
	for i, in := range s.Template.Indicators()[:n] {
		got := s.RatingOf(in.ID).Members
		if got[anaID] != workbook.Rating(1+i%4) || got[benID] != workbook.Rating(1+(i+1)%4) {
			t.Fatalf("indicator %d: members' ratings %v; want Ana %d and Ben %d", i+1, got, 1+i%4, 1+(i+1)%4)
		}
	}

	// The consensus is one field.
	ana = ts.openTerm(t, "Ana Ruiz", 100, 30)
	ben = ts.openTerm(t, "Ben Okafor", 100, 30)
	ana.openAssess()
	ben.openAssess()
	ana.waitFor("Indicator 1 of")
	ben.waitFor("Indicator 1 of")
	for range len(s.Roster) { // from Ana's row down to the consensus
		ana.keys(keyDown)
	}
	for range len(s.Roster) - 1 { // from Ben's
		ben.keys(keyDown)
	}
	ana.waitLine("›", "Team consensus")
	ben.waitLine("›", "Team consensus")
	ana.keys("2")
	ben.keys("4")
	ana.waitLine("Team consensus")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && len(c.consensusTold(ana, ben)) == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	kept := ts.stored(t, c.north.ID).RatingOf(s.Template.Indicators()[0].ID).Consensus
	if kept != 2 && kept != 4 {
		t.Fatalf("the stored consensus is %v; want one of the two", kept)
	}
	told := c.consensusTold(ana, ben)
	if len(told) != 1 {
		t.Fatalf("exactly the one whose consensus was not kept must be told; told: %v", told)
	}
	loser := "Ben Okafor"
	if kept == 4 {
		loser = "Ana Ruiz"
	}
	if told[0] != loser {
		t.Fatalf("%s was told, but the kept consensus is %v", told[0], kept)
	}
}

// consensusTold names who of the terminals shows the status line naming
// the consensus someone else saved first.
func (c *cohort) consensusTold(terms ...*sshTerm) []string {
	var out []string
	for _, tm := range terms {
		s := tm.screen()
		if strings.Contains(s, "someone else changed this session") {
			out = append(out, tm.name)
		}
	}
	return out
}

// TestShutdownSavesPendingEdits: a clean shutdown saves what each
// connection was typing (not yet committed) and every pending edit.
func TestShutdownSavesPendingEdits(t *testing.T) {
	c := newCohort(t)
	ts := startServer(t, c, nil)
	ana := ts.openTerm(t, "Ana Ruiz", 100, 30)
	ana.openAssess()
	ana.keys("e")
	ana.waitFor("Evidence notes")
	ana.keys("Walkthrough notes from March")
	ana.waitFor("Walkthrough notes from March")
	ts.shutdown(t)
	if code := ana.exit(); code != 0 {
		t.Fatalf("the app exited %d at shutdown", code)
	}
	// The server let go of the file: read it with a store of our own.
	s, err := ts.Store().Get(c.north.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.RatingOf(s.Template.Indicators()[0].ID).Evidence; got != "Walkthrough notes from March" {
		t.Fatalf("the evidence typed before the shutdown was stored as %q", got)
	}
	if !strings.Contains(ts.log.String(), "Ana Ruiz (member of Northside)") || !strings.Contains(ts.log.String(), "1 save") {
		t.Fatalf("the connection's log line:\n%s", ts.log.String())
	}
}

// TestAccessibleOverSSH: --accessible (or ACCESSIBLE=1 sent by the client)
// gives the plain prompts; answers are saved as given.
func TestAccessibleOverSSH(t *testing.T) {
	c := newCohort(t)
	ts := startServer(t, c, nil)
	cl := ts.dial(t, "Ana Ruiz")
	sess, err := cl.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Setenv("ACCESSIBLE", "1"); err != nil {
		t.Fatal(err)
	}
	// No terminal: piped answers. Northside's session is the only one:
	// 1 continues at indicator 1; Ana rates 3, Ben 2, consensus 2.
	// (blank: the session; blank: continue; Ana 3, Ben 2, the other three
	// members kept; consensus 2; evidence; then the answers end).
	sess.Stdin = strings.NewReader(strings.Join([]string{"", "", "3", "2", "", "", "", "2", "Board minutes"}, "\n") + "\n")
	var out strings.Builder
	sess.Stdout, sess.Stderr = &out, &out
	if err := sess.Run(""); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := ts.stored(t, c.north.ID)
	r := got.RatingOf(got.Template.Indicators()[0].ID)
	if r.Members[got.Roster[0].ID] != 3 || r.Consensus != 2 || r.Evidence != "Board minutes" {
		t.Fatalf("after the prompts indicator 1 holds %+v\n%s", r, out.String())
	}
}

// TestHostKeyMadeOnceAndKeptPrivate.
func TestHostKeyMadeOnceAndKeptPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "host")
	a, err := hostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the host key's mode is %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	b, err := hostKey(path)
	if err != nil || gossh.FingerprintSHA256(a.PublicKey()) != gossh.FingerprintSHA256(b.PublicKey()) {
		t.Fatalf("the second start made another key (%v)", err)
	}
	if a.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Fatalf("host key type %s", a.PublicKey().Type())
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := hostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a host key others can read = %v; want the refusal", err)
	}
}

// TestAccessFileReloadsOnChange: a new person gets in once the file is
// saved; a broken file is not taken (the log says why) and the server
// keeps the last good one.
func TestAccessFileReloadsOnChange(t *testing.T) {
	c := newCohort(t)
	var accessPath string
	ts := startServer(t, c, func(cfg *Config) { accessPath = cfg.Access })
	newcomer, line := newKey(t, "gil")
	if _, err := gossh.Dial("tcp", ts.addr, ts.clientConfig(newcomer, nil)); err == nil {
		t.Fatal("a key not yet in the file got in")
	}
	updated := c.yaml + `  - {name: Gil Mora, role: member, team: Eastside, keys: ["` + line + `"]}` + "\n"
	if err := os.WriteFile(accessPath, []byte(updated), 0o600); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		cl, err := gossh.Dial("tcp", ts.addr, ts.clientConfig(newcomer, nil))
		if err == nil {
			cl.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the new person was not let in after the change: %v\n%s", err, ts.log.String())
		}
		time.Sleep(30 * time.Millisecond)
	}
	if err := os.WriteFile(accessPath, []byte(updated+"  - {name: Broken\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(ts.log.String(), "was not reloaded") {
		if time.Now().After(deadline.Add(5 * time.Second)) {
			t.Fatalf("the broken file was not reported:\n%s", ts.log.String())
		}
		time.Sleep(30 * time.Millisecond)
	}
	cl, err := gossh.Dial("tcp", ts.addr, ts.clientConfig(newcomer, nil))
	if err != nil {
		t.Fatalf("a broken file must not take away the last good one: %v", err)
	}
	cl.Close()
	if !strings.Contains(ts.log.String(), "access.yaml:") {
		t.Fatalf("the log must give the problem's line:\n%s", ts.log.String())
	}
}

// eventually polls cond until it holds (at most 10 s).
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestNoStrayKeyInTheWorkingFolder: the server uses only its own host key
// (Config.HostKey); nothing writes a key where it was started.
func TestNoStrayKeyInTheWorkingFolder(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	c := newCohort(t)
	startServer(t, c, nil)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("the server wrote %s in the folder it was started in", e.Name())
	}
}

// TestCoachAccessibleReviewOverSSH: a coach connecting with the plain
// prompts gets the read-only review: her comment is stored, signed with
// her name from the access file, and no answer changes.
func TestCoachAccessibleReviewOverSSH(t *testing.T) {
	c := newCohort(t)
	ts := startServer(t, c, nil)
	before := ts.stored(t, c.north.ID)
	cl := ts.dial(t, "Rosa Diaz")
	sess, err := cl.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	// Northside (her only team) → Comments → Start a new thread → about the
	// session as a whole → the comment → then the input ends.
	sess.Stdin = strings.NewReader(strings.Join([]string{"1", "2", "1", "1", "Look at the walkthrough data first", ""}, "\n") + "\n")
	var out strings.Builder
	sess.Stdout, sess.Stderr = &out, &out
	_ = sess.Run("--accessible")
	got := ts.stored(t, c.north.ID)
	var hers []workbook.Comment
	for _, cm := range got.Comments {
		if cm.Text == "Look at the walkthrough data first" {
			hers = append(hers, cm)
		}
	}
	if len(hers) != 1 || hers[0].Author != "Rosa Diaz" || hers[0].Role != workbook.RoleCoach {
		t.Fatalf("the coach's comment was stored as %+v; the prompts said:\n%s", hers, out.String())
	}
	if !reflect.DeepEqual(before.Ratings, got.Ratings) || before.Team != got.Team {
		t.Fatal("the coach's review changed an answer")
	}
}

// TestNoInventoryOverSSH: the cohort server keeps no tool inventory (it is
// each district's own), so its app offers none: no i on Home's help line,
// and i leaves Home as it was.
func TestNoInventoryOverSSH(t *testing.T) {
	c := newCohort(t)
	ts := startServer(t, c, nil)
	ana := ts.openTerm(t, "Ana Ruiz", 100, 30)
	screen := ana.waitFor("Sessions (1)")
	if strings.Contains(screen, "i tools") || strings.Contains(screen, "inventory") {
		t.Fatalf("Home over SSH offers the inventory:\n%s", screen)
	}
	ana.keys("i", "?")
	screen = ana.waitFor("esc")
	if strings.Contains(screen, "Tools (") || strings.Contains(screen, "tools") {
		t.Fatalf("i over SSH opened or offered the inventory:\n%s", screen)
	}
}
