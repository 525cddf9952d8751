package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
)

// TestAccessibleReview: a coach reviews in the plain prompts (before,
// `review --accessible` was refused): the session list, the files received
// (two rounds, compared, one read as it came), a comment started as the
// coach and an answer to the team's thread, and nothing but comments
// changed. `rounds open --accessible` reads one round and ends.
func TestAccessibleReview(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	first := sess.Clone()
	receive := func(s *workbook.Session, name string) {
		content, err := workbook.MarshalSession(s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Receive(s, workbook.ReceivedFile{Name: name, SHA256: workbook.HashFile(content), Received: commentNow, Bytes: len(content)}, content); err != nil {
			t.Fatal(err)
		}
	}
	receive(first, "northside-march.json")
	second := first.Clone()
	second.Rating("d1i1").Consensus = 3
	second.Comments = append(second.Comments, workbook.Comment{ID: "c9", Part: workbook.SessionPart(), Author: "Ana", Role: workbook.RoleTeam, Text: "Ready.", Created: commentNow})
	receive(second, "northside-april.json")
	before := reload(t, st, "s1")

	jsonChoice := ""
	for i, c := range exportChoices() {
		if c.Value.format == export.FormatJSON {
			jsonChoice = strconv.Itoa(i + 1)
		}
	}
	back := filepath.Join(t.TempDir(), "back.json")
	answers := []string{
		"1",           // Which session? Northside
		"3",           // the rounds
		"2", "1", "2", // compare round 1 with round 2
		"1", "1", // read round 1 as it came
		"3",              // back
		"2",              // comments
		"1", "1", "Rosa", // a new thread on the whole session, as Rosa
		"Please add the walkthrough notes.",
		"2", "1", "Thanks, Ana.", // open the team's thread: reply
		"2",                   // and resolve it
		"5",                   // back to the comments
		"4",                   // back to the menu
		"4", jsonChoice, back, // export the file back to the team
		"5", // back to the sessions
		"3", // quit
	}
	var out bytes.Buffer
	err := Run(st, Options{Accessible: true, Review: true, Input: strings.NewReader(strings.Join(answers, "\n") + "\n"), Output: &out, Now: func() time.Time { return commentNow }})
	text := out.String()
	if err != nil {
		t.Fatalf("accessible review: %v\n%s", err, text)
	}
	if testing.Verbose() {
		t.Log(text)
	}
	for _, want := range []string{
		"Which session do you review? (read-only: you can comment)",
		"Reviewing Northside",
		"2 files received, oldest first:",
		"1. Round 1, received 2026-03-05 ",
		"2. Round 2, received 2026-03-05 09:30: northside-april.json; 1 rating and 1 comment changed.",
		"1 rating and 1 comment changed.",
		"Round 1 → round 2: 1 rating and 1 comment changed.",
		"indicator “Indicator 1.1”: consensus: – → 3",
		"Round 1 as it came (northside-march.json",
		"Comment saved on the whole session.",
		"Reply saved.",
		"Thread resolved.",
		"Read-only review: only comments were saved",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the plain review lacks %q\n%s", want, text)
		}
	}
	after := reload(t, st, "s1")
	var coach []workbook.Comment
	for _, c := range after.Comments {
		if c.Author == "Rosa" {
			coach = append(coach, c)
		}
	}
	if len(coach) != 2 || coach[0].Role != workbook.RoleCoach || coach[1].Role != workbook.RoleCoach || coach[1].ReplyTo != "c9" {
		t.Fatalf("the coach's comments: %+v", coach)
	}
	for _, c := range after.Comments {
		if c.ID == "c9" && (!c.Resolved || c.ResolvedBy != "Rosa") {
			t.Errorf("the team's thread is not resolved by the coach: %+v", c)
		}
	}
	same := after.Clone()
	same.Comments, same.Revision, same.Updated = before.Comments, before.Revision, before.Updated
	if !reflect.DeepEqual(before, same) {
		t.Error("the review changed more than the comments")
	}

	data, err := os.ReadFile(back)
	if err != nil {
		t.Fatalf("the export back to the team: %v", err)
	}
	// The file carries the round it was made on (the team's merge is
	// three-way) and the coach's comments.
	if text := string(data); !strings.Contains(text, `"base": {`) || !strings.Contains(text, "Please add the walkthrough notes.") {
		t.Fatalf("the file back to the team lacks its base or the comments:\n%.600s", text)
	}

	out.Reset()
	err = Run(st, Options{Accessible: true, Review: true, SessionID: "s1", Round: 2, Input: strings.NewReader(""), Output: &out})
	if err != nil || !strings.Contains(out.String(), "Round 2 as it came (northside-april.json") {
		t.Errorf("rounds open --accessible: %v\n%s", err, out.String())
	}
}
