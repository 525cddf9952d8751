package tui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// RunAccessible runs the workbook as plain, linear prompts a screen reader can
// follow (huh accessible mode). It also works with answers piped on stdin,
// which makes it a TTY-free way to script the workbook.
//
// There is no Bubble Tea program here, so the store is called synchronously
// after each answer: nothing else is waiting on the terminal, and saving at
// once is what keeps every answer safe.
//
// Every prompt is its own small form with static options computed from the
// earlier answers: huh v2.0.3 never evaluates ...Func fields in accessible
// mode (stack-notes §1.3.3). A blank answer keeps what is there, so a
// scripted run can stop early; end of input ends the run cleanly.
func RunAccessible(store *store.Store, opts Options) error {
	if opts.Review {
		// The plain prompts edit answers; a review copy must stay read-only.
		return errors.New("review mode needs the full-window app; the files were imported, so read them with `edtech-workbook export ID --format md` or open them without --accessible")
	}
	in, out := opts.Input, opts.Output
	if in == nil {
		in = os.Stdin
	}
	if out == nil {
		out = os.Stdout
	}
	a := &accessibleRun{
		store: store,
		in:    &oneByteReader{r: in},
		// Downsample the theme's colours for pipes and NO_COLOR (§1.3.2).
		out:   colorprofile.NewWriter(out, os.Environ()),
		theme: CachedTheme(huh.ThemeCharm),
	}
	err := a.run(opts.SessionID)
	if errors.Is(err, errEndOfInput) {
		err = nil
	}
	if a.sess != nil {
		fmt.Fprintf(a.out, "\nSaved: %s, %s. Everything answered is in %s.\n",
			workbook.CleanLine(a.sess.Team), workbook.CleanLine(a.sess.SchoolYear), workbook.CleanLine(store.Path()))
	}
	return err
}

// errEndOfInput stops the linear flow when stdin is exhausted.
var errEndOfInput = errors.New("end of input")

// oneByteReader returns one byte per Read: huh's accessible prompts create a
// new bufio.Scanner per question, and on a pipe the first one would swallow
// the later answers (stack-notes §1.3.1). It also remembers end of input,
// which huh does not report (it just returns the field's default), and
// stops an answer line longer than a Scanner reads: huh would return the
// field's default and read the rest of the line as the next answers.
type oneByteReader struct {
	r       io.Reader
	eof     bool
	line    int  // bytes since the last newline
	tooLong bool // an answer line was longer than maxAnswerBytes
}

// maxAnswerBytes is the longest answer line huh's bufio.Scanner reads.
const maxAnswerBytes = bufio.MaxScanTokenSize - 1

var errAnswerTooLong = fmt.Errorf("an answer is longer than %s bytes, the most one line of the plain prompts can hold; it was not saved, and the prompts stopped there (write that answer in the full-window app)", thousands(maxAnswerBytes))

func (o *oneByteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if o.tooLong {
		return 0, errAnswerTooLong
	}
	n, err := o.r.Read(p[:1])
	if n == 1 {
		if p[0] == '\n' {
			o.line = 0
		} else if o.line++; o.line > maxAnswerBytes {
			o.tooLong = true
			return 0, errAnswerTooLong
		}
	}
	if err != nil {
		o.eof = true
	}
	return n, err
}

type accessibleRun struct {
	store *store.Store
	in    *oneByteReader
	out   io.Writer
	theme huh.Theme // built once for every prompt (stack-notes §1.3)
	sess  *workbook.Session
}

func (a *accessibleRun) run(sessionID string) error {
	if err := a.openSession(sessionID); err != nil {
		return err
	}
	steps := []struct {
		part string
		fn   func() error
	}{
		{workbook.PartNameAssessment, a.assess},
		{workbook.PartNameProblem, a.problem},
		{workbook.PartNamePlan, a.plan},
	}
	for _, st := range steps {
		now := true
		if err := a.ask(huh.NewConfirm().Title("Work on the " + strings.ToLower(st.part) + " now?").Value(&now)); err != nil {
			return err
		}
		if !now {
			continue
		}
		if err := st.fn(); err != nil {
			return err
		}
	}
	return nil
}

