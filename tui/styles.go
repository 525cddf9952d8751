package tui

import (
	"image/color"
	"sync"

	"charm.land/bubbles/v2/help"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Styles is the one set of styles of the app, built for a light or dark
// background. Nothing may depend on colour alone: selection also gets a "›"
// marker or reverse video, ratings are digits with labels. Under NO_COLOR the
// program's colour profile drops the colours and keeps bold/reverse.
type Styles struct {
	IsDark bool

	Accent, Subtle, Good, Warn, Bad color.Color // raw colours for custom drawing

	Header    lipgloss.Style // the title line
	Title     lipgloss.Style // a screen's headings
	Heading   lipgloss.Style // a sub-heading inside a screen
	Text      lipgloss.Style // plain body text
	Muted     lipgloss.Style // secondary text, hints
	Selected  lipgloss.Style // the cursor row (bold + reverse: visible without colour)
	Focused   lipgloss.Style // a focused, not-selected element
	Key       lipgloss.Style // a key name in prose ("press n")
	Error     lipgloss.Style
	Success   lipgloss.Style
	Warning   lipgloss.Style
	Pane      lipgloss.Style // a bordered pane
	PaneFocus lipgloss.Style // the focused pane
	BarFull   lipgloss.Style // filled part of a bar chart / progress bar
	BarEmpty  lipgloss.Style // empty part
	Status    lipgloss.Style // the status line
	StatusErr lipgloss.Style
	Dialog    lipgloss.Style // a confirmation box

	Help help.Styles // for bubbles/help
	Huh  huh.Theme   // cached huh theme: use with form.WithTheme(c.Styles.Huh)

	// plain is set for the accessible mode's read-back: charts drawn with
	// box characters are said in words instead.
	plain bool
}

// NewStyles builds the styles for a light (isDark=false) or dark background.
func NewStyles(isDark bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	s := &Styles{IsDark: isDark}
	s.Accent = ld(lipgloss.Color("#4B45C9"), lipgloss.Color("#8B87FF"))
	s.Subtle = ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
	s.Good = ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#5FD787"))
	s.Warn = ld(lipgloss.Color("#9A5B00"), lipgloss.Color("#FFB454"))
	s.Bad = ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF6B6B"))
	text := ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#E8E8E8"))

	base := lipgloss.NewStyle()
	s.Header = base.Bold(true).Foreground(s.Accent)
	s.Title = base.Bold(true).Foreground(s.Accent)
	s.Heading = base.Bold(true)
	s.Text = base.Foreground(text)
	s.Muted = base.Foreground(s.Subtle)
	s.Selected = base.Bold(true).Reverse(true)
	s.Focused = base.Bold(true).Foreground(s.Accent)
	s.Key = base.Bold(true)
	s.Error = base.Bold(true).Foreground(s.Bad)
	s.Success = base.Foreground(s.Good)
	s.Warning = base.Bold(true).Foreground(s.Warn)
	s.Pane = base.Border(lipgloss.RoundedBorder()).BorderForeground(s.Subtle).Padding(0, 1)
	s.PaneFocus = base.Border(lipgloss.RoundedBorder()).BorderForeground(s.Accent).Padding(0, 1)
	s.BarFull = base.Foreground(s.Accent)
	s.BarEmpty = base.Foreground(s.Subtle)
	s.Status = base.Foreground(s.Subtle)
	s.StatusErr = base.Bold(true).Foreground(s.Bad)
	s.Dialog = base.Border(lipgloss.DoubleBorder()).BorderForeground(s.Warn).Padding(0, 2)

	s.Help = help.DefaultStyles(isDark)
	// Built once per Styles: huh v2.0.3 otherwise rebuilds the whole theme
	// per rendered option on every keystroke (stack-notes §1.3, 3-5x slower).
	s.Huh = CachedTheme(huh.ThemeCharm)
	return s
}

// CachedTheme builds a huh theme for each background once, when a form
// first asks for it: the home screen, which the app starts on, has no form,
// and building the themes took ~0.3 ms of every start (NewStyles runs again
// once the terminal says its background).
func CachedTheme(base huh.ThemeFunc) huh.ThemeFunc {
	var once [2]sync.Once
	var built [2]*huh.Styles
	return func(isDark bool) *huh.Styles {
		i := 0
		if isDark {
			i = 1
		}
		once[i].Do(func() { built[i] = markChoice(base(isDark)) })
		return built[i]
	}
}

// markChoice makes the chosen yes/no button bold: the base
// themes tell the buttons apart by colour only, which NO_COLOR removes.
func markChoice(st *huh.Styles) *huh.Styles {
	st.Focused.FocusedButton = st.Focused.FocusedButton.Bold(true)
	st.Blurred.FocusedButton = st.Blurred.FocusedButton.Bold(true)
	return st
}
