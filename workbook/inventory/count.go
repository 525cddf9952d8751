package inventory

import (
	"bytes"
	"strconv"
)

// Count is a whole number that may be unknown. The zero Count is unknown,
// which is not the same as a known zero: "no usage data" is never shown as
// "0 users". In JSON an unknown Count is null (or left out with omitzero).
type Count struct {
	n  int64
	ok bool
}

// Known returns a known count of n.
func Known(n int64) Count { return Count{n, true} }

// Value returns the count and whether it is known.
func (c Count) Value() (int64, bool) { return c.n, c.ok }

// IsZero reports whether the count is unknown (for omitzero).
func (c Count) IsZero() bool { return !c.ok }

// String is the number, or "unknown".
func (c Count) String() string {
	if !c.ok {
		return "unknown"
	}
	return strconv.FormatInt(c.n, 10)
}

// Add returns the sum of two counts; unknown plus a known count is that count.
func (c Count) Add(d Count) Count {
	switch {
	case !c.ok:
		return d
	case !d.ok:
		return c
	}
	return Known(c.n + d.n)
}

// Max returns the larger of two counts; unknown loses to any known count.
func (c Count) Max(d Count) Count {
	if !c.ok || (d.ok && d.n > c.n) {
		return d
	}
	return c
}

// MarshalJSON writes the number or null.
func (c Count) MarshalJSON() ([]byte, error) {
	if !c.ok {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, c.n, 10), nil
}

// UnmarshalJSON reads a whole number or null.
func (c *Count) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*c = Count{}
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return &countError{string(b)}
	}
	*c = Known(n)
	return nil
}

type countError struct{ text string }

func (e *countError) Error() string {
	return "count " + strconv.Quote(e.text) + " should be a whole number or null"
}
