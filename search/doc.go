// Package search is Lifa's full-text index: every article of every version
// (reading) of every regulation, the regulations by title, and — for staff —
// opinions, in one index of two bleve shards (shards.go: a regulation's
// documents live in one shard; searches run on both through a bleve
// IndexAlias) derived from the store and kept in step with its ordered
// change log.
//
// # Documents
//
// One document per article per version (regulation id and title, version,
// stage, date, committee, chapter path, article number and label, text),
// one per regulation (title, committee), one marker per version (its
// latest flag and facet data) and, through IndexOpinion, one per opinion.
// The articles of the newest version of each regulation (highest Seq) are
// indexed in the fields text/uni, older versions' in otext/ouni, opinions'
// in ptext/puni: scope=latest searches only the first pair and needs no
// filter; when a newer version arrives the previous one is re-indexed into
// the "old" fields by the follower. IndexVersion (an upload) leaves that
// to the follower: it marks the previous version stale, and scope=latest
// excludes stale versions (a must-not on their version ids, usually none)
// until the follower has re-indexed them.
//
// # Chinese analysis, chosen on evidence
//
// The requirement is Ctrl-F semantics: a word is found wherever the
// normalised text contains it, one-character queries work, and full-width
// and half-width digits and letters match each other (第１０条, ＰＭ２.５,
// ５０００元). Normalize folds full-width ASCII to half-width, the
// ideographic space to a space and letters to lower case, rune for rune, so
// offsets in the normalised text are offsets in the original (highlighting
// relies on it). Then:
//
//   - text fields (lifa_gram): a bigram at every character position, over
//     every character — Han, digits, Latin, punctuation alike; white space
//     is a one-position gap, and the characters on either side of it get
//     boundary grams "c " and " c". A word of n ≥ 2 characters is a phrase
//     of the bigrams at offsets 0, 2, 4 … (plus the last pair for odd n),
//     which fixes every character: an exact substring search (queryGrams).
//     A quoted phrase with a space pins the gap with the boundary grams, so
//     "甲乙 丁" does not match 甲乙丙丁.
//   - uni fields (lifa_uni): each distinct character once, without
//     positions, for one-character queries (a term query).
//
// Measured alternatives (same 240 recall queries over the texts in
// testdata/, BenchmarkAlternativeCJK; indexing on 150 bulk regulations,
// 6,577 articles, CPU time):
//
//   - bleve's stock cjk analyzer (unigrams+bigrams at index time, bigram
//     match_phrase at query time, as FACTS.md suggests): 62 of 240 queries
//     give a wrong hit set (2,938 hits missed, 520 extra): the unicode
//     tokenizer drops punctuation (。 （), splits digits and Latin letters
//     from Han (2个月, 500元 inside 5000元), and its bigrams across a
//     dropped character produce false matches.
//   - unigrams and bigrams in one positional field (the first version of
//     this package): exact, but ~900 articles per CPU-second and 17.2 MB.
//   - bigrams + boundary grams + a separate unigram field without positions
//     (chosen), with the offline builder and no _all field: ~1,200 articles
//     per CPU-second and 16.1 MB; 0 wrong of 240 (TestRecall), and the
//     analysis alone is checked against strings.Contains by FuzzGrams.
//   - word segmenters (gse, gojieba) were not tried: FACTS.md records that
//     gse segments the same phrase differently depending on the context and
//     loses phrase hits; a substring guarantee needs n-grams anyway.
//
// # Queries
//
// ParseQuery reads the query language: words separated by spaces must all
// occur, each as an exact phrase; "quoted phrase with spaces"; -word
// excludes; a OR b; 第十条, 第十条之一, 停车场条例第十条 or 停车场条例 第十条
// lead to that article (hits with Direct set, boosted first; the title is
// matched against regulation titles). Request adds filters (regulation,
// stage, committee, date range), scope (latest by default, all), page, size
// and sort (relevance or date). A bad query or filter is a *drafts.Error
// with code EINVALID and a reason in Chinese, which the server answers
// with 400.
//
// Results carry per-regulation groups and facets by stage, committee and
// year. All of them come from one doc-values field, the version id, whose
// per-version counts are folded with metadata the index keeps in memory
// (facets.go): four doc-values visits per hit cost about two thirds of the
// query time before.
//
// Snippets are cut from the stored text, not by bleve's highlighter (which
// FACTS.md found to mark only the first of overlapping bigrams): every
// occurrence of every word is found in the normalised text and marked, and
// the snippet is the sentences (。；！？ and line ends) that hold marks.
//
// # Keeping in step
//
// Open opens DATA/search/CURRENT's index directory, and rebuilds when it is
// missing, cannot be opened, fails the CRC-32 check of its segment files
// (damaged), was built with another schema, did not finish building, or has
// applied a change the store does not have (restored database); otherwise it applies the changes since the last
// Seq it recorded (SetInternal, written in the same batch as the change's
// documents). A second process opening the index fails after the bolt
// timeout instead of hanging. The server calls IndexVersion before an
// upload's response is sent: one batch with the new version's documents
// (the previous version is left stale, see Documents), and batches return
// once searchable, without waiting for the segment to be written and
// synced (bleve's unsafe_batch). Snapshots persist in order and a Seq is
// in the same batch as its documents, so a crash loses at most a suffix of
// changes, which the change log replays on open; Close waits for
// persistence. Follow polls the change log (0.5 s in lifa serve). While
// the log grows faster than 100 changes a second (a flood of public
// comments), Follow still applies every other change within its interval
// but leaves opinions for later, up to Options.OpinionLag
// (ten minutes; lifa serve --opinion-index-lag), and then catches up in
// runs paced to a quarter of a core, half once the flood is over: staff
// search lags behind the flood, the public pages do not. Rebuild
// builds into a new directory with bleve's offline builder and swaps
// CURRENT atomically; a running server switches to it on its next follow
// step and removes the old directory.
//
// # Performance
//
// Measured with bench_test.go on the 52,609 articles of
// ../shared/corpus/bulk on the 2-core machine of 2026-11-27, idle apart
// from the benchmark (it runs in a VM whose speed drifts by ~10 % over an
// hour: FTS5 indexed 15,500 articles/s in one hour, 13,300 in the next):
//
//   - indexing (BenchmarkIndexBulk, three runs): 4,860–5,210 articles/s
//     wall, ~2,600 per CPU-second; index 114 MB for 20 MB of text; peak
//     RSS 610–726 MB. One index built by one offline builder did
//     3,130–3,600 articles/s (~490 MB): bleve's builder is
//     single-threaded — analysis 13 % of its CPU, building segments 43 %,
//     merging them 20 %, garbage collection 13 % — so the index is two
//     shards built side by side. Merging each shard's segments in one pass
//     (mergeMax 100 instead of 20) gained 7 %; GOGC=200 would gain 6 % more
//     for 200 MB and was not kept. SQLite FTS5 with the trigram tokenizer
//     indexes the same texts at 13,000–15,500 articles/s (2.7× faster): it
//     keeps trigram postings only, where bleve keeps a bigram at every
//     position with its location, a unigram field, the stored text and
//     doc values, in Go.
//   - 260 queries through Index.Search (the API's code path: 20 hits,
//     facets, groups, snippets), three runs: p50 0.52–0.54 ms, p99
//     8.1–11.6 ms (one index: p50 0.37–0.42, p99 9.8–12.4; the alias
//     costs ~0.1 ms a query and halves the slowest). Matching alone (no
//     scoring, BenchmarkQueriesCountOnly) is p50 0.13 ms, p99 2.6–4.5
//     ms; the rest is scoring every hit, the facets' doc values and the
//     stored fields of the 20 hits. The tail is one-character and very
//     common words (。 in every article, 应当 in half of them).
//   - in the same runs: brute-force scan p50 16.6–17.3 ms (32× slower),
//     p99 ~21 ms; SQLite FTS5 trigram (LIKE below three characters), which
//     only counts, p50 0.47–0.58 ms, p99 63–66 ms (p50 0.41–0.46 and p99
//     1.1–1.2 ms for three characters or more).
//   - uploading a version (BenchmarkIndexVersionUpload, 公司法 2023, 266
//     articles, into an index holding the previous version): one batch of
//     the new version, returning once searchable (unsafe_batch), ~75 ms.
//   - opinions: while opinions arrive faster than 100/s the follower
//     leaves them for later (Follow); indexing 2,000 a second as they came
//     took a fifth of the server's CPU and raised the version page's p99
//     from ~1.5 to 8–10 ms; paced to a quarter of a core, 2.8–10 ms.
package search
