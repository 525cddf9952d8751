package tui

import (
	"fmt"
	"strings"

	"charm.land/huh/v2"

	"edtech-workbook/workbook"
)

// The year after the meeting, declared once for the app and the plain
// prompts (see fields.go): the check-in's notes and the measures' values
// recorded at it, a value recorded on its own, the values of a data-plan
// row, improvement cycles on an action step, and re-dating the steps
// still on last year's dates.

// validateMeasureValue accepts a value with a number in it ("42", "35%").
func validateMeasureValue(s string) error {
	if msg := workbook.CheckMeasureValue(s); msg != "" {
		return fmt.Errorf("%s", msg)
	}
	return nil
}

// childRows reaches the list children makes of the parent found by find;
// with no such parent it is a list nobody keeps (answers to it are dropped).
func childRows[P, T any](find func(*workbook.Session) *P, children func(*P) *[]T) func(*workbook.Session) *[]T {
	return func(s *workbook.Session) *[]T {
		if p := find(s); p != nil {
			return children(p)
		}
		return new([]T)
	}
}

// dropWhenBlank makes b remove the row of id when its answer is cleared (a
// value without its number, which is what makes it a value).
func dropWhenBlank[T any](b binding, rows func(*workbook.Session) *[]T, idOf func(*T) string, id string) binding {
	return binding{get: b.get, set: func(s *workbook.Session, v string) {
		if strings.TrimSpace(v) == "" {
			rs := rows(s)
			*rs = removeRow(*rs, func(r T) bool { return idOf(&r) == id })
			return
		}
		b.set(s, v)
	}}
}

// measureHelp says where a measure stands: "baseline 20% · target 80% ·
// last 35% on 2026-02-10".
func measureHelp(d workbook.DataRow) string {
	var parts []string
	if b := cleanLine(d.Baseline); b != "" {
		parts = append(parts, "baseline "+b)
	}
	if t := cleanLine(d.Target); t != "" {
		parts = append(parts, "target "+t)
	}
	if v, ok := d.LatestValue(); ok {
		parts = append(parts, "last "+cleanLine(v.Value)+" on "+cleanLine(v.Date))
	}
	return strings.Join(parts, " · ")
}

// --- check-ins ---------------------------------------------------------------

// checkInPages is one dated check-in (a new one carries today's date): what
// the team did, learned and will do next, notes, then a value of each
// measure of the data plan, recorded at this check-in (dated with it).
func checkInPages(s *workbook.Session, ci workbook.CheckIn) []pageDef {
	rows := func(s *workbook.Session) *[]workbook.CheckIn { return &s.CheckIns }
	idOf := func(c *workbook.CheckIn) string { return c.ID }
	bind := func(f func(*workbook.CheckIn) *string) binding { return rowBinding(rows, idOf, ci, f) }
	area := func(title, help string, f func(*workbook.CheckIn) *string) fieldDef {
		return fieldDef{kind: defArea, title: title, help: help, lines: 2, str: bind(f)}
	}
	date := bind(func(c *workbook.CheckIn) *string { return &c.Date })
	date.set = func(set func(*workbook.Session, string)) func(*workbook.Session, string) {
		return func(s *workbook.Session, v string) { // the values recorded at it move with it
			set(s, v)
			for i := range s.Plan.DataPlan {
				for j := range s.Plan.DataPlan[i].Values {
					if x := &s.Plan.DataPlan[i].Values[j]; x.CheckIn == ci.ID && v != "" {
						x.Date = v
					}
				}
			}
		}
	}(date.set)
	notes := area("Notes", "anything else to keep from this check-in", func(c *workbook.CheckIn) *string { return &c.Notes })
	notes.optional = true
	pages := []pageDef{{fields: []fieldDef{
		{kind: defLine, title: "Date", help: "YYYY-MM-DD", validate: validateDate, str: date},
		area("What did we do?", cleanLine(s.Template.Prompts.CheckIn.Text), func(c *workbook.CheckIn) *string { return &c.Did }),
		area("What did we learn?", "", func(c *workbook.CheckIn) *string { return &c.Learned }),
		area("What next?", "", func(c *workbook.CheckIn) *string { return &c.Next }),
		notes,
	}}}
	if len(s.Plan.DataPlan) == 0 {
		return pages
	}
	var fields []fieldDef
	for _, d := range s.Plan.DataPlan {
		fields = append(fields, checkInValueDefs(d, ci)...)
	}
	return append(pages, pageDef{title: "Measures at this check-in",
		intro: "A number for each measure, as of the check-in's date (blank: not measured this time).", fields: fields})
}

