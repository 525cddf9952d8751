package inventory

import (
	"strings"
	"testing"
)

func TestCoreTools(t *testing.T) {
	inv := sample(t)
	mustAdd(t, inv, Tool{Name: "Canva", Status: Core, UseCases: []string{"posters"}})
	lexia := inv.Tool("lexia-core5")
	fall24 := Usage{Source: FromSSO, Report: "ClassLink", Trust: TrustMedium, Period: Period{day(t, "2024-09-01"), day(t, "2024-12-20")}, ActiveUsers: Known(300)}
	lexia.Usage = []Usage{fall24}
	if err := inv.TakeSnapshot("2024-25", day(t, "2025-06-30")); err != nil {
		t.Fatal(err)
	}
	// This year the old figure was dropped from the live record; the snapshot still has it.
	fall25 := fall24
	fall25.Period = Period{day(t, "2025-09-01"), day(t, "2025-12-19")}
	fall25.ActiveUsers = Known(520)
	survey := Usage{Source: FromSurvey, Trust: TrustLow, Period: fall25.Period, ActiveUsers: Known(600)}
	lexia.Usage = []Usage{survey, fall25}

	core := inv.CoreTools()
	if len(core) != 2 || core[0].Name != "Canva" || core[1].Name != "Lexia Core5" {
		t.Fatalf("core tools = %+v, want Canva and Lexia Core5 by name", core)
	}
	if len(core[1].Support) != 1 || len(core[1].UseCases) != 2 {
		t.Errorf("core tool should carry use cases and support: %+v", core[1])
	}
	var line []string
	for _, p := range core[1].Use {
		line = append(line, p.SchoolYear+" "+string(p.Source)+" "+p.ActiveUsers.String())
	}
	if got := strings.Join(line, " | "); got != "2024-25 sso 300 | 2025-26 sso 520 | 2025-26 survey 600" {
		t.Errorf("use over time = %s", got)
	}
}
