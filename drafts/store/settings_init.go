package store

import (
	"context"
	"fmt"
	"strings"

	"lifa/drafts"
)

// InitSetting returns the value stored under key, first storing value
// there when the key is unset. Nodes racing to initialise a key all get
// the value that was stored first (for secrets every node must share,
// such as the key that signs the server's flash cookies). The audit log
// records the key (actor "system") when it is set, never the value.
func (s *Store) InitSetting(ctx context.Context, key, value string) (string, error) {
	if strings.TrimSpace(key) == "" {
		return "", drafts.Errorf(drafts.EINVALID, "设置项名称不能为空")
	}
	var out string
	err := s.write(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, value)
		if err != nil {
			return fmt.Errorf("init setting %s: %w", key, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := s.record(ctx, t, s.now(), "system", "setting.set", "setting", 0, "", fmt.Sprintf(`{"key":%q}`, key)); err != nil {
				return err
			}
		}
		return t.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&out)
	})
	return out, err
}