// checkInValueDefs are the value of measure d recorded at check-in ci, and
// its note. A value makes sure the check-in is kept (a new one is added by
// its first answer) and takes the check-in's date.
func checkInValueDefs(d workbook.DataRow, ci workbook.CheckIn) []fieldDef {
	at := func(s *workbook.Session) *workbook.MeasureValue {
		if r := findDataRow(s, d.ID); r != nil {
			for i := range r.Values {
				if r.Values[i].CheckIn == ci.ID {
					return &r.Values[i]
				}
			}
		}
		return nil
	}
	value := binding{
		get: func(s *workbook.Session) string {
			if v := at(s); v != nil {
				return v.Value
			}
			return ""
		},
		set: func(s *workbook.Session, v string) {
			r := findDataRow(s, d.ID)
			if r == nil {
				return
			}
			if strings.TrimSpace(v) == "" {
				r.Values = removeRow(r.Values, func(x workbook.MeasureValue) bool { return x.CheckIn == ci.ID })
				return
			}
			c := findCheckIn(s, ci.ID)
			if c == nil { // the check-in's first answer
				s.CheckIns = append(s.CheckIns, ci)
				c = &s.CheckIns[len(s.CheckIns)-1]
				r = findDataRow(s, d.ID)
			}
			if x := at(s); x != nil {
				x.Value, x.Date = v, c.Date
				return
			}
			r.Values = append(r.Values, workbook.MeasureValue{ID: workbook.NewID(), Date: c.Date, Value: v, CheckIn: ci.ID})
		},
	}
	note := binding{
		get: func(s *workbook.Session) string {
			if v := at(s); v != nil {
				return v.Note
			}
			return ""
		},
		set: func(s *workbook.Session, v string) {
			if x := at(s); x != nil {
				x.Note = v
			}
		},
	}
	title := cleanLine(d.Measure)
	if title == "" {
		title = "A measure without a name"
	}
	return []fieldDef{
		{kind: defLine, title: title, help: orText(measureHelp(d), "a number, e.g. 42 or 35%"), validate: validateMeasureValue,
			str: value, optional: true},
		{kind: defLine, title: "Note on this value", help: "kept with the value", str: note, optional: true},
	}
}

// --- values of a measure ------------------------------------------------------

// valuePages is one dated value of data-plan row d, recorded on its own (a
// new one carries today's date). Clearing the value removes it.
func valuePages(d workbook.DataRow, v workbook.MeasureValue) []pageDef {
	rows := childRows(func(s *workbook.Session) *workbook.DataRow { return findDataRow(s, d.ID) },
		func(r *workbook.DataRow) *[]workbook.MeasureValue { return &r.Values })
	idOf := func(x *workbook.MeasureValue) string { return x.ID }
	bind := func(f func(*workbook.MeasureValue) *string) binding { return rowBinding(rows, idOf, v, f) }
	return []pageDef{{title: "A value of " + workbook.Shorten(cleanLine(d.Measure), 60), intro: measureHelp(d), fields: valueFields(rows, idOf, v, bind)}}
}

// valueFields are a value's number, date and note: the number first (it
// is what makes the value).
func valueFields(rows func(*workbook.Session) *[]workbook.MeasureValue, idOf func(*workbook.MeasureValue) string,
	v workbook.MeasureValue, bind func(f func(*workbook.MeasureValue) *string) binding) []fieldDef {
	return []fieldDef{
		{kind: defLine, title: "Value", help: "a number, e.g. 42 or 35% (clear it to remove this value)", validate: validateMeasureValue,
			str: dropWhenBlank(bind(func(x *workbook.MeasureValue) *string { return &x.Value }), rows, idOf, v.ID)},
		{kind: defLine, title: "Date", help: "YYYY-MM-DD", validate: validateDate, optional: true,
			str: bind(func(x *workbook.MeasureValue) *string { return &x.Date })},
		{kind: defLine, title: "Note", optional: true, str: bind(func(x *workbook.MeasureValue) *string { return &x.Note })},
	}
}

// valuesPerPage keeps a page of a row's values at 9 fields.
const valuesPerPage = 3

// dataValuePages are the values a data-plan row already has, a few a page,
// oldest first, to correct or remove.
func dataValuePages(d workbook.DataRow) []pageDef {
	rows := childRows(func(s *workbook.Session) *workbook.DataRow { return findDataRow(s, d.ID) },
		func(r *workbook.DataRow) *[]workbook.MeasureValue { return &r.Values })
	idOf := func(x *workbook.MeasureValue) string { return x.ID }
	values := d.SortedValues()
	var pages []pageDef
	for i := 0; i < len(values); i += valuesPerPage {
		var fields []fieldDef
		for _, v := range values[i:min(i+valuesPerPage, len(values))] {
			bind := func(f func(*workbook.MeasureValue) *string) binding { return rowBinding(rows, idOf, v, f) }
			fs := valueFields(rows, idOf, v, bind)
			fs[0].title = "Value of " + cleanLine(v.Date)
			fields = append(fields, fs...)
		}
		pages = append(pages, pageDef{title: fmt.Sprintf("Values %d to %d of %d", i+1, min(i+valuesPerPage, len(values)), len(values)),
			fields: fields})
	}
	return pages
}

