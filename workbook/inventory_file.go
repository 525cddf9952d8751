package workbook

import (
	"encoding/json"
	"fmt"
	"reflect"
	"unicode/utf8"

	"edtech-workbook/workbook/inventory"
)

// The inventory file: what `inventory export --format json` writes and
// `cohort --inventory` reads, so a coach can compare districts' tools.
const (
	InventoryExchangeFormat  = "edtech-workbook/inventory"
	InventoryExchangeVersion = 1
)

// InventoryFile is the envelope of an exported inventory.
type InventoryFile struct {
	Format   string `json:"format"`
	Version  int    `json:"version"`
	District string `json:"district,omitempty"` // whose inventory; "" when not known
	// Exported is the day it was written: agreement status is read as of it.
	Exported  inventory.Date       `json:"exported"`
	Criteria  inventory.Criteria   `json:"criteria"`
	Inventory *inventory.Inventory `json:"inventory"`
}

// MarshalInventory writes the canonical JSON of an inventory file
// (indented, ending in a newline, hidden characters as \uXXXX escapes).
func MarshalInventory(district string, exported inventory.Date, crit inventory.Criteria, inv *inventory.Inventory) ([]byte, error) {
	return MarshalJSON(InventoryFile{Format: InventoryExchangeFormat, Version: InventoryExchangeVersion,
		District: district, Exported: exported, Criteria: crit, Inventory: inv}, true)
}

// ReadInventoryFile reads and checks an exported inventory file. Errors are
// one line naming the file and saying what to do.
func ReadInventoryFile(path string) (*InventoryFile, error) {
	data, err := readBounded(path, MaxImportSize)
	if err != nil {
		return nil, err
	}
	f, err := ImportInventory(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// ImportInventory parses and checks an inventory file as ImportSession
// checks a session file: UTF-8, the envelope, every key (none twice, none
// unknown), the size of every text, and the inventory as a store saves it
// (inventory.Check against the file's own criteria).
func ImportInventory(data []byte) (*InventoryFile, error) {
	const again = "export it again with `edtech-workbook inventory export --format json`"
	if len(data) > MaxImportSize {
		return nil, fmt.Errorf("the file is larger than %d MiB, the most an inventory file may hold; check it is the right file", MaxImportSize>>20)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("the file is not valid UTF-8 at byte %d; %s", invalidUTF8At(data), again)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not a readable inventory file (%s); %s", jsonProblem(err), again)
	}
	switch {
	case head.Format != InventoryExchangeFormat:
		return nil, fmt.Errorf("not an edtech-workbook inventory file (format %q, want %q); %s", head.Format, InventoryExchangeFormat, again)
	case head.Version > InventoryExchangeVersion:
		return nil, fmt.Errorf("this inventory file was written by a newer edtech-workbook (format %d); this build reads up to %d", head.Version, InventoryExchangeVersion)
	case head.Version < 1:
		return nil, fmt.Errorf("the inventory file has unknown format version %d; this build reads versions 1 to %d", head.Version, InventoryExchangeVersion)
	}
	if err := checkKeys(data, reflect.TypeOf(InventoryFile{})); err != nil {
		return nil, fmt.Errorf("the file is not a valid inventory file: %v; %s", err, again)
	}
	var f InventoryFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("the inventory in the file is not valid (%s); %s", jsonProblem(err), again)
	}
	if f.Inventory == nil {
		return nil, fmt.Errorf("the inventory file holds no inventory; %s", again)
	}
	if err := walkText(reflect.ValueOf(&f), nil, func(path []string, text string) error {
		if n := textLen(text); n > MaxFieldChars {
			return &LimitError{Field: "a text in the inventory", Size: n, Limit: MaxFieldChars, Unit: "characters"}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if errs := f.Inventory.Check(&f.Criteria); len(errs) > 0 {
		return nil, fmt.Errorf("the inventory in the file is not valid: %s", oneLine(errs[0].Error()))
	}
	return &f, nil
}
