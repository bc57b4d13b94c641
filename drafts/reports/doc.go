// Package reports holds the workflows that close the loop of a reading in
// the committee's own documents:
//
//   - the report on a reading (修改情况的汇报 / 审议结果的报告), drafted from
//     the comparison of two readings (drafts/readings' cached comparison)
//     and the opinions on the earlier one with their answers: the opening
//     from the consultations and the counts by source, one numbered
//     section per change opinions led to (in the order of the later text,
//     naming the opinions by id, summarised by source and count, with the
//     committee's proposal 法制委员会经研究，建议……), the other changes
//     grouped at the end, "此外，对草案作了一些文字修改", and the 对照表 as an
//     annex. An opinion answered 采纳 or 部分采纳 is placed in the section
//     of the article its answer names in the later reading (增加一条作为第七条),
//     else of the change its own article took part in (diff.Carrier); it
//     is placed once at most. Staff edit the draft; each save is a
//     revision (audit-logged), one revision is marked final, and any
//     revision exports as .docx in the 公文 layout (GB/T 9704);
//   - the feedback letter to a contact point on a consultation
//     (意见采纳情况反馈): each of its meetings and opinions once, with the
//     answer, the reason and where the change landed in the later reading;
//     published by staff, then shown to the liaison and exportable;
//   - the public feedback on a closed consultation (公开反馈): counts and
//     the main points adopted, without personal data.
//
// The pages, the JSON API and the demo call these functions, so each rule
// lives here once. Errors are *drafts.Error: EINVALID for input that
// cannot be accepted (the message says why, in Chinese), ETOOLARGE past
// the limits of a report, ECONFLICT for a report saved by someone else
// since it was opened (or a second report on the same readings), ECLOSED
// for feedback before the consultation closes, EFORBIDDEN for a letter
// asked by someone other than a liaison, ENOTFOUND for an unknown report,
// revision, regulation, reading or consultation, or feedback not
// published; anything else is internal.
package reports
