package workbook

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSlug bounds the team part of a readable session id, in bytes.
const maxSlug = 40

// ReadableID is the id a new session gets from its team and school year:
// "northside-2026-27" for team "Northside" in 2026-27. Letters lose their
// accents, anything but ASCII letters and digits becomes one hyphen, and
// a team with no such letters is "session". The store makes it unique
// (IDVariant). Ids given otherwise (random ones of earlier versions,
// imported files) keep working: nothing depends on this shape.
func ReadableID(team, year string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFD.String(team) {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r): // an accent taken off its letter
		default:
			hyphen = true
		}
		if b.Len() > maxSlug {
			break
		}
	}
	slug := b.String()
	if len(slug) > maxSlug { // cut at a word when one ends in the second half
		slug = slug[:maxSlug]
		if i := strings.LastIndexByte(slug, '-'); i > maxSlug/2 {
			slug = slug[:i]
		}
	}
	slug = strings.Trim(slug, "-")
	if slug == "" {
		slug = "session"
	}
	if y := CleanLine(strings.TrimSpace(year)); y != "" && isPlainID(y) {
		slug += "-" + y
	}
	return slug
}

// IDVariant is the n-th id tried for a new session when base is taken:
// base itself for n <= 1, then "base-2", "base-3", ….
func IDVariant(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "-" + strconv.Itoa(n)
}

// isPlainID reports whether s is made of ASCII letters, digits and hyphens.
func isPlainID(s string) bool {
	for _, r := range s {
		if !(r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '-') {
			return false
		}
	}
	return true
}
