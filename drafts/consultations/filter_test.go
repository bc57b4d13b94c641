package consultations_test

import (
	"net/url"
	"testing"

	"lifa/drafts"
	"lifa/drafts/consultations"
)

func TestParseOpinionFilter(t *testing.T) {
	q, _ := url.ParseQuery("source=public&status=published&disposition=none&q=湿地&article=-1&limit=20&offset=40&group=3&contact_point=4&consultation=5")
	f, err := consultations.ParseOpinionFilter(q, 9)
	want := drafts.OpinionFilter{VersionID: 9, Source: drafts.SourcePublic, Status: "published", Disposition: "none", Query: "湿地",
		Article: -1, Limit: 20, Offset: 40, GroupID: 3, ContactPointID: 4, ConsultationID: 5}
	if err != nil || f != want {
		t.Errorf("ParseOpinionFilter = %+v, %v", f, err)
	}
	for query, msg := range map[string]string{
		"limit=5001":       "参数 limit 应为 0 到 5000 之间的整数。",
		"article=x":        "参数 article 应为 -1 到 100000 之间的整数。",
		"offset=-1":        "参数 offset 应为 0 到 10000000 之间的整数。",
		"group=-2":         "参数 group 应为 0 到 9223372036854775807 之间的整数。",
		"disposition=同意一半": "",
	} {
		q, _ := url.ParseQuery(query)
		_, err := consultations.ParseOpinionFilter(q, 0)
		if drafts.ErrorCode(err) != drafts.EINVALID || msg != "" && drafts.ErrorMessage(err) != msg {
			t.Errorf("%s: %v", query, err)
		}
	}
}

func TestMatchingFilter(t *testing.T) {
	q, _ := url.ParseQuery("version=7&article=3")
	if f, err := consultations.MatchingFilter(q); err != nil || f.VersionID != 7 || f.Article != 3 {
		t.Errorf("MatchingFilter = %+v, %v", f, err)
	}
	q, _ = url.ParseQuery("article=3")
	if _, err := consultations.MatchingFilter(q); drafts.ErrorMessage(err) != "请先选择版本。" {
		t.Errorf("without a version: %v", err)
	}
}

func TestParseFollowQuery(t *testing.T) {
	q, _ := url.ParseQuery("to=8&unchanged=true&source=member")
	if fq, err := consultations.ParseFollowQuery(q, 7); err != nil || fq.From != 7 || fq.To != 8 || !fq.UnchangedOnly ||
		fq.Filter.VersionID != 7 || fq.Filter.Source != drafts.SourceMember {
		t.Errorf("ParseFollowQuery = %+v, %v", fq, err)
	}
	q, _ = url.ParseQuery("to=0")
	if _, err := consultations.ParseFollowQuery(q, 7); drafts.ErrorMessage(err) != "参数 to 应为 1 到 9223372036854775807 之间的整数。" {
		t.Errorf("to=0: %v", err)
	}
}

func TestParseListQuery(t *testing.T) {
	for query, want := range map[string]consultations.ListQuery{
		"":                       {},
		"open=true&version_id=3": {VersionID: 3, OpenNow: true},
		"open=1":                 {OpenNow: true},
		"open=0":                 {},
	} {
		q, _ := url.ParseQuery(query)
		if got, err := consultations.ParseListQuery(q); err != nil || got != want {
			t.Errorf("%q: %+v, %v", query, got, err)
		}
	}
	for _, query := range []string{"open=yes", "version_id=0", "version_id=x"} {
		q, _ := url.ParseQuery(query)
		if _, err := consultations.ParseListQuery(q); drafts.ErrorCode(err) != drafts.EINVALID {
			t.Errorf("%q: %v", query, err)
		}
	}
}

func TestParseInboxQuery(t *testing.T) {
	q, _ := url.ParseQuery("version=7&article=3&opinion=12")
	iq, err := consultations.ParseInboxQuery(q)
	if err != nil || iq.VersionID != 7 || iq.Filter.VersionID != 7 || iq.Filter.Article != 3 || iq.OpinionID != 12 || iq.Page != 0 {
		t.Errorf("ParseInboxQuery = %+v, %v", iq, err)
	}
	for query, msg := range map[string]string{
		"version=x":  "参数 version 应为 0 到 9223372036854775807 之间的整数。",
		"limit=5001": "参数 limit 应为 0 到 5000 之间的整数。",
		"opinion=-1": "参数 opinion 应为 0 到 9223372036854775807 之间的整数。",
	} {
		q, _ := url.ParseQuery(query)
		if _, err := consultations.ParseInboxQuery(q); drafts.ErrorMessage(err) != msg {
			t.Errorf("%s: %v", query, err)
		}
	}
}

func TestParseFormArticle(t *testing.T) {
	q, _ := url.ParseQuery("article=12&sub=2")
	if in, err := consultations.ParseFormArticle(q); err != nil || in.Article != 12 || in.ArticleSub != 2 {
		t.Errorf("ParseFormArticle = %+v, %v", in, err)
	}
	for query, msg := range map[string]string{
		"article=100001": "参数 article 应为 0 到 100000 之间的整数。",
		"sub=x":          "参数 sub 应为 0 到 1000 之间的整数。",
	} {
		q, _ := url.ParseQuery(query)
		if _, err := consultations.ParseFormArticle(q); drafts.ErrorMessage(err) != msg {
			t.Errorf("%s: %v", query, err)
		}
	}
}

func TestCheckSummaryFormat(t *testing.T) {
	for _, f := range []string{"json", "csv", "docx"} {
		if err := consultations.CheckSummaryFormat(f); err != nil {
			t.Errorf("CheckSummaryFormat(%s) = %v", f, err)
		}
	}
	if err := consultations.CheckSummaryFormat("pdf"); drafts.ErrorMessage(err) != "format 应为 json、csv 或 docx。" {
		t.Errorf("CheckSummaryFormat(pdf) = %v", err)
	}
}

func TestFollowQuery_NamesTo(t *testing.T) {
	if err := (consultations.FollowQuery{From: 1}).NamesTo(); drafts.ErrorMessage(err) != "请用 to 参数指定后一版本。" {
		t.Errorf("NamesTo() = %v", err)
	}
	if err := (consultations.FollowQuery{From: 1, To: 2}).NamesTo(); err != nil {
		t.Errorf("NamesTo() = %v", err)
	}
}
