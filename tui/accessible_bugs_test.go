package tui

import (
	"testing"

	"edtech-workbook/workbook"
)

// Old-format scripts, to see the bugs of issue 11 fail before the rewrite.

func TestOldEOFBeforeYearStoresNothing(t *testing.T) {
	st := newTestStore(t)
	runAccessible(t, st, "", "Northside", "Northside USD") // end of input before the school year
	if sums, _ := st.List(); len(sums) != 0 {
		t.Fatalf("end of input during set-up stored %d sessions: %+v", len(sums), sums)
	}
}

func TestOldBlankKeepsMultiSelect(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	sess.SetAnswer("centered", workbook.Answer{Choices: []string{"Students with IEPs"}})
	sess = mustUpdate(t, st, sess)
	runAccessible(t, st, sess.ID,
		"n", "y", // problem of practice
		"", "", "", // focus, phase, problem kept
		"", "", "", "", "", // text questions kept
		"",           // student groups: blank keeps
		"Principals", // stakeholders
	)
	s := reload(t, st, sess.ID)
	if got := s.Answer("centered").Choices; !sameStrings(got, []string{"Students with IEPs"}) || s.Answer("stakeholders").Text != "Principals" {
		t.Fatalf("centered = %v, stakeholders = %q", got, s.Answer("stakeholders").Text)
	}
}

func TestOldReopenResumes(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	sess.Rating("d1i1").Consensus = 3
	sess = mustUpdate(t, st, sess)
	runAccessible(t, st, sess.ID, "y", "2") // the first answer goes to the first unanswered item
	s := reload(t, st, sess.ID)
	if s.RatingOf("d1i2").Members["m1"] != 2 || len(s.RatingOf("d1i1").Members) != 0 {
		t.Fatalf("d1i1 = %+v, d1i2 = %+v", s.RatingOf("d1i1"), s.RatingOf("d1i2"))
	}
}
