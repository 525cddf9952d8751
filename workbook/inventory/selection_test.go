package inventory

import (
	"strings"
	"testing"
)

func TestNeedBeforeProduct(t *testing.T) {
	inv := &Inventory{}
	if _, err := inv.AddRequest(Request{Product: "Canva"}); err == nil || !strings.Contains(err.Error(), "before naming a product") {
		t.Errorf("a request without a need should be refused: %v", err)
	}
	id, err := inv.AddRequest(Request{Need: "Newcomer students need to read science texts in their home language while they learn English"})
	if err != nil {
		t.Fatal(err)
	}
	if id != "newcomer-students-need-to-read-science" {
		t.Errorf("id = %q", id)
	}
	if id2, _ := inv.AddRequest(Request{Need: "Newcomer students need to read science texts aloud"}); id2 != id+"-2" {
		t.Errorf("second id = %q, want %q", id2, id+"-2")
	}
	r := inv.Request(id)
	if err := r.NameProduct("  ", ""); err == nil {
		t.Error("an empty product name should be refused")
	}
	if err := r.NameProduct("Immersive Reader", "Microsoft"); err != nil || r.Product != "Immersive Reader" {
		t.Errorf("NameProduct = %v, %+v", err, r)
	}
	empty := Request{ID: "x"}
	if err := empty.NameProduct("Canva", ""); err == nil {
		t.Error("naming a product before the need should be refused")
	}
	c := DefaultCriteria()
	empty.Product = "Canva"
	if errs := empty.Validate(&c); len(errs) == 0 || !strings.Contains(errs[0].Error(), "names a product but no need") {
		t.Errorf("Validate = %v", errs)
	}
}

func TestFindOverlaps(t *testing.T) {
	inv := sample(t)
	mustAdd(t, inv, Tool{Name: "Raz-Kids", Purpose: "leveled reading practice", UseCases: []string{"reading fluency at home"}, Status: Approved})
	mustAdd(t, inv, Tool{Name: "Old Reader", Purpose: "reading fluency practice", Status: Declined})
	mustAdd(t, inv, Tool{Name: "Epic", Purpose: "digital library", Status: Approved, Fit: Fit{Overlaps: []string{"book-creator"}}})
	r := &Request{Need: "Early readers need more reading fluency practice", UseCases: []string{"practice at home"}, ToolID: "book-creator"}
	got := FindOverlaps(inv, r)
	var names []string
	for _, o := range got {
		names = append(names, o.Name)
	}
	if strings.Join(names, ",") != "Epic,Lexia Core5,Raz-Kids" {
		t.Fatalf("overlaps = %v; want the explicit one first, then by shared words, declined and the tool itself left out", names)
	}
	if !got[0].Explicit || got[1].Explicit || got[2].Explicit {
		t.Error("only Epic is listed as overlapping in the inventory")
	}
	if strings.Join(got[1].Shared, ",") != "early,fluency,practice,read,reader" || strings.Join(got[2].Shared, ",") != "fluency,home,practice,read" {
		t.Errorf("shared words = %v and %v", got[1].Shared, got[2].Shared)
	}
	r.CheckInventory(inv, day(t, "2025-10-01"))
	if len(r.Overlaps) != 3 || r.Checked != day(t, "2025-10-01") {
		t.Errorf("CheckInventory should record the overlaps and the date: %+v", r)
	}
	if got := FindOverlaps(inv, &Request{Need: "reading"}); len(got) != 0 {
		t.Errorf("one shared word is not enough: %v", got)
	}
}

