// Package serve is the cohort server: `edtech-workbook serve` runs the
// workbook for many people over SSH (charm.land/wish), on one workbook file
// the server process owns.
//
//   - access.go: the access file (who may connect, with which key, in
//     which role), linted like a template (FILE:LINE:COL) and reloaded on
//     change (watch.go).
//   - guard.go: each connection's store. Every read and write is checked
//     against the person's role here, below the app: a refusal whatever
//     route the request took.
//   - broker.go: every connection on a session hears of each save of it.
//   - server.go: the SSH server, its host key, limits, logging and shutdown.
//   - commands.go: what may run over `ssh host -- ...` (list, export,
//     --accessible) besides the app.
//   - audit.go: the audit log's CSV and JSON.
//
// Dependencies point one way: cli → serve → tui → workbook/...
package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	gossh "golang.org/x/crypto/ssh"

	"edtech-workbook/workbook"
)

// Role is what a person may do on the server.
type Role string

// The roles of the access file.
const (
	// RoleMember is a member of one team: they see and change only their
	// team's sessions, and start new ones for it.
	RoleMember Role = "member"
	// RoleCoach coaches the listed teams: reads their sessions and
	// comments, never changes an answer.
	RoleCoach Role = "coach"
	// RoleFacilitator runs the cohort: reads every team's session
	// (read-only), the templates and the cohort view.
	RoleFacilitator Role = "facilitator"
)

// MaxAccessSize bounds an access file.
const MaxAccessSize = 1 << 20

// Person is one entry of the access file.
type Person struct {
	Name  string
	Role  Role
	Team  string   // a member's team
	Teams []string // a coach's teams
	// Keys are the person's SSH public keys, by SHA-256 fingerprint.
	Keys []string
}

// Access is a parsed access file.
type Access struct {
	// Contact is whom a refused person should ask ("Rosa Diaz,
	// rosa@example.org").
	Contact string
	People  []Person
	byKey   map[string]int // fingerprint → index in People
}

// Lookup finds the person a key belongs to.
func (a *Access) Lookup(key gossh.PublicKey) (Person, bool) {
	if a == nil || key == nil {
		return Person{}, false
	}
	return a.ByFingerprint(gossh.FingerprintSHA256(key))
}

// ByFingerprint finds the person whose key has this SHA-256 fingerprint.
func (a *Access) ByFingerprint(fp string) (Person, bool) {
	if a == nil {
		return Person{}, false
	}
	i, ok := a.byKey[fp]
	if !ok {
		return Person{}, false
	}
	return a.People[i], true
}

// teamKey is how team names are compared: a session belongs to a team when
// its team name is the access file's, in any case and spacing.
func teamKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(workbook.CleanLine(s)), " "))
}

// SameTeam reports whether two team names name the same team.
func SameTeam(a, b string) bool { return teamKey(a) != "" && teamKey(a) == teamKey(b) }

// Reads reports whether p may read the sessions of team.
func (p Person) Reads(team string) bool {
	switch p.Role {
	case RoleFacilitator:
		return true
	case RoleMember:
		return SameTeam(p.Team, team)
	case RoleCoach:
		return slices.ContainsFunc(p.Teams, func(t string) bool { return SameTeam(t, team) })
	}
	return false
}

// Describe names the person and role for messages and the log: "Ana Ruiz
// (member of Northside)".
func (p Person) Describe() string {
	switch p.Role {
	case RoleMember:
		return fmt.Sprintf("%s (member of %s)", p.Name, p.Team)
	case RoleCoach:
		return fmt.Sprintf("%s (coach of %s)", p.Name, strings.Join(p.Teams, ", "))
	}
	return fmt.Sprintf("%s (%s)", p.Name, p.Role)
}

// LoadAccess reads and checks the access file at path. Its error lists
// every problem as FILE:LINE:COL (a *workbook.LintError) or says why the
// file cannot be read.
func LoadAccess(path string) (*Access, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("access file %s does not exist; write one (see docs/serve.md) and pass it with --access", path)
		}
		return nil, fmt.Errorf("access file %s cannot be read (%v)", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxAccessSize+1))
	if err != nil {
		return nil, fmt.Errorf("access file %s cannot be read (%v)", path, err)
	}
	return ParseAccess(path, data)
}

