package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"lifa/drafts/accounts"
	"lifa/drafts/demo"
	"lifa/drafts/store"
	"lifa/search"
	"lifa/server"
)

// serveConfig is what `lifa serve` is configured with.
type serveConfig struct {
	addr, data, db string
	demo           bool
	trustedProxies []string
	secureCookies  bool
	logFormat      string
	logLevel       slog.Level
	opinionRate    float64 // public opinions per client per minute; < 0: no limit
	opinionLag     time.Duration
	refusalDelay   time.Duration // how long a 429 is held; 0: answered at once
	cluster        clusterConfig // cmd_serve_cluster.go
	people         peopleConfig  // cmd_serve_people.go
}

// runServe runs the web server until SIGINT or SIGTERM.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", stderr)
	var cfg serveConfig
	fs.StringVar(&cfg.addr, "addr", envOr("LIFA_ADDR", ":8080"), "监听地址（LIFA_ADDR）")
	fs.StringVar(&cfg.data, "data", envOr("LIFA_DATA", "./lifa-data"), "数据目录，存放 SQLite 数据库（LIFA_DATA）")
	fs.StringVar(&cfg.db, "db", envOr("LIFA_DB", ""), "PostgreSQL 连接串 postgres://…；为空时使用数据目录中的 SQLite（LIFA_DB）")
	fs.BoolVar(&cfg.demo, "demo", envOr("LIFA_DEMO", "") == "1" || envOr("LIFA_DEMO", "") == "true", "数据库为空时载入示例法规（LIFA_DEMO=1）")
	proxies := fs.String("trusted-proxies", envOr("LIFA_TRUSTED_PROXIES", ""), "可信反向代理的 IP 或 CIDR，逗号分隔；默认不信任任何代理（LIFA_TRUSTED_PROXIES）")
	fs.BoolVar(&cfg.secureCookies, "secure-cookies", envOr("LIFA_SECURE_COOKIES", "") == "1", "Cookie 只经 HTTPS 发送（LIFA_SECURE_COOKIES=1）")
	fs.StringVar(&cfg.logFormat, "log-format", envOr("LIFA_LOG_FORMAT", "text"), "日志格式 text 或 json（LIFA_LOG_FORMAT）")
	fs.Float64Var(&cfg.opinionRate, "opinion-rate", envFloat("LIFA_OPINION_RATE", 6), "每个客户端每分钟可提交的公众意见数，负数为不限（压力测试用）（LIFA_OPINION_RATE）")
	fs.DurationVar(&cfg.opinionLag, "opinion-index-lag", envDuration("LIFA_OPINION_INDEX_LAG", 10*time.Minute), "公众意见涌入（每秒超过 100 条）时，意见进入工作人员检索最多推迟多久，期间先保证页面响应（LIFA_OPINION_INDEX_LAG）")
	fs.StringVar(&cfg.cluster.limits, "limits", envOr("LIFA_LIMITS", ""), "各节点共享的限流状态 redis://… 或 postgres://…；为空时使用 --db 的 PostgreSQL，SQLite 时在本进程内（LIFA_LIMITS）")
	fs.StringVar(&cfg.cluster.metricsAddr, "metrics-addr", envOr("LIFA_METRICS_ADDR", ""), "在此（内网）地址提供 Prometheus 指标 /metrics，不经公开端口；为空时不提供（LIFA_METRICS_ADDR）")
	fs.DurationVar(&cfg.cluster.readyLag, "ready-lag", envDuration("LIFA_READY_LAG", 30*time.Second), "检索索引落后变更日志超过多久时 /readyz 回答 503，负载均衡器不再转发（LIFA_READY_LAG）")
	fs.DurationVar(&cfg.refusalDelay, "refusal-delay", envDuration("LIFA_REFUSAL_DELAY", time.Second), "被限流的登录、回执查询和意见提交在回答 429 前保持多久，使循环重试的客户端每个连接每秒只能尝试约一次；0 为立即回答（LIFA_REFUSAL_DELAY）")
	addPeopleFlags(fs, &cfg.people)
	level := fs.String("log-level", envOr("LIFA_LOG_LEVEL", "info"), "日志级别 debug、info、warn、error（LIFA_LOG_LEVEL）")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: lifa serve [--addr :8080] [--data ./lifa-data] [--db postgres://…] [--demo] [--trusted-proxies …]")
		fmt.Fprintln(stderr, "运行 Lifa 的网页与 API。首次启动时生成管理令牌并打印一次。参数优先于 LIFA_* 环境变量。")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(fs, stderr, "多余的参数 "+fs.Arg(0))
	}
	if err := cfg.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return usageError(fs, stderr, "无效的日志级别 "+*level)
	}
	if cfg.logFormat != "text" && cfg.logFormat != "json" {
		return usageError(fs, stderr, "无效的日志格式 "+cfg.logFormat)
	}
	for _, p := range strings.Split(*proxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			cfg.trustedProxies = append(cfg.trustedProxies, p)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "lifa serve: %v\n", err)
		return 1
	}
	return 0
}