// twoReviewers is a request with two reviews that disagree on one gate and
// one criterion.
func twoReviewers(t *testing.T, c *Criteria) *Request {
	t.Helper()
	r := &Request{ID: "r", Need: "n", Product: "Canva"}
	pass := map[string]GateResult{}
	for _, g := range c.Gates {
		pass[g.ID] = GatePass
	}
	a := Review{Reviewer: "Ana", Gates: cloneMap(pass), Scores: map[string]int{"need": 4, "overlap": 2}}
	b := Review{Reviewer: "Ben", Gates: cloneMap(pass), Scores: map[string]int{"need": 2}}
	b.Gates["linguistic-accessibility"] = GateFail
	for _, v := range []Review{a, b} {
		if err := r.SetReview(c, v); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func TestRequestSummary(t *testing.T) {
	c := DefaultCriteria()
	r := twoReviewers(t, &c)
	s := r.Summary(&c)
	if strings.Join(s.Reviewers, ",") != "Ana,Ben" {
		t.Errorf("reviewers = %v", s.Reviewers)
	}
	for _, g := range s.Gates {
		if want := g.Gate.ID != "linguistic-accessibility"; g.Agree != want {
			t.Errorf("gate %s agree = %v, want %v", g.Gate.ID, g.Agree, want)
		}
	}
	need := s.Criteria[0]
	if need.Criterion.ID != "need" || need.Scored != 2 || need.Low != 2 || need.High != 4 || need.Spread != 2 || need.Mean != 3 || need.Consensus != 0 {
		t.Errorf("need = %+v", need)
	}
	if o := s.Criteria[1]; o.Scored != 1 || o.Spread != 0 || o.Scores[1] != 0 {
		t.Errorf("overlap = %+v; Ben did not score it", o)
	}
	if s.Total != 0 || s.Max != 4*(3+2+3+2+1+1) || s.Unscored != 6 || len(s.Open) != 5 {
		t.Errorf("before consensus: total %d max %d unscored %d open %d", s.Total, s.Max, s.Unscored, len(s.Open))
	}
	scores := map[string]int{"need": 3, "overlap": 2, "students-served": 4, "evidence": 2, "support": 3, "cost": 1}
	if err := r.SetConsensus(&c, Consensus{Scores: scores}); err != nil {
		t.Fatal(err)
	}
	if s := r.Summary(&c); s.Total != 3*3+2*2+3*4+2*2+1*3+1*1 || s.Unscored != 0 {
		t.Errorf("weighted total = %d, want %d", s.Total, 3*3+2*2+3*4+2*2+1*3+1*1)
	}
}

func TestSetReviewRejects(t *testing.T) {
	c := DefaultCriteria()
	r := &Request{ID: "r", Need: "n"}
	tests := []struct {
		v    Review
		want string
	}{
		{Review{Gates: map[string]GateResult{"privacy": GatePass}}, "has no reviewer"},
		{Review{Reviewer: "A", Gates: map[string]GateResult{"cost": GatePass}}, `gate "cost", which the template does not have`},
		{Review{Reviewer: "A", Gates: map[string]GateResult{"privacy": "ok"}}, `answer "ok" is not one of pass, fail, unknown`},
		{Review{Reviewer: "A", Scores: map[string]int{"need": 5}}, `score 5 should be 1 to 4`},
		{Review{Reviewer: "A", Scores: map[string]int{"privacy": 3}}, `criterion "privacy", which the template does not have`},
	}
	for _, tt := range tests {
		err := r.SetReview(&c, tt.v)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("SetReview(%+v) = %v, want %q", tt.v, err, tt.want)
		}
		oneLine(t, err)
	}
	if err := r.SetReview(&c, Review{Reviewer: "Ana", Scores: map[string]int{"need": 1}}); err != nil {
		t.Fatal(err)
	}
	if err := r.SetReview(&c, Review{Reviewer: "ana", Scores: map[string]int{"need": 3}}); err != nil {
		t.Fatal(err)
	}
	if len(r.Reviews) != 1 || r.Reviews[0].Scores["need"] != 3 {
		t.Errorf("a reviewer's second review should replace the first: %+v", r.Reviews)
	}
}

func TestDecide(t *testing.T) {
	c := DefaultCriteria()
	allPass := map[string]GateResult{}
	for _, g := range c.Gates {
		allPass[g.ID] = GatePass
	}
	allScores := map[string]int{"need": 3, "overlap": 3, "students-served": 3, "evidence": 2, "support": 3, "cost": 3}
	withGate := func(id string, res GateResult) map[string]GateResult {
		m := cloneMap(allPass)
		m[id] = res
		return m
	}
	tests := []struct {
		name      string
		consensus Consensus
		decision  SelectionDecision
		reason    string
		want      string // "" when allowed
	}{
		{"approve", Consensus{allPass, allScores}, Approve, "Meets the need; no overlap.", ""},
		{"failed gate blocks approval", Consensus{withGate("privacy", GateFail), allScores}, Approve, "r", `cannot be approved: the team failed the gate "Student data is protected"`},
		{"failed gate blocks a pilot", Consensus{withGate("safety", GateFail), allScores}, Pilot, "r", "cannot be piloted"},
		{"failed gate may be declined", Consensus{withGate("safety", GateFail), allScores}, Decline, "Open chat with strangers.", ""},
		{"unknown gate blocks approval", Consensus{withGate("interoperability", GateUnknown), allScores}, Approve, "r", `the gate "It works with our systems" has no pass from the team yet`},
		{"unknown gate allows a pilot", Consensus{withGate("interoperability", GateUnknown), nil}, Pilot, "Try rostering in one school.", ""},
		{"missing score blocks approval", Consensus{allPass, map[string]int{"need": 4}}, Approve, "r", "5 of 6 criteria have no team score"},
		{"reason required", Consensus{allPass, allScores}, Decline, " ", "give the reason"},
		{"unknown decision", Consensus{allPass, allScores}, "defer", "r", `decision "defer"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Request{ID: "r", Need: "n", Product: "Canva"}
			if err := r.SetConsensus(&c, tt.consensus); err != nil {
				t.Fatal(err)
			}
			err := r.Decide(&c, tt.decision, tt.reason, day(t, "2025-11-01"))
			if tt.want == "" {
				if err != nil || r.Decision != tt.decision || r.Decided != day(t, "2025-11-01") {
					t.Fatalf("want %s recorded, got %v", tt.decision, err)
				}
				if errs := r.Validate(&c); len(errs) > 0 {
					t.Errorf("decided request has problems: %v", errs)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want an error about %q, got %v", tt.want, err)
			}
			oneLine(t, err)
			if r.Decision != "" {
				t.Error("a refused decision must not be recorded")
			}
		})
	}
	noProduct := &Request{ID: "r", Need: "n"}
	if err := noProduct.Decide(&c, Pilot, "r", day(t, "2025-11-01")); err == nil {
		t.Error("piloting needs a product")
	}
}

func TestRequestValidate(t *testing.T) {
	c := DefaultCriteria()
	r := twoReviewers(t, &c)
	r.Reviews = append(r.Reviews, Review{Reviewer: "ana"})
	r.Consensus.Gates = map[string]GateResult{"privacy": GateFail}
	r.Decision = Approve
	var msgs []string
	for _, err := range r.Validate(&c) {
		msgs = append(msgs, err.Error())
	}
	all := strings.Join(msgs, "|")
	for _, want := range []string{`reviewer "ana" has two reviews`, "without a reason", "the team failed a gate"} {
		if !strings.Contains(all, want) {
			t.Errorf("Validate did not report %q: %v", want, msgs)
		}
	}
}