// ask runs one accessible form. It returns errEndOfInput once stdin is
// exhausted, after huh has kept the field's current value.
func (a *accessibleRun) ask(fields ...huh.Field) error {
	err := huh.NewForm(huh.NewGroup(fields...)).
		WithAccessible(true).
		WithTheme(a.theme).
		WithInput(a.in).
		WithOutput(a.out).
		Run()
	if err != nil {
		return fmt.Errorf("the accessible prompts stopped: %w", err)
	}
	if a.in.tooLong {
		return errAnswerTooLong
	}
	if a.in.eof {
		return errEndOfInput
	}
	return nil
}

// save applies a change and stores it at once (see RunAccessible). After an
// overlong answer line nothing more is saved: huh hands back the part of
// the line it read as if it were the answer.
func (a *accessibleRun) save(change func(s *workbook.Session)) error {
	if a.in.tooLong {
		return errAnswerTooLong
	}
	change(a.sess)
	saved, err := a.store.Update(a.sess)
	if err != nil {
		return err
	}
	a.sess = saved
	return nil
}

// text asks for one line of text; blank keeps cur. It saves when it changed.
func (a *accessibleRun) text(title string, cur string, validate func(string) error, set func(s *workbook.Session, v string)) error {
	v := cur
	in := huh.NewInput().Title(title + keepHint(cur)).Value(&v).Validate(func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil // blank keeps the current answer
		}
		if err := withinLimit(s); err != nil || validate == nil {
			return err
		}
		return validate(strings.TrimSpace(s))
	})
	err := a.ask(in)
	if v = strings.TrimSpace(v); v != cur && v != "" {
		if serr := a.save(func(s *workbook.Session) { set(s, v) }); serr != nil {
			return serr
		}
	}
	return err
}

// withinLimit refuses an answer longer than a field holds, in characters.
// (huh's own CharLimit counts bytes in accessible mode: it would refuse
// shorter answers written outside ASCII.)
func withinLimit(s string) error {
	if n := utf8.RuneCountInString(s); n > fieldLimit {
		return fmt.Errorf("the answer is %s characters; the limit is %s", thousands(n), thousands(fieldLimit))
	}
	return nil
}

// limited is a validator that refuses an answer over the limit, then asks
// validate (when given).
func limited(validate func(string) error) func(string) error {
	return func(s string) error {
		if err := withinLimit(s); err != nil || validate == nil {
			return err
		}
		return validate(s)
	}
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
	choice := ""
	if len(sums) > 0 {
		opts := []huh.Option[string]{huh.NewOption("Start a new session", "")}
		for _, s := range sums {
			label := fmt.Sprintf("%s, %s, %s (%d%% done)", workbook.CleanLine(s.Team),
				workbook.CleanLine(s.District), workbook.CleanLine(s.SchoolYear), s.Progress)
			opts = append(opts, huh.NewOption(label, s.ID))
		}
		choice = sums[0].ID
		if err := a.ask(huh.NewSelect[string]().Title("Which session?").Options(opts...).Value(&choice)); err != nil {
			return err
		}
	}
	if choice != "" {
		s, err := a.store.Get(choice)
		if err != nil {
			return err
		}
		a.sess = s
		return nil
	}
	return a.createSession()
}

// createSession asks for the set-up answers and creates the session with
// the default built-in template. Nothing is stored until the team is named.
func (a *accessibleRun) createSession() error {
	tmpl, err := templatefile.Resolve(a.store, templatefile.DefaultTemplateID)
	if err != nil {
		return err
	}
	var team, district, year string
	required := func(what string) func(string) error {
		return func(s string) error {
			if strings.TrimSpace(s) == "" {
				return fmt.Errorf("the %s is needed; type it and press enter", what)
			}
			return nil
		}
	}
	yearValid := func(s string) error {
		_, err := workbook.ParseSchoolYear(strings.TrimSpace(s))
		return err
	}
	fmt.Fprintln(a.out, "New session with the template "+workbook.CleanLine(tmpl.Title)+".")
	askErr := a.ask(huh.NewInput().Title("Team name:").Value(&team).Validate(limited(required("team name"))))
	if strings.TrimSpace(team) == "" {
		return askErr // end of input before a team was named: nothing to save
	}
	if askErr == nil {
		askErr = a.ask(huh.NewInput().Title("District name:").Value(&district).Validate(limited(nil)))
	}
	if askErr == nil {
		askErr = a.ask(huh.NewInput().Title("School year, e.g. 2025-26:").Value(&year).Validate(yearValid))
	}
	if a.in.tooLong {
		return errAnswerTooLong
	}
	if _, err := workbook.ParseSchoolYear(strings.TrimSpace(year)); err != nil {
		year = "" // cut short before a valid year: leave it for later
	}
	s, err := a.store.Create(&workbook.Session{
		Team: strings.TrimSpace(team), District: strings.TrimSpace(district),
		SchoolYear: strings.TrimSpace(year), Template: *tmpl,
	})
	if err != nil {
		return err
	}
	a.sess = s
	if askErr != nil {
		return askErr
	}
	return a.roster()
}

