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
	"edtech-workbook/workbook/export"
	"edtech-workbook/workbook/store"
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
//     changed first (not asked when the file has none, or with a session id).
//   - A new session: team name, district, school year (blank keeps the year
//     we are in), the template (only when there is more than one), then the
//     roster: a name and a role (a number from the template's roles, or a
//     role in words) per person; a blank name ends it. Nothing is stored
//     until the first person is complete.
//   - The menu: 1 continues where the team left off (the first item without
//     an answer), 2–9 open a part (set up, self-assessment, problem of
//     practice, plan, action steps, data plan, check-ins, end of year), 10
//     reads a part back, 11 exports, 12 quits. Blank is 1.
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
func RunAccessible(st *store.Store, opts Options) error {
	if opts.Review {
		// The plain prompts edit answers; a review copy must stay read-only.
		return errors.New("review mode needs the full-window app; the files were imported, so read them with `edtech-workbook export ID --format md` or open them without --accessible")
	}
	in, out := opts.Input, opts.Output
	typed := false // a person types at a terminal, which echoes the answers
	if in == nil {
		in = os.Stdin
		typed = term.IsTerminal(os.Stdin.Fd())
	}
	if out == nil {
		out = os.Stdout
	}
	a := &accessibleRun{store: st, in: bufio.NewReader(in), out: out, echo: !typed, now: opts.Now}
	err := a.run(opts.SessionID)
	if errors.Is(err, errEndOfInput) {
		err = nil
	}
	switch {
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
	store *store.Store
	in    *bufio.Reader
	out   io.Writer
	echo  bool // end each prompt's line after the answer (the input is not a terminal)
	now   func() time.Time
	eof   bool

	sess  *workbook.Session
	draft bool // sess is a new session not stored yet (its set-up is not finished)
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

// answerLine is an answer line as a text field would hold it: invalid UTF-8
// marked, tabs as spaces, no control characters, no spaces around it.
func answerLine(line string) string {
	line = strings.ToValidUTF8(line, "\uFFFD")
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, line))
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
		labels = append(labels, fmt.Sprintf("%s, %s, %s (%d%% done)", cleanLine(s.Team), cleanLine(s.District), cleanLine(s.SchoolYear), s.Progress))
	}
	i, err := a.choose("Which session?", labels, 1)
	if err != nil {
		return err
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

// setupDefs are the set-up answers: team, district, school year, and the
// template when there is a choice. They are checked as the full-window
// set-up checks them.
func setupDefs(entries []templatefile.Entry) []fieldDef {
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
	defs := []fieldDef{
		line("Team name", "the team name", nil, func(s *workbook.Session) *string { return &s.Team }),
		line("District", "the district", nil, func(s *workbook.Session) *string { return &s.District }),
		line("School year, e.g. 2025-26", "the school year", validSchoolYear, func(s *workbook.Session) *string { return &s.SchoolYear }),
	}
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
	a.sess, a.draft = draft, true
	a.say("New session. Set-up, step 1 of 2: who you are.")
	for _, d := range setupDefs(entries) {
		if err := a.field(d); err != nil {
			return err
		}
	}
	a.say("Set-up, step 2 of 2: who is in the room (each person rates every indicator).")
	return a.addPeople()
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

// --- the parts, as steps ------------------------------------------------------

// step is one item of a part: asked by ask; done says it has an answer (nil:
// optional, never a place to resume).
type step struct {
	label string
	done  func(*workbook.Session) bool
	ask   func() error
}

// section is a part of the workbook in the plain prompts, in workbook order.
type section struct {
	name  string
	steps func() []step
	// start picks where an opened part starts (the self-assessment asks
	// which indicator); nil starts at the first step.
	start func(steps []step) (int, error)
}

func (a *accessibleRun) sections() []section {
	return []section{
		{name: workbook.PartNameSetup + ": team, district, school year and roster", steps: a.setupSteps},
		{name: workbook.PartNameAssessment, steps: a.assessSteps, start: a.assessStart},
		{name: workbook.PartNameProblem, steps: func() []step {
			return a.pageSteps(workbook.PartNameProblem, append([]pageDef{{fields: []fieldDef{focusDef(a.sess)}}}, problemPages(a.sess)...))
		}},
		{name: "Plan: aim, logic model and planning questions", steps: func() []step {
			return a.pageSteps(workbook.PartNamePlan, aimPages(&a.sess.Template))
		}},
		{name: "Plan: action steps", steps: func() []step {
			return []step{{label: "the action steps", done: func(s *workbook.Session) bool { return len(s.Plan.Actions) > 0 }, ask: a.actionsTable}}
		}},
		{name: "Plan: data plan", steps: func() []step {
			return []step{{label: "the data plan", done: func(s *workbook.Session) bool { return len(s.Plan.DataPlan) > 0 }, ask: a.dataTable}}
		}},
		{name: "Progress: check-ins", steps: func() []step {
			return []step{{label: "the check-ins", done: func(s *workbook.Session) bool { return len(s.CheckIns) > 0 }, ask: a.checkInTable}}
		}},
		{name: "End of year: decision, conditions and reflection questions", steps: func() []step {
			return a.pageSteps(workbook.PartNameReflection, yearPages(a.sess))
		}},
	}
}

// pageSteps makes a step of every field of the pages (definitions are
// built from the session when the part starts); the page's title and intro
// are read before its first field.
func (a *accessibleRun) pageSteps(part string, pages []pageDef) []step {
	var out []step
	for _, p := range pages {
		for i, d := range p.fields {
			p, d, first := p, d, i == 0
			st := step{label: part + ", " + d.title, ask: func() error {
				if first && p.title != "" {
					a.say("")
					a.say(p.title + ".")
					if p.intro != "" {
						a.say(p.intro)
					}
				}
				return a.field(d)
			}}
			if !d.optional {
				st.done = d.answered
			}
			out = append(out, st)
		}
	}
	return out
}

// setupSteps edit the set-up of a stored session: blank keeps each answer.
func (a *accessibleRun) setupSteps() []step {
	var out []step
	for _, d := range setupDefs(nil) {
		out = append(out, step{label: workbook.PartNameSetup + ", " + d.title, done: d.answered, ask: func() error { return a.field(d) }})
	}
	return append(out, step{label: "the roster", done: func(s *workbook.Session) bool { return len(s.Roster) > 0 }, ask: a.editRoster})
}

// editRoster renames people, changes roles and adds people. Nobody is
// removed: ratings are kept by member id.
func (a *accessibleRun) editRoster() error {
	for {
		rep := workbook.BuildReport(a.sess)
		labels := make([]string, 0, len(rep.Roster)+2)
		for _, m := range rep.Roster {
			labels = append(labels, "Change "+m.Name+roleSuffix(m.Role))
		}
		labels = append(labels, "Add a person", "Done with the roster")
		i, err := a.choose("Team roster:", labels, len(labels)-1)
		switch {
		case err != nil:
			return err
		case i == len(labels)-1:
			return nil
		case i == len(labels)-2:
			if err := a.addPerson(); err != nil {
				return err
			}
			continue
		}
		id := a.sess.Roster[i].ID
		m, _ := a.sess.Member(id)
		name, err := a.ask("Name"+keepHint(m.Name), withinLimit)
		if err != nil {
			return err
		}
		if name == "" {
			name = m.Name
		}
		role, err := a.askRole(name, m.Role)
		if err != nil {
			return err
		}
		if name != m.Name || role != m.Role {
			if err := a.save(func(s *workbook.Session) {
				for k := range s.Roster {
					if s.Roster[k].ID == id {
						s.Roster[k].Name, s.Roster[k].Role = name, role
					}
				}
			}); err != nil {
				return err
			}
		}
	}
}

func (a *accessibleRun) addPerson() error {
	name, err := a.ask("Name of the new person (blank to cancel):", withinLimit)
	if err != nil || name == "" {
		return err
	}
	role, err := a.askRole(name, "")
	if err != nil {
		return err
	}
	m := workbook.Member{ID: workbook.NewID(), Name: name, Role: role}
	return a.save(func(s *workbook.Session) { s.Roster = append(s.Roster, m) })
}

// --- the self-assessment ------------------------------------------------------

func (a *accessibleRun) assessSteps() []step {
	tmpl := &a.sess.Template
	total := len(tmpl.Indicators())
	var out []step
	n := 0
	for _, d := range tmpl.Domains {
		for _, ind := range d.Indicators {
			n++
			k, d, ind := n, d, ind
			out = append(out, step{
				label: fmt.Sprintf("%s, indicator %d of %d, %s", workbook.PartNameAssessment, k, total, cleanLine(ind.Title)),
				done:  func(s *workbook.Session) bool { return s.RatingOf(ind.ID).Consensus != workbook.Unrated },
				ask:   func() error { return a.indicator(k, total, d, ind) },
			})
		}
	}
	return out
}

// assessStart asks where to start: blank is the first indicator without a
// consensus, as on the full-window screen.
func (a *accessibleRun) assessStart(steps []step) (int, error) {
	if len(steps) == 0 {
		return 0, nil
	}
	first := 0
	for i, st := range steps {
		if !st.done(a.sess) {
			first = i
			break
		}
	}
	v, err := a.ask(fmt.Sprintf("Start at which indicator? Enter a number between 1 and %d (blank: %d, the first without a consensus):", len(steps), first+1),
		func(s string) error {
			if s == "" {
				return nil
			}
			if k, err := strconv.Atoi(s); err != nil || k < 1 || k > len(steps) {
				return fmt.Errorf("%q is not one of the numbers; type a number between 1 and %d, or leave it blank", s, len(steps))
			}
			return nil
		})
	if err != nil || v == "" {
		return first, err
	}
	k, _ := strconv.Atoi(v)
	return k - 1, nil
}

// indicator asks one indicator: each person's rating, the consensus, the
// evidence, the team's answer to the equity pause and priority.
func (a *accessibleRun) indicator(n, total int, d workbook.Domain, ind workbook.Indicator) error {
	tmpl := &a.sess.Template
	levels := len(tmpl.Scale.Levels)
	a.say("")
	a.say(fmt.Sprintf("Indicator %d of %d.", n, total))
	fmt.Fprint(a.out, indicatorText(tmpl, d, ind))
	help := fmt.Sprintf("1-%d, 0 = %s", levels, cleanLine(tmpl.Scale.NotSure))
	id := ind.ID
	for _, m := range a.sess.Roster {
		mid := m.ID
		if err := a.rating(fmt.Sprintf("%s's rating (%s)", cleanLine(m.Name), help), levels,
			func(r workbook.IndicatorRating) workbook.Rating { return r.Members[mid] },
			func(r *workbook.IndicatorRating, v workbook.Rating) {
				if r.Members == nil {
					r.Members = map[string]workbook.Rating{}
				}
				r.Members[mid] = v
			}, id); err != nil {
			return err
		}
	}
	if err := a.rating("Team consensus ("+help+")", levels,
		func(r workbook.IndicatorRating) workbook.Rating { return r.Consensus },
		func(r *workbook.IndicatorRating, v workbook.Rating) { r.Consensus = v }, id); err != nil {
		return err
	}
	for _, f := range indicatorDefs(a.sess, ind) {
		if err := a.field(f); err != nil {
			return err
		}
	}
	now := a.sess.RatingOf(id).Priority
	yes, err := a.yesNo("Is this indicator a priority for the team? Now: "+map[bool]string{true: "yes", false: "no"}[now]+".", now)
	if err != nil || yes == now {
		return err
	}
	return a.save(func(s *workbook.Session) { s.Rating(id).Priority = yes })
}

// indicatorDefs are an indicator's text answers: the evidence notes and,
// when the template asks an equity pause (or the team answered one), the
// team's answer to it.
func indicatorDefs(s *workbook.Session, ind workbook.Indicator) []fieldDef {
	id := ind.ID
	rating := func(s *workbook.Session) *workbook.IndicatorRating { return s.Rating(id) }
	get := func(f func(workbook.IndicatorRating) string) func(*workbook.Session) string {
		return func(s *workbook.Session) string { return f(s.RatingOf(id)) } // reading creates nothing
	}
	defs := []fieldDef{{kind: defArea, title: "Evidence notes", str: binding{
		get: get(func(r workbook.IndicatorRating) string { return r.Evidence }),
		set: func(s *workbook.Session, v string) { rating(s).Evidence = v },
	}}}
	if ind.EquityPause != "" || s.RatingOf(id).Equity != "" {
		defs = append(defs, fieldDef{kind: defArea, title: "Our answer to the equity pause", str: binding{
			get: get(func(r workbook.IndicatorRating) string { return r.Equity }),
			set: func(s *workbook.Session, v string) { rating(s).Equity = v },
		}})
	}
	return defs
}

// rating asks for one rating; blank keeps it.
func (a *accessibleRun) rating(title string, levels int, get func(workbook.IndicatorRating) workbook.Rating,
	set func(*workbook.IndicatorRating, workbook.Rating), indicatorID string) error {
	cur := get(a.sess.RatingOf(indicatorID))
	now := ""
	if cur != workbook.Unrated {
		now = cur.String()
	}
	v, err := a.ask(title+keepHint(now), func(s string) error {
		_, err := parseRating(s, levels)
		return err
	})
	if err != nil || v == "" {
		return err
	}
	r, _ := parseRating(v, levels)
	if r == cur {
		return nil
	}
	return a.save(func(s *workbook.Session) { set(s.Rating(indicatorID), r) })
}

// parseRating reads a typed rating: 1..levels, 0 or ? for "not sure", blank
// for "leave as is" (returned as Unrated).
func parseRating(s string, levels int) (workbook.Rating, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return workbook.Unrated, nil
	case "0", "?":
		return workbook.NotSure, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > levels {
		return workbook.Unrated, fmt.Errorf("rating %q is not on the scale; type 1 to %d, 0 for not sure, or leave it blank", s, levels)
	}
	return workbook.Rating(n), nil
}

// indicatorText is what a screen reader hears before the ratings.
func indicatorText(t *workbook.Template, d workbook.Domain, ind workbook.Indicator) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n%s\n", cleanLine(d.Title), cleanLine(ind.Title), cleanLine(ind.Statement))
	for i, lv := range ind.Levels {
		fmt.Fprintf(&b, "Level %d, %s: %s\n", i+1, cleanLine(t.LevelLabel(workbook.Rating(i+1))), cleanLine(lv))
	}
	c := ind.Context
	for _, note := range []struct{ who, text string }{
		{"English learners", c.EnglishLearners}, {"Students with IEPs or 504 plans", c.IEP504},
		{"Small systems", c.SmallSystems}, {"Large systems", c.LargeSystems},
	} {
		if strings.TrimSpace(note.text) != "" {
			fmt.Fprintf(&b, "Thinking about your context, %s: %s\n", note.who, cleanLine(note.text))
		}
	}
	if ind.EquityPause != "" {
		fmt.Fprintf(&b, "Equity pause: %s\n", cleanLine(ind.EquityPause))
	}
	return b.String()
}

// --- the tables: action steps, data plan, check-ins ---------------------------

// rowTable is the loop of one table: list its rows (from the report), then
// add, edit, (change status,) delete, done. The menu's numbers are the same
// whatever the rows, so a script can rely on them.
type rowTable struct {
	title  string
	noun   string                          // "action step"
	rows   func(*workbook.Report) []string // one line per row
	ids    func(*workbook.Session) []string
	edit   func(i int, add bool) error // i is ignored with add
	status func(i int) error           // nil: no status
	remove func(s *workbook.Session, id string)
	name   func(i int) string // names row i ("action step \"Train staff\"")
}

func (a *accessibleRun) runTable(t rowTable) error {
	for {
		rows := t.rows(workbook.BuildReport(a.sess))
		a.say("")
		a.say(fmt.Sprintf("%s (%d):", t.title, len(rows)))
		if len(rows) == 0 {
			a.say("None yet.")
		}
		for i, r := range rows {
			a.say(fmt.Sprintf("%d. %s", i+1, r))
		}
		type action int
		const (
			add action = iota
			edit
			status
			remove
			done
		)
		acts := []action{add, edit}
		labels := []string{"Add " + article(t.noun), "Edit " + article(t.noun)}
		if t.status != nil {
			acts, labels = append(acts, status), append(labels, "Change the status of "+article(t.noun))
		}
		acts, labels = append(acts, remove, done), append(labels, "Delete "+article(t.noun), "Done")
		i, err := a.choose("What next?", labels, len(labels)-1)
		if err != nil {
			return err
		}
		switch act := acts[i]; {
		case act == done:
			return nil
		case act == add:
			err = t.edit(0, true)
		case len(rows) == 0:
			a.say("There is no " + t.noun + " yet.")
		default:
			k, ok, perr := a.pick(t.noun, len(rows))
			switch {
			case perr != nil:
				err = perr
			case !ok:
			case act == edit:
				err = t.edit(k, false)
			case act == status:
				err = t.status(k)
			default:
				err = a.deleteRow(t, k)
			}
		}
		if err != nil {
			return err
		}
	}
}

// deleteRow asks before it deletes row i of t.
func (a *accessibleRun) deleteRow(t rowTable, i int) error {
	id := t.ids(a.sess)[i]
	name := t.name(i)
	yes, err := a.yesNo("Delete "+name+"?", false)
	if err != nil || !yes {
		if err == nil {
			a.say("Kept " + name + ".")
		}
		return err
	}
	if err := a.save(func(s *workbook.Session) { t.remove(s, id) }); err != nil {
		return err
	}
	a.say("Deleted " + name + ".")
	return nil
}

func article(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// walkPages asks every field of the pages in order (a row's form).
func (a *accessibleRun) walkPages(pages []pageDef) error {
	for _, st := range a.pageSteps("", pages) {
		if err := st.ask(); err != nil {
			return err
		}
	}
	return nil
}

func (a *accessibleRun) actionsTable() error {
	t := rowTable{
		title: orText(cleanLine(a.sess.Template.Prompts.ActionSteps.Text), "Action steps"), noun: "action step",
		rows: func(v *workbook.Report) []string {
			out := make([]string, len(v.Plan.Actions))
			for i, r := range v.Plan.Actions {
				out[i] = actionLine(r)
			}
			return out
		},
		ids: func(s *workbook.Session) []string {
			out := make([]string, len(s.Plan.Actions))
			for i, r := range s.Plan.Actions {
				out[i] = r.ID
			}
			return out
		},
		edit: func(i int, add bool) error {
			row := workbook.ActionStep{ID: workbook.NewID(), Status: workbook.StatusNotStarted}
			if !add {
				row = a.sess.Plan.Actions[i]
			}
			f := actionDefs(a.sess, row)
			if err := a.field(f.what); err != nil {
				return err
			}
			if findAction(a.sess, row.ID) == nil {
				a.say("No action step was added.")
				return nil
			}
			return a.walkPages([]pageDef{{fields: []fieldDef{f.owner, f.due, f.status, f.measure}}})
		},
		status: func(i int) error {
			return a.field(actionDefs(a.sess, a.sess.Plan.Actions[i]).status)
		},
		remove: func(s *workbook.Session, id string) {
			s.Plan.Actions = removeRow(s.Plan.Actions, func(r workbook.ActionStep) bool { return r.ID == id })
		},
		name: func(i int) string {
			return fmt.Sprintf("action step %q", truncate(cleanLine(a.sess.Plan.Actions[i].What), 60))
		},
	}
	return a.runTable(t)
}

// actionLine is one action step as the Summary reads it.
func actionLine(r workbook.ActionRow) string {
	details := []string{orText(r.Owner, "no owner"), orText(r.Status, workbook.StatusNotStarted)}
	if r.Due != "" {
		details = append(details, "due "+r.Due)
	}
	if m := cleanLine(r.Measure); m != "" {
		details = append(details, "measure: "+m)
	}
	what := orText(cleanLine(r.What), "(no description)")
	if r.Carried {
		what += " (carried from last year)"
	}
	return what + " — " + strings.Join(details, ", ")
}

func (a *accessibleRun) dataTable() error {
	t := rowTable{
		title: orText(cleanLine(a.sess.Template.Prompts.DataPlan.Text), "Data plan"), noun: "data plan row",
		rows: func(v *workbook.Report) []string {
			out := make([]string, len(v.Plan.DataPlan))
			for i, d := range v.Plan.DataPlan {
				out[i] = fmt.Sprintf("%s — source: %s; baseline: %s; target: %s; cadence: %s",
					orDash(cleanLine(d.Measure)), orDash(cleanLine(d.Source)), orDash(cleanLine(d.Baseline)), orDash(cleanLine(d.Target)), orDash(cleanLine(d.Cadence)))
			}
			return out
		},
		ids: func(s *workbook.Session) []string {
			out := make([]string, len(s.Plan.DataPlan))
			for i, r := range s.Plan.DataPlan {
				out[i] = r.ID
			}
			return out
		},
		edit: func(i int, add bool) error {
			row := workbook.DataRow{ID: workbook.NewID()}
			if !add {
				row = a.sess.Plan.DataPlan[i]
			}
			return a.walkPages(dataPages(row))
		},
		remove: func(s *workbook.Session, id string) {
			s.Plan.DataPlan = removeRow(s.Plan.DataPlan, func(r workbook.DataRow) bool { return r.ID == id })
		},
		name: func(i int) string {
			return fmt.Sprintf("data plan row %q", truncate(cleanLine(a.sess.Plan.DataPlan[i].Measure), 60))
		},
	}
	return a.runTable(t)
}

func (a *accessibleRun) checkInTable() error {
	t := rowTable{
		title: "Check-ins", noun: "check-in",
		rows: func(v *workbook.Report) []string {
			out := make([]string, len(v.CheckIns))
			for i, c := range v.CheckIns {
				out[i] = fmt.Sprintf("%s — did: %s; learned: %s; next: %s",
					orDash(c.Date), orDash(cleanLine(c.Did)), orDash(cleanLine(c.Learned)), orDash(cleanLine(c.Next)))
			}
			return out
		},
		ids: func(s *workbook.Session) []string {
			out := make([]string, len(s.CheckIns))
			for i, r := range s.CheckIns {
				out[i] = r.ID
			}
			return out
		},
		edit: func(i int, add bool) error {
			row := workbook.CheckIn{ID: workbook.NewID()}
			if add && a.now != nil {
				row.Date = a.now().Format(time.DateOnly) // a new check-in is dated today
			}
			if !add {
				row = a.sess.CheckIns[i]
			}
			return a.walkPages(checkInPages(&a.sess.Template, row))
		},
		remove: func(s *workbook.Session, id string) {
			s.CheckIns = removeRow(s.CheckIns, func(r workbook.CheckIn) bool { return r.ID == id })
		},
		name: func(i int) string { return "the check-in of " + cleanLine(a.sess.CheckIns[i].Date) },
	}
	return a.runTable(t)
}

// --- the menu -----------------------------------------------------------------

// The menu's entries after the parts.
const (
	menuReadBack = "Read back a part"
	menuExport   = "Export"
	menuQuit     = "Quit"
)

// menu offers to continue where the team left off, any part, a read-back
// and the export, until quit or end of input.
func (a *accessibleRun) menu() error {
	for {
		secs := a.sections()
		at, step, label := a.resumePoint(secs)
		rep := workbook.BuildReport(a.sess)
		a.say("")
		a.say(fmt.Sprintf("%s, %s, %s: %d%% done.", rep.Team, rep.District, rep.SchoolYear, rep.Progress.Overall))
		cont := "Continue where you left off: " + label
		if at < 0 {
			cont = "Continue: every item has an answer; go through the workbook from the start"
			at, step = 0, 0
		}
		labels := []string{cont}
		for _, s := range secs {
			labels = append(labels, s.name)
		}
		labels = append(labels, menuReadBack, menuExport, menuQuit)
		i, err := a.choose("What next?", labels, 0)
		if err != nil {
			return err
		}
		switch {
		case i == 0:
			err = a.continueFrom(secs, at, step)
		case i <= len(secs):
			err = a.walkSection(secs[i-1], true)
		case labels[i] == menuReadBack:
			err = a.readBack()
		case labels[i] == menuExport:
			err = a.export()
		default:
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// resumePoint is the first item without an answer: its section, its step
// and a label (at < 0 when everything has an answer).
func (a *accessibleRun) resumePoint(secs []section) (at, step int, label string) {
	for i, sec := range secs {
		for j, st := range sec.steps() {
			if st.done != nil && !st.done(a.sess) {
				return i, j, st.label
			}
		}
	}
	return -1, 0, ""
}

// walkSection asks one part from its start (opened: asking where, for the
// self-assessment).
func (a *accessibleRun) walkSection(sec section, opened bool) error {
	steps := sec.steps()
	from := 0
	if opened && sec.start != nil {
		var err error
		if from, err = sec.start(steps); err != nil {
			return err
		}
	}
	return a.walk(sec, steps, from)
}

func (a *accessibleRun) walk(sec section, steps []step, from int) error {
	a.say("")
	a.say(sec.name + ".")
	for _, st := range steps[from:] {
		if err := st.ask(); err != nil {
			return err
		}
	}
	return nil
}

// continueFrom walks from the step of part at to the end of the workbook,
// asking before each next part.
func (a *accessibleRun) continueFrom(secs []section, at, step int) error {
	if err := a.walk(secs[at], secs[at].steps(), step); err != nil {
		return err
	}
	for _, sec := range secs[at+1:] {
		on, err := a.yesNo("Go on to "+sec.name+"?", true)
		if err != nil || !on {
			return err
		}
		if err := a.walkSection(sec, false); err != nil {
			return err
		}
	}
	a.say("That was the last part of the workbook.")
	return nil
}

// readBack reads a part of the session from its report, in the Summary's
// words.
func (a *accessibleRun) readBack() error {
	parts := []struct {
		label string
		part  reportPart
	}{
		{"The whole session", reportAll}, {"Results", reportResults}, {workbook.PartNameAssessment, reportAssessment},
		{workbook.PartNameProblem, reportProblem}, {workbook.PartNamePlan, reportPlan}, {workbook.PartNameReflection, reportReflection},
	}
	labels := make([]string, len(parts))
	for i, p := range parts {
		labels[i] = p.label
	}
	i, err := a.choose("Read back which part?", labels, 0)
	if err != nil {
		return err
	}
	a.say("")
	a.say(renderReportPart(plainStyles(), workbook.BuildReport(a.sess), parts[i].part, readBackWidth))
	return nil
}

// readBackWidth is wide: a screen reader reads lines, not a window.
const readBackWidth = 200

// plainStyles draw nothing: the read-back is plain text.
func plainStyles() *Styles { return &Styles{} }

// export writes the session in a format to a file, through the store's
// atomic writer; an existing file is overwritten only when asked.
func (a *accessibleRun) export() error {
	choices := exportChoices()
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.Key
	}
	i, err := a.choose("Export format:", labels, 0)
	if err != nil {
		return err
	}
	choice := choices[i].Value
	def := defaultExportPath(a.sess, choice)
	path, err := a.ask("Export to file (blank: "+def+"):", withinLimit)
	if err != nil {
		return err
	}
	if path == "" {
		path = def
	}
	if _, serr := os.Stat(path); serr == nil {
		yes, err := a.yesNo(cleanLine(path)+" already exists. Overwrite it?", false)
		if err != nil {
			return err
		}
		if !yes {
			a.say("Export cancelled; " + cleanLine(path) + " was left as it was.")
			return nil
		}
	}
	data, err := export.Render(a.sess, choice.format, export.Options{Table: choice.table})
	if err == nil {
		if err = store.CheckOutputPath(path, a.store.Path()); err == nil {
			err = store.WriteFileAtomic(path, data)
		}
	}
	if err != nil {
		a.say("Not exported: " + cleanLine(errorText(err)) + ".")
		return nil
	}
	a.say("Exported to " + cleanLine(path) + ".")
	return nil
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
