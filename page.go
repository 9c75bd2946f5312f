package plenary

import (
	"encoding/base64"
	"encoding/json"
)

// MaxPageSize bounds every list, so that no request can ask for everything at once.
// Bulk exports stream instead.
const MaxPageSize = 200

// PageRequest asks for one page of a list ordered by a key: Limit items after the
// position that Cursor encodes (the first page when Cursor is empty).
type PageRequest struct {
	Limit  int
	Cursor string
}

// Size returns the requested size within [1, MaxPageSize], 50 by default.
func (p PageRequest) Size() int {
	switch {
	case p.Limit <= 0:
		return 50
	case p.Limit > MaxPageSize:
		return MaxPageSize
	}
	return p.Limit
}

// Page is one page of a list. Next is the cursor of the following page, empty on the last.
type Page[T any] struct {
	Items []T
	Next  string
}

// Position is where a page ends in a list ordered by (Key, ID): the key of the last item
// as text and its ID to break ties.
type Position struct {
	Key string `json:"k,omitempty"`
	ID  int64  `json:"i"`
}

// MaxCursor bounds a cursor a request may carry: the length of the longest one
// EncodeCursor makes for the positions lists use, whose keys are IDs, times or e-mail
// addresses. JSON writes each byte of a key as at most six ("&" is "\u0026"), and the
// cursor is that JSON in unpadded base64.
const MaxCursor = (4*(len(`{"k":"","i":-9223372036854775808}`)+6*MaxEmail) + 2) / 3

// EncodeCursor makes an opaque cursor of a position.
func EncodeCursor(p Position) string {
	b, _ := json.Marshal(p)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor; an empty cursor is the start of the list. A malformed one
// is a validation problem of the "cursor" field.
func DecodeCursor(c string) (Position, error) {
	var p Position
	if c == "" {
		return p, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || json.Unmarshal(b, &p) != nil {
		var probs Problems
		probs.Add("cursor", "field.cursor", nil)
		return p, probs.Err()
	}
	return p, nil
}
