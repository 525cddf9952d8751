package export

import "edtech-workbook/workbook"

// flaggedTitle heads the indicators whose consensus lies outside every
// member's rating, in every format.
const flaggedTitle = "Talk about these: consensus outside the members' ratings"

// indicatorNotes are the words a renderer writes beside an indicator: how
// far its hidden vote is, and the discussion flag (never colour alone).
func indicatorNotes(in workbook.IndicatorRow) []string {
	var out []string
	if in.Hidden {
		out = append(out, in.VoteNote)
	}
	if in.Flag != "" {
		out = append(out, "⚑ "+in.Flag)
	}
	return out
}
