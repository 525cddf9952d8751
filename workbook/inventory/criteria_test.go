package inventory

import (
	"strings"
	"testing"
)

func TestDefaultCriteriaCheck(t *testing.T) {
	c := DefaultCriteria()
	if problems := c.Check(); len(problems) > 0 {
		t.Fatalf("built-in criteria: %v", problems)
	}
	var gates []string
	for _, g := range c.Gates {
		gates = append(gates, g.ID)
	}
	if got := strings.Join(gates, ","); got != "privacy,safety,digital-accessibility,linguistic-accessibility,interoperability" {
		t.Errorf("built-in gates = %s", got)
	}
}

func TestCriteriaCheck(t *testing.T) {
	tests := []struct {
		name string
		c    Criteria
		want string // "" for no problem
	}{
		{"fine", Criteria{Gates: []Gate{{ID: "privacy", Title: "Privacy"}}, Criteria: []Criterion{{ID: "need", Title: "Need", Weight: 10}}}, ""},
		{"empty is fine", Criteria{}, ""},
		{"gate without id", Criteria{Gates: []Gate{{Title: "Privacy"}}}, "gate 1: id is empty"},
		{"id with capitals", Criteria{Gates: []Gate{{ID: "Privacy", Title: "P"}}}, `id "Privacy" should be lower-case`},
		{"duplicate gate", Criteria{Gates: []Gate{{ID: "a", Title: "A"}, {ID: "a", Title: "B"}}}, `id "a" is already used by gate "a"`},
		{"gate and criterion share an id", Criteria{Gates: []Gate{{ID: "need", Title: "A"}}, Criteria: []Criterion{{ID: "need", Title: "B", Weight: 1}}}, `criterion "need": id "need" is already used by gate "need"`},
		{"evaluation may reuse a selection id", Criteria{Criteria: []Criterion{{ID: "cost", Title: "A", Weight: 1}}, Evaluation: []Criterion{{ID: "cost", Title: "B", Weight: 1}}}, ""},
		{"duplicate evaluation", Criteria{Evaluation: []Criterion{{ID: "u", Title: "A", Weight: 1}, {ID: "u", Title: "B", Weight: 1}}}, `evaluation criterion "u": id "u" is already used`},
		{"empty title", Criteria{Criteria: []Criterion{{ID: "need", Title: " ", Weight: 2}}}, `criterion "need": title is empty`},
		{"weight zero", Criteria{Criteria: []Criterion{{ID: "need", Title: "N"}}}, "weight 0 should be a whole number from 1 to 10"},
		{"weight eleven", Criteria{Evaluation: []Criterion{{ID: "usage", Title: "U", Weight: 11}}}, "weight 11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.c.Check()
			if tt.want == "" {
				if len(got) > 0 {
					t.Fatalf("want no problems, got %v", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tt.want) {
				t.Fatalf("want one problem containing %q, got %q", tt.want, got)
			}
			if strings.ContainsAny(got[0], "\n") {
				t.Errorf("problem is not one line: %q", got[0])
			}
		})
	}
}