// roster adds members until a blank name.
func (a *accessibleRun) roster() error {
	for {
		name := ""
		err := a.ask(huh.NewInput().Title("Name of a team member (blank when the roster is done):").Value(&name).Validate(limited(nil)))
		name = strings.TrimSpace(name)
		if name == "" {
			return err
		}
		m := workbook.Member{ID: workbook.NewID(), Name: name}
		if serr := a.save(func(s *workbook.Session) { s.Roster = append(s.Roster, m) }); serr != nil {
			return serr
		}
		if err != nil {
			return err
		}
		if roles := a.sess.Template.Roles; len(roles) > 0 {
			role := roles[0]
			opts := make([]huh.Option[string], len(roles))
			for i, r := range roles {
				opts[i] = huh.NewOption(workbook.CleanLine(r), r)
			}
			err = a.ask(huh.NewSelect[string]().Title("Role of " + workbook.CleanLine(name) + ":").Options(opts...).Value(&role))
			if serr := a.save(func(s *workbook.Session) { setMemberRole(s, m.ID, role) }); serr != nil {
				return serr
			}
			if err != nil {
				return err
			}
		}
	}
}

func setMemberRole(s *workbook.Session, id, role string) {
	for i := range s.Roster {
		if s.Roster[i].ID == id {
			s.Roster[i].Role = role
		}
	}
}

// assess walks every indicator: each member's rating, the consensus, evidence.
func (a *accessibleRun) assess() error {
	tmpl := &a.sess.Template
	levels := len(tmpl.Scale.Levels)
	total, n := len(tmpl.Indicators()), 0
	for _, d := range tmpl.Domains {
		for _, ind := range d.Indicators {
			n++
			fmt.Fprintf(a.out, "\nIndicator %d of %d.", n, total)
			fmt.Fprintln(a.out, indicatorText(tmpl, d, ind))
			ratingHelp := fmt.Sprintf("1-%d, 0 = %s", levels, workbook.CleanLine(tmpl.Scale.NotSure))
			for _, m := range a.sess.Roster {
				cur := a.sess.RatingOf(ind.ID).Members[m.ID]
				title := fmt.Sprintf("%s's rating (%s)", workbook.CleanLine(m.Name), ratingHelp)
				memberID := m.ID
				if err := a.rating(title, cur, levels, func(r *workbook.IndicatorRating, v workbook.Rating) {
					if r.Members == nil {
						r.Members = map[string]workbook.Rating{}
					}
					r.Members[memberID] = v
				}, ind.ID); err != nil {
					return err
				}
			}
			cur := a.sess.RatingOf(ind.ID).Consensus
			if err := a.rating("Team consensus ("+ratingHelp+")", cur, levels,
				func(r *workbook.IndicatorRating, v workbook.Rating) { r.Consensus = v }, ind.ID); err != nil {
				return err
			}
			id := ind.ID
			if err := a.text("Evidence, one line", a.sess.RatingOf(id).Evidence, nil,
				func(s *workbook.Session, v string) { s.Rating(id).Evidence = v }); err != nil {
				return err
			}
		}
	}
	return nil
}

