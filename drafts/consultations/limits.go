package consultations

import "lifa/drafts/accounts"

// OpinionConfig configures the public comment safeguards: how many
// opinions one client address may submit, and how many are committed
// together. The server counts them in its shared limits.
type OpinionConfig struct {
	// RatePerMinute is how many opinions one client address may submit per
	// minute (the burst is Burst). 0 means the default, 6 a minute with a
	// burst of 10; a negative value turns the limit off, and the limit on
	// receipt look-ups with it (load tests).
	RatePerMinute float64
	Burst         int
	// MaxBatch bounds the opinions committed in one transaction (default
	// 1,000; Config.MaxBatch).
	MaxBatch int
}

// Limited reports whether the public's opinions and receipt look-ups are
// limited per client address.
func (cfg OpinionConfig) Limited() bool { return cfg.RatePerMinute >= 0 }

// OpinionTier is the limit on the public's opinions per client address:
// Burst at once, then RatePerMinute (6 and 10 unless configured).
// Accounts are not limited.
func (cfg OpinionConfig) OpinionTier() accounts.Tier {
	per, burst := cfg.RatePerMinute, cfg.Burst
	if per == 0 {
		per = 6
	}
	if burst <= 0 {
		burst = 10
	}
	return accounts.Tier{Name: "opinion", Rate: per / 60, Burst: burst}
}

// ReceiptTier is the limit on receipt look-ups per client address: 20 at
// once, then 10 a minute.
var ReceiptTier = accounts.Tier{Name: "receipt", Rate: 10.0 / 60, Burst: 20}
