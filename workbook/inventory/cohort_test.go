package inventory

import (
	"testing"
)

func TestCohort(t *testing.T) {
	natick := &Inventory{}
	mustAdd(t, natick, Tool{Name: "Seesaw", Status: Core, Privacy: Privacy{Agreement: AgreementSigned, Signed: day(t, "2024-01-01"), Expires: day(t, "2027-01-01")}})
	mustAdd(t, natick, Tool{Name: "Book Creator", Status: Approved, Privacy: Privacy{Agreement: AgreementRequested}})
	mustAdd(t, natick, Tool{Name: "Canva", Status: Declined})
	chicopee := &Inventory{}
	mustAdd(t, chicopee, Tool{Name: "SeeSaw Inc.", Status: Approved, Privacy: Privacy{Agreement: AgreementSigned, Signed: day(t, "2023-01-01"), Expires: day(t, "2025-01-01")}})
	mustAdd(t, chicopee, Tool{Name: "BookCreator", Status: Piloting})
	mustAdd(t, chicopee, Tool{Name: "Canva", Status: Approved})
	mustAdd(t, chicopee, Tool{Name: "Seesaw Class", Status: Retiring}) // another product: not matched to Seesaw
	third := &Inventory{}
	mustAdd(t, third, Tool{Name: "Seesaw", Status: Approved})
	mustAdd(t, third, Tool{Name: "Seesaw!", Status: Approved}) // same tool twice in one district counts once

	rep := Cohort([]District{{"Natick", natick}, {"Chicopee", chicopee}, {"Third", third}, {"Empty", nil}}, day(t, "2026-01-01"))
	if rep.Districts != 4 {
		t.Errorf("districts = %d", rep.Districts)
	}
	if len(rep.Shared) != 2 {
		t.Fatalf("shared = %+v, want Seesaw (3 districts) and Book Creator (2); Canva is declined in Natick", rep.Shared)
	}
	s := rep.Shared[0]
	if s.Name != "Seesaw" || len(s.Districts) != 3 || len(s.Names) != 2 || s.Districts[1].Name != "SeeSaw Inc." {
		t.Errorf("Seesaw = %+v", s)
	}
	if s.Agreements[AgreementSigned] != 1 || s.Agreements[AgreementExpired] != 1 || s.Agreements[AgreementNone] != 1 {
		t.Errorf("Seesaw agreements = %v; want one signed, one expired by date, one none", s.Agreements)
	}
	if b := rep.Shared[1]; b.Name != "Book Creator" && b.Name != "BookCreator" || len(b.Districts) != 2 {
		t.Errorf("Book Creator = %+v", b)
	}
	if rep.Agreements[AgreementNone] != 5 || rep.Agreements[AgreementSigned] != 1 {
		t.Errorf("agreements over all tools in use = %v", rep.Agreements)
	}
}
