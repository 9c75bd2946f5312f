package consultation

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/ratelimit"
)

// The bulk channel: an organization running a campaign sends many signers' input at once,
// through the API or a CSV upload. Each item is an ordinary submission on behalf of the
// organization (with its signer count and an idempotency key of its own, so a batch cut
// off half-way is simply sent again), and the organization as a whole is rate-limited, so
// that a campaign cannot crowd out everyone else.

// MaxBulk bounds the items of one bulk request.
const MaxBulk = 1000

// BulkPerOrganization is how many bulk requests an organization may send: a campaign of a
// million signers fits (1,000 items, each for many signers), a runaway script does not.
var BulkPerOrganization = ratelimit.Rule{Max: 120, Window: 10 * time.Minute}

// BulkResult is what became of one item of a bulk request.
type BulkResult struct {
	Receipt Receipt
	Err     error // a problem of this item only; the others are still taken
}

// SubmitBulk takes many items for one organization. The request as a whole is refused
// when the actor does not act for the organization, when the organization is over its
// rate, or when it has too many items; otherwise each item stands or falls on its own.
func (s *Service) SubmitBulk(ctx context.Context, actor plenary.Actor, consultationID, orgID int64, items []SubmitInput) ([]BulkResult, error) {
	if !slices.Contains(Campaigns(actor), orgID) {
		return nil, plenary.Deny(actor)
	}
	if len(items) == 0 || len(items) > MaxBulk {
		return nil, plenary.Invalid("items", "consultation.bulk_size", map[string]any{"Max": MaxBulk})
	}
	if s.limits != nil {
		over, retry, err := s.limits.Hit(ctx, "bulk:org:"+strconv.FormatInt(orgID, 10), BulkPerOrganization)
		if err != nil {
			return nil, err
		}
		if over {
			return nil, plenary.TooManyRequests("consultation.bulk_rate", retry)
		}
	}
	out := make([]BulkResult, len(items))
	for i, in := range items {
		in.OnBehalf, in.OrganizationID = BehalfOrganization, orgID
		if in.IdempotencyKey == "" {
			out[i].Err = plenary.Invalid("idempotency_key", "field.required", nil)
			continue
		}
		out[i].Receipt, out[i].Err = s.Submit(ctx, actor, consultationID, in)
		if k := plenary.ErrorKind(out[i].Err); out[i].Err != nil && (k == plenary.KindUnavailable || k == plenary.KindInternal) {
			// The rest would meet the same: stop, and let the client send them again.
			for j := i + 1; j < len(items); j++ {
				out[j].Err = out[i].Err
			}
			break
		}
	}
	return out, nil
}
