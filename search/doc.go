// Package search is Lifa's full-text index: every article of every version
// (reading) of every regulation, the regulations by title, and — for staff —
// opinions, in one index of two bleve shards (shards.go: a regulation's
// documents live in one shard; a search runs on both side by side) derived
// from the store and kept in step with its ordered change log. It also
// finds similar provisions and the superior-law basis of an article
// (立法参考, see Similar provisions).
//
// # Documents
//
// One document per article per version, lean: its text fields (below),
// the stored text and article info (number, label, chapter path), the
// version (fv, the only doc-values field), the regulation and the article
// number. One per regulation (title), one marker per version, which
// carries what belongs to the version — regulation title, stage, label,
// date, committee, level, region, latest flag — and, through
// IndexOpinion, one per opinion. The index keeps every version's metadata
// in memory (verMeta, loaded from the markers), so what a hit shows and
// what a filter asks of its version costs no field per article.
// The articles of the newest version of each regulation (highest Seq) are
// indexed in the field text (and art), older versions' in otext (oart),
// opinions' in ptext (part): scope=latest searches only the first and
// needs no filter; when a newer version arrives the
// previous one is re-indexed into the "old" fields by the follower.
// IndexVersion (an upload) leaves that to the follower: it marks the
// previous version stale, and scope=latest excludes stale versions until
// the follower has re-indexed them.
//
// Articles and opinions are analysed by Lifa, not by bleve (docs.go): a
// field computes its grams when bleve calls Analyze, just before the
// segment is built, and keeps them packed (8 bytes a distinct gram);
// bleve's map of term frequencies is made from them when zap asks and
// dropped at once — documents waiting in a batch hold only their text.
// The text fields have term frequencies and no locations: a search checks
// its candidates against the text instead (see Queries).
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
//   - text fields (textGrams): the bigram at every character position of
//     two letters or numbers (wordRune: Han, kana, Latin, digits, 〇, ①);
//     no gram crosses white space. The bigrams with punctuation or
//     symbols (，处, （一, 5%) — a fifth of an article's distinct bigrams,
//     and as costly for zap as any — are not indexed: each segment's sets
//     of them are made from its texts when the index first sees it
//     (segInfo.pgrams), with its character tables. A text containing a
//     word has all the word's grams (queryGrams, from the index or the
//     segment's sets); the converse holds for a word of two characters,
//     and for longer ones the candidates are checked against the text
//     (Queries). A quoted phrase with a space is checked the same way, so
//     "甲乙 丁" does not match 甲乙丙丁.
//   - titles of regulations (lifa_gram with positions, lifa_uni: each
//     distinct character once) are analysed by bleve and searched with
//     phrases of their grams at consecutive positions (phrase.go).
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
//     (lifa-search-9), with the offline builder and no _all field: ~1,200
//     articles per CPU-second and 16.1 MB; 0 wrong of 240 (TestRecall).
//   - bigrams + boundary grams without positions, no unigram field,
//     candidates checked against the text (chosen, lifa-search-10): 0 wrong
//     of 240 (TestRecall, also after updates: TestRecall_AfterUpdates), and
//     the analysis and the candidates alone are checked against
//     strings.Contains by FuzzGrams. The bulk index is 48 MB instead of 98.
//   - the same without the grams of punctuation, symbols and white space,
//     whose sets each segment makes from its texts (chosen, lifa-search-11;
//     see Performance): the same queries, and punctuation ones (punctTerms),
//     exact; 42.7 MB.
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
// A search is not a bleve query: it is evaluated by Lifa on a snapshot of
// each shard, segment by segment, on sets of documents (roaring bitmaps,
// which zap's postings lists are; textquery.go), and the hits are
// collected by Lifa (collect.go):
//
//   - a word of one character: the documents whose text has it, from the
//     segment's character table;
//   - a word of two characters: the postings of its gram, or the
//     segment's set of it when it has punctuation or a symbol;
//   - a longer word, or one with a space: the documents having all its
//     grams (postings intersected rarest first, until 16 are left), each
//     checked against its normalised text — Ctrl-F semantics, exact;
//   - article numbers and regulations: keyword postings; AND, OR and NOT:
//     operations on the sets.
//
// What a search needs of a segment is read once, when the index first
// sees it (segInfo; the follower reads new segments after each step, so
// that searches do not): each document's version (from the fv doc
// values, so that the filters, which all concern the version, the facets
// by stage, committee and year and the per-regulation groups cost a few
// nanoseconds a hit), an opinion's date, the normalised texts (from the
// stored body) and the character tables made from them. For the bulk
// corpus that is 30 MB of memory and about half a CPU-second. A hit
// scores the sum of its words' idf times its norm (1/√characters), plus
// the idf of the terms it matches (an article reference, boosted), and
// only the page's hits have their stored fields read. Every query is
// checked against strings.Contains (TestRecall). An opinion is filtered by
// its version's stage and committee and by its own date.
//
// Snippets are cut from the stored text, not by bleve's highlighter (which
// FACTS.md found to mark only the first of overlapping bigrams): every
// occurrence of every word is found in the normalised text and marked, and
// the snippet is the sentences (。；！？ and line ends) that hold marks.
//
// # Similar provisions (立法参考)
//
// Similar(ctx, SimilarRequest{VersionID, ArticleNum, ArticleSub} or {Text})
// returns the provisions of other regulations most like an article, in two
// stages. Candidates: the articles sharing most of the query's 32 rarest
// indexed bigrams (document frequencies looked up for at most 96 of them;
// bleve's tf-idf over a disjunction of terms, so 应当 costs nothing), the best
// 100, plus the best 20 of regulations on the same subject (a bleve query:
// the text fields keep their term frequencies). Then each
// candidate is measured character by character: Similarity = 2·LCS/(m+n)
// of the two normalised texts without white space (bit-parallel LCS,
// lcs.go; the 对照表's measure of a modified article), Subject the same on
// the subjects of the two titles (停车场条例 of 广州市停车场条例), and hits
// are ranked by Score = Similarity + 0.5 × Subject: of two wordings equally
// close, the one in a regulation on the same subject first. Each hit
// carries the 对照表's character diff from the query to it (drafts/diff.Texts:
// delete = only in the query, insert = only in the hit).
//
// By default Similar searches the latest version of every other
// regulation; SimilarRequest.Levels (法律, 行政法规, 地方性法规, 规章),
// Region, Stage narrow it and Same adds the other readings of the query's
// own regulation. SuperiorBasis (上位法依据) lists, for an article of a local
// regulation, the articles it cites by name (《…》第X条, or that law's
// articles most like it; found with drafts/parse's references), Reason
// "cited"; then the closest articles of the laws its regulation's 第一条
// names, "basis"; then the most similar 法律 and 行政法规, "similar"; cited
// laws the index lacks are listed in Unresolved. Errors: EINVALID for a
// bad request (400), ENOTFOUND for an unknown version or article (404).
//
// For the integrator (GET /api/v1/versions/{id}/articles/{num}/similar,
// the 类似规定 panel, the side-by-side page, lifa similar — cmd_similar.go
// is the model):
//
//	num, sub, err := drafts.ParseArticleKey(c.Param("num"))   // "10", "10-1", 第十条之一
//	req, err := search.SimilarRequestFromValues(c.Request.URL.Query()) // limit, level, region, stage, same
//	req.VersionID, req.ArticleNum, req.ArticleSub = id, num, sub
//	res, err := ix.Similar(ctx, req)                            // or ix.SuperiorBasis(ctx, req)
//
// and render res as JSON: {"query", "took_ms", "candidates", "hits": [{
// "regulation_id", "regulation_title", "level", "region", "version_id",
// "stage", "stage_name", "date", "article": {"num", "sub", "label",
// "anchor"}, "similarity", "subject", "score", "text", "diff": [{"op",
// "text"}], "reason"}], "unresolved"}. For pages, drafts/diff.InlineHTML(
// hit.Diff) renders a hit's diff as the 对照表 does; the side-by-side view
// is res.Query.Text (the spans of hit.Diff other than insert) beside
// hit.Text (the spans other than delete). A query costs a few
// milliseconds (see Performance): the panel can ask when it opens.
//
// Measured on real amendments (BenchmarkSimilarAmendments: the bulk corpus
// plus both readings of each of the 85 corpus/laws series with two dated
// readings, each its own regulation; each modified article of the newer
// reading asks for its source): the article it came from is first for
// 94.0 % of 2,097 queries and in the first five for 98.2 %; for the
// official 立法法 mapping (34 modified articles) 100 % and 100 %. Most of
// the misses are 本法自…起施行 (dozens of laws say it with other dates) and
// articles rewritten beyond recognition (the source keeps less than half
// its characters). TestSimilar_Pairs checks 13 pairs, chosen by hand, of
// parking, wetland and library clauses across cities and national law.
//
// # Keeping in step
//
// Open opens DATA/search/CURRENT's index directory, and rebuilds when it is
// missing, cannot be opened, fails the CRC-32 check of the segment files
// its snapshots name (damaged; checked before bleve opens the index, whose
// merger may be writing a new segment meanwhile), was built with another schema, did not finish building, or has
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
// ../shared/corpus/bulk on 2026-12-06, on a 2-core machine that other
// engineers were using heavily (load 12–18): three runs of
// go test -bench 'IndexBulk|Queries$|FTS5', each followed by one of the
// previous version (commit 88c0e8d, lifa-search-9) in the same
// conditions; medians, ranges in brackets. At that load the rates and
// latencies say more about the machine than the code; the CPU figures
// are steadier.
//
//   - indexing (BenchmarkIndexBulk): 886 articles/s [881–1,147], 3,323 per
//     CPU-second [3,297–3,331]; the previous version 605 [572–1,230] and 2,041
//     [1,863–2,104] (3,423 at load 3–6); SQLite FTS5 trigram in the same runs
//     1,701 [1,582–4,455] and 6,366 per CPU-second [6,005–6,525]. The index is
//     48 MB (98 before). Not FTS5's rate, in CPU: in the rebuild's profile
//     bleve's segment code is still three quarters — building segments (zap's
//     interim maps of terms, roaring postings, dictionaries) 54 %, merging
//     them 25 % — against Lifa's analysis and its maps of terms 8 % and
//     decoding the store's JSON 6 %; zap works per (document, term) pair, 4.8
//     million for the corpus (~90 distinct bigrams an article, 184,000 terms),
//     where FTS5 appends one trigram per position, in C. Batches of 2,000 or
//     4,000 documents were no cheaper (3,217 and 3,096 per CPU-second) and the
//     100 commonest bigrams are only 15 % of the pairs. What was cut since the
//     previous version: the unigram fields, the positions, a map per call.
//     Since then (2026-12-06, load 6–8, three runs each alternating with
//     c01a8a0, medians): a shard's feed holds two segments' worth of
//     documents instead of two versions, so one builder's segment building
//     no longer stalls the other's documents (they waited 28 % of the
//     feeding time, now 1–2 %): 2,681 articles/s (c01a8a0 2,584), 3,503 per
//     CPU-second (3,583), peak RSS 252 MB (249); FTS5 in the same runs
//     5,521/s and 4,672/s. Still not FTS5's wall rate: bleve needs ~15
//     CPU-seconds against FTS5's ~8, so even both cores fully busy would
//     not be enough. The builders' fsyncs of their temporary segments are
//     not the cause: 143 fsyncs, 1.9 s in all (strace), on a 27 s rebuild.
//     Then (later that day, load 2–12): each segment a builder writes
//     begins with a marker holding every field of the mapping (segMarker),
//     so that zap merges the segments by copying each posting's frequency
//     and norm instead of decoding and re-encoding them (the merges 1.61 →
//     1.34 CPU-s): 9,216 articles per CPU-second against 8,905 for d147d6d
//     (-cpu 1, four runs alternating, medians; in two-core runs the ±6 %
//     noise hides it: 8,842 and 8,785, nine runs each). When the machine
//     leaves it both cores the rebuild keeps them busy (1.85 on average):
//     16,800–18,600 articles/s in the quietest runs, FTS5 17,400–18,600/s
//     on its one core — about FTS5's rate by the clock, half of it per
//     CPU-second (~9,000 against ~18,000). The rebuild's profile (5.3
//     CPU-s): zap building segments 55 % (its two passes over each
//     document's map of terms 28 %, writing dictionaries and postings
//     24 %), merging 23 %, Lifa's analysis 8 %, decoding the store's JSON
//     6 %: with Lifa's own part at zero bleve would still index only
//     ~11,000 articles per CPU-second. Tried and dropped: zap v15 and v16
//     segments (forceSegmentVersion: 4–7 % slower); 1,500 documents a
//     segment (no cheaper, 370 MB peak); one segment a shard, no merge
//     (10,789 per CPU-second, 1.6 GB peak); GOGC 200 (over 320 MB).
//     Then (a later session, another 2-core machine, slower and noisier:
//     FTS5 14,400–15,400/s there): a rebuild reads only the articles of
//     each version (ArticleSource, drafts.DecodeArticles: the loaders'
//     CPU 0.46 → 0.27 s), textGrams counts grams in a hash table instead
//     of sorting them (2.2 against 6.4 µs an article), and an article's
//     version and regulation fields are shared: on one core (-cpu 1)
//     7,260 articles per CPU-second against 6,880 for 3ace581 (+5.5 %,
//     six runs each alternating, medians, faster in every pair); on two,
//     6,972 against 6,657 and 12,426 articles/s against FTS5's 14,691 in
//     the same runs (0.84×; 3ace581 0.83×; five quiet runs each — five
//     more at a noisier time ranged from 0.56× to 1.12×). The profile (7.0 CPU-s) is
//     now zap's: building segments 66 % (its two passes over the
//     documents' maps of terms 33 %, writing dictionaries and postings
//     27 %, Lifa's analysis, which it calls, 6 %), merging 26 %, reading
//     the store 4 %. Tried and dropped there:
//     batches of 2,000 (no faster, up to 292 MB), 4 or 8 shards of one
//     segment each (half the speed, 0.9–1.6 GB), no frequencies or norms
//     in the text field (no faster; 41 MB instead of 48), closing each
//     shard's builder as soon as its documents are in (5 % faster but
//     300 MB peak without debug.FreeOSMemory, no faster with it), a
//     cache of shared terms per builder (79 % of grams found in it, but
//     its lookups cost more than the allocations they save).
//     Then (a later session, a third 2-core machine, slower still and as
//     noisy: FTS5 7,500–10,000/s, one configuration's rate varying by a
//     quarter between runs minutes apart): the text fields no longer index the
//     grams of punctuation, symbols or white space (lifa-search-11, see
//     Chinese analysis): 99 grams an article instead of 120, 3.87 million
//     (document, term) pairs instead of 4.77, and zap's costs are per pair,
//     however common the term. On one core (-cpu 1, the old and the new binary
//     run at the same time, one core each, so that the machine's drift hits
//     both; five pairs) 4,948–5,805 articles per CPU-second against
//     4,357–4,730 for 0690b8c, +20 % (median of the pairs, +5 to +23 %); in
//     the benchmark, nine runs each alternating, bleve 10,084
//     articles/s (7,616–11,600) against FTS5's 8,633 (7,758–10,236) in the
//     same runs, 1.10× (0.88–1.38×, seven runs of nine at 1.0× or more;
//     0690b8c 0.89×, 0.71–1.10×, one of nine); index 42.7 MB; peak RSS 242–248
//     MB (0690b8c 252–258). What it costs: a segment's sets of those grams are
//     made from its texts when the index first sees it, with the character
//     tables: the first search after Open reads 39 MB instead of 31, in
//     0.53–0.71 s instead of 0.41–0.47 (0.61 CPU-s, of which loadChars 0.26).
//     Queries are unchanged within the noise (the same 260, in those nine
//     runs): p50 0.36 ms (0690b8c 0.39), p99 1.57 ms (1.60), 0.59 CPU-ms a
//     query (0.66), medians; words with punctuation find their candidates in
//     the segment's sets as they did in the postings. Similar provisions find
//     their source first for 94.1 % and in the first five for 98.4 % (93.99
//     and 98.24 for 0690b8c on this machine), 立法法 100 % and 100 %. A builder's
//     map of term frequencies reused for all its documents (no map per
//     document, a fifth of the rebuild's allocations) with segments of 1,000
//     documents was no faster than segments of 500 without it.
//   - peak RSS of the rebuild 249 MB [249–250] (before 305 [302–309]), of
//     which 84 MB is the benchmark's corpus (documents kept as JSON, as the
//     store keeps them; the benchmark measures the rebuild's own peak from
//     there). Documents are analysed when bleve builds their segment, batches
//     are 1000 documents (500 a shard) and the analysed documents' memory is
//     returned before the merges.
//   - 260 queries through Index.Search (the API's code path: 20 hits, facets,
//     groups, snippets): p50 0.39 ms [0.35–0.44], p99 4.1 ms [2.4–13.6], 0.69
//     CPU-ms a query [0.61–0.70]; before p50 0.61 [0.55–1.45], p99 9.4
//     [7.4–31], 0.99 CPU-ms [0.99–1.07]; FTS5 in the same runs (counting only;
//     LIKE below three characters) p50 1.45 [1.19–1.97], p99 553 [396–610].
//     The slowest queries are those with thousands of hits: 主管部门 (5,906
//     candidates checked against their text), （三）, （一）, 。, 、 — 2–4 ms at their
//     best on the loaded machine, of which folding the facets of a thousand
//     versions was a third (now counted in slices). Since then a
//     candidate's text is searched for the word's rarest byte (a UTF-8
//     lead byte of Chinese occurs every third byte), hits scoring below the
//     k-th best skip the heap, and the 50 groups are selected, not sorted:
//     per query 0.23 CPU-ms [0.20–0.26] against d147d6d's 0.29
//     [0.27–0.34], p50 0.15 ms [0.10–0.18] (0.14 [0.11–0.17]), p99 0.79 ms
//     [0.53–6.1] (1.41 [0.74–4.7]), nine runs each alternating at load
//     2–12; of the six slowest queries' CPU, checking candidates went from
//     4.6 to 3.2 s, the heap from 4.0 to 0.5 s. The first search after
//     Open reads the segments' texts and character tables: 31 MB, 0.5
//     CPU-second (0.8–3.4 s at this load); the follower does it for new
//     segments.
//   - similar provisions (BenchmarkSimilar: 300 articles of the bulk
//     corpus, 10 hits with their diffs, over the whole index): p50 5.8 ms
//     [5.5–11.6], p99 40 ms [25–96] at load 4–6. The diffs of long, unlike
//     articles were half its CPU; they share a 20 ms budget (5 ms each).
//   - uploading a version (BenchmarkIndexVersionUpload, 公司法 2023, 266
//     articles, into an index holding the previous version): one batch of
//     the new version, returning once searchable (unsafe_batch), ~75 ms.
//   - opinions: while opinions arrive faster than 100/s the follower
//     leaves them for later (Follow); indexing 2,000 a second as they came
//     took a fifth of the server's CPU and raised the version page's p99
//     from ~1.5 to 8–10 ms; paced to a quarter of a core, 2.8–10 ms.
package search
