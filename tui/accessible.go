package tui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/term"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// RunAccessible runs the whole workbook as plain, linear prompts a screen
// reader can follow, one line of input per answer. It also works with
// answers piped on stdin, which makes it a TTY-free way to script the
// workbook.
//
// It is generated from the same definitions as the full-window app: the
// form parts are the page and field definitions of fields.go (each
// template question through questionDef, one case per kind); the
// read-backs, the tables and the menus read workbook.Report. Nothing here
// knows a particular question.
//
// The order of the prompts, for scripts:
//
//   - Which session: 1 starts a new one, then the sessions, most recently
//     changed first, then the cohort (accessible_cohort.go), then the tool
//     inventory (accessible_inventory.go), after either of which the
//     question comes again (not asked when the file has none, or with
//     a session id).
//   - A new session: team name, district, school year (blank keeps the year
//     we are in), the template (only when there is more than one), then the
//     roster: a name and a role (a number from the template's roles, or a
//     role in words) per person; a blank name ends it. Nothing is stored
//     until the first person is complete.
//   - The menu: 1 continues where the team left off (the first item without
//     an answer), 2–9 open a part (set up, self-assessment, problem of
//     practice, plan, action steps, data plan, check-ins, end of year), 10
//     reads a part back, 11 exports, 12 the comments, 13 quits, 14 opens
//     the tool inventory (accessible_inventory.go). Blank is 1.
//   - The comments: 1 starts a thread (what it is about: a kind, then the
//     item; your name, asked once; the text), then each thread; a thread
//     is read in full and offers reply, resolve or reopen, and edit or
//     delete for your own comments (the app's rules); the last entry goes
//     back.
//   - Continuing walks on to the end of that part, then asks before each
//     next part ("Go on to …?", blank is yes).
//   - Each indicator: every member's rating, the consensus, the evidence,
//     the answer to the equity pause, priority (y/n).
//   - A text answer is one line; a choice is a number; several choices are
//     numbers separated by spaces (0 for none); yes/no is y or n. A blank
//     line keeps what is there, everywhere. An answer that does not fit is
//     asked again with the reason.
//
// There is no Bubble Tea program here, so each answer is saved at once
// (synchronously, in its own transaction) before the next is asked. End of
// input ends the run cleanly: what was answered and valid is saved, nothing
// else; a session is never stored before its set-up is valid.
//
// The prompts are our own, not huh's accessible mode: huh v2.0.3 reads each
// answer with a new bufio.Scanner (which loses piped answers), cannot keep a
// multi-select with a blank line, and never evaluates ...Func fields
// (stack-notes §1.3).
func RunAccessible(st Store, opts Options) error {
	in, out := opts.Input, opts.Output
	typed := opts.Terminal // a person types at a terminal, which echoes the answers
	if in == nil {
		in = os.Stdin
		typed = term.IsTerminal(os.Stdin.Fd())
	}
	if out == nil {
		out = os.Stdout
	}
	a := &accessibleRun{store: st, in: bufio.NewReader(in), out: out, echo: !typed, now: opts.Now, stateFile: opts.StateFile, coach: opts.Review,
		author: workbook.CleanLine(opts.Author), team: opts.Team, remoteExport: opts.RemoteExport, noInventory: opts.NoInventory}
	var err error
	if a.coach {
		err = a.review(opts.SessionID, opts.Round) // read-only: comments only (accessible_review.go)
	} else {
		err = a.run(opts.SessionID)
	}
	if errors.Is(err, errEndOfInput) {
		err = nil
	}
	switch {
	case a.coach:
		a.say("")
		a.say(fmt.Sprintf("Read-only review: only comments were saved, in %s.", cleanLine(st.Path())))
	case a.sess != nil && !a.draft:
		a.say("")
		a.say(fmt.Sprintf("Saved: %s, %s. Everything answered is in %s.",
			cleanLine(a.sess.Team), cleanLine(a.sess.SchoolYear), cleanLine(st.Path())))
	case a.draft:
		a.say("")
		a.say("Nothing was saved: the set-up of the new session was not finished.")
	}
	return err
}

