package workbook

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCoachRoundTripWithConflictingEdit follows the round trip: the
// team exports JSON, the coach imports it and comments (and, here, also
// edits the question), the team meanwhile keeps working, then imports the
// coach's file back.
func TestCoachRoundTripWithConflictingEdit(t *testing.T) {
	team := exportDemo(t)
	sent, err := MarshalSession(team)
	if err != nil {
		t.Fatal(err)
	}

	coach, err := ImportSession(sent)
	if err != nil {
		t.Fatal(err)
	}
	ind := team.Template.Indicators()[0]
	coach.Comments = append(coach.Comments, Comment{ID: "coach-1", Part: PartIndicator + ind.ID, Author: "Rosa",
		Text: "Which renewals did not cite the vision?", Created: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)})
	coach.Problem.Question = "Coach's rewording of the question?"
	back, err := MarshalSession(coach)
	if err != nil {
		t.Fatal(err)
	}

	// The team's later edits: the same question (conflict), new evidence
	// (differs from the file too), and a new check-in (only local).
	team.Problem.Question = "Team's sharper question?"
	team.Rating(ind.ID).Evidence = "Checked all 2025 renewals: 3 of 11 cite the vision."
	team.CheckIns = append(team.CheckIns, CheckIn{ID: "ci-new", Date: "2026-03-05", Did: "Met with principals."})
	before, _ := MarshalSession(team)

	incoming, err := ImportSession(back)
	if err != nil {
		t.Fatal(err)
	}
	merged, conflicts := MergeSessions(team, incoming)

	if after, _ := MarshalSession(team); !bytes.Equal(before, after) {
		t.Error("MergeSessions changed the local session")
	}
	if !slices.ContainsFunc(merged.Comments, func(c Comment) bool { return c.ID == "coach-1" }) {
		t.Error("the coach's comment is missing after the merge")
	}
	if len(merged.Comments) != len(team.Comments)+1 {
		t.Errorf("merged has %d comments, want %d", len(merged.Comments), len(team.Comments)+1)
	}
	if merged.Problem.Question != "Team's sharper question?" {
		t.Errorf("question = %q: the team's edit was not kept", merged.Problem.Question)
	}
	if merged.Ratings[ind.ID].Evidence != team.Ratings[ind.ID].Evidence {
		t.Error("the team's new evidence was not kept")
	}
	if merged.CheckIns[len(merged.CheckIns)-1].ID != "ci-new" {
		t.Error("the team's new check-in was lost")
	}
	want := map[string][2]string{
		"problem of practice":           {"Team's sharper question?", "Coach's rewording of the question?"},
		`rating of "` + ind.Title + `"`: {"evidence: Checked all 2025 renewals", "evidence: Our 2024"},
	}
	if len(conflicts) != len(want) {
		t.Errorf("conflicts = %+v, want %d", conflicts, len(want))
	}
	for _, c := range conflicts {
		w, ok := want[c.Part]
		if !ok || !strings.Contains(c.Local, w[0]) || !strings.Contains(c.Incoming, w[1]) {
			t.Errorf("unexpected conflict %+v", c)
		}
	}
	// Comments and the merged parts show up in every export.
	md := string(mustExportOK(t, merged, FormatMarkdown))
	if !strings.Contains(md, "Which renewals did not cite the vision?") {
		t.Error("the coach's comment is not in the Markdown export")
	}
}

func mustExportOK(t *testing.T, s *Session, format string) []byte {
	t.Helper()
	out, err := Export(s, format, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMergeRules(t *testing.T) {
	base := exportDemo(t)
	cases := []struct {
		name      string
		local     func(s *Session)
		incoming  func(s *Session)
		check     func(t *testing.T, m *Session)
		conflicts []string
	}{
		{"identical", nil, nil, func(t *testing.T, m *Session) {}, nil},
		{"empty local part takes the incoming one",
			func(s *Session) { s.Reflection = Reflection{} }, nil,
			func(t *testing.T, m *Session) {
				if m.Reflection.Story != base.Reflection.Story {
					t.Error("reflection not taken from the file")
				}
			}, nil},
		{"empty incoming part keeps local", nil,
			func(s *Session) { s.Plan.Logic = LogicModel{}; s.Plan.Aim, s.Plan.AimDate = "", "" },
			func(t *testing.T, m *Session) {
				if m.Plan.Logic != base.Plan.Logic || m.Plan.Aim != base.Plan.Aim {
					t.Error("local logic model or aim lost")
				}
			}, nil},
		{"incoming-only action step is added",
			nil, func(s *Session) { s.Plan.Actions = append(s.Plan.Actions, ActionStep{ID: "new", What: "Coach idea"}) },
			func(t *testing.T, m *Session) {
				if len(m.Plan.Actions) != len(base.Plan.Actions)+1 || m.Plan.Actions[len(m.Plan.Actions)-1].ID != "new" {
					t.Error("incoming step not appended")
				}
			}, nil},
		{"both changed an action step",
			func(s *Session) { s.Plan.Actions[0].Status = StatusStuck },
			func(s *Session) { s.Plan.Actions[0].Status = StatusInProgress },
			func(t *testing.T, m *Session) {
				if m.Plan.Actions[0].Status != StatusStuck {
					t.Error("local step not kept")
				}
			}, []string{`action step "Agree on a shared definition`}},
		{"coach edits own comment",
			nil, func(s *Session) { s.Comments[0].Text = "Edited by coach." },
			func(t *testing.T, m *Session) {
				if m.Comments[0].Text != "Edited by coach." || len(m.Comments) != len(base.Comments) {
					t.Error("comment edit not taken")
				}
			}, nil},
		{"different rating, data row, check-in and team name",
			func(s *Session) {
				id := s.Template.Indicators()[1].ID
				s.Rating(id).Consensus = 4
				s.Plan.DataPlan[0].Target = "90 percent"
				s.CheckIns[0].Next = "local next"
				s.Team = "Renamed team"
			}, nil,
			func(t *testing.T, m *Session) {
				if m.Team != "Renamed team" || m.Plan.DataPlan[0].Target != "90 percent" {
					t.Error("local values not kept")
				}
			}, []string{"team", "rating of", "data plan row", "check-in of"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			local, incoming := base.Clone(), base.Clone()
			if c.local != nil {
				c.local(local)
			}
			if c.incoming != nil {
				c.incoming(incoming)
			}
			m, conflicts := MergeSessions(local, incoming)
			c.check(t, m)
			if len(conflicts) != len(c.conflicts) {
				t.Fatalf("conflicts = %+v, want %d", conflicts, len(c.conflicts))
			}
			for i, want := range c.conflicts {
				if !strings.HasPrefix(conflicts[i].Part, want) {
					t.Errorf("conflict %d is %q, want %q…", i, conflicts[i].Part, want)
				}
				if conflicts[i].Local == conflicts[i].Incoming {
					t.Errorf("conflict %d shows the same text on both sides: %+v", i, conflicts[i])
				}
			}
		})
	}
}
