package workbook

import (
	"math"
	"strconv"
)

// One rule for every number a person reads: scores and changes are kept
// unrounded until they are shown, then rounded once, to one decimal, half
// away from zero (2.25 → 2.3, −0.25 → −0.3). The Results screen, the
// Summary, every export and the cohort report call these functions, so the
// same change never reads −0.3 in one place and ▼0.4 in another.

// roundEpsilon absorbs the binary error of averages such as 7/20, whose
// nearest float lies just below the half way point.
const roundEpsilon = 1e-9

// RoundTenth rounds x to one decimal, half away from zero.
func RoundTenth(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	r := math.Round(x*10+math.Copysign(roundEpsilon, x)) / 10
	if r == 0 {
		return 0 // never "-0.0"
	}
	return r
}

// FormatScore writes a score (an average rating) as "2.3".
func FormatScore(x float64) string { return strconv.FormatFloat(RoundTenth(x), 'f', 1, 64) }

// FormatChange writes a change of an average as "▲0.5", "▼0.3" or "=" (a
// change that rounds to 0.0). The arrow and number carry the meaning, never
// colour alone.
func FormatChange(d float64) string {
	r := RoundTenth(d)
	switch {
	case r > 0:
		return "▲" + strconv.FormatFloat(r, 'f', 1, 64)
	case r < 0:
		return "▼" + strconv.FormatFloat(-r, 'f', 1, 64)
	}
	return "="
}

// FormatChangeNumber writes a change as a plain number for spreadsheets:
// "0.5", "-0.3", "0.0".
func FormatChangeNumber(d float64) string { return FormatScore(d) }

// GapThreshold is the highest consensus rating that counts as a gap: the
// lower half of the scale (2 on a 4-level scale). A "3" is never a gap.
func GapThreshold(t *Template) Rating { return Rating(len(t.Scale.Levels) / 2) }

// IsGap reports whether a consensus rating is a gap on t's scale.
func IsGap(t *Template, r Rating) bool { return r.Rated() && r <= GapThreshold(t) }
