package plenary

import "time"

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
