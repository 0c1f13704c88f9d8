package grading

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"govshare/internal/apierr"
	"govshare/internal/catalog"
	"govshare/internal/dlp"
	"govshare/internal/identity"
	"govshare/internal/masking"
	"govshare/internal/store"
)

// maxReasonRunes bounds the reason given with a decision.
const maxReasonRunes = 500

var infoTypePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Decision is a security administrator's decision on one column's grade.
type Decision struct {
	Level int `json:"level"`
	// InfoType replaces the proposed information type when given. An empty string records that
	// the column contains no sensitive type.
	InfoType *string `json:"info_type,omitempty"`
	// Reason is required when Level is below the engine's proposal.
	Reason string `json:"reason,omitempty"`
}

// Decided is the outcome of a decision, with what it was based on, for the audit record.
type Decided struct {
	Version  int         `json:"version"`
	Proposal ColumnGrade `json:"proposal"` // the grade before the decision
	Grade    ColumnGrade `json:"grade"`    // the grade after it
}

// Confirm records a security administrator's decision on the grade of one column of the
// resource's current dataset version. A level below the engine's proposal needs a reason.
func (s *Service) Confirm(ctx context.Context, p *identity.Principal, code, field string, d Decision) (*Decided, error) {
	if !p.Has(identity.RoleSecurityAdmin) {
		return nil, apierr.New("forbidden", "role", string(identity.RoleSecurityAdmin))
	}
	if d.Level < 1 || d.Level > 5 {
		return nil, apierr.New("invalid_parameter", "param", "level", "detail", "give a grade from 1 to 5")
	}
	if d.InfoType != nil && *d.InfoType != "" && !infoTypePattern.MatchString(*d.InfoType) {
		return nil, apierr.New("invalid_parameter", "param", "info_type", "detail", "use lowercase letters, digits and underscores, such as id_card")
	}
	d.Reason = strings.TrimSpace(d.Reason)
	if utf8.RuneCountInString(d.Reason) > maxReasonRunes {
		return nil, apierr.New("invalid_parameter", "param", "reason", "detail", "write at most "+strconv.Itoa(maxReasonRunes)+" characters")
	}

	res, err := s.catalog.Lookup(ctx, code)
	if err != nil {
		return nil, err
	}
	if res.CurrentVersion == 0 {
		return nil, apierr.New("no_data", "value", code)
	}
	cols, err := s.columns(ctx, res.ID, res.CurrentVersion)
	if err != nil {
		return nil, err
	}
	var before *ColumnGrade
	for i := range cols {
		if cols[i].Field == field {
			before = &cols[i]
		}
	}
	if before == nil {
		return nil, apierr.New("not_found", "kind", "column grade", "value", field)
	}
	if d.Level < before.ProposedLevel && d.Reason == "" {
		return nil, apierr.New("grade_downgrade_reason", "field", field, "level", "L"+strconv.Itoa(d.Level),
			"proposed", "L"+strconv.Itoa(before.ProposedLevel))
	}

	typ := before.InfoType
	if d.InfoType != nil {
		typ = *d.InfoType
	}
	now := store.Now()
	_, err = s.db.Exec(ctx, `UPDATE column_grades SET status = ?, confirmed_level = ?, confirmed_type = ?, reason = ?,
		decided_by = ?, decided_at = ? WHERE resource_id = ? AND version = ? AND field = ?`,
		GradeConfirmed, d.Level, typ, d.Reason, p.UserID, now, res.ID, res.CurrentVersion, field)
	if err != nil {
		return nil, fmt.Errorf("grading: record decision on %s.%s: %w", code, field, err)
	}

	after := *before
	after.Status, after.ConfirmedLevel, after.ConfirmedType = GradeConfirmed, &d.Level, &typ
	after.Reason, after.DecidedBy, after.DecidedAt = d.Reason, p.Username, &now
	return &Decided{Version: res.CurrentVersion, Proposal: *before, Grade: after}, nil
}

// CheckBoundary rejects an open type and sharing type that the grades of the resource's current
// dataset version do not allow with its column masks, and the error names every offending column.
// A non-nil masks replaces the stored masks, so a change can be checked before it is made. A
// resource whose data is not graded yet cannot take an open type or unconditional sharing.
func (s *Service) CheckBoundary(ctx context.Context, r *catalog.Resource, openType, sharingType string,
	masks map[string]masking.Operator) error {
	return s.checkVersion(ctx, r, r.CurrentVersion, openType, sharingType, masks)
}

// checkVersion is CheckBoundary over the grades of one dataset version (0 for none).
func (s *Service) checkVersion(ctx context.Context, r *catalog.Resource, version int, openType, sharingType string,
	masks map[string]masking.Operator) error {
	exposed := openType == catalog.OpenOpen || openType == catalog.OpenConditional || sharingType == catalog.SharingUnconditional
	if !exposed || version == 0 {
		return nil
	}
	sum, err := s.Summary(ctx, r.ID, version)
	if err != nil {
		return err
	}
	if sum.Status != StatusDone {
		return apierr.New("grading_incomplete", "value", r.Code, "version", strconv.Itoa(version), "state", sum.Status)
	}
	if masks == nil {
		if masks, err = s.catalog.ColumnMasks(ctx, r.ID); err != nil {
			return err
		}
	}

	cols := make([]dlp.BoundaryColumn, len(sum.Columns))
	for i, c := range sum.Columns {
		cols[i] = dlp.BoundaryColumn{Column: c.Field, Level: c.Level(), Mask: masks[c.Field]}
	}
	violations, err := dlp.CheckBoundary(openType, sharingType, cols)
	if err != nil {
		return apierr.New("invalid_parameter", "param", "open_type", "detail", err.Error())
	}
	if len(violations) == 0 {
		return nil
	}
	names := make([]string, len(violations))
	for i, v := range violations {
		names[i] = fmt.Sprintf("%s (L%d)", v.Column, v.Level)
	}
	s.log.Info("grading: boundary check rejected the change", slog.String("resource", r.Code), slog.String("open_type", openType),
		slog.String("sharing_type", sharingType), slog.Int("columns", len(violations)))
	return apierr.New("boundary_violation", "value", r.Code, "open_type", openType, "sharing_type", sharingType,
		"columns", strings.Join(names, ", "))
}
