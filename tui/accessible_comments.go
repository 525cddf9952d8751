package tui

import (
	"fmt"
	"time"

	"edtech-workbook/workbook"
)

// The comment threads in the plain prompts: the menu's "Comments" lists the
// session's threads; one is read in full, and what may be done to it comes
// from the same rule the app's dialog uses (workbook.ThreadActions): reply,
// resolve or reopen, and edit or delete one's own comments. A new thread is
// started on any part, chosen by kind and then by item.

// menuComments is the menu entry of the comments.
const menuComments = "Comments"

// clock is now for a comment's time (the zero time without a clock).
func (a *accessibleRun) clock() time.Time {
	if a.now == nil {
		return time.Time{}
	}
	return a.now().UTC().Truncate(time.Second)
}

// commenter is who writes in this run (asked once): the team, or the
// coach in a review (accessible_review.go).
func (a *accessibleRun) commenter() (workbook.Commenter, error) {
	for a.author == "" {
		v, err := a.ask("Your name, for your comments:", withinLimit)
		if err != nil {
			return workbook.Commenter{}, err
		}
		if v == "" {
			a.say("A comment needs its author's name; type yours.")
		}
		a.author = workbook.CleanLine(v)
	}
	role := workbook.RoleTeam
	if a.coach {
		role = workbook.RoleCoach
	}
	return workbook.Commenter{Name: a.author, Role: role}, nil
}

// liveThreads are the session's threads with something left to read.
func (a *accessibleRun) liveThreads() []workbook.Thread {
	var out []workbook.Thread
	for _, t := range workbook.Threads(a.sess) {
		if t.Live() {
			out = append(out, t)
		}
	}
	return out
}

// comments lists the threads and opens one, or starts one, until back.
func (a *accessibleRun) comments() error {
	for {
		threads := a.liveThreads()
		a.say("")
		if len(threads) == 0 {
			a.say("No comments yet.")
		}
		labels := []string{"Start a new thread"}
		for _, t := range threads {
			labels = append(labels, a.threadLabel(t))
		}
		labels = append(labels, "Back to the menu")
		i, err := a.choose("Comments:", labels, len(labels)-1)
		if err != nil {
			return err
		}
		switch {
		case i == 0:
			err = a.newThread()
		case i == len(labels)-1:
			return nil
		default:
			err = a.thread(threads[i-1].Root.ID)
		}
		if err != nil {
			return err
		}
	}
}

// threadLabel is a thread in one line: its part, state, first comment and
// replies.
func (a *accessibleRun) threadLabel(t workbook.Thread) string {
	state := "open"
	if !t.Open() {
		state = "resolved"
	}
	n := 0
	for _, r := range t.Replies {
		if !r.IsDeleted() {
			n++
		}
	}
	replies := ""
	if n > 0 {
		replies = ", " + workbook.CountOf(n, "reply")
	}
	return fmt.Sprintf("On %s (%s%s): %s", workbook.PartTitle(a.sess, t.Root.Part), state, replies, plainComment(t.Root))
}

// plainComment is a comment in words: "Rosa (coach), 2026-03-01: text".
func plainComment(c workbook.Comment) string {
	by := c.Label()
	if !c.Created.IsZero() {
		by += ", " + c.Created.UTC().Format("2006-01-02")
	}
	if !c.Edited.IsZero() && !c.IsDeleted() {
		by += " (edited)"
	}
	if c.IsDeleted() {
		return by + ": (deleted)"
	}
	text, _ := previewLine(c.Text, previewChars)
	return by + ": " + text
}

// thread reads one thread and acts on it until back.
func (a *accessibleRun) thread(rootID string) error {
	for {
		var t workbook.Thread
		found := false
		for _, x := range workbook.Threads(a.sess) {
			if x.Root.ID == rootID {
				t, found = x, true
			}
		}
		if !found {
			a.say("That thread is no longer in the session.")
			return nil
		}
		a.say("")
		a.say(fmt.Sprintf("Thread on %s, %s:", workbook.PartTitle(a.sess, t.Root.Part), map[bool]string{true: "open", false: "resolved"}[t.Open()]))
		comments := t.Comments()
		for i, c := range comments {
			a.say(fmt.Sprintf("  %d. %s", i+1, plainComment(c)))
		}
		by, err := a.commenter()
		if err != nil {
			return err
		}
		type action struct {
			label string
			do    func() error
		}
		var acts []action
		for _, act := range workbook.ThreadActions(a.sess, t.Root.ID, by) {
			switch act {
			case workbook.ActReply:
				acts = append(acts, action{"Reply", func() error { return a.reply(t.Root.ID, by) }})
			case workbook.ActResolve:
				acts = append(acts, action{"Resolve the thread", func() error { return a.resolve(t.Root.ID, by, true) }})
			case workbook.ActReopen:
				acts = append(acts, action{"Reopen the thread", func() error { return a.resolve(t.Root.ID, by, false) }})
			}
		}
		for i, c := range comments {
			id, n := c.ID, i+1
			for _, act := range workbook.ThreadActions(a.sess, id, by) {
				switch act {
				case workbook.ActEdit:
					acts = append(acts, action{fmt.Sprintf("Edit your comment %d", n), func() error { return a.editComment(id, by) }})
				case workbook.ActDelete:
					acts = append(acts, action{fmt.Sprintf("Delete your comment %d", n), func() error { return a.deleteComment(id, by) }})
				}
			}
		}
		labels := make([]string, 0, len(acts)+1)
		for _, x := range acts {
			labels = append(labels, x.label)
		}
		labels = append(labels, "Back to the comments")
		i, err := a.choose("What next?", labels, len(labels)-1)
		if err != nil || i == len(labels)-1 {
			return err
		}
		if err := acts[i].do(); err != nil {
			return err
		}
	}
}

