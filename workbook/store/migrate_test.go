package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"edtech-workbook/workbook"
)

// The migration to schema 3 on testdata/schema2, written by the last
// release of schema 2 (commit 16ca04a, with that release's code): the demo
// session, a session with every framing and reflection field filled, a
// session carried forward from it on a stored template, and that template;
// sessions/*.json are the same sessions as that release exported them
// (exchange format 1).
func TestMigrationFromSchema2(t *testing.T) {
	fixture := fileBytes(t, filepath.Join("testdata", "schema2", "workbook.db"))
	path := filepath.Join(t.TempDir(), "w.db")
	if err := os.WriteFile(path, fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	readEverything := func(st *Store) (string, map[string]*workbook.Session) {
		t.Helper()
		list, err := st.List()
		if err != nil {
			t.Fatal(err)
		}
		tmpls, err := st.Templates()
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		byTeam := map[string]*workbook.Session{}
		for _, s := range list {
			s.Revision, s.Progress = 0, 0
			sess, err := st.Get(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			byTeam[sess.ID] = sess
			c := sess.Clone()
			c.Revision = 0
			b, _ := workbook.MarshalSession(c)
			fmt.Fprintf(&out, "%+v\n%s\n", s, b)
		}
		b, _ := json.Marshal(tmpls)
		out.Write(b)
		return out.String(), byTeam
	}

	// A read-only command reads the old file through the conversion and
	// changes nothing.
	ro, err := Open(path, ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := readEverything(ro)
	_ = ro.Close()
	if rep, err := Doctor(path); err != nil || !rep.OK() || rep.Schema != 2 || rep.Sessions != 3 || rep.Templates != 1 {
		t.Fatalf("Doctor of the schema-2 file = %+v, %v", rep, err)
	}
	if !bytes.Equal(fixture, fileBytes(t, path)) {
		t.Fatal("reading a schema-2 file changed it")
	}

	// The app upgrades it after a checked backup of the schema-2 file.
	st, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if rep, err := Doctor(BackupPath(path)); err != nil || rep.Schema != 2 || !rep.OK() || rep.Sessions != 3 {
		t.Fatalf("the backup: %+v, %v", rep, err)
	}
	got, sessions := readEverything(st)
	if got != old {
		t.Fatalf("after the upgrade the file reads differently:\n%.2000s\nwas\n%.2000s", got, old)
	}
	if rep, err := Doctor(path); err != nil || !rep.OK() || rep.Schema != SchemaVersion {
		t.Fatalf("Doctor after the upgrade = %+v, %v", rep, err)
	}
	if errs := st.Check(); len(errs) > 0 {
		t.Fatalf("check after the upgrade: %v", errs)
	}

	for name, id := range map[string]string{"demo": "demo-alderbrook-2025-26", "every-field": "every-field-0001", "carried": "carried-0001"} {
		t.Run(name, func(t *testing.T) {
			sess := sessions[id]
			if sess == nil {
				t.Fatalf("session %s is gone", id)
			}
			if err := workbook.ValidateSession(sess); err != nil {
				t.Fatalf("the migrated session is not valid: %v", err)
			}
			raw := fileBytes(t, filepath.Join("testdata", "schema2", "sessions", name+".json"))
			// An exchange-format-1 file of the same session imports through
			// the same conversion to the same session.
			imported, err := workbook.ImportSession(raw)
			if err != nil {
				t.Fatalf("the format-1 export does not import: %v", err)
			}
			imported.Revision = sess.Revision
			if !reflect.DeepEqual(imported, sess) {
				a, _ := workbook.MarshalSession(imported)
				b, _ := workbook.MarshalSession(sess)
				t.Errorf("import of the format-1 file and the migration differ:\n%.3000s\n---\n%.3000s", a, b)
			}
			checkConverted(t, raw, sess)
		})
	}

	// The stored template: reworded framing prompts became the questions'
	// text, reworded reflection help the questions' help.
	tmpls, err := st.Templates()
	if err != nil || len(tmpls) != 1 {
		t.Fatalf("templates: %d, %v", len(tmpls), err)
	}
	v := tmpls[0]
	if q, _, _ := v.Question("why_matters"); !strings.HasPrefix(q.Text, "Riverside asks: ") || q.Kind != workbook.KindLongText {
		t.Errorf("why_matters = %+v", q)
	}
	if q, _, _ := v.Question("centered"); q.Kind != workbook.KindStudentGroups || !strings.HasPrefix(q.Text, "Riverside asks: ") {
		t.Errorf("centered = %+v", q)
	}
	if q, _, _ := v.Question("story"); q.Help != "Riverside's help for story" {
		t.Errorf("story = %+v", q)
	}
	if !strings.HasPrefix(v.Prompts.Problem.Text, "Riverside asks: ") || v.Prompts.Decision.Help != "Riverside's help for decision" {
		t.Errorf("prompts = %+v", v.Prompts)
	}
	if err := workbook.ValidateTemplate(v); err != nil {
		t.Errorf("the migrated template is not valid: %v", err)
	}

	// Saving works, and a stale revision from before the upgrade conflicts.
	s := sessions["every-field-0001"]
	stale := s.Clone()
	s.Rating("voice-families").Equity = "Families who speak Portuguese answer least."
	if _, err := st.Update(s); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Update(stale); !errors.Is(err, workbook.ErrConflict) {
		t.Fatalf("stale save = %v", err)
	}
	if back, _ := st.Get(s.ID); back.RatingOf("voice-families").Equity != "Families who speak Portuguese answer least." {
		t.Error("the equity answer was not stored")
	}
}

// checkConverted compares a format-1 session file with the session it
// became: every framing answer under its question id, the student groups
// as the `centered` answer, the reflection's moves and story as answers,
// and every other text where it was; no text typed in the old file is
// missing from the new session.
func checkConverted(t *testing.T, raw []byte, sess *workbook.Session) {
	t.Helper()
	var file struct {
		Session map[string]any `json:"session"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	oldS := file.Session
	problem := oldS["problem"].(map[string]any)
	reflection := oldS["reflection"].(map[string]any)
	for _, id := range []string{"why_matters", "who_affected", "improvement", "why_chosen", "evidence", "stakeholders", "within_control"} {
		if want := problem[id].(string); sess.Answer(id).Text != want {
			t.Errorf("answers[%s] = %q, want %q", id, sess.Answer(id).Text, want)
		}
	}
	for _, id := range []string{"leadership_moves", "story"} {
		if want := reflection[id].(string); sess.Answer(id).Text != want {
			t.Errorf("answers[%s] = %q, want %q", id, sess.Answer(id).Text, want)
		}
	}
	var groups []string
	for _, g := range problem["student_groups"].([]any) {
		groups = append(groups, g.(string))
	}
	if got := sess.Answer("centered").Choices; !slices.Equal(got, groups) {
		t.Errorf("answers[centered] = %q, want %q", got, groups)
	}
	if sess.Problem.Question != problem["question"] || sess.Problem.Phase != problem["phase"] ||
		sess.Reflection.DecisionReason != reflection["decision_reason"] || sess.Reflection.Decision != reflection["decision"] {
		t.Errorf("problem %+v, reflection %+v", sess.Problem, sess.Reflection)
	}
	for id := range sess.Answers {
		if _, _, ok := sess.Template.Question(id); !ok {
			t.Errorf("answer %s has no question", id)
		}
	}

	// Nothing typed is lost: every text of the old file (its template
	// snapshot too) is somewhere in the new session. The prompts' ids are
	// not text: they became the keys of the prompts and the questions' ids.
	for _, sec := range oldS["template"].(map[string]any)["prompts"].(map[string]any) {
		for _, p := range sec.([]any) {
			delete(p.(map[string]any), "id")
		}
	}
	newJSON, _ := json.Marshal(sess)
	var newTree any
	_ = json.Unmarshal(newJSON, &newTree)
	have := map[string]bool{}
	eachJSONString(newTree, func(s string) { have[s] = true })
	n := 0
	eachJSONString(any(oldS), func(s string) {
		n++
		if s != "" && !have[s] {
			t.Errorf("the text %q is lost", s)
		}
	})
	if n < 100 {
		t.Fatalf("only %d texts compared", n)
	}
}

func eachJSONString(v any, fn func(string)) {
	switch v := v.(type) {
	case string:
		fn(v)
	case []any:
		for _, x := range v {
			eachJSONString(x, fn)
		}
	case map[string]any:
		for _, x := range v {
			eachJSONString(x, fn)
		}
	}
}
