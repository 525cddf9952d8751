package tui

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"edtech-workbook/workbook/inventory"
)

// appChanger is the full-window app's invChanger: invDoc's checked edits,
// with the Cmds of their saves collected for the screen to return.
type appChanger struct {
	c    *Common
	cmds []tea.Cmd
}

func (a *appChanger) inventory() *inventory.Inventory { return a.c.inv.inv() }
func (a *appChanger) criteriaOf() *inventory.Criteria { return a.c.inv.criteria() }
func (a *appChanger) day() inventory.Date             { return a.c.toolDay() }
func (a *appChanger) tell(text string)                { a.c.inv.done(a.c, text) }

func (a *appChanger) keep(cmd tea.Cmd, err error) error {
	a.cmds = append(a.cmds, cmd)
	return err
}

func (a *appChanger) changeTool(id string, change func(*inventory.Inventory, *inventory.Tool) error) error {
	return a.keep(a.c.inv.editTool(id, change))
}

func (a *appChanger) newTool(t inventory.Tool) (string, error) {
	id, cmd, err := a.c.inv.addTool(t)
	return id, a.keep(cmd, err)
}

func (a *appChanger) changeRequest(id string, change func(*inventory.Request) error) error {
	return a.keep(a.c.inv.editRequest(id, change))
}

func (a *appChanger) newRequest(r inventory.Request) (string, error) {
	id, cmd, err := a.c.inv.addRequest(r)
	return id, a.keep(cmd, err)
}

func (a *appChanger) putEvaluation(e inventory.Evaluation) error {
	return a.keep(a.c.inv.setEvaluation(e))
}

func (a *appChanger) replaceAll(next *inventory.Inventory) error {
	return a.keep(a.c.inv.replace(next, a.c.toolDay()))
}

func (a *appChanger) cmd() tea.Cmd { return tea.Batch(a.cmds...) }

// change runs one change through an appChanger and returns its saves.
func (c *Common) changeInventory(fn func(ch invChanger) error) (tea.Cmd, error) {
	ch := &appChanger{c: c}
	err := fn(ch)
	return ch.cmd(), err
}

// formFor shows f in the app: submitting applies it; a question it asks
// goes to ask (the screen's y/n); after (optional) runs when it was
// applied without a question.
func formFor(c *Common, f invForm, ask func(*invConfirm), after func() tea.Cmd) *smallForm {
	build := func() *huh.Form { return f.huhForm(c) }
	apply := func() (tea.Cmd, error) {
		ch := &appChanger{c: c}
		q, err := f.apply(ch)
		if err != nil {
			return ch.cmd(), err
		}
		if q != nil {
			ask(confirmOf(c, q))
			return ch.cmd(), nil
		}
		if after != nil {
			ch.cmds = append(ch.cmds, after())
		}
		return ch.cmd(), nil
	}
	return newSmallFormFunc(c, f.title, build, apply)
}

// confirmOf is a form's question as the screen's y/n.
func confirmOf(c *Common, q *invQuestion) *invConfirm {
	return &invConfirm{
		question: q.text + " y confirms, n changes nothing",
		yes: func() (tea.Cmd, error) {
			return c.changeInventory(q.yes)
		},
	}
}
