package tui

import (
	"fmt"
	"strings"

	"edtech-workbook/workbook"
)

// Comment threads as the screens show them: under the part they are about,
// in compact notes above a form, and in the dialog. Each comment names its
// author and side ("Rosa (coach)"), never a bare "Coach".

// latestComment is the newest comment not deleted, on any part (ok false
// when none).
func latestComment(s *workbook.Session) (workbook.Comment, bool) {
	var best workbook.Comment
	found := false
	for _, c := range s.Comments {
		if c.IsDeleted() {
			continue
		}
		if !found || !c.Created.Before(best.Created) {
			best, found = c, true
		}
	}
	return best, found
}

// liveComments counts the comments not deleted.
func liveComments(s *workbook.Session) int {
	n := 0
	for _, c := range s.Comments {
		if !c.IsDeleted() {
			n++
		}
	}
	return n
}

// commentText is one comment on one line: "Rosa (coach): text — 2026-03-02".
func commentText(c workbook.Comment) string {
	if c.IsDeleted() {
		return c.Label() + ": (deleted)"
	}
	text, _ := previewLine(c.Text, previewChars)
	by := ""
	if !c.Created.IsZero() {
		by = " — " + c.Created.Local().Format("2006-01-02")
	}
	if !c.Edited.IsZero() {
		by += " (edited)"
	}
	return c.Label() + ": " + text + by
}

// threadLines is a thread as text lines: the first comment, its replies
// marked "↳", and "(resolved)" after the first when it is.
func threadLines(t workbook.Thread) []string {
	first := commentText(t.Root)
	if t.Root.Resolved {
		first += " (resolved)"
	}
	lines := []string{first}
	for _, r := range t.Replies {
		lines = append(lines, "↳ "+commentText(r))
	}
	return lines
}

// renderThreads draws threads wrapped to w cells in at most maxLines lines,
// newest last; when they do not fit, the oldest are summarised.
func renderThreads(st *Styles, threads []workbook.Thread, w, maxLines int) []string {
	if len(threads) == 0 || maxLines <= 0 || w <= 0 {
		return nil
	}
	var blocks [][]string
	for _, t := range threads {
		if !t.Live() {
			continue
		}
		var b []string
		for i, l := range threadLines(t) {
			indent := 0
			if i > 0 {
				indent = 2
			}
			for _, wl := range strings.Split(hangingWrap(l, w-indent, 2), "\n") {
				b = append(b, strings.Repeat(" ", indent)+wl)
			}
		}
		blocks = append(blocks, b)
	}
	// Keep the newest threads that fit, leaving a line for "… N earlier".
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
	if n := len(blocks) - kept; n > 0 && len(out) < maxLines {
		out = append([]string{st.Muted.Render(truncate(fmt.Sprintf("… %d earlier thread%s (C shows them)", n, pluralS(n)), w))}, out...)
	}
	return clampLinesSlice(out, maxLines)
}

// commentLines renders the open session's threads on part: what a screen
// calls to show the comments under the part they are about.
func commentLines(c *Common, part workbook.PartRef, w, maxLines int) []string {
	if c.Session == nil {
		return nil
	}
	return renderThreads(c.Styles, workbook.ThreadsOn(c.Session, part), w, maxLines)
}

// partNotes renders the open threads on one part compactly ("Rosa (coach):
// …", a reply "↳ Dana (team): …"), at most maxLines lines; "" when there
// are none. It is the form the problem and plan screens show above their
// forms; commentLines is the dated form the self-assessment shows.
func partNotes(c *Common, part workbook.PartRef, width, maxLines int) string {
	if c.Session == nil || maxLines <= 0 || width <= 0 {
		return ""
	}
	var lines []string
	for _, t := range workbook.ThreadsOn(c.Session, part) {
		if !t.Open() || !t.Live() {
			continue
		}
		for i, cm := range t.Comments() {
			if cm.IsDeleted() {
				continue
			}
			text, _ := previewLine(cm.Text, previewChars)
			line := cm.Label() + ": " + text
			if i > 0 {
				line = "↳ " + line
			}
			for _, l := range strings.Split(wrap(line, max(width, 1)), "\n") {
				lines = append(lines, truncate(l, width))
			}
		}
	}
	if len(lines) == 0 {
		return ""
	}
	if len(lines) > maxLines {
		lines = append(lines[:maxLines-1], truncate("… the rest: press C", width))
	}
	return c.Styles.Warning.Render(strings.Join(lines, "\n"))
}

// hasOpenThread reports whether part has an open thread with something to read.
func hasOpenThread(s *workbook.Session, part workbook.PartRef) bool {
	for _, t := range workbook.ThreadsOn(s, part) {
		if t.Open() && t.Live() {
			return true
		}
	}
	return false
}
