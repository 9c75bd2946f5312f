package plenary

import "time"

// Message arguments that are written in the reader's language when the message is: a
// catalogue key, an instant in a time zone, a day, a State by its code. They start with an
// escape character, which no user text can contain (names refuse control characters),
// so a name like "@admin" is never mistaken for one.
const argMark = "\x1b"

// KeyArg is an argument written as the catalogue message key.
func KeyArg(key string) string { return argMark + "key:" + key }

// TimeArg is an argument written as a date and time in zone (an IANA name).
func TimeArg(t time.Time, zone string) string {
	return argMark + "time:" + t.UTC().Format(time.RFC3339) + "@" + zone
}

// DateArg is an argument written as a calendar day (a session's first day, kept as
// midnight UTC of that date).
func DateArg(t time.Time) string { return argMark + "date:" + t.UTC().Format(time.DateOnly) }

// StateArg is an argument written as the State's short name.
func StateArg(iso3 string) string { return argMark + "state:" + iso3 }

// ParseArg splits a marked argument into its kind ("key", "time", "date", "state") and
// value.
func ParseArg(v string) (kind, value string, ok bool) {
	if len(v) < 2 || v[:1] != argMark {
		return "", "", false
	}
	for i := 1; i < len(v); i++ {
		if v[i] == ':' {
			return v[1:i], v[i+1:], true
		}
	}
	return "", "", false
}
