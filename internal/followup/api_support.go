package followup

import "time"

// TimelinePeriod is the period a timeline covers when its reader names none: the twelve
// months ending with the current one, on the service's clock.
func (s *Service) TimelinePeriod() (from, to time.Time) {
	to = s.now()
	return time.Date(to.Year(), to.Month()-11, 1, 0, 0, 0, 0, time.UTC), to
}