// rating asks for one rating; blank keeps it.
func (a *accessibleRun) rating(title string, cur workbook.Rating, levels int, set func(*workbook.IndicatorRating, workbook.Rating), indicatorID string) error {
	v := ""
	now := ""
	if cur != workbook.Unrated {
		now = cur.String()
	}
	in := huh.NewInput().Title(title + keepHint(now)).Value(&v).Validate(func(s string) error {
		_, err := parseRating(s, levels)
		return err
	})
	err := a.ask(in)
	r, perr := parseRating(v, levels)
	if perr == nil && strings.TrimSpace(v) != "" && r != cur {
		if serr := a.save(func(s *workbook.Session) { set(s.Rating(indicatorID), r) }); serr != nil {
			return serr
		}
	}
	return err
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
	fmt.Fprintf(&b, "\n%s: %s\n%s\n", workbook.CleanLine(d.Title), workbook.CleanLine(ind.Title), workbook.CleanLine(ind.Statement))
	for i, lv := range ind.Levels {
		fmt.Fprintf(&b, "Level %d, %s: %s\n", i+1, workbook.CleanLine(t.LevelLabel(workbook.Rating(i+1))), workbook.CleanLine(lv))
	}
	if ind.EquityPause != "" {
		fmt.Fprintf(&b, "Equity pause: %s\n", workbook.CleanLine(ind.EquityPause))
	}
	return b.String()
}

// problem asks the problem of practice in the template's words: the focus
// indicators, the phase, the problem as one question, then every problem
// question of the template in its order.
func (a *accessibleRun) problem() error {
	s := a.sess
	pr := &s.Template.Prompts
	focus := append([]string(nil), s.Problem.FocusIndicators...)
	err := a.ask(huh.NewMultiSelect[string]().
		Title(workbook.CleanLine(pr.Focus.Text) + " (gaps first) Type a number to mark or unmark it, 0 when done:").
		Options(focusOptions(s)...).Value(&focus))
	if !sameStrings(focus, a.sess.Problem.FocusIndicators) {
		if serr := a.save(func(s *workbook.Session) { s.Problem.FocusIndicators = focus }); serr != nil {
			return serr
		}
	}
	if err != nil {
		return err
	}

	phase := s.Problem.Phase
	phaseOpts := []huh.Option[string]{}
	if phase == "" {
		phaseOpts = append(phaseOpts, huh.NewOption("not chosen yet", ""))
	}
	for _, p := range workbook.Phases {
		phaseOpts = append(phaseOpts, huh.NewOption(p, p))
	}
	err = a.ask(huh.NewSelect[string]().Title(workbook.CleanLine(pr.Phase.Text) + ":").Options(phaseOpts...).Value(&phase))
	if phase != a.sess.Problem.Phase {
		if serr := a.save(func(s *workbook.Session) { s.Problem.Phase = phase }); serr != nil {
			return serr
		}
	}
	if err != nil {
		return err
	}
	if err := a.text(workbook.CleanLine(pr.Problem.Text), a.sess.Problem.Question, validateProblemQuestion,
		func(s *workbook.Session, v string) { s.Problem.Question = v }); err != nil {
		return err
	}
	return a.questions(workbook.PartProblemQuestions)
}

// questions asks every question of one part of the template, in its order,
// each by its kind; each answer is saved as it is given.
func (a *accessibleRun) questions(part workbook.QuestionPart) error {
	t := &a.sess.Template
	for _, q := range t.Questions.In(part) {
		if err := a.question(t, q); err != nil {
			return err
		}
	}
	return nil
}