// ParseAccess reads an access file's YAML. On any problem it returns a
// *workbook.LintError listing all of them, each with its position in name.
func ParseAccess(name string, data []byte) (a *Access, err error) {
	r := &accessReader{file: name}
	defer func() {
		if v := recover(); v != nil { // never lose the server to a bad file
			a, err = nil, &workbook.LintError{Problems: []workbook.Problem{{File: name, Msg: fmt.Sprintf("could not read the access file (the YAML reader failed: %v); check its syntax", v)}}}
		}
	}()
	if len(data) > MaxAccessSize {
		r.fileProblem(fmt.Sprintf("the file is over %d bytes; an access file must be at most 1 MiB", MaxAccessSize))
		return nil, r.result()
	}
	root := r.decode(data)
	if root == nil {
		return nil, r.result()
	}
	a = r.read(root)
	if err := r.result(); err != nil {
		return nil, err
	}
	return a, nil
}

// accessReader walks the YAML tree, keeping every problem with its place.
type accessReader struct {
	file     string
	problems []workbook.Problem
	keyOf    map[*yaml.Node]*yaml.Node // a mapping's value → its key, to point at
}

// atKey reports a problem at the key of the value n.
func (r *accessReader) atKey(n *yaml.Node, format string, args ...any) {
	if k := r.keyOf[n]; k != nil {
		n = k
	}
	r.at(n, format, args...)
}

func (r *accessReader) at(n *yaml.Node, format string, args ...any) {
	r.problems = append(r.problems, workbook.Problem{File: r.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)})
}

func (r *accessReader) fileProblem(msg string) {
	r.problems = append(r.problems, workbook.Problem{File: r.file, Msg: msg})
}

func (r *accessReader) result() error {
	if len(r.problems) == 0 {
		return nil
	}
	slices.SortStableFunc(r.problems, func(a, b workbook.Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	return &workbook.LintError{Problems: r.problems}
}

var yamlLineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (r *accessReader) decode(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.problems = append(r.problems, workbook.Problem{File: r.file, Line: 1, Col: 1, Msg: "the file is empty; it needs contact and people"})
			return nil
		}
		if m := yamlLineErr.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			// The YAML library numbers lines from 0 in its parser's
			// messages (templatefile reads them the same way).
			for _, prefix := range []string{"did not find expected", "found duplicate %", "found incompatible YAML", "found undefined tag"} {
				if strings.HasPrefix(m[2], prefix) {
					line++
					break
				}
			}
			r.problems = append(r.problems, workbook.Problem{File: r.file, Line: line, Col: 1, Msg: "YAML syntax error: " + m[2]})
		} else {
			r.fileProblem("YAML syntax error: " + strings.TrimPrefix(err.Error(), "yaml: "))
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		r.at(&extra, "the file holds more than one YAML document (a second ---); keep the whole access list in one")
	}
	if len(doc.Content) == 0 {
		r.problems = append(r.problems, workbook.Problem{File: r.file, Line: 1, Col: 1, Msg: "the file is empty; it needs contact and people"})
		return nil
	}
	return doc.Content[0]
}

// mapping returns a mapping node's keys and values, reporting keys not in
// allowed, keys written twice, and a node that is not a mapping.
func (r *accessReader) mapping(n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	if n.Kind == yaml.AliasNode {
		r.at(n, "%s is an alias (*name); write it out", what)
		return nil
	}
	if n.Kind != yaml.MappingNode {
		r.at(n, "%s must be a mapping of keys (%s)", what, strings.Join(allowed, ", "))
		return nil
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(allowed, k.Value):
			r.at(k, "%s has an unknown key %q; the keys are %s", what, workbook.CleanLine(k.Value), strings.Join(allowed, ", "))
		case out[k.Value] != nil:
			r.at(k, "%s has the key %q twice", what, k.Value)
		default:
			out[k.Value] = v
			if r.keyOf == nil {
				r.keyOf = map[*yaml.Node]*yaml.Node{}
			}
			r.keyOf[v] = k
		}
	}
	return out
}

