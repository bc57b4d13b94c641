// Package amend writes and applies amendment decisions (修改决定): the
// instrument by which most regulations, and many laws, are changed —
// 《关于修改〈广州市停车场条例〉的决定》 — instead of by a new full text.
//
// It is a sibling of drafts/diff rather than part of it: a decision is a
// grammar of its own (ParseDecision), an edit engine on the text tree
// (Apply) and a drafting style (Write), all built on diff's comparison but
// not needed by it; drafts/diff stays the comparison.
//
// # Writing a decision
//
//	cmp, err := diff.Compare(old, new, nil) // or the comparison already at hand
//	dec, err := amend.Write(old, new, cmp, amend.Meta{Body: "广州市人民代表大会常务委员会",
//		Meeting: "第十六届广州市人民代表大会常务委员会第三十次会议", Date: "2025-12-17"})
//	dec.Text()           // the decision as issued, one paragraph per line
//	json.Marshal(dec)    // its structure: items and their operations
//	dec.WriteDocx(w)     // a .docx in the layout of official documents (GB/T 9704)
//
// Items are numbered in the order of the old text and cite its numbering.
// Each changed article gets the smallest faithful form, as official
// drafters choose it: a change of wording made in several articles goes
// into one closing item (对部分条文中的有关表述作以下修改), a paragraph or item
// is rewritten where only it changed, the whole article where most of it
// did; added, deleted, split, merged and moved articles, chapters added,
// renamed, deleted or starting elsewhere each have their form (see Form).
// Cross-references that only follow the renumbering get no item: they fall
// under 对条文顺序作相应调整. Write checks every item by applying the
// decision, read back from its text, to old: an article that would not come
// out as in new is rewritten whole. Errors: EINVALID for a missing text.
//
// # Applying a decision
//
//	dec, err := amend.ParseDecision(text) // pasted, or parse.PlainText of an uploaded .docx/.txt
//	if pe := amend.AsParseErrors(err); pe != nil { … show pe: each has Item (and Sub) and Reason … }
//	amended, report, err := amend.Apply(base, dec)
//	if !report.OK() { … show report.Problems and report.Notes … }
//	text := amend.DocumentText(amended) // the amended text, for the new version's file
//
// ParseDecision reads a decision as issued: title, 题注, preamble, items
// and closing; Chinese or ASCII quotation marks; quotations of several
// paragraphs written the official way (each paragraph opens with “, the
// last closes). Items it cannot read come back as ParseErrors, one per
// item (or sub-item) with its number, wrapped in an EINVALID *drafts.Error;
// the Decision holds the items that could be read.
//
// Apply makes the operations in order on a copy of base and returns a new
// document: articles, paragraphs and items numbered afresh, chapters and
// sections too, and the cross-references in the text kept from base
// rewritten to the new numbers (第十条, 第十条第二款, 本条第二款; not
// references to other laws, nor text quoted in the decision). Nothing is
// stored and base is not changed: the caller shows the Report — operations
// that could not be applied (the article is not there, the quoted words are
// not there or occur more than once where the decision does not say which),
// each with its item number, and notes where a number the decision states
// did not come out — and creates the new version only when the user
// agrees, with the decision's text as its explanation (修改说明) and
// DocumentText as its file.
//
// # Where it is used
//
// drafts/readings holds the workflows: Amendment writes the decision
// between two readings from the comparison the 对照表 shows;
// PreviewDecision reads a decision (pasted, or parse.PlainText of an
// uploaded file) and applies it to a reading, listing every item with
// whether it applies; ApplyDecision then imports the amended text
// (DocumentText) as the next reading, with the decision's text as its
// explanation (修改说明), only when every item applies. The server
// (server/amendment.go) serves them as GET
// /api/v1/regulations/{id}/amendment?from=&to=&format=text|json|docx, the
// decision page beside the 对照表, POST /api/v1/versions/{id}/apply
// (dry_run=true for the report only) and the staff pages paste or upload →
// report → confirm; `lifa amend` (cmd_amend.go) uses this package directly.
package amend
