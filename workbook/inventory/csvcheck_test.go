package inventory

import (
	"bytes"
	"strings"
	"testing"
)

func TestCheckEncoding(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string // "" when accepted
	}{
		{"utf-8", []byte("App,Logins\nSeesaw,1\n"), ""},
		{"utf-8 with BOM", []byte("\xEF\xBB\xBFApp,Logins\n"), ""},
		{"utf-8 accents", []byte("App,Logins\nÉcole,1\n"), ""},
		{"utf-16 LE", []byte("\xFF\xFEA\x00p\x00p\x00"), "UTF-16"},
		{"utf-16 BE", []byte("\xFE\xFF\x00A\x00p"), "UTF-16"},
		{"utf-16 without BOM", []byte("A\x00p\x00p\x00"), "NUL bytes"},
		{"latin-1", []byte("App,Logins\nEcole,1\n\xC9cole,2\n"), `byte 0xC9 on line 3 is 'É' in Latin-1`},
		{"windows-1252 quote", []byte("App\n\x93Quoted\x94\n"), "byte 0x93 on line 2"},
		{"xlsx", []byte("PK\x03\x04rest"), ".xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := checkEncoding(tt.data)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("want accepted, got %v", err)
				}
				if bytes.HasPrefix(out, []byte("\xEF\xBB\xBF")) {
					t.Error("the byte-order mark should be dropped")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want an error about %q, got %v", tt.want, err)
			}
			if !strings.Contains(err.Error(), "CSV UTF-8") {
				t.Errorf("error %q does not say how to re-save the file", err)
			}
			oneLine(t, err)
		})
	}
}

func TestCheckImportSize(t *testing.T) {
	if err := CheckImportSize(100_000_000, 0); err == nil || !strings.Contains(err.Error(), "95.4 MiB, over the 64.0 MiB limit") {
		t.Errorf("a 100 MB file: %v", err)
	}
	if err := CheckImportSize(DefaultMaxImportBytes, 0); err != nil {
		t.Errorf("a file at the limit should pass: %v", err)
	}
	if err := CheckImportSize(2048, 1024); err == nil {
		t.Error("a custom bound should apply")
	}
}

func TestPersonalColumns(t *testing.T) {
	refused := map[string]string{
		"Student ID":         "student identifier",
		"student_number":     "student identifier",
		"StudentName":        "student identifier",
		"studentID":          "student identifier",
		"Student First Name": "student identifier",
		"SIS ID":             "state identifier",
		"sis_id":             "state identifier",
		"SASID":              "state identifier",
		"State ID":           "state identifier",
		"Email":              "email address",
		"User Email":         "email address",
		"E-mail":             "email address",
		"First Name":         "person's name",
		"last_name":          "person's name",
		"Teacher Name":       "person's name",
		"Date of Birth":      "date of birth",
		"DOB":                "date of birth",
		"Birth Date":         "date of birth",
		"Username":           "user account",
		"User ID":            "user account",
		"Home Address":       "contact details",
		"Phone":              "contact details",
		"IP Address":         "device address",
	}
	for col, want := range refused {
		if got := personalColumn(col); !strings.Contains(got, want) {
			t.Errorf("personalColumn(%q) = %q, want %q", col, got, want)
		}
	}
	for _, col := range []string{"App Name", "Unique Users", "Total Logins", "Logins", "Sessions", "Users", "Date", "Start Date",
		"Minutes", "School", "Grade", "Role", "Application", "Display Name", "Name", "Vendor", "Student Users", "Active Students"} {
		if got := personalColumn(col); got != "" {
			t.Errorf("personalColumn(%q) = %q, want it allowed", col, got)
		}
	}
	err := refusePersonalColumns([]string{"App", "Logins", " Student ID "})
	if err == nil || !strings.Contains(err.Error(), `column "Student ID" looks like a student identifier`) {
		t.Errorf("refusal should name the column and the reason: %v", err)
	}
	oneLine(t, err)
}