// errEndOfInput stops the run when the answers end.
var errEndOfInput = errors.New("end of input")

// maxAnswerBytes is the longest answer line read: a field's limit in
// characters at four bytes each. A longer line is refused whole (and read
// to its end), never cut.
const maxAnswerBytes = 4 * fieldLimit

type accessibleRun struct {
	store Store
	in    *bufio.Reader
	out   io.Writer
	echo  bool // end each prompt's line after the answer (the input is not a terminal)
	now   func() time.Time
	eof   bool
	// stateFile remembers the folder of the last export (Options.StateFile).
	stateFile string

	sess  *workbook.Session
	draft bool // sess is a new session not stored yet (its set-up is not finished)

	author string // the name comments are written under (asked once, or Options.Author)
	team   string // Options.Team: new sessions are this team's (not asked)
	// remoteExport is Options.RemoteExport: no file is written here.
	remoteExport string
	// noInventory is Options.NoInventory: the menus offer no inventory.
	noInventory bool
	coach       bool // a coach's review: read-only, comments as the coach
}

// --- input and output -------------------------------------------------------

// say writes one line. Callers clean what comes from a template or a
// session (cleanLine, or a definition already cleaned).
func (a *accessibleRun) say(line string) { fmt.Fprintln(a.out, line) }

// readLine reads one answer line. tooLong reports a line over
// maxAnswerBytes (its start is dropped with the rest).
func (a *accessibleRun) readLine() (line string, tooLong bool, err error) {
	if a.eof {
		return "", false, errEndOfInput
	}
	var buf []byte
	for {
		chunk, err := a.in.ReadSlice('\n')
		if len(buf)+len(chunk) > maxAnswerBytes {
			tooLong, buf = true, nil
		} else if !tooLong {
			buf = append(buf, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			a.eof = true
			if len(buf) == 0 && !tooLong {
				if errors.Is(err, io.EOF) {
					return "", false, errEndOfInput
				}
				return "", false, fmt.Errorf("cannot read the answers: %w", err)
			}
		}
		break
	}
	return strings.TrimSuffix(strings.TrimSuffix(string(buf), "\n"), "\r"), tooLong, nil
}

// answerLine is an answer line as a text field would hold it, by the one
// cleaning rule (workbook.CleanLine): invalid UTF-8 marked, a whole escape
// sequence dropped (not only its ESC: "Evil\x1b[31mTool" is "EvilTool", as
// the command line stores it), bidi and other invisible controls dropped,
// tabs and runs of spaces as one space, no spaces around it.
func answerLine(line string) string {
	return workbook.CleanLine(line)
}

// ask writes prompt and reads one answer; "" is a blank line. check, when
// given, refuses an answer: its error is written and the prompt asked again.
func (a *accessibleRun) ask(prompt string, check func(string) error) (string, error) {
	for {
		fmt.Fprint(a.out, prompt+" ")
		line, tooLong, err := a.readLine()
		if a.echo {
			fmt.Fprintln(a.out)
		}
		if err != nil {
			return "", err
		}
		if tooLong {
			a.say(fmt.Sprintf("That answer is longer than the %s characters a field holds; nothing was saved. Type a shorter one.", thousands(fieldLimit)))
			continue
		}
		v := answerLine(line)
		if check != nil {
			if err := check(v); err != nil {
				a.say(cleanLine(err.Error()))
				continue
			}
		}
		return v, nil
	}
}

// withinLimit refuses an answer longer than a field holds, in characters.
func withinLimit(s string) error {
	if n := utf8.RuneCountInString(s); n > fieldLimit {
		return fmt.Errorf("the answer is %s characters; the limit is %s", thousands(n), thousands(fieldLimit))
	}
	return nil
}

// keepHint says what blank does; a long current answer is shown by its
// start and length, not read out whole.
func keepHint(cur string) string {
	if strings.TrimSpace(cur) == "" {
		return " (blank to skip):"
	}
	now, cut := previewLine(cur, 120)
	if cut {
		return fmt.Sprintf(" (now %s characters, starting %q…; blank keeps it):", thousands(utf8.RuneCountInString(cur)), now)
	}
	return fmt.Sprintf(" (now: %q; blank keeps it):", now)
}

// choose lists labels by number and asks for one; blank is def. It
// returns the index.
func (a *accessibleRun) choose(title string, labels []string, def int) (int, error) {
	if title != "" {
		a.say(title)
	}
	for i, l := range labels {
		a.say(fmt.Sprintf("%d. %s", i+1, l))
	}
	blank := strconv.Itoa(def + 1)
	if utf8.RuneCountInString(labels[def]) <= 40 {
		blank = labels[def]
	}
	prompt := fmt.Sprintf("Enter a number between 1 and %d (blank: %s):", len(labels), blank)
	v, err := a.ask(prompt, func(s string) error {
		if s == "" {
			return nil
		}
		if n, err := strconv.Atoi(s); err != nil || n < 1 || n > len(labels) {
			return fmt.Errorf("%q is not one of the numbers; type a number between 1 and %d, or leave it blank", s, len(labels))
		}
		return nil
	})
	if err != nil || v == "" {
		return def, err
	}
	n, _ := strconv.Atoi(v)
	return n - 1, nil
}

// pick asks which of n rows (named by what, listed above); ok is false
// for a blank answer.
func (a *accessibleRun) pick(what string, n int) (i int, ok bool, err error) {
	v, err := a.ask(fmt.Sprintf("Which %s? Enter a number between 1 and %d (blank: none):", what, n), func(s string) error {
		if s == "" {
			return nil
		}
		if k, err := strconv.Atoi(s); err != nil || k < 1 || k > n {
			return fmt.Errorf("%q is not one of the numbers; type a number between 1 and %d, or leave it blank", s, n)
		}
		return nil
	})
	if err != nil || v == "" {
		return 0, false, err
	}
	k, _ := strconv.Atoi(v)
	return k - 1, true, nil
}

// yesNo asks a yes/no question; blank is def.
func (a *accessibleRun) yesNo(question string, def bool) (bool, error) {
	blank := "no"
	if def {
		blank = "yes"
	}
	v, err := a.ask(fmt.Sprintf("%s (y or n; blank: %s):", question, blank), func(s string) error {
		switch strings.ToLower(s) {
		case "", "y", "yes", "n", "no":
			return nil
		}
		return fmt.Errorf("%q is not y or n; type y for yes, n for no, or leave it blank", s)
	})
	if err != nil || v == "" {
		return def, err
	}
	return strings.HasPrefix(strings.ToLower(v), "y"), nil
}

// save applies a change and stores it at once (see RunAccessible). A new
// session's set-up is kept in memory until it is complete (create). When
// someone else saved the session meanwhile, it is reloaded with their
// answers and the person is told; this answer is not saved.
func (a *accessibleRun) save(change func(s *workbook.Session)) error {
	next := a.sess.Clone()
	change(next)
	if a.draft {
		a.sess = next
		return nil
	}
	saved, err := a.store.Update(next)
	if errors.Is(err, workbook.ErrConflict) {
		fresh, gerr := a.store.Get(a.sess.ID)
		if gerr != nil {
			return gerr
		}
		a.sess = fresh
		a.say("Someone else changed this session meanwhile: it was reloaded with their answers, and this answer was not saved. Give it again to save it.")
		return nil
	}
	if err != nil {
		return err
	}
	a.sess = saved
	return nil
}

// --- one answer, by its definition ----------------------------------------

// field asks one definition (fields.go) and saves a changed answer.
func (a *accessibleRun) field(d fieldDef) error {
	title := d.title
	if d.help != "" {
		title += " — " + d.help
	}
	switch d.kind {
	case defLine, defArea:
		return a.textField(d, title)
	case defChoice:
		return a.choiceField(d, title)
	case defChoices:
		return a.choicesField(d, title)
	}
	a.say(title)
	a.say(cleanLine(d.note))
	return nil
}

func (a *accessibleRun) textField(d fieldDef, title string) error {
	cur := d.str.get(a.sess)
	prompt := title + keepHint(cur)
	if d.required && strings.TrimSpace(cur) == "" {
		prompt = title + ":"
	}
	v, err := a.ask(prompt, func(s string) error {
		if s == "" {
			if d.required && strings.TrimSpace(cur) == "" && d.validate != nil {
				return d.validate(s)
			}
			return nil // blank keeps the answer
		}
		if err := withinLimit(s); err != nil || d.validate == nil {
			return err
		}
		return d.validate(s)
	})
	if err != nil || v == "" || v == cur {
		return err
	}
	return a.save(func(s *workbook.Session) { d.str.set(s, v) })
}

func (a *accessibleRun) choiceField(d fieldDef, title string) error {
	opts := d.choiceOptions(a.sess)
	cur := d.str.get(a.sess)
	labels := make([]string, len(opts))
	def := 0
	for i, o := range opts {
		labels[i] = o.Key
		if o.Value == cur {
			def = i
		}
	}
	i, err := a.choose(title, labels, def)
	if err != nil || opts[i].Value == cur {
		return err
	}
	v := opts[i].Value
	return a.save(func(s *workbook.Session) { d.str.set(s, v) })
}

func (a *accessibleRun) choicesField(d fieldDef, title string) error {
	opts := d.choicesOptions(a.sess)
	a.say(title)
	if len(opts) == 0 {
		a.say("There is nothing to choose from.")
		return nil
	}
	cur := d.strs.get(a.sess)
	chosen := make(map[string]bool, len(cur))
	for _, c := range cur {
		chosen[c] = true
	}
	for i, o := range opts {
		mark := ""
		if chosen[o.Value] {
			mark = " (chosen)"
		}
		a.say(fmt.Sprintf("%d. %s%s", i+1, o.Key, mark))
	}
	keep := "blank to skip"
	if len(cur) > 0 {
		keep = "blank keeps what is chosen"
	}
	var picked map[int]bool
	v, err := a.ask(fmt.Sprintf("Type the numbers of every choice, separated by spaces (e.g. 1 3); 0 for none (%s):", keep), func(s string) error {
		var perr error
		picked, perr = parseNumbers(s, len(opts))
		return perr
	})
	if err != nil || v == "" {
		return err
	}
	next := []string{} // in the list's order, as the full-window choice stores them
	for i, o := range opts {
		if picked[i] {
			next = append(next, o.Value)
		}
	}
	if sameStrings(next, cur) {
		return nil
	}
	return a.save(func(s *workbook.Session) { d.strs.set(s, next) })
}

// parseNumbers reads "1 3" or "1, 3" as the indexes 0 and 2 of n options;
// "0" is none.
func parseNumbers(s string, n int) (map[int]bool, error) {
	out := map[int]bool{}
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	if len(words) == 1 && words[0] == "0" {
		return out, nil
	}
	for _, w := range words {
		k, err := strconv.Atoi(w)
		if err != nil || k < 1 || k > n {
			return nil, fmt.Errorf("%q is not one of the numbers; type numbers between 1 and %d separated by spaces, 0 for none, or leave it blank", w, n)
		}
		out[k-1] = true
	}
	return out, nil
}

// --- sessions ---------------------------------------------------------------

func (a *accessibleRun) run(sessionID string) error {
	if err := a.openSession(sessionID); err != nil {
		return err
	}
	return a.menu()
}

// openSession opens sessionID, or lets the person pick or create one.
func (a *accessibleRun) openSession(sessionID string) error {
	if sessionID != "" {
		s, err := a.store.Get(sessionID)
		if err != nil {
			return err
		}
		a.sess = s
		return nil
	}
	sums, err := a.store.List()
	if err != nil {
		return err
	}
	if len(sums) == 0 {
		return a.newSession()
	}
	labels := []string{"Start a new session"}
	for _, s := range sums {
		labels = append(labels, fmt.Sprintf("%s, %s, %s (%s)", cleanLine(s.Team), cleanLine(s.District), cleanLine(s.SchoolYear), doneText(s.Progress)))
	}
	labels = append(labels, menuCohort)
	if !a.noInventory {
		labels = append(labels, menuInventory)
	}
	i, err := a.choose("Which session?", labels, 1)
	if err != nil {
		return err
	}
	for labels[i] == menuCohort || labels[i] == menuInventory { // then the question again
		if labels[i] == menuCohort {
			err = a.cohort()
		} else {
			err = a.inventoryMenu()
		}
		if err != nil {
			return err
		}
		if i, err = a.choose("Which session?", labels, 1); err != nil {
			return err
		}
	}
	if i == 0 {
		return a.newSession()
	}
	s, err := a.store.Get(sums[i-1].ID)
	if err != nil {
		return err
	}
	a.sess = s
	return nil
}

// doneText says how far a session is: "42% done", or "not started".
func doneText(percent int) string {
	if percent <= 0 {
		return workbook.NotStartedText
	}
	return workbook.ProgressText(percent) + " done"
}

// setupDefs are the set-up answers: team, district, school year, and the
// template when there is a choice. They are checked as the full-window
// set-up checks them. fixedTeam leaves the team out (the cohort server's
// team member: their team is the access file's).
func setupDefs(entries []templatefile.Entry, fixedTeam bool) []fieldDef {
	line := func(title, what string, validate func(string) error, ref func(*workbook.Session) *string) fieldDef {
		return fieldDef{kind: defLine, title: title, required: true, validate: func(s string) error {
			if err := required(what)(s); err != nil {
				return err
			}
			if validate != nil {
				return validate(s)
			}
			return nil
		}, str: strAt(ref)}
	}
	var defs []fieldDef
	if !fixedTeam {
		defs = append(defs, line("Team name", "the team name", nil, func(s *workbook.Session) *string { return &s.Team }))
	}
	defs = append(defs,
		line("District", "the district", nil, func(s *workbook.Session) *string { return &s.District }),
		line("School year, e.g. 2025-26", "the school year", validSchoolYear, func(s *workbook.Session) *string { return &s.SchoolYear }),
	)
	if len(entries) > 1 {
		defs = append(defs, fieldDef{kind: defChoice, title: "Template", help: "the questions and rubric of the self-assessment",
			options: templateOptions(entries), str: binding{
				get: func(s *workbook.Session) string { return s.Template.Ref() },
				set: func(s *workbook.Session, ref string) {
					for _, e := range entries {
						if e.Template.Ref() == ref {
							s.Template = *e.Template
						}
					}
				},
			}})
	}
	return defs
}

// newSession asks the set-up answers and the roster. The session is
// stored when its first person is complete: end of input before that
// stores nothing.
func (a *accessibleRun) newSession() error {
	entries, err := templatefile.Available(a.store)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return errors.New("no template is available; import one with `edtech-workbook template import FILE`")
	}
	ref := defaultTemplateRef(entries)
	draft := &workbook.Session{}
	for _, e := range entries {
		if e.Template.Ref() == ref {
			draft.Template = *e.Template
		}
	}
	if a.now != nil {
		draft.SchoolYear = workbook.SchoolYearOf(a.now())
	}
	draft.Team = a.team
	a.sess, a.draft = draft, true
	a.say("New session. Set-up, step 1 of 2: who you are.")
	if a.team != "" {
		a.say("Team: " + cleanLine(a.team) + ".")
	}
	for {
		for _, d := range setupDefs(entries, a.team != "") {
			if err := a.field(d); err != nil {
				return err
			}
		}
		second, err := a.secondSession()
		if err != nil {
			return err
		}
		if second {
			break
		}
		if a.team != "" { // the cohort server fixes the team
			a.say("Then change the school year (a blank line keeps an answer).")
		} else {
			a.say("Then change the team name or the school year (a blank line keeps an answer).")
		}
	}
	a.say("Set-up, step 2 of 2: who is in the room (each person rates every indicator).")
	return a.addPeople()
}

