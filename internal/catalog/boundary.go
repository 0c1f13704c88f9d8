package catalog

import (
	"context"

	"govshare/internal/masking"
)

// BoundaryCheck rejects an open type and sharing type that the graded columns of a resource's
// current data do not allow with the given column masks (nil means the stored masks). It returns
// a catalogue error that names every offending column.
type BoundaryCheck func(ctx context.Context, r *Resource, openType, sharingType string, masks map[string]masking.Operator) error

// SetBoundaryCheck installs the security boundary check run before a resource is published, before
// its open or sharing type changes, and before a mask of a published resource is removed.
func (s *Service) SetBoundaryCheck(check BoundaryCheck) { s.boundary = check }

func (s *Service) checkBoundary(ctx context.Context, r *Resource, openType, sharingType string, masks map[string]masking.Operator) error {
	if s.boundary == nil {
		return nil
	}
	return s.boundary(ctx, r, openType, sharingType, masks)
}
