package inventory

import (
	"fmt"
	"slices"
	"strings"
)

// The typed enums of the package are strings, so JSON carries the readable
// id. Each has String, Label (plain words for people), Valid and a Parse
// function that accepts any case and spaces or underscores for hyphens.
// The empty value means "not set"; Validate says where that is not allowed.

// Status is where a tool stands in the district.
type Status string

const (
	Requested Status = "requested" // someone asked for it; not decided
	Piloting  Status = "piloting"  // in a trial, or in use without a decision yet
	Approved  Status = "approved"  // may be used
	Core      Status = "core"      // on the short list the district supports and trains on
	Retiring  Status = "retiring"  // being phased out
	Declined  Status = "declined"  // asked for and turned down
)

// Statuses lists every status in workflow order.
func Statuses() []Status { return []Status{Requested, Piloting, Approved, Core, Retiring, Declined} }

// ParseStatus reads a status id.
func ParseStatus(s string) (Status, error) { return parseEnum("status", s, Statuses()) }

func (s Status) String() string { return string(s) }

// Label is the status in plain words.
func (s Status) Label() string {
	if s == Core {
		return "core tool"
	}
	return string(s)
}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses(), s) }

// InUse reports whether the tool is used in classrooms or offices now.
func (s Status) InUse() bool { return s == Piloting || s == Approved || s == Core || s == Retiring }

// UsageSource is where a usage figure comes from.
type UsageSource string

const (
	FromSurvey  UsageSource = "survey"  // staff said so
	FromSSO     UsageSource = "sso"     // a single sign-on report (ClassLink, Clever, ...)
	FromNetwork UsageSource = "network" // a network or browser-extension report
	FromVendor  UsageSource = "vendor"  // the vendor's own dashboard or file
)

// UsageSources lists every source.
func UsageSources() []UsageSource { return []UsageSource{FromSurvey, FromSSO, FromNetwork, FromVendor} }

// ParseUsageSource reads a usage source id.
func ParseUsageSource(s string) (UsageSource, error) {
	return parseEnum("usage source", s, UsageSources())
}

func (s UsageSource) String() string { return string(s) }

// Label is the source in plain words.
func (s UsageSource) Label() string {
	switch s {
	case FromSurvey:
		return "staff survey"
	case FromSSO:
		return "single sign-on report"
	case FromNetwork:
		return "network report"
	case FromVendor:
		return "vendor report"
	}
	return string(s)
}

// Valid reports whether s is one of UsageSources.
func (s UsageSource) Valid() bool { return slices.Contains(UsageSources(), s) }

// DefaultTrust is how far a figure from the source is usually trusted:
// a survey is self-report (low); single sign-on, network and vendor reports
// count real launches but each misses some use (medium). The team raises it
// to high once it has checked the figure against another source.
func (s UsageSource) DefaultTrust() Trust {
	if s == FromSurvey {
		return TrustLow
	}
	return TrustMedium
}

// Trust is how far the team trusts a usage figure.
type Trust string

const (
	TrustLow    Trust = "low"
	TrustMedium Trust = "medium"
	TrustHigh   Trust = "high"
)

// Trusts lists the trust levels from least to most.
func Trusts() []Trust { return []Trust{TrustLow, TrustMedium, TrustHigh} }

// ParseTrust reads a trust level id.
func ParseTrust(s string) (Trust, error) { return parseEnum("trust level", s, Trusts()) }

func (t Trust) String() string { return string(t) }

// Label is the trust level in plain words.
func (t Trust) Label() string { return string(t) + " trust" }

// Valid reports whether t is one of Trusts.
func (t Trust) Valid() bool { return slices.Contains(Trusts(), t) }

// Rank orders trust levels: 0 unset, 1 low … 3 high.
func (t Trust) Rank() int { return slices.Index(Trusts(), t) + 1 }

// AgreementStatus is the state of a tool's data-privacy agreement.
type AgreementStatus string

const (
	AgreementNone      AgreementStatus = "none"
	AgreementRequested AgreementStatus = "requested"
	AgreementSigned    AgreementStatus = "signed"
	AgreementExpired   AgreementStatus = "expired"
)

// AgreementStatuses lists every agreement status.
func AgreementStatuses() []AgreementStatus {
	return []AgreementStatus{AgreementNone, AgreementRequested, AgreementSigned, AgreementExpired}
}

// ParseAgreementStatus reads an agreement status id.
func ParseAgreementStatus(s string) (AgreementStatus, error) {
	return parseEnum("agreement status", s, AgreementStatuses())
}

func (a AgreementStatus) String() string { return string(a) }

