package workbook

import "time"

// Summary is what the home screen and `list` show of a session.
type Summary struct {
	ID          string    `json:"id"`
	Team        string    `json:"team"`
	District    string    `json:"district"`
	SchoolYear  string    `json:"school_year"`
	Cohort      string    `json:"cohort,omitempty"`
	TemplateRef string    `json:"template"`
	Progress    int       `json:"progress"` // percent
	Updated     time.Time `json:"updated"`
	Revision    int       `json:"revision"`
}

// Summarize builds the list entry of a session.
func Summarize(sess *Session) Summary {
	return Summary{
		ID: sess.ID, Team: sess.Team, District: sess.District, SchoolYear: sess.SchoolYear, Cohort: sess.Cohort,
		TemplateRef: sess.Template.Ref(), Progress: ComputeProgress(sess).Overall,
		Updated: sess.Updated, Revision: sess.Revision,
	}
}
