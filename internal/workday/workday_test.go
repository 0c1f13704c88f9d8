package workday

import (
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Location)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDeadlineSkipsWeekends(t *testing.T) {
	var c Calendar
	// Submitted on Friday 2026-12-04: ten working days end on Friday 2026-12-18.
	got := c.Deadline(at("2026-12-04 16:00"), 10)
	if want := at("2026-12-19 00:00"); !got.Equal(want) {
		t.Errorf("deadline = %v, want %v", got, want)
	}
}

func TestDeadlineHonoursHolidaysAndMakeUpDays(t *testing.T) {
	c := Calendar{
		Holidays: map[string]bool{"2026-10-01": true, "2026-10-02": true, "2026-10-05": true, "2026-10-06": true, "2026-10-07": true},
		Workdays: map[string]bool{"2026-10-10": true},
	}
	// Submitted Wednesday 2026-09-30. Working days after it: 10-08 (Thu), 10-09 (Fri),
	// 10-10 (Sat, make-up day), then 10-12 ... 10-16, 10-19, 10-20.
	got := c.Deadline(at("2026-09-30 09:00"), 10)
	if want := at("2026-10-21 00:00"); !got.Equal(want) {
		t.Errorf("deadline = %v, want %v", got, want)
	}
}

func TestRemaining(t *testing.T) {
	var c Calendar
	deadline := at("2026-12-19 00:00")
	if got := c.Remaining(at("2026-12-04 16:00"), deadline); got != 10 {
		t.Errorf("remaining on the day of submission = %d, want 10", got)
	}
	if got := c.Remaining(at("2026-12-17 10:00"), deadline); got != 1 {
		t.Errorf("remaining on Thursday = %d, want 1", got)
	}
	if got := c.Remaining(at("2026-12-18 23:00"), deadline); got != 0 {
		t.Errorf("remaining on the last day = %d, want 0", got)
	}
	if got := c.Remaining(at("2026-12-22 10:00"), deadline); got != -2 {
		t.Errorf("remaining on the next Tuesday = %d, want -2 (Monday and Tuesday overdue)", got)
	}
}
