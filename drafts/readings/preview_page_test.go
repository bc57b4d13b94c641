package readings_test

import (
	"context"
	"testing"

	"lifa/drafts"
	"lifa/drafts/readings"
	"lifa/drafts/store/storetest"
)

// TestService_PreviewPage: the regulation, the upload, its first and last
// articles and its chapters; ENOTFOUND for another person's token.
func TestService_PreviewPage(t *testing.T) {
	rd := readings.New(storetest.Open(t))
	ctx := context.Background()
	r, _ := project(t, rd)
	text := "# 湿地条例\n第一章　总则\n第一条　为了保护湿地，制定本条例。\n第二章　附则\n第二条　本条例自公布之日起施行。\n"
	p, err := rd.PreviewUpload(ctx, "staff", r.ID, readings.Upload{Stage: "一审稿", Filename: "a.md", Data: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	d, err := rd.PreviewPage(ctx, "staff", r.ID, p.Token)
	if err != nil || d.Regulation.ID != r.ID || d.Pending.Token != p.Token || d.First != "第一条" || d.Last != "第二条" ||
		d.Chapters != 2 || d.ChapterWord != d.Pending.Document.Chapters[0].Level {
		t.Fatalf("%+v, %v", d, err)
	}
	if _, err := rd.PreviewPage(ctx, "someone else", r.ID, p.Token); drafts.ErrorCode(err) != drafts.ENOTFOUND {
		t.Errorf("another person's upload: %v", err)
	}
}
