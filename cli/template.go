package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

func newTemplateCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "template",
		Short: "List, show, check, export, import and compare workbook templates",
		Long: "A template holds the rating scale, the self-assessment rubric and the prompts of the later\n" +
			"parts. Templates are YAML files a facilitator can edit (see docs/templates.md). TEMPLATE is an\n" +
			"id (newest version), id@version, or a .yaml file.",
		Args: noArgs,
	}
	cmd.AddCommand(
		newTemplateListCmd(a), newTemplateShowCmd(a), newTemplateLintCmd(a), newTemplateExportCmd(a),
		newTemplateImportCmd(a), newTemplateNewVersionCmd(a), newTemplateDiffCmd(a),
	)
	return cmd
}

// templateListEntry is one line of `template list --json`.
type templateListEntry struct {
	Ref        string `json:"ref"`
	ID         string `json:"id"`
	Version    int    `json:"version"`
	Title      string `json:"title"`
	SchoolYear string `json:"school_year"`
	Domains    int    `json:"domains"`
	Indicators int    `json:"indicators"`
	Source     string `json:"source"`
}

func newTemplateListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the built-in templates and those stored in the workbook file",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := a.readStore()
			if err != nil {
				return err
			}
			defer store.Close()
			all, err := templatefile.Available(store)
			if err != nil {
				return err
			}
			if asJSON {
				out := []templateListEntry{}
				for _, e := range all {
					t := e.Template
					out = append(out, templateListEntry{Ref: t.Ref(), ID: t.ID, Version: t.Version, Title: t.Title, SchoolYear: t.SchoolYear,
						Domains: len(t.Domains), Indicators: len(t.Indicators()), Source: string(e.Source)})
				}
				return a.writeJSON(out)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "TEMPLATE\tTITLE\tYEAR\tDOMAINS\tINDICATORS\tSOURCE")
			for _, e := range all {
				t := e.Template
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", cell(t.Ref()), cell(t.Title), cell(t.SchoolYear),
					len(t.Domains), len(t.Indicators()), e.Source)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	return cmd
}

func newTemplateShowCmd(a *app) *cobra.Command {
	var width int
	cmd := &cobra.Command{
		Use:   "show [TEMPLATE]",
		Short: "Print a template as readable text (default: the built-in template)",
		Args:  maxArgs(1, "one TEMPLATE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := a.resolveTemplate(args, templatefile.DefaultTemplateID)
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(a.stdout, workbook.CleanText(templatefile.Text(t, width)))
			return err
		},
	}
	cmd.Flags().IntVar(&width, "width", 80, "wrap text at this many columns")
	return cmd
}

func newTemplateLintCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "lint FILE...",
		Short: "Check template files and report every problem as FILE:LINE:COL",
		Args:  minArgs(1, "at least one template FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			failed := 0
			for _, path := range args {
				t, err := templatefile.Load(path)
				if err != nil {
					failed++
					fmt.Fprintln(a.stdout, workbook.CleanText(err.Error()))
					continue
				}
				fmt.Fprintf(a.stdout, "%s: ok (%s, %d domains, %d indicators)\n", workbook.CleanLine(path), workbook.CleanLine(t.Ref()), len(t.Domains), len(t.Indicators()))
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d template files have problems; fix the lines listed above", failed, len(args))
			}
			return nil
		},
	}
}

func newTemplateExportCmd(a *app) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "export [TEMPLATE]",
		Short: "Write a template as YAML (default: the built-in template)",
		Args:  maxArgs(1, "one TEMPLATE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := a.resolveTemplate(args, templatefile.DefaultTemplateID)
			if err != nil {
				return err
			}
			return a.writeTemplate(t, out)
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

func newTemplateImportCmd(a *app) *cobra.Command {
	var replace bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Check a template file and store it in the workbook file",
		Args:  exactArgs(1, "one template FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := templatefile.Load(args[0])
			if err != nil {
				return err
			}
			// A stored template takes the place of a built-in one with the
			// same id and version, so that needs saying.
			if _, berr := templatefile.BuiltinTemplate(t.Ref()); berr == nil && !replace {
				return fmt.Errorf("template %s is built into edtech-workbook; give your file another version (or id), or pass --replace to use it in place of the built-in one in this workbook file",
					workbook.CleanLine(t.Ref()))
			}
			store, err := a.openStore()
			if err != nil {
				return err
			}
			defer store.Close()
			if err := store.PutTemplate(t, replace); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Stored template %s (%s) in %s.\n", workbook.CleanLine(t.Ref()), workbook.CleanLine(t.Title), workbook.CleanLine(store.Path()))
			return nil
		},
	}
	cmd.Flags().BoolVar(&replace, "replace", false, "replace a stored or built-in template with the same id and version")
	return cmd
}

func newTemplateNewVersionCmd(a *app) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "new-version TEMPLATE",
		Short: "Start the next version of a template: writes it as YAML with the version raised",
		Long: "Writes TEMPLATE as YAML with its version raised by one and its school year moved on, as the\n" +
			"starting point for next year's edits. Keep indicator ids when you reword an indicator, so\n" +
			"last year's ratings still line up (see docs/templates.md). Then lint and import the file.",
		Example: "  edtech-workbook template new-version edtech-systems -o edtech-systems-v2.yaml",
		Args:    exactArgs(1, "one TEMPLATE id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := a.resolveTemplate(args, "")
			if err != nil {
				return err
			}
			next, err := templatefile.NextTemplateVersion(t)
			if err != nil {
				return err
			}
			return a.writeTemplate(next, out)
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

func newTemplateDiffCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "diff OLD NEW",
		Short:   "List what changed between two templates (added, removed, renamed, changed levels)",
		Example: "  edtech-workbook template diff edtech-systems@1 edtech-systems-v2.yaml",
		Args:    exactArgs(2, "two templates, OLD and NEW"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ts, err := a.resolveTemplates(args[0], args[1])
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(a.stdout, workbook.CleanText(templatefile.DiffTemplates(ts[0], ts[1]).String()))
			return err
		},
	}
}

// resolveTemplate finds the template named by args[0], or def when absent.
func (a *app) resolveTemplate(args []string, def string) (*workbook.Template, error) {
	ref := def
	if len(args) > 0 {
		ref = args[0]
	}
	ts, err := a.resolveTemplates(ref)
	if err != nil {
		return nil, err
	}
	return ts[0], nil
}

// resolveTemplates finds the templates refs name, in the workbook file
// (opened once for all of them), among the built-in ones or in files.
func (a *app) resolveTemplates(refs ...string) ([]*workbook.Template, error) {
	for _, ref := range refs {
		if ref == "" {
			return nil, usagef("name a template (see `edtech-workbook template list`)")
		}
	}
	store, openErr := a.readStore()
	if openErr == nil {
		defer store.Close()
	}
	out := make([]*workbook.Template, len(refs))
	for i, ref := range refs {
		if openErr == nil {
			t, err := templatefile.Resolve(store, ref)
			if err != nil {
				return nil, err
			}
			out[i] = t
			continue
		}
		// Built-in templates and files need no workbook file.
		if t, err := templatefile.BuiltinTemplate(ref); err == nil {
			out[i] = t
		} else if t, err := templatefile.Load(ref); err == nil {
			out[i] = t
		} else {
			return nil, openErr
		}
	}
	return out, nil
}

// writeTemplate writes t as YAML to out (a file, privately) or stdout.
func (a *app) writeTemplate(t *workbook.Template, out string) error {
	data, err := templatefile.Marshal(t)
	if err != nil {
		return err
	}
	return a.writeOutput(out, data, t.Ref())
}
