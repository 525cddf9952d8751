package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"edtech-workbook/workbook"
)

// newKey is a fresh ed25519 key pair: its signer and its authorized_keys line.
func newKey(t testing.TB, comment string) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " " + comment
	return signer, line
}

func TestAccessFileGood(t *testing.T) {
	ana, anaLine := newKey(t, "ana@laptop")
	_, rosaLine := newKey(t, "rosa")
	_, rosa2 := newKey(t, "rosa@phone")
	data := `contact: "Fatima Khan, fatima@example.org"
people:
  - name: Ana Ruiz
    role: member
    team: Northside
    keys:
      - ` + anaLine + `
  - name: Rosa Diaz
    role: coach
    teams: [Northside, "East  side"]
    keys: [` + rosaLine + `, ` + rosa2 + `]
  - name: Fatima Khan
    role: facilitator
    keys: ` + mustKey(t) + `
`
	a, err := ParseAccess("access.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := a.Lookup(ana.PublicKey())
	if !ok || p.Name != "Ana Ruiz" || p.Role != RoleMember || p.Team != "Northside" {
		t.Fatalf("Ana's key gives %+v, %v", p, ok)
	}
	if a.Contact != "Fatima Khan, fatima@example.org" || len(a.People) != 3 || len(a.People[1].Keys) != 2 {
		t.Fatalf("parsed %+v", a)
	}
	coach := a.People[1]
	for team, want := range map[string]bool{"northside": true, "EAST SIDE": true, "East side ": true, "Westside": false, "": false} {
		if coach.Reads(team) != want {
			t.Errorf("the coach reads %q: %v, want %v", team, !want, want)
		}
	}
	if !a.People[2].Reads("anything") || a.People[0].Reads("Eastside") || !a.People[0].Reads(" NORTHSIDE") {
		t.Error("a facilitator reads every team; a member only their own")
	}
}

func mustKey(t testing.TB) string {
	_, line := newKey(t, "k")
	return line
}

// TestAccessFileLint: every problem of a broken access file, each at its
// line and column, in one run.
func TestAccessFileLint(t *testing.T) {
	k1, k2 := mustKey(t), mustKey(t)
	cases := []struct {
		name, yaml string
		want       []string
	}{
		{"empty", "", []string{"a.yaml:1:1: the file is empty; it needs contact and people"}},
		{"not a mapping", "- a\n- b\n", []string{"a.yaml:1:1: the access file must be a mapping of keys (contact, people)"}},
		{"syntax", "contact: x\npeople: [\n", []string{"a.yaml:3:1: YAML syntax error: did not find expected node content"}},
		{"missing parts", "colour: red\n", []string{
			`a.yaml:1:1: the access file has an unknown key "colour"; the keys are contact, people`,
			"a.yaml:1:1: the access file needs contact: the person (and how to reach them) that someone refused should ask",
			"a.yaml:1:1: the access file needs people: a list of the people who may connect"}},
		{"people not a list", "contact: x\npeople: Ana\n", []string{"a.yaml:2:9: people must be a list (one entry per person, each starting with -)"}},
		{"a person's mistakes", `contact: x
people:
  - name: Ana
    role: teacher
    keys: [` + k1 + `]
  - name: Ben
    role: member
    teams: [A]
    keys: [` + k2 + `]
  - name: ana
    role: coach
    team: A
    keys: [not a key]
  - role: facilitator
    team: A
    keys: [` + k1 + `]
`, []string{
			`a.yaml:4:11: role "teacher" is not one of member, coach, facilitator`,
			"a.yaml:6:5: \"Ben\" is a member and needs team: the team's name as its sessions give it",
			"a.yaml:8:5: a member belongs to one team: write team: NAME, not teams",
			"a.yaml:10:5: \"ana\" is a coach and needs teams: the teams they coach",
			`a.yaml:10:11: "ana" is already the name of the person at line 3; give each person their own name`,
			"a.yaml:12:5: a coach has teams: a list of the teams they coach, not team",
			"a.yaml:13:12: this is not an SSH public key; paste one line of the person's .pub file or authorized_keys",
			"a.yaml:14:5: a person needs a name (it signs their comments)",
			"a.yaml:15:5: a facilitator reads every team; leave out team and teams",
			"a.yaml:16:12: this key (" + fingerprintOf(t, k1) + ") is already given at line 5; a key belongs to one person",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseAccess("a.yaml", []byte(c.yaml))
			var lint *workbook.LintError
			if !errors.As(err, &lint) {
				t.Fatalf("ParseAccess = %v, want a LintError", err)
			}
			var got []string
			for _, p := range lint.Problems {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func fingerprintOf(t testing.TB, line string) string {
	k, _, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	return gossh.FingerprintSHA256(k)
}

// TestStarterAccessLints: the file a first start writes is a good access
// file giving the keys to one member.
func TestStarterAccessLints(t *testing.T) {
	signer, line := newKey(t, "me@here")
	a, err := ParseAccess("starter.yaml", StarterAccess(`Dana "D" Whitfield`, "My team", "Dana", []string{line}))
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := a.Lookup(signer.PublicKey()); !ok || p.Name != `Dana "D" Whitfield` || p.Team != "My team" {
		t.Fatalf("the starter file gives %+v, %v", p, ok)
	}
}
