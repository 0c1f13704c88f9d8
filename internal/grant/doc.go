// Package grant runs access requests (共享申请) and the grants (授权) they turn into, and checks
// every data call against a live grant: granted fields, row filter, masking, quota and expiry.
package grant

import "govshare/internal/dataset"

// Condition is one condition of a grant's row filter.
type Condition = dataset.Condition
