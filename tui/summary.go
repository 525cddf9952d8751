package tui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
	"edtech-workbook/workbook/store"
)

// The summary screen: a scrollable preview of the whole session (coach
// comments included) and the export: format, path, overwrite check, write.

// exportStep is where the export dialog is.
type exportStep int

const (
	exportIdle    exportStep = iota
	exportFormat             // choosing the format
	exportPath               // typing the path
	exportCheck              // checking whether the file exists (in a Cmd)
	exportConfirm            // the file exists: overwrite?
	exportWriting            // writing (in a Cmd)
)

// Messages of the export Cmds.
type (
	exportExistsMsg struct {
		path   string
		exists bool
		err    error
	}
	exportedMsg struct {
		path string
		err  error
	}
	// exportDirMsg carries the folder exports are offered in: the last
	// one remembered for this workbook file, or the file's own folder.
	exportDirMsg struct{ dir string }
)

type summaryScreen struct {
	c        *Common
	vp       viewport.Model
	rendered previewKey // what the preview in vp was made from
	width    int

	step   exportStep
	form   *huh.Form
	choice exportChoice
	path   string
	dir    string // the folder offered (absolute once exportDirMsg came)
	err    string // why the last try failed, shown whole in the dialog
	done   string // where the last export went, shown whole under the preview
}

// previewKey is what the preview depends on: it is rebuilt when it changes.
type previewKey struct {
	session  *workbook.Session
	revision int
	width    int
	dark     bool
}

// exportChoice is one entry of the format list: a format, and for CSV the
// table.
type exportChoice struct {
	format string // export.FormatMarkdown, …
	table  string // export.CSVTables entry (CSV only)
}

func newSummaryScreen(c *Common) *summaryScreen {
	vp := viewport.New()
	vp.SoftWrap = false // the preview is wrapped to the width already
	vp.KeyMap = c.Keys.viewportKeys()
	return &summaryScreen{c: c, vp: vp}
}

// Init finds the folder to offer exports in (see exportDirMsg).
func (m *summaryScreen) Init() tea.Cmd {
	if m.c.memory.exportDir != "" {
		m.dir = m.c.memory.exportDir
		return nil
	}
	m.dir = filepath.Dir(m.c.Store.Path())
	workbookFile, stateFile := m.c.Store.Path(), m.c.StateFile
	return func() tea.Msg { return exportDirMsg{exportFolder(workbookFile, stateFile)} }
}

// exportFolder is the folder exports from workbookFile are offered in: the
// last export's, as remembered in stateFile, while it exists; else the
// workbook file's own folder (absolute when it can be made so).
func exportFolder(workbookFile, stateFile string) string {
	if stateFile != "" {
		if dir := store.LastExportFolder(stateFile, workbookFile); dir != "" {
			if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
				return dir
			}
		}
	}
	abs, err := filepath.Abs(workbookFile)
	if err != nil {
		return filepath.Dir(workbookFile)
	}
	return filepath.Dir(abs)
}

func (m *summaryScreen) Title() string { return "Summary" }

func (m *summaryScreen) Capturing() bool { return m.step != exportIdle }

func (m *summaryScreen) Help() help.KeyMap {
	k := m.c.Keys
	switch m.step {
	case exportIdle:
		return newKeyHelp([]key.Binding{k.ScrollAll, k.Export},
			[]key.Binding{k.Up, k.Down, k.PageBack, k.PageOn, k.HalfUp, k.HalfDown}, []key.Binding{k.Export})
	case exportConfirm:
		return newKeyHelp([]key.Binding{k.Yes, k.No})
	}
	return newKeyHelp([]key.Binding{as(k.Enter, "next"), k.Cancel})
}

