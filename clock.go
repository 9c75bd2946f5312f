package plenary

import (
	"errors"
	"sync"
	"time"
)

// Clock tells the time. Services take one so that tests can fix it; deadlines and
// timeouts are then tested without sleeping.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock, in UTC.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now().UTC() }

// Job is work to do after a change commits, such as sending an e-mail. It is inserted in
// the same transaction as the change, so it exists if and only if the change does. Its
// fields are stored as JSON: never put a secret in a job.
//
// The method set matches River's JobArgs, so domain packages define jobs without
// importing the job runner.
type Job interface {
	Kind() string
}

// zones caches time zones by IANA name: time.LoadLocation parses the zone data on every
// call, and pages write many instants in a body's zone.
var zones sync.Map // string → *time.Location

// Zone returns the time zone named name (an IANA name such as America/New_York), loaded
// once per process. "Local" is refused: a deployment's own zone means nothing to readers.
func Zone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	if name == "Local" {
		return nil, errors.New("plenary: the zone Local is not a place")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// ZoneOrUTC is Zone, with UTC for a name that is not a zone (validation prevents it).
func ZoneOrUTC(name string) *time.Location {
	loc, err := Zone(name)
	if err != nil {
		return time.UTC
	}
	return loc
}
