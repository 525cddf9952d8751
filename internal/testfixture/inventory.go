package testfixture

import (
	"testing"

	"edtech-workbook/workbook/inventory"
)

// InventoryToday is the day the inventory fixtures are seen from: renewals
// and agreement expiries are counted from it.
func InventoryToday() inventory.Date { return inventory.NewDate(2026, 11, 20) }

// date parses 2006-01-02 or fails the test.
func date(t testing.TB, s string) inventory.Date {
	t.Helper()
	d, err := inventory.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Inventory is a small district inventory with every kind of record: six
// tools in every status but requested (made-up products, so nothing here
// is a claim about a real one), a usage import, last year's snapshot, a
// selection request reviewed by two people and decided, and two
// evaluations, one of them retiring a tool with its transition plan.
// Criteria are inventory.DefaultCriteria.
func Inventory(t testing.TB) *inventory.Inventory {
	t.Helper()
	d := func(s string) inventory.Date { return date(t, s) }
	ssoYear := inventory.Period{From: d("2025-09-01"), To: d("2026-06-30")}
	inv := &inventory.Inventory{}
	add := func(tool inventory.Tool) {
		t.Helper()
		if _, err := inv.AddTool(tool); err != nil {
			t.Fatal(err)
		}
	}
	add(inventory.Tool{
		Name: "ClassHub", Vendor: "Hubwise Inc.", Purpose: "The class website: assignments, feedback and messages to families.",
		UseCases: []string{"posting assignments", "feedback on student work", "messages to families"},
		Owner:    "Director of Instructional Technology", Schools: []string{"all schools"}, Grades: []string{"K-12"},
		Roles: []string{"teachers", "students", "families"},
		Usage: []inventory.Usage{{Source: inventory.FromSSO, Report: "ClassLink", Period: ssoYear, ActiveUsers: inventory.Known(2210),
			Sessions: inventory.Known(148_000), Trust: inventory.TrustMedium, Recorded: d("2026-07-05")}},
		Money: inventory.Money{Paid: true, CostCents: 1_800_000, Licences: 2400, Funding: inventory.Funding{Source: "general fund"}, Renewal: d("2027-07-01")},
		Privacy: inventory.Privacy{Agreement: inventory.AgreementSigned, Signed: d("2025-07-01"), Expires: d("2028-06-30"),
			DataCollected: []string{"name", "school email", "class roster", "student work"}},
		Access: inventory.Access{ConformanceReport: "VPAT 2.5 (WCAG 2.1 AA)", ReportDate: d("2025-03-10"), TestedWithAT: true,
			Languages: []string{"English", "Spanish", "Portuguese"}, FamilyFacing: true},
		Fit:      inventory.Fit{SSO: true, Rostering: true},
		Evidence: inventory.LocalData, Status: inventory.Core,
		Support: []string{"Getting started for families (district website)", "Teacher quick-start video"},
	})
	add(inventory.Tool{
		Name: "ReadAlong", Vendor: "Fluent Pages LLC", Purpose: "Reading fluency practice for early readers, with a voice that reads along.",
		UseCases: []string{"fluency practice", "reading intervention", "read-aloud of texts"}, Owner: "Elementary literacy coordinator",
		Grades: []string{"K", "1", "2", "3"}, Subjects: []string{"reading"}, Roles: []string{"teachers", "students"},
		Usage: []inventory.Usage{{Source: inventory.FromSSO, Report: "ClassLink", Period: ssoYear, ActiveUsers: inventory.Known(512),
			Sessions: inventory.Known(20_480), Minutes: inventory.Known(301_000), Trust: inventory.TrustMedium, Recorded: d("2026-07-05")}},
		Money: inventory.Money{Paid: true, CostCents: 960_000, Licences: 600, Funding: inventory.Funding{Source: "Title I"}, Renewal: d("2026-12-15")},
		Privacy: inventory.Privacy{Agreement: inventory.AgreementSigned, Signed: d("2024-08-15"), Expires: d("2026-12-31"),
			DataCollected: []string{"name", "grade", "reading level", "voice recordings"}},
		Access: inventory.Access{ConformanceReport: "VPAT 2.4 (WCAG 2.1 AA)", ReportDate: d("2024-05-01"), Languages: []string{"English", "Spanish"}},
		Fit:    inventory.Fit{SSO: true}, Evidence: inventory.ThirdPartyReview, Status: inventory.Core,
		Support: []string{"Family letter in English and Spanish"},
	})
	add(inventory.Tool{
		Name: "MathPath", Vendor: "Numera Learning", Purpose: "Math skill practice that adapts to each student.",
		UseCases: []string{"skill practice", "homework"}, Grades: []string{"3-8"}, Subjects: []string{"math"}, Roles: []string{"teachers", "students"},
		Money: inventory.Money{Paid: true, CostCents: 500_000, Licences: 900,
			Funding: inventory.Funding{Source: "relief funds", OneTime: true, Ends: d("2026-09-30")}, Renewal: d("2027-01-31")},
		Privacy: inventory.Privacy{Agreement: inventory.AgreementRequested, Requested: d("2026-10-01"),
			DataCollected: []string{"name", "grade", "scores"}},
		Evidence: inventory.VendorClaim, Status: inventory.Approved,
	})
	add(inventory.Tool{
		Name: "StoryForge", Purpose: "Students make illustrated digital books.", UseCases: []string{"writing projects", "class books"},
		Schools: []string{"Riverside Elementary"}, Grades: []string{"2", "3"}, Roles: []string{"teachers", "students"},
		Usage: []inventory.Usage{{Source: inventory.FromSurvey, Period: inventory.Period{From: d("2026-09-01"), To: d("2026-10-31")},
			ActiveUsers: inventory.Known(6), Trust: inventory.TrustLow, Recorded: d("2026-11-02")}},
		Money:   inventory.Money{Free: true},
		Privacy: inventory.Privacy{Agreement: inventory.AgreementNone, DataCollected: []string{"name", "drawings and writing"}},
		Status:  inventory.Piloting,
	})
	add(inventory.Tool{
		Name: "QuizWhiz", Vendor: "Whiz Apps", Purpose: "Quick quizzes at the end of a lesson.", UseCases: []string{"exit tickets"},
		Roles: []string{"teachers", "students"},
		Usage: []inventory.Usage{{Source: inventory.FromSSO, Report: "ClassLink", Period: ssoYear, ActiveUsers: inventory.Known(95),
			Sessions: inventory.Known(700), Trust: inventory.TrustMedium, Recorded: d("2026-07-05")}},
		Money:   inventory.Money{Paid: true, CostCents: 300_000, Licences: 500, Funding: inventory.Funding{Source: "general fund"}, Renewal: d("2027-06-30")},
		Privacy: inventory.Privacy{Agreement: inventory.AgreementSigned, Signed: d("2023-07-01"), Expires: d("2027-06-30"), DataCollected: []string{"name", "answers"}},
		Fit:     inventory.Fit{SSO: true, Overlaps: []string{"classhub"}}, Evidence: inventory.LocalData, Status: inventory.Retiring,
	})
	add(inventory.Tool{
		Name: "PollPad", Vendor: "Pad Labs", Purpose: "Live polls during class.", Status: inventory.Declined,
		Privacy: inventory.Privacy{Agreement: inventory.AgreementNone, DataCollected: []string{"name", "location", "contacts"}},
		Notes:   "Declined in 2025: it asks for location and contacts, and has no data-privacy agreement.",
	})
	inv.Imports = []inventory.ImportRecord{{Source: inventory.FromSSO, Report: "ClassLink", Period: ssoYear, Imported: d("2026-07-05"),
		File: "classlink-2025-26.csv", Rows: 1200, Tools: 3}}
	if err := inv.TakeSnapshot("2025-26", d("2026-06-30")); err != nil {
		t.Fatal(err)
	}

	crit := inventory.DefaultCriteria()
	id, err := inv.AddRequest(inventory.Request{
		Need:   "English learners in grades 6-8 cannot read the science texts on their own; they need read-aloud and translation.",
		Groups: []string{"English learners"}, Purpose: "Read-aloud and translation of science texts",
		UseCases: []string{"reading science texts", "translation"}, RequestedBy: "Science coach", Requested: d("2026-09-15"),
	})
	if err != nil {
		t.Fatal(err)
	}
	r := inv.Request(id)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.NameProduct("LinguaLens", "Open Window Learning"))
	r.CheckInventory(inv, d("2026-09-20"))
	pass := inventory.GatePass
	must(r.SetReview(&crit, inventory.Review{Reviewer: "Ana (English learner teacher)",
		Gates:  map[string]inventory.GateResult{"privacy": pass, "safety": pass, "digital-accessibility": pass, "linguistic-accessibility": pass, "interoperability": inventory.GateUnknown},
		Scores: map[string]int{"need": 4, "overlap": 3, "students-served": 4, "evidence": 2, "support": 2, "cost": 3}}))
	must(r.SetReview(&crit, inventory.Review{Reviewer: "Ben (technology)",
		Gates:  map[string]inventory.GateResult{"privacy": pass, "safety": pass, "digital-accessibility": pass, "linguistic-accessibility": pass, "interoperability": pass},
		Scores: map[string]int{"need": 3, "overlap": 3, "students-served": 4, "evidence": 1, "support": 3, "cost": 3}}))
	must(r.SetConsensus(&crit, inventory.Consensus{
		Gates:  map[string]inventory.GateResult{"privacy": pass, "safety": pass, "digital-accessibility": pass, "linguistic-accessibility": pass, "interoperability": pass},
		Scores: map[string]int{"need": 4, "overlap": 3, "students-served": 4, "evidence": 1, "support": 2, "cost": 3}}))
	must(r.Decide(&crit, inventory.Pilot, "It meets the need, but the only evidence is the vendor's; a one-term pilot in two science classes will show whether it helps.", d("2026-10-06")))

	must(inv.SetEvaluation(&crit, inventory.Evaluation{
		ToolID: "quizwhiz", SchoolYear: "2025-26",
		Scores: map[string]inventory.EvalScore{
			"usage":         {Score: 1, Evidence: inventory.LocalData, Note: "95 active users of 500 licences"},
			"cost":          {Score: 2, Evidence: inventory.LocalData},
			"accessibility": {Score: 2, Evidence: inventory.ThirdPartyReview},
			"alignment":     {Score: 2, Evidence: inventory.LocalTrial},
			"stakeholders":  {Score: 2, Evidence: inventory.LocalData},
		},
		Stakeholders: []inventory.StakeholderInput{{Group: "Teachers", Responses: inventory.Known(41), Summary: "Most use ClassHub's quizzes instead."}},
		Decision:     inventory.Retire, Reason: "Few people use it, and ClassHub does the same job.", Decided: d("2026-06-20"),
		Transition: &inventory.Transition{Told: []string{"teachers", "students", "families", "the vendor"},
			DataExport: "Teachers download their quiz results by June 15.", DataDeletion: "The vendor deletes student data within 30 days and sends a letter saying so.",
			Replacement: "ClassHub (its quiz feature)", Date: d("2026-06-30")},
	}))
	must(inv.SetEvaluation(&crit, inventory.Evaluation{
		ToolID: "classhub", SchoolYear: "2025-26",
		Scores: map[string]inventory.EvalScore{
			"usage": {Score: 4, Evidence: inventory.LocalData}, "cost": {Score: 3, Evidence: inventory.LocalData},
			"accessibility": {Score: 3, Evidence: inventory.LocalTrial}, "alignment": {Score: 4, Evidence: inventory.LocalTrial},
			"stakeholders": {Score: 3, Evidence: inventory.LocalData},
		},
		Decision: inventory.Renew, Reason: "Used every day across the district, and families rely on it.", Decided: d("2026-06-20"),
	}))
	if errs := inv.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	return inv
}

// HostileInventory is Inventory with hostile text in the fields every
// output shows: terminal escapes, bidi controls, HTML and Markdown markup
// and a spreadsheet formula.
func HostileInventory(t testing.TB) *inventory.Inventory {
	t.Helper()
	inv := Inventory(t)
	const evil = "\x1b]8;;http://x\x07<script>alert(1)</script> *bold* | \u202eevil\u202c"
	tl := inv.Tool("classhub")
	tl.Name = "=HYPERLINK(\"http://x\",\"ClassHub\")"
	tl.Purpose = evil
	tl.Support = []string{"@SUM(A1:A2)", evil}
	tl.Privacy.DataCollected = []string{"+cmd", evil}
	tl.Vendor = "-2+3"
	inv.Requests[0].Reason = evil
	inv.Evaluations[0].Reason = evil
	return inv
}
