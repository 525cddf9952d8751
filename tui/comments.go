package tui

import (
	"fmt"
	"sort"
	"strings"

	"edtech-workbook/workbook"
)

// Comments as the screens show them: under the part they are about, in
// compact notes above a form, and in the dialog.

// commentsFor returns the comments on part, oldest first.
func commentsFor(s *workbook.Session, part commentPart) []workbook.Comment {
	if s == nil {
		return nil
	}
	stored := part.stored()
	var out []workbook.Comment
	for _, c := range s.Comments {
		if c.Part == stored {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out
}

// latestComment is the newest comment on any part (ok false when none).
func latestComment(s *workbook.Session) (workbook.Comment, bool) {
	var best workbook.Comment
	found := false
	for _, c := range s.Comments {
		if !found || !c.Created.Before(best.Created) {
			best, found = c, true
		}
	}
	return best, found
}

// commentText is one comment on one line: "Coach: text — Author, 2026-03-02".
func commentText(c workbook.Comment) string {
	text, _ := previewLine(c.Text, previewChars)
	by := cleanLine(c.Author)
	if !c.Created.IsZero() {
		by += ", " + c.Created.Local().Format("2006-01-02")
	}
	return "Coach: " + text + " — " + by
}

// renderComments draws comments wrapped to w cells in at most maxLines
// lines, newest last; when they do not fit, the oldest are summarised.
func renderComments(st *Styles, comments []workbook.Comment, w, maxLines int) []string {
	if len(comments) == 0 || maxLines <= 0 || w <= 0 {
		return nil
	}
	var blocks [][]string
	for _, c := range comments {
		blocks = append(blocks, strings.Split(hangingWrap(commentText(c), w, 2), "\n"))
	}
	// Keep the newest comments that fit, leaving a line for "… N earlier".
	var out []string
	used, kept := 0, 0
	for i := len(blocks) - 1; i >= 0; i-- {
		room := maxLines - used
		if i > 0 && maxLines > 1 {
			room-- // the "earlier" line
		}
		b := blocks[i]
		if len(b) > room {
			if kept == 0 && room > 0 { // always show some of the newest
				b = b[:room]
				b[room-1] = truncate(b[room-1]+" …", w)
			} else {
				break
			}
		}
		out = append(append([]string{}, b...), out...)
		used += len(b)
		kept++
	}
	for i, l := range out {
		out[i] = st.Warning.Render(l)
	}
	if n := len(comments) - kept; n > 0 && len(out) < maxLines {
		out = append([]string{st.Muted.Render(truncate(fmt.Sprintf("… %d earlier comment%s (C adds one)", n, pluralS(n)), w))}, out...)
	}
	return clampLinesSlice(out, maxLines)
}

// commentLines renders the open session's comments on part: what a screen
// calls to show the team the coach's notes under the part they are about.
func commentLines(c *Common, part commentPart, w, maxLines int) []string {
	return renderComments(c.Styles, commentsFor(c.Session, part), w, maxLines)
}

// coachNotes renders the coach's comments on one part ("Coach Kim: …"), at
// most maxLines lines; "" when there are none. It is the compact form the
// problem and plan screens show above their forms; commentLines is the dated
// form (newest kept) the self-assessment and the dialog show.
func coachNotes(c *Common, comments []workbook.Comment, part commentPart, width, maxLines int) string {
	var lines []string
	stored := part.stored()
	for _, cm := range comments {
		if cm.Part != stored || strings.TrimSpace(cm.Text) == "" {
			continue
		}
		who := coachLabel(cm.Author)
		text, _ := previewLine(cm.Text, previewChars)
		for _, l := range strings.Split(wrap(who+": "+text, max(width, 1)), "\n") {
			lines = append(lines, truncate(l, width))
		}
	}
	if len(lines) == 0 || maxLines <= 0 || width <= 0 {
		return ""
	}
	if len(lines) > maxLines {
		lines = append(lines[:maxLines-1], truncate("… the rest is in the summary", width))
	}
	return c.Styles.Warning.Render(strings.Join(lines, "\n"))
}

// coachLabel is "Coach" or "Coach Kim": how compact notes name the author.
func coachLabel(author string) string {
	if a := cleanLine(author); a != "" {
		return "Coach " + a
	}
	return "Coach"
}

// partLabel names a stored comment's part for people ("indicator “Shared vision”").
func partLabel(s *workbook.Session, stored string) string {
	switch part := partOf(stored); part.kind {
	case partSession:
		return "the whole session"
	case partProblem:
		return "the problem of practice"
	case partPlan:
		return "the plan"
	case partIndicator:
		if in, _, ok := s.Template.Indicator(part.id); ok {
			return "indicator “" + cleanLine(in.Title) + "”"
		}
		return "indicator " + cleanLine(part.id)
	case partAction:
		for _, a := range s.Plan.Actions {
			if a.ID == part.id {
				return "action step “" + truncate(cleanLine(a.What), 40) + "”"
			}
		}
		return "an action step"
	}
	return cleanLine(stored)
}

// hasComment reports whether the session has a comment with text on part.
func hasComment(s *workbook.Session, part commentPart) bool {
	stored := part.stored()
	for _, c := range s.Comments {
		if c.Part == stored && strings.TrimSpace(c.Text) != "" {
			return true
		}
	}
	return false
}

// commentPart is the part of a session a comment is about. The store keeps
// it as one string (workbook.PartIndicator+id, …); inside tui it is typed,
// and stored spells it the store's way.
type commentPart struct {
	kind partKind
	id   string // the indicator (partIndicator) or action step (partAction)
}

// partKind is what kind of part a comment is about.
type partKind int

const (
	partNone partKind = iota // no part: nothing to comment on
	partSession
	partProblem
	partPlan
	partIndicator
	partAction
)

// stored is the part as the store keeps it in workbook.Comment.Part.
func (p commentPart) stored() string {
	switch p.kind {
	case partSession:
		return workbook.PartSession
	case partProblem:
		return workbook.PartProblem
	case partPlan:
		return workbook.PartPlan
	case partIndicator:
		return workbook.PartIndicator + p.id
	case partAction:
		return workbook.PartAction + p.id
	}
	return ""
}

// partOf reads a part the store kept; an unknown one has kind partNone.
func partOf(stored string) commentPart {
	switch {
	case stored == workbook.PartSession:
		return commentPart{kind: partSession}
	case stored == workbook.PartProblem:
		return commentPart{kind: partProblem}
	case stored == workbook.PartPlan:
		return commentPart{kind: partPlan}
	case strings.HasPrefix(stored, workbook.PartIndicator):
		return commentPart{kind: partIndicator, id: strings.TrimPrefix(stored, workbook.PartIndicator)}
	case strings.HasPrefix(stored, workbook.PartAction):
		return commentPart{kind: partAction, id: strings.TrimPrefix(stored, workbook.PartAction)}
	}
	return commentPart{}
}
