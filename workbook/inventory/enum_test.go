package inventory

import (
	"strings"
	"testing"
)

func TestParseEnums(t *testing.T) {
	tests := []struct {
		in    string
		parse func(string) (string, error)
		want  string
	}{
		{"Core", func(s string) (string, error) { v, err := ParseStatus(s); return string(v), err }, "core"},
		{" declined ", func(s string) (string, error) { v, err := ParseStatus(s); return string(v), err }, "declined"},
		{"SSO", func(s string) (string, error) { v, err := ParseUsageSource(s); return string(v), err }, "sso"},
		{"third party review", func(s string) (string, error) { v, err := ParseEvidenceLevel(s); return string(v), err }, "third-party-review"},
		{"LOCAL_DATA", func(s string) (string, error) { v, err := ParseEvidenceLevel(s); return string(v), err }, "local-data"},
		{"expired", func(s string) (string, error) { v, err := ParseAgreementStatus(s); return string(v), err }, "expired"},
		{"high", func(s string) (string, error) { v, err := ParseTrust(s); return string(v), err }, "high"},
		{"Fail", func(s string) (string, error) { v, err := ParseGateResult(s); return string(v), err }, "fail"},
		{"pilot", func(s string) (string, error) { v, err := ParseSelectionDecision(s); return string(v), err }, "pilot"},
		{"retire", func(s string) (string, error) { v, err := ParseEvalDecision(s); return string(v), err }, "retire"},
	}
	for _, tt := range tests {
		got, err := tt.parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parse %q = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseEnumRejects(t *testing.T) {
	_, err := ParseStatus("aproved")
	if err == nil || !strings.Contains(err.Error(), "requested, piloting, approved, core, retiring, declined") {
		t.Errorf("ParseStatus(aproved) error = %v, want the list of statuses", err)
	}
	if _, err := ParseUsageSource(""); err == nil {
		t.Error("an empty source should not parse")
	}
}

func TestRanks(t *testing.T) {
	if !(VendorClaim.Rank() < ThirdPartyReview.Rank() && ThirdPartyReview.Rank() < LocalTrial.Rank() && LocalTrial.Rank() < LocalData.Rank()) {
		t.Error("evidence levels should rank vendor claim < third-party review < local trial < local data")
	}
	if EvidenceLevel("").Rank() != 0 || Trust("").Rank() != 0 {
		t.Error("unset levels should rank 0")
	}
	if FromSurvey.DefaultTrust() != TrustLow || FromSSO.DefaultTrust() != TrustMedium {
		t.Error("a survey should start at low trust, an SSO report at medium")
	}
}
