// Package workday counts working days for statutory deadlines: weekends are off except make-up
// working days, and public holidays are off, both taken from a configurable calendar.
package workday

import (
	"time"
)

// Location is the time zone that working days are counted in (China Standard Time).
var Location = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// Calendar holds the exceptions to the Monday-to-Friday week.
type Calendar struct {
	Holidays map[string]bool // dates (YYYY-MM-DD) that are off although on a weekday
	Workdays map[string]bool // dates that are working days although on a weekend (调休)
}

// IsWorkingDay reports whether the date of t, in Location, is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	key := t.In(Location).Format(time.DateOnly)
	if c != nil && c.Workdays[key] {
		return true
	}
	if c != nil && c.Holidays[key] {
		return false
	}
	wd := t.In(Location).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Deadline returns the end (24:00, Location) of the n-th working day after the day of start; the
// day of submission itself does not count.
func (c *Calendar) Deadline(start time.Time, n int) time.Time {
	d := midnight(start)
	for counted := 0; counted < n; {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			counted++
		}
	}
	return d.AddDate(0, 0, 1)
}

// Remaining returns the whole working days left after the day of now until the deadline: 10 on
// the day a 10-day deadline starts, 0 on its last day. Once the deadline has passed it is the
// negative number of working days overdue, counting the day of now.
func (c *Calendar) Remaining(now, deadline time.Time) int {
	if !now.Before(deadline) {
		n := 0
		for d := midnight(deadline); !d.After(midnight(now)); d = d.AddDate(0, 0, 1) {
			if c.IsWorkingDay(d) {
				n++
			}
		}
		return -n
	}
	n := 0
	for d := midnight(now).AddDate(0, 0, 1); d.Before(deadline); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

func midnight(t time.Time) time.Time {
	y, m, d := t.In(Location).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Location)
}
