package inventory

import (
	"encoding/json"
	"testing"
)

func TestCount(t *testing.T) {
	var unknown Count
	if unknown.String() != "unknown" || Known(0).String() != "0" {
		t.Errorf("strings: %q %q", unknown, Known(0))
	}
	if got := unknown.Add(Known(3)).Add(Known(4)); got != Known(7) {
		t.Errorf("Add = %v, want 7", got)
	}
	if got := Known(3).Max(unknown).Max(Known(9)).Max(Known(2)); got != Known(9) {
		t.Errorf("Max = %v, want 9", got)
	}
	type holder struct {
		A Count `json:"a"`
		B Count `json:"b,omitzero"`
		C Count `json:"c,omitzero"`
	}
	buf, _ := json.Marshal(holder{C: Known(0)})
	if string(buf) != `{"a":null,"c":0}` {
		t.Errorf("marshal = %s; a known zero must be kept and an unknown left out", buf)
	}
	var h holder
	if err := json.Unmarshal([]byte(`{"a":null,"b":12}`), &h); err != nil || h.A.ok || h.B != Known(12) {
		t.Errorf("unmarshal = %+v, %v", h, err)
	}
	if err := json.Unmarshal([]byte(`{"a":1.5}`), &h); err == nil {
		t.Error("a fraction should not load as a count")
	}
}