func (m *summaryScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case exportDirNotKeptMsg:
		m.c.SetWarning("the export was written, but its folder could not be remembered for next time: " + msg.err.Error())
		return m, nil
	case exportDirMsg:
		if m.c.memory.exportDir == "" {
			m.dir = msg.dir
		}
		return m, nil
	case exportExistsMsg:
		return m, m.afterCheck(msg)
	case exportedMsg:
		if msg.err != nil {
			return m, m.failed(msg.err)
		}
		m.step, m.err, m.done = exportIdle, "", msg.path
		m.c.SetStatus("exported to " + msg.path)
		return m, m.remember(filepath.Dir(msg.path))
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	if m.form != nil && !refuseInput(m.c, m.form, msg) {
		return m, m.updateForm(msg)
	}
	return m, nil
}

func (m *summaryScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	switch m.step {
	case exportIdle:
		m.done = "" // said once; the status line keeps it
		if key.Matches(msg, k.Export) {
			return m.startExport()
		}
		m.refresh()
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return cmd
	case exportConfirm:
		yes, decided := answerConfirmKey(k, msg)
		switch {
		case !decided:
			return nil
		case yes:
			return m.write()
		}
		m.step = exportIdle
		m.c.SetStatus("export cancelled; " + m.path + " was left as it was")
		return nil
	case exportFormat, exportPath:
		if key.Matches(msg, k.Cancel) {
			m.step, m.form, m.err = exportIdle, nil, ""
			m.c.SetStatus("export cancelled")
			return nil
		}
		return m.updateForm(msg)
	}
	return nil // checking or writing: wait for the Cmd
}

func (m *summaryScreen) newExportForm(field huh.Field) *huh.Form {
	km := m.c.Keys.formKeys()
	km.Select.Filter.SetEnabled(false)
	f := newForm(m.c, huh.NewGroup(field)).WithKeyMap(km).WithWidth(max(m.c.Width, 1))
	return f
}

// startExport asks for the format (skipped when there is only one).
func (m *summaryScreen) startExport() tea.Cmd {
	if m.c.Session == nil {
		return nil
	}
	if m.c.RemoteExport != "" {
		m.c.SetStatus(remoteExportHint(m.c.RemoteExport, m.c.Session))
		return nil
	}
	opts := exportChoices()
	if m.choice == (exportChoice{}) && len(opts) > 0 {
		m.choice = opts[0].Value
	}
	if len(opts) <= 1 {
		return m.askPath()
	}
	m.step = exportFormat
	m.form = m.newExportForm(huh.NewSelect[exportChoice]().Title("Export format").
		Options(opts...).Value(&m.choice))
	return m.form.Init()
}

// remoteExportHint says how to export a session over the cohort server's
// connection, where the app writes no file: the command to run from one's
// own terminal (with Markdown; every format of export works).
func remoteExportHint(command string, s *workbook.Session) string {
	file := defaultExportPath(s, exportChoice{format: export.FormatMarkdown})
	return "nothing is written on the server; from your own terminal: " + command + " " + s.ID + " --format md > " + filepath.Base(file)
}

// exportChoices lists what export.Formats holds; CSV once per table.
func exportChoices() []huh.Option[exportChoice] {
	var out []huh.Option[exportChoice]
	for _, f := range export.Formats {
		if f == export.FormatCSV && len(export.CSVTables) > 0 {
			for _, t := range export.CSVTables {
				c := exportChoice{format: f, table: t}
				out = append(out, huh.NewOption(c.label(), c))
			}
			continue
		}
		c := exportChoice{format: f}
		out = append(out, huh.NewOption(c.label(), c))
	}
	return out
}

// label names the choice in the list.
func (c exportChoice) label() string {
	switch f, table := c.format, c.table; f {
	case export.FormatMarkdown:
		return "Markdown (.md), to read or send"
	case export.FormatHTML:
		return "HTML (.html), to open in a browser"
	case export.FormatJSON:
		return "JSON (.json), to import elsewhere"
	case export.FormatCSV:
		if table != "" {
			return "CSV (.csv), the " + table + " table for a spreadsheet"
		}
		return "CSV (.csv), for a spreadsheet"
	}
	return cleanLine(c.format)
}

