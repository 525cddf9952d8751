package cli

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// Selection requests and tool evaluations, as far as the command line
// needs them to record one and export it; the app has the full flows.

func newInventoryRequestCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "request",
		Short: "Selection requests: state a need, review it against the gates and criteria, decide",
		Long: "A selection request starts from a need (the problem and the students it serves), not a\n" +
			"product. It is checked against the inventory for tools that may already do the job. Each\n" +
			"reviewer answers the pass/fail gates and scores the weighted criteria (1-4) on their own,\n" +
			"then the team records its consensus and decides: approve, pilot or decline, with a reason.",
		Args: noArgs,
	}
	cmd.AddCommand(newRequestAddCmd(a), newRequestListCmd(a), newRequestReviewCmd(a, false), newRequestReviewCmd(a, true), newRequestDecideCmd(a))
	return cmd
}

// changeInventory opens the file for writing, reads the inventory, runs fn
// on it and saves it in one transaction; fn's error saves nothing.
func (a *app) changeInventory(fn func(s *store.Store, inv *store.Inventory) error) error {
	s, inv, err := a.loadInventory(true, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := fn(s, inv); err != nil {
		return err
	}
	_, err = s.SaveInventory(inv)
	return err
}

// loadInventory opens the file (for writing when write is set, else only
// to read), reads the inventory and has it follow the template's criteria
// (followTemplateCriteria), as the app does whenever it reads the
// inventory: every inventory command goes through it, so whichever saves
// next stores the same criteria. explain prints the note on criteria kept
// (for the commands that record answers against them). The caller closes
// the store; on an error it is closed already.
func (a *app) loadInventory(write, explain bool) (*store.Store, *store.Inventory, error) {
	s, inv, err := a.openInventory(write)
	if err != nil {
		return nil, nil, err
	}
	if err := a.followTemplateCriteria(s, inv, !explain); err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, inv, nil
}

// openInventory opens the file (for writing when write is set, else only
// to read) and reads the inventory as stored. The caller closes the store;
// on an error it is closed already.
func (a *app) openInventory(write bool) (*store.Store, *store.Inventory, error) {
	s, err := a.openStoreFor(write)
	if err != nil {
		return nil, nil, err
	}
	inv, err := s.Inventory()
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, inv, nil
}

// followTemplateCriteria gives inv the criteria of the template a new
// session starts from (templatefile.InventoryCriteria) when no answer
// depends on what changed (workbook.AdoptToolCriteria); otherwise inv keeps
// its own and, unless quiet, a note on stderr says why. The next save
// stores them.
func (a *app) followTemplateCriteria(s templatefile.Stored, inv *store.Inventory, quiet bool) error {
	next, ref, err := templatefile.InventoryCriteria(s)
	if err != nil {
		return err
	}
	use, _, reason := workbook.AdoptToolCriteria(inv.Inventory, inv.Criteria, next)
	inv.Criteria = use
	if reason != "" && !quiet {
		fmt.Fprintln(a.stderr, "note: "+workbook.CleanLine(workbook.KeptCriteriaNote(ref, reason)))
	}
	return nil
}

func newRequestAddCmd(a *app) *cobra.Command {
	var need, product, vendor, groups, purpose, useCases, by, tool string
	cmd := &cobra.Command{
		Use:   "add --need TEXT",
		Short: "Record a new selection request, and check it against the inventory",
		Example: "  edtech-workbook inventory request add --need \"English learners need read-aloud in science\" \\\n" +
			"      --groups \"English learners\" --product LinguaLens --vendor \"Open Window Learning\"",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if strings.TrimSpace(need) == "" {
				return usagef("--need is required: say what problem the tool should solve, and for which students")
			}
			return a.changeInventory(func(_ *store.Store, inv *store.Inventory) error {
				r := inventory.Request{Need: strings.TrimSpace(need), Groups: workbook.SplitList(groups), Purpose: strings.TrimSpace(purpose),
					UseCases: workbook.SplitList(useCases), RequestedBy: strings.TrimSpace(by), Requested: a.today()}
				if tool != "" {
					t, err := findTool(inv.Inventory, tool)
					if err != nil {
						return err
					}
					r.ToolID = t.ID
					if product == "" {
						product, vendor = t.Name, t.Vendor
					}
				}
				id, err := inv.AddRequest(r)
				if err != nil {
					return err
				}
				req := inv.Request(id)
				if product != "" {
					if err := req.NameProduct(product, vendor); err != nil {
						return err
					}
				}
				req.CheckInventory(inv.Inventory, a.today())
				fmt.Fprintf(a.stdout, "Recorded request %s.\n", id)
				if len(req.Overlaps) == 0 {
					fmt.Fprintln(a.stdout, "No tool in the inventory looks like it does this job already.")
				}
				for _, o := range req.Overlaps {
					why := "listed as doing the same job"
					if !o.Explicit {
						why = "shares " + strings.Join(o.Shared, ", ")
					}
					fmt.Fprintf(a.stdout, "Possible overlap: %q (%s, %s): %s.\n", workbook.CleanLine(o.Name), o.ToolID, o.Status, workbook.CleanLine(why))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&need, "need", "", "the problem to solve, and for which students (required)")
	cmd.Flags().StringVar(&groups, "groups", "", "student groups served, comma-separated")
	cmd.Flags().StringVar(&purpose, "purpose", "", "what the tool would be for")
	cmd.Flags().StringVar(&useCases, "use-cases", "", "how it would be used, comma-separated")
	cmd.Flags().StringVar(&product, "product", "", "the product proposed, once the need is stated")
	cmd.Flags().StringVar(&vendor, "vendor", "", "the product's company")
	cmd.Flags().StringVar(&tool, "tool", "", "the inventory's TOOL, when the product is already in it")
	cmd.Flags().StringVar(&by, "by", "", "who asked")
	return cmd
}

// requestListEntry is one line of `inventory request list --json`.
type requestListEntry struct {
	ID        string `json:"id"`
	Product   string `json:"product"`
	Requested string `json:"requested"`
	Reviews   int    `json:"reviews"`
	Decision  string `json:"decision"`
}

func newRequestListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the selection requests",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, inv, err := a.loadInventory(false, false)
			if err != nil {
				return err
			}
			defer s.Close()
			if asJSON {
				out := []requestListEntry{}
				for _, r := range inv.Requests {
					out = append(out, requestListEntry{ID: r.ID, Product: r.Product, Requested: r.Requested.String(), Reviews: len(r.Reviews), Decision: string(r.Decision)})
				}
				return a.writeJSON(out)
			}
			if len(inv.Requests) == 0 {
				fmt.Fprintln(a.stdout, "No selection requests yet. Record one with `edtech-workbook inventory request add --need TEXT`.")
				return nil
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tPRODUCT\tREQUESTED\tREVIEWS\tDECISION")
			for _, r := range inv.Requests {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", cell(r.ID), cell(r.Product), cell(r.Requested.String()), len(r.Reviews), cell(string(r.Decision)))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the requests' list entries as JSON")
	return cmd
}

// findRequest resolves a request by id, a unique start of an id (3
// characters or more) or its product's name.
func findRequest(inv *inventory.Inventory, name string) (*inventory.Request, error) {
	name = strings.TrimSpace(name)
	if r := inv.Request(name); r != nil {
		return r, nil
	}
	var matches []*inventory.Request
	for i := range inv.Requests {
		r := &inv.Requests[i]
		if (len(name) >= 3 && strings.HasPrefix(r.ID, strings.ToLower(name))) || (r.Product != "" && strings.EqualFold(r.Product, name)) {
			matches = append(matches, r)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return nil, fmt.Errorf("no selection request %q; see `edtech-workbook inventory request list`", workbook.CleanLine(name))
	}
	return nil, fmt.Errorf("%q matches %d requests; use the id (see `edtech-workbook inventory request list`)", workbook.CleanLine(name), len(matches))
}

// parseAnswers reads --gate ID=RESULT and --score ID=N into maps, checking
// the ids against the criteria so a typo names the ids there are.
func parseAnswers(c *inventory.Criteria, gates, scores []string) (map[string]inventory.GateResult, map[string]int, error) {
	g := map[string]inventory.GateResult{}
	for _, arg := range gates {
		id, v, ok := strings.Cut(arg, "=")
		id = strings.TrimSpace(id)
		if !ok {
			return nil, nil, usagef("--gate %q is not ID=RESULT, like --gate privacy=pass", arg)
		}
		if c.Gate(id) == nil {
			var ids []string
			for _, x := range c.Gates {
				ids = append(ids, x.ID)
			}
			return nil, nil, usagef("--gate %q: there is no gate %q; the gates are %s", arg, id, strings.Join(ids, ", "))
		}
		res, err := inventory.ParseGateResult(v)
		if err != nil {
			return nil, nil, usagef("--gate %q: %v", arg, err)
		}
		g[id] = res
	}
	sc := map[string]int{}
	for _, arg := range scores {
		id, v, ok := strings.Cut(arg, "=")
		id = strings.TrimSpace(id)
		if !ok {
			return nil, nil, usagef("--score %q is not ID=SCORE, like --score need=3", arg)
		}
		known := false
		var ids []string
		for _, x := range c.Criteria {
			ids = append(ids, x.ID)
			known = known || x.ID == id
		}
		if !known {
			return nil, nil, usagef("--score %q: there is no criterion %q; the criteria are %s", arg, id, strings.Join(ids, ", "))
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < inventory.MinScore || n > inventory.MaxScore {
			return nil, nil, usagef("--score %q: the score should be a whole number from %d to %d", arg, inventory.MinScore, inventory.MaxScore)
		}
		sc[id] = n
	}
	return g, sc, nil
}

func newRequestReviewCmd(a *app, consensus bool) *cobra.Command {
	var reviewer, notes string
	var gates, scores []string
	use, short := "review REQUEST --reviewer NAME", "Record one reviewer's gates and scores (each reviewer on their own)"
	if consensus {
		use, short = "consensus REQUEST", "Record the team's agreed gates and scores, once every reviewer has answered"
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Long: short + ". Answers add to what is stored: give only what changed. Gates take pass, fail or\n" +
			"unknown; criteria are scored 1 (weak) to 4 (strong). The ids are the template's (see the\n" +
			"errors for the list).",
		Example: "  edtech-workbook inventory request review lingualens --reviewer Ana --gate privacy=pass --score need=4",
		Args:    exactArgs(1, "one REQUEST (an id or the product's name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !consensus && strings.TrimSpace(reviewer) == "" {
				return usagef("--reviewer is required: say whose answers these are")
			}
			return a.changeInventory(func(_ *store.Store, inv *store.Inventory) error {
				r, err := findRequest(inv.Inventory, args[0])
				if err != nil {
					return err
				}
				g, sc, err := parseAnswers(&inv.Criteria, gates, scores)
				if err != nil {
					return err
				}
				if consensus {
					c := inventory.Consensus{Gates: merge(r.Consensus.Gates, g), Scores: merge(r.Consensus.Scores, sc)}
					if err := r.SetConsensus(&inv.Criteria, c); err != nil {
						return err
					}
				} else {
					v := inventory.Review{Reviewer: strings.TrimSpace(reviewer), Notes: notes}
					for _, old := range r.Reviews {
						if strings.EqualFold(old.Reviewer, v.Reviewer) {
							v.Gates, v.Scores = old.Gates, old.Scores
							if !cmd.Flags().Changed("notes") {
								v.Notes = old.Notes
							}
						}
					}
					v.Gates, v.Scores = merge(v.Gates, g), merge(v.Scores, sc)
					if err := r.SetReview(&inv.Criteria, v); err != nil {
						return err
					}
				}
				sum := r.Summary(&inv.Criteria)
				who := "the team"
				if !consensus {
					who = workbook.CleanLine(reviewer)
				}
				fmt.Fprintf(a.stdout, "Recorded %s's answers on request %s. Team total so far: %d of %d; %d gate(s) not passed by the team yet.\n",
					who, r.ID, sum.Total, sum.Max, len(sum.Open)+len(sum.Failed))
				return nil
			})
		},
	}
	if !consensus {
		cmd.Flags().StringVar(&reviewer, "reviewer", "", "whose answers these are (required)")
		cmd.Flags().StringVar(&notes, "notes", "", "the reviewer's notes")
	}
	cmd.Flags().StringArrayVar(&gates, "gate", nil, "ID=pass|fail|unknown; repeat for each gate")
	cmd.Flags().StringArrayVar(&scores, "score", nil, "ID=1..4; repeat for each criterion")
	return cmd
}

// merge returns base with over's entries added (a new map).
func merge[V any](base, over map[string]V) map[string]V {
	out := make(map[string]V, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

func newRequestDecideCmd(a *app) *cobra.Command {
	var decision, reason string
	cmd := &cobra.Command{
		Use:   "decide REQUEST --decision approve|pilot|decline --reason TEXT",
		Short: "Record the team's decision on a request and its reason",
		Long: "A gate the team failed blocks approve and pilot; approve also needs every gate passed and\n" +
			"every criterion scored by the team. Decline is always open. The reason is shown on the public\n" +
			"\"tools we use\" page: write it for families.",
		Args: exactArgs(1, "one REQUEST (an id or the product's name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := inventory.ParseSelectionDecision(decision)
			if err != nil {
				return usagef("--decision: %v", err)
			}
			return a.changeInventory(func(_ *store.Store, inv *store.Inventory) error {
				r, err := findRequest(inv.Inventory, args[0])
				if err != nil {
					return err
				}
				if err := r.Decide(&inv.Criteria, d, reason, a.today()); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Request %s: %s.\n", r.ID, d)
				if d != inventory.Decline && r.ToolID == "" {
					fmt.Fprintf(a.stdout, "Add the tool to the inventory with `edtech-workbook inventory add %q --status %s`.\n",
						workbook.CleanLine(r.Product), map[inventory.SelectionDecision]inventory.Status{inventory.Approve: inventory.Approved, inventory.Pilot: inventory.Piloting}[d])
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&decision, "decision", "", "approve, pilot or decline (required)")
	cmd.Flags().StringVar(&reason, "reason", "", "why, in a sentence people outside the team can follow (required)")
	return cmd
}

func newInventoryEvaluateCmd(a *app) *cobra.Command {
	var year, decision, reason, dataExport, dataDeletion, replacement, lastDay, told string
	var scores, stakeholders []string
	cmd := &cobra.Command{
		Use:   "evaluate TOOL",
		Short: "Record a tool's yearly evaluation: scores with their evidence, what people said, the decision",
		Long: "Score a tool on the template's evaluation criteria (1-4), each with the strength of its evidence\n" +
			"(vendor-claim, third-party-review, local-trial or local-data), record what each group said,\n" +
			"and decide: renew, scale, adjust or retire. Retiring needs a transition plan (--told,\n" +
			"--data-export, --data-deletion, --replacement, --last-day). Answers add to the stored\n" +
			"evaluation of that tool and year: give only what changed.",
		Example: "  edtech-workbook inventory evaluate quizwhiz --year 2025-26 --score usage=1:local-data --score \"cost=2:local-data:95 users of 500\"\n" +
			"  edtech-workbook inventory evaluate quizwhiz --year 2025-26 --stakeholder \"Teachers:41=Most use ClassHub's quizzes\"",
		Args: exactArgs(1, "one TOOL (an id or a name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if year == "" {
				year = inventory.SchoolYearOf(a.today())
			}
			if _, err := inventory.SchoolYearPeriod(year); err != nil {
				return usagef("--year: %v", err)
			}
			return a.changeInventory(func(_ *store.Store, inv *store.Inventory) error {
				t, err := findTool(inv.Inventory, args[0])
				if err != nil {
					return err
				}
				e := inventory.Evaluation{ToolID: t.ID, SchoolYear: year}
				if old := inv.Evaluation(t.ID, year); old != nil {
					e = old.Clone()
				}
				if e.Scores == nil {
					e.Scores = map[string]inventory.EvalScore{}
				}
				for _, arg := range scores {
					id, sc, err := parseEvalScore(&inv.Criteria, arg)
					if err != nil {
						return err
					}
					e.Scores[id] = sc
				}
				for _, arg := range stakeholders {
					in, err := parseStakeholder(arg)
					if err != nil {
						return err
					}
					e.Stakeholders = append(e.Stakeholders, in)
				}
				if decision != "" {
					d, err := inventory.ParseEvalDecision(decision)
					if err != nil {
						return usagef("--decision: %v", err)
					}
					e.Decision, e.Decided = d, a.today()
				}
				if cmd.Flags().Changed("reason") {
					e.Reason = strings.TrimSpace(reason)
				}
				if told != "" || dataExport != "" || dataDeletion != "" || replacement != "" || lastDay != "" {
					tr := inventory.Transition{}
					if e.Transition != nil {
						tr = *e.Transition
					}
					if told != "" {
						tr.Told = workbook.SplitList(told)
					}
					for _, f := range []struct {
						v string
						p *string
					}{{dataExport, &tr.DataExport}, {dataDeletion, &tr.DataDeletion}, {replacement, &tr.Replacement}} {
						if f.v != "" {
							*f.p = strings.TrimSpace(f.v)
						}
					}
					if lastDay != "" {
						d, err := inventory.ParseDate(lastDay)
						if err != nil {
							return usagef("--last-day: %v", err)
						}
						tr.Date = d
					}
					e.Transition = &tr
				}
				if err := inv.SetEvaluation(&inv.Criteria, e); err != nil {
					if e.Decision == inventory.Retire {
						return fmt.Errorf("%w (give it with --told, --data-export, --data-deletion, --replacement and --last-day)", err)
					}
					return err
				}
				total, most := e.Total(&inv.Criteria)
				decided := "no decision yet"
				if e.Decision != "" {
					decided = "decision: " + string(e.Decision)
				}
				fmt.Fprintf(a.stdout, "Evaluation of %q for %s: %d of %d, %d of %d criteria scored; %s.\n", workbook.CleanLine(t.Name), year,
					total, most, len(e.Scores), len(inv.Criteria.Evaluation), decided)
				if e.Decision == inventory.Retire && t.Status != inventory.Retiring {
					fmt.Fprintf(a.stdout, "Mark the tool as retiring with `edtech-workbook inventory set %s status=retiring`.\n", t.ID)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&year, "year", "", "the school year evaluated, like 2025-26 (default: this one)")
	cmd.Flags().StringArrayVar(&scores, "score", nil, "ID=SCORE:EVIDENCE[:NOTE], like usage=3:local-data; repeat for each criterion")
	cmd.Flags().StringArrayVar(&stakeholders, "stakeholder", nil, "GROUP[:RESPONSES]=WHAT THEY SAID; repeat for each group")
	cmd.Flags().StringVar(&decision, "decision", "", "renew, scale, adjust or retire")
	cmd.Flags().StringVar(&reason, "reason", "", "why, in a sentence people outside the team can follow")
	cmd.Flags().StringVar(&told, "told", "", "retiring: who is told, comma-separated")
	cmd.Flags().StringVar(&dataExport, "data-export", "", "retiring: how work and records are taken out")
	cmd.Flags().StringVar(&dataDeletion, "data-deletion", "", "retiring: how and when the vendor deletes student data")
	cmd.Flags().StringVar(&replacement, "replacement", "", "retiring: what takes over (or \"none\" and why)")
	cmd.Flags().StringVar(&lastDay, "last-day", "", "retiring: the last day of use, like 2026-06-30")
	return cmd
}

// parseEvalScore reads --score ID=SCORE:EVIDENCE[:NOTE].
func parseEvalScore(c *inventory.Criteria, arg string) (string, inventory.EvalScore, error) {
	var sc inventory.EvalScore
	id, rest, ok := strings.Cut(arg, "=")
	id = strings.TrimSpace(id)
	parts := strings.SplitN(rest, ":", 3)
	if !ok || len(parts) < 2 {
		return "", sc, usagef("--score %q is not ID=SCORE:EVIDENCE, like --score usage=3:local-data", arg)
	}
	var ids []string
	known := false
	for _, x := range c.Evaluation {
		ids = append(ids, x.ID)
		known = known || x.ID == id
	}
	if !known {
		return "", sc, usagef("--score %q: there is no evaluation criterion %q; the criteria are %s", arg, id, strings.Join(ids, ", "))
	}
	n, err := strconv.Atoi(strings.TrimSpace(parts[0]))
	if err != nil || n < inventory.MinScore || n > inventory.MaxScore {
		return "", sc, usagef("--score %q: the score should be a whole number from %d to %d", arg, inventory.MinScore, inventory.MaxScore)
	}
	ev, err := inventory.ParseEvidenceLevel(parts[1])
	if err != nil {
		return "", sc, usagef("--score %q: %v", arg, err)
	}
	sc = inventory.EvalScore{Score: n, Evidence: ev}
	if len(parts) == 3 {
		sc.Note = strings.TrimSpace(parts[2])
	}
	return id, sc, nil
}

// parseStakeholder reads --stakeholder GROUP[:RESPONSES]=SUMMARY.
func parseStakeholder(arg string) (inventory.StakeholderInput, error) {
	var in inventory.StakeholderInput
	who, summary, ok := strings.Cut(arg, "=")
	if !ok || strings.TrimSpace(who) == "" || strings.TrimSpace(summary) == "" {
		return in, usagef("--stakeholder %q is not GROUP=WHAT THEY SAID, like --stakeholder \"Families=They want Spanish messages\"", arg)
	}
	group, count, hasCount := strings.Cut(who, ":")
	in.Group, in.Summary = strings.TrimSpace(group), strings.TrimSpace(summary)
	if hasCount {
		n, err := strconv.ParseInt(strings.TrimSpace(count), 10, 64)
		if err != nil || n < 0 {
			return in, usagef("--stakeholder %q: %q is not a number of responses", arg, count)
		}
		in.Responses = inventory.Known(n)
	}
	return in, nil
}
