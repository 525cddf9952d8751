package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/spinner"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"edtech-workbook/workbook"
)

// progressLine shows how far a long command is (cohort, doctor, export
// --all, the imports) on one line of standard error, and only when standard
// error is a terminal: a Bubbles progress bar with a count while the total
// is known ("Checking ████░░░░ 2140 of 10000 sessions"), a Bubbles
// spinner with what is being done otherwise. The line is redrawn at most
// every 100 ms by a ticker of its own (so the spinner turns while the work
// runs) and cleared when the work is done; the command's own messages come
// after. Piped or redirected, it writes nothing.
//
// The zero delay shows the line at once; app.progressDelay holds it back a
// moment, so quick commands never flash one.
type progressLine struct {
	mu    sync.Mutex
	w     io.Writer
	on    bool
	width int // the terminal's columns

	label        string // what is being done
	done, total  int
	unit         string // what is counted: "sessions"
	drawn        bool
	frame        int
	start, after time.Time

	bar  progress.Model
	spin spinner.Spinner
	stop chan struct{}
	wg   sync.WaitGroup
}

// progressTick is how often the line is redrawn.
const progressTick = 100 * time.Millisecond

// startProgress starts a progress line saying label (e.g. "Reading team.json").
func (a *app) startProgress(label string) *progressLine {
	p := &progressLine{label: label, start: time.Now()}
	if !a.stderrIsTerminal() {
		return p // off: every method does nothing
	}
	f := a.stderr.(*os.File)
	p.on = true
	p.width = 80
	if w, _, err := term.GetSize(f.Fd()); err == nil && w > 20 {
		p.width = w
	}
	p.w = colorprofile.NewWriter(a.stderr, os.Environ())
	p.after = p.start.Add(a.progressDelay)
	p.bar = progress.New(progress.WithDefaultBlend(), progress.WithoutPercentage(), progress.WithWidth(min(30, p.width/3)))
	p.spin = spinner.MiniDot
	stop := make(chan struct{})
	p.stop = stop
	p.wg.Go(func() {
		t := time.NewTicker(progressTick)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				p.mu.Lock()
				p.frame++
				p.draw()
				p.mu.Unlock()
			}
		}
	})
	p.mu.Lock()
	p.draw()
	p.mu.Unlock()
	return p
}

// step says what is being done now, with no count (the spinner turns).
func (p *progressLine) step(label string) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.label, p.total, p.done = label, 0, 0
	p.draw()
}

// count says how far the work is: done of total, in unit ("sessions",
// "files"); the ticker redraws the line.
func (p *progressLine) count(done, total int, unit string) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.total, p.unit = done, total, unit
	if !p.drawn {
		p.draw()
	}
}

// end clears the line and stops redrawing it; the progress line is then
// done for good. Safe to call more than once.
func (p *progressLine) end() {
	if !p.on {
		return
	}
	p.mu.Lock()
	if p.stop == nil {
		p.mu.Unlock()
		return
	}
	close(p.stop)
	p.stop = nil
	p.mu.Unlock()
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r"+ansi.EraseLineRight)
	}
	p.on = false
}

// draw writes the line (the caller holds p.mu): "Checking ████░░░░ 2140
// of 10000 sessions" with a total, "⠼ Reading team.json…" without.
func (p *progressLine) draw() {
	if !p.on || p.stop == nil || time.Now().Before(p.after) {
		return
	}
	label := workbook.CleanLine(p.label)
	var line string
	if p.total > 0 {
		line = fmt.Sprintf("%s %s %d of %d %s", label, p.bar.ViewAs(float64(p.done)/float64(p.total)), p.done, p.total, p.unit)
	} else {
		line = p.spin.Frames[p.frame%len(p.spin.Frames)] + " " + label + "…"
	}
	fmt.Fprint(p.w, "\r"+ansi.Truncate(line, p.width-1, "…")+ansi.EraseLineRight)
	p.drawn = true
}
