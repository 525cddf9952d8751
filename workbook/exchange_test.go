package workbook_test

import (
	"reflect"
	"testing"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// TestCloneIsDeep checks that Clone copies every field and shares nothing
// mutable: it walks the session with reflection, so a field added later
// without a copy in Clone makes it fail.
func TestCloneIsDeep(t *testing.T) {
	orig, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	res, err := workbook.CarryForward(orig, "2026-27", nil) // a session with Previous set
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*workbook.Session{orig, res.Session} {
		c := s.Clone()
		if !reflect.DeepEqual(c, s) {
			t.Fatal("clone differs from the original")
		}
		c.Template = workbook.Template{} // shared on purpose
		assertNoSharedMemory(t, reflect.ValueOf(s).Elem(), reflect.ValueOf(c).Elem(), "Session")
	}
}

// assertNoSharedMemory fails when a and b reach the same slice array, map
// or pointer target anywhere below them.
func assertNoSharedMemory(t *testing.T, a, b reflect.Value, path string) {
	t.Helper()
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return
		}
		if a.Pointer() == b.Pointer() {
			t.Fatalf("%s is shared between the original and the clone", path)
		}
		assertNoSharedMemory(t, a.Elem(), b.Elem(), path)
	case reflect.Map:
		if a.IsNil() || b.IsNil() || a.Len() == 0 {
			return
		}
		if a.Pointer() == b.Pointer() {
			t.Fatalf("%s is shared between the original and the clone", path)
		}
		for _, k := range a.MapKeys() {
			assertNoSharedMemory(t, a.MapIndex(k), b.MapIndex(k), path+"["+k.String()+"]")
		}
	case reflect.Slice:
		if a.Len() == 0 || b.Len() == 0 {
			return
		}
		if a.Pointer() == b.Pointer() {
			t.Fatalf("%s is shared between the original and the clone", path)
		}
		for i := 0; i < a.Len(); i++ {
			assertNoSharedMemory(t, a.Index(i), b.Index(i), path)
		}
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if path == "Session" && a.Type().Field(i).Name == "Template" {
				continue
			}
			assertNoSharedMemory(t, a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name)
		}
	}
}
