package workbook

// Sessions is what the rules the command line and the app share (carry
// forward, add a comment, import for review) need of a workbook file;
// *store.Store provides it. The rules run the store's operations and words
// nothing: callers keep the I/O and the wording.
type Sessions interface {
	Get(id string) (*Session, error)
	Create(s *Session) (*Session, error)
	Update(s *Session) (*Session, error)
	Put(s *Session) error
}