// Label is the agreement status in plain words.
func (a AgreementStatus) Label() string {
	switch a {
	case AgreementNone:
		return "no agreement"
	case AgreementRequested:
		return "agreement requested"
	case AgreementSigned:
		return "agreement signed"
	case AgreementExpired:
		return "agreement expired"
	}
	return "agreement not recorded"
}

// Valid reports whether a is one of AgreementStatuses.
func (a AgreementStatus) Valid() bool { return slices.Contains(AgreementStatuses(), a) }

// EvidenceLevel is how strong the evidence for a claim about a tool is,
// from weakest to strongest.
type EvidenceLevel string

const (
	VendorClaim      EvidenceLevel = "vendor-claim"
	ThirdPartyReview EvidenceLevel = "third-party-review"
	LocalTrial       EvidenceLevel = "local-trial"
	LocalData        EvidenceLevel = "local-data"
)

// EvidenceLevels lists the levels from weakest to strongest.
func EvidenceLevels() []EvidenceLevel {
	return []EvidenceLevel{VendorClaim, ThirdPartyReview, LocalTrial, LocalData}
}

// ParseEvidenceLevel reads an evidence level id.
func ParseEvidenceLevel(s string) (EvidenceLevel, error) {
	return parseEnum("evidence level", s, EvidenceLevels())
}

func (e EvidenceLevel) String() string { return string(e) }

// Label is the level in plain words.
func (e EvidenceLevel) Label() string {
	if e == "" {
		return "no evidence stated"
	}
	return strings.ReplaceAll(string(e), "-", " ")
}

// Valid reports whether e is one of EvidenceLevels.
func (e EvidenceLevel) Valid() bool { return slices.Contains(EvidenceLevels(), e) }

// Rank orders the levels: 0 unset, 1 vendor claim … 4 local data.
func (e EvidenceLevel) Rank() int { return slices.Index(EvidenceLevels(), e) + 1 }

// GateResult is a reviewer's or the team's answer to a pass/fail gate.
type GateResult string

const (
	GatePass    GateResult = "pass"
	GateFail    GateResult = "fail"
	GateUnknown GateResult = "unknown" // not checked yet, or cannot tell
)

// GateResults lists every gate result.
func GateResults() []GateResult { return []GateResult{GatePass, GateFail, GateUnknown} }

// ParseGateResult reads a gate result id.
func ParseGateResult(s string) (GateResult, error) { return parseEnum("gate result", s, GateResults()) }

func (g GateResult) String() string { return string(g) }

// Valid reports whether g is one of GateResults.
func (g GateResult) Valid() bool { return slices.Contains(GateResults(), g) }

// SelectionDecision is the outcome of a selection request.
type SelectionDecision string

const (
	Approve SelectionDecision = "approve"
	Pilot   SelectionDecision = "pilot"
	Decline SelectionDecision = "decline"
)

// SelectionDecisions lists every selection decision.
func SelectionDecisions() []SelectionDecision { return []SelectionDecision{Approve, Pilot, Decline} }

// ParseSelectionDecision reads a selection decision id.
func ParseSelectionDecision(s string) (SelectionDecision, error) {
	return parseEnum("decision", s, SelectionDecisions())
}

func (d SelectionDecision) String() string { return string(d) }

// Valid reports whether d is one of SelectionDecisions.
func (d SelectionDecision) Valid() bool { return slices.Contains(SelectionDecisions(), d) }

// EvalDecision is the outcome of a tool's yearly evaluation.
type EvalDecision string

const (
	Renew  EvalDecision = "renew"
	Scale  EvalDecision = "scale"
	Adjust EvalDecision = "adjust"
	Retire EvalDecision = "retire"
)

// EvalDecisions lists every evaluation decision.
func EvalDecisions() []EvalDecision { return []EvalDecision{Renew, Scale, Adjust, Retire} }

// ParseEvalDecision reads an evaluation decision id.
func ParseEvalDecision(s string) (EvalDecision, error) {
	return parseEnum("decision", s, EvalDecisions())
}

func (d EvalDecision) String() string { return string(d) }

// Valid reports whether d is one of EvalDecisions.
func (d EvalDecision) Valid() bool { return slices.Contains(EvalDecisions(), d) }

// parseEnum finds s among all, ignoring case, surrounding space, and
// spaces or underscores written for hyphens.
func parseEnum[T ~string](what, s string, all []T) (T, error) {
	key := enumKey(s)
	for _, v := range all {
		if string(v) == key {
			return v, nil
		}
	}
	names := make([]string, len(all))
	for i, v := range all {
		names[i] = string(v)
	}
	return "", fmt.Errorf("%s %q is not one of %s", what, s, strings.Join(names, ", "))
}

func enumKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '_' || r == '-' }), "-")
}
