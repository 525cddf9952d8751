package inventory

import (
	"slices"
	"strings"
)

// Tool is one edtech tool in the inventory. Every figure is an aggregate:
// there is no place for a student's name, id or record.
type Tool struct {
	ID       string   `json:"id"` // stable, readable: a slug of the first name, never changed by a rename
	Name     string   `json:"name"`
	Vendor   string   `json:"vendor,omitempty"`
	Purpose  string   `json:"purpose,omitempty"`   // the job it does, in a sentence
	UseCases []string `json:"use_cases,omitempty"` // how it is used, one short phrase each
	Owner    string   `json:"owner,omitempty"`     // who answers for it in the district

	Schools  []string `json:"schools,omitempty"`
	Grades   []string `json:"grades,omitempty"`
	Subjects []string `json:"subjects,omitempty"`
	Roles    []string `json:"roles,omitempty"` // who uses it: teachers, students, families, office staff, ...

	Usage   []Usage `json:"usage,omitempty"` // one figure per source and period; see UsageFor
	Money   Money   `json:"money"`
	Privacy Privacy `json:"privacy"`
	Access  Access  `json:"access"`
	Fit     Fit     `json:"fit"`

	Evidence EvidenceLevel `json:"evidence,omitempty"` // strongest evidence that it does its job
	Status   Status        `json:"status"`
	Support  []string      `json:"support,omitempty"` // support resources: guides, videos, a contact
	Notes    string        `json:"notes,omitempty"`
}

// Usage is how much a tool was used over a period, by one source's count.
type Usage struct {
	Source      UsageSource `json:"source"`
	Report      string      `json:"report,omitempty"` // which report of that source, e.g. "ClassLink"; part of the re-import key
	Period      Period      `json:"period"`
	ActiveUsers Count       `json:"active_users,omitzero"` // distinct people who used it in the period
	Sessions    Count       `json:"sessions,omitzero"`     // launches, logins or visits
	Minutes     Count       `json:"minutes,omitzero"`
	Trust       Trust       `json:"trust"`
	Recorded    Date        `json:"recorded,omitzero"` // the day the figure was entered or imported
}

// sameFigure reports whether u and v are the same source's figure for the
// same period, which an import replaces rather than adds.
func (u Usage) sameFigure(v Usage) bool {
	return u.Source == v.Source && u.Period == v.Period && strings.EqualFold(strings.TrimSpace(u.Report), strings.TrimSpace(v.Report))
}

// Money is what a tool costs and who pays.
//
// Cost is one of paid (Paid), free (Free) or not recorded (neither).
type Money struct {
	Paid      bool    `json:"paid"`
	Free      bool    `json:"free,omitempty"`       // recorded as free; neither Paid nor Free: the cost was never recorded
	CostCents int64   `json:"cost_cents,omitempty"` // total yearly cost of all licences, in cents; 0 on a paid tool means not recorded
	Licences  int     `json:"licences,omitempty"`
	Funding   Funding `json:"funding"`
	Renewal   Date    `json:"renewal,omitzero"`
}

// CostRecorded reports whether anyone said the tool is paid or free.
func (m Money) CostRecorded() bool { return m.Paid || m.Free }

// Funding is where the money comes from. One-time money (a grant, relief
// funds) has an end date after which the tool needs another source.
type Funding struct {
	Source  string `json:"source,omitempty"` // e.g. general fund, Title IV, a school's budget
	OneTime bool   `json:"one_time,omitempty"`
	Ends    Date   `json:"ends,omitzero"`
}

// Privacy is the tool's data-privacy agreement and what data it takes.
type Privacy struct {
	Agreement     AgreementStatus `json:"agreement,omitempty"`
	Requested     Date            `json:"requested,omitzero"`
	Signed        Date            `json:"signed,omitzero"`
	Expires       Date            `json:"expires,omitzero"`
	DataCollected []string        `json:"data_collected,omitempty"` // kinds of data, e.g. name, school email, work samples
}

// AgreementOn is the agreement status on a given day: a signed agreement
// whose expiry date has passed counts as expired.
func (p Privacy) AgreementOn(today Date) AgreementStatus {
	if p.Agreement == AgreementSigned && !p.Expires.IsZero() && p.Expires.Before(today) {
		return AgreementExpired
	}
	if p.Agreement == "" {
		return AgreementNone
	}
	return p.Agreement
}

// Access is what is known about the tool's accessibility.
type Access struct {
	ConformanceReport string   `json:"conformance_report,omitempty"` // e.g. "VPAT 2.5 (WCAG 2.1 AA)"; empty when there is none
	ReportDate        Date     `json:"report_date,omitzero"`
	TestedWithAT      bool     `json:"tested_with_at,omitempty"` // tried by the district with a screen reader or other assistive technology
	Languages         []string `json:"languages,omitempty"`      // languages the interface offers
	FamilyFacing      bool     `json:"family_facing,omitempty"`
}

// Fit is how the tool fits the district's systems and its other tools.
type Fit struct {
	SSO       bool     `json:"sso,omitempty"`
	Rostering bool     `json:"rostering,omitempty"`
	Overlaps  []string `json:"overlaps,omitempty"` // ids of tools that do the same job
}

// Clone returns a deep copy of t.
func (t Tool) Clone() Tool {
	c := t
	c.UseCases = slices.Clone(t.UseCases)
	c.Schools = slices.Clone(t.Schools)
	c.Grades = slices.Clone(t.Grades)
	c.Subjects = slices.Clone(t.Subjects)
	c.Roles = slices.Clone(t.Roles)
	c.Usage = slices.Clone(t.Usage)
	c.Privacy.DataCollected = slices.Clone(t.Privacy.DataCollected)
	c.Access.Languages = slices.Clone(t.Access.Languages)
	c.Fit.Overlaps = slices.Clone(t.Fit.Overlaps)
	c.Support = slices.Clone(t.Support)
	return c
}

// UsageFor picks the usage figure that best describes a school year: among
// the figures whose period overlaps the year, the most trusted, then the one
// covering most days of the year, then the latest. ok is false when there is
// no usage data for that year.
func (t *Tool) UsageFor(year string) (u Usage, ok bool) {
	yp, err := SchoolYearPeriod(year)
	if err != nil {
		return Usage{}, false
	}
	best := -1
	bestDays := 0
	for i, v := range t.Usage {
		if !v.Period.Overlaps(yp) {
			continue
		}
		days := clip(v.Period, yp).Days()
		if best < 0 || betterUsage(v, days, t.Usage[best], bestDays) {
			best, bestDays = i, days
		}
	}
	if best < 0 {
		return Usage{}, false
	}
	return t.Usage[best], true
}

func betterUsage(v Usage, vDays int, w Usage, wDays int) bool {
	if v.Trust.Rank() != w.Trust.Rank() {
		return v.Trust.Rank() > w.Trust.Rank()
	}
	if vDays != wDays {
		return vDays > wDays
	}
	return v.Period.To.After(w.Period.To)
}

// clip returns the part of p inside q.
func clip(p, q Period) Period {
	if p.From.Before(q.From) {
		p.From = q.From
	}
	if p.To.After(q.To) {
		p.To = q.To
	}
	return p
}