// question asks one question by its kind.
func (a *accessibleRun) question(t *workbook.Template, q workbook.Question) error {
	title := questionTitle(q)
	id := q.ID
	switch q.Kind {
	case workbook.KindChoice:
		cur := ""
		if c := a.sess.Answer(id).Choices; len(c) > 0 {
			cur = c[0]
		}
		v := cur
		opts := []huh.Option[string]{huh.NewOption("not answered yet", "")}
		for _, o := range q.Options {
			opts = append(opts, huh.NewOption(optionLabel(o), o.ID))
		}
		err := a.ask(huh.NewSelect[string]().Title(title + ":").Options(withCurrent(opts, cur)...).Value(&v))
		if v != cur {
			var choices []string
			if v != "" {
				choices = []string{v}
			}
			if serr := a.save(func(s *workbook.Session) { s.SetAnswer(id, workbook.Answer{Choices: choices}) }); serr != nil {
				return serr
			}
		}
		return err
	case workbook.KindChoices, workbook.KindStudentGroups:
		var opts []huh.Option[string]
		if q.Kind == workbook.KindStudentGroups {
			for _, g := range t.StudentGroups {
				opts = append(opts, huh.NewOption(workbook.CleanLine(g), g))
			}
		} else {
			for _, o := range q.Options {
				opts = append(opts, huh.NewOption(optionLabel(o), o.ID))
			}
		}
		cur := a.sess.Answer(id).Choices
		for _, c := range cur {
			opts = withCurrent(opts, c)
		}
		if len(opts) == 0 {
			return nil
		}
		chosen := append([]string(nil), cur...)
		err := a.ask(huh.NewMultiSelect[string]().
			Title(title + " Type a number to mark or unmark it, 0 when done:").
			Options(opts...).Value(&chosen))
		if !sameStrings(chosen, cur) {
			if serr := a.save(func(s *workbook.Session) { s.SetAnswer(id, workbook.Answer{Choices: chosen}) }); serr != nil {
				return serr
			}
		}
		return err
	}
	if q.Kind == workbook.KindDate {
		title += ", YYYY-MM-DD"
	}
	return a.text(title, a.sess.Answer(id).Text, answerValidator(q),
		func(s *workbook.Session, v string) { s.SetAnswer(id, workbook.Answer{Text: v}) })
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

// plan asks for the aim and its date, then action steps one by one.
func (a *accessibleRun) plan() error {
	if err := a.text(workbook.CleanLine(a.sess.Template.Prompts.Aim.Text), a.sess.Plan.Aim, nil,
		func(s *workbook.Session, v string) { s.Plan.Aim = v }); err != nil {
		return err
	}
	if err := a.text("Date to reach the aim, YYYY-MM-DD", a.sess.Plan.AimDate, validateDate,
		func(s *workbook.Session, v string) { s.Plan.AimDate = v }); err != nil {
		return err
	}
	if err := a.questions(workbook.PartPlanQuestions); err != nil {
		return err
	}
	if n := len(a.sess.Plan.Actions); n > 0 {
		fmt.Fprintf(a.out, "The plan has %d action steps.\n", n)
	}
	for {
		more := false
		if err := a.ask(huh.NewConfirm().Title("Add an action step?").Value(&more)); err != nil || !more {
			return err
		}
		if err := a.actionStep(); err != nil {
			return err
		}
	}
}

// actionStep adds one step: it is stored once it has a "what", then each
// further answer is saved as it is given.
func (a *accessibleRun) actionStep() error {
	step := workbook.ActionStep{ID: workbook.NewID(), Status: workbook.StatusNotStarted}
	what := ""
	err := a.ask(huh.NewInput().Title("What will be done? (blank to cancel):").Value(&what).Validate(limited(nil)))
	if step.What = strings.TrimSpace(what); step.What == "" {
		return err
	}
	if serr := a.save(func(s *workbook.Session) { s.Plan.Actions = append(s.Plan.Actions, step) }); serr != nil {
		return serr
	}
	if err != nil {
		return err
	}
	set := func(change func(st *workbook.ActionStep)) error {
		return a.save(func(s *workbook.Session) {
			for i := range s.Plan.Actions {
				if s.Plan.Actions[i].ID == step.ID {
					change(&s.Plan.Actions[i])
				}
			}
		})
	}
	if len(a.sess.Roster) > 0 {
		owner := ""
		opts := []huh.Option[string]{huh.NewOption("nobody yet", "")}
		for _, m := range a.sess.Roster {
			opts = append(opts, huh.NewOption(workbook.CleanLine(m.Name), m.ID))
		}
		err := a.ask(huh.NewSelect[string]().Title("Who owns it?").Options(opts...).Value(&owner))
		if owner != "" {
			if serr := set(func(st *workbook.ActionStep) { st.Owner = owner }); serr != nil {
				return serr
			}
		}
		if err != nil {
			return err
		}
	}
	due := ""
	err = a.ask(huh.NewInput().Title("Due date, YYYY-MM-DD (blank to skip):").Value(&due).Validate(func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return validateDate(strings.TrimSpace(s))
	}))
	if due = strings.TrimSpace(due); due != "" && validateDate(due) == nil {
		if serr := set(func(st *workbook.ActionStep) { st.Due = due }); serr != nil {
			return serr
		}
	}
	if err != nil {
		return err
	}
	measure := ""
	err = a.ask(huh.NewInput().Title("How will you measure progress? (blank to skip):").Value(&measure).Validate(limited(nil)))
	if measure = strings.TrimSpace(measure); measure != "" {
		if serr := set(func(st *workbook.ActionStep) { st.Measure = measure }); serr != nil {
			return serr
		}
	}
	return err
}