// text reads a one-line text value.
func (r *accessReader) text(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		r.at(n, "%s must be text", what)
		return "", false
	}
	v := strings.TrimSpace(n.Value)
	switch {
	case v == "":
		r.at(n, "%s is empty", what)
		return "", false
	case strings.ContainsAny(v, "\r\n"):
		r.at(n, "%s must be one line", what)
		return "", false
	case strings.ContainsFunc(v, workbook.HiddenRune):
		r.at(n, "%s holds control or invisible characters; type it again", what)
		return "", false
	}
	return v, true
}

// list reads a list of one-line texts (a single text counts as a list of one).
func (r *accessReader) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind == yaml.ScalarNode {
		return []*yaml.Node{n}
	}
	if n.Kind != yaml.SequenceNode {
		r.at(n, "%s must be a list", what)
		return nil
	}
	if len(n.Content) == 0 {
		r.at(n, "%s is empty", what)
	}
	return n.Content
}

func (r *accessReader) read(root *yaml.Node) *Access {
	top := r.mapping(root, "the access file", "contact", "people")
	if top == nil {
		return nil
	}
	a := &Access{byKey: map[string]int{}}
	if n := top["contact"]; n == nil {
		r.at(root, "the access file needs contact: the person (and how to reach them) that someone refused should ask")
	} else if v, ok := r.text(n, "contact"); ok {
		a.Contact = v
	}
	people := top["people"]
	if people == nil {
		r.at(root, "the access file needs people: a list of the people who may connect")
		return a
	}
	if people.Kind != yaml.SequenceNode {
		r.at(people, "people must be a list (one entry per person, each starting with -)")
		return a
	}
	names := map[string]*yaml.Node{}
	keyAt := map[string]*yaml.Node{}
	for _, pn := range people.Content {
		p, ok := r.person(pn, names, keyAt)
		if !ok {
			continue
		}
		for _, fp := range p.Keys {
			a.byKey[fp] = len(a.People)
		}
		a.People = append(a.People, p)
	}
	return a
}