// serve opens the store, prepares the admin token and the demo, and serves
// until ctx is cancelled, then shuts down gracefully.
func serve(ctx context.Context, cfg serveConfig, stdout, stderr io.Writer) error {
	var h slog.Handler
	opts := &slog.HandlerOptions{Level: cfg.logLevel}
	if cfg.logFormat == "json" {
		h = slog.NewJSONHandler(stderr, opts)
	} else {
		h = slog.NewTextHandler(stderr, opts)
	}
	log := slog.New(h)

	dsn := cfg.db
	if dsn == "" {
		if err := os.MkdirAll(cfg.data, 0o750); err != nil {
			return err
		}
		dsn = filepath.Join(cfg.data, "lifa.db")
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	// Nodes started at once on an empty PostgreSQL initialise it once.
	err = firstStartLocked(ctx, st, func() error {
		tok, created, err := accounts.New(st).EnsureAdminToken(ctx)
		if err != nil {
			return err
		}
		if created {
			fmt.Fprintf(stdout, "管理令牌（只显示这一次，请妥善保存）：%s\n", tok)
		}
		if !cfg.demo {
			return nil
		}
		start := time.Now()
		people, err := demo.Setup(ctx, st)
		if err != nil {
			return err
		}
		printPeople(stdout, people)
		log.Info("demo ready", "duration", time.Since(start).Round(time.Millisecond))
		return nil
	})
	if err != nil {
		st.Close()
		return err
	}
	copts, m, err := clusterOptions(ctx, cfg.cluster, cfg.db, cfg.addr, cfg.opinionLag, log)
	if err != nil {
		st.Close()
		return err
	}
	nopt, err := noticeOption(cfg.people, log)
	if err != nil {
		st.Close()
		return err
	}
	copts = append(copts, nopt)
	bg := &backgroundSearch{dir: filepath.Join(cfg.data, "search"), st: st, log: log, lag: cfg.opinionLag}
	if m != nil {
		bg.rebuilt = m.IndexRebuilt
	}
	srv, err := server.New(server.Config{
		TrustedProxies: cfg.trustedProxies,
		Logger:         log,
		AppVersion:     buildVersion(),
		SecureCookies:  cfg.secureCookies,
		RefusalDelay:   refusalDelay(cfg.refusalDelay),
	}, st, append(copts, server.WithSearchPending(), server.WithCloser(bg.close),
		server.WithOpinionConfig(server.OpinionConfig{RatePerMinute: cfg.opinionRate}))...)
	if err != nil {
		st.Close()
		return err
	}
	// Loading the demo leaves garbage behind; hand it back to the OS
	// before serving, so the resident size is the running server's.
	debug.FreeOSMemory()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		st.Close()
		return err
	}
	// The index is opened (and, if missing or damaged, rebuilt) while the
	// server already serves: searches answer 503 until it is ready.
	bg.start(srv)
	if m != nil {
		stopMetrics, err := serveMetrics(cfg.cluster.metricsAddr, m, log)
		if err != nil {
			ln.Close()
			srv.Shutdown(context.Background())
			return err
		}
		defer stopMetrics()
	}
	fmt.Fprintf(stdout, "Lifa 正在监听 http://%s\n", displayAddr(ln.Addr()))
	log.Info("listening", "addr", ln.Addr().String(), "store", st.Dialect())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		log.Info("shutting down")
	}
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil && err == nil {
		err = serr
	}
	if err == nil {
		log.Info("stopped")
	}
	return err
}

// backgroundSearch opens the search index of a running server under
// DATA/search in the background, caught up with the store (or rebuilt),
// hands it to the server when ready and starts its follower (the store's
// change log, polled every half second).
type backgroundSearch struct {
	dir string
	st  *store.Store
	log *slog.Logger
	lag time.Duration
	// rebuilt, if set, is called when opening rebuilt the index (metrics).
	rebuilt func()

	cancel context.CancelFunc
	done   chan struct{}
	ix     *search.Index
}

// start opens the index in a goroutine and hands it to srv.
func (b *backgroundSearch) start(srv *server.Server) {
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel, b.done = cancel, make(chan struct{})
	go func() {
		defer close(b.done)
		start := time.Now()
		ix, err := search.Open(ctx, b.dir, b.st, search.Options{Logger: b.log, OpinionLag: b.lag})
		if err != nil {
			if ctx.Err() == nil {
				b.log.Error("search index could not be opened; searches answer 503", "dir", b.dir, "err", err)
				srv.SearchFailed()
			}
			return
		}
		stat := ix.Status()
		b.log.Info("search index ready", "dir", stat.Dir, "rebuilt", stat.Rebuilt, "reason", stat.Reason,
			"caught_up", stat.CaughtUp, "last_seq", stat.LastSeq, "duration", time.Since(start).Round(time.Millisecond))
		if stat.Rebuilt && b.rebuilt != nil {
			b.rebuilt()
		}
		b.ix = ix
		srv.SetSearch(ix)
		go ix.Follow(ctx, 500*time.Millisecond)
	}()
}

// close stops the opening or the follower and closes the index.
func (b *backgroundSearch) close() error {
	if b.cancel == nil {
		return nil
	}
	b.cancel()
	<-b.done
	if b.ix != nil {
		return b.ix.Close()
	}
	return nil
}

// displayAddr turns ":8080" or "[::]:8080" into "localhost:8080" for the
// start-up message; explicit hosts are kept.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// envDuration returns the LIFA_* variable key as a duration if set and
// valid, else def.
func envDuration(key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(key)); err == nil && d > 0 {
		return d
	}
	return def
}

// envFloat returns the LIFA_* variable key as a number if set and valid, else def.
func envFloat(key string, def float64) float64 {
	if v, err := strconv.ParseFloat(envOr(key, ""), 64); err == nil {
		return v
	}
	return def
}

// refusalDelay maps the --refusal-delay flag (0: answer at once) to
// server.Config.RefusalDelay (0: the default, negative: at once).
func refusalDelay(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}