// --- improvement cycles -------------------------------------------------------

// cyclePages is one improvement cycle of action step stepID (a new one
// carries today's date): plan (the change and the prediction), do and
// study (what happened), act (adopt, adapt or abandon), and the check-in it
// was studied at.
func cyclePages(s *workbook.Session, stepID string, cy workbook.Cycle, title string) []pageDef {
	rows := childRows(func(s *workbook.Session) *workbook.ActionStep { return findAction(s, stepID) },
		func(a *workbook.ActionStep) *[]workbook.Cycle { return &a.Cycles })
	idOf := func(c *workbook.Cycle) string { return c.ID }
	bind := func(f func(*workbook.Cycle) *string) binding { return rowBinding(rows, idOf, cy, f) }
	acts := []huh.Option[string]{huh.NewOption("still running", "")}
	for _, a := range workbook.CycleActs {
		acts = append(acts, huh.NewOption(a, a))
	}
	checkIns := []huh.Option[string]{huh.NewOption("none", "")}
	for _, c := range s.CheckIns {
		checkIns = append(checkIns, huh.NewOption("the check-in of "+cleanLine(c.Date), c.ID))
	}
	area := func(title, help string, f func(*workbook.Cycle) *string) fieldDef {
		return fieldDef{kind: defArea, title: title, help: help, lines: 2, str: bind(f)}
	}
	return []pageDef{{title: title, fields: []fieldDef{
		area("Plan: what change will we try?", "one small change, on a small scale", func(c *workbook.Cycle) *string { return &c.Change }),
		area("Plan: what do we predict will happen?", "", func(c *workbook.Cycle) *string { return &c.Prediction }),
		{kind: defLine, title: "Started", help: "YYYY-MM-DD", validate: validateDate, optional: true,
			str: bind(func(c *workbook.Cycle) *string { return &c.Date })},
		{kind: defArea, title: "Do and study: what happened, beside the prediction?", lines: 2, optional: true,
			str: bind(func(c *workbook.Cycle) *string { return &c.Happened })},
		{kind: defChoice, title: "Act: adopt, adapt or abandon the change?", hint: "← → to choose", inline: true, options: acts, optional: true,
			str: bind(func(c *workbook.Cycle) *string { return &c.Act })},
		{kind: defChoice, title: "Studied at", hint: "← → to choose", inline: true, options: checkIns, optional: true,
			str: bind(func(c *workbook.Cycle) *string { return &c.CheckIn })},
	}}}
}

// stepCyclePages are the cycles a step already has, one a page.
func stepCyclePages(s *workbook.Session, a workbook.ActionStep) []pageDef {
	var pages []pageDef
	for i, cy := range a.Cycles {
		pages = append(pages, cyclePages(s, a.ID, cy, fmt.Sprintf("Improvement cycle %d of %d", i+1, len(a.Cycles)))...)
	}
	return pages
}

// --- re-dating ----------------------------------------------------------------

// redatePages list the open steps carried from last year that are still
// on last year's dates, each with its date to change (the old one shown).
func redatePages(s *workbook.Session) []pageDef {
	stale := workbook.StaleDates(s)
	if len(stale) == 0 {
		return nil
	}
	start, _ := workbook.SchoolYearStart(s.SchoolYear)
	var fields []fieldDef
	for _, a := range stale {
		fields = append(fields, fieldDef{kind: defLine, title: workbook.Shorten(cleanLine(a.What), 70),
			help:     "was due " + cleanLine(a.Due) + ", last school year; a new date, YYYY-MM-DD",
			validate: validateDate,
			str:      strAt(func(s *workbook.Session) *string { return &findActionOrNew(s, a.ID).Due }),
			done:     func(s *workbook.Session) bool { st := findAction(s, a.ID); return st == nil || st.Due >= start }})
	}
	return []pageDef{{title: "Steps still on last year's dates",
		intro:  fmt.Sprintf("These open steps came from last year with their old due dates (before %s). Give each a date in this school year.", start),
		fields: fields}}
}

// findActionOrNew is the step with id, or a step nobody keeps when it is
// gone (an answer to it is dropped).
func findActionOrNew(s *workbook.Session, id string) *workbook.ActionStep {
	if a := findAction(s, id); a != nil {
		return a
	}
	return &workbook.ActionStep{}
}