// secondSession reports whether the new session may be stored: yes when
// the team has no session for its school year yet, else when the person
// answers that they want a second one.
func (a *accessibleRun) secondSession() (bool, error) {
	sums, err := a.store.List()
	if err != nil {
		return false, err
	}
	same := workbook.SameTeamYear(sums, a.sess.Team, a.sess.SchoolYear)
	if len(same) == 0 {
		return true, nil
	}
	ids := make([]string, len(same))
	for i, x := range same {
		ids[i] = cleanLine(x.ID)
	}
	return a.yesNo(fmt.Sprintf("%s already has a session for %s (%s). Set up a second one?",
		cleanLine(strings.TrimSpace(a.sess.Team)), cleanLine(strings.TrimSpace(a.sess.SchoolYear)), strings.Join(ids, ", ")), false)
}

// create stores the new session once its set-up is complete.
func (a *accessibleRun) create() error {
	s, err := a.store.Create(a.sess)
	if err != nil {
		return err
	}
	a.sess, a.draft = s, false
	a.say(fmt.Sprintf("Created the session %s, %s.", cleanLine(s.Team), cleanLine(s.SchoolYear)))
	return nil
}

// addPeople adds people until a blank name (a new session needs one).
func (a *accessibleRun) addPeople() error {
	for {
		prompt := "Name of a team member (blank when the roster is done):"
		if len(a.sess.Roster) == 0 {
			prompt = "Name of the first team member:"
		}
		name, err := a.ask(prompt, func(s string) error {
			if s == "" && len(a.sess.Roster) == 0 {
				return errors.New("the team needs at least one person; type a name")
			}
			return withinLimit(s)
		})
		if err != nil || name == "" {
			return err
		}
		role, err := a.askRole(name, "")
		if err != nil {
			return err // a person without a role is not added
		}
		m := workbook.Member{ID: workbook.NewID(), Name: name, Role: role}
		if err := a.save(func(s *workbook.Session) { s.Roster = append(s.Roster, m) }); err != nil {
			return err
		}
		if a.draft {
			if err := a.create(); err != nil {
				return err
			}
		}
	}
}