func (r *accessReader) person(pn *yaml.Node, names, keyAt map[string]*yaml.Node) (Person, bool) {
	m := r.mapping(pn, "a person", "name", "role", "team", "teams", "keys")
	if m == nil {
		return Person{}, false
	}
	var p Person
	ok := true
	if n := m["name"]; n == nil {
		r.at(pn, "a person needs a name (it signs their comments)")
		ok = false
	} else if v, good := r.text(n, "name"); good {
		p.Name = v
		if prev := names[strings.ToLower(v)]; prev != nil {
			r.at(n, "%q is already the name of the person at line %d; give each person their own name", v, prev.Line)
			ok = false
		}
		names[strings.ToLower(v)] = n
	} else {
		ok = false
	}
	who := "this person"
	if p.Name != "" {
		who = strconv.Quote(p.Name)
	}
	switch n := m["role"]; {
	case n == nil:
		r.at(pn, "%s needs a role: member, coach or facilitator", who)
		ok = false
	default:
		v, good := r.text(n, "role")
		p.Role = Role(v)
		if good && !slices.Contains([]Role{RoleMember, RoleCoach, RoleFacilitator}, p.Role) {
			r.at(n, "role %q is not one of member, coach, facilitator", workbook.CleanLine(v))
			good = false
		}
		ok = ok && good
	}
	team, teams := m["team"], m["teams"]
	switch p.Role {
	case RoleMember:
		if teams != nil {
			r.atKey(teams, "a member belongs to one team: write team: NAME, not teams")
			ok = false
		}
		if team == nil {
			r.at(pn, "%s is a member and needs team: the team's name as its sessions give it", who)
			ok = false
		} else if v, good := r.text(team, "team"); good {
			p.Team = v
		} else {
			ok = false
		}
	case RoleCoach:
		if team != nil {
			r.atKey(team, "a coach has teams: a list of the teams they coach, not team")
			ok = false
		}
		if teams == nil {
			r.at(pn, "%s is a coach and needs teams: the teams they coach", who)
			ok = false
		} else {
			for _, tn := range r.list(teams, "teams") {
				if v, good := r.text(tn, "a team"); good {
					p.Teams = append(p.Teams, v)
				} else {
					ok = false
				}
			}
			ok = ok && len(p.Teams) > 0
		}
	case RoleFacilitator:
		for _, n := range []*yaml.Node{team, teams} {
			if n != nil {
				r.atKey(n, "a facilitator reads every team; leave out team and teams")
				ok = false
			}
		}
	}
	if n := m["keys"]; n == nil {
		r.at(pn, "%s needs keys: their SSH public keys, one a line as in authorized_keys", who)
		ok = false
	} else {
		for _, kn := range r.list(n, "keys") {
			if kn.Kind != yaml.ScalarNode {
				r.at(kn, "a key must be text: a line of authorized_keys (ssh-ed25519 AAAA… comment)")
				ok = false
				continue
			}
			key, _, _, rest, err := gossh.ParseAuthorizedKey([]byte(kn.Value))
			switch {
			case err != nil:
				r.at(kn, "this is not an SSH public key; paste one line of the person's .pub file or authorized_keys")
				ok = false
				continue
			case len(bytes.TrimSpace(rest)) > 0:
				r.at(kn, "a key entry holds one key; give each key its own entry")
				ok = false
				continue
			}
			fp := gossh.FingerprintSHA256(key)
			if prev := keyAt[fp]; prev != nil {
				r.at(kn, "this key (%s) is already given at line %d; a key belongs to one person", fp, prev.Line)
				ok = false
				continue
			}
			keyAt[fp] = kn
			p.Keys = append(p.Keys, fp)
		}
	}
	return p, ok
}

// StarterAccess is a first access file for a server started without one:
// the given public keys (authorized_keys lines, each from a .pub file) as
// one member of team, with contact as the person to ask. It is meant to be
// edited (docs/serve.md).
func StarterAccess(name, team, contact string, keys []string) []byte {
	var b strings.Builder
	b.WriteString("# Who may use this cohort server (edtech-workbook serve): see docs/serve.md.\n")
	b.WriteString("# The server reloads this file when it changes; check it with\n")
	b.WriteString("#   edtech-workbook serve lint FILE\n")
	b.WriteString("# Roles: member (team: one team), coach (teams: a list), facilitator (every team, read-only).\n")
	b.WriteString("# A session belongs to the team whose name it carries (any case and spacing).\n\n")
	fmt.Fprintf(&b, "contact: %s\n\npeople:\n", yamlText(contact))
	fmt.Fprintf(&b, "  - name: %s\n    role: member\n    team: %s\n    keys:\n", yamlText(name), yamlText(team))
	for _, k := range keys {
		fmt.Fprintf(&b, "      - %s\n", yamlText(strings.TrimSpace(k)))
	}
	b.WriteString("\n  # - name: Rosa Diaz\n  #   role: coach\n  #   teams: [Northside, Eastside]\n  #   keys:\n  #     - ssh-ed25519 AAAA... rosa@laptop\n")
	return []byte(b.String())
}

// yamlText quotes s for a YAML value.
func yamlText(s string) string { return strconv.Quote(workbook.CleanLine(s)) }

// PublicKeys reads the SSH public keys in dir (its *.pub files), as
// authorized_keys lines; files that hold no key are skipped.
func PublicKeys(dir string) []string {
	matches, _ := filepath.Glob(filepath.Join(dir, "*.pub"))
	var out []string
	for _, m := range matches {
		data, err := os.ReadFile(m)
		if err != nil || len(data) > 64<<10 {
			continue
		}
		key, comment, _, _, err := gossh.ParseAuthorizedKey(data)
		if err != nil {
			continue
		}
		line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key)))
		if comment != "" {
			line += " " + workbook.CleanLine(comment)
		}
		out = append(out, line)
	}
	return out
}
