package readings

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"lifa/drafts"
	"lifa/drafts/store"
)

// The staff's care of a project (issue 12): a reading withdrawn as
// uploaded by mistake, a reading's neighbours, projects of the same title,
// the stages of the legislative process, and uploads confirmed after their
// structure and warnings were shown.

// Withdraw withdraws (撤回) version id, uploaded by mistake, for reason:
// the version is kept and readable at its address, marked withdrawn, and
// no longer a reading of its regulation (not the latest, not compared by
// default, not in search). Permanent and audit-logged. ENOTFOUND,
// EINVALID without a reason, ECONFLICT when withdrawn already.
func (s *Service) Withdraw(ctx context.Context, actor string, id int64, reason string) (*drafts.Version, error) {
	v, err := s.store.WithdrawVersion(ctx, actor, id, reason)
	if err == nil {
		s.ForgetRegulation(v.RegulationID)
	}
	return v, err
}

// Neighbours are the readings before and after a version (nil at either
// end, and both nil for a withdrawn version), and the version's withdrawal.
type Neighbours struct {
	Prev, Next *drafts.Version
	Withdrawn  *drafts.Withdrawal
}

// Around returns the neighbours of version id among all, the versions of
// its regulation in any order (withdrawn ones included, which are nobody's
// neighbour).
func Around(all []*drafts.Version, id int64) Neighbours {
	var self *drafts.Version
	for _, v := range all {
		if v.ID == id {
			self = v
		}
	}
	if self == nil {
		return Neighbours{}
	}
	if self.Withdrawn != nil {
		return Neighbours{Withdrawn: self.Withdrawn}
	}
	var n Neighbours
	for _, v := range all {
		switch {
		case v.Withdrawn != nil || v.ID == id:
		case v.Seq < self.Seq && (n.Prev == nil || v.Seq > n.Prev.Seq):
			n.Prev = v
		case v.Seq > self.Seq && (n.Next == nil || v.Seq < n.Next.Seq):
			n.Next = v
		}
	}
	return n
}

// SameTitle returns the projects already titled title (spaces aside).
func (s *Service) SameTitle(ctx context.Context, title string) ([]*drafts.Regulation, error) {
	return s.store.RegulationsTitled(ctx, strings.TrimSpace(title))
}

// checkTitle refuses a title another project has (ECONFLICT), naming it,
// unless the person confirmed they mean a second project of that title.
func (s *Service) checkTitle(ctx context.Context, in NewRegulation) error {
	if in.AllowDuplicate || strings.TrimSpace(in.Title) == "" {
		return nil
	}
	same, err := s.SameTitle(ctx, in.Title)
	if err != nil || len(same) == 0 {
		return err
	}
	return drafts.Errorf(drafts.ECONFLICT, "已有同名的法规项目《%s》（编号 %d）。请先确认不是同一个项目；确需另建同名项目的，请确认后再提交。",
		same[0].Title, same[0].ID)
}

// CreateStage adds a stage of the legislative process (its code, name and
// place in the order). EINVALID, ECONFLICT for a code or name in use.
func (s *Service) CreateStage(ctx context.Context, actor string, st drafts.Stage) error {
	return s.store.CreateStage(ctx, actor, st)
}

// UpdateStage renames or moves a stage; the readings at it show the new
// name. ENOTFOUND, EINVALID, ECONFLICT.
func (s *Service) UpdateStage(ctx context.Context, actor, code, name string, position int) error {
	return s.store.UpdateStage(ctx, actor, code, name, position)
}

// DeleteStage removes a stage no reading is at. ECONFLICT while one is.
func (s *Service) DeleteStage(ctx context.Context, actor, code string) error {
	return s.store.DeleteStage(ctx, actor, code)
}

// Pending is an upload parsed and kept until the person confirms it: the
// Preview to show and the Token that confirms it.
type Pending struct {
	*Preview
	Token string
}

// PreviewUpload parses and checks an upload as Preview does and keeps it
// for a day under a new token, so that the person can look at its
// structure and warnings before ConfirmUpload creates the immutable
// version. Nothing else is written. Preview's errors, ENOTFOUND for an
// unknown regulation.
func (s *Service) PreviewUpload(ctx context.Context, actor string, regulationID int64, u Upload) (*Pending, error) {
	p, err := s.Preview(ctx, u)
	if err != nil {
		return nil, err
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("pending upload token: %w", err)
	}
	token := hex.EncodeToString(b[:])
	u = p.Upload
	if err := s.store.SavePendingUpload(ctx, &store.PendingUpload{Token: token, RegulationID: regulationID, Actor: actor,
		Stage: p.Stage.Code, Label: u.Label, Date: u.Date, Explanation: u.Explanation, Filename: u.Filename, Data: u.Data}); err != nil {
		return nil, err
	}
	return &Pending{Preview: p, Token: token}, nil
}

// Pending returns the upload kept under token by actor for regulation
// regulationID, parsed again. ENOTFOUND when it was confirmed, expired or
// is someone else's.
func (s *Service) Pending(ctx context.Context, actor string, regulationID int64, token string) (*Pending, error) {
	pu, err := s.store.PendingUpload(ctx, token, actor, regulationID)
	if err != nil {
		return nil, err
	}
	p, err := s.Preview(ctx, Upload{Stage: pu.Stage, Label: pu.Label, Date: pu.Date, Explanation: pu.Explanation,
		Filename: pu.Filename, Data: pu.Data})
	if err != nil {
		return nil, err
	}
	return &Pending{Preview: p, Token: token}, nil
}

// ConfirmUpload creates the version kept under token (the next reading of
// regulationID) and forgets the pending upload. ENOTFOUND when there is
// none; Import's errors.
func (s *Service) ConfirmUpload(ctx context.Context, actor string, regulationID int64, token string) (*drafts.Version, error) {
	p, err := s.Pending(ctx, actor, regulationID, token)
	if err != nil {
		return nil, err
	}
	v, err := s.Import(ctx, actor, regulationID, p.Preview)
	if err != nil {
		return nil, err
	}
	return v, s.store.DeletePendingUpload(ctx, token)
}
