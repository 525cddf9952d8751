package tui

import (
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// Store is what the app and the accessible mode ask of a workbook file.
// *store.Store provides it for a person at their own computer; the cohort
// server (package serve) gives each connection a guarded one that answers
// only what that person's role allows and refuses the rest with an error
// the status line shows, whatever route the request took (the list, a
// session id, an export, a comment). The app never decides alone who may
// see what.
type Store interface {
	workbook.Sessions // Get, Create, Update, Put
	List() ([]workbook.Summary, error)
	Delete(id string) error
	Templates() ([]*workbook.Template, error)
	// Path names the workbook file in messages (and keeps an export from
	// overwriting it).
	Path() string
	ReceivedFiles(id string) ([]workbook.ReceivedFile, error)
	ReceivedSession(id string, round int) (*workbook.Session, workbook.ReceivedFile, error)
	// EachSession walks the sessions keep accepts (the cohort screen).
	EachSession(keep func(workbook.Summary) bool, fn func(*workbook.Session) error) error
	// The tool inventory (the cohort server refuses it: it belongs to each
	// district's own workbook file).
	Inventory() (*store.Inventory, error)
	InventoryList() (*store.ToolList, error)
	SaveInventory(inv *store.Inventory) (*store.Inventory, error)
}

// SessionSaved tells a running app that someone else saved a session (the
// cohort server sends it to every connection that has the session open).
// An app showing that session brings its copy up to date at once, without
// a word, and puts its own unsaved edits back on top (workbook.Rebase): an
// edit to a field the other person changed to something else is not
// applied, and the status line says so. Session is the stored copy; the
// app never changes it.
type SessionSaved struct{ Session *workbook.Session }