// askRole asks a person's role: one of the template's roles by number, or
// any role in words; blank keeps cur (a new person: the first role).
func (a *accessibleRun) askRole(name, cur string) (string, error) {
	roles := a.sess.Template.Roles
	if len(roles) == 0 {
		v, err := a.ask("Role of "+cleanLine(name)+keepHint(cur), withinLimit)
		if v == "" {
			v = cur
		}
		return v, err
	}
	def := cur
	if def == "" {
		def = roles[0]
	}
	a.say("Role of " + cleanLine(name) + ":")
	for i, r := range roles {
		a.say(fmt.Sprintf("%d. %s", i+1, cleanLine(r)))
	}
	v, err := a.ask(fmt.Sprintf("Enter a number between 1 and %d, or type another role (blank: %s):", len(roles), cleanLine(def)), func(s string) error {
		if k, err := strconv.Atoi(s); err == nil && (k < 1 || k > len(roles)) {
			return fmt.Errorf("%d is not one of the numbers; type a number between 1 and %d, or the role in words", k, len(roles))
		}
		return withinLimit(s)
	})
	if err != nil {
		return "", err
	}
	if v == "" {
		return def, nil
	}
	if k, err := strconv.Atoi(v); err == nil {
		return roles[k-1], nil
	}
	return v, nil
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
