package tui

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// The tool inventory's facts on the self-assessment: an indicator whose
// template names an evidence source (evidence_from) shows the inventory's
// facts under its text, and I copies them into the evidence notes, dated.

// inventoryFacts are the facts of source, or nil while the inventory loads.
func inventoryFacts(c *Common, source string) []string {
	inv := c.inv.inv()
	if inv == nil {
		return nil
	}
	return workbook.InventoryEvidence(source, inv, c.toolDay())
}

// inventoryFactsText is what the indicator shows of them.
func inventoryFactsText(c *Common, source string, w int) string {
	st := c.Styles
	d := c.inv
	switch {
	case !d.ready() && d.fullErr != nil:
		return st.Muted.Render(truncate("From the tool inventory: it could not be read (see the status line).", w))
	case !d.ready():
		return st.Muted.Render(truncate("From the tool inventory: loading…", w))
	case len(d.inv().Tools) == 0:
		return st.Muted.Render(truncate("From the tool inventory: no tools yet (i on Home opens it).", w))
	}
	lines := []string{st.Heading.Render(truncate("From the tool inventory", w)) + st.Muted.Render(truncate(" (I copies it into the evidence notes)", max(w-23, 0)))}
	for _, f := range inventoryFacts(c, source) {
		lines = append(lines, st.Muted.Render(hangingWrap("  · "+f, w, 4)))
	}
	return strings.Join(lines, "\n")
}

// copyFacts adds the indicator's inventory facts to its evidence notes.
func (a *assessScreen) copyFacts() tea.Cmd {
	in := a.items[a.idx].ind
	if in.EvidenceFrom == "" {
		a.c.SetStatus("this indicator takes no facts from the tool inventory")
		return nil
	}
	facts := inventoryFacts(a.c, in.EvidenceFrom)
	if len(facts) == 0 {
		a.c.SetError(errors.New("the tool inventory has no facts for this indicator yet; add tools first (i on Home)"))
		return nil
	}
	next, already, err := withFacts(a.rating(a.idx).Evidence, facts, a.c.toolDay())
	switch {
	case err != nil:
		a.c.SetError(err)
		return nil
	case already:
		a.c.SetStatus("these inventory facts are already in the evidence notes")
		return nil
	}
	id := in.ID
	cmd := a.c.Edit(func(s *workbook.Session) { s.Rating(id).Evidence = next })
	a.changed(a.idx)
	a.c.SetStatus(fmt.Sprintf("copied %s from the tool inventory into the evidence notes", workbook.CountOf(len(facts), "fact")))
	return cmd
}

// withFacts is the evidence notes cur with the inventory's facts added
// under a dated heading; already when cur holds them; an error when the
// notes would be over a field's limit. The app (I) and the plain prompts
// both copy facts through it.
func withFacts(cur string, facts []string, today inventory.Date) (next string, already bool, err error) {
	notes := workbook.EvidenceNotes(facts, today)
	if strings.Contains(cur, notes) {
		return cur, true, nil
	}
	next = notes
	if strings.TrimSpace(cur) != "" {
		next = strings.TrimRight(cur, "\n") + "\n\n" + notes
	}
	if n := utf8.RuneCountInString(next); n > fieldLimit {
		return cur, false, fmt.Errorf("the evidence notes would be %s characters, over the %s a field holds; shorten them first", thousands(n), thousands(fieldLimit))
	}
	return next, false, nil
}
