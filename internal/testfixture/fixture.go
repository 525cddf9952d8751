// Package testfixture holds the sessions the tests of several packages
// share: the built-in demo, the demo as if carried from last year, and the
// demo with hostile text in every field. Only tests import it.
package testfixture

import (
	"reflect"
	"testing"

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
		"Kind": true, "Area": true}
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
	s.Comments = append(s.Comments, workbook.Comment{ID: "hostile", Part: workbook.PartIndicator + HostilePayloads[0], Author: HostilePayloads[2], Text: HostilePayloads[6]})
	return s
}
