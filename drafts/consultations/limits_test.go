package consultations

import (
	"testing"

	"lifa/drafts/accounts"
)

func TestOpinionConfig_OpinionTier(t *testing.T) {
	for _, tc := range []struct {
		cfg     OpinionConfig
		want    accounts.Tier
		limited bool
	}{
		{OpinionConfig{}, accounts.Tier{Name: "opinion", Rate: 0.1, Burst: 10}, true},
		{OpinionConfig{RatePerMinute: 6, Burst: 3}, accounts.Tier{Name: "opinion", Rate: 0.1, Burst: 3}, true},
		{OpinionConfig{RatePerMinute: 30}, accounts.Tier{Name: "opinion", Rate: 0.5, Burst: 10}, true},
		{OpinionConfig{RatePerMinute: -1}, accounts.Tier{Name: "opinion", Rate: -1.0 / 60, Burst: 10}, false},
	} {
		if got := tc.cfg.OpinionTier(); got != tc.want {
			t.Errorf("%+v.OpinionTier() = %+v, want %+v", tc.cfg, got, tc.want)
		}
		if got := tc.cfg.Limited(); got != tc.limited {
			t.Errorf("%+v.Limited() = %v, want %v", tc.cfg, got, tc.limited)
		}
	}
}