// askPath asks where to write, offering <folder>/<team>-<year>.<ext> in the
// folder of the last export (or the workbook file's).
func (m *summaryScreen) askPath() tea.Cmd {
	m.path = filepath.Join(m.dir, strings.TrimPrefix(defaultExportPath(m.c.Session, m.choice), "./"))
	return m.pathForm()
}

// pathForm opens the path field on m.path (again, after a failure).
func (m *summaryScreen) pathForm() tea.Cmd {
	m.step = exportPath
	m.form = m.newExportForm(huh.NewInput().Title("Export to file").
		Description(m.choice.label()).CharLimit(fieldLimit).Value(&m.path).
		Validate(func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New("type a file path, e.g. " + filepath.Join(m.dir, strings.TrimPrefix(defaultExportPath(m.c.Session, m.choice), "./")))
			}
			return nil
		}))
	return m.form.Init()
}

// failed shows why an export failed under the path, which stays open to
// be corrected.
func (m *summaryScreen) failed(err error) tea.Cmd {
	m.err = errorText(err)
	m.c.SetError(errors.New("the export failed; the reason is in the dialog"))
	return m.pathForm()
}

// remember keeps dir as the folder to offer next: for this run, and in
// the state file for the next runs on this workbook file.
func (m *summaryScreen) remember(dir string) tea.Cmd {
	m.c.memory.exportDir, m.dir = dir, dir
	stateFile, workbookFile := m.c.StateFile, m.c.Store.Path()
	if stateFile == "" {
		return nil
	}
	return func() tea.Msg {
		if err := store.RememberExportFolder(stateFile, workbookFile, dir); err != nil {
			return exportDirNotKeptMsg{err}
		}
		return nil
	}
}

// exportDirNotKeptMsg says the export folder could not be remembered.
type exportDirNotKeptMsg struct{ err error }

// defaultExportPath is ./<team>-<year>.<ext> (a CSV table other than the
// first adds its name) with the team name made safe for a file name.
func defaultExportPath(s *workbook.Session, choice exportChoice) string {
	format, table := choice.format, choice.table
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(cleanLine(s.Team) + " " + cleanLine(s.SchoolYear)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		name = "workbook"
	}
	if table != "" && len(export.CSVTables) > 0 && table != export.CSVTables[0] {
		name += "-" + table
	}
	return "./" + name + "." + format
}

func (m *summaryScreen) updateForm(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	m.form, cmd = m.c.updateForm(m.form, msg)
	switch m.form.State {
	case huh.StateCompleted:
		m.form = nil
		if m.step == exportFormat {
			return tea.Batch(cmd, m.askPath())
		}
		m.path = strings.TrimSpace(m.path)
		if !filepath.IsAbs(m.path) { // a name alone goes in the folder offered
			m.path = filepath.Join(m.dir, m.path)
		}
		m.step = exportCheck
		path, workbookFile := m.path, m.c.Store.Path()
		return func() tea.Msg {
			if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
				return exportExistsMsg{path: path, err: fmt.Errorf("folder %s does not exist; create it first, or choose another folder", filepath.Dir(path))}
			}
			if err := store.CheckOutputPath(path, workbookFile); err != nil {
				return exportExistsMsg{path: path, err: err} // never written over, not even after a y
			}
			if err := store.CheckOutputTarget(path); err != nil {
				return exportExistsMsg{path: path, err: err} // a folder, a FIFO, another workbook: never "overwrite it?"
			}
			_, err := os.Stat(path)
			switch {
			case err == nil:
				return exportExistsMsg{path: path, exists: true}
			case errors.Is(err, os.ErrNotExist):
				return exportExistsMsg{path: path}
			}
			return exportExistsMsg{path: path, err: fmt.Errorf("cannot check export file %s: %w; choose another path", path, err)}
		}
	case huh.StateAborted:
		m.form, m.step = nil, exportIdle
	}
	return cmd
}