// commentText asks the text of a comment; blank cancels (ok false).
func (a *accessibleRun) commentText(prompt string) (string, bool, error) {
	v, err := a.ask(prompt+" (blank: cancel):", withinLimit)
	if err != nil || v == "" {
		return "", false, err
	}
	return v, true, nil
}

func (a *accessibleRun) reply(rootID string, by workbook.Commenter) error {
	text, ok, err := a.commentText("Your reply")
	if err != nil || !ok {
		return err
	}
	r, err := workbook.NewReply(a.sess, rootID, by, text, a.clock())
	if err != nil {
		a.say("Not saved: " + cleanLine(err.Error()) + ".")
		return nil
	}
	return a.commentSaved("Reply saved.", a.save(func(s *workbook.Session) { s.Comments = append(s.Comments, r) }))
}

func (a *accessibleRun) resolve(id string, by workbook.Commenter, resolved bool) error {
	now := a.clock()
	done := "Thread resolved."
	if !resolved {
		done = "Thread reopened."
	}
	return a.commentSaved(done, a.save(func(s *workbook.Session) { _ = workbook.ResolveThread(s, id, by, resolved, now) }))
}

func (a *accessibleRun) editComment(id string, by workbook.Commenter) error {
	text, ok, err := a.commentText("The new text of your comment")
	if err != nil || !ok {
		return err
	}
	now := a.clock()
	if err := workbook.EditComment(a.sess.Clone(), id, by, text, now); err != nil {
		a.say("Not saved: " + cleanLine(err.Error()) + ".")
		return nil
	}
	return a.commentSaved("Comment changed.", a.save(func(s *workbook.Session) { _ = workbook.EditComment(s, id, by, text, now) }))
}

func (a *accessibleRun) deleteComment(id string, by workbook.Commenter) error {
	yes, err := a.yesNo("Delete your comment? Its place stays, marked deleted.", false)
	if err != nil || !yes {
		return err
	}
	now := a.clock()
	return a.commentSaved("Comment deleted.", a.save(func(s *workbook.Session) { _ = workbook.DeleteComment(s, id, by, now) }))
}

// commentSaved says done when the save went through.
func (a *accessibleRun) commentSaved(done string, err error) error {
	if err == nil {
		a.say(done)
	}
	return err
}

// partChoice is a part a new thread can be on.
type partChoice struct {
	label string
	part  workbook.PartRef
}

// commentParts lists the parts of the session by kind, in workbook order.
func (a *accessibleRun) commentParts() []struct {
	kind  string
	parts []partChoice
} {
	s := a.sess
	one := func(kind workbook.PartKind) []partChoice {
		p := workbook.Part(kind, "")
		return []partChoice{{workbook.PartTitle(s, p), p}}
	}
	var domains, indicators, questions, actions, measures []partChoice
	for _, d := range s.Template.Domains {
		p := workbook.Part(workbook.PartDomain, d.ID)
		domains = append(domains, partChoice{workbook.PartTitle(s, p), p})
		for _, in := range d.Indicators {
			ip := workbook.IndicatorPart(in.ID)
			indicators = append(indicators, partChoice{workbook.PartTitle(s, ip), ip})
		}
	}
	for _, qp := range workbook.QuestionParts() {
		for _, q := range s.Template.Questions.In(qp) {
			p := workbook.Part(workbook.PartQuestion, q.ID)
			questions = append(questions, partChoice{workbook.PartTitle(s, p), p})
		}
	}
	for _, x := range s.Plan.Actions {
		p := workbook.ActionPart(x.ID)
		actions = append(actions, partChoice{workbook.PartTitle(s, p), p})
	}
	for _, x := range s.Plan.DataPlan {
		p := workbook.Part(workbook.PartMeasure, x.ID)
		measures = append(measures, partChoice{workbook.PartTitle(s, p), p})
	}
	all := []struct {
		kind  string
		parts []partChoice
	}{
		{"The whole session", one(workbook.PartSession)}, {"A domain", domains}, {"An indicator", indicators},
		{"The problem of practice", one(workbook.PartProblem)}, {"A question", questions}, {"The plan", one(workbook.PartPlan)},
		{"An action step", actions}, {"A measure of the data plan", measures},
	}
	out := all[:0]
	for _, k := range all {
		if len(k.parts) > 0 {
			out = append(out, k)
		}
	}
	return out
}

// newThread asks what the thread is about (kind, then item) and its text.
func (a *accessibleRun) newThread() error {
	kinds := a.commentParts()
	labels := make([]string, len(kinds))
	for i, k := range kinds {
		labels[i] = k.kind
	}
	i, err := a.choose("What is the comment about?", labels, 0)
	if err != nil {
		return err
	}
	part := kinds[i].parts[0]
	if len(kinds[i].parts) > 1 {
		names := make([]string, len(kinds[i].parts))
		for j, p := range kinds[i].parts {
			names[j] = p.label
		}
		j, err := a.choose("Which one?", names, 0)
		if err != nil {
			return err
		}
		part = kinds[i].parts[j]
	}
	by, err := a.commenter()
	if err != nil {
		return err
	}
	text, ok, err := a.commentText("Your comment on " + part.label)
	if err != nil || !ok {
		return err
	}
	c, err := workbook.NewComment(part.part, by, text, a.clock())
	if err != nil {
		a.say("Not saved: " + cleanLine(err.Error()) + ".")
		return nil
	}
	return a.commentSaved("Comment saved on "+part.label+".", a.save(func(s *workbook.Session) { s.Comments = append(s.Comments, c) }))
}
