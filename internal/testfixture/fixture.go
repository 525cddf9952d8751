// Package testfixture holds the sessions the tests of several packages
// share: the built-in demo, the demo as if carried from last year, and the
// demo with hostile text in every field. Only tests import it.
package testfixture

import (
	"reflect"
	"testing"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// Demo is the built-in demo session.
func Demo(t testing.TB) *workbook.Session {
	t.Helper()
	s, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Carried is the demo as if carried from last year: a baseline for
// most indicators, two carried action steps, finished and retired items.
func Carried(t testing.TB) *workbook.Session {
	t.Helper()
	s := Demo(t)
	s.ID = "carried0000000001"
	s.SchoolYear = "2026-27"
	base := map[string]workbook.Rating{}
	for i, in := range s.Template.Indicators() {
		if i%5 == 4 {
			continue // no rating last year
		}
		base[in.ID] = workbook.Rating(1 + i%3)
	}
	s.Previous = &workbook.PreviousYear{
		SessionID: "lastyear000000001", SchoolYear: "2025-26", TemplateRef: s.Template.Ref(),
		Baseline: base,
		Retired:  []string{"A retired indicator about paper forms"},
		Finished: []string{"Post the shared definition of accessibility (done 2025-10-17)"},
	}
	for i := range s.Plan.Actions {
		if i < 2 {
			s.Plan.Actions[i].CarriedFrom = "prev-" + s.Plan.Actions[i].ID
		}
	}
	return s
}

// HostilePayloads start with every formula starter and Markdown breaker, and
// each holds HTML, a script, pipes, newlines and terminal escapes.
var HostilePayloads = []string{
	"=cmd|' /C calc'!A1 <script>alert(1)</script> | a\nb",
	"+1+1 \x1b[31mred\x1b[0m <img src=x onerror=alert(1)> | c",
	"-2 # heading?\n# real heading\n<script>x</script>",
	"@SUM(A1) ``` fence\n```\n| a | b |\n|---|---|",
	"\t=tab <b>bold</b> \\ back \\| pipe \x1b]8;;http://evil\x07link\x1b]8;;\x07",
	"<script>alert('x')</script>\r\n- list\n1. ordered\n> quote\n    code",
	"# Title *em* _u_ [l](javascript:alert(1)) &amp; &lt;script&gt; ~s~",
	"| pipe start\n---\n===",
}

// Hostile is the demo with every text field replaced by a hostile
// payload. Ids, and the fields that refer to ids, are left alone so the
// exports still find ratings, owners and comment targets.
func Hostile(t testing.TB) *workbook.Session {
	t.Helper()
	s := Carried(t)
	s.Template = *s.Template.Clone()
	n := 0
	skip := map[string]bool{"ID": true, "Owner": true, "Part": true, "Condition": true, "CarriedFrom": true,
		"SessionID": true, "FocusIndicators": true, "Effect": true, "Status": true, "Decision": true,
		"Kind": true, "Area": true, "ReplyTo": true}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if !skip[v.Type().Field(i).Name] {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				if e := v.MapIndex(k); e.Kind() == reflect.Struct { // a copy (an answer): change it and put it back
					c := reflect.New(e.Type()).Elem()
					c.Set(e)
					walk(c)
					v.SetMapIndex(k, c)
					continue
				}
				walk(v.MapIndex(k))
			}
		case reflect.String:
			if v.CanSet() {
				v.SetString(HostilePayloads[n%len(HostilePayloads)])
				n++
			}
		}
	}
	walk(reflect.ValueOf(s))
	// Statuses and the like are shown too: make one of each hostile.
	s.Plan.Actions[0].Status = HostilePayloads[0]
	s.Reflection.Decision = HostilePayloads[5]
	s.Reflection.Conditions = append(s.Reflection.Conditions, workbook.ConditionNote{Condition: HostilePayloads[3], Effect: HostilePayloads[1]})
	s.Comments = append(s.Comments, workbook.Comment{ID: "hostile", Part: workbook.IndicatorPart(HostilePayloads[0]), Author: HostilePayloads[2], Text: HostilePayloads[6]})
	return s
}

// Threads is the demo with comment threads on every kind of part: the whole
// session (new since the last merge), a domain (resolved, with a reply), an
// indicator (its first comment deleted, a reply still there), a plan
// question (edited), an action step, a measure, an action step the team has
// since deleted, and a thread whose every comment was deleted (not shown).
func Threads(t testing.TB) *workbook.Session {
	t.Helper()
	s := Demo(t)
	at := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) }
	coach := func(id string, part workbook.PartRef, text string, day int) workbook.Comment {
		return workbook.Comment{ID: id, Part: part, Author: "Rosa Delgado", Role: workbook.RoleCoach, Text: text, Created: at(day, 9)}
	}
	team := func(id, replyTo string, part workbook.PartRef, text string, day int) workbook.Comment {
		return workbook.Comment{ID: id, Part: part, ReplyTo: replyTo, Author: "Dana Whitfield", Role: workbook.RoleTeam, Text: text, Created: at(day, 15)}
	}
	domain := workbook.Part(workbook.PartDomain, s.Template.Domains[0].ID)
	ind := workbook.IndicatorPart(s.Template.Indicators()[1].ID)
	question := workbook.Part(workbook.PartQuestion, s.Template.Questions.Plan[0].ID)
	step := workbook.ActionPart(s.Plan.Actions[0].ID)
	measure := workbook.Part(workbook.PartMeasure, s.Plan.DataPlan[0].ID)
	whole := workbook.SessionPart()

	resolved := coach("t-domain", domain, "Vision is your strongest area; say why in the summary.", 2)
	resolved.Resolved, resolved.ResolvedBy, resolved.StateAt = true, "Dana Whitfield", at(4, 10)
	deleted := coach("t-ind", ind, "", 2)
	deleted.Deleted = at(3, 8)
	edited := team("t-question", "", question, "We will ask the two middle schools first.", 3)
	edited.Edited = at(3, 18)
	gone1 := coach("t-gone", workbook.ActionPart("a-dropped"), "Is this step still needed?", 2)
	allGone := coach("t-empty", whole, "", 1)
	allGone.Deleted = at(1, 12)
	s.Comments = append(s.Comments,
		coach("t-session", whole, "Thanks for the full draft. Two threads need an answer before the March meeting.", 5),
		resolved, team("r-domain", "t-domain", domain, "Added a paragraph to the story of change.", 4),
		deleted, team("r-ind", "t-ind", ind, "We rated this 3 after checking the renewal notes.", 3),
		edited,
		coach("t-step", step, "Who books the rooms for these sessions?", 2), team("r-step", "t-step", step, "Luis does, by 15 March.", 3),
		coach("t-measure", measure, "Is the baseline from this school year?", 2),
		gone1, allGone,
	)
	s.Merged = &workbook.MergeMark{At: at(5, 12), From: "Rosa Delgado (coach)", Comments: []string{"t-session", "t-step"}}
	return s
}