func (m *summaryScreen) afterCheck(msg exportExistsMsg) tea.Cmd {
	if m.step != exportCheck || msg.path != m.path {
		return nil
	}
	switch {
	case msg.err != nil:
		return m.failed(msg.err)
	case msg.exists:
		m.step = exportConfirm
		return nil
	}
	return m.write()
}

// write renders and writes the export in a Cmd, from a copy of the session.
func (m *summaryScreen) write() tea.Cmd {
	if m.c.Session == nil {
		m.step = exportIdle
		return nil
	}
	m.step = exportWriting
	snapshot, path := m.c.Session.Clone(), m.path
	format, table, st, today := m.choice.format, m.choice.table, m.c.Store, m.c.todayTime()
	return func() tea.Msg {
		opts := export.Options{Table: table, Today: today}
		var err error
		if format == export.FormatJSON && st != nil {
			// A reviewed session's file carries the round it was made from.
			opts.Base, err = workbook.BaseFor(st, snapshot.ID)
		}
		var data []byte
		if err == nil {
			data, err = export.Render(snapshot, format, opts)
		}
		if err == nil {
			err = store.WriteFileAtomic(path, data)
		}
		return exportedMsg{path: path, err: err}
	}
}

func (m *summaryScreen) resize(w, h int) {
	m.width = max(w, 1)
	m.vp.SetWidth(max(w, 1))
	m.vp.SetHeight(max(h-1, 1)) // one line for the scroll position
	if m.form != nil {
		m.form.WithWidth(max(w, 1))
	}
	m.refresh() // rewraps when the width changed
}

// previewWidth caps the preview's lines: long lines are hard to read on a
// projector.
const previewWidth = 100

// refresh rebuilds the preview when the session, width or background changed.
func (m *summaryScreen) refresh() {
	s := m.c.Session
	if s == nil {
		return
	}
	key := previewKey{session: s, revision: s.Revision, width: min(m.width, previewWidth), dark: m.c.IsDark}
	if key == m.rendered && !m.c.Pending() {
		return
	}
	m.rendered = key
	m.vp.SetContent(renderPreview(m.c.Styles, s, m.c.todayTime(), min(m.width, previewWidth)))
}

func (m *summaryScreen) View() string {
	w, h := m.c.Width, m.c.Height
	if w <= 0 || h <= 0 || m.c.Session == nil {
		return ""
	}
	st := m.c.Styles
	switch m.step {
	case exportFormat, exportPath:
		if m.form != nil {
			out := st.Title.Render(truncate("Export", w)) + "\n\n" + m.form.View()
			if m.step == exportPath && m.err != "" {
				out += "\n" + st.Error.Render(wrap("! "+cleanLine(m.err), w))
			}
			if m.step == exportPath {
				out += "\n" + st.Muted.Render(wrap("A name alone is written in "+m.dir+". enter exports · esc cancels", w))
			}
			return clampLines(out, h)
		}
	case exportCheck, exportWriting:
		return clampLines(st.Muted.Render(truncate("Exporting to "+m.path+"…", w)), h)
	case exportConfirm:
		return clampLines(st.Warning.Render(wrap(cleanLine(m.path)+" already exists. Overwrite it? y overwrites, n keeps it", w)), h)
	}
	m.refresh()
	pos := fmt.Sprintf("%3.0f%% · x export", m.vp.ScrollPercent()*100)
	if m.done != "" { // the whole path, over the end of the preview
		done := st.Success.Render(wrap("Exported to "+cleanLine(m.done), w))
		lines := strings.Split(m.vp.View(), "\n")
		keep := max(len(lines)-strings.Count(done, "\n")-1, 0)
		return clampLines(strings.Join(lines[:keep], "\n")+"\n"+done+"\n"+st.Muted.Render(truncate(pos, w)), h)
	}
	return clampLines(m.vp.View()+"\n"+st.Muted.Render(truncate(pos, w)), h)
}
